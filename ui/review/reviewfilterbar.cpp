#include "review/reviewfilterbar.h"

#include "core/marketplace.h"
#include "review/reviewqueuemodel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLocale>
#include <QToolButton>

namespace {
// The chips' ids: every state's int, and one more for "all states" (QButtonGroup reserves -1 for "assign one").
constexpr int AllStates = 99;
const QList<ReviewState> chipStates { ReviewState::Unreviewed, ReviewState::Mine, ReviewState::Flagged,
    ReviewState::WaitingLevel2, ReviewState::Decided };
} // namespace

ReviewFilterBar::ReviewFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_region(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_scoreBand(new QComboBox(this))
    , m_version(new QComboBox(this))
    , m_biasOnly(new QCheckBox(tr("Has bias flag"), this))
    , m_states(new QButtonGroup(this))
{
    m_region->addItem(tr("Any region"), QString());
    for (const QString &region : Regions::all())
        m_region->addItem(region, region);
    m_category->addItem(tr("Any category"), QString());
    m_version->addItem(tr("Any version"), QString());
    // Score bands as the operator thinks of them; the data is the band's [min, max].
    m_scoreBand->addItem(tr("Any score"), QVariantList { 0.0, 1.0 });
    m_scoreBand->addItem(tr("Score ≥ 0.8"), QVariantList { 0.8, 1.0 });
    m_scoreBand->addItem(tr("Score 0.6 – 0.8"), QVariantList { 0.6, 0.8 });
    m_scoreBand->addItem(tr("Score 0.4 – 0.6"), QVariantList { 0.4, 0.6 });
    m_scoreBand->addItem(tr("Score < 0.4"), QVariantList { 0.0, 0.4 });
    for (QComboBox *combo : { m_region, m_category, m_scoreBand, m_version }) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        combo->setFocusPolicy(Qt::ClickFocus); // the keyboard belongs to the queue
        connect(combo, &QComboBox::currentIndexChanged, this, &ReviewFilterBar::changed);
    }
    m_biasOnly->setFocusPolicy(Qt::ClickFocus);
    connect(m_biasOnly, &QCheckBox::toggled, this, &ReviewFilterBar::changed);

    auto *chips = new QHBoxLayout;
    chips->setSpacing(4);
    m_states->setExclusive(true);
    auto addChip = [&](int id) {
        auto *button = new QToolButton(this);
        button->setCheckable(true);
        button->setAutoRaise(false);
        button->setFocusPolicy(Qt::ClickFocus);
        button->setObjectName(QStringLiteral("stateChip%1").arg(id));
        m_states->addButton(button, id);
        chips->addWidget(button);
    };
    addChip(AllStates);
    for (ReviewState state : chipStates)
        addChip(int(state));
    chips->addStretch(1);
    m_states->button(int(ReviewState::Unreviewed))->setChecked(true);
    connect(m_states, &QButtonGroup::idClicked, this, &ReviewFilterBar::changed);
    setCounts({});

    auto *combos = new QHBoxLayout;
    for (QWidget *widget :
        std::initializer_list<QWidget *> { m_region, m_category, m_scoreBand, m_version, m_biasOnly })
        combos->addWidget(widget);
    combos->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(chips);
    layout->addLayout(combos);
}

QToolButton *ReviewFilterBar::chip(std::optional<ReviewState> state) const
{
    return static_cast<QToolButton *>(m_states->button(state ? int(*state) : AllStates));
}

ReviewQueueFilter ReviewFilterBar::filter(int level) const
{
    ReviewQueueFilter filter;
    filter.level = level;
    filter.region = m_region->currentData().toString();
    filter.category = m_category->currentData().toString();
    filter.modelVersion = m_version->currentData().toString();
    const QVariantList band = m_scoreBand->currentData().toList();
    filter.scoreMin = band.value(0).toDouble();
    filter.scoreMax = band.value(1, 1.0).toDouble();
    filter.biasFlagOnly = m_biasOnly->isChecked();
    filter.state = state();
    return filter;
}

std::optional<ReviewState> ReviewFilterBar::state() const
{
    const int id = m_states->checkedId();
    if (id == AllStates || id < 0)
        return std::nullopt;
    return ReviewState(id);
}

void ReviewFilterBar::setState(std::optional<ReviewState> state)
{
    chip(state)->setChecked(true);
}

QString ReviewFilterBar::chipText(std::optional<ReviewState> state) const
{
    return chip(state)->text();
}

void ReviewFilterBar::setCounts(const ReviewCounts &counts)
{
    m_counts = counts;
    const QLocale locale;
    const auto text = [&](const QString &name, int count) { return tr("%1 %2").arg(name, locale.toString(count)); };
    chip(std::nullopt)
        ->setText(
            text(tr("All"), counts.unreviewed + counts.mine + counts.flagged + counts.waitingLevel2 + counts.decided));
    chip(ReviewState::Unreviewed)
        ->setText(text(ReviewQueueModel::stateName(ReviewState::Unreviewed), counts.unreviewed));
    chip(ReviewState::Mine)->setText(text(ReviewQueueModel::stateName(ReviewState::Mine), counts.mine));
    chip(ReviewState::Flagged)->setText(text(ReviewQueueModel::stateName(ReviewState::Flagged), counts.flagged));
    chip(ReviewState::WaitingLevel2)
        ->setText(text(ReviewQueueModel::stateName(ReviewState::WaitingLevel2), counts.waitingLevel2));
    chip(ReviewState::Decided)->setText(text(ReviewQueueModel::stateName(ReviewState::Decided), counts.decided));
}

void ReviewFilterBar::addSorted(QComboBox *combo, const QString &value)
{
    if (value.isEmpty() || combo->findData(value) >= 0)
        return;
    int at = 1; // after "Any …"
    while (at < combo->count() && QString::localeAwareCompare(combo->itemText(at), value) < 0)
        ++at;
    const QSignalBlocker blocker(combo);
    combo->insertItem(at, value, value);
}

void ReviewFilterBar::learn(const QList<ReviewItem> &items)
{
    for (const ReviewItem &item : items) {
        addSorted(m_category, item.jobCategory);
        addSorted(m_version, item.modelVersion);
    }
}
