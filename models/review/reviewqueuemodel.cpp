#include "review/reviewqueuemodel.h"

#include "review/reviewservice.h"

#include <QColor>
#include <QHash>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <utility>

ReviewQueueModel::ReviewQueueModel(ReviewService *service, QObject *parent)
    : QAbstractTableModel(parent)
    , m_service(service)
{
}

QString ReviewQueueModel::stateName(ReviewState state)
{
    switch (state) {
    case ReviewState::Unreviewed:
        return tr("Unreviewed");
    case ReviewState::Mine:
        return tr("Mine");
    case ReviewState::Flagged:
        return tr("Flagged");
    case ReviewState::WaitingLevel2:
        return tr("Waiting for level 2");
    case ReviewState::Decided:
        return tr("Decided");
    }
    return {};
}

QString ReviewQueueModel::decisionName(ReviewDecision decision)
{
    switch (decision) {
    case ReviewDecision::Approve:
        return tr("Approve");
    case ReviewDecision::Reject:
        return tr("Reject");
    case ReviewDecision::Flag:
        return tr("Flag");
    }
    return {};
}

void ReviewQueueModel::setFilter(const ReviewQueueFilter &filter)
{
    m_filter = filter;
    m_limit = PageSize;
    m_pinned.clear();
    beginResetModel();
    m_rows.clear();
    m_full = false;
    m_moreWanted = false;
    endResetModel();
    load(m_limit, false);
    loadCounts();
}

void ReviewQueueModel::reload()
{
    // A reload supersedes a page being fetched (its answer is dropped as stale), so it asks for that page too.
    m_limit = std::max({ m_limit, PageSize, int(m_rows.size()) });
    load(m_limit, true);
    loadCounts();
}

void ReviewQueueModel::load(int limit, bool merge)
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    ReviewQueueFilter filter = m_filter;
    filter.limit = limit;
    m_service->queue(this, filter, [this, generation, limit, merge](const Result<QList<ReviewItem>> &rows) {
        if (generation != m_generation)
            return; // a newer filter or reload asked meanwhile
        m_loading = false;
        if (!rows) {
            Q_EMIT loadFailed(rows.error().message);
            return;
        }
        m_full = rows->size() >= limit;
        if (merge) {
            this->merge(*rows);
        } else {
            // A page beyond the loaded rows: append only what is new (the answer repeats the earlier pages).
            QSet<QUuid> known;
            for (const ReviewItem &item : std::as_const(m_rows))
                known.insert(item.matchId);
            QList<ReviewItem> fresh;
            for (const ReviewItem &item : *rows) {
                if (!known.contains(item.matchId))
                    fresh << item;
            }
            if (!fresh.isEmpty()) {
                beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
                m_rows << fresh;
                endInsertRows();
            }
        }
        Q_EMIT loaded();
        if (std::exchange(m_moreWanted, false))
            fetchMore({});
    });
}

void ReviewQueueModel::loadCounts()
{
    const quint64 generation = ++m_countGeneration;
    m_service->counts(this, m_filter, [this, generation](const Result<ReviewCounts> &counts) {
        if (generation != m_countGeneration || !counts)
            return;
        m_counts = *counts;
        Q_EMIT countsChanged(m_counts);
    });
}

void ReviewQueueModel::merge(const QList<ReviewItem> &answer)
{
    // The rows the operator decided here stay where they were (so K and U find them) even when the filter
    // no longer lists them: each goes back in after the row it followed.
    QList<ReviewItem> rows = answer;
    QSet<QUuid> listed;
    for (const ReviewItem &item : answer)
        listed.insert(item.matchId);
    QUuid previous;
    for (const ReviewItem &old : std::as_const(m_rows)) {
        if (m_pinned.contains(old.matchId) && !listed.contains(old.matchId)) {
            qsizetype at = 0;
            if (!previous.isNull()) {
                for (qsizetype j = 0; j < rows.size(); ++j) {
                    if (rows.at(j).matchId == previous)
                        at = j + 1;
                }
            }
            rows.insert(at, old);
            listed.insert(old.matchId);
        }
        if (listed.contains(old.matchId))
            previous = old.matchId;
    }

    // Walk the target in order: drop rows that left, move or insert rows that came, update the rest in place.
    int i = 0;
    for (const ReviewItem &item : std::as_const(rows)) {
        while (i < m_rows.size() && !listed.contains(m_rows.at(i).matchId)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
            emitJobChanged(i);
        }
        if (i < m_rows.size() && m_rows.at(i).matchId == item.matchId) {
            m_rows[i] = item;
            emitRowChanged(i);
            ++i;
            continue;
        }
        int from = -1;
        for (int j = i + 1; j < m_rows.size() && from < 0; ++j) {
            if (m_rows.at(j).matchId == item.matchId)
                from = j;
        }
        if (from >= 0) {
            beginMoveRows({}, from, from, {}, i);
            m_rows.move(from, i);
            endMoveRows();
            m_rows[i] = item;
            emitRowChanged(i);
        } else {
            beginInsertRows({}, i, i);
            m_rows.insert(i, item);
            endInsertRows();
            emitJobChanged(i + 1);
        }
        ++i;
    }
    if (i < m_rows.size()) {
        beginRemoveRows({}, i, int(m_rows.size()) - 1);
        m_rows.remove(i, m_rows.size() - i);
        endRemoveRows();
    }
}

