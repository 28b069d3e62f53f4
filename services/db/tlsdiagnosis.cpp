#include "db/tlsdiagnosis.h"

#include "db/postgresworkspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QtEndian>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TlsDiagnosis", text);
}

constexpr int WaitMs = 5000;

// libpq's default when sslrootcert is not given.
QString rootCertificateFile(const PostgresSettings &settings)
{
    if (!settings.sslRootCert.isEmpty())
        return settings.sslRootCert;
    return QDir::home().filePath(QStringLiteral(".postgresql/root.crt"));
}

QString namesOf(const QSslCertificate &certificate)
{
    QStringList names = certificate.subjectAlternativeNames().values(QSsl::DnsEntry);
    names += certificate.subjectAlternativeNames().values(QSsl::IpAddressEntry);
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names.join(QLatin1String(", "));
}

QString utcDate(const QDateTime &when)
{
    return QLocale().toString(when.toUTC(), QLocale::ShortFormat) + QLatin1String(" UTC");
}

QString sentenceFor(const QSslError &error, const PostgresSettings &settings, const QString &rootFile)
{
    const QSslCertificate certificate = error.certificate();
    switch (error.error()) {
    case QSslError::CertificateExpired:
        return tr("The server's certificate expired on %1.").arg(utcDate(certificate.expiryDate()));
    case QSslError::CertificateNotYetValid:
        return tr("The server's certificate is not valid before %1 (or this computer's clock is wrong).")
            .arg(utcDate(certificate.effectiveDate()));
    case QSslError::HostNameMismatch:
        return tr("The server's certificate is for %1, not for %2: connect with a name the certificate lists.")
            .arg(namesOf(certificate), settings.host);
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateSignatureFailed:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateRejected:
        return tr("The server's certificate was not issued by the certificate authority in %1: the root "
                  "certificate is the wrong one, or someone else answers at this address.")
            .arg(QDir::toNativeSeparators(rootFile));
    default:
        return error.errorString();
    }
}
} // namespace

namespace TlsDiagnosis {

bool isCertificateRefusal(const QString &libpqText)
{
    return libpqText.contains(QLatin1String("certificate verify failed"))
        || libpqText.contains(QLatin1String("does not match host name"))
        || libpqText.contains(QLatin1String("root certificate file"));
}

QString describe(const PostgresSettings &settings)
{
    const QString rootFile = rootCertificateFile(settings);
    if (!QFileInfo::exists(rootFile))
        return tr("The root certificate file %1 does not exist: choose the certificate authority's file in the "
                  "connection settings.")
            .arg(QDir::toNativeSeparators(rootFile));
    if (!QSslSocket::supportsSsl())
        return {};
    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(rootFile));
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket.setSslConfiguration(config);
    // verify-ca does not check the name; libpq would not have refused for it.
    socket.setPeerVerifyName(settings.host);
    socket.connectToHost(settings.host, quint16(settings.port));
    if (!socket.waitForConnected(WaitMs))
        return {};
    // PostgreSQL's SSLRequest: length 8, code 80877103; the server answers 'S' and then speaks TLS.
    char request[8];
    qToBigEndian<quint32>(8, request);
    qToBigEndian<quint32>(80877103, request + 4);
    socket.write(request, sizeof request);
    if (!socket.waitForReadyRead(WaitMs))
        return {};
    char answer = 0;
    if (!socket.getChar(&answer) || answer != 'S')
        return {};
    socket.startClientEncryption();
    socket.waitForEncrypted(WaitMs);
    QStringList sentences;
    for (const QSslError &error : socket.sslHandshakeErrors()) {
        if (error.error() == QSslError::HostNameMismatch && settings.sslMode != QLatin1String("verify-full"))
            continue;
        const QString sentence = sentenceFor(error, settings, rootFile);
        if (!sentences.contains(sentence))
            sentences << sentence;
    }
    socket.abort();
    return sentences.join(QLatin1Char(' '));
}

} // namespace TlsDiagnosis
