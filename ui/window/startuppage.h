#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class WorkspaceSession;

// Shown while the workspace is created or opened: progress, the current stage and a way out. A
// failure is shown here in plain words with a Quit button, instead of a dialog or a crash.
class StartupPage : public QWidget
{
    Q_OBJECT
public:
    explicit StartupPage(WorkspaceSession *session, QWidget *parent = nullptr);

    QString stageText() const;
    QString errorText() const; // empty until the session has failed
    bool hasFailed() const { return m_failed; }

Q_SIGNALS:
    void quitRequested();

private:
    void onProgress(int percent, const QString &stage);
    void onFailed(const QString &message);
    void onCancel();

    WorkspaceSession *m_session;
    QLabel *m_title;
    QLabel *m_stage;
    QProgressBar *m_progress;
    QLabel *m_error;
    QPushButton *m_cancel;
    QPushButton *m_quit;
    bool m_failed = false;
};
