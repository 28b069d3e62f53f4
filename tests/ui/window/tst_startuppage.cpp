// The preparation page on first start: its progress bar moves during every stage of making the demo workspace
// instead of sitting at 0 % while the marketplace is generated and embedded, and it names each stage. What is
// checked is what a person sees (the bar's values and the stage line, in the order they appear), not how long
// anything took; the timestamps are printed for a person reading the log. Saves a screenshot mid-way.
#include "window/startuppage.h"
#include "workspace/workspacesession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestStartupPage : public QObject
{
    Q_OBJECT

    struct Seen
    {
        qint64 ms;
        int value;
        QString stage;
    };

private Q_SLOTS:
    void progressMovesThroughEveryStage()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        WorkspaceSession session;
        StartupPage page(&session);
        page.resize(720, 420);
        page.show();
        QProgressBar *bar = page.findChild<QProgressBar *>();
        QLabel *stageLine = page.findChild<QLabel *>(QStringLiteral("startupStage"));
        QVERIFY(bar);
        QVERIFY(stageLine);

        QList<Seen> seen;
        QElapsedTimer clock;
        const auto record = [&] { seen << Seen { clock.elapsed(), bar->value(), stageLine->text() }; };
        // Connected after the page's own connection: the page has shown the report when this runs.
        connect(&session, &WorkspaceSession::progressChanged, this, record);
        bool screenshot = false;
        connect(bar, &QProgressBar::valueChanged, this, [&](int value) {
            if (!screenshot && value >= 5) {
                screenshot = true;
                const QString out = QStringLiteral(SEXTANT_TEST_OUTPUT);
                QDir().mkpath(out);
                QVERIFY(page.grab().save(out + QLatin1String("/startup-preparing.png")));
            }
        });
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QSignalSpy failed(&session, &WorkspaceSession::failed);

        DemoSpec spec; // the default demo: the first start a new user sees
        clock.start();
        session.openDemo(dir.filePath(QStringLiteral("demo.sqlite")), spec);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() + failed.count() > 0, 120000);
        QCOMPARE(failed.count(), 0);

        QStringList log;
        for (const Seen &s : std::as_const(seen))
            log << QStringLiteral("%1 ms %2 % %3").arg(s.ms).arg(s.value).arg(s.stage);
        qInfo("%s", qPrintable(log.join(QLatin1Char('\n'))));

        // Before the marketplace is written (its freelancers and jobs embedded and matched, which is where the
        // bar used to sit at 0 %), the bar already shows several different values.
        QSet<int> beforeMarketWrite;
        QStringList stages;
        for (const Seen &s : std::as_const(seen)) {
            if (stages.isEmpty() || stages.last() != s.stage)
                stages << s.stage;
            if (!stages.contains(QLatin1String("Writing the marketplace")))
                beforeMarketWrite.insert(s.value);
        }
        QVERIFY2(beforeMarketWrite.size() >= 5, qPrintable(log.join(QLatin1Char('\n'))));
        QVERIFY2(*std::max_element(beforeMarketWrite.begin(), beforeMarketWrite.end()) > 0,
            qPrintable(log.join(QLatin1Char('\n'))));

        // Every stage is named, and memories are made and written in turn with the bar moving in between.
        for (const char *stage : { "Loading the vocabulary", "Generating the marketplace", "Writing the marketplace",
                 "Generating memories", "Writing memories" })
            QVERIFY2(stages.contains(QLatin1String(stage)), qPrintable(stages.join(QLatin1String(", "))));
        QSet<int> duringMemories;
        for (const Seen &s : std::as_const(seen)) {
            if (s.stage == QLatin1String("Generating memories") || s.stage == QLatin1String("Writing memories"))
                duringMemories.insert(s.value);
        }
        QVERIFY2(duringMemories.size() >= 20, qPrintable(log.join(QLatin1Char('\n'))));
        // While memories are written the bar does not wait for the end: writes alternate with making them.
        QVERIFY2(stages.count(QLatin1String("Writing memories")) >= 10, qPrintable(stages.join(QLatin1String(", "))));
        // The bar never goes back.
        for (qsizetype i = 1; i < seen.size(); ++i)
            QVERIFY2(seen[i].value >= seen[i - 1].value, qPrintable(log.join(QLatin1Char('\n'))));
        QVERIFY(screenshot);
    }
};

QTEST_MAIN(TestStartupPage)
#include "tst_startuppage.moc"
