// Secrets stay secret (issue 21, item 6): with every logging category on and the messages captured to a file,
// the test connects to PostgreSQL as a role with a known password (a saved profile, the keychain, a URI with the
// password in it, a workspace session, a failing connection), sets up the AI endpoint with a known API key (a
// request that works, one whose 400 answer quotes the key, one refused with 401), decides a match into the local
// decision journal, then reads every file under its temporary HOME (settings, the captured log, the journal, the
// SQLite workspace file) byte by byte: neither the password nor the key may appear anywhere.
#include "ai/aiendpoint.h"
#include "core/secretstore.h"
#include "db/connectionprofile.h"
#include "review/decisionjournal.h"
#include "review/reviewservice.h"
#include "support/openaitestutil.h"
#include "support/testutil.h"
#include "tasks/taskrunner.h"
#include "workspace/workspacesession.h"

#include <QCoroTask>
#include <QDirIterator>
#include <QLoggingCategory>
#include <QMutex>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>

#include <algorithm>

namespace {

const QString Password = QStringLiteral("pw-Kq7Zr2vX9-never-on-disk");
const QString Role = QStringLiteral("sx_secret_probe");

// The captured log: every message of every category, as the application's handler would see it.
QFile *logFile = nullptr;
QMutex logMutex;
QtMessageHandler forward = nullptr; // QtTest's handler, so the messages still reach the test's output

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        const QMutexLocker lock(&logMutex);
        if (logFile) {
            logFile->write(
                QByteArray(context.category ? context.category : "default") + ": " + message.toUtf8() + '\n');
            logFile->flush();
        }
    }
    if (forward)
        forward(type, context, message);
}

struct Hit
{
    QString file;
    QString what;
};

// Every occurrence of the secrets in any file under `root`: as UTF-8, as UTF-16 (QSettings and SQLite may use
// either) and percent-encoded (a URI written out whole).
QList<Hit> scan(const QString &root, const QMap<QString, QString> &secrets, int *files)
{
    QList<Hit> hits;
    *files = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        ++*files;
        const QByteArray bytes = file.readAll();
        for (auto s = secrets.cbegin(); s != secrets.cend(); ++s) {
            const QString &secret = s.value();
            const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2);
            const QByteArrayList forms { secret.toUtf8(), utf16, QUrl::toPercentEncoding(secret) };
            if (std::any_of(
                    forms.cbegin(), forms.cend(), [&bytes](const QByteArray &form) { return bytes.contains(form); }))
                hits << Hit { QDir(root).relativeFilePath(path), s.key() };
        }
    }
    return hits;
}

} // namespace

class TestSecretLeaks : public QObject
{
    Q_OBJECT

public:
    explicit TestSecretLeaks(const QString &root)
        : m_root(root)
    {
    }

private:
    QString m_root;
    QStringList m_shown; // error messages the application would show the person (its log panel, dialogs)

    static QMap<QString, QString> secretsToFind()
    {
        return { { QStringLiteral("the password"), Password }, { QStringLiteral("the API key"), testApiKey() } };
    }

    void show(const QString &message)
    {
        m_shown << message;
        qWarning("%s", qPrintable(message)); // the window's log panel keeps them too
    }

private Q_SLOTS:
    void initTestCase()
    {
        // QtTest installs its own handler when the run starts; the capture goes in front of it.
        forward = qInstallMessageHandler(capture);
    }

