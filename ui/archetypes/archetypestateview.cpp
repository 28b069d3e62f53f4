#include "archetypes/archetypestateview.h"

#include "archetypes/archetypedashboard.h"
#include "archetypes/archetypeformat.h"
#include "archetypes/archetypestatecard.h"
#include "common/datalabel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

ArchetypeStateView::ArchetypeStateView(ArchetypeDashboardService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_window(new QComboBox(this))
    , m_headline(new QLabel(this))
    , m_error(makeErrorLabel(QStringLiteral("stateError"), this))
{
    m_window->setObjectName(QStringLiteral("stateWindow"));
    for (int days : { 7, 14, 30, 90 })
        m_window->addItem(tr("last %n days", nullptr, days), days);
    m_window->setCurrentIndex(1);
    m_headline->setObjectName(QStringLiteral("stateHeadline"));
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::PlainText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Change over the"), this));
    bar->addWidget(m_window);
    bar->addSpacing(12);
    bar->addWidget(m_headline, 1);

    auto *grid = new QGridLayout;
    grid->setSpacing(6);
    for (int a = 0; a < 8; ++a) {
        auto *card = new ArchetypeStateCard(a, this);
        m_cards[std::size_t(a)] = card;
        grid->addWidget(card, a / 4, a % 4);
        connect(card, &ArchetypeStateCard::chooseRequested, this, [this](int archetype) {
            setSelectedArchetype(archetype);
            Q_EMIT archetypeChosen(archetype);
        });
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addLayout(grid);
    connect(m_window, &QComboBox::currentIndexChanged, this, &ArchetypeStateView::load);
}

int ArchetypeStateView::windowDays() const
{
    return m_window->currentData().toInt();
}

void ArchetypeStateView::setWindowDays(int days)
{
    const int index = m_window->findData(days);
    if (index >= 0)
        m_window->setCurrentIndex(index);
}

QString ArchetypeStateView::headline() const
{
    return m_headline->text();
}

void ArchetypeStateView::setSelectedArchetype(int archetype)
{
    for (ArchetypeStateCard *card : m_cards)
        card->setSelected(card->archetype() == archetype);
}

void ArchetypeStateView::load()
{
    if (!m_service)
        return;
    const quint64 generation = ++m_generation;
    Q_EMIT busyChanged(true);
    m_service->overview(this, windowDays(), [this, generation](const Result<ArchetypeOverview> &overview) {
        if (generation != m_generation)
            return; // another window was chosen meanwhile
        Q_EMIT busyChanged(false);
        if (!overview) {
            m_error->setText(tr("Could not load the archetypes' state: %1").arg(overview.error().message));
            m_error->show();
            Q_EMIT loaded(false);
            return;
        }
        m_error->hide();
        show(*overview);
        Q_EMIT loaded(true);
    });
}

void ArchetypeStateView::show(const ArchetypeOverview &overview)
{
    const QList<ArchetypeChange> changes = ArchetypeChanges::fromOverview(overview);
    m_movedMost = ArchetypeChanges::movedMost(changes);
    for (const ArchetypeChange &change : changes) {
        ArchetypeStateCard *card = m_cards.at(std::size_t(change.archetype));
        card->setChange(change, overview.windowDays);
        card->setMovedMost(change.archetype == m_movedMost);
    }
    if (m_movedMost < 0) {
        m_headline->setText(tr("No archetype has a state from before the window, so none shows a change."));
        return;
    }
    const ArchetypeChange &most = changes.at(m_movedMost);
    const int metric = ArchetypeChanges::largestMetricChange(most);
    const double delta = most.now[std::size_t(metric)] - most.before[std::size_t(metric)];
    m_headline->setText(
        tr("%1 moved most in the last %n days: %2 %3 → %4 (%5).", nullptr, overview.windowDays)
            .arg(Archetypes::name(m_movedMost), ArchetypeFormat::metricTitle(m_movedMost, metric),
                ArchetypeFormat::score(most.before[std::size_t(metric)]),
                ArchetypeFormat::score(most.now[std::size_t(metric)]), ArchetypeFormat::signedScore(delta)));
}
