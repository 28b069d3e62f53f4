#include "review/reviewstore.h"

#include "db/repository.h"
#include "review/reviewconfig.h"
#include "review/reviewrows.h"
#include "review/reviewsql.h"

#include <QHash>
#include <QSqlQuery>

namespace {

using K = SqlDialect::Kind;
using Outcome = ReviewStore::Outcome;

Error invalid(const QString &message)
{
    return makeError(Error::InvalidInput, message);
}

// What a record meets on its item, read in one round trip.
struct ItemState
{
    bool existing = false; // the record itself is stored already
    bool undone = false; // (undo) its target has an undo already
    QString holder; // reviewer of the live lease, empty when none
    bool doubleReview = false;
    int others = 0; // other level-1 reviewers with a decision in force
    bool final = false; // a level-2 decision in force
    QString route; // its level-2 route, empty when none
};

Result<ItemState> itemState(ReviewSql::StatementCache &sc, const ReviewRecord &rec)
{
    const auto &d = sc.repository().dialect();
    const QString m = d.placeholder(QStringLiteral("m"), K::Uuid);
    const QString sql = QLatin1String("SELECT (SELECT count(*) FROM ") + d.table(Table::MatchReviews)
        + QLatin1String(" WHERE id = ") + d.placeholder(QStringLiteral("id"), K::Uuid)
        + QLatin1String(") AS existing, (SELECT count(*) FROM ") + d.table(Table::MatchReviews)
        + QLatin1String(" WHERE supersedes = ") + d.placeholder(QStringLiteral("sup"), K::Uuid)
        + QLatin1String(") AS undone, (SELECT reviewer FROM ") + ReviewSql::leases(d)
        + QLatin1String(" WHERE match_id = ") + m + QLatin1String(" AND expires_at > ") + ReviewSql::now(d)
        + QLatin1String(") AS holder, ") + ReviewRows::doubleReview(d, m)
        + QLatin1String(" AS double_review, (SELECT count(DISTINCT reviewer) FROM ") + ReviewSql::current(d)
        + QLatin1String(" WHERE match_id = ") + m + QLatin1String(" AND level = 1 AND reviewer <> :me) AS others, ")
        + ReviewRows::decidedAtLevel2(d, m) + QLatin1String(" AS final, (SELECT reason FROM ") + ReviewSql::routes(d)
        + QLatin1String(" WHERE match_id = ") + m + QLatin1String(") AS route");
    Result<QSqlQuery *> run = sc.run(sql, ReviewStore::tr("Reading the item's reviews"), [&](QSqlQuery &q) {
        q.bindValue(QStringLiteral(":id"), d.uuid(rec.id));
        q.bindValue(QStringLiteral(":sup"), d.uuid(rec.supersedes));
        q.bindValue(QStringLiteral(":m"), d.uuid(rec.matchId));
        q.bindValue(QStringLiteral(":me"), d.text(rec.reviewer));
    });
    if (!run)
        return run.error();
    QSqlQuery &q = **run;
    if (!q.next())
        return makeError(Error::Database, ReviewStore::tr("Reading the item's reviews returned nothing."));
    const auto v = [&q](const char *name) { return q.value(QLatin1String(name)); };
    return ItemState { v("existing").toInt() > 0, v("undone").toInt() > 0, v("holder").toString(),
        v("double_review").toBool(), v("others").toInt(), v("final").toBool(), v("route").toString() };
}

Result<std::optional<ReviewRecord>> firstRecord(
    ReviewSql::StatementCache &sc, const QString &sql, const std::function<void(QSqlQuery &)> &bind)
{
    Result<QSqlQuery *> run = sc.run(sql, ReviewStore::tr("Reading match reviews"), bind);
    if (!run)
        return run.error();
    if (!(*run)->next())
        return std::optional<ReviewRecord>();
    return std::optional<ReviewRecord>(ReviewRows::record(sc.repository().dialect(), **run));
}

// The newest decision in force on the item at `level` by anyone but `except` (empty: anyone).
Result<std::optional<ReviewRecord>> latestOther(
    ReviewSql::StatementCache &sc, const QUuid &matchId, int level, const QString &except)
{
    const auto &d = sc.repository().dialect();
    return firstRecord(sc,
        ReviewRows::recordSelect(ReviewSql::current(d)) + QLatin1String(" WHERE match_id = ")
            + d.placeholder(QStringLiteral("m"), K::Uuid)
            + QLatin1String(" AND level = :level AND reviewer <> :me ORDER BY decided_at DESC, id DESC LIMIT 1"),
        [&](QSqlQuery &q) {
            q.bindValue(QStringLiteral(":m"), d.uuid(matchId));
            q.bindValue(QStringLiteral(":level"), level);
            q.bindValue(QStringLiteral(":me"), d.text(except));
        });
}

QJsonObject recordJson(const ReviewRecord &record)
{
    QJsonObject o { { QStringLiteral("id"), record.id.toString(QUuid::WithoutBraces) },
        { QStringLiteral("decision"), decisionKey(record.decision) }, { QStringLiteral("level"), record.level },
        { QStringLiteral("reason_code"), record.reasonCode }, { QStringLiteral("note"), record.note },
        { QStringLiteral("decided_at"), record.decidedAt.toUTC().toString(Qt::ISODateWithMs) } };
    if (record.isUndo())
        o.insert(QStringLiteral("supersedes"), record.supersedes.toString(QUuid::WithoutBraces));
    return o;
}

Result<bool> insertRecord(ReviewSql::StatementCache &sc, const ReviewRecord &record)
{
    const auto &d = sc.repository().dialect();
    const bool pg = d.backend() == SqlDialect::Postgres;
    const QString sql = (pg ? QLatin1String("INSERT INTO ") : QLatin1String("INSERT OR IGNORE INTO "))
        + d.table(Table::MatchReviews)
        + QLatin1String(
            " (id, match_id, reviewer, decision, reason_code, note, decided_at, level, supersedes) VALUES (")
        + d.placeholder(QStringLiteral("id"), K::Uuid) + QLatin1String(", ")
        + d.placeholder(QStringLiteral("m"), K::Uuid) + QLatin1String(", :who, :decision, :reason, :note, ")
        + d.placeholder(QStringLiteral("at"), K::Time) + QLatin1String(", :level, ")
        + d.placeholder(QStringLiteral("sup"), K::Uuid) + QLatin1Char(')')
        + (pg ? QLatin1String(" ON CONFLICT (id) DO NOTHING") : QLatin1String(""));
    Result<QSqlQuery *> run = sc.run(sql, ReviewStore::tr("Saving a match review"), [&](QSqlQuery &q) {
        q.bindValue(QStringLiteral(":id"), d.uuid(record.id));
        q.bindValue(QStringLiteral(":m"), d.uuid(record.matchId));
        q.bindValue(QStringLiteral(":who"), d.text(record.reviewer));
        q.bindValue(QStringLiteral(":decision"), decisionKey(record.decision));
        q.bindValue(QStringLiteral(":reason"), d.text(record.reasonCode));
        q.bindValue(QStringLiteral(":note"), d.text(record.note));
        q.bindValue(QStringLiteral(":at"), d.time(record.decidedAt));
        q.bindValue(QStringLiteral(":level"), record.level);
        q.bindValue(QStringLiteral(":sup"), d.uuid(record.supersedes));
    });
    if (!run)
        return run.error();
    return (*run)->numRowsAffected() == 1;
}

// Where the item belongs after its level-1 decisions changed (see ReviewStore); writes only a change.
Result<void> reroute(
    ReviewSql::StatementCache &sc, const QUuid &matchId, const ItemState &state, const ReviewSettings &settings)
{
    const auto &d = sc.repository().dialect();
    const QString m = d.placeholder(QStringLiteral("m"), K::Uuid);
    const auto bindM = [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":m"), d.uuid(matchId)); };
    Result<QSqlQuery *> run = sc.run(QLatin1String("SELECT reviewer, decision FROM ") + ReviewSql::current(d)
            + QLatin1String(" WHERE match_id = ") + m + QLatin1String(" AND level = 1 ORDER BY decided_at, id"),
        ReviewStore::tr("Reading match reviews"), bindM);
    if (!run)
        return run.error();
    QSqlQuery &q = **run;
    QHash<QString, QString> latest; // per reviewer: the newest decision in force
    bool flagged = false;
    while (q.next()) {
        const QString decision = q.value(1).toString();
        latest.insert(q.value(0).toString(), decision);
        flagged = flagged || decision == decisionKey(ReviewDecision::Flag);
    }
    QString reason;
    if (flagged) {
        reason = QStringLiteral("flag");
    } else if (latest.size() >= (state.doubleReview ? 2 : 1)) {
        const QList<QString> values = latest.values();
        if (std::any_of(values.cbegin(), values.cend(), [&](const QString &v) { return v != values.first(); }))
            reason = QStringLiteral("disagreement");
        else if (ReviewSql::stableFraction(matchId, "level2") < settings.level2SampleRate)
            reason = QStringLiteral("sample");
    }
    if (reason == state.route)
        return {};
    const QString sql = reason.isEmpty()
        ? QString(QLatin1String("DELETE FROM ") + ReviewSql::routes(d) + QLatin1String(" WHERE match_id = ") + m)
        : QLatin1String("INSERT INTO ") + ReviewSql::routes(d)
            + QLatin1String(" (match_id, reason, routed_at) VALUES (") + m + QLatin1String(", :reason, ")
            + ReviewSql::now(d) + QLatin1String(") ON CONFLICT (match_id) DO UPDATE SET reason = excluded.reason");
    Result<QSqlQuery *> written = sc.run(sql, ReviewStore::tr("Routing an item to level 2"), [&](QSqlQuery &q) {
        bindM(q);
        if (!reason.isEmpty())
            q.bindValue(QStringLiteral(":reason"), reason);
    });
    if (!written)
        return written.error();
    return {};
}

