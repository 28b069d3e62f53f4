#include "archetypes/evaluationfailuremodel.h"

#include <QLocale>

#include <algorithm>

namespace {
bool sameFailure(const EvaluationFailure &a, const EvaluationFailure &b)
{
    return a.memoryId == b.memoryId && a.at == b.at;
}
} // namespace

EvaluationFailureModel::EvaluationFailureModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EvaluationFailureModel::setRows(const QList<EvaluationFailure> &rows, int limit)
{
    // The paging state changes with the rows, not before: a view may ask canFetchMore() from the signals.
    const auto settle = [this, &rows, limit] {
        m_fetching = false;
        m_limit = std::max(limit, int(PageSize));
        m_more = rows.size() >= limit;
    };
    // A longer page that starts with what is shown only adds its tail; anything else is a new list.
    const bool extends
        = rows.size() >= m_rows.size() && std::equal(m_rows.cbegin(), m_rows.cend(), rows.cbegin(), sameFailure);
    if (extends) {
        for (int row = 0; row < m_rows.size(); ++row)
            m_rows[row] = rows.at(row); // same failure; attempts or reply may have changed
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        if (rows.size() > m_rows.size()) {
            beginInsertRows({}, int(m_rows.size()), int(rows.size()) - 1);
            m_rows = rows;
            settle();
            endInsertRows();
        } else {
            settle();
        }
        return;
    }
    beginResetModel();
    m_rows = rows;
    settle();
    endResetModel();
}

void EvaluationFailureModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_more = false;
    m_fetching = false;
    m_limit = PageSize;
    endResetModel();
}

int EvaluationFailureModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EvaluationFailureModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool EvaluationFailureModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_more && !m_fetching;
}

void EvaluationFailureModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true; // one request at a time; setRows() answers it
    Q_EMIT moreWanted(int(m_rows.size()) + PageSize);
}

QVariant EvaluationFailureModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const EvaluationFailure &f = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case When:
            return QLocale().toString(f.at.toLocalTime(), QLocale::ShortFormat);
        case Memory:
            return f.memoryId.toString(QUuid::WithoutBraces).left(8);
        case Model:
            return f.model;
        case PromptVersion:
            return f.promptVersion;
        case Attempts:
            return QLocale().toString(f.attempts);
        case Reason:
            return f.reason;
        default:
            return {};
        }
    }
    if (role == SortRole) {
        if (index.column() == When)
            return f.at;
        if (index.column() == Attempts)
            return f.attempts;
        return data(index, Qt::DisplayRole);
    }
    if (role == MemoryIdRole)
        return f.memoryId;
    if (role == RawReplyRole)
        return f.rawReply;
    if (role == ReasonRole)
        return f.reason;
    if (role == Qt::ToolTipRole)
        return index.column() == Memory ? f.memoryId.toString(QUuid::WithoutBraces) : f.reason;
    if (role == Qt::TextAlignmentRole && index.column() == Attempts)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant EvaluationFailureModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When:
        return tr("When");
    case Memory:
        return tr("Memory");
    case Model:
        return tr("Model");
    case PromptVersion:
        return tr("Prompt version");
    case Attempts:
        return tr("Attempts");
    case Reason:
        return tr("Reason");
    default:
        return {};
    }
}
