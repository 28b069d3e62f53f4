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

// Another program's database has tables but none of Sextant's migration records: migrating it would
// write Sextant's schema into someone else's file.
static Result<void> checkIsWorkspace(const Repository &repository, const QString &path)
{
    QSqlQuery query(repository.database());
    if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
        return makeError(Error::Io,
            tr("%1 is not a Sextant workspace or is damaged: %2").arg(path, query.lastError().databaseText()));
    bool anyTable = false;
    const QString migrations = repository.dialect().table(Table::SchemaMigrations);
    while (query.next()) {
        if (query.value(0).toString() == migrations)
            return {};
        anyTable = true;
    }
    if (anyTable)
        return makeError(Error::Conflict,
            tr("%1 is an SQLite database of another program, not a Sextant workspace. Nothing was changed.")
                .arg(path));
    return {};
}

Result<std::unique_ptr<Repository>> open(const QString &path, const QString &connectionName, Mode mode)
{
    if (mode == Mode::ExistingOnly && !QFileInfo(path).isFile())
        return makeError(Error::NotFound, tr("The workspace file %1 does not exist.").arg(path));
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
    // Before any PRAGMA that writes (journal_mode changes the file's header): a refused file stays untouched.
    if (mode == Mode::ExistingOnly) {
        if (Result<void> workspace = checkIsWorkspace(*repository, path); !workspace)
            return workspace.error();
    }
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
