#pragma once

#include <QSet>
#include <QStatusBar>

class ElidedLabel;
class QLabel;
class QProgressBar;
class QToolButton;
struct WorkspaceCounts;

// The main window's status bar: which workspace is open, how much it holds, and whether anything is
// still loading in the background.
class WorkspaceStatusBar : public QStatusBar
{
    Q_OBJECT
public:
    explicit WorkspaceStatusBar(QWidget *parent = nullptr);

    void setWorkspace(const QString &name, const QString &location);
    void setCounts(const WorkspaceCounts &counts);
    // The database role Sextant acts as ("sextant_reviewer", "owner"); hidden for local files.
    void setRole(const QString &role, const QString &details);

    // Connection health of a server workspace: an outage shows in red with the retry countdown until
    // the connection is back, then a short "reconnected" message.
    void setConnectionLost(const QString &message);
    void setReconnecting(int attempt, int delayMs, const QString &message);
    void setReconnected();
    bool isOutageShown() const;

    // Each source (a page, a loader) reports its own busy state; the indicator shows while any is busy.
    void setBusy(const QObject *source, bool busy);
    bool isBusy() const { return !m_busySources.isEmpty(); }

    // Background tasks (the task runner's active count): "3 tasks running", hidden at 0. A click asks
    // for the Tasks panel.
    void setActiveTasks(int count);
    QString tasksText() const;

    QString workspaceText() const;
    QString countsText() const;
    QString connectionText() const;

Q_SIGNALS:
    void tasksRequested();

private:
    ElidedLabel *m_workspace;
    ElidedLabel *m_counts;
    QLabel *m_role;
    QLabel *m_connection;
    QProgressBar *m_busyBar;
    QLabel *m_busyLabel;
    QToolButton *m_tasks;
    QSet<const QObject *> m_busySources;
};
