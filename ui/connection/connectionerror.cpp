#include "connection/connectionerror.h"

#include <QCoreApplication>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ConnectionError", text);
}

bool mentions(const QString &text, const char *phrase)
{
    return text.contains(QLatin1String(phrase), Qt::CaseInsensitive);
}

// libpq's own text without the driver's trailer ("QPSQL: Unable to connect") and the line breaks.
QString serverWords(const QString &message)
{
    QString text = message;
    text.remove(QLatin1String("QPSQL: Unable to connect"));
    return text.simplified();
}
} // namespace

QString describeConnectionError(const Error &error, const PostgresSettings &settings)
{
    const QString &m = error.message;
    const QString where = QStringLiteral("%1:%2").arg(settings.host).arg(settings.port);
    if (mentions(m, "Connection refused"))
        return tr("Nothing answers at %1. Check the host and port, and that the server is running and accepts "
                  "connections from this computer.")
            .arg(where);
    if (mentions(m, "could not translate host name") || mentions(m, "Name or service not known"))
        return tr("The host name %1 could not be found. Check it for typing errors.").arg(settings.host);
    if (mentions(m, "timeout expired") || mentions(m, "timed out"))
        return tr("The server at %1 did not answer in time. Check the address, the network and any firewall.")
            .arg(where);
    if (mentions(m, "password authentication failed") || mentions(m, "no password supplied"))
        return tr("The server refused the user name or password for %1.").arg(settings.user);
    if (mentions(m, "database") && mentions(m, "does not exist"))
        return tr("The server has no database called %1.").arg(settings.database);
    if (mentions(m, "role") && mentions(m, "does not exist"))
        return tr("The server has no user called %1.").arg(settings.user);
    if (mentions(m, "Tenant or user not found"))
        return tr("The Supabase pooler does not know the user %1: for the session pooler it is "
                  "postgres.<project reference>.")
            .arg(settings.user);
    if (mentions(m, "no pg_hba.conf entry"))
        return tr("The server does not accept connections from this computer for %1 (pg_hba.conf). Its "
                  "administrator can allow it, or the SSL mode may need to be require.")
            .arg(settings.user);
    if (mentions(m, "SSL") || mentions(m, "certificate"))
        return tr("The encrypted connection could not be set up: %1").arg(serverWords(m));
    return serverWords(m);
}
