#include "migrator.h"
#include "sqlrepository.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>

QList<Migration> Migrator::available(SqlDialect::Backend backend)
{
    const QString folder = backend == SqlDialect::Sqlite ? QStringLiteral(":/migrations/sqlite")
                                                         : QStringLiteral(":/migrations/postgres");
    QList<Migration> migrations;
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_(.+)\\.sql$"));
    const QStringList files = QDir(folder).entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const auto match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        QFile f(folder + QLatin1Char('/') + file);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        migrations << Migration { match.captured(1).toInt(), match.captured(2), QString::fromUtf8(f.readAll()) };
    }
    return migrations;
}

int Migrator::latestVersion(SqlDialect::Backend backend)
{
    const QList<Migration> migrations = available(backend);
    return migrations.isEmpty() ? 0 : migrations.constLast().version;
}

QStringList Migrator::splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    bool inBlock = false; // SQLite trigger body: BEGIN … END;
    bool inDollar = false; // PostgreSQL function body: $$ … $$
    const QStringList lines = script.split(QLatin1Char('\n'));
    for (const QString &rawLine : lines) {
        const QString line = rawLine.trimmed();
        if (!inDollar && (line.startsWith(QLatin1String("--")) || (line.isEmpty() && current.isEmpty())))
            continue;
        current += rawLine + QLatin1Char('\n');
        if (line.count(QLatin1String("$$")) % 2 == 1)
            inDollar = !inDollar;
        if (inDollar)
            continue;
        const QString upper = line.toUpper();
        if (upper == QLatin1String("BEGIN") || upper.endsWith(QLatin1String(" BEGIN")))
            inBlock = true;
        if (inBlock) {
            if (upper == QLatin1String("END;")) {
                inBlock = false;
                statements << current.trimmed();
                current.clear();
            }
            continue;
        }
        if (line.endsWith(QLatin1Char(';'))) {
            statements << current.trimmed();
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements << current.trimmed();
    return statements;
}

Result<int> Migrator::migrate(SqlRepository &repository)
{
    const SqlDialect &d = repository.dialect();
    const QString table = d.table(Table::SchemaMigrations);
    {
        QSqlQuery create(repository.database());
        if (d.backend() == SqlDialect::Postgres
            && !create.exec(QLatin1String("CREATE SCHEMA IF NOT EXISTS ") + d.schemas().eumas))
            return SqlRepository::queryError(create, tr("Creating the schema %1").arg(d.schemas().eumas));
        const QString sql = QLatin1String("CREATE TABLE IF NOT EXISTS ") + table
            + QLatin1String(" (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                            "applied_at TEXT NOT NULL)");
        if (!create.exec(sql))
            return SqlRepository::queryError(create, tr("Preparing the migration table"));
    }
    Result<int> current = repository.schemaVersion();
    if (!current)
        return current.error();
    const QList<Migration> migrations = available(d.backend());
    const int latest = migrations.isEmpty() ? 0 : migrations.constLast().version;
    if (*current > latest)
        return makeError(Error::SchemaTooNew,
            tr("This database has schema version %1, but this Sextant knows versions up to %2. "
               "Update Sextant to open it; nothing was changed.")
                .arg(*current)
                .arg(latest));
    for (const Migration &migration : migrations) {
        if (migration.version <= *current)
            continue;
        const QByteArray checksum
            = QCryptographicHash::hash(migration.sql.toUtf8(), QCryptographicHash::Sha256).toHex();
        Result<void> applied = repository.inTransaction([&]() -> Result<void> {
            QSqlQuery query(repository.database());
            for (const QString &statement : splitStatements(d.expand(migration.sql))) {
                if (!query.exec(statement))
                    return SqlRepository::queryError(
                        query, tr("Migration %1 (%2)").arg(migration.version).arg(migration.name));
            }
            query.prepare(QLatin1String("INSERT INTO ") + table
                + QLatin1String(" (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"));
            query.addBindValue(migration.version);
            query.addBindValue(migration.name);
            query.addBindValue(QString::fromLatin1(checksum));
            query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
            if (!query.exec())
                return SqlRepository::queryError(query, tr("Recording migration %1").arg(migration.version));
            return {};
        });
        if (!applied)
            return applied.error();
        *current = migration.version;
    }
    return *current;
}
