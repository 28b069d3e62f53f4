// Issue 20: View → Appearance follows the desktop's palette or forces a light or dark one, applied at once to
// the open window and again at the next start (UiSettings), and text stays legible in each.
#include "common/language.h"
#include "ui/window/demowindow.h"
#include "window/appearance.h"
#include "window/uisettings.h"

#include <QAction>
#include <QApplication>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>

class TestAppearance : public QObject
{
    Q_OBJECT
private:
    // WCAG's contrast ratio of two colours, 1 to 21; body text needs 4.5.
    static double contrast(const QColor &a, const QColor &b)
    {
        const auto luminance = [](const QColor &c) {
            const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
        };
        const double la = luminance(a);
        const double lb = luminance(b);
        return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
    }

    static void checkLegible(const QPalette &p, const char *scheme)
    {
        for (auto [fore, back] : { std::pair(QPalette::Text, QPalette::Base),
                 std::pair(QPalette::WindowText, QPalette::Window), std::pair(QPalette::ButtonText, QPalette::Button),
                 std::pair(QPalette::HighlightedText, QPalette::Highlight),
                 std::pair(QPalette::Text, QPalette::AlternateBase),
                 std::pair(QPalette::ToolTipText, QPalette::ToolTipBase) }) {
            const double ratio = contrast(p.color(fore), p.color(back));
            QVERIFY2(ratio >= 4.5,
                qPrintable(QStringLiteral("%1: %2 on %3 has contrast %4")
                               .arg(QLatin1String(scheme), p.color(fore).name(), p.color(back).name())
                               .arg(ratio, 0, 'f', 2)));
        }
        // Greyed text is meant to recede, but must still read (3:1, WCAG's large-text level).
        QVERIFY(contrast(p.color(QPalette::PlaceholderText), p.color(QPalette::Base)) >= 3.0);
    }

    static QAction *schemeAction(MainWindow &window, Appearance::Scheme scheme)
    {
        return window.findChild<QAction *>(QLatin1String("appearance-") + Appearance::key(scheme));
    }

    // The colour the navigation list paints below its last entry: what the screen shows, not just a palette.
    static QColor navigationBackground(MainWindow &window)
    {
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        const QImage image = navigation->grab().toImage();
        return image.pixelColor(image.width() / 2, image.height() - 8);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test-appearance"));
        QSettings().clear();
    }

    void schemeAppliedLiveAndAtNextStart()
    {
        const QPalette system = QApplication::palette();
        QVERIFY(!Appearance::isDark(system)); // the offscreen platform's palette is Fusion's light one
        DemoWindow demo;
        demo.open(QStringLiteral("appearance.sqlite"), 40);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(Appearance::current(), Appearance::Scheme::System);

        // The choice is in the View menu.
        auto *menu = demo.window->findChild<QMenu *>(QStringLiteral("appearanceMenu"));
        QVERIFY(menu);
        QMenu *view = nullptr;
        for (QAction *top : demo.window->menuBar()->actions()) {
            if (top->menu() && top->menu()->actions().contains(menu->menuAction()))
                view = top->menu();
        }
        QVERIFY(view);
        QVERIFY(schemeAction(*demo.window, Appearance::Scheme::System)->isChecked());

        schemeAction(*demo.window, Appearance::Scheme::Dark)->trigger();
        QVERIFY(Appearance::isDark(QApplication::palette()));
        QCOMPARE(UiSettings::appearance(), QStringLiteral("dark"));
        QTableView *table = demo.window->memoriesPage()->table();
        QTRY_VERIFY(Appearance::isDark(table->palette()));
        QTRY_VERIFY(navigationBackground(*demo.window).lightness() < 80);
        checkLegible(QApplication::palette(), "dark");
        // Every page in dark, for a person to look at.
        for (int area = 0; area < MainWindow::AreaCount; ++area) {
            demo.window->showArea(area);
            QTest::qWait(200);
            QVERIFY(demo.window->grab().save(testOutputPath(QStringLiteral("appearance-dark-%1.png").arg(area))));
        }
        demo.window->showArea(MainWindow::MemoriesArea);

        // A restart: the process begins with the desktop's palette; the new window applies the saved choice.
        Appearance::apply(Appearance::Scheme::System);
        QVERIFY(!Appearance::isDark(QApplication::palette()));
        demo.recreate(QSize(1400, 900));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(Appearance::current(), Appearance::Scheme::Dark);
        QVERIFY(Appearance::isDark(QApplication::palette()));
        QVERIFY(schemeAction(*demo.window, Appearance::Scheme::Dark)->isChecked());
        QTRY_VERIFY(navigationBackground(*demo.window).lightness() < 80);

        schemeAction(*demo.window, Appearance::Scheme::Light)->trigger();
        QVERIFY(!Appearance::isDark(QApplication::palette()));
        QCOMPARE(UiSettings::appearance(), QStringLiteral("light"));
        QTRY_VERIFY(navigationBackground(*demo.window).lightness() > 200);
        checkLegible(QApplication::palette(), "light");

        // Back to the desktop's own palette.
        schemeAction(*demo.window, Appearance::Scheme::System)->trigger();
        QCOMPARE(UiSettings::appearance(), QStringLiteral("system"));
        for (QPalette::ColorRole role : { QPalette::Window, QPalette::WindowText, QPalette::Base, QPalette::Text })
            QCOMPARE(QApplication::palette().color(role), system.color(role));
    }

    void unknownSettingFollowsSystem()
    {
        QCOMPARE(Appearance::fromKey(QStringLiteral("purple")), Appearance::Scheme::System);
        QCOMPARE(Appearance::fromKey(QString()), Appearance::Scheme::System);
        for (auto scheme : { Appearance::Scheme::System, Appearance::Scheme::Light, Appearance::Scheme::Dark })
            QCOMPARE(Appearance::fromKey(Appearance::key(scheme)), scheme);
    }

    // A forced dark palette on a light desktop takes the icon theme's dark variant, so glyphs stay visible.
    void iconThemeVariant_data()
    {
        QTest::addColumn<QString>("system");
        QTest::addColumn<bool>("dark");
        QTest::addColumn<QStringList>("installed");
        QTest::addColumn<QString>("expected");
        const QStringList breeze { QStringLiteral("breeze"), QStringLiteral("breeze-dark"), QStringLiteral("hicolor") };
        QTest::newRow("light desktop, dark chosen")
            << QStringLiteral("breeze") << true << breeze << QStringLiteral("breeze-dark");
        QTest::newRow("dark desktop, light chosen")
            << QStringLiteral("breeze-dark") << false << breeze << QStringLiteral("breeze");
        QTest::newRow("dark desktop, dark chosen")
            << QStringLiteral("breeze-dark") << true << breeze << QStringLiteral("breeze-dark");
        QTest::newRow("capital Dark") << QStringLiteral("Papirus") << true
                                      << QStringList { QStringLiteral("Papirus"), QStringLiteral("Papirus-Dark") }
                                      << QStringLiteral("Papirus-Dark");
        QTest::newRow("no variant") << QStringLiteral("Adwaita") << true << QStringList { QStringLiteral("Adwaita") }
                                    << QStringLiteral("Adwaita");
        QTest::newRow("no theme") << QString() << true << breeze << QString();
    }
    void iconThemeVariant()
    {
        QFETCH(QString, system);
        QFETCH(bool, dark);
        QFETCH(QStringList, installed);
        QFETCH(QString, expected);
        QCOMPARE(Appearance::iconThemeFor(system, dark, installed), expected);
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en"));
    TestAppearance test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_appearance.moc"
