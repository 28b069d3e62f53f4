#include "archetypes/strategysimulator.h"

#include "archetypes/contributionbardelegate.h"
#include "archetypes/priorityrowmodel.h"
#include "archetypes/strategyservice.h"
#include "common/datalabel.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <tuple>

namespace {
constexpr int SimulatedMemories = 50;
} // namespace

QTableView *makePriorityTable(PriorityRowModel *model, const QString &name, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->setItemDelegateForColumn(
        PriorityRowModel::Contribution, new ContributionBarDelegate(PriorityRowModel::ContributionRole, table));
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    QHeaderView *header = table->horizontalHeader();
    const QFontMetrics fm = table->fontMetrics();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(PriorityRowModel::Summary, QHeaderView::Stretch);
    header->resizeSection(PriorityRowModel::Rank, fm.horizontalAdvance(QStringLiteral("0000__")));
    header->resizeSection(PriorityRowModel::Contribution,
        fm.horizontalAdvance(model->headerData(PriorityRowModel::Contribution, Qt::Horizontal).toString()) + 24);
    header->resizeSection(PriorityRowModel::Stored, fm.horizontalAdvance(QStringLiteral("Decayed__")));
    header->resizeSection(PriorityRowModel::Decayed, fm.horizontalAdvance(QStringLiteral("Decayed__")));
    header->resizeSection(PriorityRowModel::Kind, fm.horizontalAdvance(QStringLiteral("long-term__")));
    header->resizeSection(PriorityRowModel::FallsBelow, fm.horizontalAdvance(QStringLiteral("Falls below floor__")));
    return table;
}

StrategySimulator::StrategySimulator(
    StrategyService *service, std::function<WeightingStrategy()> strategy, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_strategy(std::move(strategy))
    , m_query(new QLineEdit(this))
    , m_byMeaning(new QCheckBox(tr("By meaning"), this))
    , m_run(new QPushButton(tr("Simulate"), this))
    , m_proposedTitle(new QLabel(tr("Under the edited strategy"), this))
    , m_error(makeErrorLabel(QStringLiteral("simulatorError"), this))
    , m_current(new PriorityRowModel(this))
    , m_proposed(new PriorityRowModel(this))
{
    m_query->setObjectName(QStringLiteral("simulatorQuery"));
    m_query->setAccessibleName(tr("Simulator search"));
    m_query->setPlaceholderText(tr("Words to search for, or a sentence to search by meaning"));
    m_byMeaning->setObjectName(QStringLiteral("simulatorByMeaning"));
    m_byMeaning->setToolTip(tr("Search by the embeddings' nearest neighbours instead of the words"));
    m_run->setObjectName(QStringLiteral("simulate"));
    m_proposedTitle->setTextFormat(Qt::PlainText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_query, 1);
    bar->addWidget(m_byMeaning);
    bar->addWidget(m_run);

    auto *lists = new QGridLayout;
    auto *currentTitle = new QLabel(tr("Ranked today"), this);
    lists->addWidget(currentTitle, 0, 0);
    lists->addWidget(m_proposedTitle, 0, 1);
    for (auto [model, name, column] : { std::tuple(m_current, QStringLiteral("simulatorCurrent"), 0),
             std::tuple(m_proposed, QStringLiteral("simulatorProposed"), 1) }) {
        QTableView *table = makePriorityTable(model, name, this);
        // Side by side the two rankings need the rank, the memory, why and the decayed priority; the rest is on
        // the Top Memories tab.
        for (int hidden : { PriorityRowModel::Stored, PriorityRowModel::Kind, PriorityRowModel::FallsBelow })
            table->setColumnHidden(hidden, true);
        table->horizontalHeader()->resizeSection(PriorityRowModel::Contribution, 110); // the summary needs the room
        table->horizontalHeader()->setSectionResizeMode(PriorityRowModel::Contribution, QHeaderView::Fixed);
        table->setAccessibleName(column == 0 ? currentTitle->text() : tr("Ranked by the strategy"));
        lists->addWidget(table, 1, column);
    }
    lists->setRowStretch(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addLayout(lists, 1);
    connect(m_run, &QPushButton::clicked, this, &StrategySimulator::simulate);
    connect(m_query, &QLineEdit::returnPressed, this, &StrategySimulator::simulate);
}

void StrategySimulator::setQuery(const QString &query, bool byMeaning)
{
    m_query->setText(query);
    m_byMeaning->setChecked(byMeaning);
}

void StrategySimulator::simulate()
{
    if (!m_service)
        return;
    const QString query = m_query->text().trimmed();
    if (query.isEmpty()) {
        m_error->setText(tr("Type what to search for first."));
        m_error->show();
        return;
    }
    const WeightingStrategy s = m_strategy();
    const Result<void> valid = WeightingStrategy::validate(s);
    if (!valid) {
        m_error->setText(valid.errorMessage());
        m_error->show();
        return;
    }
    m_error->hide();
    m_proposedTitle->setText(tr("Under “%1”").arg(s.name));
    const quint64 generation = ++m_generation;
    Q_EMIT busyChanged(true);
    m_service->simulate(this, query, m_byMeaning->isChecked(), s, SimulatedMemories,
        [this, generation](const Result<SimulationResult> &result) {
            if (generation != m_generation)
                return;
            Q_EMIT busyChanged(false);
            if (!result) {
                m_error->setText(tr("Could not simulate: %1").arg(result.error().message));
                m_error->show();
                Q_EMIT simulated(false);
                return;
            }
            m_current->setRows(result->current);
            m_proposed->setRows(result->proposed);
            Q_EMIT simulated(true);
        });
}
