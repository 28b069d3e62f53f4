#include "archetypes/archetypedistributionview.h"

#include "archetypes/archetypedashboard.h"
#include "archetypes/archetypeformat.h"
#include "archetypes/archetypepalette.h"
#include "archetypes/metricdistributionmodel.h"
#include "archetypes/scorehistogram.h"
#include "common/datalabel.h"
#include "common/viewsizing.h"
#include "memories/filterchip.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

ArchetypeDistributionView::ArchetypeDistributionView(ArchetypeDashboardService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_archetype(new QComboBox(this))
    , m_follow(new QCheckBox(tr("Follow the memory browser's filter"), this))
    , m_chipRow(new QWidget(this))
    , m_chipLayout(new QHBoxLayout(m_chipRow))
    , m_saturation(new QLabel(this))
    , m_error(makeErrorLabel(QStringLiteral("distributionError"), this))
    , m_model(new MetricDistributionModel(this))
    , m_table(new QTableView(this))
{
    m_archetype->setObjectName(QStringLiteral("distributionArchetype"));
    for (int a = 0; a < Archetypes::Count; ++a) {
        m_archetype->addItem(tr("%1 — %2").arg(Archetypes::name(a), Archetypes::title(a)), a);
        m_archetype->setItemData(a, ArchetypePalette::color(a), Qt::DecorationRole);
    }
    m_follow->setObjectName(QStringLiteral("followBrowserFilter"));
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Restrict the distributions to the memories the memory browser shows"));
    m_chipLayout->setContentsMargins(0, 0, 0, 0);
    m_chipLayout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_archetype);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Memories:"), this));
    bar->addWidget(m_chipRow, 1);
    bar->addWidget(m_follow);

    auto *grid = new QGridLayout;
    grid->setSpacing(8);
    for (int m = 0; m < ArchetypeMetrics::Count; ++m) {
        auto *histogram = new ScoreHistogram(this);
        histogram->setObjectName(QStringLiteral("histogram%1").arg(m));
        m_histograms[std::size_t(m)] = histogram;
        grid->addWidget(histogram, m / 3, m % 3);
    }

    m_saturation->setObjectName(QStringLiteral("saturationText"));
    m_saturation->setWordWrap(true);
    m_saturation->setTextFormat(Qt::PlainText);

    m_table->setObjectName(QStringLiteral("distributionTable"));
    m_table->setAccessibleName(tr("Distribution"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addLayout(grid, 1);
    layout->addWidget(m_saturation);
    layout->addWidget(m_table);

    connect(m_archetype, &QComboBox::currentIndexChanged, this, &ArchetypeDistributionView::load);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on && m_filter != m_browserFilter) {
            m_filter = m_browserFilter;
            rebuildChips();
            load();
        }
    });
    rebuildChips();
}

void ArchetypeDistributionView::setArchetype(int archetype)
{
    m_archetype->setCurrentIndex(m_archetype->findData(archetype));
}

void ArchetypeDistributionView::setBrowserFilter(const MemoryFilter &filter)
{
    m_browserFilter = filter;
    if (!m_follow->isChecked() || m_filter == filter)
        return;
    m_filter = filter;
    rebuildChips();
    if (isVisible())
        load();
    else
        m_stale = true; // hidden (another tab or area): no query for numbers nobody sees
}

void ArchetypeDistributionView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        load();
}

QStringList ArchetypeDistributionView::chipLabels() const
{
    QStringList labels;
    for (const MemoryFilter::Condition &c : m_filter.conditions())
        labels << c.label;
    return labels;
}

QString ArchetypeDistributionView::saturationText() const
{
    return m_saturation->text();
}

void ArchetypeDistributionView::rebuildChips()
{
    while (QLayoutItem *item = m_chipLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QList<MemoryFilter::Condition> conditions = m_filter.conditions();
    if (conditions.isEmpty()) {
        // The default filter leaves out archived memories only: say so instead of showing no chip.
        m_chipLayout->addWidget(new QLabel(tr("all memories that are not archived"), m_chipRow));
    }
    for (const MemoryFilter::Condition &condition : conditions) {
        auto *chip = new FilterChip(condition.label, m_chipRow);
        chip->setToolTip(tr("From the memory browser's filter; × leaves it out here only"));
        connect(chip, &FilterChip::removeRequested, this, [this, condition] {
            m_filter.remove(condition.field, condition.index);
            // A chip removed here is a choice of this view: stop following the browser until asked again.
            const QSignalBlocker blocker(m_follow);
            m_follow->setChecked(false);
            rebuildChips();
            load();
        });
        m_chipLayout->addWidget(chip);
    }
    m_chipLayout->addStretch(1);
}

void ArchetypeDistributionView::load()
{
    if (!m_service)
        return;
    m_stale = false;
    const quint64 generation = ++m_generation;
    const int archetype = m_archetype->currentData().toInt();
    Q_EMIT busyChanged(true);
    m_service->distributions(
        this, m_filter, archetype, [this, generation](const Result<QList<MetricDistribution>> &rows) {
            if (generation != m_generation)
                return;
            Q_EMIT busyChanged(false);
            if (!rows) {
                m_error->setText(tr("Could not load the distributions: %1").arg(rows.error().message));
                m_error->show();
                Q_EMIT loaded(false);
                return;
            }
            m_error->hide();
            show(*rows);
            Q_EMIT loaded(true);
        });
}

void ArchetypeDistributionView::show(const QList<MetricDistribution> &rows)
{
    m_model->setRows(rows);
    for (ScoreHistogram *h : m_histograms)
        h->clear();
    for (const MetricDistribution &d : rows) {
        if (d.metric < 0 || d.metric >= ArchetypeMetrics::Count)
            continue;
        ScoreHistogram *h = m_histograms.at(std::size_t(d.metric));
        h->setTitle(tr("%1 (n %2)").arg(ArchetypeFormat::metricTitle(d.archetype, d.metric), QLocale().toString(d.n)));
        h->setColor(d.metric < Archetypes::MetricsPerArchetype ? ArchetypePalette::color(d.archetype)
                                                               : ArchetypePalette::color(d.archetype).darker(140));
        h->setBins(
            d.bins, d.n > 0 ? std::optional(ScoreHistogram::Box { d.min, d.q1, d.median, d.q3, d.max }) : std::nullopt);
        h->setNote(
            d.saturating ? tr("saturates: %1 at 0 or 1").arg(ArchetypeFormat::share(d.shareAtBounds)) : QString());
    }
    const QStringList sentences = m_model->saturationSentences();
    m_saturation->setText(sentences.isEmpty()
            ? tr("No metric of %1 saturates: fewer than half of the values sit at exactly 0 or 1.")
                  .arg(ArchetypeFormat::archetypeName(m_archetype->currentData().toInt()))
            : sentences.join(QLatin1Char('\n')));
    ViewSizing::fitHeightToRows(m_table, m_table->horizontalHeader(), m_model->rowCount(), ArchetypeMetrics::Count);
}
