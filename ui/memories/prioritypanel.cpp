#include "memories/prioritypanel.h"

#include "common/viewsizing.h"
#include "memories/memorymaintenance.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
QString priorityNumber(double value)
{
    return QLocale().toString(value, 'f', 3);
}

QTableWidgetItem *priorityNumberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

PriorityPanel::PriorityPanel(QWidget *parent)
    : QGroupBox(tr("Priority"), parent)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(Archetypes::Count, ColumnCount, this))
{
    m_summary->setObjectName(QStringLiteral("priorityText"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table->setObjectName(QStringLiteral("priorityTable"));
    // "Priority" under the group's title "Priority" reads as the archetype's own: "Archetype priority"
    // does not fit the detail pane at the window's default size.
    m_table->setHorizontalHeaderLabels({ tr("Archetype"), tr("Priority"), tr("Weight"), tr("Contribution") });
    m_table->horizontalHeaderItem(ArchetypePriority)->setToolTip(tr("The archetype's priority for this memory."));
    m_table->horizontalHeaderItem(Contribution)
        ->setToolTip(tr("Weight × archetype priority. The default weights "
                        "add up to 1, so the contributions add up to the "
                        "weighted priority."));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Each column as wide as its header or its numbers, whichever is wider; equal shares cut
    // "Archetype priority" to "chetype prior" in a narrow pane. The last one takes what is left.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table);
    clear();
}

void PriorityPanel::setDetail(const MemoryDetail &detail, const QDateTime &now, const QDateTime &lastDecayPass)
{
    const Memory &memory = detail.memory;
    const double effective = memory.priorityOverride.value_or(memory.priority);
    const QDateTime since = MemoryMaintenance::decayedSince(memory.lastAccessed, lastDecayPass);
    const double decayed = Archetypes::decayedPriority(effective, since, now, memory.longTerm, memory.core);

    const double contributions = fillArchetypes(detail.evaluations);

    QStringList lines;
    lines << tr("Stored priority: %1 (sum of the archetype contributions below: %2)")
                 .arg(priorityNumber(memory.priority), priorityNumber(contributions));
    if (memory.priorityOverride)
        lines << tr("Manual override: %1").arg(priorityNumber(*memory.priorityOverride));
    if (memory.longTerm || memory.core) {
        lines << tr("Priority now: %1 (long-term and core memories do not decay)").arg(priorityNumber(decayed));
    } else if (lastDecayPass.isValid() && since == lastDecayPass) {
        lines << tr("Priority now: %1 after decay since the decay pass on %2 (the stored priority already holds "
                    "the decay before it)")
                     .arg(priorityNumber(decayed),
                         QLocale().toString(lastDecayPass.toLocalTime(), QLocale::ShortFormat));
    } else if (memory.lastAccessed.isValid()) {
        lines << tr("Priority now: %1 after decay since the last access on %2")
                     .arg(priorityNumber(decayed),
                         QLocale().toString(memory.lastAccessed.toLocalTime(), QLocale::ShortFormat));
    } else {
        lines << tr("Priority now: %1 (never accessed, so no decay yet)").arg(priorityNumber(decayed));
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

double PriorityPanel::fillArchetypes(const QList<Evaluation> &evaluations)
{
    std::array<std::optional<double>, Archetypes::Count> priorities;
    for (const Evaluation &evaluation : evaluations) {
        if (evaluation.archetype >= 0 && evaluation.archetype < Archetypes::Count)
            priorities[std::size_t(evaluation.archetype)] = evaluation.archetypePriority;
    }
    const auto &weights = Archetypes::defaultWeights();
    double sum = 0.0;
    for (int archetype = 0; archetype < Archetypes::Count; ++archetype) {
        const std::optional<double> priority = priorities[std::size_t(archetype)];
        const double weight = weights[std::size_t(archetype)];
        auto *name = new QTableWidgetItem(Archetypes::name(archetype));
        name->setToolTip(Archetypes::title(archetype));
        m_table->setItem(archetype, ArchetypeColumn, name);
        // An archetype that has not evaluated this memory shows a dash rather than a misleading zero.
        const QString missing = tr("—");
        m_table->setItem(
            archetype, ArchetypePriority, priorityNumberItem(priority ? priorityNumber(*priority) : missing));
        m_table->setItem(archetype, Weight, priorityNumberItem(QLocale().toString(weight, 'f', 2)));
        m_table->setItem(
            archetype, Contribution, priorityNumberItem(priority ? priorityNumber(weight * *priority) : missing));
        sum += weight * priority.value_or(0.0);
    }
    ViewSizing::fitHeightToRows(m_table, m_table->horizontalHeader(), Archetypes::Count, Archetypes::Count);
    return sum;
}

void PriorityPanel::clear()
{
    m_summary->clear();
    fillArchetypes({});
}

QString PriorityPanel::summaryText() const
{
    return m_summary->text();
}
