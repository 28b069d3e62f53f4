#include "review/reviewleases.h"

#include "db/repository.h"
#include "matching/matchsql.h"
#include "review/reviewconfig.h"
#include "review/reviewrows.h"
#include "review/reviewsql.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

namespace {

using K = SqlDialect::Kind;

constexpr int ClaimRounds = 40; // candidate windows tried before a claim settles for fewer items

struct Candidate
{
    QUuid id;
    QUuid jobId;
    int ranking = 0;
};

// Free items of the level in queue order after `after` (keyset on job, ranking, id), at most `window`.
Result<QList<Candidate>> candidates(
    Repository &r, const QString &reviewer, int level, const std::optional<Candidate> &after, int window)
{
    const auto &d = r.dialect();
    QString where = ReviewSql::currentProposal(d, QStringLiteral("m")) + QLatin1String(" AND NOT ")
        + ReviewRows::liveLease(d, QStringLiteral("m.id")) + QLatin1String(" AND NOT ")
        + ReviewRows::decidedAtLevel2(d, QStringLiteral("m.id"));
    if (level == 1) {
        where += QLatin1String(" AND NOT ") + ReviewRows::routed(d, QStringLiteral("m.id"))
            + QLatin1String(" AND NOT EXISTS (SELECT 1 FROM ") + ReviewSql::current(d)
            + QLatin1String(" mine WHERE mine.match_id = m.id AND mine.level = 1 AND mine.reviewer = :me) AND ")
            + ReviewRows::levelOneReviewers(d, QStringLiteral("m.id")) + QLatin1String(" < ")
            + ReviewRows::levelOneNeeded(d, QStringLiteral("m.id"));
    } else {
        where += QLatin1String(" AND ") + ReviewRows::routed(d, QStringLiteral("m.id"));
    }
    if (after) {
        const QString job = d.placeholder(QStringLiteral("aj"), K::Uuid);
        const QString id = d.placeholder(QStringLiteral("ai"), K::Uuid);
        where += QLatin1String(" AND (m.job_id > ") + job + QLatin1String(" OR (m.job_id = ") + job
            + QLatin1String(" AND (COALESCE(m.ranking, 0) > :ar OR (COALESCE(m.ranking, 0) = :ar AND m.id > ") + id
            + QLatin1String("))))");
    }
    QSqlQuery q(r.database());
    if (Result<void> ok = MatchSql::exec(q,
            QLatin1String("SELECT m.id, m.job_id, COALESCE(m.ranking, 0) AS ranking FROM ")
                + d.table(Table::MatchResults) + QLatin1String(" m WHERE ") + where
                + QLatin1String(" ORDER BY m.job_id, COALESCE(m.ranking, 0), m.id LIMIT :window"),
            ReviewLeases::tr("Finding free review items"),
            [&](QSqlQuery &q) {
                if (level == 1)
                    q.bindValue(QStringLiteral(":me"), d.text(reviewer));
                if (after) {
                    q.bindValue(QStringLiteral(":aj"), d.uuid(after->jobId));
                    q.bindValue(QStringLiteral(":ai"), d.uuid(after->id));
                    q.bindValue(QStringLiteral(":ar"), after->ranking);
                }
                q.bindValue(QStringLiteral(":window"), window);
            });
        !ok)
        return ok.error();
    QList<Candidate> list;
    while (q.next())
        list << Candidate { d.toUuid(q.value(0)), d.toUuid(q.value(1)), q.value(2).toInt() };
    return list;
}

// PostgreSQL: the candidates nobody else is claiming right now, locked until this transaction ends.
Result<QList<QUuid>> lock(Repository &r, const QList<QUuid> &ids, int wanted)
{
    const auto &d = r.dialect();
    if (d.backend() != SqlDialect::Postgres)
        return ids.mid(0, wanted);
    QStringList texts;
    for (const QUuid &id : ids)
        texts << id.toString(QUuid::WithoutBraces);
    QSqlQuery q(r.database());
    if (Result<void> ok = MatchSql::exec(q,
            QLatin1String("SELECT id FROM ") + ReviewSql::table(d, "review_lock_candidates")
                + QLatin1String("(:ids::uuid[], :wanted) AS id"),
            ReviewLeases::tr("Locking review items"),
            [&](QSqlQuery &q) {
                q.bindValue(QStringLiteral(":ids"),
                    QString(QLatin1Char('{') + texts.join(QLatin1Char(',')) + QLatin1Char('}')));
                q.bindValue(QStringLiteral(":wanted"), wanted);
            });
        !ok)
        return ok.error();
    QList<QUuid> locked;
    while (q.next())
        locked << d.toUuid(q.value(0));
    return locked;
}

// Inserts the leases; an item whose lease another claimer committed meanwhile is skipped. Returns the
// ids leased, in the order given.
Result<QList<QUuid>> insertLeases(
    Repository &r, const QList<QUuid> &ids, const QString &reviewer, int level, int minutes)
{
    const auto &d = r.dialect();
    const QString in = MatchSql::idList(d, QStringLiteral("i"), ids.size());
    QSqlQuery expired(r.database());
    if (Result<void> ok = MatchSql::exec(expired,
            QLatin1String("DELETE FROM ") + ReviewSql::leases(d) + QLatin1String(" WHERE match_id IN (") + in
                + QLatin1String(") AND expires_at <= ") + ReviewSql::now(d),
            ReviewLeases::tr("Taking over expired leases"),
            [&](QSqlQuery &q) { MatchSql::bindIds(q, d, QStringLiteral("i"), ids); });
        !ok)
        return ok.error();
    QStringList rows;
    for (qsizetype i = 0; i < ids.size(); ++i)
        rows << QLatin1Char('(') + d.placeholder(QStringLiteral("i") + QString::number(i), K::Uuid)
                + QLatin1String(", :who, :level, ") + ReviewSql::now(d) + QLatin1String(", ")
                + ReviewSql::nowPlus(d, QStringLiteral(":minutes")) + QLatin1Char(')');
    QSqlQuery q(r.database());
    if (Result<void> ok = MatchSql::exec(q,
            QLatin1String("INSERT INTO ") + ReviewSql::leases(d)
                + QLatin1String(" (match_id, reviewer, level, claimed_at, expires_at) VALUES ")
                + rows.join(QLatin1String(", ")) + QLatin1String(" ON CONFLICT DO NOTHING RETURNING match_id"),
            ReviewLeases::tr("Claiming review items"),
            [&](QSqlQuery &q) {
                MatchSql::bindIds(q, d, QStringLiteral("i"), ids);
                q.bindValue(QStringLiteral(":who"), d.text(reviewer));
                q.bindValue(QStringLiteral(":level"), level);
                q.bindValue(QStringLiteral(":minutes"), minutes);
            });
        !ok)
        return ok.error();
    QSet<QUuid> leased;
    while (q.next())
        leased.insert(d.toUuid(q.value(0)));
    QList<QUuid> ordered;
    for (const QUuid &id : ids)
        if (leased.contains(id))
            ordered << id;
    return ordered;
}

// Level 1: the claimer takes a double-review slot where the item has (or now gets) two; see ReviewLeases.
Result<void> assignSlots(Repository &r, const QList<QUuid> &ids, const QString &reviewer, double share)
{
    const auto &d = r.dialect();
    const QString in = MatchSql::idList(d, QStringLiteral("i"), ids.size());
    QHash<QUuid, QHash<int, QString>> slots;
    QSqlQuery q(r.database());
    if (Result<void> ok = MatchSql::exec(q,
            QLatin1String("SELECT match_id, slot, reviewer FROM ") + ReviewSql::assignments(d)
                + QLatin1String(" WHERE match_id IN (") + in + QLatin1Char(')'),
            ReviewLeases::tr("Reading double-review assignments"),
            [&](QSqlQuery &q) { MatchSql::bindIds(q, d, QStringLiteral("i"), ids); });
        !ok)
        return ok;
    while (q.next())
        slots[d.toUuid(q.value(0))].insert(q.value(1).toInt(), q.value(2).toString());
    QSet<std::pair<QUuid, QString>> decided;
    if (!slots.isEmpty()) {
        if (Result<void> ok = MatchSql::exec(q,
                QLatin1String("SELECT DISTINCT match_id, reviewer FROM ") + ReviewSql::current(d)
                    + QLatin1String(" WHERE level = 1 AND match_id IN (") + in + QLatin1Char(')'),
                ReviewLeases::tr("Reading double-review assignments"),
                [&](QSqlQuery &q) { MatchSql::bindIds(q, d, QStringLiteral("i"), ids); });
            !ok)
            return ok;
        while (q.next())
            decided.insert({ d.toUuid(q.value(0)), q.value(1).toString() });
    }
    for (const QUuid &id : ids) {
        int slot = 0;
        const auto it = slots.constFind(id);
        if (it == slots.constEnd()) {
            if (ReviewSql::stableFraction(id, "double") < share)
                slot = 1;
        } else if (std::find(it->cbegin(), it->cend(), reviewer) == it->cend()) {
            // The first slot free, or held by someone whose lease ran out before they decided.
            for (int s : { 1, 2 }) {
                if (!it->contains(s) || !decided.contains({ id, it->value(s) })) {
                    slot = s;
                    break;
                }
            }
        }
        if (slot == 0)
            continue;
        QSqlQuery w(r.database());
        if (Result<void> ok = MatchSql::exec(w,
                QLatin1String("INSERT INTO ") + ReviewSql::assignments(d)
                    + QLatin1String(" (match_id, slot, reviewer, assigned_at) VALUES (")
                    + d.placeholder(QStringLiteral("m"), K::Uuid) + QLatin1String(", :slot, :who, ") + ReviewSql::now(d)
                    + QLatin1String(") ON CONFLICT (match_id, slot) DO UPDATE SET reviewer = excluded.reviewer, "
                                    "assigned_at = excluded.assigned_at"),
                ReviewLeases::tr("Assigning a double review"),
                [&](QSqlQuery &q) {
                    q.bindValue(QStringLiteral(":m"), d.uuid(id));
                    q.bindValue(QStringLiteral(":slot"), slot);
                    q.bindValue(QStringLiteral(":who"), d.text(reviewer));
                });
            !ok)
            return ok;
    }
    return {};
}

} // namespace

