#include "matching/matchqueries.h"

#include "db/repository.h"
#include "matching/matchsql.h"

#include <QSet>
#include <QSqlQuery>

#include <cmath>

namespace {

using K = SqlDialect::Kind;
using C = compute::MatchComponent;

QString isTrue(const SqlDialect &d, const QString &column)
{
    return d.backend() == SqlDialect::Sqlite ? column + QLatin1String(" = 1") : column;
}

// A bias report on job `jobColumn` that requires review and has no decision yet.
QString pendingBias(const SqlDialect &d, const QString &jobColumn)
{
    return QLatin1String("EXISTS (SELECT 1 FROM ") + d.table(Table::BiasReports)
        + QLatin1String(" b WHERE b.entity_type = 'job' AND b.entity_id = ") + jobColumn + QLatin1String(" AND ")
        + isTrue(d, QStringLiteral("b.requires_review")) + QLatin1String(" AND b.decision IS NULL)");
}

QString likePattern(QString word)
{
    word.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    word.replace(QLatin1Char('%'), QLatin1String("\\%"));
    word.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + word.toLower() + QLatin1Char('%');
}

QString candidateSql(const SqlDialect &d, const QString &where, const QString &order)
{
    return QLatin1String("SELECT m.id, m.job_id, m.freelancer_id, u.full_name, p.title, p.hourly_rate, j.title, "
                         "j.budget, m.ranking, m.score, m.confidence, m.semantic_match, m.skill_match, "
                         "m.experience_match, m.success_rate_match, m.region_match, m.budget_match, m.match_factors, "
                         "m.model_version, m.run_id, m.created_at, m.was_viewed, m.was_applied, m.was_hired, "
                         "(SELECT r.decision FROM ")
        + d.table(Table::MatchReviews)
        + QLatin1String(" r WHERE r.match_id = m.id ORDER BY r.level DESC, r.decided_at DESC, r.id DESC LIMIT 1), "
                        "CASE WHEN ")
        + MatchSql::jobRanked(d, QStringLiteral("m.run_id")) + QLatin1String(" THEN 0 ELSE 1 END FROM ")
        + d.table(Table::MatchResults) + QLatin1String(" m JOIN ") + d.table(Table::Jobs)
        + QLatin1String(" j ON j.id = m.job_id JOIN ") + d.table(Table::Users)
        + QLatin1String(" u ON u.id = m.freelancer_id LEFT JOIN ") + d.table(Table::FreelancerProfiles)
        + QLatin1String(" p ON p.user_id = m.freelancer_id WHERE m.superseded_at IS NULL AND ") + where
        + QLatin1String(" ORDER BY ") + order;
}

MatchCandidateRow readCandidate(const SqlDialect &d, const QSqlQuery &q)
{
    MatchCandidateRow c;
    c.matchId = d.toUuid(q.value(0));
    c.jobId = d.toUuid(q.value(1));
    c.freelancerId = d.toUuid(q.value(2));
    c.freelancerName = q.value(3).toString();
    c.freelancerTitle = q.value(4).toString();
    c.hourlyRate = q.value(5).toDouble();
    c.jobTitle = q.value(6).toString();
    c.budget = q.value(7).toDouble();
    c.ranking = q.value(8).toInt();
    c.score = q.value(9).toDouble();
    c.confidence = q.value(10).toDouble();
    const C order[] = { C::Semantic, C::Skills, C::Experience, C::SuccessRate, C::Region, C::Budget };
    for (int i = 0; i < 6; ++i)
        c.components[std::size_t(order[i])] = d.toOptionalReal(q.value(11 + i)).value_or(std::nan(""));
    c.factors = d.toJson(q.value(17));
    c.modelVersion = q.value(18).toString();
    c.runId = d.toUuid(q.value(19));
    c.createdAt = d.toTime(q.value(20));
    c.wasViewed = q.value(21).toBool();
    c.wasApplied = q.value(22).toBool();
    c.wasHired = q.value(23).toBool();
    c.latestDecision = q.value(24).toString();
    c.fromFreelancerRun = q.value(25).toInt() == 1;
    return c;
}

Result<QList<MatchCandidateRow>> readCandidates(
    Repository &repository, const QString &sql, const QUuid &id, const QString &what)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    if (Result<void> r = MatchSql::exec(
            q, sql, what, [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":id"), d.uuid(id)); });
        !r)
        return r.error();
    QList<MatchCandidateRow> out;
    while (q.next())
        out << readCandidate(d, q);
    return out;
}

} // namespace

