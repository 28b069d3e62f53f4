#pragma once

#include <QString>

struct PostgresSettings;

// Why a server's TLS certificate was refused, in a sentence for the person connecting. libpq says only
// "certificate verify failed" for an unknown authority and for an expired certificate alike, so after such a
// refusal this repeats the handshake itself (PostgreSQL's SSLRequest, then TLS with the same root certificate and
// host name) and names what it finds: a certificate from another authority, an expired or not yet valid one, one
// for another host name. Sends nothing but the SSLRequest; no password. Blocking (a few seconds at most): call it
// where the connection is made, off the UI thread.
namespace TlsDiagnosis {

// libpq's text says the server's certificate was refused, or the root certificate to check it is missing (not a
// network or password problem).
bool isCertificateRefusal(const QString &libpqText);
// The translated sentence(s) for `settings` (sslmode verify-ca or verify-full), or empty when the check finds
// nothing to name (the caller then keeps libpq's own text).
QString describe(const PostgresSettings &settings);

} // namespace TlsDiagnosis
