#include "archetypes/strategylistmodel.h"

#include <QFont>
#include <QLocale>

StrategyListModel::StrategyListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void StrategyListModel::setStrategies(const QList<WeightingStrategy> &strategies)
{
    beginResetModel();
    m_strategies = strategies;
    endResetModel();
}

int StrategyListModel::rowOf(const QUuid &id, const QString &name) const
{
    for (int row = 0; row < m_strategies.size(); ++row) {
        const WeightingStrategy &s = m_strategies.at(row);
        if (!id.isNull() ? s.id == id : (s.id.isNull() && (name.isEmpty() || s.name == name)))
            return row;
    }
    return -1;
}

QString StrategyListModel::weightsText(const std::array<double, Archetypes::Count> &weights)
{
    const QLocale locale;
    QStringList parts;
    for (int a = 0; a < Archetypes::Count; ++a) {
        // "Ella-M" → "M": the letter is what the weights are known by; ".20" without its zero keeps eight in a line.
        QString weight = locale.toString(weights[std::size_t(a)], 'f', 2);
        if (weights[std::size_t(a)] < 1.0 && weight.startsWith(locale.zeroDigit()))
            weight.remove(0, locale.zeroDigit().size());
        parts << tr("%1 %2").arg(Archetypes::name(a).right(1), weight);
    }
    return parts.join(QStringLiteral(" · "));
}

int StrategyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_strategies.size());
}

int StrategyListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StrategyListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_strategies.size())
        return {};
    const WeightingStrategy &s = m_strategies.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return s.builtIn ? tr("%1 (built in)").arg(s.name) : s.name;
        case Weights:
            return weightsText(s.weights);
        case Applied:
            return s.applied ? tr("applied") : QString();
        case CreatedBy:
            return s.builtIn ? QString()
                             : tr("%1, %2").arg(s.createdBy,
                                 QLocale().toString(s.createdAt.toLocalTime().date(), QLocale::ShortFormat));
        default:
            return {};
        }
    }
    if (role == SortRole) {
        if (index.column() == CreatedBy)
            return s.createdAt;
        if (index.column() == Applied)
            return s.applied;
        return data(index, Qt::DisplayRole);
    }
    if (role == IdRole)
        return s.id;
    if (role == Qt::FontRole && s.applied) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Applied && s.applied)
            return tr("The stored priorities were last computed with this strategy");
        return weightsText(s.weights);
    }
    return {};
}

QVariant StrategyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Strategy");
    case Weights:
        return tr("Weights");
    case Applied:
        return tr("In use");
    case CreatedBy:
        return tr("Created");
    default:
        return {};
    }
}
