// Issue 20: the README's screenshots are taken by the test suite, so they show the program as it is built:
// each page at the default window size on the demo workspace, saved as test-output/readme-<page>.png
// (packaging/scripts/readme-screenshots.sh copies them to docs/screenshots).
#include "common/language.h"
#include "ui/window/pagetour.h"

#include <QApplication>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>

class TestReadmeScreenshots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Its own settings: a layout saved by another test does not change the pictures.
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test-readmescreenshots"));
        QSettings().clear();
    }

    void everyPage()
    {
        DemoWindow demo;
        PageTour::openTourDemo(demo, QSize(1400, 900));
        if (QTest::currentTestFailed())
            return;
        for (const PageTour::Stop &stop : PageTour::stops()) {
            PageTour::prepare(*demo.window, stop.area);
            if (QTest::currentTestFailed())
                return;
            const QImage shot = demo.window->grab().toImage();
            // Not a blank or half-drawn window: a page with its data has many colours.
            QSet<QRgb> colours;
            for (int y = 0; y < shot.height(); y += 3) {
                for (int x = 0; x < shot.width(); x += 3)
                    colours.insert(shot.pixel(x, y));
            }
            QVERIFY2(colours.size() > 40, stop.name);
            QVERIFY(
                shot.save(testOutputPath(QLatin1String("readme-") + QLatin1String(stop.name) + QLatin1String(".png"))));
        }
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en"));
    TestReadmeScreenshots test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_readmescreenshots.moc"
