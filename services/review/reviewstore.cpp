#include "review/reviewstore.h"

#include "db/repository.h"
#include "matching/matchsql.h"
#include "review/reviewrows.h"
#include "review/reviewsql.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

namespace {

using K = SqlDialect::Kind;

constexpr int MaxNote = 4000;

Error invalid(const QString &message)
{
    return makeError(Error::InvalidInput, message);
}

Result<std::optional<ReviewRecord>> firstRecord(
    Repository &r, const QString &sql, const std::function<void(QSqlQuery &)> &bind)
{
    QSqlQuery q(r.database());
    if (Result<void> ok = MatchSql::exec(q, sql, ReviewStore::tr("Reading match reviews"), bind); !ok)
        return ok.error();
    if (!q.next())
        return std::optional<ReviewRecord>();
    return std::optional<ReviewRecord>(ReviewRows::record(r.dialect(), q));
}

// The newest decision in force on the item at `level` by anyone but `except` (empty: anyone).
Result<std::optional<ReviewRecord>> latestOther(Repository &r, const QUuid &matchId, int level, const QString &except)
{
    const auto &d = r.dialect();
    return firstRecord(r,
        ReviewRows::recordSelect(ReviewSql::current(d)) + QLatin1String(" WHERE match_id = ")
            + d.placeholder(QStringLiteral("m"), K::Uuid)
            + QLatin1String(" AND level = :level AND reviewer <> :me ORDER BY decided_at DESC, id DESC LIMIT 1"),
        [&](QSqlQuery &q) {
            q.bindValue(QStringLiteral(":m"), d.uuid(matchId));
            q.bindValue(QStringLiteral(":level"), level);
            q.bindValue(QStringLiteral(":me"), d.text(except));
        });
}

Result<bool> exists(Repository &r, const QString &sql, const std::function<void(QSqlQuery &)> &bind)
{
    QSqlQuery q(r.database());
    if (Result<void> ok = MatchSql::exec(q, sql, ReviewStore::tr("Reading the review queue"), bind); !ok)
        return ok.error();
    return q.next();
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

Result<void> insertRecord(Repository &r, const ReviewRecord &record, bool *inserted)
{
    const auto &d = r.dialect();
    const bool pg = d.backend() == SqlDialect::Postgres;
    QSqlQuery q(r.database());
    const QString sql = (pg ? QLatin1String("INSERT INTO ") : QLatin1String("INSERT OR IGNORE INTO "))
        + d.table(Table::MatchReviews)
        + QLatin1String(
            " (id, match_id, reviewer, decision, reason_code, note, decided_at, level, supersedes) VALUES (")
        + d.placeholder(QStringLiteral("id"), K::Uuid) + QLatin1String(", ")
        + d.placeholder(QStringLiteral("m"), K::Uuid) + QLatin1String(", :who, :decision, :reason, :note, ")
        + d.placeholder(QStringLiteral("at"), K::Time) + QLatin1String(", :level, ")
        + d.placeholder(QStringLiteral("sup"), K::Uuid) + QLatin1Char(')')
        + (pg ? QLatin1String(" ON CONFLICT (id) DO NOTHING") : QLatin1String(""));
    if (Result<void> ok = MatchSql::exec(q, sql, ReviewStore::tr("Saving a match review"),
            [&](QSqlQuery &q) {
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
        !ok)
        return ok;
    *inserted = q.numRowsAffected() == 1;
    return {};
}

ReviewStore::WriteResult conflictOf(const ReviewRecord &mine, std::optional<ReviewRecord> theirs, const QString &reason)
{
    return { ReviewStore::Outcome::Conflict, ReviewConflict { mine, std::move(theirs), reason } };
}

} // namespace

QString ReviewStore::defaultReviewer(Repository &repository)
{
    if (repository.isRemote()) {
        QSqlQuery q(repository.database());
        if (q.exec(QStringLiteral("SELECT current_user")) && q.next())
            return q.value(0).toString();
    }
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? QStringLiteral("sextant") : user;
}

Result<bool> ReviewStore::isAdmin(Repository &repository)
{
    if (!repository.isRemote())
        return true; // a local file has one user, who owns it
    QSqlQuery q(repository.database());
    if (Result<void> ok = MatchSql::exec(q,
            QStringLiteral("SELECT pg_has_role(current_user, 'sextant_admin', 'MEMBER') "
                           "OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                           "OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = "
                           "to_regclass(:t::text)), 'USAGE')"),
            tr("Reading the role's privileges"),
            [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":t"), repository.dialect().table(Table::MatchReviews)); });
        !ok)
        return ok.error();
    return q.next() && q.value(0).toBool();
}

Result<QList<ReasonCode>> ReviewStore::reasonCodes(Repository &repository)
{
    const auto &d = repository.dialect();
    QSqlQuery q(repository.database());
    if (Result<void> ok = MatchSql::exec(q,
            QLatin1String("SELECT code, label, applies_to, position FROM ") + ReviewSql::reasons(d)
                + QLatin1String(" WHERE active ORDER BY CASE applies_to WHEN 'approve' THEN 0 WHEN 'reject' THEN 1 "
                                "ELSE 2 END, position, code"),
            tr("Reading the reason codes"));
        !ok)
        return ok.error();
    QList<ReasonCode> codes;
    while (q.next()) {
        const auto applies = decisionFromKey(q.value(QStringLiteral("applies_to")).toString());
        if (!applies)
            continue;
        codes << ReasonCode { q.value(QStringLiteral("code")).toString(), q.value(QStringLiteral("label")).toString(),
            *applies, q.value(QStringLiteral("position")).toInt() };
    }
    return codes;
}

Result<ReviewSettings> ReviewStore::settings(Repository &repository)
{
    QSqlQuery q(repository.database());
    if (Result<void> ok
        = MatchSql::exec(q, QLatin1String("SELECT key, value FROM ") + ReviewSql::settings(repository.dialect()),
            tr("Reading the review settings"));
        !ok)
        return ok.error();
    ReviewSettings s;
    while (q.next()) {
        const QString key = q.value(0).toString();
        const double value = q.value(1).toDouble();
        if (key == QLatin1String("level2_sample_rate"))
            s.level2SampleRate = value;
        else if (key == QLatin1String("double_review_share"))
            s.doubleReviewShare = value;
        else if (key == QLatin1String("lease_minutes"))
            s.leaseMinutes = int(value);
    }
    return s;
}

Result<void> ReviewStore::saveSettings(Repository &repository, const ReviewSettings &settings, const QString &actor)
{
    const auto rate = [](double v) { return v >= 0 && v <= 1; };
    if (!rate(settings.level2SampleRate))
        return invalid(tr("The level-2 sample rate must be between 0 and 1."));
    if (!rate(settings.doubleReviewShare))
        return invalid(tr("The double-review share must be between 0 and 1."));
    if (settings.leaseMinutes < 1 || settings.leaseMinutes > 480)
        return invalid(tr("A lease lasts from 1 to 480 minutes."));
    Result<ReviewSettings> before = ReviewStore::settings(repository);
    if (!before)
        return before.error();
    const QList<std::pair<QString, double>> values { { QStringLiteral("level2_sample_rate"),
                                                         settings.level2SampleRate },
        { QStringLiteral("double_review_share"), settings.doubleReviewShare },
        { QStringLiteral("lease_minutes"), double(settings.leaseMinutes) } };
    const auto json = [](const ReviewSettings &s) {
        return QJsonObject { { QStringLiteral("level2_sample_rate"), s.level2SampleRate },
            { QStringLiteral("double_review_share"), s.doubleReviewShare },
            { QStringLiteral("lease_minutes"), s.leaseMinutes } };
    };
    return repository.inTransaction([&]() -> Result<void> {
        for (const auto &[key, value] : values) {
            QSqlQuery q(repository.database());
            if (Result<void> ok = MatchSql::exec(q,
                    QLatin1String("INSERT INTO ") + ReviewSql::settings(repository.dialect())
                        + QLatin1String(
                            " (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                    tr("Saving the review settings"),
                    [&](QSqlQuery &q) {
                        q.bindValue(QStringLiteral(":k"), key);
                        q.bindValue(QStringLiteral(":v"), value);
                    });
                !ok)
                return ok;
        }
        return repository.appendAudit(
            { QDateTime::currentDateTimeUtc(), actor, QStringLiteral("review_settings.update"),
                QStringLiteral("review_settings"), QStringLiteral("review"), json(*before), json(settings) });
    });
}

Result<std::optional<ReviewRecord>> ReviewStore::record(Repository &repository, const QUuid &id)
{
    const auto &d = repository.dialect();
    return firstRecord(repository,
        ReviewRows::recordSelect(d.table(Table::MatchReviews)) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), K::Uuid),
        [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":id"), d.uuid(id)); });
}