Result<QList<QUuid>> ReviewLeases::claimNext(Repository &repository, const QString &reviewer, int batch, int level)
{
    if (batch < 1 || batch > MaxBatch)
        return makeError(Error::InvalidInput, tr("A claim takes 1 to %1 items.").arg(MaxBatch));
    if (level != 1 && level != 2)
        return makeError(Error::InvalidInput, tr("The review level is 1 or 2."));
    if (reviewer.trimmed().isEmpty())
        return makeError(Error::InvalidInput, tr("A claim needs the reviewer's name."));
    Result<ReviewSettings> settings = ReviewConfig::settings(repository);
    if (!settings)
        return settings.error();
    const int window = std::max(4 * batch, 64);
    QList<QUuid> claimed;
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        std::optional<Candidate> after;
        for (int round = 0; round < ClaimRounds && claimed.size() < batch; ++round) {
            Result<QList<Candidate>> found = candidates(repository, reviewer, level, after, window);
            if (!found)
                return found.error();
            if (found->isEmpty())
                break;
            QList<QUuid> ids;
            for (const Candidate &c : *found)
                ids << c.id;
            Result<QList<QUuid>> locked = lock(repository, ids, int(batch - claimed.size()));
            if (!locked)
                return locked.error();
            if (!locked->isEmpty()) {
                Result<QList<QUuid>> leased
                    = insertLeases(repository, *locked, reviewer, level, settings->leaseMinutes);
                if (!leased)
                    return leased.error();
                claimed += *leased;
            }
            if (found->size() < window)
                break;
            after = found->constLast();
        }
        if (level == 1 && !claimed.isEmpty() && settings->doubleReviewShare > 0)
            return assignSlots(repository, claimed, reviewer, settings->doubleReviewShare);
        return {};
    });
    if (!done)
        return done.error();
    return claimed;
}

