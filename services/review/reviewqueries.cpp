#include "review/reviewqueries.h"

#include "db/repository.h"
#include "matching/matchsql.h"
#include "review/reviewrows.h"
#include "review/reviewsql.h"

#include <QHash>
#include <QSqlQuery>

#include <cmath>

namespace {

using K = SqlDialect::Kind;

QString isTrue(const SqlDialect &d, const QString &column)
{
    return d.backend() == SqlDialect::Sqlite ? column + QLatin1String(" = 1") : column;
}

QString pendingBias(const SqlDialect &d, const QString &jobColumn)
{
    return QLatin1String("EXISTS (SELECT 1 FROM ") + d.table(Table::BiasReports)
        + QLatin1String(" b WHERE b.entity_type = 'job' AND b.entity_id = ") + jobColumn + QLatin1String(" AND ")
        + isTrue(d, QStringLiteral("b.requires_review")) + QLatin1String(" AND b.decision IS NULL)");
}

// The proposals anything happened to: a live lease, a level-2 route, a review (in force or not). Every state but
// "unreviewed" needs one of these, so reads of those states start here instead of scanning every proposal.
QString touchedSql(const SqlDialect &d)
{
    return QLatin1String("(SELECT match_id FROM ") + ReviewSql::leases(d) + QLatin1String(" WHERE expires_at > ")
        + ReviewSql::now(d) + QLatin1String(" UNION SELECT match_id FROM ") + ReviewSql::routes(d)
        + QLatin1String(" UNION SELECT match_id FROM ") + d.table(Table::MatchReviews) + QLatin1Char(')');
}

// The proposals anything happened to whose state is not "unreviewed": lease, route and review reads only, so it
// stays as small as the reviewing done. `me` is the reviewer's placeholder.
QString settledSql(const SqlDialect &d, const QString &me)
{
    return QLatin1String("(SELECT s.match_id FROM (SELECT t.match_id, ")
        + ReviewRows::stateCase(d, QStringLiteral("t.match_id"), QStringLiteral("ls.reviewer"), me)
        + QLatin1String(" AS state FROM ") + touchedSql(d) + QLatin1String(" t LEFT JOIN ") + ReviewSql::leases(d)
        + QLatin1String(" ls ON ls.match_id = t.match_id AND ls.expires_at > ") + ReviewSql::now(d)
        + QLatin1String(") s WHERE s.state <> 'unreviewed')");
}

// Every column of an item, named, over proposal m, job j, user u, profile p and live lease l; over every current
// proposal, or with `touchedOnly` over those touchedSql() names.
QString itemSql(const SqlDialect &d, bool touchedOnly = false)
{
    const QString proposals = touchedOnly ? QString(touchedSql(d) + QLatin1String(" t JOIN ")
                                  + d.table(Table::MatchResults) + QLatin1String(" m ON m.id = t.match_id"))
                                          : QString(d.table(Table::MatchResults) + QLatin1String(" m"));
    return QLatin1String(
               "SELECT m.id AS match_id, m.job_id, m.freelancer_id, COALESCE(m.ranking, 0) AS ranking, "
               "m.ranking AS raw_ranking, m.score, "
               "m.confidence, m.semantic_match, m.skill_match, m.experience_match, m.success_rate_match, "
               "m.region_match, m.budget_match, m.match_factors, m.model_version, j.title AS job_title, "
               "j.description AS job_description, j.region AS job_region, j.category AS job_category, "
               "j.experience_level AS job_experience, j.budget AS job_budget, j.required_skills AS job_skills, ")
        + pendingBias(d, QStringLiteral("m.job_id"))
        + QLatin1String(
            " AS job_bias_pending, u.full_name AS freelancer_name, p.title AS freelancer_title, "
            "p.bio AS freelancer_bio, p.location AS freelancer_location, p.timezone AS freelancer_timezone, "
            "p.skills AS freelancer_skills, p.hourly_rate, p.success_rate, p.experience_years, "
            "l.reviewer AS lease_reviewer, l.expires_at AS lease_expires, ")
        + ReviewRows::stateCase(d, QStringLiteral("m.id"), QStringLiteral("l.reviewer"), QStringLiteral(":me"))
        + QLatin1String(" AS state, ") + ReviewRows::doubleReview(d, QStringLiteral("m.id"))
        + QLatin1String(" AS double_review, ") + ReviewRows::routed(d, QStringLiteral("m.id"))
        + QLatin1String(" AS routed FROM ") + proposals + QLatin1String(" JOIN ") + d.table(Table::Jobs)
        + QLatin1String(" j ON j.id = m.job_id JOIN ") + d.table(Table::Users)
        + QLatin1String(" u ON u.id = m.freelancer_id LEFT JOIN ") + d.table(Table::FreelancerProfiles)
        + QLatin1String(" p ON p.user_id = m.freelancer_id LEFT JOIN ") + ReviewSql::leases(d)
        + QLatin1String(" l ON l.match_id = m.id AND l.expires_at > ") + ReviewSql::now(d) + QLatin1String(" WHERE ")
        + ReviewSql::currentProposal(d, QStringLiteral("m"));
}

struct Where
{
    QString sql;
    QList<std::pair<QString, QVariant>> binds;
};

Where filterWhere(const SqlDialect &d, const ReviewQueueFilter &f)
{
    Where w;
    if (!f.region.isEmpty()) {
        w.sql += QLatin1String(" AND j.region = :region");
        w.binds.append({ QStringLiteral(":region"), f.region });
    }
    if (!f.category.isEmpty()) {
        w.sql += QLatin1String(" AND j.category = :category");
        w.binds.append({ QStringLiteral(":category"), f.category });
    }
    if (!f.modelVersion.isEmpty()) {
        w.sql += QLatin1String(" AND m.model_version = :version");
        w.binds.append({ QStringLiteral(":version"), f.modelVersion });
    }
    if (f.scoreMin > 0) {
        w.sql += QLatin1String(" AND m.score >= :smin");
        w.binds.append({ QStringLiteral(":smin"), f.scoreMin });
    }
    if (f.scoreMax < 1) {
        w.sql += QLatin1String(" AND m.score <= :smax");
        w.binds.append({ QStringLiteral(":smax"), f.scoreMax });
    }
    if (f.biasFlagOnly)
        w.sql += QLatin1String(" AND ") + pendingBias(d, QStringLiteral("m.job_id"));
    if (f.level == 2)
        w.sql += QLatin1String(" AND ") + ReviewRows::routed(d, QStringLiteral("m.id"));
    return w;
}

ReviewItem readItem(const SqlDialect &d, const QSqlQuery &q)
{
    const auto v = [&q](const char *name) { return q.value(QLatin1String(name)); };
    ReviewItem it;
    it.matchId = d.toUuid(v("match_id"));
    it.jobId = d.toUuid(v("job_id"));
    it.freelancerId = d.toUuid(v("freelancer_id"));
    it.ranking = v("ranking").toInt();
    it.score = v("score").toDouble();
    it.confidence = v("confidence").toDouble();
    using C = compute::MatchComponent;
    const std::pair<C, const char *> columns[]
        = { { C::Semantic, "semantic_match" }, { C::Skills, "skill_match" }, { C::Experience, "experience_match" },
              { C::SuccessRate, "success_rate_match" }, { C::Region, "region_match" }, { C::Budget, "budget_match" } };
    for (const auto &[component, column] : columns)
        it.components[std::size_t(component)] = d.toOptionalReal(v(column)).value_or(std::nan(""));
    it.factors = d.toJson(v("match_factors"));
    it.modelVersion = v("model_version").toString();
    it.jobTitle = v("job_title").toString();
    it.jobDescription = v("job_description").toString();
    it.jobRegion = v("job_region").toString();
    it.jobCategory = v("job_category").toString();
    it.jobExperienceLevel = v("job_experience").toString();
    it.jobBudget = v("job_budget").toDouble();
    it.jobSkills = d.toTags(v("job_skills"));
    it.jobBiasPending = v("job_bias_pending").toBool();
    it.freelancerName = v("freelancer_name").toString();
    it.freelancerTitle = v("freelancer_title").toString();
    it.freelancerBio = v("freelancer_bio").toString();
    it.freelancerLocation = v("freelancer_location").toString();
    it.freelancerTimezone = v("freelancer_timezone").toString();
    it.freelancerSkills = d.toTags(v("freelancer_skills"));
    it.hourlyRate = v("hourly_rate").toDouble();
    it.successRate = v("success_rate").toDouble();
    it.experienceYears = v("experience_years").toInt();
    it.leasedBy = v("lease_reviewer").toString();
    it.leaseExpires = d.toTime(v("lease_expires"));
    it.state = stateFromKey(v("state").toString()).value_or(ReviewState::Unreviewed);
    it.doubleReview = v("double_review").toBool();
    it.routedToLevel2 = v("routed").toBool();
    return it;
}

// Fills each item's decisions in force: level 1 sees only the reviewer's own (blind), level 2 sees all.
Result<void> attachDecisions(Repository &r, QList<ReviewItem> &items, int level, const QString &reviewer)
{
    const auto &d = r.dialect();
    QHash<QUuid, qsizetype> at;
    QList<QUuid> ids;
    for (qsizetype i = 0; i < items.size(); ++i) {
        at.insert(items[i].matchId, i);
        ids << items[i].matchId;
    }
    return MatchSql::forChunks(ids, [&](const QList<QUuid> &chunk) -> Result<void> {
        QSqlQuery q(r.database());
        const QString blind = level == 1 ? QStringLiteral(" AND (reviewer = :me OR level = 2)") : QString();
        if (Result<void> ok = MatchSql::exec(q,
                ReviewRows::recordSelect(ReviewSql::current(d)) + QLatin1String(" WHERE match_id IN (")
                    + MatchSql::idList(d, QStringLiteral("i"), chunk.size()) + QLatin1Char(')') + blind
                    + QLatin1String(" ORDER BY decided_at, id"),
                ReviewQueries::tr("Reading match reviews"),
                [&](QSqlQuery &q) {
                    MatchSql::bindIds(q, d, QStringLiteral("i"), chunk);
                    if (level == 1)
                        q.bindValue(QStringLiteral(":me"), d.text(reviewer));
                });
            !ok)
            return ok;
        while (q.next()) {
            const ReviewRecord rec = ReviewRows::record(d, q);
            if (const auto it = at.constFind(rec.matchId); it != at.constEnd())
                items[*it].decisions << rec;
        }
        return {};
    });
}

void bindAll(QSqlQuery &q, const SqlDialect &d, const Where &w, const QString &reviewer)
{
    q.bindValue(QStringLiteral(":me"), d.text(reviewer));
    for (const auto &[name, value] : w.binds)
        q.bindValue(name, value);
}

} // namespace

