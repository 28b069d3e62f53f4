#include "matching/matchcandidatemodel.h"

#include "matching/matchservice.h"

#include <QLocale>

#include <cmath>

MatchCandidateModel::MatchCandidateModel(MatchService *service, QObject *parent)
    : QAbstractTableModel(parent)
    , m_service(service)
{
}

QString MatchCandidateModel::componentName(int component)
{
    switch (component) {
    case compute::Semantic:
        return tr("Semantic");
    case compute::Skills:
        return tr("Skills");
    case compute::Experience:
        return tr("Experience");
    case compute::SuccessRate:
        return tr("Success rate");
    case compute::Region:
        return tr("Region");
    case compute::Budget:
        return tr("Budget");
    default:
        return {};
    }
}

void MatchCandidateModel::showJob(const QUuid &jobId)
{
    show(View::Job, jobId);
}

void MatchCandidateModel::showFreelancer(const QUuid &freelancerId)
{
    show(View::Freelancer, freelancerId);
}

void MatchCandidateModel::clear()
{
    ++m_generation;
    m_loading = false;
    beginResetModel();
    m_view = View::None;
    m_subject = {};
    m_rows.clear();
    endResetModel();
}

void MatchCandidateModel::reload()
{
    if (m_view != View::None)
        show(m_view, m_subject);
}

void MatchCandidateModel::show(View view, const QUuid &id)
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    auto done = [this, generation, view, id](const Result<QList<MatchCandidateRow>> &rows) {
        if (generation != m_generation)
            return;
        m_loading = false;
        if (!rows) {
            Q_EMIT loadFailed(rows.error().message);
            return;
        }
        beginResetModel();
        m_view = view;
        m_subject = id;
        m_rows = *rows;
        endResetModel();
        Q_EMIT loaded();
    };
    if (view == View::Job)
        m_service->candidates(this, id, done);
    else
        m_service->freelancerProposals(this, id, done);
}

void MatchCandidateModel::setVersionParams(const QHash<QString, compute::MatchParams> &params)
{
    m_params = params;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, FirstComponent), index(rowCount() - 1, Outcome - 1), { WeightRole });
}

std::optional<compute::MatchParams> MatchCandidateModel::paramsOf(const QString &version) const
{
    const auto it = m_params.constFind(version);
    if (it == m_params.constEnd())
        return std::nullopt;
    return *it;
}

int MatchCandidateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MatchCandidateModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MatchCandidateModel::outcomeText(const MatchCandidateRow &row) const
{
    // The flags only ever advance: the furthest one says where the match stands.
    if (row.wasHired)
        return tr("hired");
    if (row.wasApplied)
        return tr("applied");
    if (row.wasViewed)
        return tr("viewed");
    return {};
}

QVariant MatchCandidateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MatchCandidateRow &row = m_rows.at(index.row());
    const int column = index.column();
    const bool isComponent = column >= FirstComponent && column < Outcome;
    const int component = column - FirstComponent;
    const QLocale locale;
    switch (role) {
    case MatchIdRole:
        return row.matchId;
    case ComponentRole:
        if (isComponent && !std::isnan(row.components[std::size_t(component)]))
            return row.components[std::size_t(component)];
        return {};
    case WeightRole:
        if (isComponent) {
            if (const auto params = paramsOf(row.modelVersion))
                return params->weights[std::size_t(component)];
        }
        return {};
    case SortRole:
        if (column == Rank)
            return row.ranking;
        if (column == Score)
            return row.score;
        if (column == Confidence)
            return row.confidence;
        if (isComponent)
            return data(index, ComponentRole);
        return data(index, Qt::DisplayRole);
    case Qt::TextAlignmentRole:
        if (column == Rank || column == Score || column == Confidence)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (column == Who)
            return m_view == View::Job ? row.freelancerTitle : row.jobTitle;
        if (column == Rank && row.fromFreelancerRun)
            return tr("Ranked among this freelancer's jobs (a freelancer run), not among the job's candidates.");
        return {};
    case Qt::DisplayRole:
        if (isComponent) {
            const double value = row.components[std::size_t(component)];
            return std::isnan(value) ? QString() : locale.toString(value, 'f', 2);
        }
        switch (Column(column)) {
        case Rank:
            return row.ranking;
        case Who:
            return m_view == View::Job ? row.freelancerName : row.jobTitle;
        case Score:
            return locale.toString(row.score, 'f', 3);
        case Confidence:
            return locale.toString(row.confidence, 'f', 2);
        case Outcome:
            return outcomeText(row);
        case Decision:
            return row.latestDecision;
        case Version:
            return row.modelVersion;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant MatchCandidateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    if (section >= FirstComponent && section < Outcome) {
        const QString name = componentName(section - FirstComponent);
        return role == Qt::DisplayRole ? name : tr("%1: the component's value in 0–1; the bar's mark is its weight").arg(name);
    }
    if (role == Qt::ToolTipRole)
        return {};
    switch (Column(section)) {
    case Rank:
        return tr("Rank");
    case Who:
        return m_view == View::Freelancer ? tr("Job") : tr("Freelancer");
    case Score:
        return tr("Score");
    case Confidence:
        return tr("Confidence");
    case Outcome:
        return tr("Outcome");
    case Decision:
        return tr("Decision");
    case Version:
        return tr("Version");
    default:
        return {};
    }
}
