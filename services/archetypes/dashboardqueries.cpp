// DashboardQueries: state, series and the evaluation monitor (distributions and drift: dashboardbins.cpp).
#include "archetypes/dashboardqueries.h"

#include "archetypes/dashboardsql.h"
#include "db/repository.h"

#include <QSqlQuery>

namespace {

std::array<double, Archetypes::MetricsPerArchetype> stateMetrics(int archetype, const QJsonObject &object)
{
    std::array<double, Archetypes::MetricsPerArchetype> out {};
    const QStringList names = Archetypes::metricNames(archetype);
    for (int k = 0; k < Archetypes::MetricsPerArchetype; ++k)
        out[size_t(k)] = object.value(names[k]).toDouble();
    return out;
}

QList<ArchetypeState> eightStates(const QList<ArchetypeState> &found)
{
    QList<ArchetypeState> out;
    for (int a = 0; a < Archetypes::Count; ++a) {
        ArchetypeState s;
        s.archetype = a;
        for (const ArchetypeState &f : found) {
            if (f.archetype == a)
                s = f;
        }
        out << s;
    }
    return out;
}

} // namespace

Result<void> DashboardQueries::checkArchetype(int archetype)
{
    if (archetype < 0 || archetype >= Archetypes::Count)
        return makeError(Error::InvalidInput, tr("There is no archetype number %1; they are numbered 0 to 7.").arg(archetype));
    return {};
}

Result<void> DashboardQueries::checkMetric(int metric, bool allowInfluence)
{
    if (metric < (allowInfluence ? -1 : 0) || metric >= ArchetypeMetrics::Count)
        return makeError(Error::InvalidInput, tr("There is no metric number %1 on the archetype dashboards.").arg(metric));
    return {};
}

QDate DashboardQueries::firstDayFrom(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return utc.time() == QTime(0, 0) ? utc.date() : utc.date().addDays(1);
}

Result<ArchetypeOverview> DashboardQueries::overview(Repository &repository, int windowDays, const QDateTime &now)
{
    if (windowDays < 1)
        return makeError(Error::InvalidInput, tr("The window must be at least one day long."));
    const SqlDialect &d = repository.dialect();
    ArchetypeOverview out;
    out.windowDays = windowDays;
    Result<QList<ArchetypeState>> states = repository.archetypeStates();
    if (!states)
        return states.error();
    out.now = eightStates(*states);

    // The last history row at or before the cut, per archetype: one probe of the (archetype, at) key each, driven by
    // the eight names (driven by the history's rows, it ran the probe once per row: 0.3 s at 17,000 rows).
    const QDateTime cut = now.toUTC().addDays(-windowDays);
    const QString history = d.table(Table::ArchetypeStateHistory);
    QStringList names;
    for (int a = 0; a < Archetypes::Count; ++a)
        names << QStringLiteral("SELECT :name%1 AS archetype").arg(a);
    QSqlQuery q(repository.database());
    q.prepare(QLatin1String("SELECT h.archetype, h.state, h.influence, h.at FROM (SELECT a.archetype, ")
        + QLatin1String("(SELECT MAX(x.at) FROM ") + history
        + QLatin1String(" x WHERE x.archetype = a.archetype AND x.at <= ")
        + d.placeholder(QStringLiteral("cut"), SqlDialect::Time) + QLatin1String(") AS at FROM (")
        + names.join(QLatin1String(" UNION ALL ")) + QLatin1String(") a) last JOIN ") + history
        + QLatin1String(" h ON h.archetype = last.archetype AND h.at = last.at"));
    q.bindValue(QStringLiteral(":cut"), d.time(cut));
    for (int a = 0; a < Archetypes::Count; ++a)
        q.bindValue(QStringLiteral(":name%1").arg(a), Archetypes::name(a));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the archetype states before the window"));
    QList<ArchetypeState> before;
    while (q.next()) {
        const std::optional<int> a = Archetypes::fromName(q.value(0).toString());
        if (!a)
            continue;
        ArchetypeState s;
        s.archetype = *a;
        s.state = stateMetrics(*a, d.toJson(q.value(1)));
        s.influence = q.value(2).toDouble();
        s.at = d.toTime(q.value(3));
        before << s;
    }
    out.before = eightStates(before);

    // Confidence (metric 5) is stored for every evaluation, so its counts are the evaluations'.
    QSqlQuery c(repository.database());
    c.prepare(QLatin1String("SELECT archetype, SUM(n) FROM ") + DashboardSql::rollup(d)
        + QLatin1String(" WHERE metric = 5 AND day >= ") + DashboardSql::day(d, QStringLiteral("since"))
        + QLatin1String(" GROUP BY archetype"));
    c.bindValue(QStringLiteral(":since"), DashboardSql::dayValue(firstDayFrom(cut)));
    if (!c.exec())
        return Repository::queryError(c, tr("Counting the evaluations in the window"));
    while (c.next()) {
        if (const std::optional<int> a = Archetypes::fromName(c.value(0).toString()))
            out.evaluationsInWindow[size_t(*a)] = c.value(1).toLongLong();
    }
    return out;
}

