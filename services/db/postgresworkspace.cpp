#include "db/postgresworkspace.h"

#include "db/tlsdiagnosis.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PostgresWorkspace", text);
}

Result<void> connect(const PostgresSettings &settings, const QString &connectionName)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(settings.host);
    db.setPort(settings.port);
    db.setDatabaseName(settings.database);
    db.setUserName(settings.user);
    db.setPassword(settings.password);
    // A network that dies without a reset (a cable, a VPN, a suspended laptop) would leave a read waiting for
    // hours on the system's TCP defaults: keepalives and a user timeout make it a lost connection within ~30 s, which
    // the connection monitor then reports and reconnects.
    QStringList options { QStringLiteral("sslmode=%1").arg(settings.sslMode), QStringLiteral("connect_timeout=10"),
        QStringLiteral("application_name=Sextant"), QStringLiteral("keepalives=1"), QStringLiteral("keepalives_idle=15"),
        QStringLiteral("keepalives_interval=5"), QStringLiteral("keepalives_count=3"),
        QStringLiteral("tcp_user_timeout=30000") };
    if (!settings.sslRootCert.isEmpty())
        options << QStringLiteral("sslrootcert=%1").arg(settings.sslRootCert);
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (db.open())
        return {};
    QString text = db.lastError().text().trimmed();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName);
    if (settings.sslMode.startsWith(QLatin1String("verify")) && TlsDiagnosis::isCertificateRefusal(text)) {
        if (const QString why = TlsDiagnosis::describe(settings); !why.isEmpty())
            text = QStringLiteral("%1 (%2)").arg(why, text);
    }
    return makeError(Error::Database, tr("Could not connect to %1: %2").arg(settings.displayName(), text));
}

QVariant scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return {};
    return query.value(0);
}

struct VectorSupport
{
    QString installedVersion;
    bool available = false;
    bool native = false; // the decision: vector(1536) columns
};

