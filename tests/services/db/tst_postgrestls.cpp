// TLS with sslmode=verify-full against a throwaway PostgreSQL whose certificates come from a throwaway authority
// (tests/support/tls-pg-server.sh): the right root certificate connects; a wrong authority, an expired
// certificate and a host-name mismatch are refused, each with a sentence that says which, and a missing root
// certificate file is named. The server is this test's own (not SEXTANT_TEST_PG): missing initdb or openssl fails
// the test, in CI and on a developer's machine.
#include "db/postgresworkspace.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestPostgresTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_port = 0;
    QString m_running; // the certificate the server presents, empty while stopped

    static QString script() { return QStringLiteral(SEXTANT_TEST_DATA "/../support/tls-pg-server.sh"); }

    static bool run(const QStringList &arguments, QString *output)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(script(), arguments);
        const bool done = process.waitForFinished(60000);
        *output = QString::fromLocal8Bit(process.readAll());
        return done && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

    // Starts the server with `certificate` (server or expired), restarting it if it presents another.
    bool serve(const QString &certificate)
    {
        if (m_running == certificate)
            return true;
        QString output;
        if (!m_running.isEmpty() && !run({ QStringLiteral("stop"), m_dir.path() }, &output)) {
            qWarning("%s", qPrintable(output));
            return false;
        }
        m_running.clear();
        if (!run({ QStringLiteral("start"), m_dir.path(), QString::number(m_port), certificate }, &output)) {
            qWarning("%s", qPrintable(output));
            return false;
        }
        m_running = certificate;
        return true;
    }

    PostgresSettings settings(const QString &host, const QString &rootCertificate) const
    {
        PostgresSettings s;
        s.host = host;
        s.port = m_port;
        s.user = QStringLiteral("postgres");
        s.database = QStringLiteral("postgres");
        s.sslMode = QStringLiteral("verify-full");
        s.sslRootCert = m_dir.filePath(rootCertificate);
        return s;
    }

    static QString refusal(const PostgresSettings &s)
    {
        const Result<ConnectionReport> report = PostgresWorkspace::probe(s, QStringLiteral("tls-refused"));
        QSqlDatabase::removeDatabase(QStringLiteral("tls-refused"));
        if (report)
            return {};
        qInfo("%s", qPrintable(report.error().message)); // the sentence a person reads, for the log
        return report.error().message;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_port = probe.serverPort();
        probe.close();
        QString output;
        QVERIFY2(run({ QStringLiteral("certs"), m_dir.path() }, &output), qPrintable(output));
    }

    void rightRootCertificateConnects()
    {
        QVERIFY(serve(QStringLiteral("server")));
        // verify-full never falls back to an unencrypted or unverified connection: an answer is a verified one.
        const Result<ConnectionReport> report = PostgresWorkspace::probe(
            settings(QStringLiteral("localhost"), QStringLiteral("ca.crt")), QStringLiteral("tls-ok"));
        QSqlDatabase::removeDatabase(QStringLiteral("tls-ok"));
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY2(report->serverVersion.startsWith(QLatin1String("PostgreSQL 15")), qPrintable(report->serverVersion));
    }

    void wrongAuthorityIsRefused()
    {
        QVERIFY(serve(QStringLiteral("server")));
        const QString message = refusal(settings(QStringLiteral("localhost"), QStringLiteral("other-ca.crt")));
        QVERIFY2(message.contains(QLatin1String("was not issued by the certificate authority in"))
                && message.contains(QLatin1String("other-ca.crt")),
            qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("expired")) && !message.contains(QLatin1String("is for ")),
            qPrintable(message));
    }

    void hostNameMismatchIsRefused()
    {
        QVERIFY(serve(QStringLiteral("server")));
        // The certificate names localhost only; the same server reached by its address is not what it names.
        const QString message = refusal(settings(QStringLiteral("127.0.0.1"), QStringLiteral("ca.crt")));
        QVERIFY2(message.contains(QLatin1String("The server's certificate is for localhost, not for 127.0.0.1")),
            qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("not issued by")) && !message.contains(QLatin1String("expired")),
            qPrintable(message));
    }

    void missingRootCertificateIsNamed()
    {
        QVERIFY(serve(QStringLiteral("server")));
        const QString message = refusal(settings(QStringLiteral("localhost"), QStringLiteral("no-such-ca.crt")));
        QVERIFY2(message.contains(QLatin1String("The root certificate file"))
                && message.contains(QLatin1String("no-such-ca.crt"))
                && message.contains(QLatin1String("does not exist")),
            qPrintable(message));
    }

    void expiredCertificateIsRefused()
    {
        QVERIFY(serve(QStringLiteral("expired")));
        const QString message = refusal(settings(QStringLiteral("localhost"), QStringLiteral("ca.crt")));
        QVERIFY2(message.contains(QLatin1String("The server's certificate expired on"))
                && message.contains(QLatin1String("2020")),
            qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("not issued by")), qPrintable(message));
    }

    void cleanupTestCase()
    {
        QString output;
        if (!m_running.isEmpty() && !run({ QStringLiteral("stop"), m_dir.path() }, &output))
            qWarning("%s", qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestPostgresTls)
#include "tst_postgrestls.moc"