Result<MetricSeries> DashboardQueries::series(Repository &repository, int archetype, int metric, QDate from, QDate to)
{
    if (auto ok = checkArchetype(archetype); !ok)
        return ok.error();
    if (auto ok = checkMetric(metric, true); !ok)
        return ok.error();
    if (metric >= Archetypes::MetricsPerArchetype)
        return makeError(Error::InvalidInput, tr("The state history holds the four metrics and the influence only."));
    const SqlDialect &d = repository.dialect();
    const bool pg = d.backend() == SqlDialect::Postgres;
    MetricSeries out;
    out.archetype = archetype;
    out.metric = metric;

    // The state as it stood at the end of each hour: a state row per evaluation would be a million points.
    QString range;
    if (from.isValid())
        range += QLatin1String(" AND at >= ") + d.placeholder(QStringLiteral("from"), SqlDialect::Time);
    if (to.isValid())
        range += QLatin1String(" AND at < ") + d.placeholder(QStringLiteral("to"), SqlDialect::Time);
    const QString history = d.table(Table::ArchetypeStateHistory);
    const QString sql = pg ? QLatin1String("SELECT DISTINCT ON (date_trunc('hour', at)) at, state, influence FROM ") + history
            + QLatin1String(" WHERE archetype = :archetype") + range + QLatin1String(" ORDER BY date_trunc('hour', at), at DESC")
                           // SQLite returns the other columns of the row that holds MAX(at) in each group.
                           : QLatin1String("SELECT MAX(at), state, influence FROM ") + history
            + QLatin1String(" WHERE archetype = :archetype") + range + QLatin1String(" GROUP BY substr(at, 1, 13) ORDER BY 1");
    QSqlQuery q(repository.database());
    q.prepare(sql);
    q.bindValue(QStringLiteral(":archetype"), Archetypes::name(archetype));
    if (from.isValid())
        q.bindValue(QStringLiteral(":from"), d.time(QDateTime(from, QTime(0, 0), Qt::UTC)));
    if (to.isValid())
        q.bindValue(QStringLiteral(":to"), d.time(QDateTime(to.addDays(1), QTime(0, 0), Qt::UTC)));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the archetype history"));
    while (q.next()) {
        const double value = metric < 0 ? q.value(2).toDouble() : stateMetrics(archetype, d.toJson(q.value(1)))[size_t(metric)];
        out.state << qMakePair(d.toTime(q.value(0)), value);
    }
    if (metric < 0)
        return out;

    QString days;
    if (from.isValid())
        days += QLatin1String(" AND day >= ") + DashboardSql::day(d, QStringLiteral("dfrom"));
    if (to.isValid())
        days += QLatin1String(" AND day <= ") + DashboardSql::day(d, QStringLiteral("dto"));
    QSqlQuery e(repository.database());
    e.prepare(QLatin1String("SELECT day, SUM(n), SUM(total), SUM(total_sq), MIN(lo), MAX(hi) FROM ") + DashboardSql::rollup(d)
        + QLatin1String(" WHERE archetype = :archetype AND metric = :metric") + days + QLatin1String(" GROUP BY day ORDER BY day"));
    e.bindValue(QStringLiteral(":archetype"), Archetypes::name(archetype));
    e.bindValue(QStringLiteral(":metric"), metric);
    if (from.isValid())
        e.bindValue(QStringLiteral(":dfrom"), DashboardSql::dayValue(from));
    if (to.isValid())
        e.bindValue(QStringLiteral(":dto"), DashboardSql::dayValue(to));
    if (!e.exec())
        return Repository::queryError(e, tr("Reading the daily evaluations"));
    while (e.next()) {
        BinnedValues v;
        v.add(0, e.value(1).toLongLong(), e.value(2).toDouble(), e.value(3).toDouble(), e.value(4).toDouble(),
            e.value(5).toDouble(), 0);
        DailyPoint p;
        p.day = pg ? e.value(0).toDate() : QDate::fromString(e.value(0).toString(), Qt::ISODate);
        p.n = v.n;
        p.mean = v.mean();
        p.stddev = v.stddev();
        p.min = v.lo;
        p.max = v.hi;
        out.evaluations << p;
    }
    return out;
}

