#pragma once

#include "core/memory.h"
#include "memories/memorybatchservice.h"
#include "memories/memoryservice.h"

#include <QPointer>
#include <QUuid>
#include <QWidget>

class DatabaseWorker;
class EvaluationChart;
class EvaluationNotesView;
class LinksTree;
class MemoryConflictDialog;
class MemoryEditPanel;
class MemoryEditStack;
class MemoryHeader;
class MemoryHistoryView;
class MemoryNeighboursView;
class PriorityPanel;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTabWidget;
struct MemoryEdit;

// Everything about one memory, in tabs: the overview (text, curation controls, priority breakdown),
// the archetype evaluations, links and nearest neighbours, the audit history and the raw JSON.
//
// The detail is loaded on the database thread; each showMemory() bumps a generation id, so when the
// user clicks through memories faster than they load, only the last one is shown. Edits go through the
// MemoryEditStack given with setEditStack() (without one the pane is read-only); a save that finds a
// newer version opens MemoryConflictDialog.
class MemoryDetailPane : public QWidget
{
    Q_OBJECT
public:
    enum Tab { OverviewTab, EvaluationsTab, LinksTab, HistoryTab, JsonTab };
    static constexpr int NeighbourCount = 10;

    explicit MemoryDetailPane(DatabaseWorker *worker, QWidget *parent = nullptr);

    void showMemory(const QUuid &id); // a null id is the same as clear()
    void clear(); // back to the placeholder; drops a load in flight
    void reload(); // the current memory again (after a bulk action, say)
    // The grid no longer lists `id` (deleted, archived, or no longer matching its filter). If the pane
    // shows it, the pane reads it again: gone for good, it says so; deleted or archived, it says so and
    // offers Restore; still there (an edit took it out of the filter), it stays on screen.
    void noteLeftGrid(const QUuid &id);

    void setEditStack(MemoryEditStack *stack);
    // Read-only with a reason ("This role may not edit memories.") when the connection may not write.
    void setEditable(bool editable, const QString &whyNot = QString());

    // Preferred width: the Overview reads well at about 380 px, and beside the grid the rest is better
    // spent on its columns; the operator can still widen the pane with the splitter.
    static constexpr int PreferredWidth = 380;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    QUuid currentId() const { return m_currentId; }
    bool isLoading() const { return m_loading; }
    const MemoryDetail &detail() const { return m_detail; }

    // What is on screen, for tests and screenshots.
    QString promptText() const;
    QString replyText() const;
    QString priorityText() const;
    QString messageText() const; // the placeholder or error shown instead of a memory, if any
    QPushButton *restoreButton() const { return m_restore; } // shown with the message of a deleted memory
    QString rawJsonText() const;
    int evaluationCount() const;
    int linkCount() const;
    EvaluationChart *evaluationChart() const { return m_chart; }
    LinksTree *linksTree() const { return m_links; }
    MemoryEditPanel *editPanel() const { return m_edit; }
    MemoryNeighboursView *neighboursView() const { return m_neighbours; }
    MemoryHistoryView *historyView() const { return m_history; }
    QTabWidget *tabs() const { return m_tabs; }
    MemoryConflictDialog *conflictDialog() const; // while one is open

    // Saves `edit` of the current memory through the edit stack (the curation controls call this).
    void requestEdit(MemoryEdit edit);

Q_SIGNALS:
    void detailLoaded(const QUuid &id); // after the widgets show it
    void loadFailed(const QUuid &id, const QString &message);
    void loadingChanged(bool loading);
    void linkActivated(const QUuid &otherId); // a link or a neighbour was opened
    void neighboursLoaded(const QUuid &id);
    void historyLoaded(const QUuid &id);
    void editFailed(const QString &message);
    void conflictShown(const QUuid &id);
    void restored(const QUuid &id); // Restore brought a deleted or archived memory back

private:
    QWidget *createOverview();
    QWidget *createEvaluations();
    QWidget *createLinks();
    void fill(const MemoryDetail &detail, bool fresh);
    void loadExtras(quint64 generation); // neighbours and history
    void loadHistory(quint64 generation);
    void showMessage(const QString &text, bool offerRestore = false);
    void restoreCurrent();
    void setLoading(bool loading);
    void onSaved(const MemoryDetail &current);
    void onConflict(const MemoryEdit &mine, const MemoryDetail &theirs);
    void addLinkById();
    void removeSelectedLink();
    void updateLinkButtons();

    MemoryService m_memories;
    MemoryBatchService m_batch;
    QPointer<MemoryEditStack> m_editStack;
    QUuid m_currentId;
    MemoryDetail m_detail;
    QDateTime m_lastDecayPass; // of m_detail's memory; a save keeps it (an edit is no decay pass)
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_editable = true;
    QString m_whyNotEditable;

    QStackedWidget *m_stack;
    QWidget *m_messagePage;
    QLabel *m_message;
    QPushButton *m_restore;
    QTabWidget *m_tabs;
    QScrollArea *m_overviewScroll = nullptr;
    MemoryHeader *m_header = nullptr;
    MemoryEditPanel *m_edit = nullptr;
    QLabel *m_prompt = nullptr;
    QLabel *m_reply = nullptr;
    PriorityPanel *m_priority = nullptr;
    EvaluationChart *m_chart = nullptr;
    EvaluationNotesView *m_notes = nullptr;
    QLabel *m_noEvaluations = nullptr;
    LinksTree *m_links = nullptr;
    QLabel *m_noLinks = nullptr;
    QPushButton *m_addLink = nullptr;
    QPushButton *m_removeLink = nullptr;
    QPushButton *m_linkNeighbour = nullptr;
    MemoryNeighboursView *m_neighbours = nullptr;
    QLabel *m_neighboursNote = nullptr;
    MemoryHistoryView *m_history = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QPointer<MemoryConflictDialog> m_conflict;
};
