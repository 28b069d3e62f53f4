// MemoryDetailPane: neighbours and history loading, editing through the undo stack, conflicts.
#include "memories/memorydetailpane.h"

#include "memories/evaluationnotesview.h"
#include "memories/linkstree.h"
#include "memories/memoryconflictdialog.h"
#include "memories/memoryeditpanel.h"
#include "memories/memoryeditstack.h"
#include "memories/memoryhistoryview.h"
#include "memories/memoryneighboursview.h"
#include "memories/prioritypanel.h"

#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>

void MemoryDetailPane::loadExtras(quint64 generation)
{
    const Memory &memory = m_detail.memory;
    const QUuid id = memory.id;
    if (memory.embedding.isEmpty()) {
        m_neighbours->setNeighbours({});
        m_neighboursNote->setText(tr("This memory has no stored embedding, so it has no neighbours."));
        Q_EMIT neighboursLoaded(id);
    } else {
        m_neighboursNote->setText(tr("The %1 memories closest by stored embedding (cosine similarity).")
                                      .arg(NeighbourCount));
        m_memories.neighbours(this, memory.embedding, NeighbourCount + 1,
            [this, generation, id](const Result<QList<SimilarMemory>> &found) {
                if (generation != m_generation)
                    return;
                if (!found) {
                    m_neighboursNote->setText(tr("Could not find the neighbours: %1").arg(found.errorMessage()));
                    return;
                }
                QList<SimilarMemory> others;
                for (const SimilarMemory &s : *found) {
                    if (s.row.id != id && others.size() < NeighbourCount)
                        others << s;
                }
                m_neighbours->setNeighbours(others);
                updateLinkButtons();
                Q_EMIT neighboursLoaded(id);
            });
    }
    loadHistory(generation);
}

void MemoryDetailPane::loadHistory(quint64 generation)
{
    const QUuid id = m_detail.memory.id;
    m_memories.history(this, id,
        [this, generation, id](const Result<QList<AuditEntry>> &entries) {
            if (generation != m_generation)
                return;
            m_history->setEntries(entries ? *entries : QList<AuditEntry>());
            Q_EMIT historyLoaded(id);
        });
}

void MemoryDetailPane::setEditStack(MemoryEditStack *stack)
{
    if (m_editStack)
        disconnect(m_editStack, nullptr, this, nullptr);
    m_editStack = stack;
    if (stack) {
        connect(stack, &MemoryEditStack::saved, this, &MemoryDetailPane::onSaved);
        connect(stack, &MemoryEditStack::conflicted, this, &MemoryDetailPane::onConflict);
        connect(stack, &MemoryEditStack::failed, this, [this](const QString &message) {
            Q_EMIT editFailed(message);
            reload(); // show what is stored, not what failed to save
        });
    }
    setEditable(m_editable, m_whyNotEditable);
}

void MemoryDetailPane::setEditable(bool editable, const QString &whyNot)
{
    m_editable = editable;
    m_whyNotEditable = whyNot;
    const bool can = editable && m_editStack;
    m_edit->setEditable(can, can ? QString() : whyNot);
    updateLinkButtons();
}

void MemoryDetailPane::requestEdit(MemoryEdit edit)
{
    if (!m_editStack || !m_editable || m_detail.memory.id.isNull() || edit.isEmpty())
        return;
    edit.memoryId = m_detail.memory.id;
    m_editStack->submit(edit, m_detail);
}

void MemoryDetailPane::onSaved(const MemoryDetail &current)
{
    if (current.memory.id != m_currentId)
        return;
    fill(current, false);
    loadExtras(++m_generation);
}

void MemoryDetailPane::onConflict(const MemoryEdit &mine, const MemoryDetail &theirs)
{
    if (m_conflict)
        m_conflict->close();
    auto *dialog = new MemoryConflictDialog(mine, theirs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_conflict = dialog;
    connect(dialog, &QDialog::finished, this, [this, dialog, theirs] {
        if (m_editStack)
            m_editStack->resolve(dialog->resolvedEdit(), theirs);
    });
    dialog->open();
    Q_EMIT conflictShown(theirs.memory.id);
}

void MemoryDetailPane::addLinkById()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Add a manual link"),
        tr("Id of the memory to link to (copy it from the JSON tab of that memory):"), QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    const QUuid target = QUuid::fromString(text.trimmed());
    if (target.isNull()) {
        Q_EMIT editFailed(tr("\"%1\" is not a memory id.").arg(text.trimmed()));
        return;
    }
    MemoryEdit edit;
    edit.addLinks = { target };
    requestEdit(edit);
}

void MemoryDetailPane::removeSelectedLink()
{
    const int row = m_links->currentIndex().row();
    if (row < 0 || row >= m_detail.outgoing.size())
        return;
    const MemoryLink &link = m_detail.outgoing[row];
    if (link.origin != QLatin1String("manual"))
        return;
    MemoryEdit edit;
    edit.removeLinks = { link.targetId };
    requestEdit(edit);
}

void MemoryDetailPane::updateLinkButtons()
{
    const bool can = m_editable && m_editStack && !m_detail.memory.id.isNull();
    const int row = m_links->currentIndex().row();
    const bool manual = row >= 0 && row < m_detail.outgoing.size()
        && m_detail.outgoing[row].origin == QLatin1String("manual");
    m_addLink->setEnabled(can);
    m_removeLink->setEnabled(can && manual);
    m_linkNeighbour->setEnabled(can && !m_neighbours->selectedId().isNull());
}

void MemoryDetailPane::showMessage(const QString &text, bool offerRestore)
{
    m_message->setText(text);
    m_restore->setVisible(offerRestore);
    m_restore->setEnabled(m_editable);
    m_stack->setCurrentWidget(m_messagePage);
}

void MemoryDetailPane::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

QString MemoryDetailPane::promptText() const
{
    return m_prompt->text();
}

QString MemoryDetailPane::replyText() const
{
    return m_reply->text();
}

QString MemoryDetailPane::priorityText() const
{
    return m_priority->summaryText();
}

QString MemoryDetailPane::messageText() const
{
    return m_stack->currentWidget() == m_messagePage ? m_message->text() : QString();
}

QString MemoryDetailPane::rawJsonText() const
{
    return m_json->toPlainText();
}

int MemoryDetailPane::evaluationCount() const
{
    return m_notes->topLevelItemCount();
}

int MemoryDetailPane::linkCount() const
{
    return m_links->linkCount();
}

MemoryConflictDialog *MemoryDetailPane::conflictDialog() const
{
    return m_conflict.data();
}
