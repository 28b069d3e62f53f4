#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// The settings the UI reads and writes, declared once so that the dialog that edits a value and the
// page that uses it cannot disagree on a key or a default. Plain preferences only: secrets belong
// in the OS keychain, never here.
namespace UiSettings {

constexpr int DefaultPageSize = 200;
constexpr int MinimumPageSize = 50;
constexpr int MaximumPageSize = 2000;

// "" = follow the system, otherwise a language code such as "en" or "de". Read once at start-up.
QString language();
void setLanguage(const QString &code);

// View → Appearance: "system" (follow the desktop's palette, the default), "light" or "dark".
QString appearance();
void setAppearance(const QString &scheme);

// Rows fetched per page of the memories grid.
int pageSize();
void setPageSize(int rows);

QByteArray mainWindowGeometry();
void setMainWindowGeometry(const QByteArray &geometry);
QByteArray mainWindowState();
void setMainWindowState(const QByteArray &state);
QByteArray memoriesSplitter();
void setMemoriesSplitter(const QByteArray &state);
// Every other splitter of the window, by a name made of its place in the window (SplitterStates).
QByteArray splitterState(const QString &name);
void setSplitterState(const QString &name, const QByteArray &state);

// The memories grid's filter and sort (MemoryFilter / MemorySort JSON), the search field's mode
// ("text" or "meaning") and the last meaning search, restored at start. Each workspace (its file path
// or server name) keeps its own, so a search typed in one never empties the grid of another; an empty
// workspace is the set shared by all.
QByteArray memoriesFilter(const QString &workspace = {});
void setMemoriesFilter(const QByteArray &json, const QString &workspace = {});
QByteArray memoriesSort(const QString &workspace = {});
void setMemoriesSort(const QByteArray &json, const QString &workspace = {});
QString memoriesSearchMode(const QString &workspace = {});
void setMemoriesSearchMode(const QString &mode, const QString &workspace = {});
QString memoriesMeaningQuery(const QString &workspace = {});
void setMemoriesMeaningQuery(const QString &text, const QString &workspace = {});
// Whether the memories grid shows its Prompt column (hidden by default).
bool memoriesPromptColumn();
void setMemoriesPromptColumn(bool shown);

// File → Open Recent: workspace files, most recent first, at most MaximumRecentWorkspaces.
constexpr int MaximumRecentWorkspaces = 10;
QStringList recentWorkspaces();
void addRecentWorkspace(const QString &path); // moves it to the front
void removeRecentWorkspace(const QString &path);
void clearRecentWorkspaces();

} // namespace UiSettings
