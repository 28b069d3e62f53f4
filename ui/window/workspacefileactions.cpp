#include "window/workspacefileactions.h"

#include "window/uisettings.h"
#include "workspace/workspacesession.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>

namespace {
QString fileFilter()
{
    return WorkspaceFileActions::tr("Sextant workspaces (*.sqlite *.db);;All files (*)");
}

QString startDirectory()
{
    const QStringList recent = UiSettings::recentWorkspaces();
    if (!recent.isEmpty())
        return QFileInfo(recent.first()).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}
} // namespace

WorkspaceFileActions::WorkspaceFileActions(WorkspaceSession *session, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
{
    connect(session, &WorkspaceSession::opened, this, &WorkspaceFileActions::onOpened);
    connect(session, &WorkspaceSession::refused, this, &WorkspaceFileActions::onRefused);
}

void WorkspaceFileActions::addTo(QMenu *file)
{
    QAction *create = file->addAction(tr("&New Workspace…"));
    create->setShortcut(QKeySequence::New);
    create->setStatusTip(tr("Create an empty workspace file, then import memories into it."));
    connect(create, &QAction::triggered, this, &WorkspaceFileActions::chooseNew);

    QAction *open = file->addAction(tr("&Open Workspace…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &WorkspaceFileActions::chooseOpen);

    m_recent = file->addMenu(tr("Open &Recent"));
    m_recent->setObjectName(QStringLiteral("recentWorkspaces"));
    rebuildRecent();
}

void WorkspaceFileActions::openFile(const QString &path)
{
    m_pending = QFileInfo(path).absoluteFilePath();
    m_session->openWorkspaceFile(path);
}

void WorkspaceFileActions::createFile(const QString &path)
{
    m_pending = QFileInfo(path).absoluteFilePath();
    m_session->createWorkspaceFile(path);
}

void WorkspaceFileActions::chooseNew()
{
    // The session refuses an existing file itself (nothing is overwritten), so the dialog need not ask.
    QString path = QFileDialog::getSaveFileName(m_window, tr("New Workspace"),
        QDir(startDirectory()).filePath(tr("workspace.sqlite")), fileFilter(), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1String(".sqlite");
    createFile(path);
}

void WorkspaceFileActions::chooseOpen()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Workspace"), startDirectory(), fileFilter());
    if (!path.isEmpty())
        openFile(path);
}

void WorkspaceFileActions::rebuildRecent()
{
    m_recent->clear();
    const QStringList recent = UiSettings::recentWorkspaces();
    for (int i = 0; i < recent.size(); ++i) {
        const QString &path = recent.at(i);
        // &1 … &9 as accelerators, then plain entries.
        const QString label = i < 9 ? QStringLiteral("&%1 %2").arg(i + 1).arg(WorkspaceSession::displayName(path))
                                    : WorkspaceSession::displayName(path);
        QAction *action = m_recent->addAction(label);
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (!recent.isEmpty())
        m_recent->addSeparator();
    QAction *clear = m_recent->addAction(tr("&Clear Menu"));
    clear->setEnabled(!recent.isEmpty());
    connect(clear, &QAction::triggered, this, [this] {
        UiSettings::clearRecentWorkspaces();
        rebuildRecent();
    });
}

void WorkspaceFileActions::onOpened()
{
    m_pending.clear();
    // Server workspaces are reached through their saved connection profiles, not as files.
    if (!QFileInfo(m_session->path()).isFile())
        return;
    UiSettings::addRecentWorkspace(QFileInfo(m_session->path()).absoluteFilePath());
    rebuildRecent();
}

void WorkspaceFileActions::onRefused(const QString &message)
{
    // A recent entry whose file has gone is dropped, so the menu does not keep offering it.
    if (!m_pending.isEmpty() && !QFileInfo::exists(m_pending)) {
        UiSettings::removeRecentWorkspace(m_pending);
        rebuildRecent();
    }
    m_pending.clear();
    // open(), not exec(): no nested event loop while the open workspace keeps receiving results.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Workspace not opened"),
        tr("%1\n\nThe workspace that was open stays open.").arg(message), QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("workspaceRefused"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
