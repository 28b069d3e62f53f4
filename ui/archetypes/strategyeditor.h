#pragma once

#include "archetypes/strategyrecords.h"

#include <QWidget>

#include <array>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;

// The weights of one strategy: its name and eight spin boxes (0 to 1 in steps of 0.01), with the sum said under
// them — "The weights add up to 1.08; they must add up to 1." in red until they do, never normalised. The
// built-in default shows read-only (Copy it to change it).
class StrategyEditor : public QWidget
{
    Q_OBJECT
public:
    explicit StrategyEditor(QWidget *parent = nullptr);

    void setStrategy(const WeightingStrategy &strategy);
    WeightingStrategy strategy() const; // as edited; id, builtIn and applied from the strategy set
    void setWeight(int archetype, double weight);
    bool isValid() const; // name given and weights add up to 1
    QString sumText() const;

Q_SIGNALS:
    void edited();

private:
    void updateSum();

    WeightingStrategy m_strategy;
    QLineEdit *m_name;
    std::array<QDoubleSpinBox *, Archetypes::Count> m_weights {};
    QLabel *m_sum;
};
