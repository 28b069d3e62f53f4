#pragma once

#include "db/records.h"
#include "db/sqldialect.h"

#include <QCoreApplication>
#include <QSqlDatabase>

class QSqlQuery;

// The workspace's storage: one QtSql connection, SQLite or PostgreSQL, whose differences SqlDialect holds.
//
// Thread contract: a Repository owns one named connection and belongs to the thread that opened it, which is
// never the UI thread (see DatabaseWorker). Error contract: every call returns a Result; each write call runs
// in one transaction and validates every row before writing, so an invalid row means nothing was written.
// Domain stores (MemoryEditor, EvaluationStore, ClusterRunStore, …) keep their own tables on the same
// connection through database() and dialect().
class Repository
{
    Q_DECLARE_TR_FUNCTIONS(Repository)

public:
    Repository(const QString &connectionName, SqlDialect dialect, QString location);
    ~Repository();

    QString backendName() const; // "SQLite", "PostgreSQL"
    QString location() const { return m_location; } // file path or host/database, never with a password
    bool hasNativeVectors() const { return m_dialect.nativeVectors(); } // pgvector; false for SQLite, real[]
    const SqlDialect &dialect() const { return m_dialect; }
    QSqlDatabase database() const;

    Result<int> schemaVersion();
    Result<WorkspaceCounts> counts();
    Result<Privileges> privileges();

    Result<MemoryPage> memoryPage(const MemoryPageRequest &request);
    Result<MemoryDetail> memoryDetail(const QUuid &id);
    Result<QList<ArchetypeState>> archetypeStates();
    Result<QList<ArchetypeState>> archetypeHistory(int archetype);
    // The `limit` unarchived memories nearest to `query` by cosine, best first. Runs in the database
    // (pgvector `<=>`) where it can, else on the client over the stored vectors.
    Result<QList<SimilarMemory>> similarMemories(const Embedding &query, int limit);

    Result<void> insertMemories(const QList<Memory> &memories);
    Result<void> insertEvaluations(const QList<Evaluation> &evaluations);
    Result<void> insertLinks(const QList<MemoryLink> &links);
    Result<void> upsertArchetypeStates(const QList<ArchetypeState> &states);
    Result<void> insertArchetypeHistory(const QList<ArchetypeState> &history);

    Result<void> insertUsers(const QList<User> &users);
    Result<void> insertFreelancerProfiles(const QList<FreelancerProfile> &profiles);
    Result<void> insertJobs(const QList<Job> &jobs);
    Result<void> insertEntityEmbeddings(const QList<EntityEmbedding> &embeddings);
    Result<void> insertMatches(const QList<MatchResult> &matches);
    Result<void> insertMatchReviews(const QList<MatchReview> &reviews);
    Result<void> insertBiasReports(const QList<BiasReport> &reports);
    Result<void> insertAuditAttributes(const QList<AuditAttribute> &attributes);
    Result<void> insertModelVersions(const QList<ModelVersion> &versions);

    // Bulk vectors for the map and clustering: unarchived memories, or the marketplace's job / freelancer
    // embeddings. Rows of another dimension are skipped. Cancelled → Error::Cancelled.
    Result<EmbeddingBlock> loadEmbeddings(VectorSource source, const LoadProgress &progress = {});
    Result<void> appendAudit(const AuditEntry &entry);

    // Live updates and connection health, for a server (no-ops for a local file). watchChanges calls onChange
    // on the repository's thread for every change notice, until the repository goes; it survives reconnect().
    // ping() is one cheap round trip.
    bool isRemote() const { return m_dialect.backend() == SqlDialect::Postgres; }
    Result<void> watchChanges(std::function<void(const ChangeNotice &)> onChange);
    Result<void> ping();
    Result<void> reconnect();
    // libpq knows the connection is gone (a lost server, a socket the stall watchdog shut); false for SQLite.
    bool isBroken() const;

    // Runs `body` in one transaction; rolls back when it returns an error. A nested call uses a savepoint.
    Result<void> inTransaction(const std::function<Result<void>()> &body);

    static Error queryError(const QSqlQuery &query, const QString &what);
    // "<what> failed: the connection to the database server was lost, and this step was not saved …"
    static Error connectionLostError(const QString &what);

    // The grid's columns of a memory ("m." aliased), shared by pages, searches and the filtered queries of
    // MemoryQuery; MemoryRowReader decodes them by name.
    QString memoryRowColumns() const;
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
