#include "fairness/fairnessqueries.h"

#include "db/repository.h"
#include "fairness/fairnessrollup.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FairnessQueries", text);
}

constexpr int MaxPositions = 50;
constexpr qsizetype MaxAttributeLength = 64;

// The review room's view of the decisions in force (neither an undo nor undone), by its schema-qualified name.
QString reviewCurrent(const SqlDialect &d)
{
    return d.backend() == SqlDialect::Sqlite ? QStringLiteral("ai_review_current")
                                             : SqlDialect::quoteIdentifier(d.schemas().ai) + QLatin1String(".review_current");
}

QString isTrue(const SqlDialect &d, const QString &column)
{
    return d.backend() == SqlDialect::Sqlite ? column + QLatin1String(" = 1") : column;
}

QString flag(const QString &condition)
{
    return QLatin1String("CASE WHEN ") + condition + QLatin1String(" THEN 1 ELSE 0 END");
}

// The joins and group expressions that label a freelancer (spelt `freelancer`) with the request's attributes.
struct Grouping
{
    QString joins;
    QStringList columns; // g0, g1
};

Grouping grouping(const SqlDialect &d, const FairnessRequest &request, const QString &freelancer)
{
    Grouping g;
    for (qsizetype i = 0; i < request.attributes.size(); ++i) {
        const QString alias = QStringLiteral("ga%1").arg(i);
        if (request.attributes[i] == jobRegionAttribute()) {
            // Only the stages counted per proposal get here (validate refuses it at the Proposed stage).
            g.joins += QLatin1String(" LEFT JOIN ") + d.table(Table::Jobs) + QLatin1Char(' ') + alias
                + QLatin1String(" ON ") + alias + QLatin1String(".id = m.job_id");
            g.columns << QLatin1String("COALESCE(") + alias + QLatin1String(".region, '')");
        } else if (request.attributes[i] == regionAttribute()) {
            g.joins += QLatin1String(" LEFT JOIN ") + d.table(Table::FreelancerProfiles) + QLatin1Char(' ') + alias
                + QLatin1String(" ON ") + alias + QLatin1String(".user_id = ") + freelancer;
            g.columns << QLatin1String("COALESCE(") + alias + QLatin1String(".location, '')");
        } else {
            g.joins += QLatin1String(" LEFT JOIN ") + d.table(Table::AuditAttributes) + QLatin1Char(' ') + alias
                + QLatin1String(" ON ") + alias + QLatin1String(".user_id = ") + freelancer + QLatin1String(" AND ")
                + alias + QLatin1String(".attribute = :attr") + QString::number(i);
            g.columns << QLatin1String("COALESCE(") + alias + QLatin1String(".value, '')");
        }
    }
    return g;
}

// The proposals' period: created_at from the first day's start to the last day's end (UTC), either open.
QString period(const FairnessRequest &request, const QString &column, const SqlDialect &d)
{
    QString sql;
    if (request.from.isValid())
        sql += QLatin1String(" AND ") + column + QLatin1String(" >= ") + d.placeholder(QStringLiteral("from"), SqlDialect::Time);
    if (request.to.isValid())
        sql += QLatin1String(" AND ") + column + QLatin1String(" < ") + d.placeholder(QStringLiteral("until"), SqlDialect::Time);
    return sql;
}

void bindCommon(QSqlQuery &q, const SqlDialect &d, const FairnessRequest &request, const QString &sql)
{
    for (qsizetype i = 0; i < request.attributes.size(); ++i) {
        const QString name = QStringLiteral(":attr%1").arg(i);
        if (sql.contains(name))
            q.bindValue(name, d.text(request.attributes[i]));
    }
    if (request.from.isValid())
        q.bindValue(QStringLiteral(":from"), d.time(request.from.startOfDay(Qt::UTC)));
    if (request.to.isValid())
        q.bindValue(QStringLiteral(":until"), d.time(request.to.addDays(1).startOfDay(Qt::UTC)));
    if (sql.contains(QLatin1String(":topk")))
        q.bindValue(QStringLiteral(":topk"), request.topK);
    if (sql.contains(QLatin1String(":reviewer")))
        q.bindValue(QStringLiteral(":reviewer"), d.text(request.reviewer));
}