Result<void> ReviewStore::updateRoute(Repository &repository, const QUuid &matchId, const ReviewSettings &settings)
{
    const auto &d = repository.dialect();
    const QString m = d.placeholder(QStringLiteral("m"), K::Uuid);
    const auto bindM = [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":m"), d.uuid(matchId)); };
    // A level-2 decision is final: the route it was made on stays as the record of why it went there.
    Result<bool> final
        = exists(repository, QLatin1String("SELECT 1 WHERE ") + ReviewRows::decidedAtLevel2(d, m), bindM);
    if (!final)
        return final.error();
    if (*final)
        return {};
    Result<bool> isDouble
        = exists(repository, QLatin1String("SELECT 1 WHERE ") + ReviewRows::doubleReview(d, m), bindM);
    if (!isDouble)
        return isDouble.error();
    QSqlQuery q(repository.database());
    if (Result<void> ok = MatchSql::exec(q,
            ReviewRows::recordSelect(ReviewSql::current(d)) + QLatin1String(" WHERE match_id = ") + m
                + QLatin1String(" AND level = 1 ORDER BY decided_at, id"),
            tr("Reading match reviews"), bindM);
        !ok)
        return ok;
    QHash<QString, ReviewDecision> latest; // per reviewer: the newest decision in force
    bool flagged = false;
    while (q.next()) {
        const ReviewRecord r = ReviewRows::record(d, q);
        latest.insert(r.reviewer, r.decision);
        flagged = flagged || r.decision == ReviewDecision::Flag;
    }
    QString reason;
    if (flagged) {
        reason = QStringLiteral("flag");
    } else if (latest.size() >= (*isDouble ? 2 : 1)) {
        const QList<ReviewDecision> values = latest.values();
        if (std::any_of(values.cbegin(), values.cend(), [&](ReviewDecision v) { return v != values.first(); }))
            reason = QStringLiteral("disagreement");
        else if (ReviewSql::stableFraction(matchId, "level2") < settings.level2SampleRate)
            reason = QStringLiteral("sample");
    }
    const QString sql = reason.isEmpty()
        ? QString(QLatin1String("DELETE FROM ") + ReviewSql::routes(d) + QLatin1String(" WHERE match_id = ") + m)
        : QLatin1String("INSERT INTO ") + ReviewSql::routes(d)
            + QLatin1String(" (match_id, reason, routed_at) VALUES (") + m + QLatin1String(", :reason, ")
            + ReviewSql::now(d) + QLatin1String(") ON CONFLICT (match_id) DO UPDATE SET reason = excluded.reason");
    QSqlQuery w(repository.database());
    return MatchSql::exec(w, sql, tr("Routing an item to level 2"), [&](QSqlQuery &q) {
        bindM(q);
        if (!reason.isEmpty())
            q.bindValue(QStringLiteral(":reason"), reason);
    });
}

