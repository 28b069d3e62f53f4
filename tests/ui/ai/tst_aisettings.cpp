// The AI endpoint as an operator meets it: the settings tab's Test button against the loopback server,
// the key kept out of the settings file, the status bar's breaker indicator and the Usage and Cost panel.
#include "ai/aiendpoint.h"
#include "ai/aisettingspage.h"
#include "ai/aistatuslabel.h"
#include "db/databaseworker.h"
#include "support/openaitestutil.h"
#include "core/secretstore.h"
#include "db/sqliteworkspace.h"
#include "ai/usagedock.h"
#include "ai/usageledger.h"
#include "ai/usagetablemodel.h"

#include <QApplication>
#include <QComboBox>
#include <QCoroTask>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestAiSettings : public QObject
{
    Q_OBJECT
private:
    template<typename T> static T *child(QWidget *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }
    void fillForm(AiSettingsPage &page, const QString &key)
    {
        child<QComboBox>(&page, "aiProvider")->setCurrentIndex(1);
        child<QLineEdit>(&page, "aiBaseUrl")->setText(m_server->baseUrl().toString());
        child<QLineEdit>(&page, "aiApiKey")->setText(key);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<OpenAiTestServer> m_server;
    std::unique_ptr<DatabaseWorker> m_worker;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    }
    void init()
    {
        // A fresh workspace per test: usage and the cache start empty.
        m_worker = std::make_unique<DatabaseWorker>();
        const QString path = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QLatin1String(".sqlite"));
        auto opened = m_worker->open([path] { return SqliteWorkspace::open(path, QStringLiteral("ai")); });
        opened.waitForFinished();
        QVERIFY(opened.result().ok());
        m_server = std::make_unique<OpenAiTestServer>();
        QVERIFY(m_server->listen());
        m_server->setRequiredKey(testApiKey());
    }

    void testButtonReportsLatencyModelsAndDimension()
    {
        SecretStore secrets;
        AiEndpoint endpoint(m_worker.get(), &secrets);
        AiSettingsPage page(&endpoint, &secrets);
        page.resize(620, 560);
        fillForm(page, testApiKey());
        page.show();
        QSignalSpy finished(&page, &AiSettingsPage::testFinished);
        QTest::mouseClick(child<QPushButton>(&page, "aiTestButton"), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), true);
        const QString report = page.testReport();
        QVERIFY2(report.contains(QStringLiteral(" ms.")), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("%1 model").arg(OpenAiTestServer::modelIds().size())), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("returned 1536 dimensions")), qPrintable(report));
        QTest::qWait(50); // let the layout grow the report label
        QVERIFY(page.grab().save(screenshotPath(QStringLiteral("ai-settings-test.png"))));
    }

    void wrongKeyIsAPlainSentenceWithoutTheKey()
    {
        SecretStore secrets;
        AiEndpoint endpoint(m_worker.get(), &secrets);
        AiSettingsPage page(&endpoint, &secrets);
        const QString wrong = QStringLiteral("sk-wrong-0123456789abcdef");
        fillForm(page, wrong);
        QSignalSpy finished(&page, &AiSettingsPage::testFinished);
        QTest::mouseClick(child<QPushButton>(&page, "aiTestButton"), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(page.testReport().contains(QStringLiteral("key")), qPrintable(page.testReport()));
        QVERIFY(!page.testReport().contains(wrong));
        QCOMPARE(m_server->requestCount(), 1); // a refused key is not retried
    }

    void applyKeepsTheKeyOutOfTheSettingsFile()
    {
        SecretStore secrets;
        AiEndpoint endpoint(m_worker.get(), &secrets);
        QSignalSpy changed(&endpoint, &AiEndpoint::changed);
        {
            AiSettingsPage page(&endpoint, &secrets);
            fillForm(page, testApiKey());
            page.apply();
        }
        QTRY_VERIFY_WITH_TIMEOUT(endpoint.isOnline(), 5000);
        QVERIFY(endpoint.client()->hasApiKey());
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(saved.contains(m_server->baseUrl().toString().toUtf8()));
        QVERIFY(!saved.contains(testApiKey().toUtf8()));
        // A new endpoint reads the configuration and the key back (here from the session-only store).
        AiEndpoint again(m_worker.get(), &secrets);
        QCoro::waitFor(again.configure(AiEndpoint::Config::load(settings)));
        QVERIFY(again.isOnline());
        QVERIFY(again.client()->hasApiKey());
        const auto vectors = QCoro::waitFor(again.embedder()->embed({ QStringLiteral("after restart") }));
        QVERIFY2(vectors.ok(), qPrintable(vectors.errorMessage()));
    }

    void statusLabelShowsTheOpenBreaker()
    {
        AiEndpoint endpoint(m_worker.get(), nullptr);
        AiEndpoint::Config config;
        config.provider = AiEndpoint::Provider::OpenAi;
        config.openai = mockSettings(*m_server);
        config.openai.maxRetries = 0;
        config.openai.breakerThreshold = 2;
        endpoint.configure(config, testApiKey());
        AiStatusLabel label(&endpoint);
        QVERIFY(label.text().contains(QStringLiteral("gpt-4o-mini")));
        m_server->queueFault(OpenAiTestServer::Fault::ServerError);
        m_server->queueFault(OpenAiTestServer::Fault::ServerError);
        QVERIFY(!QCoro::waitFor(endpoint.client()->models()).ok());
        QVERIFY(!QCoro::waitFor(endpoint.client()->models()).ok());
        QTRY_COMPARE(label.state(), CircuitBreaker::State::Open);
        QVERIFY2(label.text().contains(QStringLiteral("paused")), qPrintable(label.text()));
        QVERIFY(label.text().contains(QStringLiteral("60 s")) || label.text().contains(QStringLiteral("59 s")));
    }

    void usageDockShowsTokensCostAndCacheHits()
    {
        AiEndpoint endpoint(m_worker.get(), nullptr);
        AiEndpoint::Config config;
        config.provider = AiEndpoint::Provider::OpenAi;
        config.openai = mockSettings(*m_server);
        endpoint.configure(config, testApiKey());
        UsageDock dock(&endpoint, m_worker.get());
        dock.resize(900, 300);
        dock.show();
        const QStringList texts { QStringLiteral("one"), QStringLiteral("two") };
        QVERIFY(QCoro::waitFor(endpoint.embedder()->embed(texts, EmbedOptions { {}, QStringLiteral("Embed memories") })).ok());
        QVERIFY(QCoro::waitFor(endpoint.embedder()->embed(texts, EmbedOptions { {}, QStringLiteral("Embed memories") })).ok());
        ChatRequest chat;
        chat.messages = { { QStringLiteral("user"), QStringLiteral("hello") } };
        QVERIFY(QCoro::waitFor(endpoint.client()->chat(chat)).ok());
        QSignalSpy reloaded(&dock, &UsageDock::reloaded);
        endpoint.ledger()->flush();
        QVERIFY(reloaded.wait(5000));
        QVERIFY(dock.model()->rowCount() >= 3); // chat, embeddings, cache
        QCOMPARE(dock.model()->cacheHits(), std::make_pair(qint64(2), qint64(4)));
        QVERIFY2(dock.summaryText().contains(QStringLiteral("50.0% hits")), qPrintable(dock.summaryText()));
        QVERIFY(dock.model()->totalCost(QDate::currentDate()) > 0.0);
        QVERIFY(dock.grab().save(screenshotPath(QStringLiteral("ai-usage-dock.png"))));
    }
};

int main(int argc, char *argv[])
{
    // No keychain may answer: the session-only store is used, and nothing may reach the settings file.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sextant-test-bus");
    QApplication app(argc, argv);
    app.setOrganizationName(QStringLiteral("SextantTest"));
    app.setApplicationName(QStringLiteral("tst_aisettings"));
    TestAiSettings test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_aisettings.moc"
