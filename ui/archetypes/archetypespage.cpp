#include "archetypes/archetypespage.h"
#include "common/datalabel.h"

#include "archetypes/archetypehistorychart.h"
#include "archetypes/archetypepalette.h"
#include "common/viewsizing.h"
#include "core/archetypenames.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {
QTableWidgetItem *numberItem(double value, const QString &toolTip)
{
    auto *item = new QTableWidgetItem(QLocale().toString(value, 'f', 3));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setToolTip(toolTip);
    return item;
}

// "Emotional depth 0.73 · Empathy level 0.61 · …": the names read with their values; the tool tip has
// one metric a line with three decimals.
QTableWidgetItem *metricsItem(const ArchetypeState &state)
{
    const QLocale locale;
    const QStringList titles = ArchetypeNames::metricTitles(state.archetype);
    QStringList shown;
    QStringList lines;
    for (int metric = 0; metric < Archetypes::MetricsPerArchetype; ++metric) {
        const double value = state.state[std::size_t(metric)];
        shown << ArchetypesPage::tr("%1 %2").arg(titles.value(metric), locale.toString(value, 'f', 2));
        lines << ArchetypesPage::tr("%1: %2").arg(titles.value(metric), locale.toString(value, 'f', 3));
    }
    auto *item = new QTableWidgetItem(shown.join(QStringLiteral(" · ")));
    item->setToolTip(lines.join(QLatin1Char('\n')));
    return item;
}
} // namespace

ArchetypesPage::ArchetypesPage(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_archetypes(worker)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_archetype(new QComboBox(this))
    , m_chart(new ArchetypeHistoryChart(this))
    , m_error(makeErrorLabel(QStringLiteral("archetypesError"), this))
{
    auto *stateTitle = new QLabel(tr("Current archetype state"), this);
    QFont bold = stateTitle->font();
    bold.setBold(true);
    stateTitle->setFont(bold);

    m_table->setObjectName(QStringLiteral("archetypeStateTable"));
    m_table->setAccessibleName(tr("Archetype states"));
    m_table->setHorizontalHeaderLabels({ tr("Archetype"), tr("Metrics"), tr("Influence"), tr("Updated") });
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // Names, influence and times at their text's width (header included); the metrics take the rest.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Metrics, QHeaderView::Stretch);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_archetype->setObjectName(QStringLiteral("archetypeCombo"));
    for (int archetype = 0; archetype < Archetypes::Count; ++archetype) {
        m_archetype->addItem(tr("%1 — %2").arg(Archetypes::name(archetype), Archetypes::title(archetype)), archetype);
        m_archetype->setItemData(archetype, ArchetypePalette::color(archetype), Qt::DecorationRole);
    }
    auto *historyTitle = new QLabel(tr("History of the last 90 days for"), this);
    historyTitle->setFont(bold);
    auto *historyBar = new QHBoxLayout;
    historyBar->addWidget(historyTitle);
    historyBar->addWidget(m_archetype);
    historyBar->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(stateTitle);
    layout->addWidget(m_table);
    layout->addLayout(historyBar);
    layout->addWidget(m_chart, 1);

    connect(m_archetype, &QComboBox::currentIndexChanged, this, [this] {
        syncTableRow();
        loadHistory();
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0)
            setCurrentArchetype(m_table->item(row, ArchetypeColumn)->data(Qt::UserRole).toInt());
    });
}

int ArchetypesPage::currentArchetype() const
{
    return m_archetype->currentData().toInt();
}

void ArchetypesPage::setCurrentArchetype(int archetype)
{
    const int index = m_archetype->findData(archetype);
    if (index >= 0)
        m_archetype->setCurrentIndex(index);
}

void ArchetypesPage::load()
{
    m_error->hide();
    const quint64 generation = ++m_statesGeneration;
    beginRequest();
    m_archetypes.states(this,
        [this, generation](const Result<QList<ArchetypeState>> &states) {
            endRequest();
            if (generation != m_statesGeneration)
                return;
            if (!states) {
                showError(tr("Could not load the archetype states: %1").arg(states.error().message));
                return;
            }
            fillStates(*states);
            Q_EMIT statesLoaded();
        });
    loadHistory();
}

void ArchetypesPage::loadHistory()
{
    const int archetype = currentArchetype();
    const quint64 generation = ++m_historyGeneration;
    beginRequest();
    m_archetypes.history(this, archetype,
        [this, generation, archetype](const Result<QList<ArchetypeState>> &history) {
            endRequest();
            if (generation != m_historyGeneration)
                return; // another archetype was chosen meanwhile
            if (!history) {
                m_chart->clear();
                showError(tr("Could not load the history of %1: %2")
                              .arg(Archetypes::name(archetype), history.error().message));
                return;
            }
            m_chart->setHistory(archetype, *history);
            Q_EMIT historyLoaded(archetype);
        });
}

void ArchetypesPage::fillStates(const QList<ArchetypeState> &states)
{
    const QSignalBlocker blocker(m_table); // refilling must not re-pick the archetype in the combo box
    m_table->setRowCount(0);
    QList<ArchetypeState> ordered = states;
    std::sort(ordered.begin(), ordered.end(),
        [](const ArchetypeState &a, const ArchetypeState &b) { return a.archetype < b.archetype; });
    const QLocale locale;
    for (const ArchetypeState &state : ordered) {
        if (state.archetype < 0 || state.archetype >= Archetypes::Count)
            continue; // validated on write; never let a bad row throw from Archetypes::name
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *name = new QTableWidgetItem(Archetypes::name(state.archetype));
        name->setData(Qt::UserRole, state.archetype);
        name->setData(Qt::DecorationRole, ArchetypePalette::color(state.archetype));
        name->setToolTip(Archetypes::title(state.archetype));
        m_table->setItem(row, ArchetypeColumn, name);
        m_table->setItem(row, Metrics, metricsItem(state));
        m_table->setItem(row, Influence, numberItem(state.influence, tr("Influence")));
        m_table->setItem(
            row, Updated, new QTableWidgetItem(locale.toString(state.at.toLocalTime(), QLocale::ShortFormat)));
    }
    // Eight rows fit; a fixed height keeps the chart below as large as possible.
    ViewSizing::fitHeightToRows(m_table, m_table->horizontalHeader(), m_table->rowCount(), Archetypes::Count);
    syncTableRow();
}

void ArchetypesPage::syncTableRow()
{
    // The table row and the combo box name the same archetype, whichever of them the user changed.
    const QSignalBlocker blocker(m_table);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, ArchetypeColumn)->data(Qt::UserRole).toInt() == currentArchetype()) {
            m_table->setCurrentCell(row, ArchetypeColumn);
            return;
        }
    }
}

void ArchetypesPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void ArchetypesPage::beginRequest()
{
    if (m_pending++ == 0)
        Q_EMIT loadingChanged(true);
}

void ArchetypesPage::endRequest()
{
    if (--m_pending == 0)
        Q_EMIT loadingChanged(false);
}