void ReviewQueueModel::emitJobChanged(int row)
{
    // The job column marks a group's first row: a neighbour's arrival or departure can change that.
    if (row >= 0 && row < m_rows.size())
        Q_EMIT dataChanged(index(row, Job), index(row, Job), { Qt::ForegroundRole, GroupStartRole });
}

void ReviewQueueModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emitJobChanged(row + 1);
}

int ReviewQueueModel::rowOf(const QUuid &matchId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).matchId == matchId)
            return row;
    }
    return -1;
}

void ReviewQueueModel::applyDecision(const ReviewRecord &record)
{
    const int row = rowOf(record.matchId);
    if (row < 0)
        return;
    ReviewItem &item = m_rows[row];
    m_pinned.insert(record.matchId);
    if (record.isUndo()) {
        item.decisions.removeIf([&](const ReviewRecord &earlier) { return earlier.id == record.supersedes; });
        item.state = item.leasedBy.isEmpty() ? ReviewState::Unreviewed : ReviewState::Mine;
    } else {
        item.decisions << record;
        item.state = record.decision == ReviewDecision::Flag && record.level == 1 ? ReviewState::Flagged
                                                                                  : ReviewState::Decided;
    }
    emitRowChanged(row);
}

int ReviewQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ReviewQueueModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_full && !m_loading;
}

void ReviewQueueModel::requestMore()
{
    if (m_loading)
        m_moreWanted = true;
    else
        fetchMore({});
}

void ReviewQueueModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_limit = int(m_rows.size()) + PageSize;
    load(m_limit, false);
}

QVariant ReviewQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReviewItem &item = m_rows.at(index.row());
    const bool groupStart = index.row() == 0 || m_rows.at(index.row() - 1).jobId != item.jobId;
    const QLocale locale;
    switch (role) {
    case MatchIdRole:
        return item.matchId;
    case JobIdRole:
        return item.jobId;
    case StateRole:
        return int(item.state);
    case GroupStartRole:
        return groupStart;
    case BiasRole:
        return item.jobBiasPending;
    case SortRole:
        switch (Column(index.column())) {
        case Rank:
            return item.ranking;
        case Score:
            return item.score;
        case Confidence:
            return item.confidence;
        case State:
            return int(item.state);
        case Job:
            return item.jobTitle;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        if (index.column() == Rank || index.column() == Score || index.column() == Confidence)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        // Grouped by job: the title heads its group in full colour; the rows below it repeat it faintly.
        if (index.column() == Job && !groupStart)
            return QColor(0x9e, 0x9e, 0x9e);
        if (index.column() == Job && item.jobBiasPending)
            return QColor(0xa0, 0x50, 0x1e);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Job)
            return item.jobBiasPending ? tr("%1 — a bias report on this job is waiting for review").arg(item.jobTitle)
                                       : item.jobTitle;
        if (index.column() == Freelancer)
            return item.freelancerTitle;
        return {};
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Job:
            return item.jobBiasPending ? QStringLiteral("⚠ ") + item.jobTitle : item.jobTitle;
        case Rank:
            return item.ranking;
        case Freelancer:
            return item.freelancerName;
        case Score:
            return locale.toString(item.score, 'f', 3);
        case Confidence:
            return locale.toString(item.confidence, 'f', 2);
        case State:
            return stateName(item.state);
        case Decision: {
            if (item.decisions.isEmpty())
                return QString();
            const ReviewRecord &last = item.decisions.constLast();
            const QString text = last.reasonCode.isEmpty()
                ? decisionName(last.decision)
                : tr("%1 (%2)").arg(decisionName(last.decision), last.reasonCode);
            return item.decisions.size() > 1 ? tr("%1 +%2").arg(text).arg(item.decisions.size() - 1) : text;
        }
        case Version:
            return item.modelVersion;
        case Region:
            return item.jobRegion;
        case Category:
            return item.jobCategory;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Job:
        return tr("Job");
    case Rank:
        return tr("Rank");
    case Freelancer:
        return tr("Freelancer");
    case Score:
        return tr("Score");
    case Confidence:
        return tr("Confidence");
    case State:
        return tr("State");
    case Decision:
        return tr("Decision");
    case Version:
        return tr("Version");
    case Region:
        return tr("Region");
    case Category:
        return tr("Category");
    default:
        return {};
    }
}