Result<int> ReviewLeases::release(Repository &repository, const QList<QUuid> &ids, const QString &reviewer, bool anyone)
{
    const auto &d = repository.dialect();
    int released = 0;
    const auto run = [&](const QString &where, const QList<QUuid> &chunk) -> Result<void> {
        QSqlQuery q(repository.database());
        if (Result<void> ok
            = MatchSql::exec(q, QLatin1String("DELETE FROM ") + ReviewSql::leases(d) + QLatin1String(" WHERE ") + where,
                tr("Releasing leases"),
                [&](QSqlQuery &q) {
                    MatchSql::bindIds(q, d, QStringLiteral("i"), chunk);
                    if (!anyone)
                        q.bindValue(QStringLiteral(":me"), d.text(reviewer));
                });
            !ok)
            return ok;
        released += std::max(0, q.numRowsAffected());
        return {};
    };
    const QString mine = anyone ? QString() : QStringLiteral(" AND reviewer = :me");
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        if (ids.isEmpty())
            return anyone ? run(QStringLiteral("1 = 1"), {}) : run(QStringLiteral("reviewer = :me"), {});
        return MatchSql::forChunks(ids, [&](const QList<QUuid> &chunk) {
            return run(QLatin1String("match_id IN (") + MatchSql::idList(d, QStringLiteral("i"), chunk.size())
                    + QLatin1Char(')') + mine,
                chunk);
        });
    });
    if (!done)
        return done.error();
    return released;
}
