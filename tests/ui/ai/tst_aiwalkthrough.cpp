// The walkthrough as a new user does it, offscreen: open a 100-memory demo workspace, point
// Sextant at a loopback OpenAI-compatible server, embed and evaluate every memory from the AI menu, watch
// the Tasks panel and the Usage and Cost panel, pull the plug mid-run and see nothing half-written, then
// run again and finish. Saves screenshots.
#include "ai/aiendpoint.h"
#include "ai/aimenu.h"
#include "db/databaseworker.h"
#include "window/mainwindow.h"
#include "memories/memoriespage.h"
#include "memories/memorytablemodel.h"
#include "support/openaitestutil.h"
#include "db/repository.h"
#include "tasks/taskrunner.h"
#include "tasks/tasksdock.h"
#include "ai/usagedock.h"
#include "ai/usageledger.h"
#include "ai/usagetablemodel.h"
#include "workspace/workspacesession.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QTest>

class TestAiWalkthrough : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }
    int scalar(WorkspaceSession &session, const QString &sql)
    {
        auto future = session.worker()->run([sql](Repository &r) -> Result<int> {
            QSqlQuery q(r.database());
            if (!q.exec(sql) || !q.next())
                return makeError(Error::Database, sql);
            return q.value(0).toInt();
        });
        future.waitForFinished();
        return future.result().ok() ? future.result().value() : -1;
    }
    // Unarchived memories by how many evaluations they have from the loopback model: every count must be 0 or 8.
    QString evaluationSpread(WorkspaceSession &session)
    {
        auto future = session.worker()->run([](Repository &r) -> Result<QString> {
            QSqlQuery q(r.database());
            if (!q.exec(QStringLiteral("SELECT n, count(*) FROM (SELECT m.id, (SELECT count(*) FROM evaluations e "
                                       "WHERE e.memory_id = m.id AND e.model = 'gpt-4o-mini') AS n FROM memories m "
                                       "WHERE m.archived_at IS NULL) "
                                       "GROUP BY n ORDER BY n")))
                return makeError(Error::Database, QStringLiteral("spread"));
            QStringList parts;
            while (q.next())
                parts << QStringLiteral("%1:%2").arg(q.value(0).toInt()).arg(q.value(1).toInt());
            return parts.join(QLatin1Char(' '));
        });
        future.waitForFinished();
        return future.result().ok() ? future.result().value() : QString();
    }
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    }

    void embedAndEvaluateAHundredMemories()
    {
        auto server = std::make_unique<OpenAiTestServer>();
        QVERIFY(server->listen());
        server->setRequiredKey(testApiKey());

        WorkspaceSession session;
        MainWindow window(&session);
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        DemoSpec spec;
        spec.memories = 100;
        spec.freelancers = 50;
        spec.jobs = 20;
        session.openDemo(m_dir.filePath(QStringLiteral("walkthrough.sqlite")), spec);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);

        // AI → AI Endpoint: what the settings tab's apply() does.
        AiEndpoint::Config config;
        config.provider = AiEndpoint::Provider::OpenAi;
        config.openai = mockSettings(*server);
        config.openai.maxRetries = 1;
        window.aiEndpoint()->configure(config, testApiKey());
        AiMenu *ai = window.aiMenu();
        QVERIFY(ai->evaluateMissingAction()->isEnabled());
        window.tasksDock()->show();
        ai->usageDock()->show();

        // Embed: every demo memory carries the offline model's vector, so all 100 are re-embedded.
        QSignalSpy tasksDone(window.taskRunner(), &TaskRunner::taskFinished);
        ai->embedMissingAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(tasksDone.count(), 1, 30000);
        QCOMPARE(tasksDone.first().first().value<TaskInfo>().state, TaskInfo::Finished);
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM memories WHERE embedding_model = 'text-embedding-3-small'")), 100);

        // Evaluate, and pull the plug once a few memories are done.
        ai->evaluateMissingAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            scalar(session, QStringLiteral("SELECT count(DISTINCT memory_id) FROM evaluations WHERE model = 'gpt-4o-mini'")) >= 8,
            30000);
        const quint16 port = server->baseUrl().port();
        server.reset(); // the endpoint is gone: connections are refused from now on
        QTRY_COMPARE_WITH_TIMEOUT(tasksDone.count(), 2, 60000);
        QVERIFY(!ai->isEvaluating());
        const TaskInfo stopped = tasksDone.last().first().value<TaskInfo>();
        QCOMPARE(stopped.state, TaskInfo::Failed);
        QVERIFY(!stopped.errorMessage.isEmpty());
        const QString spread = evaluationSpread(session);
        QVERIFY2(QRegularExpression(QStringLiteral("^0:\\d+ 8:\\d+$")).match(spread).hasMatch(), qPrintable(spread));
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("ai-walkthrough-unplugged.png"))));

        // Plug it back in (same port) and run again: only what is missing is asked for.
        server = std::make_unique<OpenAiTestServer>();
        QVERIFY(server->listen(port));
        server->setRequiredKey(testApiKey());
        QTRY_VERIFY_WITH_TIMEOUT(ai->evaluateMissingAction()->isEnabled(), 5000);
        // The breaker may be open after the outage: wait out its cooldown in a test-sized way.
        config.openai.breakerCooldownMs = 100;
        window.aiEndpoint()->configure(config, testApiKey());
        ai->evaluateMissingAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(tasksDone.count(), 3, 60000);
        QCOMPARE(tasksDone.last().first().value<TaskInfo>().state, TaskInfo::Finished);
        // Archived memories are not evaluated.
        const int unarchived = scalar(session, QStringLiteral("SELECT count(*) FROM memories WHERE archived_at IS NULL"));
        QCOMPARE(evaluationSpread(session), QStringLiteral("8:%1").arg(unarchived));
        QVERIFY(server->requestCount() <= 100); // the rerun skipped what was done

        // Re-evaluate three memories picked in the grid: exactly three requests, still 8 evaluations each.
        QTRY_VERIFY_WITH_TIMEOUT(window.memoriesPage()->model()->rowCount() >= 3, 10000);
        const QList<QUuid> picked { window.memoriesPage()->model()->idAt(0), window.memoriesPage()->model()->idAt(1),
            window.memoriesPage()->model()->idAt(2) };
        ai->setSelection([picked] { return picked; });
        const int before = server->requestCount();
        for (QAction *action : ai->menu()->actions()) {
            if (action->text().contains(QStringLiteral("Re-evaluate")))
                action->trigger();
        }
        QTRY_COMPARE_WITH_TIMEOUT(tasksDone.count(), 4, 30000);
        QCOMPARE(tasksDone.last().first().value<TaskInfo>().state, TaskInfo::Finished);
        QCOMPARE(server->requestCount() - before, 3);
        QCOMPARE(evaluationSpread(session), QStringLiteral("8:%1").arg(unarchived));

        // Usage and cost: tokens booked to both tasks, with a cost.
        QSignalSpy reloaded(ai->usageDock(), &UsageDock::reloaded);
        window.aiEndpoint()->ledger()->flush();
        QVERIFY(reloaded.wait(5000));
        QVERIFY(ai->usageDock()->model()->totalTokens(QDate::currentDate()) > 0);
        QVERIFY(ai->usageDock()->model()->totalCost(QDate::currentDate()) > 0.0);
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("ai-walkthrough-done.png"))));
    }
};

int main(int argc, char *argv[])
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sextant-test-bus");
    QApplication app(argc, argv);
    app.setOrganizationName(QStringLiteral("SextantTest"));
    app.setApplicationName(QStringLiteral("tst_aiwalkthrough"));
    TestAiWalkthrough test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_aiwalkthrough.moc"
