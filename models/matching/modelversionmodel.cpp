#include "matching/modelversionmodel.h"

#include "matching/matchservice.h"

#include <QFont>
#include <QLocale>

namespace {
QString shortTime(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

// The table shows the day; the tool tip has the time.
QString shortDate(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime().date(), QLocale::ShortFormat) : QString();
}
} // namespace

ModelVersionModel::ModelVersionModel(MatchService *service, QObject *parent)
    : QAbstractTableModel(parent)
    , m_service(service)
{
    connect(m_service, &MatchService::versionsChanged, this, &ModelVersionModel::reload);
}

void ModelVersionModel::setModelType(const QString &modelType)
{
    if (modelType == m_modelType)
        return;
    m_modelType = modelType;
    beginResetModel();
    m_rows.clear(); // another type's rows must not show under this type's name while it loads
    endResetModel();
    reload();
}

void ModelVersionModel::reload()
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    m_service->versions(this, m_modelType, [this, generation](const Result<QList<RegistryVersion>> &versions) {
        if (generation != m_generation)
            return; // another type was chosen, or the versions changed again, meanwhile
        m_loading = false;
        if (!versions) {
            Q_EMIT loadFailed(tr("Could not load the model versions: %1").arg(versions.errorMessage()));
            return;
        }
        beginResetModel();
        m_rows = *versions;
        endResetModel();
        Q_EMIT loaded();
    });
}

int ModelVersionModel::rowOf(const QUuid &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

QString ModelVersionModel::weightsSummary(const RegistryVersion &version)
{
    const Result<compute::MatchParams> params = paramsFromJson(version.parameters);
    if (!params)
        return {};
    const QLocale locale;
    QStringList parts;
    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        parts << tr("%1 %2").arg(componentKeys()[std::size_t(c)],
            locale.toString(params->weights[std::size_t(c)], 'g', 2)); // the tool tip has them exactly
    }
    return parts.join(QStringLiteral(" · "));
}

int ModelVersionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ModelVersionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelVersionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const RegistryVersion &v = m_rows.at(index.row());
    if (role == IdRole)
        return v.id;
    const Result<compute::MatchParams> params = paramsFromJson(v.parameters);
    if (role == Qt::TextAlignmentRole)
        return index.column() == Threshold || index.column() == TopK ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                     : QVariant();
    if (role == Qt::FontRole && v.isActive && (index.column() == Version || index.column() == Active)) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Version:
            return v.version;
        case Active:
            return v.isActive;
        case Deployed:
            return v.deployedAt;
        case Retired:
            return v.retiredAt;
        case CreatedBy:
            return v.createdBy;
        case Weights:
            return weightsSummary(v);
        case Threshold:
            return params ? QVariant(params->threshold) : QVariant();
        case TopK:
            return params ? QVariant(params->topK) : QVariant();
        case Notes:
            return v.notes;
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Notes && !v.notes.isEmpty())
            return v.notes;
        if (index.column() == Weights) {
            if (!params)
                return tr("This version holds no matching weights.");
            QStringList lines;
            for (int c = 0; c < compute::MatchComponentCount; ++c)
                lines << tr("%1: %2").arg(
                    componentKeys()[std::size_t(c)], QLocale().toString(params->weights[std::size_t(c)], 'f', 4));
            return lines.join(QLatin1Char('\n'));
        }
        if (index.column() == Deployed && v.deployedAt.isValid())
            return tr("Deployed %1").arg(shortTime(v.deployedAt));
        if (index.column() == Retired && v.retiredAt.isValid())
            return tr("Retired %1").arg(shortTime(v.retiredAt));
        if (index.column() == Version)
            return tr("%1, created %2").arg(v.version, shortTime(v.createdAt));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case Version:
        return v.version;
    case Active:
        return v.isActive ? tr("Active") : v.isDraft() ? tr("Draft") : QString();
    case Deployed:
        return shortDate(v.deployedAt);
    case Retired:
        return shortDate(v.retiredAt);
    case CreatedBy:
        return v.createdBy;
    case Weights:
        return params ? weightsSummary(v) : tr("—");
    case Threshold:
        return params ? locale.toString(params->threshold, 'f', 2) : QString();
    case TopK:
        return params ? locale.toString(params->topK) : QString();
    case Notes:
        return v.notes.simplified();
    }
    return {};
}

QVariant ModelVersionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Version:
        return tr("Version");
    case Active:
        return tr("Active");
    case Deployed:
        return tr("Deployed");
    case Retired:
        return tr("Retired");
    case CreatedBy:
        return tr("Created by");
    case Weights:
        return tr("Weights");
    case Threshold:
        return tr("Threshold");
    case TopK:
        return tr("Top-k");
    case Notes:
        return tr("Notes");
    }
    return {};
}