// Current proposals that stand in a job's ranking. Rows of freelancer runs are ranked per freelancer, not per
// job: they are no job's ranking.
QString rankedWhere(const SqlDialect &d, const FairnessRequest &request)
{
    return QLatin1String(" WHERE m.superseded_at IS NULL AND m.ranking IS NOT NULL AND m.ranking BETWEEN 1 AND ")
        + QString::number(MaxPositions) + QLatin1String(" AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT id FROM ")
        + d.table(Table::MatchRuns) + QLatin1String(" WHERE scope = 'freelancer'))")
        + period(request, QStringLiteral("m.created_at"), d);
}

bool touchesAuditAttributes(const FairnessRequest &request)
{
    return std::any_of(request.attributes.begin(), request.attributes.end(),
        [](const QString &a) { return a != regionAttribute() && a != jobRegionAttribute(); });
}

// Runs a counting query; a refusal (SQLSTATE 42501) of the protected attributes becomes the sentence that
// says why, everything else the repository's message.
Result<void> run(QSqlQuery &q, const SqlDialect &d, const FairnessRequest &request, const QString &sql,
    const QString &what)
{
    if (!q.prepare(sql))
        return Repository::queryError(q, what);
    bindCommon(q, d, request, sql);
    if (!q.exec()) {
        if (q.lastError().nativeErrorCode() == QLatin1String("42501") && touchesAuditAttributes(request))
            return makeError(Error::Database, FairnessQueries::refusedSentence());
        return Repository::queryError(q, what);
    }
    return {};
}

} // namespace

namespace FairnessQueries {

QString groupLabel(const QStringList &values)
{
    QStringList parts;
    for (const QString &v : values)
        parts << (v.isEmpty() ? notRecorded() : v);
    return parts.join(intersectionSeparator());
}

QString notRecorded()
{
    return tr("(not recorded)");
}

QString intersectionSeparator()
{
    return QStringLiteral(" × ");
}

QString refusedSentence()
{
    return tr("The database refused to read the protected audit attributes (age band, gender, …): your database "
              "role is not allowed to. Fairness reports on them need the reviewer or admin role, so that "
              "nobody else can link these attributes to people. Ask the workspace's administrator for the role, "
              "or build the report on the region, which is not protected.");
}

Result<void> validate(const FairnessRequest &request)
{
    const auto invalid = [](const QString &message) { return makeError(Error::InvalidInput, message); };
    if (request.attributes.isEmpty())
        return invalid(tr("Choose an attribute to compare groups by."));
    if (request.attributes.size() > 2)
        return invalid(tr("A report compares groups of one attribute or the intersection of two, not more."));
    if (request.attributes.size() == 2 && request.attributes[0] == request.attributes[1])
        return invalid(tr("An intersection needs two different attributes."));
    for (const QString &a : request.attributes)
        if (a.trimmed().isEmpty() || a.size() > MaxAttributeLength)
            return invalid(tr("\"%1\" is not an attribute name.").arg(a));
    if (request.minGroupSize < 1)
        return invalid(tr("The minimum group size must be at least 1."));
    if (request.topK < 1 || request.topK > MaxPositions)
        return invalid(tr("k must be between 1 and %1.").arg(MaxPositions));
    if (request.from.isValid() && request.to.isValid() && request.from > request.to)
        return invalid(tr("The period starts after it ends."));
    if (request.stage == FairnessStage::Proposed && request.attributes.contains(jobRegionAttribute()))
        return invalid(tr("The Proposed stage counts people, who have no job region: choose a later stage to compare "
                          "job regions."));
    if (request.reference == ReferenceGroup::Chosen && request.chosenGroup.isEmpty())
        return invalid(tr("Choose the reference group."));
    return {};
}

Result<QStringList> attributes(Repository &repository)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    const QString sql = QLatin1String("SELECT DISTINCT attribute FROM ") + d.table(Table::AuditAttributes)
        + QLatin1String(" ORDER BY attribute");
    if (!q.exec(sql)) {
        if (q.lastError().nativeErrorCode() == QLatin1String("42501"))
            return makeError(Error::Database, refusedSentence());
        return Repository::queryError(q, tr("Listing the audit attributes"));
    }
    QStringList names { regionAttribute(), jobRegionAttribute() };
    while (q.next())
        if (q.value(0).toString() != regionAttribute() && q.value(0).toString() != jobRegionAttribute())
            names << q.value(0).toString();
    return names;
}

