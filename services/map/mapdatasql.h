#pragma once

// Internal to MapData's .cpp files: reading rows for many ids in few queries.

#include "db/repository.h"

#include <QHash>
#include <QSqlQuery>
#include <QUuid>

#include <span>
#include <vector>

namespace MapDataSql {

// Ids per query: one bound value each (a JSON array for SQLite's json_each, an array literal for
// PostgreSQL), so the statement is prepared once and a chunk never meets a limit on bound parameters.
constexpr std::size_t ChunkIds = 2000;

// "column IN (…)" over the one bound value ":ids".
QString idsCondition(const SqlDialect &d, const QString &column);
// The value to bind to ":ids" for these ids.
QVariant idsValue(const SqlDialect &d, std::span<const QUuid> ids);

// Where each distinct id sits in the caller's order: rows read once per distinct id fill every
// position that asked for it (an id may be asked for twice).
class Positions
{
public:
    explicit Positions(const std::vector<QUuid> &ids);

    const std::vector<QUuid> &distinct() const { return m_distinct; }
    // The first position of an id, or −1 for one that was not asked for.
    int firstOf(const QUuid &id) const { return m_first.value(id, -1); }
    // Positions that repeat an earlier one: (position, first position).
    const std::vector<std::pair<int, int>> &repeats() const { return m_repeats; }

private:
    std::vector<QUuid> m_distinct;
    QHash<QUuid, int> m_first;
    std::vector<std::pair<int, int>> m_repeats;
};

// Runs the prepared `query` (with ":ids") once per chunk of ids and calls row(query) for every row;
// reports progress in ids and stops with Cancelled when it returns false.
template<typename Row>
Result<void> forChunks(QSqlQuery &query, const SqlDialect &d, const std::vector<QUuid> &ids,
    const LoadProgress &progress, const QString &what, Row row)
{
    const qint64 total = qint64(ids.size());
    for (std::size_t start = 0; start < ids.size(); start += ChunkIds) {
        const std::size_t count = std::min(ChunkIds, ids.size() - start);
        query.bindValue(QStringLiteral(":ids"), idsValue(d, std::span<const QUuid>(ids.data() + start, count)));
        if (!query.exec())
            return Repository::queryError(query, what);
        while (query.next())
            row(query);
        if (progress && !progress(qint64(start + count), total))
            return makeError(
                Error::Cancelled, QCoreApplication::translate("MapData", "Reading the map's data was cancelled."));
    }
    return {};
}

// Seconds since the epoch of a timestamp column, as the database computes it (no date parsing per row).
QString epochSeconds(const SqlDialect &d, const QString &column);

} // namespace MapDataSql