Result<ReviewStore::WriteResult> ReviewStore::write(Repository &repository, const ReviewRecord &given)
{
    if (given.id.isNull() || given.reviewer.trimmed().isEmpty())
        return invalid(tr("A review needs its id and its reviewer."));
    if (!given.isUndo() && (given.matchId.isNull() || (given.level != 1 && given.level != 2)))
        return invalid(tr("A review needs the proposal it decides and a level of 1 or 2."));
    if (given.note.size() > MaxNote)
        return invalid(tr("A review note holds at most %1 characters.").arg(MaxNote));
    const auto &d = repository.dialect();
    Result<ReviewSettings> settings = ReviewStore::settings(repository);
    if (!settings)
        return settings.error();

    WriteResult out;
    ReviewRecord rec = given;
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        Result<std::optional<ReviewRecord>> existing = record(repository, rec.id);
        if (!existing)
            return existing.error();
        if (existing->has_value()) {
            out.outcome = Outcome::AlreadySaved;
            return {};
        }
        std::optional<ReviewRecord> undone;
        if (rec.isUndo()) {
            Result<std::optional<ReviewRecord>> target = record(repository, rec.supersedes);
            if (!target)
                return target.error();
            if (!target->has_value()) {
                out = conflictOf(rec, std::nullopt, tr("The decision to undo was never saved."));
                return {};
            }
            undone = **target;
            // The undo row repeats what it cancels, so it reads sensibly on its own in the table.
            rec.matchId = undone->matchId;
            rec.decision = undone->decision;
            rec.reasonCode = undone->reasonCode;
            rec.level = undone->level;
            Result<std::optional<ReviewRecord>> earlier = firstRecord(repository,
                ReviewRows::recordSelect(d.table(Table::MatchReviews)) + QLatin1String(" WHERE supersedes = ")
                    + d.placeholder(QStringLiteral("s"), K::Uuid),
                [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":s"), d.uuid(rec.supersedes)); });
            if (!earlier)
                return earlier.error();
            if (earlier->has_value()) {
                out = conflictOf(rec, *earlier, tr("This decision was already undone."));
                return {};
            }
        }
        // A level-2 decision is final: nothing at level 1, and no other level-2 decision, comes after it.
        Result<std::optional<ReviewRecord>> final = latestOther(repository, rec.matchId, 2, QString());
        if (!final)
            return final.error();
        if (final->has_value() && (!undone || undone->id != (*final)->id)) {
            out = conflictOf(rec, *final,
                tr("%1 decided this item at level 2 meanwhile; that decision is final.").arg((*final)->reviewer));
            return {};
        }
        if (!rec.isUndo()) {
            if (Result<void> ok = checkTakeover(repository, rec, out); !ok || out.outcome == Outcome::Conflict)
                return ok;
        }
        bool inserted = false;
        if (Result<void> ok = insertRecord(repository, rec, &inserted); !ok)
            return ok;
        if (!inserted) {
            out.outcome = Outcome::AlreadySaved;
            return {};
        }
        if (Result<void> ok = repository.appendAudit({ QDateTime::currentDateTimeUtc(), rec.reviewer,
                rec.isUndo() ? QStringLiteral("match_review.undo") : QStringLiteral("match_review.decide"),
                QStringLiteral("match"), rec.matchId.toString(QUuid::WithoutBraces),
                undone ? recordJson(*undone) : QJsonObject(), recordJson(rec) });
            !ok)
            return ok;
        if (!rec.isUndo()) {
            QSqlQuery q(repository.database());
            if (Result<void> ok = MatchSql::exec(q,
                    QLatin1String("DELETE FROM ") + ReviewSql::leases(d) + QLatin1String(" WHERE match_id = ")
                        + d.placeholder(QStringLiteral("m"), K::Uuid) + QLatin1String(" AND reviewer = :me"),
                    tr("Releasing a lease"),
                    [&](QSqlQuery &q) {
                        q.bindValue(QStringLiteral(":m"), d.uuid(rec.matchId));
                        q.bindValue(QStringLiteral(":me"), d.text(rec.reviewer));
                    });
                !ok)
                return ok;
        }
        out.outcome = Outcome::Saved;
        return rec.level == 1 ? updateRoute(repository, rec.matchId, *settings) : Result<void>();
    });
    if (!done)
        return done.error();
    return out;
}

