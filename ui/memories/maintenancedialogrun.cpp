// MaintenanceDialog: snapshot, preview task, apply and restore.
#include "memories/maintenancedialog.h"

#include "tasks/taskrunner.h"

#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>

namespace {
QString reasonsText(const PruneCandidate &c)
{
    QStringList parts;
    if (c.reasons & PruneCandidate::Old)
        parts << MaintenanceDialog::tr("old");
    if (c.reasons & PruneCandidate::LowPriority)
        parts << MaintenanceDialog::tr("low priority");
    if (c.reasons & PruneCandidate::Duplicate)
        parts << MaintenanceDialog::tr("near-duplicate (%1)").arg(QLocale().toString(c.similarity, 'f', 3));
    return parts.join(QLatin1String(", "));
}

QString maintenanceNumber(double value)
{
    return QLocale().toString(value, 'f', 3);
}
} // namespace

void MaintenanceDialog::previewPruning()
{
    if (policy().isEmpty()) {
        m_summary->setText(tr("Check at least one rule to preview."));
        return;
    }
    loadAndPreview(Mode::Prune);
}

void MaintenanceDialog::previewDecay()
{
    loadAndPreview(Mode::Decay);
}

void MaintenanceDialog::loadAndPreview(Mode mode)
{
    if (m_busy)
        return;
    m_mode = mode;
    m_prune = PrunePreview {};
    m_decay = DecayPreview {};
    m_tree->clear();
    setBusy(true);
    m_summary->setText(tr("Reading the memories…"));
    const bool vectors = mode == Mode::Prune && policy().duplicateCosine.has_value();
    const PrunePolicy rules = policy();
    m_batch.maintenanceSnapshot(this, vectors,
        [this, mode, rules](const Result<MaintenanceSnapshot> &snapshot) {
            if (!snapshot) {
                fail(tr("Could not read the memories: %1").arg(snapshot.errorMessage()));
                return;
            }
            m_summary->setText(tr("Computing the preview…"));
            if (mode == Mode::Decay) {
                m_runner->run(
                    tr("Decay pass preview"), QStringLiteral("maintenance-preview"),
                    [snapshot = *snapshot](TaskControl &) -> Result<DecayPreview> {
                        return MemoryMaintenance::previewDecay(snapshot);
                    },
                    this,
                    [this](Result<DecayPreview> preview) {
                        if (!preview)
                            return fail(preview.errorMessage());
                        m_decay = std::move(*preview);
                        showDecay();
                    });
                return;
            }
            m_runner->run(
                tr("Pruning preview"), QStringLiteral("maintenance-preview"),
                [snapshot = *snapshot, rules](TaskControl &control) {
                    return MemoryMaintenance::previewPrune(snapshot, rules, control.control());
                },
                this,
                [this](Result<PrunePreview> preview) {
                    if (!preview)
                        return fail(preview.errorMessage());
                    m_prune = std::move(*preview);
                    showPrune();
                });
        });
}