Result<QList<ReviewItem>> ReviewQueries::queue(
    Repository &repository, const ReviewQueueFilter &filter, const QString &reviewer)
{
    const auto &d = repository.dialect();
    const Where w = filterWhere(d, filter);
    // Unreviewed items (the bulk) come fastest from the proposals in index order; every other state from the
    // few items anything happened to.
    const bool touched = filter.level == 2 || (filter.state && *filter.state != ReviewState::Unreviewed);
    // "Unreviewed" is every proposal but the few settled ones. Said that way the proposals are read in index order
    // and stop at the limit; a filter on each proposal's state instead made PostgreSQL work out the state of all
    // of them first (a million proposals with a hundred decisions: 30 s instead of 0.2 s).
    const bool unreviewed = !touched && filter.state == ReviewState::Unreviewed;
    QString sql = QLatin1String("SELECT * FROM (") + itemSql(d, touched) + w.sql;
    if (unreviewed)
        sql += QLatin1String(" AND m.id NOT IN ") + settledSql(d, QStringLiteral(":me2"));
    sql += QLatin1String(") q");
    if (filter.state && !unreviewed)
        sql += QLatin1String(" WHERE q.state = '") + stateKey(*filter.state) + QLatin1Char('\'');
    sql += QLatin1String(" ORDER BY q.job_id, q.raw_ranking, q.match_id LIMIT :limit");
    QSqlQuery q(repository.database());
    if (Result<void> ok = MatchSql::exec(q, sql, tr("Reading the review queue"),
            [&](QSqlQuery &q) {
                bindAll(q, d, w, reviewer);
                if (unreviewed)
                    q.bindValue(QStringLiteral(":me2"), d.text(reviewer));
                q.bindValue(QStringLiteral(":limit"), std::clamp(filter.limit, 1, 100000));
            });
        !ok)
        return ok.error();
    QList<ReviewItem> items;
    while (q.next())
        items << readItem(d, q);
    if (Result<void> ok = attachDecisions(repository, items, filter.level, reviewer); !ok)
        return ok.error();
    return items;
}

