#pragma once

#include "memories/memorybatchservice.h"

#include <QDialog>

class DatabaseWorker;
class QLabel;
class QPushButton;
class QTableWidget;
class TaskRunner;

// File → Import Memories…: reads and checks the whole file first (on the database thread), shows every
// problem as (row, field, reason), and only then lets the operator import the valid rows or nothing. The
// import runs as a task (progress, cancel) in one transaction: a failure or a cancel writes nothing.
class MemoryImportDialog : public QDialog
{
    Q_OBJECT
public:
    MemoryImportDialog(DatabaseWorker *worker, TaskRunner *runner, QString path, QWidget *parent = nullptr);

    const ImportPlan &plan() const { return m_plan; }
    bool isChecked() const { return m_checked; }
    QString summaryText() const;
    void importValidRows();

Q_SIGNALS:
    void checked(); // the report is shown
    void imported(const ImportResult &result);
    void importFailed(const QString &message);

private:
    void check();
    void showPlan();

    MemoryBatchService m_batch;
    TaskRunner *m_runner;
    QString m_path;
    ImportPlan m_plan;
    bool m_checked = false;
    QLabel *m_summary;
    QTableWidget *m_problems;
    QPushButton *m_import;
    QPushButton *m_cancel;
};