void MaintenanceDialog::showPrune()
{
    m_tree->setHeaderLabels({ tr("Summary"), tr("Created"), tr("Priority after decay"), tr("Why") });
    QList<QTreeWidgetItem *> items;
    for (const PruneCandidate &c : std::as_const(m_prune.candidates)) {
        auto *item = new QTreeWidgetItem;
        item->setText(SummaryColumn, c.summary);
        item->setToolTip(SummaryColumn, c.id.toString(QUuid::WithoutBraces));
        item->setText(CreatedColumn, QLocale().toString(c.createdAt.toLocalTime(), QLocale::ShortFormat));
        item->setText(PriorityColumn, maintenanceNumber(c.decayedPriority));
        item->setTextAlignment(PriorityColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(ReasonColumn, reasonsText(c));
        if (!c.twinId.isNull())
            item->setToolTip(ReasonColumn, tr("Keeps %1").arg(c.twinId.toString(QUuid::WithoutBraces)));
        items << item;
    }
    m_tree->addTopLevelItems(items);
    m_summary->setText(
        tr("%n memories would be archived, of %1 scanned: %2 old, %3 low priority, %4 near-duplicates. "
           "%5 long-term or core memories matched and are kept.",
            nullptr, int(m_prune.candidates.size()))
            .arg(m_prune.scanned)
            .arg(m_prune.count(PruneCandidate::Old))
            .arg(m_prune.count(PruneCandidate::LowPriority))
            .arg(m_prune.count(PruneCandidate::Duplicate))
            .arg(m_prune.protectedKept));
    m_apply->setText(tr("Archive %n memories", nullptr, int(m_prune.candidates.size())));
    setBusy(false);
    Q_EMIT previewReady();
}

void MaintenanceDialog::showDecay()
{
    m_tree->setHeaderLabels({ tr("Summary"), tr("Priority now"), tr("After the pass"), tr("Change") });
    QList<QTreeWidgetItem *> items;
    for (const DecayChange &c : std::as_const(m_decay.changes)) {
        auto *item = new QTreeWidgetItem;
        item->setText(SummaryColumn, c.summary);
        item->setToolTip(SummaryColumn, c.id.toString(QUuid::WithoutBraces));
        item->setText(CreatedColumn, maintenanceNumber(c.before));
        item->setText(PriorityColumn, maintenanceNumber(c.after));
        item->setText(ReasonColumn, maintenanceNumber(c.after - c.before));
        for (int col : { int(CreatedColumn), int(PriorityColumn), int(ReasonColumn) })
            item->setTextAlignment(col, Qt::AlignRight | Qt::AlignVCenter);
        items << item;
    }
    m_tree->addTopLevelItems(items);
    m_summary->setText(tr("The decay pass would lower the stored priority of %n memories, of %1 scanned. "
                          "%2 long-term, core or overridden memories never decay.",
        nullptr, int(m_decay.changes.size()))
                           .arg(m_decay.scanned)
                           .arg(m_decay.protectedKept));
    m_apply->setText(tr("Write %n priorities", nullptr, int(m_decay.changes.size())));
    setBusy(false);
    Q_EMIT previewReady();
}

void MaintenanceDialog::apply()
{
    if (m_busy || m_mode == Mode::None)
        return;
    setBusy(true);
    const bool prune = m_mode == Mode::Prune;
    TaskRunner::ExternalTask task = m_runner->begin(prune ? tr("Archive pruned memories") : tr("Decay pass"));
    auto done = [this, task, prune](const Result<MaintenanceBatch> &batch) {
        m_runner->end(task.id, batch ? std::nullopt : std::optional<Error>(batch.error()));
        if (!batch)
            return fail(tr("Nothing was changed: %1").arg(batch.errorMessage()));
        m_lastBatch = batch->batchId;
        QString text = prune ? tr("Archived %n memories as one batch.", nullptr, int(batch->written))
                             : tr("Lowered the priority of %n memories as one batch.", nullptr, int(batch->written));
        if (batch->skipped > 0)
            text += QLatin1Char(' ')
                + tr("%n changed since the preview and were left as they are.", nullptr, int(batch->skipped));
        m_mode = Mode::None;
        m_tree->clear();
        m_summary->setText(text + QLatin1Char(' ') + tr("Restore this batch to undo it."));
        setBusy(false);
        Q_EMIT batchWritten(batch->batchId, batch->written);
    };
    if (prune)
        m_batch.archive(this, m_prune, done);
    else
        m_batch.applyDecay(this, m_decay, done);
}

void MaintenanceDialog::restoreLastBatch()
{
    if (m_busy || m_lastBatch.isNull())
        return;
    setBusy(true);
    const QUuid batch = m_lastBatch;
    m_batch.restoreBatch(this, batch,
        [this, batch](const Result<qint64> &restored) {
            if (!restored)
                return fail(tr("Could not restore the batch: %1").arg(restored.errorMessage()));
            m_lastBatch = QUuid();
            m_summary->setText(tr("Restored %n memories of the batch.", nullptr, int(*restored)));
            setBusy(false);
            Q_EMIT batchRestored(batch, *restored);
        });
}
