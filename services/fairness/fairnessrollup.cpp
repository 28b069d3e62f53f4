#include "fairness/fairnessrollup.h"

#include "db/repository.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <charconv>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FairnessQueries", text);
}

// A position cell of a proposal without a ranking (the migration's sentinel).
constexpr qint64 Unranked = -2147483648LL;
constexpr int MaxPositions = 50;

QString table(const SqlDialect &d, const QString &name)
{
    if (d.backend() == SqlDialect::Sqlite)
        return QLatin1String("ai_") + name;
    return SqlDialect::quoteIdentifier(d.schemas().ai) + QLatin1Char('.') + name;
}

// The group expression of each requested attribute over a cell `x` joined to its class `c`.
QStringList groupColumns(const SqlDialect &d, const FairnessRequest &request)
{
    QStringList columns;
    for (qsizetype i = 0; i < request.attributes.size(); ++i) {
        const QString &a = request.attributes[i];
        if (a == regionAttribute())
            columns << QStringLiteral("c.region");
        else if (a == jobRegionAttribute())
            columns << QStringLiteral("x.job_region");
        else if (d.backend() == SqlDialect::Sqlite)
            columns << QStringLiteral("COALESCE(json_extract(c.attributes, '$.' || json_quote(:attr%1)), '')").arg(i);
        else
            columns << QStringLiteral("COALESCE(c.attributes ->> :attr%1, '')").arg(i);
    }
    return columns;
}

// GROUP BY 1, 2, …: a bound attribute name in the select list and again in GROUP BY would be two parameters,
// which PostgreSQL does not take for the same expression.
QString ordinals(qsizetype count)
{
    QStringList n;
    for (qsizetype i = 1; i <= count; ++i)
        n << QString::number(i);
    return n.join(QLatin1String(", "));
}

QString period(const FairnessRequest &request)
{
    QString sql;
    if (request.from.isValid())
        sql += QLatin1String(" AND day >= :fromday");
    if (request.to.isValid())
        sql += QLatin1String(" AND day <= :today");
    return sql;
}

void bind(QSqlQuery &q, const SqlDialect &d, const FairnessRequest &request, const QString &sql)
{
    for (qsizetype i = 0; i < request.attributes.size(); ++i) {
        const QString name = QStringLiteral(":attr%1").arg(i);
        if (sql.contains(name))
            q.bindValue(name, d.text(request.attributes[i]));
    }
    // Days as ISO text: a date on PostgreSQL (cast in the SQL), the stored text on SQLite.
    if (sql.contains(QLatin1String(":fromday")))
        q.bindValue(QStringLiteral(":fromday"), request.from.toString(Qt::ISODate));
    if (sql.contains(QLatin1String(":today")))
        q.bindValue(QStringLiteral(":today"), request.to.toString(Qt::ISODate));
    if (sql.contains(QLatin1String(":topk")))
        q.bindValue(QStringLiteral(":topk"), request.topK);
    if (sql.contains(QLatin1String(":reviewer")))
        q.bindValue(QStringLiteral(":reviewer"), d.text(request.reviewer));
}

QString castDays(const SqlDialect &d, QString sql)
{
    if (d.backend() == SqlDialect::Postgres)
        sql.replace(QLatin1String(":fromday"), QLatin1String("CAST(:fromday AS date)"))
            .replace(QLatin1String(":today"), QLatin1String("CAST(:today AS date)"));
    return sql;
}

// nullopt on a refusal; otherwise the repository's message or nothing.
std::optional<Result<void>> run(
    QSqlQuery &q, const SqlDialect &d, const FairnessRequest &request, const QString &sql, const QString &what)
{
    if (!q.prepare(sql)) {
        if (q.lastError().nativeErrorCode() == QLatin1String("42501"))
            return std::nullopt;
        return Result<void>(Repository::queryError(q, what));
    }
    bind(q, d, request, sql);
    if (!q.exec()) {
        if (q.lastError().nativeErrorCode() == QLatin1String("42501"))
            return std::nullopt;
        return Result<void>(Repository::queryError(q, what));
    }
    return Result<void>();
}

QStringList values(const QSqlQuery &q, int columns)
{
    QStringList v;
    for (int i = 0; i < columns; ++i)
        v << q.value(i).toString();
    return v;
}

} // namespace

