#include "window/uisettings.h"

#include <QSettings>

#include <algorithm>

namespace UiSettings {

namespace {
const QString LanguageKey = QStringLiteral("General/language");
const QString PageSizeKey = QStringLiteral("Memories/pageSize");
const QString GeometryKey = QStringLiteral("MainWindow/geometry");
const QString StateKey = QStringLiteral("MainWindow/state");
const QString SplitterKey = QStringLiteral("MemoriesPage/splitter");
const QString FilterKey = QStringLiteral("MemoriesPage/filter");
const QString SortKey = QStringLiteral("MemoriesPage/sort");
const QString SearchModeKey = QStringLiteral("MemoriesPage/searchMode");
const QString MeaningQueryKey = QStringLiteral("MemoriesPage/meaningQuery");
} // namespace

QString language()
{
    return QSettings().value(LanguageKey).toString();
}

void setLanguage(const QString &code)
{
    QSettings().setValue(LanguageKey, code);
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

QByteArray memoriesFilter()
{
    return QSettings().value(FilterKey).toByteArray();
}

void setMemoriesFilter(const QByteArray &json)
{
    QSettings().setValue(FilterKey, json);
}

QByteArray memoriesSort()
{
    return QSettings().value(SortKey).toByteArray();
}

void setMemoriesSort(const QByteArray &json)
{
    QSettings().setValue(SortKey, json);
}

QString memoriesSearchMode()
{
    return QSettings().value(SearchModeKey, QStringLiteral("text")).toString();
}

void setMemoriesSearchMode(const QString &mode)
{
    QSettings().setValue(SearchModeKey, mode);
}

QString memoriesMeaningQuery()
{
    return QSettings().value(MeaningQueryKey).toString();
}

void setMemoriesMeaningQuery(const QString &text)
{
    QSettings().setValue(MeaningQueryKey, text);
}

} // namespace UiSettings
