// MapData: a run's clusters written back as semantic_cluster links, for EUMAS's own link graph.
#include "map/mapdata.h"

#include "map/mapdatasql.h"

#include <QSet>

#include <cmath>

namespace {

// Marks the links a write-back made (the links table has no other place for it), so the next write-back
// replaces exactly those and never another tool's semantic_cluster links.
const QString Marker = QStringLiteral("sextant-map");
constexpr int RowsPerInsert = 250; // 7 bound values a row: far below both backends' limits

struct Link
{
    QUuid source;
    QUuid target;
    double strength = 1.0;
};

// Each cluster's member nearest its mean x/y is its centre; every other member links to it with strength
// 1 − distance / (the cluster's largest distance). Points whose memory is gone are left out first, so a
// centre is always a memory that exists.
std::vector<Link> clusterLinks(const ClusterRun &run, const QSet<QUuid> &existing)
{
    struct Sum
    {
        double x = 0, y = 0;
        qint64 count = 0;
    };
    QHash<int, Sum> sums;
    const auto usable = [&](std::size_t i) {
        return run.clusters[i] >= 0 && std::isfinite(run.x[i]) && std::isfinite(run.y[i])
            && existing.contains(run.memberIds[i]);
    };
    for (std::size_t i = 0; i < run.size(); ++i) {
        if (!usable(i))
            continue;
        Sum &s = sums[run.clusters[i]];
        s.x += run.x[i];
        s.y += run.y[i];
        ++s.count;
    }
    struct Centre
    {
        std::size_t member = 0;
        double distance = INFINITY;
        double farthest = 0;
    };
    QHash<int, Centre> centres;
    const auto distance = [&](std::size_t i) {
        const Sum &s = sums[run.clusters[i]];
        return std::hypot(run.x[i] - s.x / double(s.count), run.y[i] - s.y / double(s.count));
    };
    for (std::size_t i = 0; i < run.size(); ++i) {
        if (!usable(i))
            continue;
        Centre &c = centres[run.clusters[i]];
        const double d = distance(i);
        if (d < c.distance) {
            c.distance = d;
            c.member = i;
        }
    }
    // Distances to the centre member (not to the mean) decide the strengths.
    const auto toCentre = [&](std::size_t i) {
        const std::size_t c = centres[run.clusters[i]].member;
        return std::hypot(double(run.x[i]) - run.x[c], double(run.y[i]) - run.y[c]);
    };
    for (std::size_t i = 0; i < run.size(); ++i) {
        if (usable(i)) {
            Centre &c = centres[run.clusters[i]];
            c.farthest = std::max(c.farthest, toCentre(i));
        }
    }
    std::vector<Link> links;
    for (std::size_t i = 0; i < run.size(); ++i) {
        if (!usable(i))
            continue;
        const Centre &c = centres[run.clusters[i]];
        if (c.member == i || run.memberIds[i] == run.memberIds[c.member])
            continue;
        const double strength = c.farthest > 0 ? 1.0 - toCentre(i) / c.farthest : 1.0;
        links.push_back({ run.memberIds[i], run.memberIds[c.member], std::clamp(strength, 0.0, 1.0) });
    }
    return links;
}

QString insertStatement(const SqlDialect &d, int rows)
{
    const bool pg = d.backend() == SqlDialect::Postgres;
    const QString uuid = pg ? QStringLiteral("CAST(? AS uuid)") : QStringLiteral("?");
    const QString time = pg ? QStringLiteral("CAST(? AS timestamptz)") : QStringLiteral("?");
    const QString row = QLatin1Char('(') + uuid + QLatin1String(", ") + uuid + QLatin1String(", ?, ?, ?, ?, ") + time
        + QLatin1Char(')');
    QStringList values;
    for (int i = 0; i < rows; ++i)
        values << row;
    return QLatin1String("INSERT INTO ") + d.table(Table::Links)
        + QLatin1String(" (source_id, target_id, link_type, strength, archetype, origin, created_at) VALUES ")
        + values.join(QLatin1String(", "));
}

} // namespace

Result<qint64> MapData::writeSemanticLinks(Repository &repository, const ClusterRun &run, const LoadProgress &progress)
{
    const MapSource source = MapParams::fromJson(run.params).source;
    if (source != MapSource::Memories && source != MapSource::FilteredMemories)
        return makeError(Error::InvalidInput, tr("Only a map of memories can be written back as links."));
    const std::size_t n = run.size();
    if (run.clusters.size() != n || run.x.size() != n || run.y.size() != n)
        return makeError(Error::InvalidInput, tr("The cluster run's points are incomplete."));
    const SqlDialect &d = repository.dialect();

    // Memories deleted since the run would break the links' foreign keys: skip them.
    QSet<QUuid> existing;
    {
        const MapDataSql::Positions positions(run.memberIds);
        QSqlQuery query(repository.database());
        query.setForwardOnly(true);
        if (!query.prepare(QLatin1String("SELECT m.id FROM ") + d.table(Table::Memories) + QLatin1String(" m WHERE ")
                + MapDataSql::idsCondition(d, QStringLiteral("m.id"))))
            return Repository::queryError(query, tr("Checking the cluster run's memories"));
        Result<void> read
            = MapDataSql::forChunks(query, d, positions.distinct(), {}, tr("Checking the cluster run's memories"),
                [&](const QSqlQuery &q) { existing.insert(d.toUuid(q.value(0))); });
        if (!read)
            return read.error();
    }
    const std::vector<Link> links = clusterLinks(run, existing);
    const QVariant now = d.time(QDateTime::currentDateTimeUtc());
    const QString linkType = QStringLiteral("semantic_cluster");
    const QString origin = QStringLiteral("cluster");

    // Prepared outside the transaction: PostgreSQL cannot free a statement inside an aborted one.
    QSqlQuery remove(repository.database());
    QSqlQuery full(repository.database());
    QSqlQuery tail(repository.database());
    Result<void> written = repository.inTransaction([&]() -> Result<void> {
        remove.prepare(QLatin1String("DELETE FROM ") + d.table(Table::Links)
            + QLatin1String(" WHERE link_type = 'semantic_cluster' AND archetype = ?"));
        remove.addBindValue(Marker);
        if (!remove.exec())
            return Repository::queryError(remove, tr("Removing earlier cluster links"));
        const qint64 total = qint64(links.size());
        for (std::size_t start = 0; start < links.size(); start += RowsPerInsert) {
            const int count = int(std::min<std::size_t>(RowsPerInsert, links.size() - start));
            QSqlQuery &insert = count == RowsPerInsert ? full : tail;
            if (insert.lastQuery().isEmpty() && !insert.prepare(insertStatement(d, count)))
                return Repository::queryError(insert, tr("Writing cluster links"));
            for (int r = 0; r < count; ++r) {
                const Link &link = links[start + std::size_t(r)];
                const int base = r * 7;
                insert.bindValue(base, d.uuid(link.source));
                insert.bindValue(base + 1, d.uuid(link.target));
                insert.bindValue(base + 2, linkType);
                insert.bindValue(base + 3, link.strength);
                insert.bindValue(base + 4, Marker);
                insert.bindValue(base + 5, origin);
                insert.bindValue(base + 6, now);
            }
            if (!insert.exec())
                return Repository::queryError(insert, tr("Writing cluster links"));
            if (progress && !progress(qint64(start) + count, total))
                return makeError(Error::Cancelled, tr("Writing cluster links was cancelled; nothing was changed."));
        }
        return {};
    });
    if (!written)
        return written.error();
    return qint64(links.size());
}
