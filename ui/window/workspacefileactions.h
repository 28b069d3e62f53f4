#pragma once

#include <QObject>

class QAction;
class QMenu;
class QWidget;
class WorkspaceSession;

// File → New Workspace…, Open Workspace… and Open Recent for SQLite workspace files. The session checks a
// file before it closes the open workspace, so a refused file (missing, damaged, another program's
// database) leaves everything as it was and is reported in a message box of the window.
class WorkspaceFileActions : public QObject
{
    Q_OBJECT
public:
    WorkspaceFileActions(WorkspaceSession *session, QWidget *window);

    void addTo(QMenu *file);
    QMenu *recentMenu() const { return m_recent; }

    // Without a dialog, for tests and the command line.
    void openFile(const QString &path);
    void createFile(const QString &path);

private:
    void chooseNew();
    void chooseOpen();
    void rebuildRecent();
    void onOpened();
    void onRefused(const QString &message);

    WorkspaceSession *m_session;
    QWidget *m_window;
    QMenu *m_recent = nullptr;
    QString m_pending; // the file asked for, until the session opens or refuses it
};
