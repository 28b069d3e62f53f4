#include "review/agreementmodels.h"

#include <QLocale>

#include <cmath>

QString formatAgreement(double value, int decimals)
{
    return std::isnan(value) ? QStringLiteral("—") : QLocale().toString(value, 'f', decimals);
}

QString formatInterval(double low, double high)
{
    if (std::isnan(low) || std::isnan(high))
        return QStringLiteral("—");
    return QStringLiteral("[%1, %2]").arg(formatAgreement(low), formatAgreement(high));
}

void PairAgreementModel::setReport(const AgreementReport &report)
{
    beginResetModel();
    m_rows = report.pairs;
    endResetModel();
}

int PairAgreementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PairAgreementModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PairAgreementModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PairAgreement &pair = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() >= Items)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == SortRole) {
        switch (Column(index.column())) {
        case Items:
            return pair.items;
        case Kappa:
        case Interval:
            return std::isnan(pair.kappa) ? -2.0 : pair.kappa;
        default:
            break;
        }
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (Column(index.column())) {
    case ReviewerA:
        return pair.reviewerA;
    case ReviewerB:
        return pair.reviewerB;
    case Items:
        return QLocale().toString(pair.items);
    case Kappa:
        return formatAgreement(pair.kappa);
    case Interval:
        return formatInterval(pair.low, pair.high);
    default:
        return {};
    }
}

QVariant PairAgreementModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case ReviewerA:
        return tr("Reviewer");
    case ReviewerB:
        return tr("Second reviewer");
    case Items:
        return tr("Items");
    case Kappa:
        return tr("Cohen's κ");
    case Interval:
        return tr("95 % interval");
    default:
        return {};
    }
}

void ReviewerStatsModel::setReport(const AgreementReport &report)
{
    beginResetModel();
    m_rows = report.reviewers;
    endResetModel();
}

int ReviewerStatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewerStatsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewerStatsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReviewerStats &stats = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() != Reviewer)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const QLocale locale;
    if (role == SortRole) {
        switch (Column(index.column())) {
        case Reviewer:
            return stats.reviewer;
        case Decisions:
            return stats.decisions;
        case PerHour:
            return stats.perHour;
        case ApprovalRate:
            return stats.approvalRate;
        case Level2Compared:
            return stats.level2Compared;
        case Level2Agreement:
            return std::isnan(stats.level2Agreement) ? -1.0 : stats.level2Agreement;
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Reviewer:
        return stats.reviewer;
    case Decisions:
        return locale.toString(stats.decisions);
    case PerHour:
        return locale.toString(stats.perHour, 'f', 1);
    case ApprovalRate:
        return tr("%1 %").arg(locale.toString(stats.approvalRate * 100, 'f', 0));
    case Level2Compared:
        return locale.toString(stats.level2Compared);
    case Level2Agreement:
        return std::isnan(stats.level2Agreement) || stats.level2Compared == 0
            ? QStringLiteral("—")
            : tr("%1 %").arg(locale.toString(stats.level2Agreement * 100, 'f', 0));
    default:
        return {};
    }
}

QVariant ReviewerStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Reviewer:
        return tr("Reviewer");
    case Decisions:
        return tr("Decisions");
    case PerHour:
        return tr("Per hour");
    case ApprovalRate:
        return tr("Approved");
    case Level2Compared:
        return tr("Seen by level 2");
    case Level2Agreement:
        return tr("Level 2 agreed");
    default:
        return {};
    }
}
