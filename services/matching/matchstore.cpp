#include "matching/matchstore.h"

#include "db/repository.h"
#include "matching/matchsql.h"

#include <QSqlQuery>

namespace {

using C = compute::MatchComponent;
using K = SqlDialect::Kind;

// The columns a proposal fills, in binding order; the outcome flags keep their defaults (false).
const QList<std::pair<QString, K>> &proposalColumns()
{
    static const QList<std::pair<QString, K>> columns {
        { QStringLiteral("id"), K::Uuid }, { QStringLiteral("job_id"), K::Uuid },
        { QStringLiteral("freelancer_id"), K::Uuid }, { QStringLiteral("score"), K::Real },
        { QStringLiteral("confidence"), K::Real }, { QStringLiteral("ranking"), K::Integer },
        { QStringLiteral("skill_match"), K::Real }, { QStringLiteral("experience_match"), K::Real },
        { QStringLiteral("success_rate_match"), K::Real }, { QStringLiteral("region_match"), K::Real },
        { QStringLiteral("semantic_match"), K::Real }, { QStringLiteral("budget_match"), K::Real },
        { QStringLiteral("match_factors"), K::Json }, { QStringLiteral("model_version"), K::Text },
        { QStringLiteral("created_at"), K::Time }, { QStringLiteral("run_id"), K::Uuid },
    };
    return columns;
}

QString positional(const SqlDialect &d, K kind)
{
    if (d.backend() == SqlDialect::Sqlite)
        return QStringLiteral("?");
    switch (kind) {
    case K::Uuid:
        return QStringLiteral("?::uuid");
    case K::Json:
        return QStringLiteral("?::jsonb");
    case K::Time:
        return QStringLiteral("?::timestamptz");
    default:
        return QStringLiteral("?");
    }
}

// INSERT … VALUES (…), (…) for `rows` rows with positional placeholders.
QString insertSql(const SqlDialect &d, int rows)
{
    QStringList names, values;
    for (const auto &[name, kind] : proposalColumns()) {
        names << name;
        values << positional(d, kind);
    }
    const QString tuple = QLatin1Char('(') + values.join(QLatin1String(", ")) + QLatin1Char(')');
    QString sql = QLatin1String("INSERT INTO ") + d.table(Table::MatchResults) + QLatin1String(" (")
        + names.join(QLatin1String(", ")) + QLatin1String(") VALUES ");
    sql.reserve(sql.size() + rows * (tuple.size() + 2));
    for (int r = 0; r < rows; ++r) {
        if (r > 0)
            sql += QLatin1String(", ");
        sql += tuple;
    }
    return sql;
}

struct RowBinder
{
    const SqlDialect &d;
    QVariant version, createdAt, runId;

