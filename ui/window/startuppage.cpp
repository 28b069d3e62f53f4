#include "window/startuppage.h"

#include "workspace/workspacesession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

StartupPage::StartupPage(WorkspaceSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_title(new QLabel(tr("Preparing the workspace"), this))
    , m_stage(new QLabel(tr("Starting…"), this))
    , m_progress(new QProgressBar(this))
    , m_error(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_quit(new QPushButton(tr("Quit"), this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignCenter);

    m_stage->setObjectName(QStringLiteral("startupStage"));
    m_stage->setAlignment(Qt::AlignCenter);
    m_stage->setTextFormat(Qt::PlainText);

    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setMinimumWidth(360);

    m_error->setObjectName(QStringLiteral("startupError"));
    m_error->setAlignment(Qt::AlignCenter);
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_quit->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_quit);
    buttons->addStretch(1);

    // A narrow centred column reads better than a progress bar stretched across a wide window.
    auto *column = new QVBoxLayout;
    column->addWidget(m_title);
    column->addSpacing(12);
    column->addWidget(m_stage);
    column->addWidget(m_progress);
    column->addWidget(m_error);
    column->addSpacing(12);
    column->addLayout(buttons);
    auto *centred = new QHBoxLayout;
    centred->addStretch(1);
    centred->addLayout(column, 2);
    centred->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(centred);
    layout->addStretch(2);

    connect(session, &WorkspaceSession::progressChanged, this, &StartupPage::onProgress);
    connect(session, &WorkspaceSession::failed, this, &StartupPage::onFailed);
    connect(m_cancel, &QPushButton::clicked, this, &StartupPage::onCancel);
    connect(m_quit, &QPushButton::clicked, this, &StartupPage::quitRequested);
}

QString StartupPage::stageText() const
{
    return m_stage->text();
}

QString StartupPage::errorText() const
{
    return m_failed ? m_error->text() : QString();
}

void StartupPage::onProgress(int percent, const QString &stage)
{
    if (m_failed)
        return; // a late progress report must not hide the error
    m_progress->setValue(std::clamp(percent, 0, 100));
    if (!stage.isEmpty())
        m_stage->setText(stage);
}

void StartupPage::onFailed(const QString &message)
{
    m_failed = true;
    m_title->setText(tr("The workspace could not be opened"));
    m_stage->hide();
    m_progress->hide();
    m_cancel->hide();
    m_error->setText(message.isEmpty() ? tr("No reason was given.") : message);
    m_error->show();
    m_quit->show();
    m_quit->setFocus();
}

void StartupPage::onCancel()
{
    // The generator stops at its next checkpoint and the session then reports failure, which
    // switches this page to its Quit state. Opening an existing file cannot be interrupted, so Quit
    // is offered at once rather than leaving the user waiting on a step that ignores the request.
    m_cancel->setEnabled(false);
    m_stage->setText(tr("Cancelling…"));
    m_quit->show();
    m_session->cancel();
}
