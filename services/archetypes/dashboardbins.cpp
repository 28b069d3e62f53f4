// DashboardQueries: distributions and drift windows, as 0.01 bins per metric (BinnedValues).
#include "archetypes/dashboardqueries.h"

#include "archetypes/dashboardsql.h"
#include "db/repository.h"
#include "memories/memoryquery.h"

#include <QSqlQuery>

namespace {

// Columns: metric, then the cell (bin, n, total, total_sq, lo, hi, bounds).
constexpr int CellColumn = 1;

QString cellAggregates()
{
    return QStringLiteral("SUM(n), SUM(total), SUM(total_sq), MIN(lo), MAX(hi), SUM(bounds)");
}

// One evaluation value per metric of `archetype` for the rows of evaluations "ev", as a column `value` next to
// `metric`: a CASE over a six-row constant table (SQLite has no LATERAL), bound metric names.
QString metricValues(const SqlDialect &d)
{
    const bool pg = d.backend() == SqlDialect::Postgres;
    QString cases;
    for (int k = 0; k < Archetypes::MetricsPerArchetype; ++k) {
        const QString name = QStringLiteral(":dash_m%1").arg(k);
        cases += QLatin1String(" WHEN ") + QString::number(k) + QLatin1String(" THEN ")
            + (pg ? QString(QLatin1String("(ev.metrics ->> ") + name + QLatin1String("::text)::double precision"))
                  : QString(QLatin1String("json_extract(ev.metrics, ") + name + QLatin1Char(')')));
    }
    return QLatin1String("CASE k.metric") + cases
        + QLatin1String(" WHEN 4 THEN ev.archetype_priority ELSE ev.confidence END AS value");
}

void bindMetricNames(QSqlQuery &q, const SqlDialect &d, int archetype)
{
    const QStringList names = Archetypes::metricNames(archetype);
    for (int k = 0; k < Archetypes::MetricsPerArchetype; ++k) {
        const QString key = d.backend() == SqlDialect::Postgres ? names[k] : QLatin1String("$.\"") + names[k] + QLatin1Char('"');
        q.bindValue(QStringLiteral(":dash_m%1").arg(k), key);
    }
}

const QString SixMetrics = QStringLiteral("(SELECT 0 AS metric UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 "
                                          "UNION ALL SELECT 4 UNION ALL SELECT 5) k");

} // namespace

Result<QList<MetricDistribution>> DashboardQueries::distributions(
    Repository &repository, const MemoryFilter &filter, int archetype)
{
    if (auto ok = checkArchetype(archetype); !ok)
        return ok.error();
    const SqlDialect &d = repository.dialect();
    Result<MemoryQuery::Where> where = MemoryQuery(repository).where(filter);
    if (!where)
        return where.error();
    // evaluation_totals answers a filter whose only condition is on "archived" (the browser's default "not
    // archived" among them): its cells are split by the memory's archived flag.
    MemoryFilter rest = filter;
    rest.archived = TriState::Any;
    Result<MemoryQuery::Where> others = MemoryQuery(repository).where(rest);
    if (!others)
        return others.error();
    const bool fromRollup = others->sql == QLatin1String("1 = 1");

    QSqlQuery q(repository.database());
    q.setForwardOnly(true);
    if (fromRollup) {
        QString archived;
        if (filter.archived != TriState::Any)
            archived = filter.archived == TriState::Yes ? QStringLiteral(" AND archived")
                                                        : QStringLiteral(" AND NOT archived");
        q.prepare(QLatin1String("SELECT metric, bin, ") + cellAggregates() + QLatin1String(" FROM ")
            + DashboardSql::totals(d) + QLatin1String(" WHERE archetype = :dash_archetype") + archived
            + QLatin1String(" GROUP BY metric, bin"));
    } else {
        q.prepare(QLatin1String("SELECT metric, ") + DashboardSql::bin(d, QStringLiteral("value"))
            + QLatin1String(", COUNT(*), SUM(value), SUM(value * value), MIN(value), MAX(value), "
                            "SUM(CASE WHEN value = 0 OR value = 1 THEN 1 ELSE 0 END) FROM (SELECT k.metric, ")
            + metricValues(d) + QLatin1String(" FROM ") + d.table(Table::Evaluations) + QLatin1String(" ev JOIN ")
            + d.table(Table::Memories) + QLatin1String(" m ON m.id = ev.memory_id CROSS JOIN ") + SixMetrics
            + QLatin1String(" WHERE ev.archetype = :dash_archetype AND (") + where->sql
            + QLatin1String(")) v WHERE value IS NOT NULL GROUP BY 1, 2"));
        bindMetricNames(q, d, archetype);
        for (const auto &[name, value] : where->binds)
            q.bindValue(name, value);
    }
    q.bindValue(QStringLiteral(":dash_archetype"), Archetypes::name(archetype));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the distributions of %1").arg(Archetypes::name(archetype)));
    std::array<BinnedValues, ArchetypeMetrics::Count> values;
    while (q.next()) {
        const int metric = q.value(0).toInt();
        if (metric >= 0 && metric < ArchetypeMetrics::Count)
            DashboardSql::addCell(q, CellColumn, values[size_t(metric)]);
    }
    QList<MetricDistribution> out;
    for (int metric = 0; metric < ArchetypeMetrics::Count; ++metric)
        out << values[size_t(metric)].distribution(archetype, metric);
    return out;
}

