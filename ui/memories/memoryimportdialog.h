#pragma once

#include "memories/memorybatchservice.h"

#include <QDialog>

class DatabaseWorker;
class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QTableWidget;
class TaskRunner;

// File → Import Memories…: reads and checks the whole file first (on the database thread), shows every
// problem as (row, field, reason) and what fills values the file does not give (a creation time, an id, a
// summary), and only then lets the operator import the valid rows or nothing. The
// import runs as a task (progress, cancel) in one transaction: a failure or a cancel writes nothing.
class MemoryImportDialog : public QDialog
{
    Q_OBJECT
public:
    MemoryImportDialog(DatabaseWorker *worker, TaskRunner *runner, QString path, QWidget *parent = nullptr);

    const ImportPlan &plan() const { return m_plan; }
    bool isChecked() const { return m_checked; }
    QString summaryText() const;
    // The field rows without created_at take it from; empty = the import time.
    QString createdAtField() const;
    void importValidRows();
    // The README's "Import format" section, translated: fields, which are required, one example per format.
    static QString formatHelp();

Q_SIGNALS:
    void checked(); // the report is shown
    void imported(const ImportResult &result);
    void importFailed(const QString &message);

private:
    void check();
    void showPlan();
    void showGaps();
    void showFormatHelp();

    MemoryBatchService m_batch;
    TaskRunner *m_runner;
    QString m_path;
    ImportPlan m_plan;
    bool m_checked = false;
    QLabel *m_summary;
    QGroupBox *m_gaps;
    QLabel *m_createdAtGap;
    QComboBox *m_createdAtSource;
    QLabel *m_idGap;
    QLabel *m_summaryGap;
    QTableWidget *m_problems;
    QPushButton *m_import;
    QPushButton *m_cancel;
};