    void bind(QSqlQuery &q, int &at, const MatchProposal &p) const
    {
        q.bindValue(at++, d.uuid(QUuid::createUuid()));
        q.bindValue(at++, d.uuid(p.jobId));
        q.bindValue(at++, d.uuid(p.freelancerId));
        q.bindValue(at++, p.score);
        q.bindValue(at++, p.confidence);
        q.bindValue(at++, p.ranking);
        for (C c : { C::Skills, C::Experience, C::SuccessRate, C::Region, C::Semantic, C::Budget })
            q.bindValue(at++, double(p.components[c]));
        q.bindValue(at++, d.json(p.factors));
        q.bindValue(at++, version);
        q.bindValue(at++, createdAt);
        q.bindValue(at++, runId);
    }
};

Result<void> insertStatements(Repository &repository, const RowBinder &binder, const std::vector<MatchProposal> &rows)
{
    QSqlQuery q(repository.database());
    if (!q.prepare(insertSql(repository.dialect(), 1)))
        return Repository::queryError(q, MatchStore::tr("Saving proposals"));
    for (const MatchProposal &p : rows) {
        int at = 0;
        binder.bind(q, at, p);
        if (!q.exec())
            return Repository::queryError(q, MatchStore::tr("Saving proposals"));
    }
    return {};
}

Result<void> insertMultiRow(Repository &repository, const RowBinder &binder, const std::vector<MatchProposal> &rows)
{
    QSqlQuery full(repository.database());
    bool fullPrepared = false;
    for (std::size_t at = 0; at < rows.size(); at += MatchStore::MultiRowBatch) {
        const int n = int(std::min<std::size_t>(MatchStore::MultiRowBatch, rows.size() - at));
        QSqlQuery partial(repository.database());
        QSqlQuery &q = n == MatchStore::MultiRowBatch ? full : partial;
        if (&q == &partial || !fullPrepared) {
            if (!q.prepare(insertSql(repository.dialect(), n)))
                return Repository::queryError(q, MatchStore::tr("Saving proposals"));
            fullPrepared = fullPrepared || &q == &full;
        }
        int index = 0;
        for (int r = 0; r < n; ++r)
            binder.bind(q, index, rows[at + std::size_t(r)]);
        if (!q.exec())
            return Repository::queryError(q, MatchStore::tr("Saving proposals"));
    }
    return {};
}

MatchRunRecord readRun(const SqlDialect &d, const QSqlQuery &q)
{
    MatchRunRecord r;
    r.id = d.toUuid(q.value(0));
    r.scope = scopeFromKey(q.value(1).toString()).value_or(MatchScope::OpenJobs);
    r.parameters = d.toJson(q.value(2));
    r.modelVersion = q.value(3).toString();
    r.startedBy = q.value(4).toString();
    r.startedAt = d.toTime(q.value(5));
    r.finishedAt = d.toTime(q.value(6));
    r.status = q.value(7).toString();
    r.queries = q.value(8).toLongLong();
    r.pairsScored = q.value(9).toLongLong();
    r.proposals = q.value(10).toLongLong();
    r.timings = d.toJson(q.value(11));
    r.error = q.value(12).toString();
    return r;
}

QString runColumns(const SqlDialect &d)
{
    return QLatin1String("SELECT id, scope, parameters, model_version, started_by, started_at, finished_at, status, "
                         "queries, pairs_scored, proposals, timings, error FROM ")
        + d.table(Table::MatchRuns);
}

// On PostgreSQL the session running a match run holds an advisory lock named after the run, from startRun until the
// run ends. The server drops it with the session, so a run still 'running' whose lock nobody holds belongs to a
// client that crashed or lost its connection mid-run: the next startRun marks it failed.
constexpr int RunLockClass = 1400402002;

Result<void> runLock(Repository &repository, const QUuid &runId, bool take)
{
    if (repository.dialect().backend() != SqlDialect::Postgres)
        return {};
    QSqlQuery q(repository.database());
    const QString sql = take ? QStringLiteral("SELECT pg_try_advisory_lock(%1, hashtext(:id))").arg(RunLockClass)
                             : QStringLiteral("SELECT pg_advisory_unlock(%1, hashtext(:id))").arg(RunLockClass);
    return MatchSql::exec(q, sql, QCoreApplication::translate("MatchStore", "Recording the match run"),
        [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":id"), runId.toString(QUuid::WithoutBraces)); });
}

} // namespace

Result<void> MatchStore::startRun(Repository &repository, const MatchRunRecord &run)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    const QString sql = d.insertSql(Table::MatchRuns,
        { { QStringLiteral("id"), K::Uuid }, { QStringLiteral("scope"), K::Text },
            { QStringLiteral("parameters"), K::Json }, { QStringLiteral("model_version"), K::Text },
            { QStringLiteral("started_by"), K::Text }, { QStringLiteral("started_at"), K::Time },
            { QStringLiteral("status"), K::Text } });
    if (Result<void> locked = runLock(repository, run.id, true); !locked)
        return locked;
    if (d.backend() == SqlDialect::Postgres) {
        QSqlQuery stale(repository.database());
        const QString mark = QLatin1String("UPDATE ") + d.table(Table::MatchRuns)
            + QLatin1String(" AS r SET status = 'failed', finished_at = now(), error = :why WHERE r.status = 'running' "
                            "AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND "
                            "l.objsubid = 2 AND l.classid = ")
            + QString::number(RunLockClass)
            + QLatin1String("::oid AND l.objid = hashtext(r.id::text)::oid AND l.database = (SELECT oid FROM "
                            "pg_database WHERE datname = current_database()))");
        if (Result<void> marked = MatchSql::exec(stale, mark, tr("Closing interrupted match runs"),
                [](QSqlQuery &query) {
                    query.bindValue(QStringLiteral(":why"),
                        tr("Interrupted: the client that ran it stopped or lost its database connection before it "
                           "finished. No proposal of it was saved."));
                });
            !marked)
            return marked;
    }
    return MatchSql::exec(q, sql, tr("Recording the match run"), [&](QSqlQuery &query) {
        query.bindValue(0, d.uuid(run.id));
        query.bindValue(1, scopeKey(run.scope));
        query.bindValue(2, d.json(run.parameters));
        query.bindValue(3, d.text(run.modelVersion));
        query.bindValue(4, d.text(run.startedBy));
        query.bindValue(5, d.time(run.startedAt.isValid() ? run.startedAt : QDateTime::currentDateTimeUtc()));
        query.bindValue(6, QStringLiteral("running"));
    });
}

