#include "fairness/biasqueuemodel.h"

#include "fairness/fairnessformat.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

BiasQueueModel::BiasQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void BiasQueueModel::setItems(const QList<BiasScanItem> &items)
{
    beginResetModel();
    m_items = items;
    endResetModel();
}

void BiasQueueModel::update(const BiasScanItem &item)
{
    for (int row = 0; row < m_items.size(); ++row) {
        const BiasScanItem &held = m_items.at(row);
        const bool same = !item.reportId.isNull()
            ? held.reportId == item.reportId
            : held.entityType == item.entityType && held.entityId == item.entityId;
        if (same) {
            m_items[row] = item;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
}

int BiasQueueModel::rowOfReport(const QUuid &reportId) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).reportId == reportId)
            return row;
    }
    return -1;
}

QString BiasQueueModel::entityLabel(const QString &entityType)
{
    if (entityType == QLatin1String("job"))
        return tr("Job");
    if (entityType == QLatin1String("user"))
        return tr("Freelancer profile");
    if (entityType == QLatin1String("review"))
        return tr("Review");
    return entityType;
}

QString BiasQueueModel::stateLabel(const QString &state)
{
    if (state == QLatin1String("not_checked"))
        return tr("Not checked");
    if (state == QLatin1String("clean"))
        return tr("No bias found");
    if (state == QLatin1String("flagged"))
        return tr("Flagged");
    if (state == QLatin1String("accepted"))
        return tr("Accepted");
    if (state == QLatin1String("dismissed"))
        return tr("Dismissed");
    if (state == QLatin1String("edit_requested"))
        return tr("Edit requested");
    return state;
}

QString BiasQueueModel::categoryLabel(const QString &category)
{
    if (category == QLatin1String("gender_coded_masculine"))
        return tr("Masculine-coded");
    if (category == QLatin1String("gender_coded_feminine"))
        return tr("Feminine-coded");
    if (category == QLatin1String("age_coded"))
        return tr("Age-coded");
    if (category == QLatin1String("exclusionary"))
        return tr("Exclusionary");
    QString label = category;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    return label;
}

int BiasQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int BiasQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BiasQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const BiasScanItem &item = m_items.at(index.row());
    const bool scanned = item.state != QLatin1String("not_checked");
    const QLocale locale;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Entity:
            return entityLabel(item.entityType);
        case Title:
            return item.title.isEmpty() ? item.text.left(80).simplified() : item.title;
        case State:
            return stateLabel(item.state);
        case Categories: {
            QStringList labels;
            for (const QString &category : item.categories)
                labels << categoryLabel(category);
            return labels.join(QStringLiteral(", "));
        }
        case Flags:
            return scanned ? locale.toString(item.spans.size()) : QString();
        case Score:
            return scanned ? FairnessFormat::number(item.score) : QString();
        case Confidence:
            return scanned ? FairnessFormat::number(item.confidence) : QString();
        case Detector:
            return item.detector;
        case Decided:
            return item.decidedAt.isValid()
                ? tr("%1, %2").arg(item.decidedBy, locale.toString(item.decidedAt.toLocalTime(), QLocale::ShortFormat))
                : QString();
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Flags:
            return int(item.spans.size());
        case Score:
            return item.score;
        case Confidence:
            return item.confidence;
        case Decided:
            return item.decidedAt;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == StateRole)
        return item.state;
    if (role == ReportIdRole)
        return item.reportId;
    if (role == Qt::ToolTipRole) {
        if (index.column() == State && !item.error.isEmpty())
            return tr("The last scan failed, so this text is not checked: %1").arg(item.error);
        if (index.column() == Title)
            return item.recommendation.isEmpty() ? QVariant() : QVariant(item.recommendation);
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == State) {
        if (item.state == QLatin1String("flagged"))
            return QBrush(QColor(0xa0, 0x1e, 0x1e));
        if (item.state == QLatin1String("not_checked"))
            return QBrush(QColor(0x6b, 0x6b, 0x6b));
        return {};
    }
    if (role == Qt::TextAlignmentRole
        && (index.column() == Flags || index.column() == Score || index.column() == Confidence))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant BiasQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Entity:
        return tr("Kind");
    case Title:
        return tr("Text");
    case State:
        return tr("State");
    case Categories:
        return tr("Categories");
    case Flags:
        return tr("Spans");
    case Score:
        return tr("Score");
    case Confidence:
        return tr("Confidence");
    case Detector:
        return tr("Detector");
    case Decided:
        return tr("Decided");
    default:
        return {};
    }
}
