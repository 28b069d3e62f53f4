#include "workspace/workspacesession.h"
#include "db/sqliteworkspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QStandardPaths>
#include <QtConcurrent>

Q_DECLARE_LOGGING_CATEGORY(lcDemo)

WorkspaceSession::WorkspaceSession(QObject *parent)
    : QObject(parent)
{
}

WorkspaceSession::~WorkspaceSession()
{
    m_cancel->storeRelaxed(1);
}

QString WorkspaceSession::defaultDemoPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/demo-workspace.sqlite");
}

Result<DemoSummary> WorkspaceSession::createDemoFile(
    const QString &path, const DemoSpec &spec, const DemoGenerator::Progress &progress)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QString partial = path + QLatin1String(".partial");
    QFile::remove(partial);
    for (const char *suffix : { "-wal", "-shm" })
        QFile::remove(partial + QLatin1String(suffix));
    const QString connection = QStringLiteral("demo-generator-%1").arg(quintptr(QThread::currentThreadId()));
    Result<DemoSummary> summary = makeError(Error::Internal, QString());
    {
        Result<std::unique_ptr<Repository>> repository = SqliteWorkspace::open(partial, connection);
        if (!repository)
            return repository.error();
        summary = DemoGenerator::generate(**repository, spec, progress);
    }
    if (!summary) {
        QFile::remove(partial);
        return summary;
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path))
        return makeError(Error::Io, tr("Could not move the new workspace into place at %1.").arg(path));
    return summary;
}

QString WorkspaceSession::displayName(const QString &path)
{
    if (QFileInfo(path).absoluteFilePath() == QFileInfo(defaultDemoPath()).absoluteFilePath())
        return tr("Demo workspace");
    return QFileInfo(path).completeBaseName();
}

void WorkspaceSession::openWorkspaceFile(const QString &path)
{
    checkThenOpen(path, int(SqliteWorkspace::Mode::ExistingOnly));
}

void WorkspaceSession::createWorkspaceFile(const QString &path)
{
    if (QFileInfo::exists(path)) {
        Q_EMIT refused(tr("%1 already exists. Open it with File → Open Workspace, or choose another name.")
                .arg(QDir::toNativeSeparators(path)));
        return;
    }
    checkThenOpen(path, int(SqliteWorkspace::Mode::CreateOrOpen));
}

void WorkspaceSession::checkThenOpen(const QString &path, int mode)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QtConcurrent::run([absolute, mode]() -> Result<void> {
        const QString connection = QStringLiteral("workspace-check-%1").arg(quintptr(QThread::currentThreadId()));
        Result<std::unique_ptr<Repository>> checked
            = SqliteWorkspace::open(absolute, connection, SqliteWorkspace::Mode(mode));
        if (!checked)
            return checked.error();
        return {};
    }).then(this, [this, absolute](const Result<void> &checked) {
        if (!checked) {
            Q_EMIT refused(checked.error().message);
            return;
        }
        m_path = absolute;
        m_name = displayName(absolute);
        m_open = false;
        openDatabase();
    });
}

void WorkspaceSession::openDemo(const QString &path, const DemoSpec &spec)
{
    m_path = path;
    m_name = displayName(path);
    m_cancel->storeRelaxed(0);
    if (QFileInfo::exists(path)) {
        openDatabase();
        return;
    }
    Q_EMIT progressChanged(0, tr("Creating the demo workspace"));
    auto cancel = m_cancel;
    QPointer<WorkspaceSession> self(this);
    QtConcurrent::run([path, spec, cancel, self]() {
        return createDemoFile(path, spec, [cancel, self](int percent, const QString &stage) {
            if (self)
                QMetaObject::invokeMethod(
                    self,
                    [self, percent, stage] {
                        if (self)
                            Q_EMIT self->progressChanged(percent, stage);
                    },
                    Qt::QueuedConnection);
            return cancel->loadRelaxed() == 0;
        });
    }).then(this, [this](const Result<DemoSummary> &summary) {
        if (!summary) {
            Q_EMIT failed(summary.error().message);
            return;
        }
        openDatabase();
    });
}

void WorkspaceSession::openPostgres(const PostgresSettings &settings)
{
    m_name = settings.displayName();
    m_path = m_name;
    m_identity = QStringLiteral("postgres:%1?schemas=%2,%3,%4,%5")
                     .arg(m_name, settings.schemas.eumas, settings.schemas.auth, settings.schemas.core, settings.schemas.ai);
    m_open = false;
    m_cancel->storeRelaxed(0);
    Q_EMIT progressChanged(100, tr("Connecting to %1").arg(m_name));
    auto opener = [settings](const QString &connection) {
        return [settings, connection]() -> Result<std::unique_ptr<Repository>> {
            Result<std::unique_ptr<Repository>> opened
                = PostgresWorkspace::open(settings, connection, PostgresWorkspace::Migrations::RequireCurrent);
            if (!opened && opened.error().code == Error::Conflict)
                return makeError(Error::Conflict,
                    opened.error().message + QLatin1Char(' ')
                        + tr("To apply them without the dialog, start Sextant with --connect and --migrate."));
            return opened;
        };
    };
    openWorker(opener(QStringLiteral("sextant-main")), opener(QStringLiteral("sextant-background")));
}

Result<MigrationPlan> WorkspaceSession::migratePostgres(const PostgresSettings &settings)
{
    return PostgresWorkspace::migrate(
        settings, QStringLiteral("sextant-migrate-%1").arg(quintptr(QThread::currentThreadId())));
}

void WorkspaceSession::cancel()
{
    m_cancel->storeRelaxed(1);
}

void WorkspaceSession::openDatabase()
{
    Q_EMIT progressChanged(100, tr("Opening %1").arg(QFileInfo(m_path).fileName()));
    const QString path = m_path;
    m_identity = QLatin1String("sqlite:") + QFileInfo(path).absoluteFilePath();
    openWorker([path]() { return SqliteWorkspace::open(path, QStringLiteral("workspace")); },
        [path]() { return SqliteWorkspace::open(path, QStringLiteral("workspace-background")); });
}

void WorkspaceSession::openWorker(DatabaseWorker::Opener interactive, DatabaseWorker::Opener background)
{
    QFuture<Result<void>> opening = m_worker.open(std::move(interactive), std::move(background));
    Q_EMIT workspaceChanged(m_worker.generation());
    opening.then(this, [this](const Result<void> &result) {
        if (!result) {
            Q_EMIT failed(result.error().message);
            return;
        }
        m_open = true;
        Q_EMIT opened();
    });
}

void WorkspaceSession::loadOverview(QObject *context, Reply<WorkspaceOverview> done)
{
    m_worker.call(
        context,
        [](Repository &repository) -> Result<WorkspaceOverview> {
            Result<WorkspaceCounts> counts = repository.counts();
            if (!counts)
                return counts.error();
            Result<Privileges> privileges = repository.privileges();
            if (!privileges)
                return privileges.error();
            return WorkspaceOverview { *counts, repository.location(), repository.isRemote(), *privileges };
        },
        std::move(done));
}
