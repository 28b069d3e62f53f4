#include "map/clusterlistmodel.h"

#include "core/archetypenames.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

ClusterListModel::ClusterListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ClusterListModel::setClusters(std::vector<MapClusterInfo> infos, const QHash<int, QString> &names, qint64 noise)
{
    beginResetModel();
    m_rows.clear();
    m_keywordNames.clear();
    std::sort(infos.begin(), infos.end(), [](const MapClusterInfo &a, const MapClusterInfo &b) {
        return a.size != b.size ? a.size > b.size : a.cluster < b.cluster;
    });
    for (MapClusterInfo &info : infos) {
        const QString keywords = info.keywords.mid(0, 3).join(QStringLiteral(" · "));
        m_keywordNames.insert(info.cluster, keywords);
        const QString name = names.value(info.cluster, keywords);
        m_rows.push_back({ std::move(info), name, {}, false });
    }
    if (noise > 0) {
        MapClusterInfo info;
        info.cluster = -1;
        info.size = noise;
        info.cohesion = std::nan("");
        m_rows.push_back({ info, tr("Noise (no cluster)"), {}, false });
    }
    endResetModel();
}

void ClusterListModel::setColors(std::function<QRgb(int)> color)
{
    m_color = std::move(color);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, Name), index(rowCount() - 1, Name), { Qt::DecorationRole });
}

void ClusterListModel::setArchetypeMetrics(const std::vector<int> &clusters, const std::vector<float> &metrics)
{
    if (metrics.size() != clusters.size() * Archetypes::MetricCount || m_rows.empty())
        return;
    QHash<int, std::size_t> rowOfCluster;
    for (std::size_t r = 0; r < m_rows.size(); ++r)
        rowOfCluster.insert(m_rows[r].info.cluster, r);
    std::vector<std::array<double, Archetypes::MetricCount>> sums(m_rows.size()), counts(m_rows.size());
    for (std::size_t i = 0; i < clusters.size(); ++i) {
        const auto r = rowOfCluster.constFind(clusters[i]);
        if (r == rowOfCluster.constEnd())
            continue;
        const float *m = metrics.data() + i * Archetypes::MetricCount;
        for (int k = 0; k < Archetypes::MetricCount; ++k) {
            if (std::isfinite(m[k])) {
                sums[*r][std::size_t(k)] += m[k];
                counts[*r][std::size_t(k)] += 1;
            }
        }
    }
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        bool any = false;
        for (std::size_t k = 0; k < Archetypes::MetricCount; ++k) {
            m_rows[r].metricMeans[k] = counts[r][k] > 0 ? sums[r][k] / counts[r][k] : std::nan("");
            any = any || counts[r][k] > 0;
        }
        m_rows[r].hasMetrics = any;
    }
    Q_EMIT dataChanged(index(0, ArchetypeMeans), index(rowCount() - 1, ArchetypeMeans));
}

void ClusterListModel::setName(int cluster, const QString &name)
{
    const int row = rowOf(cluster);
    if (row < 0)
        return;
    m_rows[std::size_t(row)].name = name.isEmpty() ? m_keywordNames.value(cluster) : name;
    Q_EMIT dataChanged(index(row, Name), index(row, Name));
}

int ClusterListModel::clusterAt(int row) const
{
    return row >= 0 && std::size_t(row) < m_rows.size() ? m_rows[std::size_t(row)].info.cluster : -2;
}

int ClusterListModel::rowOf(int cluster) const
{
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].info.cluster == cluster)
            return int(r);
    }
    return -1;
}

QString ClusterListModel::nameOf(int cluster) const
{
    const int row = rowOf(cluster);
    return row < 0 ? QString() : m_rows[std::size_t(row)].name;
}

int ClusterListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClusterListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClusterListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    if (role == ClusterRole)
        return row.info.cluster;
    const int column = index.column();
    if (column == ArchetypeMeans)
        return archetypeData(row, role);
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        if (column == Name)
            return row.name;
        if (column == Size)
            return role == Qt::EditRole ? QVariant(row.info.size) : QVariant(locale.toString(row.info.size));
        if (column == Cohesion)
            return std::isfinite(row.info.cohesion) ? locale.toString(row.info.cohesion, 'f', 3) : QString();
        break;
    case Qt::DecorationRole:
        if (column == Name && m_color)
            return QColor(m_color(row.info.cluster));
        break;
    case Qt::ToolTipRole:
        if (column == Name)
            return row.info.cluster < 0
                ? tr("Points the density clustering left out of every cluster")
                : tr("Cluster %1: %2\nKeywords: %3\nDouble-click to rename.")
                      .arg(row.info.cluster)
                      .arg(row.name, row.info.keywords.join(QStringLiteral(", ")));
        if (column == Cohesion)
            return tr("Mean cosine similarity of the members to their centre (1 = identical)");
        break;
    case Qt::TextAlignmentRole:
        if (column != Name)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant ClusterListModel::archetypeData(const Row &row, int role) const
{
    if (!row.hasMetrics)
        return {};
    std::array<double, Archetypes::Count> means;
    QStringList lines;
    const QLocale locale;
    for (int a = 0; a < Archetypes::Count; ++a) {
        double sum = 0;
        int count = 0;
        QStringList metrics;
        const QStringList names = ArchetypeNames::metricTitles(a);
        for (int m = 0; m < Archetypes::MetricsPerArchetype; ++m) {
            const double v = row.metricMeans[std::size_t(a * Archetypes::MetricsPerArchetype + m)];
            if (std::isfinite(v)) {
                sum += v;
                ++count;
                metrics << QStringLiteral("%1 %2").arg(names.value(m), locale.toString(v, 'f', 2));
            }
        }
        means[std::size_t(a)] = count > 0 ? sum / count : std::nan("");
        lines << (count > 0 ? tr("%1: %2 (%3)").arg(Archetypes::name(a), locale.toString(means[std::size_t(a)], 'f', 2),
                                  metrics.join(QStringLiteral(", ")))
                            : tr("%1: no evaluations").arg(Archetypes::name(a)));
    }
    if (role == MeansRole) {
        QVariantList list;
        for (double m : means)
            list << m;
        return list;
    }
    if (role == Qt::ToolTipRole)
        return tr("Mean archetype metrics over the cluster\n%1").arg(lines.join(QLatin1Char('\n')));
    if (role == Qt::AccessibleTextRole)
        return lines.join(QStringLiteral("; "));
    return {};
}

QVariant ClusterListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        if (section == Name)
            return tr("Cluster");
        if (section == Size)
            return tr("Size");
        if (section == Cohesion)
            return tr("Cohesion");
        if (section == ArchetypeMeans)
            return tr("Archetypes");
    }
    if (role == Qt::ToolTipRole && section == ArchetypeMeans)
        return tr("Mean metrics of each archetype over the cluster, M O D X H R A F from left to right");
    return {};
}

Qt::ItemFlags ClusterListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Name && clusterAt(index.row()) >= 0)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ClusterListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.column() != Name)
        return false;
    const int cluster = clusterAt(index.row());
    if (cluster < 0)
        return false;
    const QString name = value.toString().trimmed();
    // Nothing changes until the store has it: the owner calls setName() then.
    Q_EMIT renameRequested(cluster, name == m_keywordNames.value(cluster) ? QString() : name);
    return false;
}
