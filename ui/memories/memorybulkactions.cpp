#include "memories/memorybulkactions.h"


#include <QAction>
#include <QInputDialog>
#include <QMessageBox>
#include <QWidget>

MemoryBulkActions::MemoryBulkActions(DatabaseWorker *worker, TaskRunner *runner, IdSource ids, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_memories(worker)
    , m_batch(worker)
    , m_runner(runner)
    , m_ids(std::move(ids))
    , m_dialogParent(dialogParent)
    , m_privileges(Privileges::owner(QString()))
{
    const QList<std::pair<BulkRequest::Action, QString>> texts {
        { BulkRequest::Pin, tr("Pin as long-term") },
        { BulkRequest::Unpin, tr("Unpin long-term") },
        { BulkRequest::Archive, tr("Archive") },
        { BulkRequest::Restore, tr("Restore from archive") },
        { BulkRequest::SoftDelete, tr("Delete…") },
        { BulkRequest::Purge, tr("Purge for good…") },
        { BulkRequest::AddTag, tr("Add tag…") },
        { BulkRequest::RemoveTag, tr("Remove tag…") },
    };
    for (const auto &[kind, text] : texts) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String("bulk_") + BulkRequest::kindName(kind));
        connect(action, &QAction::triggered, this, [this, kind = kind] { trigger(kind, Scope::Selection); });
        m_actions << action;
        // Every "all matching" action asks first (with the count), so each carries the ellipsis.
        const QString matchingText = text.endsWith(QChar(0x2026)) ? text : text + QChar(0x2026);
        auto *matching = new QAction(matchingText, this);
        matching->setObjectName(QLatin1String("bulkFiltered_") + BulkRequest::kindName(kind));
        connect(matching, &QAction::triggered, this, [this, kind = kind] { trigger(kind, Scope::Filtered); });
        m_filteredActions << matching;
    }
    for (QList<QAction *> *set : { &m_actions, &m_filteredActions }) {
        (*set)[BulkRequest::SoftDelete]->setToolTip(tr("Archive the memories with a reason; they can be restored."));
        (*set)[BulkRequest::Purge]->setToolTip(tr("Delete the memories from the database; this cannot be undone."));
    }

    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::warning(m_dialogParent, title, text, QMessageBox::Ok | QMessageBox::Cancel,
                   QMessageBox::Cancel)
            == QMessageBox::Ok;
    };
    m_tagPrompt = [this](bool add, const QString &question) {
        bool ok = false;
        const QString tag = QInputDialog::getText(
            m_dialogParent, add ? tr("Add a tag") : tr("Remove a tag"), question, QLineEdit::Normal, QString(), &ok);
        return ok ? tag.trimmed() : QString();
    };
    updateEnabled();
}

void MemoryBulkActions::setFilterSource(FilterSource filter)
{
    m_filter = std::move(filter);
    updateEnabled();
}

QAction *MemoryBulkActions::action(BulkRequest::Action action, Scope scope) const
{
    return (scope == Scope::Selection ? m_actions : m_filteredActions).value(action);
}

QList<QAction *> MemoryBulkActions::actions(Scope scope) const
{
    return scope == Scope::Selection ? m_actions : m_filteredActions;
}

void MemoryBulkActions::setPrivileges(const Privileges &privileges)
{
    m_privileges = privileges;
    updateEnabled();
}

void MemoryBulkActions::updateEnabled()
{
    const bool idle = !isRunning() && !m_resolving;
    for (int i = 0; i < m_actions.size(); ++i) {
        const bool allowed = i == BulkRequest::Purge ? m_privileges.canDeleteMemories : m_privileges.canEditMemories;
        const QString whyNot
            = allowed ? QString() : tr("Your database role (%1) may not do this.").arg(m_privileges.roleName());
        m_actions[i]->setEnabled(allowed && idle);
        m_actions[i]->setStatusTip(whyNot);
        m_filteredActions[i]->setEnabled(allowed && idle && m_filter);
        m_filteredActions[i]->setStatusTip(whyNot);
    }
}

void MemoryBulkActions::setResolving(bool resolving)
{
    if (resolving == m_resolving)
        return;
    m_resolving = resolving;
    updateEnabled();
    Q_EMIT resolvingChanged(resolving);
}

void MemoryBulkActions::trigger(BulkRequest::Action kind, Scope scope)
{
    if (isRunning() || m_resolving)
        return;
    if (scope == Scope::Selection) {
        proceed(kind, scope, m_ids ? m_ids() : QList<QUuid>());
        return;
    }
    if (!m_filter)
        return;
    // The ids first, on the database thread: the question must name the exact count, and the action
    // then works on exactly the memories the operator agreed to, even if more arrive meanwhile.
    setResolving(true);
    m_memories.filteredIds(this, m_filter(), [this, kind](const Result<QList<QUuid>> &ids) {
        setResolving(false);
        if (!ids) {
            Q_EMIT failed(tr("Could not read the memories matching the filter: %1").arg(ids.error().message), {});
            return;
        }
        if (ids->isEmpty()) {
            Q_EMIT notice(tr("No memory matches the filter; nothing was changed."));
            return;
        }
        proceed(kind, Scope::Filtered, *ids);
    });
}

void MemoryBulkActions::proceed(BulkRequest::Action kind, Scope scope, const QList<QUuid> &ids)
{
    if (ids.isEmpty())
        return;
    BulkRequest request;
    request.action = kind;
    request.ids = ids;
    const QString text = question(kind, scope, int(ids.size()));
    if (kind == BulkRequest::AddTag || kind == BulkRequest::RemoveTag) {
        request.tag = m_tagPrompt(kind == BulkRequest::AddTag, text); // the question names the count
        if (request.tag.isEmpty())
            return;
    } else if (!text.isEmpty()) {
        if (!m_confirm(title(kind), text))
            return;
    }
    if (kind == BulkRequest::SoftDelete)
        request.reason = tr("deleted by an operator");
    run(request);
}
