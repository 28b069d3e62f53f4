#include "window/appearance.h"

#include "window/uisettings.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMenu>
#include <QStyle>
#include <QStyleFactory>

#include <memory>
#include <optional>

namespace Appearance {

namespace {
Scheme g_current = Scheme::System;
const QColor SelectionBlue(0x1f, 0x66, 0xc2);
// What the desktop gave before Sextant set anything: System goes back to these.
std::optional<QPalette> g_systemPalette;
QString g_systemIconTheme;

void rememberSystem()
{
    if (g_systemPalette)
        return;
    g_systemPalette = QGuiApplication::palette();
    g_systemIconTheme = QIcon::themeName();
}

QPalette lightPalette()
{
    // Fusion's palette: the neutral light one Qt draws its own widgets with.
    static const QPalette light = [] {
        const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        QPalette p = fusion ? fusion->standardPalette() : QPalette(QColor(0xef, 0xef, 0xef));
        // Fusion's blue gives white selected text only 3.7:1; this one 5.9:1.
        p.setColor(QPalette::Active, QPalette::Highlight, SelectionBlue);
        p.setColor(QPalette::Inactive, QPalette::Highlight, SelectionBlue);
        return p;
    }();
    return light;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, QColor(0x2d, 0x2d, 0x30));
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x20));
    p.setColor(QPalette::AlternateBase, QColor(0x28, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3e));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3e));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x55, 0x55, 0x5a));
    p.setColor(QPalette::Midlight, QColor(0x46, 0x46, 0x4b));
    p.setColor(QPalette::Mid, QColor(0x5c, 0x5c, 0x62));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    p.setColor(QPalette::Highlight, SelectionBlue);
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::Link, QColor(0x78, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xc0, 0x9a, 0xff));
    for (QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x55));
    return p;
}

QStringList installedIconThemes()
{
    QStringList themes;
    for (const QString &path : QIcon::themeSearchPaths()) {
        const QDir dir(path);
        for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            if (QFileInfo::exists(dir.filePath(name + QLatin1String("/index.theme"))))
                themes << name;
        }
    }
    return themes;
}
} // namespace

QString key(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Light:
        return QStringLiteral("light");
    case Scheme::Dark:
        return QStringLiteral("dark");
    case Scheme::System:
        break;
    }
    return QStringLiteral("system");
}

Scheme fromKey(const QString &key)
{
    if (key == QLatin1String("light"))
        return Scheme::Light;
    if (key == QLatin1String("dark"))
        return Scheme::Dark;
    return Scheme::System;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

QPalette palette(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Light:
        return lightPalette();
    case Scheme::Dark:
        return darkPalette();
    case Scheme::System:
        break;
    }
    rememberSystem();
    return g_current == Scheme::System ? QGuiApplication::palette() : *g_systemPalette;
}

QString iconThemeFor(const QString &systemTheme, bool dark, const QStringList &installed)
{
    QString base = systemTheme;
    if (base.endsWith(QLatin1String("-dark"), Qt::CaseInsensitive))
        base.chop(5);
    if (!dark)
        return installed.contains(base) ? base : systemTheme;
    for (const QString &variant : { QString(base + QLatin1String("-dark")), QString(base + QLatin1String("-Dark")) }) {
        if (installed.contains(variant))
            return variant;
    }
    return systemTheme;
}

void apply(Scheme scheme)
{
    rememberSystem();
    g_current = scheme;
    if (scheme == Scheme::System) {
        // An empty palette resolves to the platform's again, so later changes of the desktop's scheme follow.
        QApplication::setPalette(QPalette());
        QIcon::setThemeName(g_systemIconTheme);
        return;
    }
    const QPalette chosen = palette(scheme);
    QApplication::setPalette(chosen);
    // Dark glyphs of a light icon theme vanish on a dark window: take the theme's other variant where there is one.
    QIcon::setThemeName(iconThemeFor(g_systemIconTheme, isDark(chosen), installedIconThemes()));
}

Scheme current()
{
    return g_current;
}

QMenu *createMenu(QWidget *parent)
{
    auto *menu = new QMenu(QCoreApplication::translate("Appearance", "&Appearance"), parent);
    menu->setObjectName(QStringLiteral("appearanceMenu"));
    auto *group = new QActionGroup(menu);
    group->setExclusive(true);
    const std::pair<Scheme, QString> choices[] = {
        { Scheme::System, QCoreApplication::translate("Appearance", "Follow the &System") },
        { Scheme::Light, QCoreApplication::translate("Appearance", "&Light") },
        { Scheme::Dark, QCoreApplication::translate("Appearance", "&Dark") },
    };
    for (const auto &[scheme, text] : choices) {
        QAction *action = menu->addAction(text);
        action->setObjectName(QLatin1String("appearance-") + key(scheme));
        action->setCheckable(true);
        action->setChecked(scheme == current());
        group->addAction(action);
        QObject::connect(action, &QAction::triggered, menu, [scheme = scheme] {
            apply(scheme);
            UiSettings::setAppearance(key(scheme));
        });
    }
    return menu;
}

} // namespace Appearance
