// Issue 20: at a device pixel ratio of 2 (QT_SCALE_FACTOR=2, as on a 4K screen at 200 %) the window draws
// at full resolution, not a doubled 1x picture: text, lines and the icons are crisp. Saves
// test-output/hidpi-<page>.png for a person to look at.
#include "common/language.h"
#include "ui/window/pagetour.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QSettings>
#include <QStandardPaths>

class TestHiDpi : public QObject
{
    Q_OBJECT
private:
    // The share of 2×2 pixel blocks that are not one colour. A 1x picture blown up to 2x has none: every
    // logical pixel became a uniform block. Drawn at 2x, glyph and line edges fall inside blocks.
    static double detailedBlocks(const QImage &image)
    {
        qint64 blocks = 0;
        qint64 detailed = 0;
        for (int y = 0; y + 1 < image.height(); y += 2) {
            for (int x = 0; x + 1 < image.width(); x += 2) {
                const QRgb p = image.pixel(x, y);
                ++blocks;
                if (image.pixel(x + 1, y) != p || image.pixel(x, y + 1) != p || image.pixel(x + 1, y + 1) != p)
                    ++detailed;
            }
        }
        return blocks ? double(detailed) / double(blocks) : 0.0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test-hidpi"));
        QSettings().clear();
    }

    void pagesDrawnAtTwiceTheResolution()
    {
        DemoWindow demo;
        PageTour::openTourDemo(demo, QSize(1400, 900));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(demo.window->devicePixelRatio(), 2.0);
        for (const PageTour::Stop &stop : PageTour::stops()) {
            if (stop.area != MainWindow::MemoriesArea && stop.area != MainWindow::MapArea
                && stop.area != MainWindow::ArchetypesArea)
                continue; // three pages show every kind of drawing: text, tables, charts, the point map
            PageTour::prepare(*demo.window, stop.area);
            if (QTest::currentTestFailed())
                return;
            const QPixmap shot = demo.window->grab();
            QCOMPARE(shot.devicePixelRatio(), 2.0);
            QCOMPARE(shot.size(), demo.window->size() * 2);
            const double detail = detailedBlocks(shot.toImage());
            qInfo("%s: %.1f %% of 2x2 blocks carry detail", stop.name, detail * 100);
            QVERIFY2(detail > 0.02, stop.name);
            QVERIFY(
                shot.save(testOutputPath(QLatin1String("hidpi-") + QLatin1String(stop.name) + QLatin1String(".png"))));
        }

        // Every icon of Sextant's own comes at 2x, not as a 1x bitmap stretched. Qt's own glyphs are left out:
        // the Fusion style of Qt 6.4 draws the dock title buttons and the line edits' clear button from 1x
        // bitmaps when no icon theme is installed (a desktop's theme gives them SVGs).
        int icons = 0;
        QStringList blurred;
        const auto check = [&](const QObject *holder, const QIcon &icon, const QString &what) {
            if (icon.isNull() || holder->objectName().startsWith(QLatin1String("qt_"))
                || holder->objectName().startsWith(QLatin1String("_q_")) || holder->inherits("QLineEditIconButton"))
                return;
            ++icons;
            if (icon.pixmap(QSize(16, 16), 2.0).width() < 32)
                blurred << what;
        };
        for (QAction *action : demo.window->findChildren<QAction *>())
            check(action, action->icon(), action->text());
        for (QAbstractButton *button : demo.window->findChildren<QAbstractButton *>())
            check(button, button->icon(), button->text());
        qInfo("%d icons of Sextant's own checked", icons);
        QVERIFY2(blurred.isEmpty(), qPrintable(blurred.join(QStringLiteral(", "))));
    }

    // The application's icon as the package installs it (hicolor PNGs rendered from the SVG) gives a 2x
    // window or panel icon from a larger size, not a stretched small one.
    void applicationIconCrisp()
    {
        QIcon icon;
        for (int size : { 16, 32, 48, 64, 128, 256 })
            icon.addFile(QStringLiteral(SEXTANT_TEST_DATA "/../../packaging/icons/sextant-%1.png").arg(size));
        QCOMPARE(icon.availableSizes().size(), 6);
        const QImage twice = icon.pixmap(QSize(48, 48), 2.0).toImage();
        QCOMPARE(twice.size(), QSize(96, 96));
        QVERIFY(detailedBlocks(twice) > 0.05);
        QVERIFY(twice.save(testOutputPath(QStringLiteral("hidpi-icon.png"))));
    }
};

int main(int argc, char *argv[])
{
    // Before the application exists: Qt reads it once.
    qputenv("QT_SCALE_FACTOR", "2");
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en"));
    TestHiDpi test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hidpi.moc"
