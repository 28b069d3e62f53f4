#include "fairness/jobrankingmodel.h"

#include "fairness/fairnessformat.h"

#include <cmath>
#include <limits>

JobRankingModel::JobRankingModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void JobRankingModel::setRanking(const RankingSummary &ranking, int topK)
{
    beginResetModel();
    m_rows = ranking.perJob.worst;
    m_protected = ranking.protectedGroup;
    m_topK = topK;
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void JobRankingModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_protected.clear();
    endResetModel();
}

int JobRankingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JobRankingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobRankingModel::explanation(Column column, const QString &protectedGroup, int topK)
{
    switch (column) {
    case Job:
        return tr("The job whose own ranking is measured");
    case Ranked:
        return tr("How many current proposals the job's ranking holds (all groups together)");
    case Ndkl:
        return tr("NDKL (Geyik et al. 2019): how far each prefix of the job's ranking strays from the groups' shares "
                  "in the whole ranking, weighted towards the top. 0 = every prefix has the same shares; larger is "
                  "worse");
    case Rnd:
        return tr("rND of %1 (Yang & Stoyanovich 2017): the gap between %1's share in the ranking's prefixes and "
                  "its overall share, scaled so that 0 = spread evenly and 1 = all at the top or all at the bottom")
            .arg(protectedGroup);
    case Skew:
        return tr("skew@%1 of %2 (Geyik et al. 2019): ln(share of %2 among the first %1 / its share in the whole "
                  "ranking). 0 = as often in the top %1 as in the ranking, negative = less often, −∞ = absent "
                  "from the top %1")
            .arg(topK)
            .arg(protectedGroup);
    case ExposureToMerit:
        return tr("Exposure/merit ratio of %1 (Singh & Joachims 2018): its mean exposure 1/log2(1 + rank) per mean "
                  "score, against the reference group's in the same job. 1 = exposure in proportion to merit, below "
                  "1 = ranked lower than its scores warrant")
            .arg(protectedGroup);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant JobRankingModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const JobRankingRow &j = m_rows[index.row()];
    const auto value = [&](int column) -> double {
        switch (column) {
        case Ranked:
            return j.ranked;
        case Ndkl:
            return j.ndkl;
        case Rnd:
            return j.rnd;
        case Skew:
            return j.protectedSkew;
        case ExposureToMerit:
            return j.protectedExposureToMerit;
        default:
            return 0;
        }
    };
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Job)
            return j.title.isEmpty() ? j.jobId : j.title;
        if (index.column() == Ranked)
            return j.ranked;
        if (std::isinf(value(index.column())))
            return value(index.column()) < 0 ? QStringLiteral("−∞") : QStringLiteral("∞");
        return FairnessFormat::number(value(index.column()), index.column() == Ndkl || index.column() == Rnd ? 3 : 2);
    case SortRole:
        if (index.column() == Job)
            return j.title.isEmpty() ? j.jobId : j.title;
        // An undefined value sorts as the largest, so ascending lists it last.
        return std::isnan(value(index.column())) ? std::numeric_limits<double>::max() : value(index.column());
    case Qt::ToolTipRole:
        if (index.column() == Job)
            return j.jobId;
        return explanation(Column(index.column()), m_protected, m_topK);
    case Qt::TextAlignmentRole:
        return index.column() == Job ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                     : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant JobRankingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::ToolTipRole)
        return explanation(Column(section), m_protected, m_topK);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Job:
        return tr("Job");
    case Ranked:
        return tr("Ranked");
    case Ndkl:
        return tr("NDKL");
    case Rnd:
        return tr("rND");
    case Skew:
        return tr("skew@%1").arg(m_topK);
    case ExposureToMerit:
        return tr("Exposure/merit");
    case ColumnCount:
        break;
    }
    return {};
}