// An existing schema decides by its column type; a new one uses pgvector when the server has or offers it.
VectorSupport detectVectors(const QSqlDatabase &db, const SqlSchemas &schemas)
{
    VectorSupport v;
    v.installedVersion = scalar(db, QStringLiteral("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).toString();
    v.available = !v.installedVersion.isEmpty()
        || scalar(db, QStringLiteral("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).isValid();
    const QString columnType = QStringLiteral(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ?");
    const SqlDialect d(SqlDialect::Postgres, false, schemas);
    for (const auto &[table, column] : { std::pair { d.table(Table::Memories), QStringLiteral("embedding") },
             std::pair { d.table(Table::Embeddings), QStringLiteral("vector") } }) {
        const QVariant type = scalar(db, columnType, QVariantList { QVariant(table), QVariant(column) });
        if (type.isValid()) {
            v.native = type.toString().startsWith(QLatin1String("vector"));
            return v;
        }
    }
    v.native = v.available;
    return v;
}

Result<MigrationPlan> planFor(Repository &repository, const VectorSupport &vectors)
{
    Result<MigrationPlan> plan = Migrator::plan(repository);
    if (plan && !plan->isEmpty() && vectors.native && vectors.installedVersion.isEmpty()) {
        plan->enablesPgvector = true;
        plan->steps.prepend(Migration { 0, tr("enable pgvector"), QStringLiteral("CREATE EXTENSION IF NOT EXISTS vector;") });
    }
    return plan;
}

std::unique_ptr<Repository> makeRepository(
    const PostgresSettings &settings, const QString &connectionName, bool nativeVectors)
{
    return std::make_unique<Repository>(
        connectionName, SqlDialect(SqlDialect::Postgres, nativeVectors, settings.schemas), settings.displayName());
}
struct Planned
{
    std::unique_ptr<Repository> repository;
    MigrationPlan plan;
};

// Connects, decides vector(1536) or real[] and plans the migrations, without changing anything.
Result<Planned> connectAndPlan(const PostgresSettings &settings, const QString &connectionName)
{
    if (Result<void> names = settings.schemas.check(); !names)
        return names.error();
    if (auto connected = connect(settings, connectionName); !connected)
        return connected.error();
    const VectorSupport vectors = detectVectors(QSqlDatabase::database(connectionName, false), settings.schemas);
    auto repository = makeRepository(settings, connectionName, vectors.native);
    Result<MigrationPlan> plan = planFor(*repository, vectors);
    if (!plan)
        return plan.error();
    return Planned { std::move(repository), *plan };
}
} // namespace

namespace PostgresWorkspace {

Result<ConnectionReport> probe(const PostgresSettings &settings, const QString &connectionName)
{
    if (Result<void> names = settings.schemas.check(); !names)
        return names.error();
    QElapsedTimer timer;
    timer.start();
    if (auto connected = connect(settings, connectionName); !connected)
        return connected.error();
    ConnectionReport report;
    VectorSupport vectors;
    {
        const QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        report.serverVersion = scalar(db, QStringLiteral("SELECT version()")).toString();
        report.latencyMs = int(timer.elapsed());
        vectors = detectVectors(db, settings.schemas);
    }
    report.pgvectorVersion = vectors.installedVersion;
    report.pgvectorAvailable = vectors.available;
    report.nativeVectors = vectors.native;
    report.latestVersion = Migrator::latestVersion(SqlDialect::Postgres);
    // The repository owns the connection from here and closes and removes it when it goes.
    auto repository = makeRepository(settings, connectionName, vectors.native);
    if (Result<MigrationPlan> plan = planFor(*repository, vectors)) {
        report.plan = *plan;
        report.schemaVersion = plan->currentVersion;
    } else {
        report.planError = plan.error().message;
    }
    if (Result<Privileges> privileges = repository->privileges())
        report.privileges = *privileges;
    const SqlDialect &d = repository->dialect();
    const QSqlDatabase db = repository->database();
    for (Table table : { Table::Memories, Table::Evaluations, Table::Links, Table::ArchetypeStates, Table::ClusterRuns,
             Table::Users, Table::FreelancerProfiles, Table::Jobs, Table::Embeddings, Table::MatchResults,
             Table::MatchReviews, Table::BiasReports, Table::ModelVersions, Table::AuditLog }) {
        if (!scalar(db, QStringLiteral("SELECT to_regclass(?) IS NOT NULL"), QVariantList { d.table(table) }).toBool())
            continue;
        // Exact counts: these are the numbers an operator compares against psql.
        const QVariant count = scalar(db, QLatin1String("SELECT count(*) FROM ") + d.table(table));
        report.rowCounts << std::pair { d.label(table), count.isValid() ? count.toLongLong() : qint64(-1) };
    }
    return report;
}

Result<std::unique_ptr<Repository>> open(
    const PostgresSettings &settings, const QString &connectionName, Migrations migrations)
{
    Result<Planned> planned = connectAndPlan(settings, connectionName);
    if (!planned)
        return planned.error();
    if (!planned->plan.isEmpty()) {
        if (migrations == Migrations::RequireCurrent)
            return makeError(Error::Conflict,
                QCoreApplication::translate("PostgresWorkspace",
                    "%1 needs %n migration step(s) before Sextant can use it. Review and apply them from "
                    "the connection dialog.",
                    nullptr, int(planned->plan.steps.size()))
                    .arg(settings.displayName()));
        if (Result<int> applied = Migrator::apply(*planned->repository, planned->plan); !applied)
            return applied.error();
    }
    return std::move(planned->repository);
}

Result<MigrationPlan> migrate(const PostgresSettings &settings, const QString &connectionName)
{
    Result<Planned> planned = connectAndPlan(settings, connectionName);
    if (!planned)
        return planned.error();
    if (Result<int> applied = Migrator::apply(*planned->repository, planned->plan); !applied)
        return applied.error();
    return planned->plan;
}

} // namespace PostgresWorkspace
