#pragma once

#include "memories/memorybatchservice.h"
#include "memories/memoryfilter.h"

#include <QDialog>
#include <QUuid>

class DatabaseWorker;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class TaskRunner;

// File → Export Memories…: the grid's selection, every memory the grid's filter matches, or every memory, to JSONL
// (with evaluations and links) or CSV, embeddings optional. Runs as a task on the database thread; the file appears
// only when complete.
class MemoryExportDialog : public QDialog
{
    Q_OBJECT
public:
    MemoryExportDialog(DatabaseWorker *worker, TaskRunner *runner, QList<QUuid> selection, QWidget *parent = nullptr);

    // Offers "memories matching the filter" (and picks it when nothing is selected); `count` is shown
    // when known (≥ 0). The ids are read on the database thread when the export starts.
    void setFilterScope(const MemoryFilter &filter, qint64 count = -1);
    void setScopeFiltered(); // picks that scope (after setFilterScope)
    void setPath(const QString &path);
    void setFormatCsv(bool csv);
    void setWithEmbeddings(bool with);
    void exportNow();
    QString statusText() const;

Q_SIGNALS:
    void exported(qint64 memories, const QString &path);
    void exportFailed(const QString &message);

private:
    void browse();

    MemoryBatchService m_batch;
    TaskRunner *m_runner;
    QList<QUuid> m_selection;
    QRadioButton *m_selected;
    QRadioButton *m_filtered;
    std::optional<MemoryFilter> m_filter;
    QRadioButton *m_all;
    QComboBox *m_format;
    QCheckBox *m_embeddings;
    QCheckBox *m_archived;
    QLineEdit *m_path;
    QLabel *m_status;
    QPushButton *m_export;
};
