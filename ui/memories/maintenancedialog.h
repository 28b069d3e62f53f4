#pragma once

#include "memories/memorybatchservice.h"

#include <QDialog>

class DatabaseWorker;
class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class TaskRunner;

// Memory maintenance: set a pruning policy (older than N days, priority after decay below p,
// near-duplicates above cosine c) or choose the decay pass, preview exactly what would change with
// counts per reason, then archive (or write the decayed priorities) as one batch, and restore that
// batch in one click. The snapshot is read on the database thread, the preview computed as a task.
class MaintenanceDialog : public QDialog
{
    Q_OBJECT
public:
    enum Column { SummaryColumn, CreatedColumn, PriorityColumn, ReasonColumn, ColumnCount };

    MaintenanceDialog(DatabaseWorker *worker, TaskRunner *runner, QWidget *parent = nullptr);

    void setPolicy(const PrunePolicy &policy);
    PrunePolicy policy() const;

    void previewPruning();
    void previewDecay();
    void apply(); // archive the pruning preview, or write the decay preview
    void restoreLastBatch();

    const PrunePreview &prunePreview() const { return m_prune; }
    const DecayPreview &decayPreview() const { return m_decay; }
    QUuid lastBatch() const { return m_lastBatch; }
    QTreeWidget *previewTree() const { return m_tree; }
    QString statusText() const;

Q_SIGNALS:
    void previewReady();
    void batchWritten(const QUuid &batchId, qint64 rows); // the grid should reload
    void batchRestored(const QUuid &batchId, qint64 rows);
    void failed(const QString &message);

private:
    enum class Mode { None, Prune, Decay };
    void loadAndPreview(Mode mode);
    void showPrune();
    void showDecay();
    void setBusy(bool busy);
    void fail(const QString &message);

    MemoryBatchService m_batch;
    TaskRunner *m_runner;
    Mode m_mode = Mode::None;
    PrunePreview m_prune;
    DecayPreview m_decay;
    QUuid m_lastBatch;
    bool m_busy = false;

    QCheckBox *m_useAge;
    QSpinBox *m_days;
    QCheckBox *m_usePriority;
    QDoubleSpinBox *m_priority;
    QCheckBox *m_useDuplicates;
    QDoubleSpinBox *m_cosine;
    QPushButton *m_previewPrune;
    QPushButton *m_previewDecay;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QPushButton *m_apply;
    QPushButton *m_restore;
};
