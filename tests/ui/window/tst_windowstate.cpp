// Issue 20: the window comes back as it was left: its size, its docks and every splitter of every page.
#include "common/language.h"
#include "tasks/tasksdock.h"
#include "ui/window/demowindow.h"
#include "window/splitterstates.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>

class TestWindowState : public QObject
{
    Q_OBJECT
private:
    // Every splitter of the window by its settings name, with each page shown once (some build theirs then).
    static QHash<QString, QSplitter *> splitters(MainWindow &window)
    {
        QHash<QString, QSplitter *> found;
        for (int area = 0; area < MainWindow::AreaCount; ++area) {
            window.showArea(area);
            QTest::qWait(50);
            for (QSplitter *splitter : window.findChildren<QSplitter *>())
                found.insert(SplitterStates::nameOf(splitter, &window), splitter);
        }
        window.showArea(MainWindow::MemoriesArea);
        return found;
    }

    static QString toText(const QList<int> &sizes)
    {
        QStringList parts;
        for (int size : sizes)
            parts << QString::number(size);
        return parts.join(QLatin1Char('/'));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test-windowstate"));
        QSettings().clear();
    }

    void sizeDocksAndSplittersRestored()
    {
        DemoWindow demo;
        demo.open(QStringLiteral("windowstate.sqlite"), 40);
        if (QTest::currentTestFailed())
            return;
        MainWindow *window = demo.window.get();
        QHash<QString, QSplitter *> before = splitters(*window);
        QVERIFY2(before.size() >= 10, qPrintable(QString::number(before.size())));
        QCOMPARE(before.size(), window->findChildren<QSplitter *>().size()); // the names are unique

        // Resize the window and open a dock first: either changes the room each splitter has.
        window->resize(1180, 760);
        window->tasksDock()->show();
        QTest::qWait(50);

        // Drag every splitter: the first pane gets a third of the room, or two thirds where it had less.
        QHash<QString, QList<int>> dragged;
        for (int area = 0; area < MainWindow::AreaCount; ++area) {
            window->showArea(area);
            QTest::qWait(50);
            for (auto it = before.cbegin(); it != before.cend(); ++it) {
                QSplitter *splitter = it.value();
                if (!splitter->isVisible() || dragged.contains(it.key()) || splitter->count() < 2)
                    continue;
                QList<int> sizes = splitter->sizes();
                const int total = std::accumulate(sizes.cbegin(), sizes.cend(), 0);
                const int first = sizes.first() * 3 < total ? total * 2 / 3 : total / 3;
                sizes.first() = first;
                sizes[1] = total - first - std::accumulate(sizes.cbegin() + 2, sizes.cend(), 0);
                splitter->setSizes(sizes);
                dragged.insert(it.key(), {});
            }
            // What they hold once all are dragged: dragging an outer splitter resizes the ones inside it.
            QTest::qWait(50);
            for (auto it = dragged.begin(); it != dragged.end(); ++it) {
                if (before.value(it.key())->isVisible())
                    it.value() = before.value(it.key())->sizes();
            }
        }
        qInfo("%d splitters, %d of them dragged", int(before.size()), int(dragged.size()));
        QVERIFY2(dragged.size() >= 10, qPrintable(QString::number(dragged.size())));
        const QSize size = window->size();

        demo.recreate(); // the old window saves as it closes, the new one restores
        if (QTest::currentTestFailed())
            return;
        window = demo.window.get();
        QCOMPARE(window->size(), size);
        QVERIFY(window->tasksDock()->isVisible());
        const QHash<QString, QSplitter *> after = splitters(*window);
        QStringList differ;
        for (int area = 0; area < MainWindow::AreaCount; ++area) {
            window->showArea(area);
            // A page's layout settles over a few passes of the event loop after it is shown; give it a second.
            QStringList here;
            QElapsedTimer waited;
            waited.start();
            do {
                QTest::qWait(50);
                here.clear();
                for (auto it = dragged.cbegin(); it != dragged.cend(); ++it) {
                    QSplitter *splitter = after.value(it.key());
                    QVERIFY2(splitter, qPrintable(it.key()));
                    if (!splitter->isVisible())
                        continue;
                    const QList<int> sizes = splitter->sizes();
                    bool same = sizes.size() == it.value().size();
                    for (qsizetype i = 0; same && i < sizes.size(); ++i)
                        same = std::abs(sizes[i] - it.value()[i]) <= 2;
                    if (!same)
                        here << it.key() + QLatin1String(": ") + toText(sizes) + QLatin1String(" instead of ")
                                + toText(it.value());
                }
            } while (!here.isEmpty() && waited.elapsed() < 1000);
            differ << here;
        }
        differ.removeDuplicates();
        for (const QString &line : std::as_const(differ))
            qWarning("not restored: %s", qUtf8Printable(line));
        QVERIFY2(differ.isEmpty(), qPrintable(differ.join(QStringLiteral(", "))));
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en"));
    TestWindowState test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_windowstate.moc"
