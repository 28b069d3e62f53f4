#include "db/vectorsearch.h"

#include "db/memoryrowreader.h"
#include "db/repository.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace VectorSearch {

namespace {

using Binds = QList<std::pair<QString, QVariant>>;

QString tr(const char *text)
{
    return QCoreApplication::translate("VectorSearch", text);
}

constexpr int MaxEfSearch = 1000; // pgvector's upper bound for hnsw.ef_search

void bindAll(QSqlQuery &query, const Binds &binds)
{
    for (const auto &[name, value] : binds)
        query.bindValue(name, value);
}

// How many rows match, counting no further than `cap`.
Result<qint64> matching(Repository &repository, const QString &condition, const Binds &binds, qint64 cap)
{
    QSqlQuery count(repository.database());
    count.prepare(QLatin1String("SELECT count(*) FROM (SELECT 1 FROM ") + repository.dialect().table(Table::Memories)
        + QLatin1String(" m WHERE ") + condition + QLatin1String(" LIMIT ") + QString::number(cap)
        + QLatin1String(") s"));
    bindAll(count, binds);
    if (!count.exec() || !count.next())
        return Repository::queryError(count, tr("Counting the memories to search"));
    return count.value(0).toLongLong();
}

Result<QString> pgvectorVersion(Repository &repository)
{
    QSqlQuery version(repository.database());
    if (!version.exec(QStringLiteral("SELECT extversion FROM pg_extension WHERE extname = 'vector'")))
        return Repository::queryError(version, tr("Reading the pgvector version"));
    return version.next() ? version.value(0).toString() : QString();
}

Result<void> set(Repository &repository, const QString &setting, const QString &value)
{
    QSqlQuery query(repository.database());
    if (!query.exec(QLatin1String("SET LOCAL ") + setting + QLatin1String(" = ") + value))
        return Repository::queryError(query, tr("Preparing the similarity search"));
    return {};
}

// The nearest `limit` rows in one statement. The inner query picks them (through the HNSW index unless
// `exact`); the outer one sorts them again, since relaxed_order may hand them over slightly out of order.
// Exact ordering on "distance + 0" is an expression no index provides, so the planner scans the matching
// rows and keeps the best in a top-N sort.
Result<QList<SimilarMemory>> select(
    Repository &repository, const Embedding &query, int limit, const QString &condition, const Binds &binds, bool exact)
{
    const SqlDialect &d = repository.dialect();
    const QString q = d.placeholder(QStringLiteral("q"), SqlDialect::Vector);
    const QString distance = QLatin1String("(m.embedding <=> ") + q + QLatin1Char(')');
    QSqlQuery rows(repository.database());
    rows.setForwardOnly(true);
    rows.prepare(QLatin1String("WITH nearest AS MATERIALIZED (SELECT m.id, ") + distance
        + QLatin1String(" AS distance FROM ") + d.table(Table::Memories) + QLatin1String(" m WHERE ") + condition
        + QLatin1String(" ORDER BY ") + (exact ? distance + QLatin1String(" + 0") : distance) + QLatin1String(" LIMIT ")
        + QString::number(limit) + QLatin1String(") SELECT ") + MemoryRowReader::columns(d)
        + QLatin1String(", 1 - n.distance AS similarity FROM nearest n JOIN ") + d.table(Table::Memories)
        + QLatin1String(" m ON m.id = n.id ORDER BY n.distance, m.id"));
    bindAll(rows, binds);
    rows.bindValue(QStringLiteral(":q"), d.vector(query));
    if (!rows.exec())
        return Repository::queryError(rows, tr("Searching similar memories"));
    QList<SimilarMemory> result;
    const MemoryRowReader reader(d, rows.record());
    const int similarity = rows.record().indexOf(QLatin1String("similarity"));
    while (rows.next())
        result << SimilarMemory { reader.read(rows), rows.value(similarity).toDouble() };
    return result;
}

Result<Nearest> search(
    Repository &repository, const Embedding &query, int limit, const QString &condition, const Binds &binds, Scan scan)
{
    if (scan == Scan::Auto) {
        Result<qint64> count = matching(repository, condition, binds, ExactUpTo + 1);
        if (!count)
            return count.error();
        if (*count <= ExactUpTo) {
            scan = Scan::Exact;
        } else {
            Result<QString> version = pgvectorVersion(repository);
            if (!version)
                return version.error();
            scan = indexScanFor(*version);
        }
    }
    if (scan == Scan::Exact) {
        Result<QList<SimilarMemory>> rows = select(repository, query, limit, condition, binds, true);
        if (!rows)
            return rows.error();
        return Nearest { *rows, Scan::Exact };
    }

    const int efSearch = scan == Scan::Bounded ? MaxEfSearch : std::clamp(2 * limit, 100, MaxEfSearch);
    if (Result<void> ok = set(repository, QStringLiteral("hnsw.ef_search"), QString::number(efSearch)); !ok)
        return ok.error();
    if (scan == Scan::Iterative) {
        if (Result<void> ok = set(repository, QStringLiteral("hnsw.iterative_scan"), QStringLiteral("relaxed_order"));
            !ok)
            return ok.error();
    }
    Result<QList<SimilarMemory>> rows = select(repository, query, limit, condition, binds, false);
    if (!rows)
        return rows.error();
    if (rows->size() < limit) {
        // Short: the scan ran out of candidates (ef_search, or max_scan_tuples for an iterative scan).
        Result<qint64> count = matching(repository, condition, binds, limit);
        if (!count)
            return count.error();
        if (*count > rows->size()) {
            rows = select(repository, query, limit, condition, binds, true);
            if (!rows)
                return rows.error();
            return Nearest { *rows, Scan::Exact };
        }
    }
    return Nearest { *rows, scan };
}

} // namespace

Scan indexScanFor(const QString &pgvectorVersion)
{
    const QStringList parts = pgvectorVersion.split(QLatin1Char('.'));
    const int major = parts.value(0).toInt();
    const int minor = parts.value(1).toInt();
    return major > 0 || minor >= 8 ? Scan::Iterative : Scan::Bounded;
}

Result<Nearest> nearest(Repository &repository, const Embedding &query, int limit, const QString &condition,
    const QList<std::pair<QString, QVariant>> &binds, Scan scan)
{
    if (limit <= 0)
        return Nearest {};
    if (!repository.dialect().nativeVectors())
        return makeError(Error::InvalidInput, tr("This workspace keeps no pgvector columns to search in."));
    Nearest found;
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        Result<Nearest> result = search(repository, query, limit, condition, binds, scan);
        if (!result)
            return result.error();
        found = std::move(*result);
        return {};
    });
    if (!done)
        return done.error();
    return found;
}

} // namespace VectorSearch