Result<DashboardQueries::DriftCells> DashboardQueries::driftCells(Repository &repository, const DriftRequest &request)
{
    if (!request.baselineFrom.isValid() || !request.baselineTo.isValid() || !request.recentFrom.isValid()
        || !request.recentTo.isValid())
        return makeError(Error::InvalidInput, tr("Choose both ends of the baseline and of the recent window."));
    const QDate baseFrom = firstDayFrom(request.baselineFrom), baseTo = firstDayFrom(request.baselineTo);
    const QDate recentFrom = firstDayFrom(request.recentFrom), recentTo = firstDayFrom(request.recentTo);
    if (baseFrom >= baseTo || recentFrom >= recentTo)
        return makeError(Error::InvalidInput, tr("Each window must hold at least one whole day (UTC)."));

    const SqlDialect &d = repository.dialect();
    DriftCells out;
    const auto read = [&](const QDate &from, const QDate &to, bool byVersion) -> Result<void> {
        QSqlQuery q(repository.database());
        q.setForwardOnly(true);
        const QString version = byVersion ? QStringLiteral("model, prompt_version") : QStringLiteral("'', ''");
        q.prepare(QLatin1String("SELECT archetype, metric, ") + version + QLatin1String(", bin, ") + cellAggregates()
            + QLatin1String(" FROM ") + DashboardSql::rollup(d) + QLatin1String(" WHERE day >= ")
            + DashboardSql::day(d, QStringLiteral("from")) + QLatin1String(" AND day < ")
            + DashboardSql::day(d, QStringLiteral("to")) + QLatin1String(" GROUP BY archetype, metric, ")
            + (byVersion ? QLatin1String("model, prompt_version, bin") : QLatin1String("bin")));
        q.bindValue(QStringLiteral(":from"), DashboardSql::dayValue(from));
        q.bindValue(QStringLiteral(":to"), DashboardSql::dayValue(to));
        if (!q.exec())
            return Repository::queryError(q, tr("Reading the drift windows"));
        while (q.next()) {
            const std::optional<int> a = Archetypes::fromName(q.value(0).toString());
            const int metric = q.value(1).toInt();
            if (!a || metric < 0 || metric >= ArchetypeMetrics::Count)
                continue;
            BinnedValues cell;
            DashboardSql::addCell(q, 4, cell);
            if (!byVersion) {
                out.baseline[size_t(*a)][size_t(metric)].merge(cell);
                continue;
            }
            out.recent[size_t(*a)][size_t(metric)].merge(cell);
            out.recentByVersion[qMakePair(q.value(2).toString(), q.value(3).toString())][size_t(*a)][size_t(metric)].merge(cell);
        }
        return {};
    };
    if (auto r = read(baseFrom, baseTo, false); !r)
        return r.error();
    if (auto r = read(recentFrom, recentTo, true); !r)
        return r.error();
    return out;
}
