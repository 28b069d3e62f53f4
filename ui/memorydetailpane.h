#pragma once

#include "memory.h"

#include <QUuid>
#include <QWidget>

class DatabaseWorker;
class EvaluationChart;
class EvaluationNotesView;
class LinksTree;
class MemoryHeader;
class PriorityPanel;
class QLabel;
class QScrollArea;
class QStackedWidget;

// Everything about one memory: text, metadata, priority breakdown, archetype evaluations and links.
//
// The detail is loaded on the database thread; each showMemory() bumps a generation id, so when the
// user clicks through memories faster than they load, only the last one is shown.
class MemoryDetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit MemoryDetailPane(DatabaseWorker *worker, QWidget *parent = nullptr);

    void showMemory(const QUuid &id); // a null id is the same as clear()
    void clear(); // back to the placeholder; drops a load in flight

    QUuid currentId() const { return m_currentId; }
    bool isLoading() const { return m_loading; }

    // What is on screen, for tests and screenshots.
    QString promptText() const;
    QString replyText() const;
    QString priorityText() const;
    QString messageText() const; // the placeholder or error shown instead of a memory, if any
    int evaluationCount() const;
    int linkCount() const;
    EvaluationChart *evaluationChart() const { return m_chart; }
    LinksTree *linksTree() const { return m_links; }

Q_SIGNALS:
    void detailLoaded(const QUuid &id); // after the widgets show it
    void loadFailed(const QUuid &id, const QString &message);
    void loadingChanged(bool loading);
    void linkActivated(const QUuid &otherId);

private:
    QWidget *createContent();
    void fill(const MemoryDetail &detail);
    void showMessage(const QString &text);
    void setLoading(bool loading);

    DatabaseWorker *m_worker;
    QUuid m_currentId;
    quint64 m_generation = 0;
    bool m_loading = false;

    QStackedWidget *m_stack;
    QLabel *m_message;
    QScrollArea *m_scroll;
    MemoryHeader *m_header = nullptr;
    QLabel *m_prompt = nullptr;
    QLabel *m_reply = nullptr;
    PriorityPanel *m_priority = nullptr;
    EvaluationChart *m_chart = nullptr;
    EvaluationNotesView *m_notes = nullptr;
    QLabel *m_noEvaluations = nullptr;
    LinksTree *m_links = nullptr;
    QLabel *m_noLinks = nullptr;
};
