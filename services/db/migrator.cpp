#include "db/migrator.h"
#include "db/repository.h"

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

namespace {

bool tableExists(Repository &repository, const QString &qualifiedName)
{
    QSqlQuery query(repository.database());
    if (repository.dialect().backend() == SqlDialect::Sqlite) {
        query.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
        query.addBindValue(qualifiedName);
    } else {
        query.prepare(QStringLiteral("SELECT to_regclass(?) IS NOT NULL"));
        query.addBindValue(qualifiedName);
    }
    return query.exec() && query.next() && query.value(0).toBool();
}

// Supabase projects have an auth.users of their own (GoTrue's), which must never be altered.
bool isSupabaseAuth(Repository &repository)
{
    QSqlQuery query(repository.database());
    query.prepare(QStringLiteral("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) "
                                 "AND attname IN ('encrypted_password', 'instance_id') AND NOT attisdropped"));
    query.addBindValue(repository.dialect().table(Table::Users));
    return query.exec() && query.next();
}

Migration resourceStep(const QString &path, const QString &name, const SqlDialect &dialect)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return { 0, name, QString() };
    return { 0, name, dialect.expand(QString::fromUtf8(file.readAll())) };
}

} // namespace

QString MigrationPlan::script() const
{
    QString text;
    for (const Migration &step : steps) {
        text += step.version > 0 ? QStringLiteral("-- Migration %1: %2\n").arg(step.version).arg(step.name)
                                 : QStringLiteral("-- Preparation: %1\n").arg(step.name);
        text += step.sql.trimmed() + QLatin1String("\n\n");
    }
    return text;
}

Result<MigrationPlan> Migrator::plan(Repository &repository)
{
    const SqlDialect &d = repository.dialect();
    if (d.backend() == SqlDialect::Postgres) {
        if (Result<void> names = d.schemas().check(); !names)
            return names.error();
    }
    MigrationPlan plan;
    const QList<Migration> migrations = available(d.backend());
    plan.targetVersion = migrations.isEmpty() ? 0 : migrations.constLast().version;
    if (tableExists(repository, d.table(Table::SchemaMigrations))) {
        Result<int> current = repository.schemaVersion();
        if (!current)
            return current.error();
        plan.currentVersion = *current;
    }
    if (plan.currentVersion > plan.targetVersion)
        return makeError(Error::SchemaTooNew,
            tr("This database has schema version %1, but this Sextant knows versions up to %2. "
               "Update Sextant to open it; nothing was changed.")
                .arg(plan.currentVersion)
                .arg(plan.targetVersion));
    if (plan.currentVersion == 0 && d.backend() == SqlDialect::Postgres) {
        // A database made by the seed plan's DDL: its three tables are upgraded in place, keeping rows.
        // Any other table Sextant would create is a conflict it cannot resolve on its own.
        const QList<std::pair<Table, QString>> adoptable { { Table::Users, QStringLiteral("auth_users") },
            { Table::Jobs, QStringLiteral("core_jobs") }, { Table::Embeddings, QStringLiteral("ai_embeddings") } };
        if (isSupabaseAuth(repository))
            return makeError(Error::Conflict,
                tr("%1 here is Supabase Auth's own table, not the marketplace's. Set the 8thDegree auth schema "
                   "of this connection to another name (for example app_auth); nothing was changed.")
                    .arg(d.label(Table::Users)));
        for (const auto &[table, file] : adoptable) {
            if (!tableExists(repository, d.table(table)))
                continue;
            plan.adoptsSeedPlan = true;
            plan.steps << resourceStep(QStringLiteral(":/migrations/postgres/adopt/%1.sql").arg(file),
                tr("upgrade the seed plan's %1 in place").arg(d.label(table)), d);
        }
        QStringList conflicts;
        for (Table table : { Table::Memories, Table::Evaluations, Table::Links, Table::FreelancerProfiles,
                 Table::MatchResults, Table::BiasReports, Table::AuditLog }) {
            if (tableExists(repository, d.table(table)))
                conflicts << d.label(table);
        }
        if (!conflicts.isEmpty())
            return makeError(Error::Conflict,
                tr("This database already has tables Sextant did not create (%1). Sextant can upgrade only "
                   "the seed plan's auth.users, core.jobs and ai.embeddings in place; use an empty database "
                   "or other schema names.")
                    .arg(conflicts.join(QLatin1String(", "))));
    }
    for (const Migration &migration : migrations) {
        if (migration.version > plan.currentVersion)
            plan.steps << Migration { migration.version, migration.name, d.expand(migration.sql) };
    }
    return plan;
}

Result<int> Migrator::apply(Repository &repository, const MigrationPlan &plan)
{
    if (plan.steps.isEmpty())
        return plan.currentVersion;
    const SqlDialect &d = repository.dialect();
    if (d.backend() == SqlDialect::Postgres) {
        if (Result<void> names = d.schemas().check(); !names)
            return names.error();
    }
    const QString table = d.table(Table::SchemaMigrations);
    Result<void> applied = repository.inTransaction([&]() -> Result<void> {
        QSqlQuery query(repository.database());
        if (d.backend() == SqlDialect::Postgres
            && !query.exec(
                QLatin1String("CREATE SCHEMA IF NOT EXISTS ") + SqlDialect::quoteIdentifier(d.schemas().eumas)))
            return Repository::queryError(query, tr("Creating the schema %1").arg(d.schemas().eumas));
        if (!query.exec(QLatin1String("CREATE TABLE IF NOT EXISTS ") + table
                + QLatin1String(" (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                                "applied_at TEXT NOT NULL)")))
            return Repository::queryError(query, tr("Preparing the migration table"));
        for (const Migration &step : plan.steps) {
            for (const QString &statement : splitStatements(step.sql)) {
                if (!query.exec(statement))
                    return Repository::queryError(query,
                        step.version > 0 ? tr("Migration %1 (%2)").arg(step.version).arg(step.name) : step.name);
            }
            if (step.version == 0)
                continue;
            query.prepare(QLatin1String("INSERT INTO ") + table
                + QLatin1String(" (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"));
            query.addBindValue(step.version);
            query.addBindValue(step.name);
            query.addBindValue(QString::fromLatin1(
                QCryptographicHash::hash(step.sql.toUtf8(), QCryptographicHash::Sha256).toHex()));
            query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
            if (!query.exec())
                return Repository::queryError(query, tr("Recording migration %1").arg(step.version));
        }
        return {};
    });
    if (!applied)
        return applied.error();
    return plan.targetVersion;
}

Result<int> Migrator::migrate(Repository &repository)
{
    Result<MigrationPlan> planned = plan(repository);
    if (!planned)
        return planned.error();
    return apply(repository, *planned);
}
