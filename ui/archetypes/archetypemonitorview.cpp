#include "archetypes/archetypemonitorview.h"

#include "archetypes/archetypedashboard.h"
#include "archetypes/archetypeformat.h"
#include "archetypes/archetypepalette.h"
#include "archetypes/evaluationfailuremodel.h"
#include "archetypes/evaluationmonitormodel.h"
#include "common/datalabel.h"
#include "fairness/taskprogressrow.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {
void setUpTable(QTableView *table, const QString &name)
{
    table->setObjectName(name);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
}
} // namespace

ArchetypeMonitorView::ArchetypeMonitorView(ArchetypeDashboardService *service, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_monitor(new EvaluationMonitorModel(this))
    , m_failures(new EvaluationFailureModel(this))
    , m_totals(new QLabel(this))
    , m_monitorTable(new QTableView(this))
    , m_archetype(new QComboBox(this))
    , m_failureTable(new QTableView(this))
    , m_reason(makeDataLabel(QStringLiteral("failureReason"), this))
    , m_raw(new QPlainTextEdit(this))
    , m_retry(new QPushButton(tr("Retry Selected"), this))
    , m_progress(new TaskProgressRow(tasks, this))
    , m_retryMessage(makeDataLabel(QStringLiteral("retryMessage"), this))
    , m_error(makeErrorLabel(QStringLiteral("monitorError"), this))
{
    m_totals->setObjectName(QStringLiteral("monitorTotals"));
    m_totals->setTextFormat(Qt::PlainText);
    setUpTable(m_monitorTable, QStringLiteral("monitorTable"));
    m_monitorTable->setModel(m_monitor);
    m_monitorTable->setAccessibleName(tr("Evaluations by model and prompt version"));
    const QFontMetrics fm = fontMetrics();
    QHeaderView *monitorHeader = m_monitorTable->horizontalHeader();
    monitorHeader->resizeSection(
        EvaluationMonitorModel::Archetype, fm.horizontalAdvance(QStringLiteral("Archetype___")));
    monitorHeader->resizeSection(
        EvaluationMonitorModel::Model, fm.horizontalAdvance(QStringLiteral("gpt-4o-mini-2024__")));
    monitorHeader->resizeSection(
        EvaluationMonitorModel::PromptVersion, fm.horizontalAdvance(QStringLiteral("Prompt version____")));
    for (int c : { EvaluationMonitorModel::Evaluated, EvaluationMonitorModel::Pending, EvaluationMonitorModel::Failed })
        monitorHeader->resizeSection(c, fm.horizontalAdvance(QStringLiteral("Evaluated____")));
    monitorHeader->setStretchLastSection(false);
    monitorHeader->setSectionResizeMode(EvaluationMonitorModel::PromptVersion, QHeaderView::Stretch); // long names

    m_archetype->setObjectName(QStringLiteral("failureArchetype"));
    m_archetype->addItem(tr("All archetypes"), -1);
    for (int a = 0; a < Archetypes::Count; ++a) {
        m_archetype->addItem(Archetypes::name(a), a);
        m_archetype->setItemData(a + 1, ArchetypePalette::color(a), Qt::DecorationRole);
    }

    setUpTable(m_failureTable, QStringLiteral("failureTable"));
    m_failureTable->setModel(m_failures);
    m_failureTable->setAccessibleName(tr("Failed evaluations"));
    m_failureTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    QHeaderView *failureHeader = m_failureTable->horizontalHeader();
    failureHeader->resizeSection(
        EvaluationFailureModel::When, fm.horizontalAdvance(QStringLiteral("00/00/0000 00:00 PM__")));
    failureHeader->resizeSection(EvaluationFailureModel::Memory, fm.horizontalAdvance(QStringLiteral("00000000____")));
    failureHeader->resizeSection(EvaluationFailureModel::Model, fm.horizontalAdvance(QStringLiteral("gpt-4o-mini__")));
    failureHeader->resizeSection(
        EvaluationFailureModel::PromptVersion, fm.horizontalAdvance(QStringLiteral("Prompt version____")));
    failureHeader->resizeSection(EvaluationFailureModel::Attempts, fm.horizontalAdvance(QStringLiteral("Attempts__")));

    m_raw->setObjectName(QStringLiteral("failureRawReply"));
    m_raw->setAccessibleName(tr("Raw reply"));
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setPlaceholderText(tr("Choose a failure to see the model's raw reply."));
    m_retry->setObjectName(QStringLiteral("retryFailures"));
    m_retry->setToolTip(tr("Evaluate the selected memories again with the current model and prompt (a task)"));
    m_retry->setEnabled(false);
    m_retryMessage->hide(); // shown with a result

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_totals);
    topLayout->addWidget(m_monitorTable);

    auto *failureBar = new QHBoxLayout;
    failureBar->addWidget(new QLabel(tr("Failures of"), this));
    failureBar->addWidget(m_archetype);
    failureBar->addStretch(1);
    failureBar->addWidget(m_retry);

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto *reasonTitle = new QLabel(tr("Reason"), detail);
    QFont bold = reasonTitle->font();
    bold.setBold(true);
    reasonTitle->setFont(bold);
    auto *rawTitle = new QLabel(tr("Raw reply"), detail);
    rawTitle->setFont(bold);
    detailLayout->addWidget(reasonTitle);
    detailLayout->addWidget(m_reason);
    detailLayout->addWidget(rawTitle);
    detailLayout->addWidget(m_raw, 1);

    auto *failureSplit = new QSplitter(Qt::Horizontal, this);
    failureSplit->setChildrenCollapsible(false);
    failureSplit->addWidget(m_failureTable);
    failureSplit->addWidget(detail);
    failureSplit->setStretchFactor(0, 3);
    failureSplit->setStretchFactor(1, 2);

    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addLayout(failureBar);
    bottomLayout->addWidget(m_progress);
    bottomLayout->addWidget(m_retryMessage);
    bottomLayout->addWidget(failureSplit, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);

    connect(m_archetype, &QComboBox::currentIndexChanged, this, [this] {
        m_failures->clear();
        loadFailures(EvaluationFailureModel::PageSize);
    });
    connect(m_failures, &EvaluationFailureModel::moreWanted, this, &ArchetypeMonitorView::loadFailures);
    connect(m_failureTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &ArchetypeMonitorView::showDetail);
    connect(m_failures, &QAbstractItemModel::modelReset, this, &ArchetypeMonitorView::showDetail);
    // Choosing a row of the counts shows that archetype's failures.
    connect(m_monitorTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (current.isValid())
                setFailureArchetype(current.data(EvaluationMonitorModel::ArchetypeRole).toInt());
        });
    connect(m_retry, &QPushButton::clicked, this, &ArchetypeMonitorView::retrySelected);
    connect(m_progress, &TaskProgressRow::busyChanged, this, [this](bool busy) {
        if (!busy && m_retrying) { // cancelled: the reply may never come
            m_retrying = false;
            Q_EMIT retryRunningChanged(false);
            showDetail();
        }
    });
}