Result<void> MatchStore::finishRun(Repository &repository, const QUuid &runId, const QString &status,
    const QString &error, const QJsonObject &timings)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    const QString sql = QLatin1String("UPDATE ") + d.table(Table::MatchRuns) + QLatin1String(" SET status = ")
        + d.placeholder(QStringLiteral("status"), K::Text) + QLatin1String(", finished_at = ")
        + d.placeholder(QStringLiteral("at"), K::Time) + QLatin1String(", error = ")
        + d.placeholder(QStringLiteral("error"), K::Text) + QLatin1String(", timings = ")
        + d.placeholder(QStringLiteral("timings"), K::Json) + QLatin1String(" WHERE id = ")
        + d.placeholder(QStringLiteral("id"), K::Uuid);
    const Result<void> finished
        = MatchSql::exec(q, sql, tr("Recording the end of the match run"), [&](QSqlQuery &query) {
              query.bindValue(QStringLiteral(":status"), status);
              query.bindValue(QStringLiteral(":at"), d.time(QDateTime::currentDateTimeUtc()));
              query.bindValue(QStringLiteral(":error"),
                  error.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(error));
              query.bindValue(QStringLiteral(":timings"), d.json(timings));
              query.bindValue(QStringLiteral(":id"), d.uuid(runId));
          });
    (void)runLock(repository, runId, false); // ended either way: its lock has no more to say
    return finished;
}

Result<void> MatchStore::insertProposals(
    Repository &repository, const MatchRunRecord &run, const std::vector<MatchProposal> &proposals, Method method)
{
    const SqlDialect &d = repository.dialect();
    const RowBinder binder { d, d.text(run.modelVersion), d.time(QDateTime::currentDateTimeUtc()), d.uuid(run.id) };
    if (method == Method::Auto)
        method = d.backend() == SqlDialect::Sqlite ? Method::Statements : Method::MultiRow;
    if (method == Method::Copy)
        return makeError(Error::InvalidInput, tr("This build writes proposals without COPY."));
    return method == Method::Statements ? insertStatements(repository, binder, proposals)
                                        : insertMultiRow(repository, binder, proposals);
}