Result<QList<ReviewItem>> ReviewQueries::items(
    Repository &repository, const QList<QUuid> &ids, int level, const QString &reviewer)
{
    const auto &d = repository.dialect();
    QHash<QUuid, ReviewItem> found;
    Result<void> read = MatchSql::forChunks(ids, [&](const QList<QUuid> &chunk) -> Result<void> {
        QSqlQuery q(repository.database());
        if (Result<void> ok = MatchSql::exec(q,
                itemSql(d) + QLatin1String(" AND m.id IN (") + MatchSql::idList(d, QStringLiteral("i"), chunk.size())
                    + QLatin1Char(')'),
                tr("Reading review items"),
                [&](QSqlQuery &q) {
                    q.bindValue(QStringLiteral(":me"), d.text(reviewer));
                    MatchSql::bindIds(q, d, QStringLiteral("i"), chunk);
                });
            !ok)
            return ok;
        while (q.next()) {
            ReviewItem it = readItem(d, q);
            found.insert(it.matchId, std::move(it));
        }
        return {};
    });
    if (!read)
        return read.error();
    QList<ReviewItem> items;
    for (const QUuid &id : ids)
        if (const auto it = found.constFind(id); it != found.constEnd())
            items << *it;
    if (Result<void> ok = attachDecisions(repository, items, level, reviewer); !ok)
        return ok.error();
    return items;
}

