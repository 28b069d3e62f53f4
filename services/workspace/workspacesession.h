#pragma once

#include "core/reply.h"
#include "db/databaseworker.h"
#include "demo/demogenerator.h"
#include "db/postgresworkspace.h"

#include <QAtomicInt>
#include <QObject>
#include <QString>

// What the status bar needs of the open workspace, fetched in one trip to the database.
struct WorkspaceOverview
{
    WorkspaceCounts counts;
    QString location; // never with a password
    bool remote = false;
    Privileges privileges;
};

// Opens a workspace for the application: creates the demo workspace on first use (generated on a
// pool thread into a temporary file that is renamed only when complete), then opens the database
// worker on it. Lives on the UI thread; every slow step runs elsewhere and reports by signal.
class WorkspaceSession : public QObject
{
    Q_OBJECT
public:
    explicit WorkspaceSession(QObject *parent = nullptr);
    ~WorkspaceSession() override;

    static QString defaultDemoPath(); // <AppDataLocation>/demo-workspace.sqlite

    void openDemo(const QString &path, const DemoSpec &spec = {});
    // File → Open Workspace: an existing SQLite workspace. It is checked (and its schema brought up to
    // date) on a pool thread first; a missing, damaged or foreign file emits refused() and the open
    // workspace stays as it was.
    void openWorkspaceFile(const QString &path);
    // File → New Workspace: a new, empty SQLite workspace at `path`, which must not exist yet.
    void createWorkspaceFile(const QString &path);
    // What the title and status bar call a workspace file: "Demo workspace" for the generated demo at
    // its default place, otherwise the file's name without its extension.
    static QString displayName(const QString &path);
    // Opens a PostgreSQL workspace on the database thread. It must be up to date: pending migrations
    // fail with a message that says how to apply them (the connection dialog or --migrate).
    void openPostgres(const PostgresSettings &settings);
    void cancel();

    DatabaseWorker *worker() { return &m_worker; }
    QString name() const { return m_name; }
    QString path() const { return m_path; }
    // Names the open workspace's data for files kept beside it (the review journal): "sqlite:" and the
    // absolute file path, or "postgres:" with user, host, port, database and schemas. Never the password.
    QString identity() const { return m_identity; }
    bool isOpen() const { return m_open; }
    // Counts, location and the role's privileges, on the interactive lane; the reply comes on `context`'s thread.
    void loadOverview(QObject *context, Reply<WorkspaceOverview> done);

    // Generates a demo workspace file synchronously on the calling thread (for the command line and
    // for the pool thread). Removes the file again if generation fails.
    static Result<DemoSummary> createDemoFile(
        const QString &path, const DemoSpec &spec, const DemoGenerator::Progress &progress = {});
    // Applies pending migrations to a PostgreSQL workspace synchronously on the calling thread (for the
    // command line; never the UI thread). Returns the plan it ran: empty when the schema was current.
    static Result<MigrationPlan> migratePostgres(const PostgresSettings &settings);

Q_SIGNALS:
    void progressChanged(int percent, const QString &stage);
    void opened();
    // A workspace is being opened in place of the one before (DatabaseWorker::generation()): work that
    // belongs to the old one must stop (TaskRunner::setWorkspace).
    void workspaceChanged(quint64 generation);
    void failed(const QString &message);
    // openWorkspaceFile / createWorkspaceFile could not use the file; nothing was closed or changed.
    void refused(const QString &message);

private:
    void openDatabase();
    void checkThenOpen(const QString &path, int mode); // mode: SqliteWorkspace::Mode
    // opened() or failed() when the worker has both lanes: grid reads on one connection, tasks on another.
    void openWorker(DatabaseWorker::Opener interactive, DatabaseWorker::Opener background);

    DatabaseWorker m_worker;
    QString m_name;
    QString m_path;
    QString m_identity;
    bool m_open = false;
    std::shared_ptr<QAtomicInt> m_cancel = std::make_shared<QAtomicInt>(0);
};
