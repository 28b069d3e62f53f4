#include "matching/matchjoblistmodel.h"

#include "matching/matchservice.h"

#include <QLocale>

namespace {
constexpr int PageSize = 500;
}

MatchJobListModel::MatchJobListModel(MatchService *service, QObject *parent)
    : QAbstractTableModel(parent)
    , m_service(service)
{
}

void MatchJobListModel::setFilter(const MatchJobFilter &filter)
{
    m_filter = filter;
    reload();
}

void MatchJobListModel::reload()
{
    load(qMax(PageSize, int(m_rows.size())));
}

void MatchJobListModel::load(int limit)
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    MatchJobFilter filter = m_filter;
    filter.limit = limit;
    m_service->jobs(this, filter, [this, generation, limit](const Result<QList<MatchJobRow>> &rows) {
        if (generation != m_generation)
            return; // a newer filter asked meanwhile
        m_loading = false;
        if (!rows) {
            Q_EMIT loadFailed(rows.error().message);
            return;
        }
        beginResetModel();
        m_rows = *rows;
        m_limit = limit;
        m_full = int(m_rows.size()) >= limit;
        endResetModel();
        Q_EMIT loaded();
    });
}

int MatchJobListModel::rowOf(const QUuid &id) const
{
    for (int row = 0; row < int(m_rows.size()); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

int MatchJobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MatchJobListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool MatchJobListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_full && !m_loading;
}

void MatchJobListModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        load(m_limit + PageSize);
}

QVariant MatchJobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MatchJobRow &job = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return job.id;
    case BiasPendingRole:
        return job.biasPending;
    case Qt::ToolTipRole:
        if (index.column() == Bias && job.biasPending)
            return tr("A bias report on this job requires review and has no decision yet.");
        if (index.column() == Title)
            return tr("Required skills: %1").arg(job.requiredSkills.join(QStringLiteral(", ")));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Budget || index.column() == Proposals)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        if (index.column() == Budget)
            return job.budget;
        if (index.column() == Proposals)
            return job.currentProposals;
        if (index.column() == Bias)
            return job.biasPending ? 1 : 0;
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Title:
            return job.title;
        case Category:
            return job.category;
        case Region:
            return job.region;
        case Budget:
            return QLocale().toString(job.budget, 'f', 0);
        case Level:
            return job.experienceLevel;
        case Status:
            return job.status;
        case Proposals:
            return QLocale().toString(job.currentProposals);
        case Bias:
            return job.biasPending ? tr("Review pending") : QString();
        case ColumnCount:
            break;
        }
        return {};
    default:
        return {};
    }
}

QVariant MatchJobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Title:
        return tr("Job");
    case Category:
        return tr("Category");
    case Region:
        return tr("Region");
    case Budget:
        return tr("Budget");
    case Level:
        return tr("Level");
    case Status:
        return tr("Status");
    case Proposals:
        return tr("Proposals");
    case Bias:
        return tr("Bias");
    case ColumnCount:
        break;
    }
    return {};
}