Result<QList<EvaluationMonitorRow>> DashboardQueries::monitor(Repository &repository)
{
    const SqlDialect &d = repository.dialect();
    QMap<std::tuple<int, QString, QString>, EvaluationMonitorRow> rows;
    const auto row = [&rows](int a, const QString &model, const QString &version) -> EvaluationMonitorRow & {
        EvaluationMonitorRow &r = rows[{ a, model, version }];
        r.archetype = a;
        r.model = model;
        r.promptVersion = version;
        return r;
    };

    // Confidence (metric 5) is stored for every evaluation, so its counts are the evaluations'. Pending: unarchived
    // memories without this archetype's evaluation, i.e. the unarchived memories less the evaluations of unarchived
    // memories (one evaluation per memory and archetype); both counts are kept by triggers (postgres 0012 / sqlite
    // 0011), so nothing here scans memories or evaluations.
    QSqlQuery q(repository.database());
    if (!q.exec(QLatin1String("SELECT archetype, model, prompt_version, archived, SUM(n) FROM ")
            + DashboardSql::totals(d)
            + QLatin1String(" WHERE metric = 5 GROUP BY archetype, model, prompt_version, archived")))
        return Repository::queryError(q, tr("Counting evaluations"));
    std::array<qint64, Archetypes::Count> done {};
    while (q.next()) {
        if (const std::optional<int> a = Archetypes::fromName(q.value(0).toString())) {
            const qint64 n = q.value(4).toLongLong();
            row(*a, q.value(1).toString(), q.value(2).toString()).evaluated += n;
            row(*a, QString(), QString()).evaluated += n;
            if (!q.value(3).toBool())
                done[size_t(*a)] += n;
        }
    }
    QSqlQuery m(repository.database());
    if (!m.exec(QLatin1String("SELECT COALESCE(SUM(n), 0) FROM ") + DashboardSql::memoryCounts(d)
            + QLatin1String(" WHERE NOT archived"))
        || !m.next())
        return Repository::queryError(m, tr("Counting memories waiting for evaluation"));
    const qint64 unarchived = m.value(0).toLongLong();
    for (int a = 0; a < Archetypes::Count; ++a)
        row(a, QString(), QString()).pending = std::max<qint64>(0, unarchived - done[size_t(a)]);

    // A failure names the archetype whose part of the answer was wrong, or none when the whole answer was
    // unusable: then it failed for every archetype of that memory.
    QSqlQuery f(repository.database());
    if (!f.exec(QLatin1String("SELECT model, prompt_version, reason FROM ") + d.table(Table::EvaluationFailures)))
        return Repository::queryError(f, tr("Counting failed evaluations"));
    while (f.next()) {
        const QString reason = f.value(2).toString();
        bool named = false;
        for (int a = 0; a < Archetypes::Count; ++a)
            named = named || reason.contains(Archetypes::name(a));
        for (int a = 0; a < Archetypes::Count; ++a) {
            if (named && !reason.contains(Archetypes::name(a)))
                continue;
            ++row(a, f.value(0).toString(), f.value(1).toString()).failed;
            ++row(a, QString(), QString()).failed;
        }
    }
    return rows.values();
}

Result<QList<EvaluationFailure>> DashboardQueries::failures(Repository &repository, int archetype, int limit)
{
    if (archetype != -1) {
        if (auto ok = checkArchetype(archetype); !ok)
            return ok.error();
    }
    const SqlDialect &d = repository.dialect();
    QString where;
    if (archetype >= 0)
        where = QLatin1String(" WHERE reason LIKE :named OR reason NOT LIKE '%Ella-%'");
    QSqlQuery q(repository.database());
    q.prepare(QLatin1String("SELECT memory_id, at, model, prompt_version, reason, raw_reply, attempts FROM ")
        + d.table(Table::EvaluationFailures) + where + QLatin1String(" ORDER BY id DESC LIMIT ")
        + QString::number(std::clamp(limit, 1, 10000)));
    if (archetype >= 0)
        q.bindValue(QStringLiteral(":named"), QString(QLatin1Char('%') + Archetypes::name(archetype) + QLatin1Char('%')));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading failed evaluations"));
    QList<EvaluationFailure> out;
    while (q.next()) {
        out << EvaluationFailure { d.toUuid(q.value(0)), d.toTime(q.value(1)), q.value(2).toString(), q.value(3).toString(),
            q.value(4).toString(), q.value(5).toString(), q.value(6).toInt() };
    }
    return out;
}
