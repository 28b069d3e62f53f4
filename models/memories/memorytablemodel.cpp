#include "memories/memorytablemodel.h"

#include "db/databaseworker.h"
#include "memories/memorymaintenance.h"

#include <QColor>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

MemoryTableModel::MemoryTableModel(DatabaseWorker *worker, QObject *parent)
    : QAbstractTableModel(parent)
    , m_worker(worker)
    , m_now(QDateTime::currentDateTimeUtc())
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(150);
    connect(&m_refreshTimer, &QTimer::timeout, this, &MemoryTableModel::refresh);
    connect(worker, &DatabaseWorker::changed, this, [this](const ChangeNotice &notice) {
        if (notice.table == QLatin1String("memories") || notice.table == QLatin1String("evaluations")
            || notice.table == QLatin1String("links"))
            m_refreshTimer.start();
    });
    connect(worker, &DatabaseWorker::reconnected, this, &MemoryTableModel::refresh);
}

std::optional<MemorySortKey> MemoryTableModel::sortKeyOf(int column)
{
    switch (column) {
    case Created:
        return MemorySortKey::Created;
    case Summary:
        return MemorySortKey::Summary;
    case Session:
        return MemorySortKey::Session;
    case User:
        return MemorySortKey::User;
    case Tone:
        return MemorySortKey::Tone;
    case Priority:
        return MemorySortKey::Priority;
    case LastAccessed:
        return MemorySortKey::LastAccessed;
    default:
        return std::nullopt;
    }
}

int MemoryTableModel::columnOf(MemorySortKey key)
{
    if (key == MemorySortKey::Relevance)
        return -1;
    for (int column = 0; column < ColumnCount; ++column) {
        if (sortKeyOf(column) == key)
            return column;
    }
    return Created;
}

namespace {
// The first non-empty line of `text`, trimmed.
QString firstLine(const QString &text)
{
    for (const QStringView line : QStringView(text).split(u'\n')) {
        const QStringView trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            return trimmed.toString();
    }
    return {};
}
} // namespace

QUuid MemoryTableModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].id : QUuid();
}

int MemoryTableModel::rowOf(const QUuid &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == id)
            return int(i);
    }
    return -1;
}

int MemoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MemoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QDateTime MemoryTableModel::decayedSince(const MemoryRow &row) const
{
    return MemoryMaintenance::decayedSince(row.lastAccessed, m_lastDecay.value(row.id));
}

double MemoryTableModel::effectivePriority(const MemoryRow &row) const
{
    const double base = row.priorityOverride.value_or(row.priority);
    return Archetypes::decayedPriority(base, decayedSince(row), m_now, row.longTerm, row.core);
}

Result<MemoryTableModel::Loaded> MemoryTableModel::withLastDecay(Repository &repository, Result<MemoryQueryPage> page)
{
    if (!page)
        return page.error();
    QList<QUuid> ids;
    ids.reserve(page->rows.size());
    for (const MemoryRow &row : std::as_const(page->rows))
        ids << row.id;
    Result<QHash<QUuid, QDateTime>> passes = MemoryMaintenance::lastDecayPasses(repository, ids);
    if (!passes)
        return passes.error();
    return Loaded { std::move(*page), std::move(*passes) };
}

Result<MemoryTableModel::LoadedSimilar> MemoryTableModel::withLastDecay(
    Repository &repository, Result<QList<SimilarMemory>> found)
{
    if (!found)
        return found.error();
    QList<QUuid> ids;
    ids.reserve(found->size());
    for (const SimilarMemory &s : std::as_const(*found))
        ids << s.row.id;
    Result<QHash<QUuid, QDateTime>> passes = MemoryMaintenance::lastDecayPasses(repository, ids);
    if (!passes)
        return passes.error();
    return LoadedSimilar { std::move(*found), std::move(*passes) };
}

