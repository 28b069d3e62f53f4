#pragma once

#include "core/marketplace.h"
#include "core/memory.h"
#include "db/privileges.h"
#include "core/result.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

struct WorkspaceCounts
{
    qint64 memories = 0;
    qint64 archivedMemories = 0;
    qint64 evaluations = 0;
    qint64 links = 0;
    qint64 freelancers = 0;
    qint64 jobs = 0;
    qint64 openJobs = 0;
    qint64 matches = 0;
    qint64 matchReviews = 0;
    qint64 biasReports = 0;
};

struct SimilarMemory
{
    MemoryRow row;
    double similarity = 0.0; // cosine, 1 = same direction
};

// Every stored vector of one kind, row-major in one contiguous array, ids beside it, for the compute core.
struct EmbeddingBlock
{
    QList<QUuid> ids;
    std::vector<float> values; // ids.size() × dimensions
    int dimensions = EmbeddingDimensions;
    qsizetype rows() const { return ids.size(); }
};

enum class VectorSource { Memories, Jobs, Freelancers };

// Reports rows loaded so far and the expected total; return false to cancel.
using LoadProgress = std::function<bool(qint64 done, qint64 total)>;

// A change another client (or this one) made, as the database announced it (PostgreSQL NOTIFY).
struct ChangeNotice
{
    QString table; // "memories", "evaluations", "links", "match_reviews", "bias_reports"
    QString operation; // INSERT | UPDATE | DELETE
    qint64 rows = 0;
    QStringList keys; // up to 20 ids (memory ids for evaluations and links)

    static std::optional<ChangeNotice> fromPayload(const QString &json);
};

struct AuditEntry
{
    QDateTime at;
    QString actor;
    QString action;
    QString entity;
    QString entityId;
    QJsonObject before;
    QJsonObject after;
};

// The storage interface every backend implements (SQLite now, PostgreSQL next).
//
// Thread contract: a Repository belongs to the thread that created it, which is never the UI thread
// (see DatabaseWorker). Error contract: every call returns a Result; each write call runs in one
// transaction and validates every row before writing, so an invalid row means nothing was written.
class Repository
{
public:
    virtual ~Repository() = default;

    virtual QString backendName() const = 0; // "SQLite", "PostgreSQL"
    virtual QString location() const = 0; // file path or host/database, never with a password
    virtual bool hasNativeVectors() const = 0; // pgvector present; false for SQLite and real[]

    virtual Result<int> schemaVersion() = 0;
    virtual Result<WorkspaceCounts> counts() = 0;
    virtual Result<Privileges> privileges() = 0;

    // EUMAS reads
    virtual Result<MemoryPage> memoryPage(const MemoryPageRequest &request) = 0;
    virtual Result<MemoryDetail> memoryDetail(const QUuid &id) = 0;
    virtual Result<QList<ArchetypeState>> archetypeStates() = 0;
    virtual Result<QList<ArchetypeState>> archetypeHistory(int archetype) = 0;
    // The `limit` unarchived memories nearest to `query` by cosine, best first. Runs in the database
    // (pgvector `<=>`) where it can, else on the client over the stored vectors.
    virtual Result<QList<SimilarMemory>> similarMemories(const Embedding &query, int limit) = 0;

    // EUMAS writes
    virtual Result<void> insertMemories(const QList<Memory> &memories) = 0;
    virtual Result<void> insertEvaluations(const QList<Evaluation> &evaluations) = 0;
    virtual Result<void> insertLinks(const QList<MemoryLink> &links) = 0;
    virtual Result<void> upsertArchetypeStates(const QList<ArchetypeState> &states) = 0;
    virtual Result<void> insertArchetypeHistory(const QList<ArchetypeState> &history) = 0;

    // 8thDegree writes
    virtual Result<void> insertUsers(const QList<User> &users) = 0;
    virtual Result<void> insertFreelancerProfiles(const QList<FreelancerProfile> &profiles) = 0;
    virtual Result<void> insertJobs(const QList<Job> &jobs) = 0;
    virtual Result<void> insertEntityEmbeddings(const QList<EntityEmbedding> &embeddings) = 0;
    virtual Result<void> insertMatches(const QList<MatchResult> &matches) = 0;
    virtual Result<void> insertMatchReviews(const QList<MatchReview> &reviews) = 0;
    virtual Result<void> insertBiasReports(const QList<BiasReport> &reports) = 0;
    virtual Result<void> insertAuditAttributes(const QList<AuditAttribute> &attributes) = 0;
    virtual Result<void> insertModelVersions(const QList<ModelVersion> &versions) = 0;

    // Bulk vectors for the map and clustering: unarchived memories, or the marketplace's job / freelancer
    // embeddings. Rows of another dimension are skipped. Cancelled → Error::Cancelled.
    virtual Result<EmbeddingBlock> loadEmbeddings(VectorSource source, const LoadProgress &progress = {}) = 0;

    // Sextant's own
    virtual Result<void> appendAudit(const AuditEntry &entry) = 0;

    // Runs `body` in one transaction and rolls everything back when it returns an error, so a multi-call
    // write (an import) is all or nothing. Calls nest: the write calls above join the open transaction.
    virtual Result<void> inTransaction(const std::function<Result<void>()> &body) = 0;

    // Live updates and connection health, for backends with a server (no-ops for a local file).
    // watchChanges calls onChange on the repository's thread for every change notice, until the
    // repository goes; it survives reconnect(). ping() is one cheap round trip.
    virtual bool isRemote() const { return false; }
    virtual Result<void> watchChanges(std::function<void(const ChangeNotice &)> onChange)
    {
        Q_UNUSED(onChange);
        return {};
    }
    virtual Result<void> ping() { return {}; }
    virtual Result<void> reconnect() { return {}; }
};
