#include "memorybulkactions.h"

#include "databaseworker.h"
#include "sqlrepository.h"
#include "taskrunner.h"

#include <QAction>
#include <QInputDialog>
#include <QMessageBox>
#include <QWidget>

MemoryBulkActions::MemoryBulkActions(DatabaseWorker *worker, TaskRunner *runner, IdSource ids, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_worker(worker)
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
        connect(action, &QAction::triggered, this, [this, kind = kind] { trigger(kind); });
        m_actions << action;
    }
    m_actions[BulkRequest::SoftDelete]->setToolTip(
        tr("Archive the memories with a reason; they can be restored."));
    m_actions[BulkRequest::Purge]->setToolTip(tr("Delete the memories from the database; this cannot be undone."));

    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::warning(m_dialogParent, title, text, QMessageBox::Ok | QMessageBox::Cancel,
                   QMessageBox::Cancel)
            == QMessageBox::Ok;
    };
    m_tagPrompt = [this](bool add) {
        bool ok = false;
        const QString tag = QInputDialog::getText(m_dialogParent, add ? tr("Add a tag") : tr("Remove a tag"),
            add ? tr("Tag to add to the selected memories:") : tr("Tag to remove from the selected memories:"),
            QLineEdit::Normal, QString(), &ok);
        return ok ? tag.trimmed() : QString();
    };
}

void MemoryBulkActions::setPrivileges(const Privileges &privileges)
{
    m_privileges = privileges;
    for (int i = 0; i < m_actions.size(); ++i) {
        const bool allowed
            = i == BulkRequest::Purge ? privileges.canDeleteMemories : privileges.canEditMemories;
        m_actions[i]->setEnabled(allowed);
        if (!allowed)
            m_actions[i]->setStatusTip(tr("Your database role (%1) may not do this.").arg(privileges.roleName()));
    }
}

void MemoryBulkActions::trigger(BulkRequest::Action kind)
{
    BulkRequest request;
    request.action = kind;
    request.ids = m_ids ? m_ids() : QList<QUuid>();
    if (request.ids.isEmpty())
        return;
    const int count = int(request.ids.size());
    if (kind == BulkRequest::SoftDelete) {
        if (!m_confirm(tr("Delete memories"),
                tr("Delete %n memories? They are archived with the reason \"deleted by an operator\" and can be "
                   "restored from the archive.",
                    nullptr, count)))
            return;
        request.reason = tr("deleted by an operator");
    } else if (kind == BulkRequest::Purge) {
        if (!m_confirm(tr("Purge memories"),
                tr("Purge %n memories for good? Their evaluations and links go with them. This cannot be undone.",
                    nullptr, count)))
            return;
    } else if (kind == BulkRequest::AddTag || kind == BulkRequest::RemoveTag) {
        request.tag = m_tagPrompt(kind == BulkRequest::AddTag);
        if (request.tag.isEmpty())
            return;
    }
    run(request);
}

bool MemoryBulkActions::run(BulkRequest request)
{
    if (isRunning() || request.ids.isEmpty())
        return false;
    request.actor = request.actor.isEmpty() ? m_actor : request.actor;
    request.chunkSize = m_chunkSize;
    m_request = std::move(request);
    m_report = BulkReport {};
    m_report.action = m_request.action;
    m_report.batchId = QUuid::createUuid();
    m_next = 0;
    TaskRunner::ExternalTask task = m_runner->begin(taskName(m_request));
    m_taskId = task.id;
    m_control = task.control;
    for (QAction *action : std::as_const(m_actions))
        action->setEnabled(false);
    Q_EMIT runningChanged(true);
    nextChunk();
    return true;
}

void MemoryBulkActions::nextChunk()
{
    const qsizetype total = m_request.ids.size();
    if (m_next >= total) {
        end(std::nullopt);
        return;
    }
    if (m_control->isCancelled()) {
        m_report.cancelled = true;
        m_report.requested = total;
        end(makeError(Error::Cancelled, tr("Cancelled.")));
        return;
    }
    const QList<QUuid> chunk = m_request.ids.mid(m_next, std::max(1, m_request.chunkSize));
    m_next += chunk.size();
    m_worker->call(
        this,
        [request = m_request, chunk, batch = m_report.batchId](Repository &repository) -> Result<BulkReport> {
            SqlRepository *sql = asSql(repository);
            if (!sql)
                return makeError(Error::Internal, tr("This workspace does not support bulk actions."));
            return MemoryBulk(*sql).applyChunk(request, chunk, batch);
        },
        [this, total](const Result<BulkReport> &part) {
            if (!part) {
                end(part.error());
                return;
            }
            m_report.add(*part);
            m_control->setProgress(double(m_next) / double(total));
            m_control->setStatus(tr("%1 of %2").arg(m_next).arg(total));
            Q_EMIT progressed(m_next, total);
            nextChunk();
        });
}

void MemoryBulkActions::end(const std::optional<Error> &error)
{
    m_runner->end(m_taskId, error);
    m_taskId = 0;
    m_control.reset();
    setPrivileges(m_privileges);
    Q_EMIT runningChanged(false);
    if (error && error->code != Error::Cancelled)
        Q_EMIT failed(tr("%1 stopped: %2 What was done before stays: %3")
                          .arg(taskName(m_request), error->message, m_report.describe()),
            m_report);
    else
        Q_EMIT finished(m_report);
}

QString MemoryBulkActions::taskName(const BulkRequest &request)
{
    const int n = int(request.ids.size());
    switch (request.action) {
    case BulkRequest::Pin:
        return tr("Pin %n memories", nullptr, n);
    case BulkRequest::Unpin:
        return tr("Unpin %n memories", nullptr, n);
    case BulkRequest::Archive:
        return tr("Archive %n memories", nullptr, n);
    case BulkRequest::Restore:
        return tr("Restore %n memories", nullptr, n);
    case BulkRequest::SoftDelete:
        return tr("Delete %n memories", nullptr, n);
    case BulkRequest::Purge:
        return tr("Purge %n memories", nullptr, n);
    case BulkRequest::AddTag:
        return tr("Tag %n memories with \"%1\"", nullptr, n).arg(request.tag);
    case BulkRequest::RemoveTag:
        return tr("Remove \"%1\" from %n memories", nullptr, n).arg(request.tag);
    }
    return {};
}