QVariant MemoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const MemoryRow &row = m_rows[index.row()];
    if (role == IdRole)
        return row.id;
    if (role == RawPriorityRole)
        return row.priorityOverride.value_or(row.priority);
    if (role == SimilarityRole)
        return m_similarity.contains(row.id) ? QVariant(m_similarity.value(row.id)) : QVariant();
    const QLocale locale;
    const auto yesNo = [](bool value) { return value ? tr("Yes") : QString(); };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Created:
            return locale.toString(row.createdAt.toLocalTime(), QLocale::ShortFormat);
        case Summary:
            return row.summary.isEmpty() ? firstLine(row.replyStart) : row.summary;
        case Prompt:
            return firstLine(row.promptStart);
        case Session:
            return row.sessionId;
        case User:
            return row.userId;
        case Tags:
            return row.tags.join(QLatin1String(", "));
        case Tone:
            return row.tone;
        case Priority:
            return QString::number(effectivePriority(row), 'f', 3);
        case LongTerm:
            return yesNo(row.longTerm);
        case Core:
            return yesNo(row.core);
        case Archived:
            return row.archivedAt.isValid() ? locale.toString(row.archivedAt.toLocalTime().date(), QLocale::ShortFormat)
                                            : QString();
        case TopArchetype:
            return row.topArchetype ? Archetypes::name(*row.topArchetype) : QString();
        case LastAccessed:
            return row.lastAccessed.isValid() ? locale.toString(row.lastAccessed.toLocalTime(), QLocale::ShortFormat)
                                              : QString();
        case Similarity:
            return m_similarity.contains(row.id) ? locale.toString(m_similarity.value(row.id), 'f', 3) : QString();
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Created:
            return row.createdAt;
        case Priority:
            return effectivePriority(row);
        case LastAccessed:
            return row.lastAccessed;
        case Similarity:
            return m_similarity.value(row.id, 0.0);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        if (index.column() == Priority) {
            const double raw = row.priorityOverride.value_or(row.priority);
            if (row.longTerm || row.core)
                return tr("Stored priority %1; long-term and core memories do not decay.").arg(raw, 0, 'f', 3);
            const QDateTime pass = m_lastDecay.value(row.id);
            if (pass.isValid() && decayedSince(row) == pass)
                return tr("Stored priority %1 (as of the decay pass on %2), decayed to %3 since then%4.")
                    .arg(raw, 0, 'f', 3)
                    .arg(locale.toString(pass.toLocalTime(), QLocale::ShortFormat))
                    .arg(effectivePriority(row), 0, 'f', 3)
                    .arg(row.priorityOverride ? tr(" (manual override)") : QString());
            return tr("Stored priority %1, decayed to %2 since last access%3.")
                .arg(raw, 0, 'f', 3)
                .arg(effectivePriority(row), 0, 'f', 3)
                .arg(row.priorityOverride ? tr(" (manual override)") : QString());
        }
        if (index.column() == Summary)
            return row.summary.isEmpty() ? tr("No summary; the reply begins: %1").arg(row.replyStart.trimmed())
                                         : row.summary;
        if (index.column() == Prompt)
            return row.promptStart.trimmed();
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Priority || index.column() == Similarity)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (row.archivedAt.isValid())
            return QColor(Qt::gray);
        // A reply standing in for a missing summary reads as such, not as a summary someone wrote.
        if (index.column() == Summary && row.summary.isEmpty())
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        break;
    }
    return {};
}

QVariant MemoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        if (section == Priority)
            return tr("Priority after the decay since the last access or the last decay pass, whichever is later; "
                      "sorting uses the stored priority (or its manual override).");
        if (section == Similarity)
            return tr("Cosine similarity to the search, 1 = the same direction.");
        if (!sortKeyOf(section) && !m_similarMode)
            return tr("This column cannot be sorted.");
        return {};
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Created:
        return tr("Created");
    case Summary:
        return tr("Summary");
    case Prompt:
        return tr("Prompt");
    case Session:
        return tr("Session");
    case User:
        return tr("User");
    case Tags:
        return tr("Tags");
    case Tone:
        return tr("Tone");
    case Priority:
        return tr("Priority");
    case LongTerm:
        return tr("Long-term");
    case Core:
        return tr("Core");
    case Archived:
        return tr("Archived");
    case TopArchetype:
        return tr("Top archetype");
    case LastAccessed:
        return tr("Last accessed");
    case Similarity:
        return tr("Similarity");
    }
    return {};
}