Result<ReviewCounts> ReviewQueries::counts(
    Repository &repository, const ReviewQueueFilter &filter, const QString &reviewer)
{
    const auto &d = repository.dialect();
    const Where w = filterWhere(d, filter);
    // The states of the items anything happened to, one by one; at level 1 the rest is unreviewed, counted
    // without evaluating a state per proposal (a million proposals would take seconds).
    QSqlQuery q(repository.database());
    if (Result<void> ok = MatchSql::exec(q,
            QLatin1String("SELECT q.state, count(*) FROM (") + itemSql(d, true) + w.sql
                + QLatin1String(") q GROUP BY q.state"),
            tr("Counting the review queue"), [&](QSqlQuery &q) { bindAll(q, d, w, reviewer); });
        !ok)
        return ok.error();
    ReviewCounts c;
    while (q.next()) {
        const int n = q.value(1).toInt();
        switch (stateFromKey(q.value(0).toString()).value_or(ReviewState::Unreviewed)) {
        case ReviewState::Unreviewed:
            c.unreviewed += n;
            break;
        case ReviewState::Mine:
            c.mine += n;
            break;
        case ReviewState::Flagged:
            c.flagged += n;
            break;
        case ReviewState::WaitingLevel2:
            c.waitingLevel2 += n;
            break;
        case ReviewState::Decided:
            c.decided += n;
            break;
        }
    }
    if (filter.level == 2)
        return c;
    // The job is joined only when a filter reads it: on a million proposals the join costs more than the count.
    const bool byJob = !filter.region.isEmpty() || !filter.category.isEmpty();
    const QString jobs = byJob
        ? QString(QLatin1String(" JOIN ") + d.table(Table::Jobs) + QLatin1String(" j ON j.id = m.job_id"))
        : QString();
    QSqlQuery total(repository.database());
    if (Result<void> ok = MatchSql::exec(total,
            QLatin1String("SELECT count(*) FROM ") + d.table(Table::MatchResults) + QLatin1String(" m") + jobs
                + QLatin1String(" WHERE ") + ReviewSql::currentProposal(d, QStringLiteral("m")) + w.sql,
            tr("Counting the review queue"),
            [&](QSqlQuery &q) {
                for (const auto &[name, value] : w.binds)
                    q.bindValue(name, value);
            });
        !ok)
        return ok.error();
    const int all = total.next() ? total.value(0).toInt() : 0;
    c.unreviewed = std::max(0, all - c.mine - c.flagged - c.waitingLevel2 - c.decided);
    return c;
}

Result<QList<ReviewRecord>> ReviewQueries::decisionsInForce(Repository &repository)
{
    const auto &d = repository.dialect();
    QSqlQuery q(repository.database());
    if (Result<void> ok
        = MatchSql::exec(q, ReviewRows::recordSelect(ReviewSql::current(d)) + QLatin1String(" ORDER BY decided_at, id"),
            tr("Reading match reviews"));
        !ok)
        return ok.error();
    QList<ReviewRecord> records;
    while (q.next())
        records << ReviewRows::record(d, q);
    return records;
}