ReviewStore::WriteResult conflictOf(const ReviewRecord &mine, std::optional<ReviewRecord> theirs, const QString &reason)
{
    return { Outcome::Conflict, ReviewConflict { mine, std::move(theirs), reason } };
}

// Why the record cannot apply any more, or nullopt when it can (see ReviewStore).
Result<std::optional<ReviewStore::WriteResult>> conflictFor(ReviewSql::StatementCache &sc, const ReviewRecord &rec,
    const std::optional<ReviewRecord> &undone, const ItemState &state)
{
    using Found = std::optional<ReviewStore::WriteResult>;
    const auto &d = sc.repository().dialect();
    if (undone && state.undone) {
        Result<std::optional<ReviewRecord>> earlier = firstRecord(sc,
            ReviewRows::recordSelect(d.table(Table::MatchReviews)) + QLatin1String(" WHERE supersedes = ")
                + d.placeholder(QStringLiteral("s"), K::Uuid),
            [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":s"), d.uuid(rec.supersedes)); });
        if (!earlier)
            return earlier.error();
        return Found(conflictOf(rec, *earlier, ReviewStore::tr("This decision was already undone.")));
    }
    if (state.final && !(undone && undone->level == 2)) {
        Result<std::optional<ReviewRecord>> final = latestOther(sc, rec.matchId, 2, QString());
        if (!final)
            return final.error();
        const QString who = final->has_value() ? (*final)->reviewer : QString();
        return Found(conflictOf(rec, *final,
            ReviewStore::tr("%1 decided this item at level 2 meanwhile; that decision is final.").arg(who)));
    }
    if (undone)
        return Found();
    if (!state.holder.isEmpty() && state.holder != rec.reviewer)
        return Found(conflictOf(rec, std::nullopt,
            ReviewStore::tr("%1 holds this item now: your lease ran out and was taken over.").arg(state.holder)));
    if (rec.level == 1 && state.others >= (state.doubleReview ? 2 : 1)) {
        Result<std::optional<ReviewRecord>> theirs = latestOther(sc, rec.matchId, 1, rec.reviewer);
        if (!theirs)
            return theirs.error();
        const QString who = theirs->has_value() ? (*theirs)->reviewer : QString();
        return Found(conflictOf(rec, *theirs,
            ReviewStore::tr("%1 decided this item meanwhile: your lease ran out and was taken over.").arg(who)));
    }
    return Found();
}