Result<void> ReviewStore::checkTakeover(Repository &repository, const ReviewRecord &rec, WriteResult &out)
{
    const auto &d = repository.dialect();
    const QString m = d.placeholder(QStringLiteral("m"), K::Uuid);
    QSqlQuery q(repository.database());
    if (Result<void> ok = MatchSql::exec(q,
            QLatin1String("SELECT reviewer FROM ") + ReviewSql::leases(d) + QLatin1String(" WHERE match_id = ") + m
                + QLatin1String(" AND expires_at > ") + ReviewSql::now(d),
            tr("Reading leases"), [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":m"), d.uuid(rec.matchId)); });
        !ok)
        return ok;
    if (q.next() && q.value(0).toString() != rec.reviewer) {
        const QString holder = q.value(0).toString();
        out = conflictOf(
            rec, std::nullopt, tr("%1 holds this item now: your lease ran out and was taken over.").arg(holder));
        return {};
    }
    if (rec.level != 1)
        return {};
    // Level 1: the item needs one reviewer (two for double review). If others already gave what it needs, the
    // lease this decision was made under was taken over and decided while this one waited.
    Result<bool> isDouble = exists(repository, QLatin1String("SELECT 1 WHERE ") + ReviewRows::doubleReview(d, m),
        [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":m"), d.uuid(rec.matchId)); });
    if (!isDouble)
        return isDouble.error();
    if (Result<void> ok = MatchSql::exec(q,
            QLatin1String("SELECT count(DISTINCT reviewer) FROM ") + ReviewSql::current(d)
                + QLatin1String(" WHERE match_id = ") + m + QLatin1String(" AND level = 1 AND reviewer <> :me"),
            tr("Reading match reviews"),
            [&](QSqlQuery &q) {
                q.bindValue(QStringLiteral(":m"), d.uuid(rec.matchId));
                q.bindValue(QStringLiteral(":me"), d.text(rec.reviewer));
            });
        !ok)
        return ok;
    const int others = q.next() ? q.value(0).toInt() : 0;
    if (others >= (*isDouble ? 2 : 1)) {
        Result<std::optional<ReviewRecord>> theirs = latestOther(repository, rec.matchId, 1, rec.reviewer);
        if (!theirs)
            return theirs.error();
        out = conflictOf(rec, *theirs,
            tr("%1 decided this item meanwhile: your lease ran out and was taken over.")
                .arg(theirs->has_value() ? (*theirs)->reviewer : QString()));
    }
    return {};
}
