#pragma once

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

// The libpq connection under a QPSQL connection, for what Qt's driver has no API for (binary COPY, cancelling a
// statement, the socket the stall watchdog watches, the connection's status). nullptr for another driver or a
// connection that is not open.
inline PGconn *libpqConnection(const QSqlDatabase &database)
{
    QSqlDriver *driver = database.driver();
    if (!driver || driver->dbmsType() != QSqlDriver::PostgreSQL)
        return nullptr;
    const QVariant handle = driver->handle();
    return handle.isValid() ? *static_cast<PGconn *const *>(handle.constData()) : nullptr;
}
