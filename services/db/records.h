#pragma once

// Value structs the repository reads and writes, which cross threads by value (no SQL here).

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