Result<void> MatchStore::writeProposals(Repository &repository, const MatchRunRecord &run, const QList<QUuid> &queries,
    const std::vector<MatchProposal> &proposals, Method method)
{
    const SqlDialect &d = repository.dialect();
    const QVariant now = d.time(QDateTime::currentDateTimeUtc());
    const bool freelancerRun = run.scope == MatchScope::Freelancer;
    const Result<void> written = repository.inTransaction([&]() -> Result<void> {
        // One run writes proposals at a time (the lock ends with the transaction). Two clients' runs that overlap
        // would otherwise both supersede only the rows current when they began, and each insert its set beside
        // the other's: two current sets per job. SQLite admits one writer at a time by itself.
        if (d.backend() == SqlDialect::Postgres) {
            QSqlQuery lock(repository.database());
            if (Result<void> r = MatchSql::exec(lock, QStringLiteral("SELECT pg_advisory_xact_lock(hashtext(:name))"),
                    tr("Waiting for another match run to save"),
                    [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":name"), d.table(Table::MatchResults)); });
                !r)
                return r;
        }
        // Supersede first: the new rows are inserted after, so they are never caught by it.
        const Result<void> superseded = MatchSql::forChunks(queries, [&](const QList<QUuid> &ids) -> Result<void> {
            QSqlQuery q(repository.database());
            QString sql = QLatin1String("UPDATE ") + d.table(Table::MatchResults) + QLatin1String(" SET superseded_at = ")
                + d.placeholder(QStringLiteral("now"), K::Time) + QLatin1String(" WHERE superseded_at IS NULL AND ");
            if (freelancerRun)
                sql += QLatin1String("freelancer_id IN (") + MatchSql::idList(d, QStringLiteral("q"), ids.size())
                    + QLatin1String(") AND run_id IN (SELECT id FROM ") + d.table(Table::MatchRuns)
                    + QLatin1String(" WHERE scope = 'freelancer')");
            else
                sql += QLatin1String("job_id IN (") + MatchSql::idList(d, QStringLiteral("q"), ids.size())
                    + QLatin1String(") AND ") + MatchSql::jobRanked(d, QStringLiteral("run_id"));
            return MatchSql::exec(q, sql, tr("Superseding earlier proposals"), [&](QSqlQuery &query) {
                query.bindValue(QStringLiteral(":now"), now);
                MatchSql::bindIds(query, d, QStringLiteral("q"), ids);
            });
        });
        if (!superseded)
            return superseded;
        if (Result<void> inserted = insertProposals(repository, run, proposals, method); !inserted)
            return inserted;
        QSqlQuery q(repository.database());
        const QString sql = QLatin1String("UPDATE ") + d.table(Table::MatchRuns)
            + QLatin1String(" SET status = 'done', finished_at = ") + d.placeholder(QStringLiteral("now"), K::Time)
            + QLatin1String(", queries = :queries, pairs_scored = :pairs, proposals = :proposals, timings = ")
            + d.placeholder(QStringLiteral("timings"), K::Json) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), K::Uuid) + QLatin1String(" AND status = 'running'");
        if (Result<void> r = MatchSql::exec(q, sql, tr("Recording the match run"),
                [&](QSqlQuery &query) {
                    query.bindValue(QStringLiteral(":now"), now);
                    query.bindValue(QStringLiteral(":queries"), run.queries);
                    query.bindValue(QStringLiteral(":pairs"), run.pairsScored);
                    query.bindValue(QStringLiteral(":proposals"), qint64(proposals.size()));
                    query.bindValue(QStringLiteral(":timings"), d.json(run.timings));
                    query.bindValue(QStringLiteral(":id"), d.uuid(run.id));
                });
            !r)
            return r;
        if (q.numRowsAffected() != 1)
            return makeError(Error::Conflict,
                tr("The match run %1 is no longer running; its proposals were not saved.")
                    .arg(run.id.toString(QUuid::WithoutBraces)));
        return {};
    });
    if (written)
        (void)runLock(repository, run.id, false); // done: its lock has no more to say
    return written;
}

Result<QList<MatchRunRecord>> MatchStore::runs(Repository &repository, int limit)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    if (Result<void> r = MatchSql::exec(q,
            runColumns(d) + QLatin1String(" ORDER BY started_at DESC, id LIMIT ") + QString::number(std::max(1, limit)),
            tr("Reading match runs"));
        !r)
        return r.error();
    QList<MatchRunRecord> list;
    while (q.next())
        list << readRun(d, q);
    return list;
}

Result<MatchRunRecord> MatchStore::run(Repository &repository, const QUuid &runId)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    if (Result<void> r = MatchSql::exec(q,
            runColumns(d) + QLatin1String(" WHERE id = ") + d.placeholder(QStringLiteral("id"), K::Uuid),
            tr("Reading the match run"), [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":id"), d.uuid(runId)); });
        !r)
        return r.error();
    if (!q.next())
        return makeError(Error::NotFound, tr("There is no match run %1.").arg(runId.toString(QUuid::WithoutBraces)));
    return readRun(d, q);
}