Result<std::optional<ReviewRecord>> recordById(ReviewSql::StatementCache &sc, const QUuid &id)
{
    const auto &d = sc.repository().dialect();
    return firstRecord(sc,
        ReviewRows::recordSelect(d.table(Table::MatchReviews)) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), K::Uuid),
        [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":id"), d.uuid(id)); });
}

// A reason code must be one of the workspace's codes (retired ones included: a decision journalled before the code
// was retired still stands) and must be one for this decision; an empty code means none was given.
Result<void> checkReason(ReviewSql::StatementCache &sc, const ReviewRecord &rec)
{
    const auto &d = sc.repository().dialect();
    Result<QSqlQuery *> q = sc.run(QLatin1String("SELECT applies_to FROM ") + ReviewSql::reasons(d)
            + QLatin1String(" WHERE code = :code"),
        ReviewStore::tr("Reading the reason codes"),
        [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":code"), d.text(rec.reasonCode)); });
    if (!q)
        return q.error();
    if (!(*q)->next())
        return makeError(Error::InvalidInput,
            ReviewStore::tr("“%1” is not in this workspace's list of reasons.").arg(rec.reasonCode));
    if (decisionFromKey((*q)->value(0).toString()) != rec.decision)
        return makeError(Error::InvalidInput,
            ReviewStore::tr("The reason “%1” belongs to another kind of decision.").arg(rec.reasonCode));
    return {};
}

} // namespace

Result<std::optional<ReviewRecord>> ReviewStore::record(Repository &repository, const QUuid &id)
{
    ReviewSql::StatementCache statements(repository);
    return recordById(statements, id);
}

