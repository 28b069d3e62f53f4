#include "archetypes/priorityqueries.h"

#include "db/repository.h"
#include "db/sqldialect.h"

#include <QSqlQuery>

#include <cmath>
#include <limits>

namespace PriorityQueries {

namespace {

constexpr int IdChunk = 500; // ids per IN list: well under SQLite's bound-parameter limit

QString tr(const char *text)
{
    return QCoreApplication::translate("PriorityQueries", text);
}

QString literal(double value)
{
    return QLatin1String("CAST(") + QString::number(value, 'g', QLocale::FloatingPointShortest)
        + QLatin1String(" AS DOUBLE PRECISION)");
}

QString weightOf(const std::array<double, Archetypes::Count> &weights)
{
    QString sql = QStringLiteral("CASE e.archetype");
    for (int i = 0; i < Archetypes::Count; ++i)
        sql += QStringLiteral(" WHEN '%1' THEN ").arg(Archetypes::name(i)) + literal(weights[size_t(i)]);
    return sql + QLatin1String(" ELSE ") + literal(0.0) + QLatin1String(" END");
}

QString pivot()
{
    QStringList columns;
    for (int i = 0; i < Archetypes::Count; ++i)
        columns << QStringLiteral("MAX(CASE WHEN e.archetype = '%1' THEN e.archetype_priority END) AS p%2")
                       .arg(Archetypes::name(i))
                       .arg(i);
    return columns.join(QLatin1String(", "));
}

QString greatest(const SqlDialect &d, const QString &a, const QString &b)
{
    return d.backend() == SqlDialect::Postgres ? QStringLiteral("GREATEST(%1, %2)").arg(a, b)
                                               : QStringLiteral("MAX(%1, %2)").arg(a, b);
}

// The unarchived memories m with their last decay pass that was not undone, as columns id … since.
QString decayBase(const SqlDialect &d, const QString &extraColumns = QString())
{
    const QString since = d.backend() == SqlDialect::Postgres
        ? QStringLiteral("GREATEST(m.last_accessed, dp.at)")
        : QStringLiteral("MAX(COALESCE(m.last_accessed, dp.at), COALESCE(dp.at, m.last_accessed))");
    return QLatin1String(
               "SELECT m.id, m.summary, m.priority AS stored, COALESCE(m.priority_override, m.priority) AS p, "
               "m.long_term, m.core, m.last_accessed, ")
        + since + QLatin1String(" AS since") + extraColumns + QLatin1String(" FROM ") + d.table(Table::Memories)
        + QLatin1String(" m LEFT JOIN (SELECT memory_id, MAX(created_at) AS at FROM ") + d.table(Table::MemoryBatches)
        + QLatin1String(" WHERE kind = 'decay' AND restored_at IS NULL GROUP BY memory_id) dp ON dp.memory_id = m.id");
}

QString ageDays(const SqlDialect &d, const QString &since)
{
    const QString days = d.backend() == SqlDialect::Postgres
        ? QStringLiteral("EXTRACT(EPOCH FROM (:now::timestamptz - %1)) / 86400.0").arg(since)
        : QStringLiteral("(julianday(:now) - julianday(%1))").arg(since);
    return greatest(d, days, QStringLiteral("0"));
}

std::array<double, Archetypes::Count> readPivot(const QSqlQuery &q, int first)
{
    std::array<double, Archetypes::Count> p;
    for (int i = 0; i < Archetypes::Count; ++i) {
        const QVariant v = q.value(first + i);
        p[size_t(i)] = v.isNull() ? std::numeric_limits<double>::quiet_NaN() : v.toDouble();
    }
    return p;
}

bool truthy(const QVariant &v)
{
    return v.typeId() == QMetaType::Bool ? v.toBool() : v.toInt() != 0;
}

} // namespace

QString proposedPriority(const SqlDialect &d, const std::array<double, Archetypes::Count> &weights)
{
    const QString w = weightOf(weights);
    return QLatin1String("(SELECT SUM((") + w + QLatin1String(") * e.archetype_priority) / NULLIF(SUM(") + w
        + QLatin1String("), 0) FROM ") + d.table(Table::Evaluations) + QLatin1String(" e WHERE e.memory_id = m.id)");
}

double MemoryPriorities::decayed(double priority, const QDateTime &now) const
{
    return Archetypes::decayedPriority(priority, decayedSince, now, longTerm, core);
}

std::optional<double> MemoryPriorities::under(const std::array<double, Archetypes::Count> &weights) const
{
    double weighted = 0, total = 0;
    for (int i = 0; i < Archetypes::Count; ++i) {
        if (std::isnan(archetypePriority[size_t(i)]))
            continue;
        weighted += weights[size_t(i)] * archetypePriority[size_t(i)];
        total += weights[size_t(i)];
    }
    if (!(total > 0))
        return std::nullopt;
    return weighted / total;
}

std::array<double, Archetypes::Count> MemoryPriorities::contributions(
    const std::array<double, Archetypes::Count> &weights) const
{
    std::array<double, Archetypes::Count> c {};
    double total = 0;
    for (int i = 0; i < Archetypes::Count; ++i)
        if (!std::isnan(archetypePriority[size_t(i)]))
            total += weights[size_t(i)];
    if (!(total > 0))
        return c;
    for (int i = 0; i < Archetypes::Count; ++i)
        if (!std::isnan(archetypePriority[size_t(i)]))
            c[size_t(i)] = weights[size_t(i)] * archetypePriority[size_t(i)] / total;
    return c;
}

PriorityRow MemoryPriorities::row(
    const std::array<double, Archetypes::Count> &weights, double priority, const QDateTime &now) const
{
    PriorityRow r;
    r.memoryId = id;
    r.summary = summary;
    r.stored = stored;
    r.decayed = decayed(priority, now);
    r.contribution = contributions(weights);
    r.longTerm = longTerm;
    r.core = core;
    r.lastAccessed = lastAccessed;
    return r;
}

Result<QList<MemoryPriorities>> memoryPriorities(Repository &r, const QList<QUuid> &ids)
{
    const SqlDialect &d = r.dialect();
    QList<MemoryPriorities> rows;
    rows.reserve(ids.size());
    for (qsizetype from = 0; from < ids.size(); from += IdChunk) {
        const QList<QUuid> part = ids.mid(from, IdChunk);
        QStringList names;
        for (qsizetype i = 0; i < part.size(); ++i)
            names << d.placeholder(QStringLiteral("i%1").arg(i), SqlDialect::Uuid);
        // One GROUP BY memory over the chunk's evaluations, joined to the memories: one round trip per chunk.
        const QString sql
            = QLatin1String("SELECT b.id, b.summary, b.stored, m2.priority_override, b.long_term, b.core, "
                            "b.last_accessed, b.since, ev.p0, ev.p1, ev.p2, ev.p3, ev.p4, ev.p5, ev.p6, ev.p7 "
                            "FROM (")
            + decayBase(d) + QLatin1String(" WHERE m.id IN (") + names.join(QLatin1String(", "))
            + QLatin1String(")) b JOIN ") + d.table(Table::Memories)
            + QLatin1String(" m2 ON m2.id = b.id LEFT JOIN (SELECT e.memory_id, ") + pivot() + QLatin1String(" FROM ")
            + d.table(Table::Evaluations) + QLatin1String(" e WHERE e.memory_id IN (") + names.join(QLatin1String(", "))
            + QLatin1String(") GROUP BY e.memory_id) ev ON ev.memory_id = b.id");
        QSqlQuery q(r.database());
        q.setForwardOnly(true);
        q.prepare(sql);
        for (qsizetype i = 0; i < part.size(); ++i)
            q.bindValue(QStringLiteral(":i%1").arg(i), d.uuid(part[i]));
        if (!q.exec())
            return Repository::queryError(q, tr("Reading the memories' archetype priorities"));
        while (q.next()) {
            MemoryPriorities m;
            m.id = d.toUuid(q.value(0));
            m.summary = q.value(1).toString();
            m.stored = q.value(2).toDouble();
            m.override = d.toOptionalReal(q.value(3));
            m.longTerm = truthy(q.value(4));
            m.core = truthy(q.value(5));
            m.lastAccessed = d.toTime(q.value(6));
            m.decayedSince = d.toTime(q.value(7));
            m.archetypePriority = readPivot(q, 8);
            rows << m;
        }
    }
    return rows;
}

Result<PriorityOverview> overview(Repository &r, const std::array<double, Archetypes::Count> &weights, int top,
    double floor, int days, const QDateTime &now)
{
    const SqlDialect &d = r.dialect();
    PriorityOverview o;
    QSqlQuery q(r.database());
    q.setForwardOnly(true);
    if (!q.exec(QLatin1String("SELECT COUNT(*), SUM(CASE WHEN long_term THEN 1 ELSE 0 END), "
                              "SUM(CASE WHEN core THEN 1 ELSE 0 END) FROM ")
            + d.table(Table::Memories) + QLatin1String(" WHERE archived_at IS NULL")))
        return Repository::queryError(q, tr("Counting the memories"));
    if (q.next()) {
        o.total = q.value(0).toLongLong();
        o.longTerm = q.value(1).toLongLong();
        o.core = q.value(2).toLongLong();
    }
    top = std::max(top, 0);
    // PRODUCT.md's decay, in days: p·max(exp(−age / (10·p)), 0.1). It crosses `floor` (from above) at
    // age = 10·p·ln(p / floor), when floor lies between 0.1·p and p; long-term and core never decay.
    const QString decays = QStringLiteral("NOT (x.long_term OR x.core) AND x.since IS NOT NULL");
    const QString decayed = QLatin1String("CASE WHEN ") + decays
        + QLatin1String(" THEN (CASE WHEN x.p <= 0 THEN 0 ELSE x.p * ")
        + greatest(d, QStringLiteral("exp(-x.age / (10 * x.p))"), QStringLiteral("0.1"))
        + QLatin1String(" END) ELSE x.p END");
    const QString remaining = QLatin1String("CASE WHEN ") + decays
        + QLatin1String(" AND x.p > :floor AND 0.1 * x.p < :floor THEN 10 * x.p * ln(x.p / :floor) - x.age END");
    const QString inner = QLatin1String("SELECT b.*, ") + ageDays(d, QStringLiteral("b.since"))
        + QLatin1String(" AS age FROM (") + decayBase(d) + QLatin1String(" WHERE m.archived_at IS NULL) b");
    const QString scored = QLatin1String("SELECT x.id, ") + decayed + QLatin1String(" AS decayed, ") + remaining
        + QLatin1String(" AS remaining FROM (") + inner + QLatin1String(") x");

    QList<QUuid> topIds, riskIds;
    QHash<QUuid, double> remainingDays;
    const auto run = [&](const QString &order, QList<QUuid> &ids, bool risk) -> Result<void> {
        QSqlQuery s(r.database());
        s.setForwardOnly(true);
        s.prepare(QLatin1String("SELECT id, decayed, remaining FROM (") + scored + QLatin1String(") s")
            + (risk ? QLatin1String(" WHERE remaining > 0 AND remaining <= :days") : QString()) + order
            + QLatin1String(" LIMIT :top"));
        s.bindValue(QStringLiteral(":now"), d.time(now));
        s.bindValue(QStringLiteral(":floor"), floor);
        if (risk)
            s.bindValue(QStringLiteral(":days"), double(days));
        s.bindValue(QStringLiteral(":top"), top);
        if (!s.exec())
            return Repository::queryError(s,
                risk ? tr("Finding the memories about to fall under the floor")
                     : tr("Ranking the memories by decayed priority"));
        while (s.next()) {
            const QUuid id = d.toUuid(s.value(0));
            ids << id;
            if (!s.value(2).isNull())
                remainingDays.insert(id, s.value(2).toDouble());
        }
        return {};
    };
    if (Result<void> done = run(QStringLiteral(" ORDER BY decayed DESC, id"), topIds, false); !done)
        return done.error();
    if (Result<void> done = run(QStringLiteral(" ORDER BY remaining, id"), riskIds, true); !done)
        return done.error();

    Result<QList<MemoryPriorities>> details = memoryPriorities(r, topIds + riskIds);
    if (!details)
        return details.error();
    QHash<QUuid, MemoryPriorities> byId;
    for (const MemoryPriorities &m : *details)
        byId.insert(m.id, m);
    const auto rowOf = [&](const QUuid &id) {
        const MemoryPriorities &m = byId[id];
        PriorityRow row = m.row(weights, m.effective(), now);
        if (remainingDays.contains(id)) {
            const double remainingDaysValue = remainingDays.value(id);
            if (remainingDaysValue > 0)
                row.fallsBelowAt = now.addMSecs(qint64(remainingDaysValue * 86400000.0));
        }
        return row;
    };
    for (const QUuid &id : topIds)
        if (byId.contains(id))
            o.top << rowOf(id);
    for (const QUuid &id : riskIds)
        if (byId.contains(id))
            o.atRisk << rowOf(id);
    return o;
}

Result<RankingSnapshot> rankingSnapshot(
    Repository &r, const std::array<double, Archetypes::Count> &weights, const QDateTime &now)
{
    const SqlDialect &d = r.dialect();
    QSqlQuery q(r.database());
    q.setForwardOnly(true);
    q.prepare(QLatin1String("SELECT b.id, b.p, m.priority_override IS NOT NULL, b.long_term OR b.core, ")
        + ageDays(d, QStringLiteral("b.since")) + QLatin1String(", b.since IS NULL, ") + proposedPriority(d, weights)
        + QLatin1String(" FROM (") + decayBase(d) + QLatin1String(" WHERE m.archived_at IS NULL) b JOIN ")
        + d.table(Table::Memories) + QLatin1String(" m ON m.id = b.id"));
    q.bindValue(QStringLiteral(":now"), d.time(now));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading every memory's priority under the strategy"));
    RankingSnapshot s;
    while (q.next()) {
        const double today = q.value(1).toDouble();
        const QVariant proposed = q.value(6);
        s.ids.push_back(d.toUuid(q.value(0)));
        s.today.push_back(today);
        // The override wins today and after an apply; without evaluations the stored priority stands.
        s.proposed.push_back(truthy(q.value(2)) || proposed.isNull() ? today : proposed.toDouble());
        s.noDecay.push_back(truthy(q.value(3)) ? 1 : 0);
        s.sinceDays.push_back(truthy(q.value(5)) ? -1.0 : q.value(4).toDouble());
    }
    return s;
}

} // namespace PriorityQueries
