#include "matching/learningstore.h"

#include "db/repository.h"
#include "matching/matchsql.h"

#include <QHash>
#include <QSqlQuery>

#include <cmath>

using K = SqlDialect::Kind;

Result<QList<ReviewedPair>> LearningStore::reviewedPairs(Repository &repository)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    // Ordered so that the first row of each match is its latest decision.
    const QString sql = QLatin1String("SELECT m.id, m.job_id, m.freelancer_id, r.decision FROM ")
        + d.table(Table::MatchReviews) + QLatin1String(" r JOIN ") + d.table(Table::MatchResults)
        + QLatin1String(" m ON m.id = r.match_id ORDER BY m.job_id, m.freelancer_id, m.id, r.level DESC, "
                        "r.decided_at DESC, r.id DESC");
    if (Result<void> r = MatchSql::exec(q, sql, tr("Reading match reviews")); !r)
        return r.error();
    QList<ReviewedPair> pairs;
    QUuid previous;
    while (q.next()) {
        const QUuid match = d.toUuid(q.value(0));
        if (match == previous)
            continue;
        previous = match;
        const QString decision = q.value(3).toString();
        pairs << ReviewedPair { match, d.toUuid(q.value(1)), d.toUuid(q.value(2)),
            decision == QLatin1String("approve")     ? 1
                : decision == QLatin1String("reject") ? 0
                                                      : -1 };
    }
    return pairs;
}

Result<void> LearningStore::writeMetrics(Repository &repository, const QList<LearningPoint> &points)
{
    for (const LearningPoint &p : points) {
        if (p.versionId.isNull() || p.metricType.isEmpty())
            return makeError(Error::InvalidInput, tr("A learning metric needs a model version and a type; nothing was saved."));
    }
    const SqlDialect &d = repository.dialect();
    const QString sql = d.insertSql(Table::LearningMetrics,
        { { QStringLiteral("metric_type"), K::Text }, { QStringLiteral("value"), K::Real },
            { QStringLiteral("entity_type"), K::Text }, { QStringLiteral("entity_id"), K::Uuid },
            { QStringLiteral("timestamp"), K::Time }, { QStringLiteral("context"), K::Json },
            { QStringLiteral("metadata"), K::Json } });
    return repository.inTransaction([&]() -> Result<void> {
        QSqlQuery q(repository.database());
        if (!q.prepare(sql))
            return Repository::queryError(q, tr("Saving learning metrics"));
        for (const LearningPoint &p : points) {
            if (!std::isfinite(p.value))
                continue; // a metric without data to stand on (NaN) is not a measurement
            QJsonObject context = p.context;
            context.insert(QStringLiteral("version"), p.version);
            context.insert(QStringLiteral("component"), p.component.isEmpty() ? QStringLiteral("overall") : p.component);
            q.bindValue(0, p.metricType);
            q.bindValue(1, p.value);
            q.bindValue(2, QStringLiteral("model_version"));
            q.bindValue(3, d.uuid(p.versionId));
            q.bindValue(4, d.time(p.at.isValid() ? p.at : QDateTime::currentDateTimeUtc()));
            q.bindValue(5, d.json(context));
            q.bindValue(6, d.json({}));
            if (!q.exec())
                return Repository::queryError(q, tr("Saving learning metrics"));
        }
        return {};
    });
}

Result<QList<LearningPoint>> LearningStore::history(Repository &repository, const QUuid &versionId)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    QString sql = QLatin1String("SELECT \"timestamp\", metric_type, value, entity_id, context FROM ")
        + d.table(Table::LearningMetrics) + QLatin1String(" WHERE entity_type = 'model_version'");
    if (!versionId.isNull())
        sql += QLatin1String(" AND entity_id = ") + d.placeholder(QStringLiteral("id"), K::Uuid);
    sql += QLatin1String(" ORDER BY \"timestamp\", id");
    if (Result<void> r = MatchSql::exec(q, sql, tr("Reading learning metrics"),
            [&](QSqlQuery &query) {
                if (!versionId.isNull())
                    query.bindValue(QStringLiteral(":id"), d.uuid(versionId));
            });
        !r)
        return r.error();
    QList<LearningPoint> out;
    while (q.next()) {
        LearningPoint p;
        p.at = d.toTime(q.value(0));
        p.metricType = q.value(1).toString();
        p.value = q.value(2).toDouble();
        p.versionId = d.toUuid(q.value(3));
        p.context = d.toJson(q.value(4));
        p.version = p.context.value(QStringLiteral("version")).toString();
        p.component = p.context.value(QStringLiteral("component")).toString();
        out << p;
    }
    return out;
}