Result<QList<GroupCount>> stageCounts(Repository &repository, const FairnessRequest &request, FairnessStage stage)
{
    if (Result<void> ok = validate(request); !ok)
        return ok.error();
    if (FairnessRollup::answers(request, stage)) {
        if (std::optional<Result<QList<GroupCount>>> cells = FairnessRollup::stageCounts(repository, request, stage))
            return *cells;
        if (touchesAuditAttributes(request))
            return makeError(Error::Database, refusedSentence());
    }
    return rawStageCounts(repository, request, stage);
}

Result<RankingCounts> rankingCounts(Repository &repository, const FairnessRequest &request)
{
    if (Result<void> ok = validate(request); !ok)
        return ok.error();
    if (FairnessRollup::answers(request, FairnessStage::ShownTopK)) {
        if (std::optional<Result<RankingCounts>> cells = FairnessRollup::rankingCounts(repository, request))
            return *cells;
        if (touchesAuditAttributes(request))
            return makeError(Error::Database, refusedSentence());
    }
    return rawRankingCounts(repository, request);
}

Result<QList<GroupCount>> rawStageCounts(Repository &repository, const FairnessRequest &request, FairnessStage stage)
{
    if (Result<void> ok = validate(request); !ok)
        return ok.error();
    const SqlDialect &d = repository.dialect();
    const bool perFreelancer = stage == FairnessStage::Proposed;
    const Grouping g = grouping(d, request, perFreelancer ? QStringLiteral("p.user_id") : QStringLiteral("m.freelancer_id"));
    const QString hired = flag(isTrue(d, QStringLiteral("m.was_hired")));
    const QString reviewer = request.reviewer.isEmpty() ? QString() : QStringLiteral(" AND r.reviewer = :reviewer");

    QString selected, positive = hired, from, where;
    if (perFreelancer) {
        // Who could be proposed: every active freelancer with a profile; selected: proposed at least once.
        selected = flag(QLatin1String("EXISTS (SELECT 1 FROM ") + d.table(Table::MatchResults)
            + QLatin1String(" m WHERE m.freelancer_id = p.user_id AND m.superseded_at IS NULL")
            + period(request, QStringLiteral("m.created_at"), d) + QLatin1Char(')'));
        positive = QStringLiteral("0");
        from = d.table(Table::FreelancerProfiles) + QLatin1String(" p JOIN ") + d.table(Table::Users)
            + QLatin1String(" u ON u.id = p.user_id");
        where = isTrue(d, QStringLiteral("u.is_active"));
    } else {
        from = d.table(Table::MatchResults) + QLatin1String(" m");
        where = QLatin1String("m.superseded_at IS NULL") + period(request, QStringLiteral("m.created_at"), d);
        switch (stage) {
        case FairnessStage::ShownTopK:
            selected = flag(QStringLiteral("m.ranking IS NOT NULL AND m.ranking <= :topk"));
            break;
        case FairnessStage::ApprovedL1:
            // One row per level-1 decision in force: with double review a proposal counts once per reviewer.
            from += QLatin1String(" JOIN ") + reviewCurrent(d) + QLatin1String(" r ON r.match_id = m.id AND r.level = 1")
                + reviewer;
            selected = flag(QStringLiteral("r.decision = 'approve'"));
            break;
        case FairnessStage::FinalDecision: {
            // The decision in force at the highest level, the newest first.
            const QString latest = QLatin1String("(SELECT r.decision FROM ") + reviewCurrent(d)
                + QLatin1String(" r WHERE r.match_id = m.id") + reviewer
                + QLatin1String(" ORDER BY r.level DESC, r.decided_at DESC, r.id DESC LIMIT 1)");
            where += QLatin1String(" AND ") + latest + QLatin1String(" IS NOT NULL");
            selected = flag(latest + QLatin1String(" = 'approve'"));
            break;
        }
        case FairnessStage::Applied:
            selected = flag(isTrue(d, QStringLiteral("m.was_applied")));
            break;
        case FairnessStage::Hired:
            selected = hired;
            positive = QStringLiteral("0");
            break;
        case FairnessStage::Proposed:
            break;
        }
    }
    QStringList inner;
    for (qsizetype i = 0; i < g.columns.size(); ++i)
        inner << g.columns[i] + QStringLiteral(" AS g%1").arg(i);
    QStringList groupBy;
    for (qsizetype i = 0; i < g.columns.size(); ++i)
        groupBy << QStringLiteral("g%1").arg(i);
    const QString sql = QLatin1String("SELECT ") + groupBy.join(QLatin1String(", "))
        + QLatin1String(", COUNT(*), SUM(s), SUM(h), SUM(s * h) FROM (SELECT ") + inner.join(QLatin1String(", "))
        + QLatin1String(", ") + selected + QLatin1String(" AS s, ") + positive + QLatin1String(" AS h FROM ") + from
        + g.joins + QLatin1String(" WHERE ") + where + QLatin1String(") x GROUP BY ") + groupBy.join(QLatin1String(", "));

    QSqlQuery q(repository.database());
    q.setForwardOnly(true);
    if (Result<void> r = run(q, d, request, sql, tr("Counting outcomes per group")); !r)
        return r.error();
    QList<GroupCount> counts;
    const int columns = int(g.columns.size());
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < columns; ++i)
            values << q.value(i).toString();
        counts << GroupCount { groupLabel(values), q.value(columns).toLongLong(), q.value(columns + 1).toLongLong(),
            q.value(columns + 2).toLongLong(), q.value(columns + 3).toLongLong() };
    }
    std::sort(counts.begin(), counts.end(), [](const GroupCount &a, const GroupCount &b) { return a.group < b.group; });
    return counts;
}