void ArchetypeMonitorView::setPending(int delta)
{
    const bool was = m_pending > 0;
    m_pending += delta;
    if (was != (m_pending > 0))
        Q_EMIT busyChanged(m_pending > 0);
}

void ArchetypeMonitorView::load()
{
    if (!m_service)
        return;
    const quint64 generation = ++m_monitorGeneration;
    setPending(1);
    m_service->monitor(this, [this, generation](const Result<QList<EvaluationMonitorRow>> &rows) {
        setPending(-1);
        if (generation != m_monitorGeneration)
            return;
        if (!rows) {
            m_error->setText(tr("Could not load the evaluation counts: %1").arg(rows.error().message));
            m_error->show();
            Q_EMIT loaded(false);
            return;
        }
        m_error->hide();
        m_monitor->setRows(*rows);
        const QLocale locale;
        m_totals->setText(tr("Evaluated %1 · pending %2 · failed %3")
                              .arg(locale.toString(m_monitor->total(EvaluationMonitorModel::Evaluated)),
                                  locale.toString(m_monitor->total(EvaluationMonitorModel::Pending)),
                                  locale.toString(m_monitor->total(EvaluationMonitorModel::Failed))));
        Q_EMIT loaded(true);
    });
    loadFailures(m_failures->limit()); // keeps as many rows as are shown
}

