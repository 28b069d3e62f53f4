#include "archetypes/driftalarmmodel.h"

#include "archetypes/archetypeformat.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>

DriftAlarmModel::DriftAlarmModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DriftAlarmModel::setRows(const QList<DriftRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int DriftAlarmModel::alarmCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const DriftRow &r) { return r.alarm; }));
}

int DriftAlarmModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DriftAlarmModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DriftAlarmModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const DriftRow &r = m_rows.at(index.row());
    const QLocale locale;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Archetype:
            return ArchetypeFormat::archetypeName(r.archetype);
        case Metric:
            return ArchetypeFormat::metricTitle(r.archetype, r.metric);
        case Version:
            return ArchetypeFormat::version(r.model, r.promptVersion);
        case Baseline:
            return tr("%1 (n %2)").arg(ArchetypeFormat::score(r.meanBaseline), locale.toString(r.nBaseline));
        case Recent:
            return tr("%1 (n %2)").arg(ArchetypeFormat::score(r.meanRecent), locale.toString(r.nRecent));
        case MeanShift:
            return tr("%1 SD").arg(ArchetypeFormat::signedScore(r.meanShiftSd));
        case Ks:
            return ArchetypeFormat::score(r.ks, 3);
        case PValue:
            return ArchetypeFormat::pValue(r.pValue);
        case Strength:
            return ArchetypeFormat::score(r.strength, 3);
        case Alarm:
            return r.alarm ? tr("alarm") : QString();
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Archetype:
            return r.archetype;
        case Metric:
            return r.metric;
        case Baseline:
            return r.meanBaseline;
        case Recent:
            return r.meanRecent;
        case MeanShift:
            return r.meanShiftSd;
        case Ks:
            return r.ks;
        case PValue:
            return r.pValue;
        case Strength:
            return r.strength;
        case Alarm:
            return r.alarm;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == AlarmRole)
        return r.alarm;
    if (role == Qt::TextAlignmentRole && index.column() >= Baseline && index.column() <= Strength)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Alarm && r.alarm)
        return QBrush(QColor(0xb0, 0x00, 0x20));
    if (role == Qt::ToolTipRole) {
        return tr("%1, %2 (%3): mean %4 → %5 (%6 SD), KS D %7, p %8")
            .arg(ArchetypeFormat::archetypeName(r.archetype), ArchetypeFormat::metricTitle(r.archetype, r.metric),
                ArchetypeFormat::version(r.model, r.promptVersion), ArchetypeFormat::score(r.meanBaseline, 3),
                ArchetypeFormat::score(r.meanRecent, 3), ArchetypeFormat::signedScore(r.meanShiftSd),
                ArchetypeFormat::score(r.ks, 3), ArchetypeFormat::pValue(r.pValue));
    }
    return {};
}

QVariant DriftAlarmModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Archetype:
        return tr("Archetype");
    case Metric:
        return tr("Metric");
    case Version:
        return tr("Model · prompt");
    case Baseline:
        return tr("Baseline mean");
    case Recent:
        return tr("Recent mean");
    case MeanShift:
        return tr("Mean shift");
    case Ks:
        return tr("KS D");
    case PValue:
        return tr("p");
    case Strength:
        return tr("Strength");
    case Alarm:
        return tr("Alarm");
    default:
        return {};
    }
}
