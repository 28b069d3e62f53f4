// The text bias detectors: the word lists on a fixture of phrases, and the LLM detector against the loopback
// OpenAI server, including answers it must refuse. Refusal means "not checked", never "no bias": a scan that
// meets a bad answer leaves the item not_checked with the reason.
#include "db/databaseworker.h"
#include "fairness/biasdetector.h"
#include "fairness/fairnessservice.h"
#include "support/openaitestutil.h"
#include "support/testutil.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QJsonDocument>
#include <QTest>

class TestBiasDetector : public QObject
{
    Q_OBJECT

    std::unique_ptr<OpenAiTestServer> m_server;
    std::unique_ptr<OpenAiClient> m_client;
    QTemporaryDir m_dir;

    static QString job()
    {
        return QStringLiteral("We need a young, energetic developer to own our payment services.");
    }

    // The scan of a one-job workspace with the LLM detector, run as the application runs it (a task on the pool
    // while the client answers on this thread). Returns the job's queue item.
    BiasScanItem scanOneJob(const QString &name)
    {
        DatabaseWorker worker;
        QTemporaryDir *dir = &m_dir;
        const Result<void> opened = worker
                                        .open([dir, name]() -> Result<std::unique_ptr<Repository>> {
                                            auto repo = openTempWorkspace(*dir, name);
                                            if (!repo)
                                                return makeError(Error::Database, QStringLiteral("no workspace"));
                                            return repo;
                                        })
                                        .result();
        if (!opened)
            return {};
        const QDateTime t(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        const QUuid client = QUuid::createUuid();
        Job j;
        j.id = QUuid::createUuid();
        j.title = QStringLiteral("Payments engineer");
        j.description = job();
        j.status = QStringLiteral("open");
        j.clientId = client;
        j.createdAt = t;
        const Result<void> seeded = worker.runAndWait([&](Repository &r) -> Result<void> {
            if (Result<void> u = r.insertUsers({ User { client, QStringLiteral("c@example.org"), QStringLiteral("Client"),
                    QStringLiteral("user_client"), true, t, QStringLiteral("eu-west") } });
                !u)
                return u;
            return r.insertJobs({ j });
        });
        if (!seeded)
            return {};
        TaskRunner runner;
        FairnessService service(&worker, &runner);
        service.setOpenAiClient(m_client.get(), QStringLiteral("gpt-4o-mini"));
        bool done = false;
        int written = -1;
        service.startScan(QStringLiteral("job"), true, this, [&](const Result<int> &r) {
            written = r.ok() ? *r : -1;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 20000) || written != 1)
            return {};
        BiasScanItem item;
        done = false;
        service.biasQueue(this, QStringLiteral("job"), QString(), QString(), [&](const Result<QList<BiasScanItem>> &r) {
            if (r.ok() && r->size() == 1)
                item = r->first();
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            return {};
        return item;
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<OpenAiTestServer>();
        QVERIFY(m_server->listen());
        m_client = std::make_unique<OpenAiClient>(mockSettings(*m_server), testApiKey());
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void builtInListsNameTheirSources()
    {
        const Result<BiasLexicon> lexicon = BiasLexicon::builtIn();
        QVERIFY2(lexicon.ok(), qPrintable(lexicon.errorMessage()));
        QVERIFY(lexicon->termCount() > 100);
        QVERIFY(!BiasLexicon::fromJson("{\"lists\":[{\"category\":\"x\",\"terms\":[\"a\"]}]}").ok()); // no source
        QVERIFY(!BiasLexicon::fromJson("not json").ok());
    }

    // The fixture: a phrase, the terms the word lists must mark (in order), their categories, and whether the
    // text as a whole is flagged.
    void lexiconFixture_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("terms");
        QTest::addColumn<QStringList>("categories");
        QTest::addColumn<bool>("flagged");
        const QString m = QStringLiteral("gender_coded_masculine"), f = QStringLiteral("gender_coded_feminine"),
                      a = QStringLiteral("age_coded"), x = QStringLiteral("exclusionary");
        QTest::newRow("age") << QStringLiteral("Looking for a recent graduate who is a true digital native.")
                             << QStringList { QStringLiteral("recent graduate"), QStringLiteral("digital native") }
                             << QStringList { a, a } << true;
        QTest::newRow("stems") << QStringLiteral("A competitive, assertive and ambitious leader.")
                               << QStringList { QStringLiteral("competitive"), QStringLiteral("assertive"),
                                      QStringLiteral("ambitious"), QStringLiteral("leader") }
                               << QStringList { m, m, m, m } << true; // four masculine, no feminine: imbalance 4
        QTest::newRow("balanced") << QStringLiteral("Supportive, collaborative in spirit, yet decisive and analytical.")
                                  << QStringList { QStringLiteral("Supportive"), QStringLiteral("decisive"),
                                         QStringLiteral("analytical") }
                                  << QStringList { f, m, m } << false;
        QTest::newRow("phrase over words") << QStringLiteral("Must be a native  English speaker, under 30.")
                                           << QStringList { QStringLiteral("native  English speaker"), QStringLiteral("under 30") }
                                           << QStringList { x, x } << true;
        QTest::newRow("word boundaries") << QStringLiteral("Our mislead-proof checker suits a youthful team; youthfulness is no stem.")
                                         << QStringList { QStringLiteral("youthful") } << QStringList { a } << true;
        QTest::newRow("clean") << QStringLiteral("Maintain a billing service written in Go; 20 hours a week.")
                               << QStringList {} << QStringList {} << false;
    }

    void lexiconFixture()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, terms);
        QFETCH(QStringList, categories);
        QFETCH(bool, flagged);
        const Result<BiasLexicon> lexicon = BiasLexicon::builtIn();
        QVERIFY(lexicon.ok());
        const QList<BiasSpan> spans = lexicon->scan(text);
        QStringList foundTerms, foundCategories;
        for (const BiasSpan &s : spans) {
            QCOMPARE(text.mid(s.start, s.length), s.term);
            QVERIFY(!s.source.isEmpty());
            foundTerms << s.term;
            foundCategories << s.category;
        }
        QCOMPARE(foundTerms, terms);
        QCOMPARE(foundCategories, categories);
        QCOMPARE(BiasLexicon::judge(spans).flagged, flagged);
    }

    void llmAnswerWithSpans()
    {
        const QString answer = QStringLiteral(
            "{\"categories\":[\"age_coded\"],\"spans\":[{\"start\":12,\"length\":5,\"category\":\"age_coded\",\"term\":\"young\"},"
            "{\"start\":0,\"length\":9,\"category\":\"age_coded\",\"term\":\"energetic\"}],\"score\":0.74,\"confidence\":0.9,"
            "\"recommendation\":\"Describe the work, not the worker's age.\"}");
        m_server->setChatContent(answer);
        const BiasScanItem item = scanOneJob(QStringLiteral("llm-good"));
        QCOMPARE(item.state, QStringLiteral("flagged"));
        QCOMPARE(item.detector, QStringLiteral("lexicon+llm"));
        QCOMPARE(item.recommendation, QStringLiteral("Describe the work, not the worker's age."));
        QVERIFY(qFuzzyCompare(item.score, 0.74));
        for (const BiasSpan &s : item.spans)
            QCOMPARE(item.text.mid(s.start, s.length), s.term); // the miscounted offset of "energetic" was corrected
        const QJsonObject sent = QJsonDocument::fromJson(m_server->lastBody()).object();
        const QJsonObject format = sent.value(QStringLiteral("response_format")).toObject();
        QCOMPARE(format.value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("strict")).toBool(), true);
        QCOMPARE(format.value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("schema")).toObject(),
            LlmBiasDetector::schema());
    }

    // Each of these answers is refused, and the item stays not_checked with the reason, never clean.
    void malformedAnswersLeaveTheItemNotChecked_data()
    {
        QTest::addColumn<QString>("content");
        QTest::newRow("not json") << QStringLiteral("No bias detected.");
        QTest::newRow("score out of range") << QStringLiteral(
            "{\"categories\":[],\"spans\":[],\"score\":2,\"confidence\":0.9,\"recommendation\":\"\"}");
        QTest::newRow("missing field") << QStringLiteral("{\"categories\":[],\"spans\":[],\"score\":0.1,\"confidence\":0.9}");
        QTest::newRow("unknown category") << QStringLiteral(
            "{\"categories\":[\"astrology\"],\"spans\":[],\"score\":0.1,\"confidence\":0.9,\"recommendation\":\"\"}");
        QTest::newRow("quote not in the text") << QStringLiteral(
            "{\"categories\":[\"age_coded\"],\"spans\":[{\"start\":0,\"length\":3,\"category\":\"age_coded\",\"term\":\"old\"}],"
            "\"score\":0.6,\"confidence\":0.9,\"recommendation\":\"\"}");
    }

    void malformedAnswersLeaveTheItemNotChecked()
    {
        QFETCH(QString, content);
        m_server->setChatContent(content);
        const BiasScanItem item = scanOneJob(QStringLiteral("llm-bad-%1").arg(QString::fromLatin1(QTest::currentDataTag())).replace(QLatin1Char(' '), QLatin1Char('-')));
        QCOMPARE(item.state, QStringLiteral("not_checked"));
        QVERIFY(!item.error.isEmpty());
        QVERIFY(!item.reportId.isNull()); // the attempt is on record
    }

    // No client at all: the scan still writes the word lists' marks, and the item is not checked.
    void noClientFailsClosed()
    {
        m_client.reset();
        const BiasScanItem item = scanOneJob(QStringLiteral("llm-none"));
        QCOMPARE(item.state, QStringLiteral("not_checked"));
        QVERIFY(item.error.contains(QStringLiteral("OpenAI")));
        QVERIFY(!item.spans.isEmpty());
    }
};

QTEST_MAIN(TestBiasDetector)
#include "tst_biasdetector.moc"