Result<ReviewStore::WriteResult> ReviewStore::write(Repository &repository, const ReviewRecord &record)
{
    Result<ReviewSettings> settings = ReviewConfig::settings(repository);
    if (!settings)
        return settings.error();
    ReviewSql::StatementCache statements(repository);
    return writeOne(statements, record, *settings);
}

Result<QList<Result<ReviewStore::WriteResult>>> ReviewStore::writeBatch(
    Repository &repository, const QList<ReviewRecord> &records)
{
    QList<Result<WriteResult>> results;
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        Result<ReviewSettings> settings = ReviewConfig::settings(repository);
        if (!settings)
            return settings.error();
        ReviewSql::StatementCache statements(repository); // prepared once for the whole batch
        for (const ReviewRecord &record : records)
            results << writeOne(statements, record, *settings); // each in a savepoint of its own
        return {};
    });
    if (!done)
        return done.error();
    return results;
}

Result<ReviewStore::WriteResult> ReviewStore::writeOne(
    ReviewSql::StatementCache &statements, const ReviewRecord &given, const ReviewSettings &settings)
{
    if (given.id.isNull() || given.reviewer.trimmed().isEmpty())
        return invalid(tr("A review needs its id and its reviewer."));
    if (!given.isUndo() && (given.matchId.isNull() || (given.level != 1 && given.level != 2)))
        return invalid(tr("A review needs the proposal it decides and a level of 1 or 2."));
    if (given.note.size() > MaxNote)
        return invalid(tr("A review note holds at most %1 characters.").arg(MaxNote));
    Repository &repository = statements.repository();
    const auto &d = repository.dialect();
    WriteResult out;
    ReviewRecord rec = given;
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        std::optional<ReviewRecord> undone;
        if (rec.isUndo()) {
            Result<std::optional<ReviewRecord>> target = recordById(statements, rec.supersedes);
            if (!target)
                return target.error();
            if (!target->has_value()) {
                Result<std::optional<ReviewRecord>> self = recordById(statements, rec.id);
                if (!self)
                    return self.error();
                out = self->has_value() ? WriteResult { Outcome::AlreadySaved, std::nullopt }
                                        : conflictOf(rec, std::nullopt, tr("The decision to undo was never saved."));
                return {};
            }
            undone = **target;
            // The undo row repeats what it cancels, so it reads sensibly on its own in the table.
            rec.matchId = undone->matchId;
            rec.decision = undone->decision;
            rec.reasonCode = undone->reasonCode;
            rec.level = undone->level;
        }
        if (!rec.isUndo() && !rec.reasonCode.isEmpty())
            if (Result<void> ok = checkReason(statements, rec); !ok)
                return ok;
        Result<ItemState> state = itemState(statements, rec);
        if (!state)
            return state.error();
        if (state->existing) {
            out.outcome = Outcome::AlreadySaved;
            return {};
        }
        Result<std::optional<WriteResult>> conflict = conflictFor(statements, rec, undone, *state);
        if (!conflict)
            return conflict.error();
        if (conflict->has_value()) {
            out = **conflict;
            return {};
        }
        Result<bool> inserted = insertRecord(statements, rec);
        if (!inserted)
            return inserted.error();
        if (!*inserted) {
            out.outcome = Outcome::AlreadySaved;
            return {};
        }
        if (Result<void> ok = repository.appendAudit({ QDateTime::currentDateTimeUtc(), rec.reviewer,
                rec.isUndo() ? QStringLiteral("match_review.undo") : QStringLiteral("match_review.decide"),
                QStringLiteral("match"), rec.matchId.toString(QUuid::WithoutBraces),
                undone ? recordJson(*undone) : QJsonObject(), recordJson(rec) });
            !ok)
            return ok;
        if (!rec.isUndo() && state->holder == rec.reviewer) {
            Result<QSqlQuery *> released = statements.run(QLatin1String("DELETE FROM ") + ReviewSql::leases(d)
                    + QLatin1String(" WHERE match_id = ") + d.placeholder(QStringLiteral("m"), K::Uuid)
                    + QLatin1String(" AND reviewer = :me"),
                tr("Releasing a lease"), [&](QSqlQuery &q) {
                    q.bindValue(QStringLiteral(":m"), d.uuid(rec.matchId));
                    q.bindValue(QStringLiteral(":me"), d.text(rec.reviewer));
                });
            if (!released)
                return released.error();
        }
        out.outcome = Outcome::Saved;
        return rec.level == 1 && !state->final ? reroute(statements, rec.matchId, *state, settings) : Result<void>();
    });
    if (!done)
        return done.error();
    return out;
}