Result<RankingCounts> rawRankingCounts(Repository &repository, const FairnessRequest &request)
{
    if (Result<void> ok = validate(request); !ok)
        return ok.error();
    const SqlDialect &d = repository.dialect();
    const Grouping g = grouping(d, request, QStringLiteral("m.freelancer_id"));
    const QString where = rankedWhere(d, request);
    QStringList groupBy;
    for (qsizetype i = 0; i < g.columns.size(); ++i)
        groupBy << g.columns[i];
    const QString sql = QLatin1String("SELECT ") + groupBy.join(QLatin1String(", "))
        + QLatin1String(", m.ranking, COUNT(*), SUM(m.score) FROM ") + d.table(Table::MatchResults)
        + QLatin1String(" m") + g.joins + where + QLatin1String(" GROUP BY ") + groupBy.join(QLatin1String(", "))
        + QLatin1String(", m.ranking");
    QSqlQuery q(repository.database());
    q.setForwardOnly(true);
    if (Result<void> r = run(q, d, request, sql, tr("Counting ranking positions per group")); !r)
        return r.error();
    RankingCounts counts;
    const int columns = int(g.columns.size());
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < columns; ++i)
            values << q.value(i).toString();
        counts.cells << PositionCount { groupLabel(values), q.value(columns).toInt(), q.value(columns + 1).toLongLong(),
            q.value(columns + 2).toDouble() };
    }
    QSqlQuery jobs(repository.database());
    const QString jobSql = QLatin1String("SELECT COUNT(DISTINCT m.job_id) FROM ") + d.table(Table::MatchResults)
        + QLatin1String(" m") + where;
    if (Result<void> r = run(jobs, d, request, jobSql, tr("Counting ranked jobs")); !r)
        return r.error();
    if (jobs.next())
        counts.jobs = jobs.value(0).toInt();
    return counts;
}

