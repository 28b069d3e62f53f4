#include "fairness/fairnesshistoryview.h"

#include "fairness/fairnesshistorymodel.h"
#include "fairness/fairnessreportview.h"
#include "fairness/fairnessservice.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

FairnessHistoryView::FairnessHistoryView(FairnessService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_history(new FairnessHistoryModel(this))
    , m_table(new QTableView(this))
    , m_open(new QPushButton(tr("Open"), this))
    , m_compare(new QPushButton(tr("Compare Two"), this))
    , m_hint(new QLabel(this))
    , m_comparison(new QWidget(this))
    , m_left(new FairnessReportView(m_comparison))
    , m_right(new FairnessReportView(m_comparison))
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_history);
    proxy->setSortRole(FairnessHistoryModel::SortRole);
    m_table->setObjectName(QStringLiteral("fairnessHistory"));
    m_table->setAccessibleName(tr("Fairness history"));
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_open->setObjectName(QStringLiteral("fairnessOpenReport"));
    m_compare->setObjectName(QStringLiteral("fairnessCompareReports"));
    m_hint->setText(tr("Select one report to open it, or two to compare them."));
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_hint, 1);
    actions->addWidget(m_open);
    actions->addWidget(m_compare);

    auto *sides = new QHBoxLayout(m_comparison);
    sides->setContentsMargins(0, 0, 0, 0);
    sides->addWidget(m_left);
    sides->addWidget(m_right);
    m_comparison->hide();
    m_left->setCompact(true);
    m_right->setCompact(true);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_table, 1);
    topLayout->addLayout(actions);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_comparison);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setSizes({ 220, 660 });
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(
        m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FairnessHistoryView::updateActions);
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        const QList<QUuid> ids = selectedIds();
        if (ids.size() == 1)
            Q_EMIT openRequested(ids.first());
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QList<QUuid> ids = selectedIds();
        if (ids.size() == 1)
            Q_EMIT openRequested(ids.first());
    });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const QList<QUuid> ids = selectedIds();
        if (ids.size() == 2)
            compare(ids.at(1), ids.at(0)); // newest first in the list: the older one on the left
    });
    connect(m_service, &FairnessService::reportsChanged, this, &FairnessHistoryView::reload);
    updateActions();
}

void FairnessHistoryView::reload()
{
    m_service->reports(this, [this](const Result<QList<FairnessReport>> &reports) {
        if (!reports) {
            Q_EMIT failed(tr("Could not list the saved reports: %1").arg(reports.errorMessage()));
            return;
        }
        m_history->setReports(*reports);
        updateActions();
        Q_EMIT loaded();
    });
}

QList<QUuid> FairnessHistoryView::selectedIds() const
{
    QList<QUuid> ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids << index.data(FairnessHistoryModel::IdRole).toUuid();
    // Newest first, whatever order the rows were clicked in.
    std::sort(ids.begin(), ids.end(),
        [this](const QUuid &a, const QUuid &b) { return m_history->rowOf(a) < m_history->rowOf(b); });
    return ids;
}

void FairnessHistoryView::updateActions()
{
    const int selected = int(m_table->selectionModel()->selectedRows().size());
    m_open->setEnabled(selected == 1);
    m_compare->setEnabled(selected == 2);
}

void FairnessHistoryView::compare(const QUuid &left, const QUuid &right)
{
    // Both answers arrive separately; the comparison shows once both are in, and a newer one wins.
    const quint64 generation = ++m_compareGeneration;
    m_compareWaiting = 2;
    m_left->clear(tr("Loading…"));
    m_right->clear(tr("Loading…"));
    m_comparison->show();
    m_service->report(
        this, left, [this, generation](const Result<FairnessReport> &report) { showSide(m_left, generation, report); });
    m_service->report(this, right,
        [this, generation](const Result<FairnessReport> &report) { showSide(m_right, generation, report); });
}

void FairnessHistoryView::showSide(FairnessReportView *side, quint64 generation, const Result<FairnessReport> &report)
{
    if (generation != m_compareGeneration)
        return;
    if (!report.ok()) {
        side->clear(tr("Could not open the report: %1").arg(report.errorMessage()));
        Q_EMIT failed(report.errorMessage());
        return;
    }
    side->setReport(report.value());
    if (--m_compareWaiting == 0)
        Q_EMIT compared();
}
