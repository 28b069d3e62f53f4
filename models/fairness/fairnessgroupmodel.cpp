#include "fairness/fairnessgroupmodel.h"

#include "fairness/fairnessformat.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <cmath>
#include <limits>

FairnessGroupModel::FairnessGroupModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FairnessGroupModel::setReport(const FairnessReport &report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
}

void FairnessGroupModel::clear()
{
    setReport(FairnessReport());
}

bool FairnessGroupModel::hasEqualOpportunity() const
{
    for (const GroupOutcome &g : m_report.groups) {
        if (g.equalOpportunityDiff)
            return true;
    }
    return false;
}

int FairnessGroupModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.groups.size());
}

int FairnessGroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FairnessGroupModel::display(const GroupOutcome &g, int column) const
{
    const QLocale locale;
    if (g.suppressed) {
        // Neither the rate nor the exact n: a group of two beside the total would say who they are.
        switch (column) {
        case Group:
            return g.group;
        case Count:
            return tr("< %1").arg(m_report.request.minGroupSize);
        case Rate:
            return FairnessFormat::suppressed(m_report.request.minGroupSize);
        default:
            return QString();
        }
    }
    switch (column) {
    case Group:
        return g.isReference ? tr("%1 (reference)").arg(g.group) : g.group;
    case Count:
        return locale.toString(g.n);
    case Selected:
        return locale.toString(g.selected);
    case Rate:
        return FairnessFormat::withInterval(g.rate, g.rateLow, g.rateHigh);
    case ImpactRatio:
        return g.isReference ? FairnessFormat::number(1.0)
                             : FairnessFormat::withInterval(g.impactRatio, g.impactLow, g.impactHigh);
    case FourFifths:
        return FairnessFormat::flagText(g);
    case ParityDifference:
        return g.isReference ? QString() : FairnessFormat::signedNumber(g.parityDifference);
    case PValue:
        return g.isReference ? QString() : FairnessFormat::pValue(g.pValue);
    case PAdjusted:
        return g.isReference ? QString() : FairnessFormat::pValue(g.pAdjusted);
    case EqualOpportunity:
        return g.equalOpportunityDiff ? FairnessFormat::signedNumber(*g.equalOpportunityDiff) : QString();
    default:
        return {};
    }
}

QVariant FairnessGroupModel::sortValue(const GroupOutcome &g, int column) const
{
    if (column == Group)
        return g.group;
    if (g.suppressed)
        return std::numeric_limits<double>::infinity(); // never between two real numbers
    switch (column) {
    case Count:
        return double(g.n);
    case Selected:
        return double(g.selected);
    case Rate:
        return g.rate;
    case ImpactRatio:
        return g.impactRatio;
    case FourFifths:
        return g.fourFifthsFlag ? 1.0 : 0.0;
    case ParityDifference:
        return g.parityDifference;
    case PValue:
        return g.pValue;
    case PAdjusted:
        return g.pAdjusted;
    case EqualOpportunity:
        return g.equalOpportunityDiff.value_or(std::numeric_limits<double>::infinity());
    default:
        return {};
    }
}

QString FairnessGroupModel::toolTip(const GroupOutcome &g, int column) const
{
    if (g.suppressed)
        return tr("Fewer than %1 people in this group at this stage: no figure is shown, so nobody in it can be "
                  "singled out, and it is not used as the reference.")
            .arg(m_report.request.minGroupSize);
    switch (column) {
    case Rate:
        return tr("Selected %1 of %2; 95 % Wilson interval.").arg(g.selected).arg(g.n);
    case ImpactRatio:
        return g.isReference ? tr("The reference group.")
                             : tr("This group's rate over the reference group's rate (%1); 95 % Katz log interval. "
                                  "Percentile bootstrap (2,000 resamples): %2.")
                                   .arg(m_report.referenceGroup,
                                       QStringLiteral("%1–%2").arg(FairnessFormat::number(g.bootstrapLow),
                                           FairnessFormat::number(g.bootstrapHigh)));
    case FourFifths:
        return tr("Flagged when the ratio lies outside the fair band 0.8–1.25 (the four-fifths rule, 29 CFR "
                  "1607.4(D)).");
    case PValue:
    case PAdjusted:
        return g.test == QLatin1String("fisher")
            ? tr("Fisher's exact test against the reference, two-sided; adjusted by Holm across the groups.")
            : tr("Pearson's χ² test against the reference; adjusted by Holm across the groups.");
    case EqualOpportunity:
        return tr("Difference in the rate among those eventually hired (Hardt, Price & Srebro 2016).");
    default:
        return QString();
    }
}

QVariant FairnessGroupModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_report.groups.size())
        return {};
    const GroupOutcome &g = m_report.groups.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(g, index.column());
    case SortRole:
        return sortValue(g, index.column());
    case SuppressedRole:
        return g.suppressed;
    case FlaggedRole:
        return !g.suppressed && g.fourFifthsFlag;
    case ReferenceRole:
        return g.isReference;
    case Qt::ToolTipRole:
        return toolTip(g, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == Group || index.column() == FourFifths || g.suppressed)
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (g.suppressed)
            return QBrush(QColor(0x6b, 0x6b, 0x6b));
        if (index.column() == FourFifths && g.fourFifthsFlag)
            return QBrush(QColor(0xa0, 0x1e, 0x1e));
        return {};
    case Qt::BackgroundRole:
        if (!g.suppressed && g.fourFifthsFlag && (index.column() == FourFifths || index.column() == ImpactRatio))
            return QBrush(QColor(0xfb, 0xe3, 0xe0));
        return {};
    case Qt::FontRole:
        if (g.isReference || g.suppressed) {
            QFont font;
            font.setBold(g.isReference);
            font.setItalic(g.suppressed);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant FairnessGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Group:
            return tr("Group");
        case Count:
            return tr("n");
        case Selected:
            return tr("Selected");
        case Rate:
            return tr("Selection rate (95 % CI)");
        case ImpactRatio:
            return tr("Impact ratio (95 % CI)");
        case FourFifths:
            return tr("Four-fifths");
        case ParityDifference:
            return tr("Parity difference");
        case PValue:
            return tr("p");
        case PAdjusted:
            return tr("p (Holm)");
        case EqualOpportunity:
            return tr("Equal opportunity");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && section == Count)
        return tr("People at this stage's input in the group");
    return {};
}
