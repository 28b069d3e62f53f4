#include "db/postgresworkspace.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PostgresWorkspace", text);
}

void applyOption(PostgresSettings &s, const QString &key, const QString &value)
{
    if (key == QLatin1String("host"))
        s.host = value;
    else if (key == QLatin1String("port"))
        s.port = value.toInt();
    else if (key == QLatin1String("dbname"))
        s.database = value;
    else if (key == QLatin1String("user"))
        s.user = value;
    else if (key == QLatin1String("password"))
        s.password = value;
    else if (key == QLatin1String("sslmode"))
        s.sslMode = value;
    else if (key == QLatin1String("sslrootcert"))
        s.sslRootCert = value;
}
} // namespace

Result<PostgresSettings> PostgresSettings::fromConnectionString(const QString &text)
{
    PostgresSettings settings;
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1String("postgres://")) || trimmed.startsWith(QLatin1String("postgresql://"))) {
        const QUrl url(trimmed);
        if (!url.isValid() || url.host().isEmpty())
            return makeError(
                Error::InvalidInput, tr("This is not a valid PostgreSQL address: %1").arg(url.errorString()));
        settings.host = url.host();
        settings.port = url.port(5432);
        if (!url.userName().isEmpty())
            settings.user = url.userName();
        settings.password = url.password();
        const QString path = url.path().mid(1);
        if (!path.isEmpty())
            settings.database = path;
        const QUrlQuery query(url);
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
            applyOption(settings, key, value);
        return settings;
    }
    const QStringList parts = trimmed.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return makeError(Error::InvalidInput, tr("\"%1\" is not a key=value pair.").arg(part));
        applyOption(settings, part.left(equals), part.mid(equals + 1));
    }
    return settings;
}

QString PostgresSettings::displayName() const
{
    return QStringLiteral("%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}
