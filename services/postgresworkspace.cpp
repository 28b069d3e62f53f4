#include "postgresworkspace.h"
#include "migrator.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
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

namespace PostgresWorkspace {

Result<std::unique_ptr<SqlRepository>> open(const PostgresSettings &settings, const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(settings.host);
        db.setPort(settings.port);
        db.setDatabaseName(settings.database);
        db.setUserName(settings.user);
        db.setPassword(settings.password);
        QStringList options { QStringLiteral("sslmode=%1").arg(settings.sslMode),
            QStringLiteral("connect_timeout=10") };
        if (!settings.sslRootCert.isEmpty())
            options << QStringLiteral("sslrootcert=%1").arg(settings.sslRootCert);
        db.setConnectOptions(options.join(QLatin1Char(';')));
        if (!db.open()) {
            const QString text = db.lastError().text().trimmed();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName);
            return makeError(Error::Database, tr("Could not connect to %1: %2").arg(settings.displayName(), text));
        }
    }
    // pgvector: use it when installed; vectors fall back to real[] (and search to the compute core) when not.
    bool nativeVectors = false;
    {
        QSqlQuery probe(QSqlDatabase::database(connectionName, false));
        if (probe.exec(QStringLiteral("SELECT 1 FROM pg_extension WHERE extname = 'vector'")) && probe.next())
            nativeVectors = true;
    }
    auto repository = std::make_unique<SqlRepository>(
        connectionName, SqlDialect(SqlDialect::Postgres, nativeVectors, settings.schemas), settings.displayName());
    Result<int> version = Migrator::migrate(*repository);
    if (!version)
        return version.error();
    return repository;
}

} // namespace PostgresWorkspace
