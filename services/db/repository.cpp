#include "db/repository.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcDb, "sextant.db")

Repository::Repository(const QString &connectionName, SqlDialect dialect, QString location)
    : m_connectionName(connectionName)
    , m_dialect(std::move(dialect))
    , m_location(std::move(location))
{
}

Repository::~Repository()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString Repository::backendName() const
{
    return m_dialect.backend() == SqlDialect::Sqlite ? QStringLiteral("SQLite") : QStringLiteral("PostgreSQL");
}

QSqlDatabase Repository::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

namespace {

// The server went away under the statement (killed, restarted, the network cut): libpq's words for it, the SQLSTATE
// classes 08 (connection exception) and 57P (operator intervention), or a driver that no longer has a connection.
// PostgreSQL only: Qt's SQLite driver files an ordinary failed statement (a trigger's RAISE) as a ConnectionError.
bool connectionGone(const QSqlError &error, bool postgres)
{
    if (!postgres)
        return false;
    const QString code = error.nativeErrorCode();
    if (error.type() == QSqlError::ConnectionError || code.startsWith(QLatin1String("08"))
        || code.startsWith(QLatin1String("57P")))
        return true;
    const QString text = error.text();
    for (const char *words : { "server closed the connection", "no connection to the server",
             "terminating connection", "Database not open", "could not receive data from server",
             "could not send data to server", "connection to server was lost", "SSL SYSCALL error",
             "SSL connection has been closed unexpectedly" })
        if (text.contains(QLatin1String(words), Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

Error Repository::connectionLostError(const QString &what)
{
    return makeError(Error::Database,
        tr("%1 failed: the connection to the database server was lost, and this step was not saved. Sextant "
           "reconnects by itself; run it again once the server is back.")
            .arg(what));
}

Error Repository::queryError(const QSqlQuery &query, const QString &what)
{
    const QSqlError error = query.lastError();
    const QSqlDriver *driver = query.driver();
    const bool postgres = driver && driver->dbmsType() == QSqlDriver::PostgreSQL;
    // A statement on a connection that was closed (after a lost server, before the reconnect) fails without any
    // error at all: Qt only prints a warning.
    const bool closed = !driver || !driver->isOpen();
    if (connectionGone(error, postgres) || (closed && postgres)) {
        qCWarning(lcDb) << what << "failed: the connection was lost:" << error.text();
        return connectionLostError(what);
    }
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    if (text.isEmpty())
        text = closed ? tr("the workspace is not open") : tr("the database gave no reason");
    // PostgreSQL prefixes "ERROR:  " and appends "(SQLSTATE)"; the sentence in between is what helps.
    if (text.startsWith(QLatin1String("ERROR:")))
        text = text.mid(6).trimmed();
    static const QRegularExpression sqlState(QStringLiteral("\\s*\\([0-9A-Z]{5}\\)$"));
    text.remove(sqlState);
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    qCWarning(lcDb) << what << "failed:" << text;
    // 42501 insufficient_privilege; RLS refusals also come as 42501 ("violates row-level security").
    if (error.nativeErrorCode() == QLatin1String("42501"))
        return makeError(Error::Database,
            tr("%1 was refused: your database role is not allowed to do this (%2).").arg(what, text));
    return makeError(Error::Database, tr("%1 failed: %2").arg(what, text));
}

Result<void> Repository::exec(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return queryError(query, what);
    return {};
}

Result<void> Repository::inTransaction(const std::function<Result<void>()> &body)
{
    QSqlDatabase db = database();
    if (m_transactionDepth > 0) {
        // Already inside a transaction (an import calling insertMemories): a savepoint lets the inner call
        // undo its own part while the outer caller decides about the whole.
        const QString savepoint = QStringLiteral("sextant_sp%1").arg(m_transactionDepth);
        QSqlQuery query(db);
        if (!query.exec(QLatin1String("SAVEPOINT ") + savepoint))
            return queryError(query, tr("Starting a savepoint"));
        ++m_transactionDepth;
        Result<void> result = body();
        --m_transactionDepth;
        if (!result) {
            query.exec(QLatin1String("ROLLBACK TO SAVEPOINT ") + savepoint);
            query.exec(QLatin1String("RELEASE SAVEPOINT ") + savepoint);
            return result;
        }
        if (!query.exec(QLatin1String("RELEASE SAVEPOINT ") + savepoint))
            return queryError(query, tr("Releasing a savepoint"));
        return {};
    }
    if (!db.transaction()) {
        if (m_dialect.backend() == SqlDialect::Postgres
            && (!db.isOpen() || connectionGone(db.lastError(), true) || db.lastError().text().trimmed().isEmpty()))
            return connectionLostError(tr("Starting a transaction"));
        return makeError(Error::Database, tr("Could not start a transaction: %1").arg(db.lastError().text()));
    }
    ++m_transactionDepth;
    Result<void> result = body();
    --m_transactionDepth;
    if (!result) {
        db.rollback();
        return result;
    }
    if (!db.commit()) {
        const QSqlError error = db.lastError();
        db.rollback();
        // The commit may have reached the server before the connection went: say so instead of "nothing saved".
        if (connectionGone(error, m_dialect.backend() == SqlDialect::Postgres))
            return makeError(Error::Database,
                tr("The connection to the database server was lost while committing, so it is not known whether "
                   "this step was saved. Sextant reconnects by itself; look again once the server is back."));
        return makeError(Error::Database, tr("Could not commit: %1").arg(error.text()));
    }
    return {};
}

Result<int> Repository::schemaVersion()
{
    QSqlQuery query(database());
    if (!query.exec(QLatin1String("SELECT COALESCE(MAX(version), 0) FROM ") + m_dialect.table(Table::SchemaMigrations)))
        return queryError(query, tr("Reading the schema version"));
    query.next();
    return query.value(0).toInt();
}

Result<WorkspaceCounts> Repository::counts()
{
    const auto &d = m_dialect;
    const QString sql = QLatin1String("SELECT (SELECT COUNT(*) FROM ") + d.table(Table::Memories)
        + QLatin1String("), (SELECT COUNT(*) FROM ") + d.table(Table::Memories)
        + QLatin1String(" WHERE archived_at IS NOT NULL), (SELECT COUNT(*) FROM ") + d.table(Table::Evaluations)
        + QLatin1String("), (SELECT COUNT(*) FROM ") + d.table(Table::Links)
        + QLatin1String("), (SELECT COUNT(*) FROM ") + d.table(Table::FreelancerProfiles)
        + QLatin1String("), (SELECT COUNT(*) FROM ") + d.table(Table::Jobs) + QLatin1String("), (SELECT COUNT(*) FROM ")
        + d.table(Table::Jobs) + QLatin1String(" WHERE status = 'open'), (SELECT COUNT(*) FROM ")
        + d.table(Table::MatchResults) + QLatin1String("), (SELECT COUNT(*) FROM ") + d.table(Table::MatchReviews)
        + QLatin1String("), (SELECT COUNT(*) FROM ") + d.table(Table::BiasReports) + QLatin1Char(')');
    QSqlQuery query(database());
    if (!query.exec(sql) || !query.next())
        return queryError(query, tr("Counting rows"));
    WorkspaceCounts c;
    c.memories = query.value(0).toLongLong();
    c.archivedMemories = query.value(1).toLongLong();
    c.evaluations = query.value(2).toLongLong();
    c.links = query.value(3).toLongLong();
    c.freelancers = query.value(4).toLongLong();
    c.jobs = query.value(5).toLongLong();
    c.openJobs = query.value(6).toLongLong();
    c.matches = query.value(7).toLongLong();
    c.matchReviews = query.value(8).toLongLong();
    c.biasReports = query.value(9).toLongLong();
    return c;
}

Result<void> Repository::appendAudit(const AuditEntry &entry)
{
    const auto &d = m_dialect;
    QSqlQuery query(database());
    query.prepare(d.insertSql(Table::AuditLog,
        { { QStringLiteral("at"), SqlDialect::Time }, { QStringLiteral("actor"), SqlDialect::Text },
            { QStringLiteral("action"), SqlDialect::Text }, { QStringLiteral("entity"), SqlDialect::Text },
            { QStringLiteral("entity_id"), SqlDialect::Text }, { QStringLiteral("before"), SqlDialect::Json },
            { QStringLiteral("after"), SqlDialect::Json } }));
    query.bindValue(QStringLiteral(":at"), d.time(entry.at.isValid() ? entry.at : QDateTime::currentDateTimeUtc()));
    query.bindValue(QStringLiteral(":actor"), entry.actor);
    query.bindValue(QStringLiteral(":action"), entry.action);
    query.bindValue(QStringLiteral(":entity"), entry.entity);
    query.bindValue(QStringLiteral(":entity_id"), entry.entityId);
    query.bindValue(QStringLiteral(":before"), d.json(entry.before));
    query.bindValue(QStringLiteral(":after"), d.json(entry.after));
    return exec(query, tr("Writing the audit log"));
}
