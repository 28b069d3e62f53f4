#include "fairness/fairnesshistorymodel.h"

#include "fairness/fairnessformat.h"

#include <QLocale>

FairnessHistoryModel::FairnessHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FairnessHistoryModel::setReports(const QList<FairnessReport> &reports)
{
    beginResetModel();
    m_reports = reports;
    endResetModel();
}

int FairnessHistoryModel::rowOf(const QUuid &id) const
{
    for (int row = 0; row < m_reports.size(); ++row) {
        if (m_reports.at(row).id == id)
            return row;
    }
    return -1;
}

int FairnessHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_reports.size());
}

int FairnessHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FairnessHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_reports.size())
        return {};
    const FairnessReport &report = m_reports.at(index.row());
    const FairnessRequest &request = report.request;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Created:
            return QLocale().toString(report.createdAt.toLocalTime(), QLocale::ShortFormat);
        case Stage:
            return stageLabel(request.stage);
        case Attributes:
            return FairnessFormat::attributesText(request.attributes);
        case Reference:
            return report.referenceGroup;
        case Period:
            return FairnessFormat::periodText(request.from, request.to);
        case MinSize:
            return QLocale().toString(request.minGroupSize);
        case CreatedBy:
            return report.createdBy;
        case Fingerprint:
            return report.dataFingerprint.left(12);
        default:
            return {};
        }
    }
    if (role == SortRole) {
        if (index.column() == Created)
            return report.createdAt;
        if (index.column() == MinSize)
            return request.minGroupSize;
        return data(index, Qt::DisplayRole);
    }
    if (role == IdRole)
        return report.id;
    if (role == Qt::ToolTipRole)
        return index.column() == Fingerprint ? report.dataFingerprint : report.summary.join(QLatin1Char('\n'));
    return {};
}

QVariant FairnessHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Created:
        return tr("Built");
    case Stage:
        return tr("Stage");
    case Attributes:
        return tr("Attribute");
    case Reference:
        return tr("Reference");
    case Period:
        return tr("Period");
    case MinSize:
        return tr("Min. n");
    case CreatedBy:
        return tr("By");
    case Fingerprint:
        return tr("Data fingerprint");
    default:
        return {};
    }
}