void ArchetypeMonitorView::loadFailures(int limit)
{
    if (!m_service)
        return;
    const quint64 generation = ++m_failureGeneration;
    const int archetype = m_archetype->currentData().toInt();
    setPending(1);
    m_service->failures(
        this, archetype, limit, [this, generation, limit](const Result<QList<EvaluationFailure>> &rows) {
            setPending(-1);
            if (generation != m_failureGeneration)
                return;
            if (!rows) {
                m_error->setText(tr("Could not load the failed evaluations: %1").arg(rows.error().message));
                m_error->show();
                return;
            }
            m_failures->setRows(*rows, limit);
        });
}

void ArchetypeMonitorView::setFailureArchetype(int archetype)
{
    const int index = m_archetype->findData(archetype);
    if (index >= 0)
        m_archetype->setCurrentIndex(index);
}

void ArchetypeMonitorView::selectFailures(const QList<int> &rows)
{
    QItemSelection selection;
    for (int row : rows)
        selection.select(m_failures->index(row, 0), m_failures->index(row, EvaluationFailureModel::ColumnCount - 1));
    m_failureTable->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!rows.isEmpty())
        m_failureTable->selectionModel()->setCurrentIndex(
            m_failures->index(rows.first(), 0), QItemSelectionModel::NoUpdate);
}

void ArchetypeMonitorView::showDetail()
{
    const QModelIndexList rows = m_failureTable->selectionModel()->selectedRows();
    m_retry->setEnabled(!rows.isEmpty() && !m_retrying);
    if (rows.isEmpty()) {
        m_reason->clear();
        m_raw->clear();
        return;
    }
    const QModelIndex first = rows.first();
    m_reason->setText(first.data(EvaluationFailureModel::ReasonRole).toString());
    m_raw->setPlainText(first.data(EvaluationFailureModel::RawReplyRole).toString());
}

void ArchetypeMonitorView::retrySelected()
{
    if (!m_service || m_retrying)
        return;
    QList<QUuid> ids;
    for (const QModelIndex &row : m_failureTable->selectionModel()->selectedRows()) {
        const QUuid id = row.data(EvaluationFailureModel::MemoryIdRole).toUuid();
        if (!ids.contains(id))
            ids << id;
    }
    m_retrying = true;
    m_retry->setEnabled(false);
    m_retryMessage->hide();
    Q_EMIT retryRunningChanged(true);
    const quint64 task = m_service->startRetry(ids, this, [this](const Result<int> &evaluated) {
        if (m_retrying) {
            m_retrying = false;
            Q_EMIT retryRunningChanged(false);
        }
        showDetail();
        if (!evaluated) {
            m_retryMessage->setText(tr("Could not evaluate again: %1").arg(evaluated.error().message));
            m_retryMessage->show();
            Q_EMIT retryFinished(false);
            return;
        }
        m_retryMessage->setText(tr("Evaluated %Ln memories again.", nullptr, *evaluated));
        m_retryMessage->show();
        load();
        Q_EMIT retryFinished(true);
    });
    m_progress->track(task);
}

QString ArchetypeMonitorView::totalsText() const
{
    return m_totals->text();
}

QString ArchetypeMonitorView::rawReplyText() const
{
    return m_raw->toPlainText();
}

QString ArchetypeMonitorView::reasonText() const
{
    return m_reason->text();
}

QString ArchetypeMonitorView::retryMessage() const
{
    return m_retryMessage->text();
}
