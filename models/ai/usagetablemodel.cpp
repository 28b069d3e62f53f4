#include "ai/usagetablemodel.h"

#include <QLocale>

UsageTableModel::UsageTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_prices(PriceTable::defaults())
{
}

void UsageTableModel::setTotals(const QList<UsageTotals> &totals)
{
    beginResetModel();
    m_rows = totals;
    endResetModel();
}

void UsageTableModel::setPrices(const PriceTable &prices)
{
    m_prices = prices;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Cost), index(rowCount() - 1, Cost));
}

double UsageTableModel::cost(const UsageTotals &row) const
{
    return m_prices.cost(row.model, row.promptTokens, row.completionTokens);
}

double UsageTableModel::totalCost(const QDate &from) const
{
    double sum = 0.0;
    for (const UsageTotals &row : m_rows)
        sum += row.day >= from ? cost(row) : 0.0;
    return sum;
}

qint64 UsageTableModel::totalTokens(const QDate &from) const
{
    qint64 sum = 0;
    for (const UsageTotals &row : m_rows)
        sum += row.day >= from ? row.promptTokens + row.completionTokens : 0;
    return sum;
}

std::pair<qint64, qint64> UsageTableModel::cacheHits() const
{
    qint64 hits = 0, asked = 0;
    for (const UsageTotals &row : m_rows) {
        if (row.endpoint == QLatin1String("cache")) {
            hits += row.cachedInputs;
            asked += row.inputs;
        }
    }
    return { hits, asked };
}

QString UsageTableModel::formatCost(double dollars)
{
    const QLocale locale;
    const int decimals = dollars == 0.0 ? 2 : dollars < 0.01 ? 6 : dollars < 1.0 ? 4 : 2;
    return QStringLiteral("$") + locale.toString(dollars, 'f', decimals);
}

bool UsageTableModel::hasUnpricedModels() const
{
    for (const UsageTotals &row : m_rows) {
        if (row.endpoint != QLatin1String("cache") && !m_prices.hasPrice(row.model))
            return true;
    }
    return false;
}

int UsageTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsageTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsageTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const UsageTotals &row = m_rows.at(index.row());
    const bool cache = row.endpoint == QLatin1String("cache");
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Requests ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == SortRole) {
        switch (index.column()) {
        case Day: return row.day;
        case Task: return row.task;
        case Endpoint: return row.endpoint;
        case Model: return row.model;
        case Requests: return row.requests;
        case Inputs: return row.inputs;
        case PromptTokens: return row.promptTokens;
        case CompletionTokens: return row.completionTokens;
        case Cost: return cost(row);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Cost && !cache && !m_prices.hasPrice(row.model))
        return tr("No price is set for %1: edit the price table.").arg(row.model);
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case Day: return locale.toString(row.day, QLocale::ShortFormat);
    case Task: return row.task.isEmpty() ? tr("Interactive") : row.task;
    case Endpoint:
        return cache ? tr("Embedding cache") : row.endpoint == QLatin1String("chat") ? tr("Chat") : tr("Embeddings");
    case Model: return row.model;
    case Requests: return cache ? QString() : locale.toString(row.requests);
    case Inputs:
        return cache ? tr("%1 of %2 from cache").arg(locale.toString(row.cachedInputs), locale.toString(row.inputs))
                     : locale.toString(row.inputs);
    case PromptTokens: return cache ? QString() : locale.toString(row.promptTokens);
    case CompletionTokens: return cache ? QString() : locale.toString(row.completionTokens);
    case Cost: return cache ? QString() : formatCost(cost(row));
    }
    return {};
}

QVariant UsageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Day: return tr("Day");
    case Task: return tr("Task");
    case Endpoint: return tr("Endpoint");
    case Model: return tr("Model");
    case Requests: return tr("Requests");
    case Inputs: return tr("Inputs");
    case PromptTokens: return tr("Prompt tokens");
    case CompletionTokens: return tr("Completion tokens");
    case Cost: return tr("Cost (USD)");
    }
    return {};
}
