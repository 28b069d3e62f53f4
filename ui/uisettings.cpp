#include "uisettings.h"

#include <QSettings>

#include <algorithm>

namespace UiSettings {

namespace {
const QString LanguageKey = QStringLiteral("General/language");
const QString PageSizeKey = QStringLiteral("Memories/pageSize");
const QString GeometryKey = QStringLiteral("MainWindow/geometry");
const QString StateKey = QStringLiteral("MainWindow/state");
const QString SplitterKey = QStringLiteral("MemoriesPage/splitter");
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

} // namespace UiSettings