Result<QList<MatchJobRow>> MatchQueries::jobs(Repository &repository, const MatchJobFilter &filter)
{
    const SqlDialect &d = repository.dialect();
    QStringList where { QStringLiteral("1 = 1") };
    QList<std::pair<QString, QVariant>> binds;
    const auto equals = [&](const QString &column, const QString &value, const QString &name) {
        if (value.isEmpty())
            return;
        where << column + QLatin1String(" = :") + name;
        binds << std::pair { QLatin1Char(':') + name, QVariant(value) };
    };
    equals(QStringLiteral("j.status"), filter.status, QStringLiteral("status"));
    equals(QStringLiteral("j.region"), filter.region, QStringLiteral("region"));
    equals(QStringLiteral("j.category"), filter.category, QStringLiteral("category"));
    const QStringList words = filter.words.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString name = QStringLiteral("w%1").arg(i);
        where << QStringLiteral("(lower(j.title) LIKE :%1 ESCAPE '\\' OR lower(j.description) LIKE :%1 ESCAPE '\\')").arg(name);
        binds << std::pair { QLatin1Char(':') + name, QVariant(likePattern(words[i])) };
    }
    if (filter.biasPendingOnly)
        where << pendingBias(d, QStringLiteral("j.id"));
    const QString sql = QLatin1String("SELECT j.id, j.title, j.category, j.region, j.status, j.budget, "
                                      "j.experience_level, j.required_skills, j.created_at, (SELECT count(*) FROM ")
        + d.table(Table::MatchResults) + QLatin1String(" m WHERE m.job_id = j.id AND m.superseded_at IS NULL AND ")
        + MatchSql::jobRanked(d, QStringLiteral("m.run_id")) + QLatin1String("), CASE WHEN ")
        + pendingBias(d, QStringLiteral("j.id")) + QLatin1String(" THEN 1 ELSE 0 END FROM ") + d.table(Table::Jobs)
        + QLatin1String(" j WHERE ") + where.join(QLatin1String(" AND "))
        + QLatin1String(" ORDER BY j.created_at DESC, j.id LIMIT ") + QString::number(std::max(1, filter.limit));
    QSqlQuery q(repository.database());
    if (Result<void> r = MatchSql::exec(q, sql, tr("Reading jobs"),
            [&](QSqlQuery &query) {
                for (const auto &[name, value] : binds)
                    query.bindValue(name, value);
            });
        !r)
        return r.error();
    QList<MatchJobRow> out;
    while (q.next()) {
        MatchJobRow row;
        row.id = d.toUuid(q.value(0));
        row.title = q.value(1).toString();
        row.category = q.value(2).toString();
        row.region = q.value(3).toString();
        row.status = q.value(4).toString();
        row.budget = q.value(5).toDouble();
        row.experienceLevel = q.value(6).toString();
        row.requiredSkills = d.toTags(q.value(7));
        row.createdAt = d.toTime(q.value(8));
        row.currentProposals = q.value(9).toInt();
        row.biasPending = q.value(10).toInt() == 1;
        out << row;
    }
    return out;
}

Result<QList<MatchCandidateRow>> MatchQueries::candidates(Repository &repository, const QUuid &jobId)
{
    const SqlDialect &d = repository.dialect();
    const QString sql = candidateSql(d,
        QLatin1String("m.job_id = ") + d.placeholder(QStringLiteral("id"), K::Uuid) + QLatin1String(" AND ")
            + MatchSql::jobRanked(d, QStringLiteral("m.run_id")),
        QStringLiteral("m.ranking, m.score DESC, m.freelancer_id"));
    return readCandidates(repository, sql, jobId, tr("Reading the job's candidates"));
}

Result<QList<MatchCandidateRow>> MatchQueries::freelancerProposals(
    Repository &repository, const QUuid &freelancerId, int limit)
{
    const SqlDialect &d = repository.dialect();
    QString sql = candidateSql(d, QLatin1String("m.freelancer_id = ") + d.placeholder(QStringLiteral("id"), K::Uuid),
        QStringLiteral("m.score DESC, m.job_id"));
    if (limit > 0)
        sql += QLatin1String(" LIMIT ") + QString::number(limit);
    return readCandidates(repository, sql, freelancerId, tr("Reading the freelancer's proposals"));
}

Result<QList<MatchAlert>> MatchQueries::alerts(Repository &repository)
{
    const SqlDialect &d = repository.dialect();
    const QString sql = QLatin1String("SELECT j.id, j.title, count(m.id), max(m.created_at), b.id, b.bias_score, "
                                      "b.categories FROM ")
        + d.table(Table::Jobs) + QLatin1String(" j JOIN ") + d.table(Table::MatchResults)
        + QLatin1String(" m ON m.job_id = j.id AND m.superseded_at IS NULL JOIN ") + d.table(Table::BiasReports)
        + QLatin1String(" b ON b.entity_type = 'job' AND b.entity_id = j.id AND ")
        + isTrue(d, QStringLiteral("b.requires_review"))
        + QLatin1String(" AND b.decision IS NULL GROUP BY j.id, j.title, b.id, b.bias_score, b.categories "
                        "ORDER BY max(m.created_at) DESC, j.id, b.bias_score DESC");
    QSqlQuery q(repository.database());
    if (Result<void> r = MatchSql::exec(q, sql, tr("Reading match alerts")); !r)
        return r.error();
    QList<MatchAlert> out;
    QSet<QUuid> seen;
    while (q.next()) {
        MatchAlert a;
        a.jobId = d.toUuid(q.value(0));
        if (seen.contains(a.jobId))
            continue; // several pending reports on one job: the first (highest score) speaks for it
        seen.insert(a.jobId);
        a.jobTitle = q.value(1).toString();
        a.proposals = q.value(2).toInt();
        a.proposedAt = d.toTime(q.value(3));
        a.biasReportId = d.toUuid(q.value(4));
        a.biasScore = q.value(5).toDouble();
        a.categories = d.toTags(q.value(6));
        out << a;
    }
    return out;
}
