#pragma once

#include <QSet>
#include <QStatusBar>

class QLabel;
class QProgressBar;
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

    // Each source (a page, a loader) reports its own busy state; the indicator shows while any is busy.
    void setBusy(const QObject *source, bool busy);
    bool isBusy() const { return !m_busySources.isEmpty(); }

    QString workspaceText() const;
    QString countsText() const;

private:
    QLabel *m_workspace;
    QLabel *m_counts;
    QProgressBar *m_busyBar;
    QLabel *m_busyLabel;
    QSet<const QObject *> m_busySources;
};
