// Repository: live updates (LISTEN sextant_changes) and connection health for PostgreSQL.
#include "db/repository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <libpq-fe.h>

namespace {
const QString Channel = QStringLiteral("sextant_changes"); // the migrations' trigger function sends here
}

std::optional<ChangeNotice> ChangeNotice::fromPayload(const QString &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    if (object.isEmpty() || !object.contains(QLatin1String("table")))
        return std::nullopt;
    ChangeNotice notice;
    notice.table = object.value(QLatin1String("table")).toString();
    notice.operation = object.value(QLatin1String("op")).toString();
    notice.rows = object.value(QLatin1String("rows")).toInteger();
    const QJsonArray keys = object.value(QLatin1String("keys")).toArray();
    for (const QJsonValue &key : keys)
        notice.keys << key.toString();
    return notice;
}

Result<void> Repository::watchChanges(std::function<void(const ChangeNotice &)> onChange)
{
    if (!isRemote())
        return {};
    m_onChange = std::move(onChange);
    return subscribe();
}

Result<void> Repository::subscribe()
{
    QSqlDriver *driver = database().driver();
    if (!driver->hasFeature(QSqlDriver::EventNotifications))
        return makeError(Error::Database, tr("This database driver cannot deliver change notifications."));
    if (!driver->subscribedToNotifications().contains(Channel) && !driver->subscribeToNotification(Channel))
        return makeError(Error::Database,
            tr("Could not listen for changes: %1").arg(driver->lastError().text()));
    QObject::disconnect(m_notifications);
    m_notifications = QObject::connect(driver, &QSqlDriver::notification, driver,
        [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
            if (name != Channel || !m_onChange)
                return;
            if (const std::optional<ChangeNotice> notice = ChangeNotice::fromPayload(payload.toString()))
                m_onChange(*notice);
        });
    return {};
}

Result<void> Repository::ping()
{
    if (!database().isOpen())
        return makeError(Error::Database, tr("The connection to %1 is closed.").arg(m_location));
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("SELECT 1"))) {
        QString text = query.lastError().text().trimmed();
        if (text.isEmpty())
            text = tr("the server does not answer");
        return makeError(Error::Database, tr("The connection to %1 was lost: %2").arg(m_location, text));
    }
    return {};
}

bool Repository::isBroken() const
{
    const QSqlDatabase db = database();
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!isRemote() || !handle.isValid() || db.driver()->dbmsType() != QSqlDriver::PostgreSQL)
        return false;
    PGconn *connection = *static_cast<PGconn *const *>(handle.constData());
    return !connection || PQstatus(connection) == CONNECTION_BAD;
}

Result<void> Repository::reconnect()
{
    QSqlDatabase db = database();
    if (db.isOpen() && db.driver()->subscribedToNotifications().contains(Channel))
        db.driver()->unsubscribeFromNotification(Channel);
    db.close();
    if (!db.open())
        return makeError(Error::Database, tr("Could not reconnect to %1: %2").arg(m_location, db.lastError().text().trimmed()));
    if (m_onChange)
        return subscribe();
    return {};
}
