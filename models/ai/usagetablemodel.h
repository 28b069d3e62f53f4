#pragma once

#include "ai/pricetable.h"
#include "ai/usagestore.h"

#include <QAbstractTableModel>

// What the AI endpoint cost, per day, task, endpoint and model, with the cost from the price table.
// A read-only snapshot: setTotals() replaces it (the usage panel reloads it after the ledger writes).
class UsageTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Day, Task, Endpoint, Model, Requests, Inputs, PromptTokens, CompletionTokens, Cost, ColumnCount };
    enum Role { SortRole = Qt::UserRole };

    explicit UsageTableModel(QObject *parent = nullptr);

    void setTotals(const QList<UsageTotals> &totals);
    void setPrices(const PriceTable &prices);
    const PriceTable &prices() const { return m_prices; }

    double cost(const UsageTotals &row) const;
    double totalCost(const QDate &from) const; // rows on or after `from`
    qint64 totalTokens(const QDate &from) const;
    // Texts the embedding cache answered / texts asked of it, over the rows held.
    std::pair<qint64, qint64> cacheHits() const;
    bool hasUnpricedModels() const;
    // "$0.000012", "$0.0420", "$12.35": enough digits that a small run does not read as free.
    static QString formatCost(double dollars);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<UsageTotals> m_rows;
    PriceTable m_prices;
};
