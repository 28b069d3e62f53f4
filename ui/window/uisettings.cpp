#include "window/uisettings.h"

#include <QCryptographicHash>
#include <QSettings>

#include <algorithm>

namespace UiSettings {

namespace {
const QString LanguageKey = QStringLiteral("General/language");
const QString AppearanceKey = QStringLiteral("General/appearance");
const QString SplittersGroup = QStringLiteral("Splitters/");
const QString PageSizeKey = QStringLiteral("Memories/pageSize");
const QString GeometryKey = QStringLiteral("MainWindow/geometry");
const QString StateKey = QStringLiteral("MainWindow/state");
const QString SplitterKey = QStringLiteral("MemoriesPage/splitter");
const QString FilterKey = QStringLiteral("MemoriesPage/filter");
const QString SortKey = QStringLiteral("MemoriesPage/sort");
const QString SearchModeKey = QStringLiteral("MemoriesPage/searchMode");
const QString MeaningQueryKey = QStringLiteral("MemoriesPage/meaningQuery");
const QString PromptColumnKey = QStringLiteral("MemoriesPage/promptColumn");
const QString RecentKey = QStringLiteral("Workspaces/recent");

// "MemoriesPage/filter" becomes "MemoriesPage/<hash of the workspace>/filter": a path or a server name
// holds slashes and colons, which QSettings would read as groups.
QString workspaceKey(const QString &key, const QString &workspace)
{
    if (workspace.isEmpty())
        return key;
    const QByteArray hash = QCryptographicHash::hash(workspace.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    return key.left(slash + 1) + QLatin1String("workspace-") + QString::fromLatin1(hash) + key.mid(slash);
}
} // namespace

QString language()
{
    return QSettings().value(LanguageKey).toString();
}

void setLanguage(const QString &code)
{
    QSettings().setValue(LanguageKey, code);
}

QString appearance()
{
    return QSettings().value(AppearanceKey, QStringLiteral("system")).toString();
}

void setAppearance(const QString &scheme)
{
    QSettings().setValue(AppearanceKey, scheme);
}

int pageSize()
{
    bool ok = false;
    const int rows = QSettings().value(PageSizeKey, DefaultPageSize).toInt(&ok);
    // A hand-edited or corrupt value must not make the grid fetch one row or a million at a time.
    return ok ? std::clamp(rows, MinimumPageSize, MaximumPageSize) : DefaultPageSize;
}

void setPageSize(int rows)
{
    QSettings().setValue(PageSizeKey, std::clamp(rows, MinimumPageSize, MaximumPageSize));
}

QByteArray mainWindowGeometry()
{
    return QSettings().value(GeometryKey).toByteArray();
}

void setMainWindowGeometry(const QByteArray &geometry)
{
    QSettings().setValue(GeometryKey, geometry);
}

QByteArray mainWindowState()
{
    return QSettings().value(StateKey).toByteArray();
}

void setMainWindowState(const QByteArray &state)
{
    QSettings().setValue(StateKey, state);
}

QByteArray memoriesSplitter()
{
    return QSettings().value(SplitterKey).toByteArray();
}

void setMemoriesSplitter(const QByteArray &state)
{
    QSettings().setValue(SplitterKey, state);
}

QByteArray splitterState(const QString &name)
{
    return QSettings().value(SplittersGroup + name).toByteArray();
}

void setSplitterState(const QString &name, const QByteArray &state)
{
    QSettings().setValue(SplittersGroup + name, state);
}

QByteArray memoriesFilter(const QString &workspace)
{
    return QSettings().value(workspaceKey(FilterKey, workspace)).toByteArray();
}

void setMemoriesFilter(const QByteArray &json, const QString &workspace)
{
    QSettings().setValue(workspaceKey(FilterKey, workspace), json);
}

QByteArray memoriesSort(const QString &workspace)
{
    return QSettings().value(workspaceKey(SortKey, workspace)).toByteArray();
}

void setMemoriesSort(const QByteArray &json, const QString &workspace)
{
    QSettings().setValue(workspaceKey(SortKey, workspace), json);
}

QString memoriesSearchMode(const QString &workspace)
{
    return QSettings().value(workspaceKey(SearchModeKey, workspace), QStringLiteral("text")).toString();
}

void setMemoriesSearchMode(const QString &mode, const QString &workspace)
{
    QSettings().setValue(workspaceKey(SearchModeKey, workspace), mode);
}

QString memoriesMeaningQuery(const QString &workspace)
{
    return QSettings().value(workspaceKey(MeaningQueryKey, workspace)).toString();
}

void setMemoriesMeaningQuery(const QString &text, const QString &workspace)
{
    QSettings().setValue(workspaceKey(MeaningQueryKey, workspace), text);
}

bool memoriesPromptColumn()
{
    return QSettings().value(PromptColumnKey, false).toBool();
}

void setMemoriesPromptColumn(bool shown)
{
    QSettings().setValue(PromptColumnKey, shown);
}

QStringList recentWorkspaces()
{
    return QSettings().value(RecentKey).toStringList();
}

void addRecentWorkspace(const QString &path)
{
    QStringList recent = recentWorkspaces();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MaximumRecentWorkspaces)
        recent.removeLast();
    QSettings().setValue(RecentKey, recent);
}

void removeRecentWorkspace(const QString &path)
{
    QStringList recent = recentWorkspaces();
    recent.removeAll(path);
    QSettings().setValue(RecentKey, recent);
}

void clearRecentWorkspaces()
{
    QSettings().remove(RecentKey);
}

} // namespace UiSettings
