#include "archetypes/priorityrowmodel.h"

#include "archetypes/archetypeformat.h"

#include <QDateTime>
#include <QLocale>
#include <QVariantList>

#include <algorithm>

PriorityRowModel::PriorityRowModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PriorityRowModel::setRows(const QList<PriorityRow> &rows, int limit)
{
    // The paging state changes with the rows, not before: a view may ask canFetchMore() from the signals.
    const auto settle = [this, &rows, limit] {
        m_fetching = false;
        m_limit = limit;
        m_more = limit > 0 && rows.size() >= limit;
    };
    const bool extends = rows.size() > m_rows.size() && !m_rows.isEmpty()
        && std::equal(m_rows.cbegin(), m_rows.cend(), rows.cbegin(),
            [](const PriorityRow &a, const PriorityRow &b) { return a.memoryId == b.memoryId; });
    if (extends) {
        for (int row = 0; row < m_rows.size(); ++row)
            m_rows[row] = rows.at(row);
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        beginInsertRows({}, int(m_rows.size()), int(rows.size()) - 1);
        m_rows = rows;
        settle();
        endInsertRows();
        return;
    }
    beginResetModel();
    m_rows = rows;
    settle();
    endResetModel();
}

void PriorityRowModel::clear()
{
    setRows({}, 0);
}

int PriorityRowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PriorityRowModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool PriorityRowModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_more && !m_fetching;
}

void PriorityRowModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    Q_EMIT moreWanted(int(m_rows.size()) + PageSize);
}

QVariant PriorityRowModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const PriorityRow &r = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Rank:
            return QLocale().toString(index.row() + 1);
        case Summary:
            return r.summary.isEmpty() ? r.memoryId.toString(QUuid::WithoutBraces).left(8) : r.summary;
        case Contribution:
            return {}; // painted as a stacked bar
        case Stored:
            return ArchetypeFormat::score(r.stored, 3);
        case Decayed:
            return ArchetypeFormat::score(r.decayed, 3);
        case Kind:
            return r.core ? tr("core") : r.longTerm ? tr("long-term") : QString();
        case FallsBelow:
            return r.fallsBelowAt.isValid() ? QLocale().toString(r.fallsBelowAt.toLocalTime(), QLocale::ShortFormat)
                                            : QString();
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Rank:
            return index.row();
        case Stored:
            return r.stored;
        case Decayed:
            return r.decayed;
        case FallsBelow:
            return r.fallsBelowAt;
        case Contribution: {
            double sum = 0;
            for (double c : r.contribution)
                sum += c;
            return sum;
        }
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == ContributionRole) {
        QVariantList values;
        for (double c : r.contribution)
            values << c;
        return values;
    }
    if (role == MemoryIdRole)
        return r.memoryId;
    if (role == Qt::ToolTipRole) {
        if (index.column() == Contribution) {
            QStringList lines;
            for (int a = 0; a < int(r.contribution.size()); ++a)
                lines << tr("%1: %2").arg(
                    ArchetypeFormat::archetypeName(a), ArchetypeFormat::score(r.contribution[std::size_t(a)], 3));
            return lines.join(QLatin1Char('\n'));
        }
        if (index.column() == FallsBelow && r.fallsBelowAt.isValid())
            return tr("In %n days", nullptr, int(QDateTime::currentDateTimeUtc().daysTo(r.fallsBelowAt)));
        return r.summary;
    }
    if (role == Qt::TextAlignmentRole
        && (index.column() == Rank || index.column() == Stored || index.column() == Decayed))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant PriorityRowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Contribution)
        return tr("Each archetype's weighted contribution to the priority, in its colour");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Rank:
        return tr("#");
    case Summary:
        return tr("Memory");
    case Contribution:
        return tr("Contribution");
    case Stored:
        return tr("Stored");
    case Decayed:
        return tr("Decayed");
    case Kind:
        return tr("Kept");
    case FallsBelow:
        return tr("Falls below floor");
    default:
        return {};
    }
}
