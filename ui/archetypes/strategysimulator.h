#pragma once

#include "archetypes/strategyrecords.h"

#include <QWidget>

#include <functional>

class PriorityRowModel;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class StrategyService;

// Profile simulator: a search by words or by meaning, ranked by today's priorities and under the strategy being
// edited, the two lists side by side. It never writes.
class StrategySimulator : public QWidget
{
    Q_OBJECT
public:
    StrategySimulator(StrategyService *service, std::function<WeightingStrategy()> strategy, QWidget *parent = nullptr);

    void simulate();
    void setQuery(const QString &query, bool byMeaning);
    PriorityRowModel *current() const { return m_current; }
    PriorityRowModel *proposed() const { return m_proposed; }

Q_SIGNALS:
    void simulated(bool ok);
    void busyChanged(bool busy);

private:
    StrategyService *m_service;
    std::function<WeightingStrategy()> m_strategy;
    QLineEdit *m_query;
    QCheckBox *m_byMeaning;
    QPushButton *m_run;
    QLabel *m_proposedTitle;
    QLabel *m_error;
    PriorityRowModel *m_current;
    PriorityRowModel *m_proposed;
    quint64 m_generation = 0;
};

// The Priority tab's tables share their setup: rank, summary, the stacked contribution bar, numbers.
QTableView *makePriorityTable(PriorityRowModel *model, const QString &name, QWidget *parent);
