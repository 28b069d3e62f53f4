#include "archetypes/rankmovemodel.h"

#include "archetypes/archetypeformat.h"

#include <QLocale>

RankMoveModel::RankMoveModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RankMoveModel::setMoves(const QList<RankMove> &moves)
{
    beginResetModel();
    m_moves = moves;
    endResetModel();
}

int RankMoveModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_moves.size());
}

int RankMoveModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RankMoveModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_moves.size())
        return {};
    const RankMove &m = m_moves.at(index.row());
    const QLocale locale;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Summary:
            return m.summary.isEmpty() ? m.memoryId.toString(QUuid::WithoutBraces).left(8) : m.summary;
        case Ranks:
            return tr("%1 → %2").arg(locale.toString(m.rankBefore), locale.toString(m.rankAfter));
        case Priorities:
            return tr("%1 → %2").arg(ArchetypeFormat::score(m.before, 3), ArchetypeFormat::score(m.after, 3));
        case Why:
            return ArchetypeFormat::archetypeName(m.mainArchetype);
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Ranks:
            return m.rankBefore - m.rankAfter;
        case Priorities:
            return m.after - m.before;
        case Why:
            return m.mainArchetype;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Why)
            return tr("%1's weighted contribution changed most").arg(ArchetypeFormat::archetypeName(m.mainArchetype));
        return m.summary;
    }
    if (role == MemoryIdRole)
        return m.memoryId;
    if (role == ArchetypeRole)
        return m.mainArchetype;
    if (role == Qt::TextAlignmentRole && (index.column() == Ranks || index.column() == Priorities))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RankMoveModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Summary:
        return tr("Memory");
    case Ranks:
        return tr("Rank");
    case Priorities:
        return tr("Priority");
    case Why:
        return tr("Why");
    default:
        return {};
    }
}
