#include "db/serverprobe.h"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>

namespace {

// The numeric address and port of the peer a TCP socket is connected to; false for a Unix socket.
bool peerOf(int fd, QByteArray *address, QByteArray *port)
{
    sockaddr_storage peer {};
    socklen_t length = sizeof peer;
    if (fd < 0 || ::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &length) != 0)
        return false;
    char text[INET6_ADDRSTRLEN] = {};
    if (peer.ss_family == AF_INET) {
        const auto *in = reinterpret_cast<const sockaddr_in *>(&peer);
        ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        *port = QByteArray::number(ntohs(in->sin_port));
    } else if (peer.ss_family == AF_INET6) {
        const auto *in = reinterpret_cast<const sockaddr_in6 *>(&peer);
        ::inet_ntop(AF_INET6, &in->sin6_addr, text, sizeof text);
        *port = QByteArray::number(ntohs(in->sin6_port));
    } else {
        return false;
    }
    *address = QByteArray(text);
    return true;
}

} // namespace

ServerProbe::Target ServerProbe::targetOf(pg_conn *connection)
{
    Target target;
    if (!connection || PQstatus(connection) != CONNECTION_OK)
        return target;
    QByteArray address;
    QByteArray port;
    const bool tcp = peerOf(PQsocket(connection), &address, &port);
    const auto add = [&target](const QByteArray &keyword, const QByteArray &value) {
        target.keywords.push_back(keyword);
        target.values.push_back(value);
    };
    PQconninfoOption *options = PQconninfo(connection);
    for (const PQconninfoOption *o = options; o && o->keyword; ++o) {
        if (!o->val || !*o->val)
            continue;
        const QByteArray keyword(o->keyword);
        // One host, the one this connection reached; the probe's own name and no libpq timeout (the deadline is).
        if (keyword == "application_name")
            target.applicationName = QByteArray(o->val);
        if (keyword == "host" || keyword == "hostaddr" || keyword == "port" || keyword == "application_name"
            || keyword == "connect_timeout" || keyword == "target_session_attrs")
            continue;
        add(keyword, QByteArray(o->val));
    }
    PQconninfoFree(options);
    add(QByteArrayLiteral("host"), QByteArray(PQhost(connection)));
    if (tcp) {
        add(QByteArrayLiteral("hostaddr"), address);
        add(QByteArrayLiteral("port"), port);
    } else {
        add(QByteArrayLiteral("port"), QByteArray(PQport(connection)));
    }
    add(QByteArrayLiteral("application_name"), QByteArrayLiteral("Sextant liveness probe"));
    target.backendPid = PQbackendPID(connection);
    return target;
}

ServerProbe::ServerProbe(const Target &target, QDeadlineTimer deadline)
    : m_deadline(deadline)
    , m_backendPid(target.backendPid)
    , m_applicationName(target.applicationName)
{
    std::vector<const char *> keywords;
    std::vector<const char *> values;
    for (std::size_t i = 0; i < target.keywords.size(); ++i) {
        keywords.push_back(target.keywords[i].constData());
        values.push_back(target.values[i].constData());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    PGconn *connection = PQconnectStartParams(keywords.data(), values.data(), 0);
    if (!connection) {
        m_error = QStringLiteral("out of memory");
        return;
    }
    // PQconnectPoll's contract: start as if it had asked to write.
    PostgresPollingStatusType status
        = PQstatus(connection) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
    m_connection = connection;
    while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED) {
        if (!wait(status == PGRES_POLLING_WRITING)) {
            m_error = QStringLiteral("no answer within the deadline");
            PQfinish(connection);
            m_connection = nullptr;
            return;
        }
        status = PQconnectPoll(connection);
    }
    if (status == PGRES_POLLING_FAILED) {
        m_error = QString::fromUtf8(PQerrorMessage(connection)).trimmed();
        // "FATAL:" comes from the server (too many clients, a refused login): it is there, it only said no.
        m_serverAnswered = m_error.contains(QLatin1String("FATAL:"));
        PQfinish(connection);
        m_connection = nullptr;
        return;
    }
    // From here PQflush never blocks, and neither does PQfinish's goodbye on a quiet network.
    PQsetnonblocking(connection, 1);
}

ServerProbe::~ServerProbe()
{
    if (m_connection)
        PQfinish(m_connection);
}

bool ServerProbe::wait(bool forWrite)
{
    pollfd fd { PQsocket(m_connection), short(forWrite ? POLLOUT : POLLIN), 0 };
    if (fd.fd < 0)
        return false;
    for (;;) {
        const qint64 left = m_deadline.remainingTime();
        if (left == 0)
            return false;
        const int ready = ::poll(&fd, 1, left < 0 ? -1 : int(left));
        if (ready > 0)
            return true;
        if (ready == 0 || errno != EINTR)
            return false;
    }
}

// Reads the first row's first two columns, all before the deadline.
bool ServerProbe::query(const char *sql, QByteArray *first, QByteArray *second)
{
    if (!m_connection)
        return false;
    const QByteArray pid = QByteArray::number(m_backendPid);
    const char *params[] = { pid.constData(), m_applicationName.constData() };
    if (!PQsendQueryParams(m_connection, sql, 2, nullptr, params, nullptr, nullptr, 0))
        return false;
    for (int flushed = PQflush(m_connection); flushed != 0; flushed = PQflush(m_connection)) {
        if (flushed < 0 || !wait(true))
            return false;
    }
    bool answered = false;
    for (;;) {
        while (PQisBusy(m_connection)) {
            if (!wait(false) || !PQconsumeInput(m_connection))
                return false;
        }
        PGresult *result = PQgetResult(m_connection);
        if (!result)
            return answered;
        if (PQresultStatus(result) == PGRES_TUPLES_OK) {
            answered = true;
            if (PQntuples(result) > 0) {
                if (first && !PQgetisnull(result, 0, 0))
                    *first = QByteArray(PQgetvalue(result, 0, 0));
                if (second && PQnfields(result) > 1 && !PQgetisnull(result, 0, 1))
                    *second = QByteArray(PQgetvalue(result, 0, 1));
            }
        } else {
            m_error = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        }
        PQclear(result);
    }
}

ServerProbe::Backend ServerProbe::backend(QString *state)
{
    QByteArray activity;
    QByteArray waitType;
    if (!query("SELECT state, wait_event_type FROM pg_stat_activity WHERE pid = $1::int AND application_name = $2",
            &activity, &waitType))
        return m_error.isEmpty() ? Backend::NoAnswer : Backend::Unknown; // silence, or the server said no
    if (state)
        *state = QString::fromUtf8(activity);
    if (activity.isEmpty())
        return Backend::Unknown; // no such backend (a pooler's pid), or another role's, whose state is hidden
    // Waiting on the client means waiting on the network towards us: the server is not working for us either.
    if (activity == "active" && waitType != "Client")
        return Backend::Working;
    return Backend::NotWorking;
}

bool ServerProbe::cancelStatement()
{
    QByteArray done;
    return query("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = $1::int AND application_name = $2",
               &done, nullptr)
        && done == "t";
}

bool ServerProbe::terminateBackend()
{
    QByteArray done;
    return query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1::int AND application_name = $2",
               &done, nullptr)
        && done == "t";
}
