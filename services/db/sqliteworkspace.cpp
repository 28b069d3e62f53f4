#include "db/sqliteworkspace.h"
#include "db/migrator.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace SqliteWorkspace {

// lupdate files these under the "SqliteWorkspace" context.
static QString tr(const char *text)
{
    return QCoreApplication::translate("SqliteWorkspace", text);
}

Result<std::unique_ptr<Repository>> open(const QString &path, const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path);
        if (!db.open()) {
            const QString text = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName);
            return makeError(Error::Io, tr("Could not open the workspace file %1: %2").arg(path, text));
        }
    }
    auto repository = std::make_unique<Repository>(
        connectionName, SqlDialect(SqlDialect::Sqlite), QFileInfo(path).absoluteFilePath());
    QSqlQuery pragma(repository->database());
    // The first real read tells a corrupt or foreign file apart from a workspace.
    if (!pragma.exec(QStringLiteral("PRAGMA schema_version")))
        return makeError(Error::Io,
            tr("%1 is not a Sextant workspace or is damaged: %2")
                .arg(path, pragma.lastError().databaseText()));
    for (const char *statement : { "PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL",
             "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 5000" }) {
        if (!pragma.exec(QString::fromLatin1(statement)))
            return makeError(Error::Io,
                tr("%1 is not a Sextant workspace or is damaged: %2")
                    .arg(path, pragma.lastError().databaseText()));
    }
    Result<int> version = Migrator::migrate(*repository);
    if (!version)
        return version.error();
    return repository;
}

} // namespace SqliteWorkspace