void JobRankings::addJob(const QString &jobId, std::vector<std::tuple<int, std::uint32_t, double>> items)
{
    std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) { return std::get<0>(a) < std::get<0>(b); });
    for (const auto &[position, group, score] : items) {
        groupAt.push_back(group);
        scoreAt.push_back(score);
    }
    jobIds << jobId;
    start.push_back(groupAt.size());
}

std::uint32_t JobRankings::groupIndex(const QString &label)
{
    qsizetype i = groups.indexOf(label);
    if (i < 0) {
        groups << label;
        i = groups.size() - 1;
    }
    return std::uint32_t(i);
}

Result<JobRankings> jobRankings(Repository &repository, const FairnessRequest &request)
{
    if (Result<void> ok = validate(request); !ok)
        return ok.error();
    if (FairnessRollup::answersPerJob(request)) {
        if (std::optional<Result<JobRankings>> rows = FairnessRollup::jobRankings(repository, request))
            return *rows;
        if (touchesAuditAttributes(request))
            return makeError(Error::Database, refusedSentence());
    }
    return rawJobRankings(repository, request);
}

Result<JobRankings> rawJobRankings(Repository &repository, const FairnessRequest &request)
{
    if (Result<void> ok = validate(request); !ok)
        return ok.error();
    const SqlDialect &d = repository.dialect();
    const Grouping g = grouping(d, request, QStringLiteral("m.freelancer_id"));
    const QString sql = QLatin1String("SELECT m.job_id, m.ranking, m.score, ") + g.columns.join(QLatin1String(", "))
        + QLatin1String(" FROM ") + d.table(Table::MatchResults) + QLatin1String(" m") + g.joins + rankedWhere(d, request)
        + QLatin1String(" ORDER BY m.job_id, m.ranking");
    QSqlQuery q(repository.database());
    q.setForwardOnly(true);
    if (Result<void> r = run(q, d, request, sql, tr("Reading each job's ranking")); !r)
        return r.error();
    JobRankings rankings;
    const int columns = int(g.columns.size());
    QString job;
    std::vector<std::tuple<int, std::uint32_t, double>> items;
    QHash<QString, std::uint32_t> seen;
    while (q.next()) {
        const QString id = q.value(0).toString();
        if (id != job && !items.empty()) {
            rankings.addJob(QUuid::fromString(job).toString(QUuid::WithoutBraces), std::move(items));
            items.clear();
        }
        job = id;
        QStringList values;
        for (int i = 0; i < columns; ++i)
            values << q.value(3 + i).toString();
        const QString label = groupLabel(values);
        auto at = seen.constFind(label);
        if (at == seen.constEnd())
            at = seen.insert(label, rankings.groupIndex(label));
        items.emplace_back(q.value(1).toInt(), *at, q.value(2).toDouble());
    }
    if (!items.empty())
        rankings.addJob(QUuid::fromString(job).toString(QUuid::WithoutBraces), std::move(items));
    return rankings;
}

Result<QHash<QString, QString>> jobTitles(Repository &repository, const QStringList &jobIds)
{
    QHash<QString, QString> titles;
    if (jobIds.isEmpty())
        return titles;
    const SqlDialect &d = repository.dialect();
    QStringList placeholders;
    for (qsizetype i = 0; i < jobIds.size(); ++i)
        placeholders << d.placeholder(QStringLiteral("j%1").arg(i), SqlDialect::Uuid);
    QSqlQuery q(repository.database());
    if (!q.prepare(QLatin1String("SELECT id, title FROM ") + d.table(Table::Jobs) + QLatin1String(" WHERE id IN (")
            + placeholders.join(QLatin1String(", ")) + QLatin1Char(')')))
        return Repository::queryError(q, tr("Reading the jobs' titles"));
    for (qsizetype i = 0; i < jobIds.size(); ++i)
        q.bindValue(QStringLiteral(":j%1").arg(i), d.uuid(QUuid::fromString(jobIds[i])));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the jobs' titles"));
    while (q.next())
        titles.insert(d.toUuid(q.value(0)).toString(QUuid::WithoutBraces), q.value(1).toString());
    return titles;
}

} // namespace FairnessQueries
