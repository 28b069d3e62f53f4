#include "memories/memoryfilterbar.h"

#include "memories/filterchip.h"

#include <QActionGroup>
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

MemoryFilterBar::MemoryFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_textMode(new QToolButton(this))
    , m_meaningMode(new QToolButton(this))
    , m_modes(new QButtonGroup(this))
    , m_filters(new QToolButton(this))
    , m_menu(new QMenu(this))
    , m_matches(new QLabel(this))
    , m_chipRow(new QWidget(this))
    , m_chipLayout(new QHBoxLayout(m_chipRow))
    , m_clearAll(new QToolButton(m_chipRow))
    , m_typing(new QTimer(this))
{
    m_search->setObjectName(QStringLiteral("memorySearch"));
    m_search->setAccessibleName(tr("Search memories"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(240);
    m_textMode->setObjectName(QStringLiteral("textSearchMode"));
    m_meaningMode->setObjectName(QStringLiteral("meaningSearchMode"));
    m_textMode->setText(tr("Words"));
    m_meaningMode->setText(tr("Meaning"));
    m_textMode->setToolTip(tr("Find memories that contain these words (or words starting with them)"));
    for (QToolButton *b : { m_textMode, m_meaningMode }) {
        b->setCheckable(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_modes->addButton(b);
    }
    m_textMode->setChecked(true);
    m_filters->setObjectName(QStringLiteral("filterMenuButton"));
    m_filters->setText(tr("Filters"));
    m_filters->setToolTip(tr("Add a condition"));
    m_filters->setPopupMode(QToolButton::InstantPopup);
    m_filters->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_filters->setMenu(m_menu);
    m_matches->setObjectName(QStringLiteral("matchCount"));
    m_matches->setTextFormat(Qt::PlainText);
    buildMenu();

    auto *searchRow = new QHBoxLayout;
    searchRow->setContentsMargins(0, 0, 0, 0);
    searchRow->setSpacing(4);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_textMode);
    searchRow->addWidget(m_meaningMode);
    searchRow->addSpacing(6);
    searchRow->addWidget(m_filters);
    searchRow->addSpacing(8);
    searchRow->addWidget(m_matches);

    m_clearAll->setObjectName(QStringLiteral("clearAllFilters"));
    m_clearAll->setText(tr("Clear all"));
    m_clearAll->setAutoRaise(true);
    m_chipLayout->setContentsMargins(0, 0, 0, 0);
    m_chipLayout->setSpacing(6);
    m_chipLayout->addStretch(1);
    m_chipLayout->addWidget(m_clearAll);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(searchRow);
    layout->addWidget(m_chipRow);

    m_typing->setSingleShot(true);
    m_typing->setInterval(350);
    connect(m_typing, &QTimer::timeout, this, [this] { Q_EMIT filterChanged(filter()); });
    connect(m_search, &QLineEdit::textEdited, this, &MemoryFilterBar::onSearchEdited);
    // The clear button changes the text without textEdited.
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            onSearchEdited();
    });
    connect(m_search, &QLineEdit::returnPressed, this, &MemoryFilterBar::onReturnPressed);
    connect(m_modes, &QButtonGroup::buttonClicked, this, [this](QAbstractButton *button) {
        const SearchMode mode = button == m_meaningMode ? SearchMode::Meaning : SearchMode::Text;
        if (mode == m_mode)
            return;
        setSearchMode(mode);
        Q_EMIT searchModeChanged(mode);
    });
    connect(m_clearAll, &QToolButton::clicked, this, &MemoryFilterBar::clearAll);
    connect(m_menu, &QMenu::aboutToShow, this, &MemoryFilterBar::suggestionsWanted);
    setSearchMode(SearchMode::Text);
    rebuildChips();
}

void MemoryFilterBar::clearAll()
{
    // Compared with the filter before the field empties: a search of words alone is a change too.
    const MemoryFilter before = filter();
    m_search->clear();
    m_typing->stop();
    m_conditions = MemoryFilter();
    rebuildChips();
    if (filter() != before)
        Q_EMIT filterChanged(filter());
}

void MemoryFilterBar::buildMenu()
{
    using Field = MemoryFilter::Field;
    const auto add = [this](const QString &text, Field field) {
        return m_menu->addAction(text, this, [this, field] { edit(field); });
    };
    add(tr("Created between…"), Field::Created);
    add(tr("Tags…"), Field::Tags);
    add(tr("Tone…"), Field::Tones);
    add(tr("Session…"), Field::Session);
    add(tr("User…"), Field::User);
    add(tr("Priority…"), Field::Priority);
    add(tr("Archetype metric…"), Field::Metric);
    m_clusterAction = add(tr("Cluster…"), Field::Cluster);
    m_menu->addSeparator();
    const auto triMenu = [this](const QString &title, TriState MemoryFilter::*member, const QStringList &labels) {
        QMenu *sub = m_menu->addMenu(title);
        auto *group = new QActionGroup(sub);
        const TriState values[] = { TriState::Any, TriState::Yes, TriState::No };
        for (int i = 0; i < 3; ++i) {
            QAction *action = sub->addAction(labels[i]);
            action->setCheckable(true);
            group->addAction(action);
            connect(
                action, &QAction::triggered, this, [this, member, value = values[i]] { setTriState(member, value); });
        }
        connect(sub, &QMenu::aboutToShow, this, [this, group, member] {
            const TriState current = m_conditions.*member;
            group->actions()[current == TriState::Any ? 0 : current == TriState::Yes ? 1 : 2]->setChecked(true);
        });
    };
    triMenu(tr("Long-term"), &MemoryFilter::longTerm, { tr("Any"), tr("Only long-term"), tr("Not long-term") });
    triMenu(tr("Core"), &MemoryFilter::core, { tr("Any"), tr("Only core"), tr("Not core") });
    triMenu(
        tr("Archived"), &MemoryFilter::archived, { tr("Include archived"), tr("Only archived"), tr("Hide archived") });
}

