#include "archetypes/metricdistributionmodel.h"

#include "archetypes/archetypeformat.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

MetricDistributionModel::MetricDistributionModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MetricDistributionModel::setRows(const QList<MetricDistribution> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

QStringList MetricDistributionModel::saturationSentences() const
{
    QStringList sentences;
    for (const MetricDistribution &d : m_rows) {
        if (!d.saturating)
            continue;
        sentences << tr("%1 of %2: %3 of the values are exactly 0 or 1 — the evaluator saturates on this metric.")
                         .arg(ArchetypeFormat::metricTitle(d.archetype, d.metric),
                             ArchetypeFormat::archetypeName(d.archetype), ArchetypeFormat::share(d.shareAtBounds));
    }
    return sentences;
}

int MetricDistributionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MetricDistributionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricDistributionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const MetricDistribution &d = m_rows.at(index.row());
    const bool empty = d.n == 0; // no values: no summary, not zeros
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Metric:
            return ArchetypeFormat::metricTitle(d.archetype, d.metric);
        case Count:
            return QLocale().toString(d.n);
        case Min:
            return empty ? QStringLiteral("–") : ArchetypeFormat::score(d.min);
        case Q1:
            return empty ? QStringLiteral("–") : ArchetypeFormat::score(d.q1);
        case Median:
            return empty ? QStringLiteral("–") : ArchetypeFormat::score(d.median);
        case Q3:
            return empty ? QStringLiteral("–") : ArchetypeFormat::score(d.q3);
        case Max:
            return empty ? QStringLiteral("–") : ArchetypeFormat::score(d.max);
        case Mean:
            return empty ? QStringLiteral("–") : ArchetypeFormat::score(d.mean);
        case StdDev:
            return empty ? QStringLiteral("–") : ArchetypeFormat::score(d.stddev);
        case AtBounds:
            return empty ? QStringLiteral("–") : ArchetypeFormat::share(d.shareAtBounds);
        case Note:
            return d.saturating ? tr("saturates: most values at 0 or 1") : QString();
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Metric:
            return d.metric;
        case Count:
            return d.n;
        case Min:
            return d.min;
        case Q1:
            return d.q1;
        case Median:
            return d.median;
        case Q3:
            return d.q3;
        case Max:
            return d.max;
        case Mean:
            return d.mean;
        case StdDev:
            return d.stddev;
        case AtBounds:
            return d.shareAtBounds;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == SaturatingRole)
        return d.saturating;
    if (role == Qt::TextAlignmentRole && index.column() >= Count && index.column() <= AtBounds)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && d.saturating && (index.column() == Note || index.column() == AtBounds))
        return QBrush(QColor(0x9a, 0x4d, 0x00));
    return {};
}

QVariant MetricDistributionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Metric:
        return tr("Metric");
    case Count:
        return tr("n");
    case Min:
        return tr("Min");
    case Q1:
        return tr("Q1");
    case Median:
        return tr("Median");
    case Q3:
        return tr("Q3");
    case Max:
        return tr("Max");
    case Mean:
        return tr("Mean");
    case StdDev:
        return tr("SD");
    case AtBounds:
        return tr("At 0 or 1");
    case Note:
        return tr("Note");
    default:
        return {};
    }
}