    void drive()
    {
        // The role with a known password. The test server trusts its clients and never asks for it, but Sextant
        // hands it through every layer a real server's login would: the URI, the profile, the keychain, libpq.
        const std::optional<PostgresSettings> owner = recreatePostgresDatabase(QStringLiteral("sextant_secrets_test"));
        QVERIFY(owner);
        const Result<MigrationPlan> migrated = PostgresWorkspace::migrate(*owner, QStringLiteral("secrets-migrate"));
        QVERIFY2(migrated, migrated ? "" : qPrintable(migrated.errorMessage()));
        QSqlDatabase::removeDatabase(QStringLiteral("secrets-migrate"));
        QVERIFY(runSql(*owner,
            { QStringLiteral("DROP ROLE IF EXISTS %1").arg(Role),
                QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2' IN ROLE sextant_reviewer").arg(Role, Password) }));

        // Connect: a URI with the password in it, a saved profile, the keychain (session-only here).
        const Result<PostgresSettings> parsed = PostgresSettings::fromConnectionString(
            QStringLiteral("postgresql://%1:%2@%3:%4/%5")
                .arg(Role, QString::fromUtf8(QUrl::toPercentEncoding(Password)), owner->host)
                .arg(owner->port)
                .arg(owner->database));
        QVERIFY(parsed);
        QCOMPARE(parsed->password, Password);
        qInfo("connecting to %s", qPrintable(parsed->displayName()));
        ConnectionProfileStore profiles;
        profiles.save({ ConnectionProfile { QStringLiteral("Secrets probe"), *parsed } });
        profiles.setLastUsed(QStringLiteral("Secrets probe"));
        QCOMPARE(profiles.load().size(), 1);
        QVERIFY(profiles.load().first().settings.password.isEmpty());
        SecretStore secrets;
        QVERIFY(QCoro::waitFor(
            secrets.write(ConnectionProfile { QStringLiteral("Secrets probe"), *parsed }.secretKey(), Password)));

        // AI setup on a local workspace file, with the key the loopback server requires.
        WorkspaceSession session;
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        QSignalSpy refusedFile(&session, &WorkspaceSession::refused);
        session.createWorkspaceFile(m_root + QLatin1String("/workspace.sqlite"));
        QVERIFY2(opened.wait(20000), refusedFile.isEmpty() ? "" : qPrintable(refusedFile.first().first().toString()));
        OpenAiTestServer server;
        QVERIFY(server.listen());
        server.setRequiredKey(testApiKey());
        AiEndpoint ai(session.worker(), &secrets);
        AiEndpoint::Config config;
        config.provider = AiEndpoint::Provider::OpenAi;
        config.openai = mockSettings(server);
        config.openai.maxRetries = 0;
        {
            QSettings settings;
            config.save(settings);
        }
        QVERIFY(QCoro::waitFor(secrets.write(config.openai.secretKey(), testApiKey())));
        ai.configure(config, testApiKey());
        const Result<QList<Embedding>> embedded
            = QCoro::waitFor(ai.embedder()->embed({ QStringLiteral("a memory about tomatoes") }));
        QVERIFY2(embedded, embedded ? "" : qPrintable(embedded.errorMessage()));
        server.queueFault(OpenAiTestServer::Fault::BadRequestEchoingKey);
        const Result<QList<Embedding>> echoed
            = QCoro::waitFor(ai.embedder()->embed({ QStringLiteral("another memory") }));
        QVERIFY(!echoed);
        show(echoed.errorMessage());
        server.queueFault(OpenAiTestServer::Fault::Unauthorized);
        ChatRequest chat;
        chat.messages << ChatMessage { QStringLiteral("user"), QStringLiteral("Say hello.") };
        const Result<ChatReply> refused = QCoro::waitFor(ai.client()->chat(chat));
        QVERIFY(!refused);
        show(refused.errorMessage());

        // The PostgreSQL workspace as the role, a decision into its journal (the database refuses it: there is no
        // such match), then a connection that fails.
        opened.clear();
        session.openPostgres(*parsed);
        QVERIFY2(opened.wait(20000), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        TaskRunner runner;
        const QString journalRoot
            = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/review-journal");
        ReviewService review(session.worker(), &runner, ReviewService::journalDirFor(journalRoot, session.identity()));
        QSignalSpy conflicts(&review, &ReviewService::conflict);
        QSignalSpy pending(&review, &ReviewService::pendingChanged);
        const QUuid decided = review.decide(QUuid::createUuid(), ReviewDecision::Approve, QString(), QString(), 1);
        QVERIFY2(!decided.isNull(), qPrintable(review.journalError()));
        QTRY_VERIFY_WITH_TIMEOUT(!conflicts.isEmpty() || review.pendingCount() == 0, 15000);
        // The journal may be compacted away once nothing in it is pending: search it now, while it is there.
        QVERIFY(QFile::exists(review.journalDir() + QLatin1Char('/') + DecisionJournal::FileName));
        int journalFiles = 0;
        const QList<Hit> inJournal = scan(review.journalDir(), secretsToFind(), &journalFiles);
        QVERIFY(journalFiles >= 1);
        QVERIFY2(inJournal.isEmpty(), inJournal.isEmpty() ? "" : qPrintable(inJournal.first().what));

        // The connection dialog's Test button on a database that does not exist.
        PostgresSettings missing = *parsed;
        missing.database = QStringLiteral("sextant_secrets_no_such_database");
        const Result<ConnectionReport> probed = PostgresWorkspace::probe(missing, QStringLiteral("secrets-probe"));
        QSqlDatabase::removeDatabase(QStringLiteral("secrets-probe"));
        QVERIFY(!probed);
        show(probed.errorMessage());

        for (const QString &message : std::as_const(m_shown)) {
            QVERIFY2(!message.contains(Password), qPrintable(message));
            QVERIFY2(!message.contains(testApiKey()), qPrintable(message));
        }
    }

    void nothingOnDisk()
    {
        QSettings().sync();
        const QMap<QString, QString> secrets = secretsToFind();

        // The search finds what is there: a planted copy of each secret is found, in each form.
        const QString canary = m_root + QLatin1String("/canary.txt");
        {
            QFile file(canary);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write((Password + QLatin1Char(' ') + testApiKey()).toUtf8());
        }
        int files = 0;
        int found = 0;
        for (const Hit &hit : scan(m_root, secrets, &files))
            found += hit.file == QLatin1String("canary.txt") ? 1 : 0;
        QCOMPARE(found, 2);
        QVERIFY(QFile::remove(canary));

        // Where the secrets could have gone: each of these exists and was searched.
        const QString settingsFile = QSettings().fileName();
        QVERIFY2(settingsFile.startsWith(m_root) && QFile::exists(settingsFile), qPrintable(settingsFile));
        QVERIFY(QFile::exists(m_root + QLatin1String("/workspace.sqlite")));
        QFile log(m_root + QLatin1String("/captured.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray logged = log.readAll();
        QVERIFY2(logged.contains("sextant.openai: POST"), "the captured log lacks sextant.openai's debug lines");
        QVERIFY(QLoggingCategory("qt.network.access").isDebugEnabled());

        const QList<Hit> hits = scan(m_root, secrets, &files);
        std::printf(
            "SECRETS files=%d bytes_logged=%lld hits=%lld\n", files, qlonglong(logged.size()), qlonglong(hits.size()));
        QStringList where;
        for (const Hit &hit : hits)
            where << QStringLiteral("%1 in %2").arg(hit.what, hit.file);
        QVERIFY2(hits.isEmpty(), qPrintable(where.join(QLatin1String("; "))));
    }
};

int main(int argc, char *argv[])
{
    // A HOME of its own, so every settings, data and cache file the run writes is under one folder to search;
    // D-Bus pointed nowhere, so the keychain is the session-only fallback even on a desktop.
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qputenv("HOME", QFile::encodeName(home.path()));
    for (const char *name : { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" })
        qunsetenv(name);
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sextant-test-bus");
    QFile log(home.filePath(QStringLiteral("captured.log")));
    if (!log.open(QIODevice::WriteOnly))
        return 1;
    logFile = &log;
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));

    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("sextant"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_secretleaks"));
    TestSecretLeaks test(home.path());
    const int status = QTest::qExec(&test, argc, argv);
    const QMutexLocker lock(&logMutex);
    logFile = nullptr;
    forward = nullptr;
    return status;
}
#include "tst_secretleaks.moc"