MemoryFilter MemoryFilterBar::filter() const
{
    MemoryFilter f = m_conditions;
    f.text = m_mode == SearchMode::Text ? m_search->text().trimmed() : QString();
    return f;
}

void MemoryFilterBar::setFilter(const MemoryFilter &filter)
{
    m_conditions = filter;
    m_conditions.text.clear();
    if (m_mode == SearchMode::Text) {
        const QSignalBlocker blocker(m_search);
        m_search->setText(filter.text);
    }
    rebuildChips();
}

void MemoryFilterBar::setSearchMode(SearchMode mode)
{
    m_mode = mode;
    (mode == SearchMode::Meaning ? m_meaningMode : m_textMode)->setChecked(true);
    m_search->setPlaceholderText(mode == SearchMode::Meaning ? tr("Describe what you are looking for, then press Enter")
                                                             : tr("Search memories by words"));
    m_typing->stop();
}

QString MemoryFilterBar::searchText() const
{
    return m_search->text().trimmed();
}

void MemoryFilterBar::setSearchText(const QString &text)
{
    const QSignalBlocker blocker(m_search);
    m_search->setText(text);
}

void MemoryFilterBar::setSuggestions(const FilterSuggestions &suggestions)
{
    m_suggestions = suggestions;
    m_clusterAction->setEnabled(!suggestions.clusterRuns.isEmpty());
    m_clusterAction->setToolTip(suggestions.clusterRuns.isEmpty() ? tr("Save a cluster run first") : QString());
}

void MemoryFilterBar::setMatchText(const QString &text)
{
    m_matches->setText(text);
}

void MemoryFilterBar::setSemantic(bool semantic, const QString &modelName)
{
    m_meaningMode->setToolTip(semantic
            ? tr("Find the memories closest in meaning (%1)").arg(modelName)
            : tr("Find the most similar memories (%1: similar means sharing words, not meaning)").arg(modelName));
}

QList<QWidget *> MemoryFilterBar::chips() const
{
    QList<QWidget *> list;
    for (FilterChip *chip : m_chipRow->findChildren<FilterChip *>(Qt::FindDirectChildrenOnly)) {
        if (!chip->property("stale").toBool())
            list << chip;
    }
    return list;
}

void MemoryFilterBar::edit(MemoryFilter::Field field, int index)
{
    if (field == MemoryFilter::Field::Ids)
        return; // a set chosen on the map or elsewhere: removable, not editable here
    FilterChipEditor editor(field, m_conditions, index, m_suggestions, this);
    if (editor.exec() == QDialog::Accepted)
        applyConditions(editor.result());
}

void MemoryFilterBar::setTriState(TriState MemoryFilter::*member, TriState value)
{
    MemoryFilter conditions = m_conditions;
    conditions.*member = value;
    applyConditions(conditions);
}

void MemoryFilterBar::applyConditions(const MemoryFilter &conditions)
{
    const MemoryFilter before = filter();
    m_conditions = conditions;
    m_conditions.text.clear();
    rebuildChips();
    if (filter() != before)
        Q_EMIT filterChanged(filter());
}

void MemoryFilterBar::rebuildChips()
{
    // Chips are replaced, not edited; the old ones go later (one may be the sender of this change).
    for (FilterChip *chip : m_chipRow->findChildren<FilterChip *>(Qt::FindDirectChildrenOnly)) {
        chip->setProperty("stale", true);
        chip->hide();
        chip->deleteLater();
    }
    const QList<MemoryFilter::Condition> conditions = m_conditions.conditions();
    int at = 0;
    for (const MemoryFilter::Condition &c : conditions) {
        auto *chip = new FilterChip(c.label, m_chipRow);
        m_chipLayout->insertWidget(at++, chip);
        connect(chip, &FilterChip::removeRequested, this, [this, c] {
            MemoryFilter conditions = m_conditions;
            conditions.remove(c.field, c.index);
            applyConditions(conditions);
        });
        connect(chip, &FilterChip::editRequested, this, [this, c, chip] {
            using Field = MemoryFilter::Field;
            if (c.field == Field::LongTerm || c.field == Field::Core || c.field == Field::Archived) {
                // The same choices as the Filters menu, right at the chip.
                const int which = c.field == Field::LongTerm ? 0 : c.field == Field::Core ? 1 : 2;
                QMenu *sub = m_menu->actions().at(m_menu->actions().size() - 3 + which)->menu();
                sub->popup(chip->mapToGlobal(QPoint(0, chip->height())));
                return;
            }
            edit(c.field, c.index);
        });
    }
    m_clearAll->setVisible(!conditions.isEmpty());
    m_chipRow->setVisible(!conditions.isEmpty());
}

void MemoryFilterBar::onSearchEdited()
{
    if (m_mode == SearchMode::Text) {
        m_typing->start();
    } else if (m_search->text().trimmed().isEmpty()) {
        Q_EMIT meaningSearchCleared();
    }
}

void MemoryFilterBar::onReturnPressed()
{
    if (m_mode == SearchMode::Text) {
        m_typing->stop();
        Q_EMIT filterChanged(filter());
    } else if (!searchText().isEmpty()) {
        Q_EMIT meaningSearchRequested(searchText());
    }
}
