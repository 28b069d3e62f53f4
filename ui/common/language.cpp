#include "common/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Language {

namespace {
const QString CataloguePath = QStringLiteral(":/i18n"); // qt_add_translations' RESOURCE_PREFIX

bool installCatalogue(QCoreApplication *app, const QLocale &locale, const QString &name, const QString &path)
{
    auto *translator = new QTranslator(app);
    if (translator->load(locale, name, QStringLiteral("_"), path) && QCoreApplication::installTranslator(translator))
        return true;
    delete translator;
    return false;
}
} // namespace

QLocale chosenLocale(const QString &configured)
{
    const QLocale locale = configured.isEmpty() ? QLocale::system() : QLocale(configured);
    if (locale.language() == QLocale::C || locale.language() == QLocale::AnyLanguage)
        return QLocale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

QLocale install(QCoreApplication *app, const QString &configured)
{
    const QLocale locale = chosenLocale(configured);
    QLocale::setDefault(locale);
    // Catalogues installed later are searched first: English is the fallback under the chosen one.
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    installCatalogue(app, english, QStringLiteral("sextant"), CataloguePath);
    if (locale.language() != QLocale::English) {
        installCatalogue(app, locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
        installCatalogue(app, locale, QStringLiteral("sextant"), CataloguePath);
    }
    return locale;
}

} // namespace Language
