#pragma once

#include <QPalette>
#include <QString>
#include <QStringList>

class QMenu;
class QWidget;

// The colour scheme: the desktop's own palette (light or dark, as the system is set), or a light or dark one
// the user picks in View → Appearance. Application-wide; UI thread only.
namespace Appearance {

enum class Scheme { System, Light, Dark };

// How UiSettings stores a scheme: "system", "light", "dark"; anything else reads as System.
QString key(Scheme scheme);
Scheme fromKey(const QString &key);

// The palette a scheme stands for. System: the platform theme's, as it was before any scheme was applied.
QPalette palette(Scheme scheme);
bool isDark(const QPalette &palette);

// Makes `scheme` the application's palette now, for every window, chart and icon: charts take the palette's
// colours (QtCharts keeps its own theme otherwise), and where the icon theme has a light or dark variant
// ("breeze" / "breeze-dark") the one that reads on the new background is chosen.
void apply(Scheme scheme);
Scheme current();

// The icon theme to use with a dark (or light) palette, given the system's theme and the installed ones.
QString iconThemeFor(const QString &systemTheme, bool dark, const QStringList &installed);

// View → Appearance: System / Light / Dark, checked as current(); choosing one applies it and saves it.
QMenu *createMenu(QWidget *parent);

} // namespace Appearance
