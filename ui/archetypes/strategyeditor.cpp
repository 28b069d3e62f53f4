#include "archetypes/strategyeditor.h"

#include "archetypes/archetypepalette.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <cmath>

StrategyEditor::StrategyEditor(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_sum(new QLabel(this))
{
    m_name->setObjectName(QStringLiteral("strategyName"));
    m_name->setAccessibleName(tr("Name of the strategy"));
    m_name->setPlaceholderText(tr("Name of the strategy"));
    m_sum->setObjectName(QStringLiteral("strategySum"));
    m_sum->setWordWrap(true);
    m_sum->setTextFormat(Qt::PlainText);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(8);
    for (int a = 0; a < Archetypes::Count; ++a) {
        auto *spin = new QDoubleSpinBox(this);
        spin->setObjectName(QStringLiteral("weight%1").arg(a));
        spin->setRange(0.0, 1.0);
        spin->setDecimals(2);
        spin->setSingleStep(0.01);
        m_weights[std::size_t(a)] = spin;
        auto *label = new QLabel(Archetypes::name(a), this);
        label->setToolTip(Archetypes::title(a));
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, ArchetypePalette::color(a).darker(130));
        label->setPalette(palette);
        label->setBuddy(spin);
        const int row = a / 4, column = (a % 4) * 2;
        grid->addWidget(label, row, column);
        grid->addWidget(spin, row, column + 1);
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this] {
            updateSum();
            Q_EMIT edited();
        });
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_name);
    layout->addLayout(grid);
    layout->addWidget(m_sum);
    connect(m_name, &QLineEdit::textEdited, this, [this] { Q_EMIT edited(); });
    setStrategy(WeightingStrategy::defaultStrategy());
}

void StrategyEditor::setStrategy(const WeightingStrategy &strategy)
{
    m_strategy = strategy;
    m_name->setText(strategy.name);
    m_name->setReadOnly(strategy.builtIn);
    for (int a = 0; a < Archetypes::Count; ++a) {
        const QSignalBlocker block(m_weights[std::size_t(a)]);
        m_weights[std::size_t(a)]->setValue(strategy.weights[std::size_t(a)]);
        m_weights[std::size_t(a)]->setReadOnly(strategy.builtIn);
    }
    updateSum();
}

WeightingStrategy StrategyEditor::strategy() const
{
    WeightingStrategy s = m_strategy;
    s.name = m_name->text().trimmed();
    for (int a = 0; a < Archetypes::Count; ++a)
        s.weights[std::size_t(a)] = m_weights[std::size_t(a)]->value();
    return s;
}

void StrategyEditor::setWeight(int archetype, double weight)
{
    if (archetype >= 0 && archetype < Archetypes::Count)
        m_weights[std::size_t(archetype)]->setValue(weight);
}

bool StrategyEditor::isValid() const
{
    return bool(WeightingStrategy::validate(strategy()));
}

QString StrategyEditor::sumText() const
{
    return m_sum->text();
}

void StrategyEditor::updateSum()
{
    const Result<void> valid = WeightingStrategy::validate(strategy());
    double sum = 0;
    for (const QDoubleSpinBox *spin : m_weights)
        sum += spin->value();
    // The service's sentence names what is wrong (the sum, a missing name); shown as it will refuse it.
    m_sum->setText(valid ? tr("The weights add up to %1.").arg(QLocale().toString(sum, 'f', 2)) : valid.errorMessage());
    m_sum->setStyleSheet(valid ? QString() : QStringLiteral("color: #b00020;"));
}
