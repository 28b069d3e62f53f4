#include "review/reviewconfig.h"

#include "db/repository.h"
#include "matching/matchsql.h"
#include "review/reviewsql.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

namespace {

Error invalidSetting(const QString &message)
{
    return makeError(Error::InvalidInput, message);
}

} // namespace

QString ReviewConfig::defaultReviewer(Repository &repository)
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

Result<bool> ReviewConfig::isAdmin(Repository &repository)
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

Result<ReviewAccess> ReviewConfig::access(Repository &repository)
{
    ReviewAccess a;
    a.reviewer = defaultReviewer(repository);
    if (!repository.isRemote())
        return a;
    Result<bool> admin = isAdmin(repository);
    if (!admin)
        return admin.error();
    a.isAdmin = *admin;
    QSqlQuery q(repository.database());
    if (Result<void> ok = MatchSql::exec(q,
            QStringLiteral("SELECT has_table_privilege(:t::text, 'INSERT'), "
                           "pg_has_role(current_user, 'sextant_reviewer_l2', 'MEMBER')"),
            tr("Reading the role's privileges"),
            [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":t"), repository.dialect().table(Table::MatchReviews)); });
        !ok)
        return ok.error();
    if (!q.next())
        return makeError(Error::Database, tr("Reading the role's privileges returned nothing."));
    a.canDecide = q.value(0).toBool();
    a.canDecideLevel2 = a.isAdmin || (a.canDecide && q.value(1).toBool());
    return a;
}

Result<QList<ReasonCode>> ReviewConfig::reasonCodes(Repository &repository)
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

Result<void> ReviewConfig::saveReasonCode(
    Repository &repository, const ReasonCode &code, bool active, const QString &actor)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9_]{1,40}$"));
    if (!valid.match(code.code).hasMatch())
        return invalidSetting(tr("A reason code is 1 to 40 lower-case letters, digits or underscores."));
    if (code.label.trimmed().isEmpty())
        return invalidSetting(tr("A reason code needs a label."));
    const auto &d = repository.dialect();
    return repository.inTransaction([&]() -> Result<void> {
        QSqlQuery q(repository.database());
        if (Result<void> ok = MatchSql::exec(q,
                QLatin1String("INSERT INTO ") + ReviewSql::reasons(d)
                    + QLatin1String(" (code, label, applies_to, position, active) VALUES (:code, :label, :applies, "
                                    ":position, ")
                    + d.placeholder(QStringLiteral("active"), SqlDialect::Bool)
                    + QLatin1String(") ON CONFLICT (code) DO UPDATE SET label = excluded.label, applies_to = "
                                    "excluded.applies_to, position = excluded.position, active = excluded.active"),
                tr("Saving a reason code"),
                [&](QSqlQuery &q) {
                    q.bindValue(QStringLiteral(":code"), code.code);
                    q.bindValue(QStringLiteral(":label"), code.label.trimmed());
                    q.bindValue(QStringLiteral(":applies"), decisionKey(code.appliesTo));
                    q.bindValue(QStringLiteral(":position"), code.position);
                    q.bindValue(QStringLiteral(":active"), d.boolean(active));
                });
            !ok)
            return ok;
        return repository.appendAudit({ QDateTime::currentDateTimeUtc(), actor, QStringLiteral("review_reason.update"),
            QStringLiteral("review_reason_code"), code.code, {},
            QJsonObject { { QStringLiteral("label"), code.label.trimmed() },
                { QStringLiteral("applies_to"), decisionKey(code.appliesTo) },
                { QStringLiteral("position"), code.position }, { QStringLiteral("active"), active } } });
    });
}

Result<ReviewSettings> ReviewConfig::settings(Repository &repository)
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

Result<void> ReviewConfig::saveSettings(Repository &repository, const ReviewSettings &settings, const QString &actor)
{
    const auto rate = [](double v) { return v >= 0 && v <= 1; };
    if (!rate(settings.level2SampleRate))
        return invalidSetting(tr("The level-2 sample rate must be between 0 and 1."));
    if (!rate(settings.doubleReviewShare))
        return invalidSetting(tr("The double-review share must be between 0 and 1."));
    if (settings.leaseMinutes < 1 || settings.leaseMinutes > 480)
        return invalidSetting(tr("A lease lasts from 1 to 480 minutes."));
    Result<ReviewSettings> before = ReviewConfig::settings(repository);
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
