#include "core/secretstore.h"

#include <QCoroTask>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

// The session-only fallback, as it runs wherever no keychain service answers (this test points
// D-Bus at a socket that does not exist, so it takes that path on a desktop too).
class TestSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_secretstore"));
        QSettings().clear();
    }

    void fallsBackToSessionOnly()
    {
        SecretStore store;
        QSignalSpy persistence(&store, &SecretStore::persistenceChanged);
        const QString key = QStringLiteral("postgresql://postgres@db.example.supabase.co:5432/postgres");
        const QString secret = QStringLiteral("s3cr3t-Ümlaut-%1").arg(QCoreApplication::applicationPid());

        const Result<void> written = QCoro::waitFor(store.write(key, secret));
        QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
        QVERIFY(!store.isPersistent());
        QCOMPARE(persistence.count(), 1);
        QCOMPARE(persistence.first().first().toBool(), false);

        const Result<QString> read = QCoro::waitFor(store.read(key));
        QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
        QCOMPARE(*read, secret);

        const Result<QString> missing = QCoro::waitFor(store.read(QStringLiteral("postgresql://nobody@nowhere:1/x")));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, Error::NotFound);

        QVERIFY(QCoro::waitFor(store.remove(key)).ok());
        QCOMPARE(QCoro::waitFor(store.read(key)).error().code, Error::NotFound);
        QVERIFY(QCoro::waitFor(store.remove(key)).ok()); // removing twice is fine
        QCOMPARE(persistence.count(), 1); // the notice is given once

        // Nothing reached a settings file: not the secret, not QtKeychain's plaintext fallback.
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        if (file.open(QIODevice::ReadOnly))
            QVERIFY(!file.readAll().contains(secret.toUtf8()));
        for (const QString &k : settings.allKeys())
            QVERIFY2(settings.value(k).toString() != secret, qPrintable(k));
    }

    void detectReportsSessionOnly()
    {
        SecretStore store;
        QSignalSpy persistence(&store, &SecretStore::persistenceChanged);
        QCOMPARE(QCoro::waitFor(store.detect()), false);
        QVERIFY(!store.isPersistent());
        QCOMPARE(persistence.count(), 1);
        QCOMPARE(SecretStore::serviceName(), QStringLiteral("Sextant"));
    }

    void sessionStoresAreSeparate()
    {
        // Session-only means this process and this store: a new store starts empty.
        SecretStore first;
        QVERIFY(QCoro::waitFor(first.write(QStringLiteral("k"), QStringLiteral("v"))).ok());
        SecretStore second;
        QCOMPARE(QCoro::waitFor(second.read(QStringLiteral("k"))).error().code, Error::NotFound);
    }
};

int main(int argc, char *argv[])
{
    // No keychain service may answer, whatever desktop the test runs on.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sextant-test-bus");
    QCoreApplication app(argc, argv);
    TestSecretStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstore.moc"