namespace FairnessRollup {

bool answers(const FairnessRequest &request, FairnessStage stage)
{
    switch (stage) {
    case FairnessStage::Proposed:
        return !request.from.isValid() && !request.to.isValid() && !request.attributes.contains(jobRegionAttribute());
    case FairnessStage::FinalDecision:
        return false;
    case FairnessStage::ShownTopK:
    case FairnessStage::ApprovedL1:
    case FairnessStage::Applied:
    case FairnessStage::Hired:
        return true;
    }
    return false;
}

std::optional<Result<QList<FairnessQueries::GroupCount>>> stageCounts(
    Repository &repository, const FairnessRequest &request, FairnessStage stage)
{
    const SqlDialect &d = repository.dialect();
    // Each branch sums its cells per class and job region first, so the join to the classes sees few rows.
    QString inner;
    const QString shown = QStringLiteral("position <> %1 AND position <= :topk").arg(Unranked);
    const QString cells = table(d, QStringLiteral("fairness_match_cells"));
    switch (stage) {
    case FairnessStage::Proposed:
        inner = QLatin1String("SELECT class_id, '' AS job_region, eligible AS n, proposed AS s, 0 AS h, 0 AS sh FROM ")
            + table(d, QStringLiteral("fairness_class_people"));
        break;
    case FairnessStage::ShownTopK:
        inner = QLatin1String("SELECT class_id, job_region, SUM(n) AS n, SUM(CASE WHEN ") + shown
            + QLatin1String(" THEN n ELSE 0 END) AS s, SUM(hired) AS h, SUM(CASE WHEN ") + shown
            + QLatin1String(" THEN hired ELSE 0 END) AS sh FROM ") + cells + QLatin1String(" WHERE 1 = 1")
            + period(request) + QLatin1String(" GROUP BY class_id, job_region");
        break;
    case FairnessStage::Applied:
        inner = QLatin1String("SELECT class_id, job_region, SUM(n) AS n, SUM(applied) AS s, SUM(hired) AS h, "
                              "SUM(applied_hired) AS sh FROM ")
            + cells + QLatin1String(" WHERE 1 = 1") + period(request) + QLatin1String(" GROUP BY class_id, job_region");
        break;
    case FairnessStage::Hired:
        inner = QLatin1String("SELECT class_id, job_region, SUM(n) AS n, SUM(hired) AS s, 0 AS h, 0 AS sh FROM ")
            + cells + QLatin1String(" WHERE 1 = 1") + period(request) + QLatin1String(" GROUP BY class_id, job_region");
        break;
    case FairnessStage::ApprovedL1:
        inner = QLatin1String("SELECT class_id, job_region, SUM(n) AS n, SUM(approved) AS s, SUM(hired) AS h, "
                              "SUM(approved_hired) AS sh FROM ")
            + table(d, QStringLiteral("fairness_review_cells")) + QLatin1String(" WHERE 1 = 1") + period(request)
            + (request.reviewer.isEmpty() ? QString() : QStringLiteral(" AND reviewer = :reviewer"))
            + QLatin1String(" GROUP BY class_id, job_region");
        break;
    case FairnessStage::FinalDecision:
        return Result<QList<FairnessQueries::GroupCount>>(
            makeError(Error::InvalidInput, tr("The final decision is not counted in the pre-aggregated cells.")));
    }
    const QStringList columns = groupColumns(d, request);
    const QString sql = castDays(d,
        QLatin1String("SELECT ") + columns.join(QLatin1String(", "))
            + QLatin1String(", SUM(x.n), SUM(x.s), SUM(x.h), SUM(x.sh) FROM (") + inner + QLatin1String(") x JOIN ")
            + table(d, QStringLiteral("fairness_classes")) + QLatin1String(" c ON c.id = x.class_id GROUP BY ")
            + ordinals(columns.size()));
    QSqlQuery q(repository.database());
    q.setForwardOnly(true);
    const std::optional<Result<void>> ok = run(q, d, request, sql, tr("Counting outcomes per group"));
    if (!ok)
        return std::nullopt;
    if (!*ok)
        return Result<QList<FairnessQueries::GroupCount>>(ok->error());
    QList<FairnessQueries::GroupCount> counts;
    const int n = int(columns.size());
    while (q.next()) {
        FairnessQueries::GroupCount c { FairnessQueries::groupLabel(values(q, n)), q.value(n).toLongLong(),
            q.value(n + 1).toLongLong(), q.value(n + 2).toLongLong(), q.value(n + 3).toLongLong() };
        // The Proposed stage's classes stay listed after their last person left.
        if (c.n > 0)
            counts << c;
    }
    std::sort(counts.begin(), counts.end(),
        [](const FairnessQueries::GroupCount &a, const FairnessQueries::GroupCount &b) { return a.group < b.group; });
    return Result<QList<FairnessQueries::GroupCount>>(counts);
}

std::optional<Result<FairnessQueries::RankingCounts>> rankingCounts(
    Repository &repository, const FairnessRequest &request)
{
    using R = Result<FairnessQueries::RankingCounts>;
    const SqlDialect &d = repository.dialect();
    const QStringList columns = groupColumns(d, request);
    const QString sql = castDays(d,
        QLatin1String("SELECT ") + columns.join(QLatin1String(", "))
            + QLatin1String(", x.position, SUM(x.n), SUM(x.score_sum) FROM (SELECT class_id, job_region, position, "
                            "SUM(n) AS n, SUM(score_sum) AS score_sum FROM ")
            + table(d, QStringLiteral("fairness_match_cells"))
            + QStringLiteral(" WHERE job_scope AND position BETWEEN 1 AND %1").arg(MaxPositions) + period(request)
            + QLatin1String(" GROUP BY class_id, job_region, position) x JOIN ")
            + table(d, QStringLiteral("fairness_classes")) + QLatin1String(" c ON c.id = x.class_id GROUP BY ")
            + ordinals(columns.size() + 1));
    QSqlQuery q(repository.database());
    q.setForwardOnly(true);
    const std::optional<Result<void>> ok = run(q, d, request, sql, tr("Counting ranking positions per group"));
    if (!ok)
        return std::nullopt;
    if (!*ok)
        return R(ok->error());
    FairnessQueries::RankingCounts counts;
    const int n = int(columns.size());
    while (q.next())
        counts.cells << FairnessQueries::PositionCount { FairnessQueries::groupLabel(values(q, n)), q.value(n).toInt(),
            q.value(n + 1).toLongLong(), q.value(n + 2).toDouble() };
    QSqlQuery jobs(repository.database());
    const QString jobSql = castDays(d,
        QLatin1String("SELECT COUNT(DISTINCT job_id) FROM ") + table(d, QStringLiteral("fairness_ranked_jobs"))
            + QLatin1String(" WHERE 1 = 1") + period(request));
    const std::optional<Result<void>> jobsOk = run(jobs, d, request, jobSql, tr("Counting ranked jobs"));
    if (!jobsOk)
        return std::nullopt;
    if (!*jobsOk)
        return R(jobsOk->error());
    if (jobs.next())
        counts.jobs = jobs.value(0).toInt();
    return R(counts);
}

bool answersPerJob(const FairnessRequest &request)
{
    return !request.attributes.contains(jobRegionAttribute());
}

// One row per job and day: its proposals as "position:class:score" joined by commas, in ranking order.
QString jobRankingsSql(const SqlDialect &d, const FairnessRequest &request)
{
    return castDays(d,
        QLatin1String("SELECT job_id, items FROM ") + table(d, QStringLiteral("fairness_job_rankings"))
            + QLatin1String(" WHERE 1 = 1") + period(request) + QLatin1String(" ORDER BY job_id"));
}

std::optional<Result<FairnessQueries::JobRankings>> jobRankings(Repository &repository, const FairnessRequest &request)
{
    using R = Result<FairnessQueries::JobRankings>;
    const SqlDialect &d = repository.dialect();
    const QStringList columns = groupColumns(d, request);
    QSqlQuery classes(repository.database());
    classes.setForwardOnly(true);
    const QString classSql = QLatin1String("SELECT c.id, ") + columns.join(QLatin1String(", ")) + QLatin1String(" FROM ")
        + table(d, QStringLiteral("fairness_classes")) + QLatin1String(" c");
    const std::optional<Result<void>> ok = run(classes, d, request, classSql, tr("Reading each job's ranking"));
    if (!ok)
        return std::nullopt;
    if (!*ok)
        return R(ok->error());
    QHash<int, QString> labelOf;
    while (classes.next()) {
        QStringList v;
        for (int i = 0; i < columns.size(); ++i)
            v << classes.value(1 + i).toString();
        labelOf.insert(classes.value(0).toInt(), FairnessQueries::groupLabel(v));
    }
    // Not forward-only: the PostgreSQL driver then fetches every row in one result instead of one round of the
    // protocol per row (100,000 rows here).
    QSqlQuery q(repository.database());
    const QString sql = jobRankingsSql(d, request);
    const std::optional<Result<void>> rowsOk = run(q, d, request, sql, tr("Reading each job's ranking"));
    if (!rowsOk)
        return std::nullopt;
    if (!*rowsOk)
        return R(rowsOk->error());
    FairnessQueries::JobRankings rankings;
    QHash<int, std::uint32_t> indexOf;
    QString job;
    std::vector<std::tuple<int, std::uint32_t, double>> items;
    while (q.next()) {
        const QString id = QUuid::fromString(q.value(0).toString()).toString(QUuid::WithoutBraces);
        if (id != job && !items.empty()) {
            rankings.addJob(job, std::move(items));
            items.clear();
        }
        job = id;
        // Digits only: Latin-1 bytes and std::from_chars (three million numbers at a million proposals).
        const QByteArray text = q.value(1).toString().toLatin1();
        const char *at = text.constData(), *end = at + text.size();
        while (at < end) {
            int position = 0, classId = 0;
            double score = 0;
            at = std::from_chars(at, end, position).ptr + 1; // past ':'
            at = std::from_chars(std::min(at, end), end, classId).ptr + 1;
            at = std::from_chars(std::min(at, end), end, score).ptr + 1; // past ','
            auto group = indexOf.constFind(classId);
            if (group == indexOf.constEnd())
                group = indexOf.insert(classId, rankings.groupIndex(labelOf.value(classId, FairnessQueries::notRecorded())));
            items.emplace_back(position, *group, score);
        }
    }
    if (!items.empty())
        rankings.addJob(job, std::move(items));
    return R(rankings);
}

} // namespace FairnessRollup
