#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

// The interface language: which catalogues are installed and which locale formats dates and numbers.
// Sextant's source strings carry plural placeholders ("%n row(s)"); the English catalogue turns them
// into "1 row" / "2 rows", so it is installed whatever the system says, even C/POSIX or a language
// Sextant has no catalogue for, and the chosen language's catalogue goes over it.
namespace Language {

// The locale of a language code as UiSettings::language() stores it ("" = the system's). The C/POSIX
// locale counts as English (United States): it has no month names or digit grouping of its own, and
// the text is English anyway.
QLocale chosenLocale(const QString &configured);

// Makes chosenLocale(configured) the default locale (QLocale() everywhere formats with it) and installs
// Qt's and Sextant's catalogues for it, owned by `app`. Call once, before any window is built: charts
// and views take the default locale when they are made. Returns the locale it chose.
QLocale install(QCoreApplication *app, const QString &configured);

} // namespace Language
