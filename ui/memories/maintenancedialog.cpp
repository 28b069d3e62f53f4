#include "memories/maintenancedialog.h"

#include "memories/memorybulk.h"
#include "tasks/taskrunner.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QHBoxLayout *row(QWidget *a, QWidget *b)
{
    auto *layout = new QHBoxLayout;
    layout->addWidget(a);
    layout->addWidget(b);
    layout->addStretch(1);
    return layout;
}
} // namespace

MaintenanceDialog::MaintenanceDialog(DatabaseWorker *worker, TaskRunner *runner, QWidget *parent)
    : QDialog(parent)
    , m_batch(worker)
    , m_runner(runner)
    , m_useAge(new QCheckBox(tr("Older than"), this))
    , m_days(new QSpinBox(this))
    , m_usePriority(new QCheckBox(tr("Priority after decay below"), this))
    , m_priority(new QDoubleSpinBox(this))
    , m_useDuplicates(new QCheckBox(tr("Near-duplicates at cosine ≥"), this))
    , m_cosine(new QDoubleSpinBox(this))
    , m_previewPrune(new QPushButton(tr("Preview pruning"), this))
    , m_previewDecay(new QPushButton(tr("Preview decay pass"), this))
    , m_summary(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_apply(new QPushButton(this))
    , m_restore(new QPushButton(tr("Restore this batch"), this))
{
    setWindowTitle(tr("Memory maintenance"));
    setObjectName(QStringLiteral("maintenanceDialog"));
    m_days->setRange(1, 36500);
    m_days->setValue(90);
    m_days->setSuffix(tr(" days"));
    m_priority->setRange(0.0, 1.0);
    m_priority->setDecimals(3);
    m_priority->setSingleStep(0.05);
    m_priority->setValue(0.2);
    m_cosine->setRange(0.5, 1.0);
    m_cosine->setDecimals(3);
    m_cosine->setSingleStep(0.01);
    m_cosine->setValue(0.97);
    m_useAge->setChecked(true);
    m_usePriority->setChecked(true);

    auto *policyBox = new QGroupBox(tr("Pruning policy"), this);
    auto *form = new QVBoxLayout(policyBox);
    auto *explain = new QLabel(tr("Archives memories that meet every rule checked above the line, and the weaker "
                                  "of each pair of near-duplicates (the lower priority after decay, then the older). "
                                  "Long-term and core memories are never pruned. Archiving is soft: the batch can "
                                  "be restored in one click."),
        policyBox);
    explain->setWordWrap(true);
    form->addLayout(row(m_useAge, m_days));
    form->addLayout(row(m_usePriority, m_priority));
    auto *line = new QFrame(policyBox);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    form->addWidget(line);
    form->addLayout(row(m_useDuplicates, m_cosine));
    form->addWidget(explain);

    auto *previewButtons = new QHBoxLayout;
    previewButtons->addWidget(m_previewPrune);
    previewButtons->addWidget(m_previewDecay);
    previewButtons->addStretch(1);

    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("maintenanceSummary"));
    m_summary->setText(tr("Choose a policy and preview it; nothing changes before you confirm."));
    m_tree->setObjectName(QStringLiteral("maintenancePreview"));
    m_tree->setRootIsDecorated(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setColumnCount(ColumnCount);
    m_tree->header()->setSectionResizeMode(SummaryColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    for (int c : { int(CreatedColumn), int(PriorityColumn), int(ReasonColumn) })
        m_tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    m_apply->setEnabled(false);
    m_apply->setObjectName(QStringLiteral("maintenanceApply"));
    m_apply->setText(tr("Archive"));
    m_restore->setEnabled(false);
    m_restore->setObjectName(QStringLiteral("maintenanceRestore"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_apply, QDialogButtonBox::ActionRole);
    buttons->addButton(m_restore, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(policyBox);
    layout->addLayout(previewButtons);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(860, 640);

    connect(m_previewPrune, &QPushButton::clicked, this, &MaintenanceDialog::previewPruning);
    connect(m_previewDecay, &QPushButton::clicked, this, &MaintenanceDialog::previewDecay);
    connect(m_apply, &QPushButton::clicked, this, &MaintenanceDialog::apply);
    connect(m_restore, &QPushButton::clicked, this, &MaintenanceDialog::restoreLastBatch);
    for (QCheckBox *box : { m_useAge, m_usePriority, m_useDuplicates })
        connect(box, &QCheckBox::toggled, this, [this] {
            m_days->setEnabled(m_useAge->isChecked());
            m_priority->setEnabled(m_usePriority->isChecked());
            m_cosine->setEnabled(m_useDuplicates->isChecked());
        });
}

void MaintenanceDialog::setPolicy(const PrunePolicy &policy)
{
    m_useAge->setChecked(policy.olderThanDays.has_value());
    m_days->setValue(policy.olderThanDays.value_or(m_days->value()));
    m_usePriority->setChecked(policy.belowPriority.has_value());
    m_priority->setValue(policy.belowPriority.value_or(m_priority->value()));
    m_useDuplicates->setChecked(policy.duplicateCosine.has_value());
    m_cosine->setValue(policy.duplicateCosine.value_or(m_cosine->value()));
}

PrunePolicy MaintenanceDialog::policy() const
{
    PrunePolicy p;
    if (m_useAge->isChecked())
        p.olderThanDays = m_days->value();
    if (m_usePriority->isChecked())
        p.belowPriority = m_priority->value();
    if (m_useDuplicates->isChecked())
        p.duplicateCosine = m_cosine->value();
    return p;
}

QString MaintenanceDialog::statusText() const
{
    return m_summary->text();
}

void MaintenanceDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_previewPrune->setEnabled(!busy);
    m_previewDecay->setEnabled(!busy);
    const bool hasChanges = m_mode == Mode::Prune ? !m_prune.candidates.isEmpty()
        : m_mode == Mode::Decay                   ? !m_decay.changes.isEmpty()
                                                  : false;
    m_apply->setEnabled(!busy && hasChanges);
    m_restore->setEnabled(!busy && !m_lastBatch.isNull());
}

void MaintenanceDialog::fail(const QString &message)
{
    m_summary->setText(message);
    setBusy(false);
    Q_EMIT failed(message);
}
