#include "window/workspacestatusbar.h"

#include "common/elidedlabel.h"
#include "db/records.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

WorkspaceStatusBar::WorkspaceStatusBar(QWidget *parent)
    : QStatusBar(parent)
    , m_workspace(new ElidedLabel(Qt::ElideMiddle, this))
    , m_counts(new ElidedLabel(Qt::ElideRight, this))
    , m_role(new QLabel(this))
    , m_connection(new QLabel(this))
    , m_busyBar(new QProgressBar(this))
    , m_busyLabel(new QLabel(tr("Loading…"), this))
    , m_tasks(new QToolButton(this))
{
    m_workspace->setObjectName(QStringLiteral("workspaceLabel"));
    // The path and the counts give way (their tooltips hold all of them) when the red outage label or the task
    // count appears: a plain label's least width is all of its text, and the window grew past the screen for it.
    m_counts->setObjectName(QStringLiteral("countsLabel"));
    // A range of 0..0 turns the bar into a busy indicator: requests report no meaningful percentage.
    m_busyBar->setObjectName(QStringLiteral("busyIndicator"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setMaximumHeight(m_busyLabel->sizeHint().height());
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
    m_busyLabel->hide();

    m_role->setObjectName(QStringLiteral("roleLabel"));
    m_role->setTextFormat(Qt::PlainText);
    m_role->hide();
    m_connection->setObjectName(QStringLiteral("connectionLabel"));
    m_connection->setTextFormat(Qt::PlainText);
    m_connection->setStyleSheet(QStringLiteral("QLabel { color: white; background: #b3261e; padding: 0 6px; }"));
    m_connection->hide();

    addWidget(m_workspace, 1);
    addPermanentWidget(m_connection);
    addPermanentWidget(m_role);
    m_tasks->setObjectName(QStringLiteral("tasksButton"));
    m_tasks->setAutoRaise(true);
    m_tasks->setToolTip(tr("Show the Tasks panel"));
    m_tasks->hide();
    connect(m_tasks, &QToolButton::clicked, this, &WorkspaceStatusBar::tasksRequested);

    addPermanentWidget(m_tasks);
    addPermanentWidget(m_busyLabel);
    addPermanentWidget(m_busyBar);
    addPermanentWidget(m_counts);
}

void WorkspaceStatusBar::setWorkspace(const QString &name, const QString &location)
{
    m_workspace->setFullText(location.isEmpty() || location == name ? name : tr("%1 — %2").arg(name, location),
        location.isEmpty() ? name : location);
}

void WorkspaceStatusBar::setCounts(const WorkspaceCounts &counts)
{
    // %Ln formats with the user's locale (6,000 or 6.000) and picks the plural form.
    // Deleted memories stay in the table (archived, for Restore); a delete must still change the count.
    const qint64 archived = counts.archivedMemories;
    const QString memories = archived > 0 ? tr("%Ln memories", nullptr, int(counts.memories - archived))
            + QLatin1Char(' ') + tr("(%Ln archived or deleted)", nullptr, int(archived))
                                          : tr("%Ln memories", nullptr, int(counts.memories));
    const QStringList parts { memories, tr("%Ln jobs", nullptr, int(counts.jobs)),
        tr("%Ln freelancers", nullptr, int(counts.freelancers)), tr("%Ln matches", nullptr, int(counts.matches)) };
    m_counts->setFullText(parts.join(QStringLiteral(" · ")));
}

void WorkspaceStatusBar::setBusy(const QObject *source, bool busy)
{
    if (busy)
        m_busySources.insert(source);
    else
        m_busySources.remove(source);
    m_busyBar->setVisible(isBusy());
    m_busyLabel->setVisible(isBusy());
}

void WorkspaceStatusBar::setRole(const QString &role, const QString &details)
{
    m_role->setText(tr("Role: %1").arg(role));
    m_role->setToolTip(details);
    m_role->setVisible(!role.isEmpty());
}

void WorkspaceStatusBar::setConnectionLost(const QString &message)
{
    m_connection->setText(tr("Connection lost"));
    m_connection->setToolTip(message);
    m_connection->show();
}

void WorkspaceStatusBar::setReconnecting(int attempt, int delayMs, const QString &message)
{
    m_connection->setText(tr("Connection lost — reconnecting (attempt %1, next in %2 s)")
                              .arg(attempt)
                              .arg(QLocale().toString(delayMs / 1000.0, 'f', 1)));
    m_connection->setToolTip(message);
    m_connection->show();
}

void WorkspaceStatusBar::setReconnected()
{
    m_connection->hide();
    showMessage(tr("Reconnected; the view was brought up to date."), 5000);
}

void WorkspaceStatusBar::setActiveTasks(int count)
{
    m_tasks->setText(tr("%n task(s) running", nullptr, count));
    m_tasks->setVisible(count > 0);
}

QString WorkspaceStatusBar::tasksText() const
{
    return m_tasks->isHidden() ? QString() : m_tasks->text();
}

bool WorkspaceStatusBar::isOutageShown() const
{
    return !m_connection->isHidden();
}

QString WorkspaceStatusBar::connectionText() const
{
    return m_connection->text();
}

QString WorkspaceStatusBar::workspaceText() const
{
    return m_workspace->text();
}

QString WorkspaceStatusBar::countsText() const
{
    return m_counts->text();
}
