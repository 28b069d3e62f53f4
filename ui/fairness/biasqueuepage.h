#pragma once

#include "fairness/fairnessrecords.h"

#include <QWidget>

class BiasQueueModel;
class FairnessService;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextEdit;
class QToolButton;
class TaskProgressRow;
class TaskRunner;

// The text bias queue: jobs, freelancer profiles and reviews with their bias report, filtered by kind,
// category and state; Scan (the lexicon, or the lexicon and the LLM) as a task; the selected text with each
// flagged span highlighted by category; Accept, Dismiss or Request an Edit with a note (the service writes the
// decision to the audit log). A failed scan shows as "Not checked", never as clean.
class BiasQueuePage : public QWidget
{
    Q_OBJECT
public:
    BiasQueuePage(FairnessService *service, TaskRunner *tasks, QWidget *parent = nullptr);

    void load(); // the workspace opened or changed
    quint64 scan(bool useLlm); // the task id, 0 when it could not start
    void setFilter(const QString &entityType, const QString &category, const QString &state);
    void selectRow(int row); // a row of model()
    void decide(const QString &decision); // accept | dismiss | request_edit, with the note typed

    BiasQueueModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QTextEdit *textView() const { return m_text; }
    QLineEdit *noteEdit() const { return m_note; }
    int highlightedSpans() const { return m_highlighted; }
    QString messageText() const;

    static QColor categoryColour(const QString &category);

Q_SIGNALS:
    void busyChanged(bool busy);
    void queueLoaded();
    void scanFinished(bool ok);
    void decided(bool ok);

private:
    QWidget *createFilterBar();
    QWidget *createDetail();
    void reload();
    void onCurrentChanged();
    void showItem(const BiasScanItem &item);
    void showMessage(const QString &text, bool error);
    QString actor() const;

    FairnessService *m_service;
    TaskRunner *m_tasks;
    BiasQueueModel *m_model;
    QComboBox *m_entity;
    QComboBox *m_category;
    QComboBox *m_state;
    QToolButton *m_scan;
    TaskProgressRow *m_taskRow;
    QLabel *m_message;
    QTableView *m_table;
    QLabel *m_itemTitle;
    QTextEdit *m_text;
    QLabel *m_findings;
    QLineEdit *m_note;
    QPushButton *m_accept;
    QPushButton *m_dismiss;
    QPushButton *m_requestEdit;
    QUuid m_current; // the report shown, kept across reloads
    quint64 m_generation = 0;
    int m_highlighted = 0;
};
