#pragma once

#include "db/repository.h"
#include "db/sqldialect.h"

#include <QCoreApplication>
#include <QSqlDatabase>

class QSqlQuery;

// The QtSql implementation of Repository, shared by SQLite and PostgreSQL through SqlDialect.
// Owns one named connection, which must be used only on the thread that opened it.
class SqlRepository : public Repository
{
    Q_DECLARE_TR_FUNCTIONS(SqlRepository)

public:
    SqlRepository(const QString &connectionName, SqlDialect dialect, QString location);
    ~SqlRepository() override;

    QString backendName() const override;
    QString location() const override { return m_location; }
    bool hasNativeVectors() const override { return m_dialect.nativeVectors(); }
    const SqlDialect &dialect() const { return m_dialect; }
    QSqlDatabase database() const;

    Result<int> schemaVersion() override;
    Result<WorkspaceCounts> counts() override;
    Result<Privileges> privileges() override;

    Result<MemoryPage> memoryPage(const MemoryPageRequest &request) override;
    Result<MemoryDetail> memoryDetail(const QUuid &id) override;
    Result<QList<ArchetypeState>> archetypeStates() override;
    Result<QList<ArchetypeState>> archetypeHistory(int archetype) override;
    Result<QList<SimilarMemory>> similarMemories(const Embedding &query, int limit) override;

    Result<void> insertMemories(const QList<Memory> &memories) override;
    Result<void> insertEvaluations(const QList<Evaluation> &evaluations) override;
    Result<void> insertLinks(const QList<MemoryLink> &links) override;
    Result<void> upsertArchetypeStates(const QList<ArchetypeState> &states) override;
    Result<void> insertArchetypeHistory(const QList<ArchetypeState> &history) override;

    Result<void> insertUsers(const QList<User> &users) override;
    Result<void> insertFreelancerProfiles(const QList<FreelancerProfile> &profiles) override;
    Result<void> insertJobs(const QList<Job> &jobs) override;
    Result<void> insertEntityEmbeddings(const QList<EntityEmbedding> &embeddings) override;
    Result<void> insertMatches(const QList<MatchResult> &matches) override;
    Result<void> insertMatchReviews(const QList<MatchReview> &reviews) override;
    Result<void> insertBiasReports(const QList<BiasReport> &reports) override;
    Result<void> insertAuditAttributes(const QList<AuditAttribute> &attributes) override;
    Result<void> insertModelVersions(const QList<ModelVersion> &versions) override;

    Result<EmbeddingBlock> loadEmbeddings(VectorSource source, const LoadProgress &progress = {}) override;
    Result<void> appendAudit(const AuditEntry &entry) override;

    bool isRemote() const override { return m_dialect.backend() == SqlDialect::Postgres; }
    Result<void> watchChanges(std::function<void(const ChangeNotice &)> onChange) override;
    Result<void> ping() override;
    Result<void> reconnect() override;

    // Runs `body` in one transaction; rolls back when it returns an error. A nested call uses a savepoint.
    Result<void> inTransaction(const std::function<Result<void>()> &body) override;

    static Error queryError(const QSqlQuery &query, const QString &what);

    // The grid's columns of a memory ("m." aliased) and their decoding, shared by pages, searches and the
    // filtered queries of MemoryQuery.
    QString memoryRowColumns() const;
    MemoryRow readMemoryRow(const QSqlQuery &query) const;
    Result<QList<MemoryRow>> memoryRowsById(const QList<QUuid> &ids);
    // The `limit` memories nearest to `query` among those matching `condition` (over "m", with its bound
    // values), scored on the client in one pass over the stored vectors: for servers without pgvector.
    Result<QList<SimilarMemory>> similarMemoriesOnClient(const Embedding &query, int limit, const QString &condition,
        const QList<std::pair<QString, QVariant>> &binds = {});

private:

    Result<void> exec(QSqlQuery &query, const QString &what);
    Result<void> subscribe();
    QString embeddingQuery(VectorSource source) const; // SELECT id, vector … for the source
    Result<EmbeddingBlock> copyEmbeddings(const QString &select, qint64 total, const LoadProgress &progress);
    Result<EmbeddingBlock> selectEmbeddings(const QString &select, qint64 total, const LoadProgress &progress);

    QString m_connectionName;
    SqlDialect m_dialect;
    QString m_location;
    std::function<void(const ChangeNotice &)> m_onChange;
    QMetaObject::Connection m_notifications;
    int m_transactionDepth = 0;
};

// The SQL behind a Repository, for stores that keep their own tables on the same connection (embedding
// cache, usage ledger, evaluations). Null for a repository that is not SQL-backed.
inline SqlRepository *asSql(Repository &repository)
{
    return dynamic_cast<SqlRepository *>(&repository);
}
