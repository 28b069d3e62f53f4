#include "db/connectionprofile.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

class TestConnectionProfile : public QObject
{
    Q_OBJECT
private:
    static ConnectionProfile supabaseProfile(const QString &password)
    {
        ConnectionProfile profile;
        profile.name = QStringLiteral("Supabase EU");
        profile.settings.host = QStringLiteral("aws-0-eu-central-1.pooler.supabase.com");
        profile.settings.user = QStringLiteral("postgres.abcdefghijkl");
        profile.settings.password = password; // a careless caller: the store must drop it
        profile.settings.sslMode = QStringLiteral("verify-full");
        profile.settings.sslRootCert = QStringLiteral("/etc/ssl/supabase.crt");
        profile.settings.schemas.auth = QStringLiteral("app_auth");
        return profile;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sextant-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_connectionprofile"));
    }

    void init() { QSettings().clear(); }

    void roundTrip()
    {
        ConnectionProfile local;
        local.name = QStringLiteral("Local");
        local.settings.port = 55432;
        ConnectionProfileStore store;
        store.save({ supabaseProfile(QString()), local });

        const QList<ConnectionProfile> loaded = store.load();
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(loaded[0].name, QStringLiteral("Supabase EU"));
        const PostgresSettings &s = loaded[0].settings;
        QCOMPARE(s.host, QStringLiteral("aws-0-eu-central-1.pooler.supabase.com"));
        QCOMPARE(s.port, 5432);
        QCOMPARE(s.user, QStringLiteral("postgres.abcdefghijkl"));
        QCOMPARE(s.database, QStringLiteral("postgres"));
        QCOMPARE(s.sslMode, QStringLiteral("verify-full"));
        QCOMPARE(s.sslRootCert, QStringLiteral("/etc/ssl/supabase.crt"));
        QCOMPARE(s.schemas.eumas, QStringLiteral("public"));
        QCOMPARE(s.schemas.auth, QStringLiteral("app_auth"));
        QCOMPARE(s.schemas.core, QStringLiteral("core"));
        QCOMPARE(s.schemas.ai, QStringLiteral("ai"));
        QCOMPARE(loaded[1].name, QStringLiteral("Local"));
        QCOMPARE(loaded[1].settings.port, 55432);
        QCOMPARE(loaded[0].secretKey(),
            QStringLiteral("postgresql://postgres.abcdefghijkl@aws-0-eu-central-1.pooler.supabase.com:5432/postgres"));
    }

    void neverWritesThePassword()
    {
        const QString password = QStringLiteral("pw-that-must-not-leak-%1").arg(QCoreApplication::applicationPid());
        ConnectionProfileStore store;
        store.save({ supabaseProfile(password) });
        store.setLastUsed(QStringLiteral("Supabase EU"));

        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
        const QByteArray contents = file.readAll();
        QVERIFY(contents.contains("pooler.supabase.com")); // it is the right file
        QVERIFY(!contents.contains(password.toUtf8()));
        QVERIFY(!contents.contains("password"));
        for (const QString &key : settings.allKeys()) {
            QVERIFY2(!key.contains(QLatin1String("password"), Qt::CaseInsensitive), qPrintable(key));
            QVERIFY2(settings.value(key).toString() != password, qPrintable(key));
        }
        QVERIFY(store.load().first().settings.password.isEmpty());
    }

    void removeByName()
    {
        ConnectionProfile a = supabaseProfile(QString());
        ConnectionProfile b = a;
        b.name = QStringLiteral("Second");
        ConnectionProfileStore store;
        store.save({ a, b });
        store.setLastUsed(QStringLiteral("Second"));
        store.remove(QStringLiteral("Second"));
        store.remove(QStringLiteral("never existed"));
        QCOMPARE(store.load().size(), 1);
        QCOMPARE(store.load().first().name, QStringLiteral("Supabase EU"));
        QVERIFY(store.lastUsed().isEmpty());
        store.save({});
        QVERIFY(store.load().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConnectionProfile)
#include "tst_connectionprofile.moc"
