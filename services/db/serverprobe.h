#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QString>

#include <vector>

struct pg_conn;

// A second, short-lived connection to the server a watched connection talks to, for StallWatchdog: it asks what
// the watched connection's backend is doing, or asks the server to cancel its statement. Every step (connect,
// send, read) ends by one deadline whatever the network does: libpq's nonblocking calls and poll(), because
// PQcancel (libpq 15) and a blocking PQconnectdb can wait without bound on a network that went quiet.
// Thread: any but the UI thread; blocks for at most the deadline. Never logs the password it carries.
class ServerProbe
{
public:
    // The watched connection's own parameters (PQconninfo), aimed at the address it is connected to (no DNS
    // lookup, which a broken network can hang, and surely the same server), and the backend it watches.
    struct Target
    {
        std::vector<QByteArray> keywords;
        std::vector<QByteArray> values;
        int backendPid = 0;
        QByteArray applicationName; // what pg_stat_activity shows for it: a pid alone may be a pooler's, or reused
        bool isValid() const { return backendPid != 0 && !keywords.empty(); }
    };
    // Read on the watched connection's thread (libpq reads its own state there).
    static Target targetOf(pg_conn *connection);

    enum class Backend {
        NoAnswer, // the catalog query got no answer before the deadline
        Unknown, // no row (a pooler's pid) or no state visible: nothing to conclude
        Working, // active and not waiting on the client: a long statement, a lock wait
        NotWorking, // idle, idle in a transaction, or blocked on the network towards us
    };

    ServerProbe(const Target &target, QDeadlineTimer deadline);
    ~ServerProbe();
    ServerProbe(const ServerProbe &) = delete;
    ServerProbe &operator=(const ServerProbe &) = delete;

    // False when no connection could be made before the deadline; error() says why.
    bool reached() const { return m_connection != nullptr; }
    // True when the server itself answered (a refusal for too many clients, a password that no longer works):
    // it is reachable though the probe could not log in.
    bool serverAnswered() const { return m_serverAnswered; }
    QString error() const { return m_error; }

    Backend backend(QString *state = nullptr);
    bool cancelStatement(); // pg_cancel_backend: the statement stops, the connection stays
    bool terminateBackend(); // pg_terminate_backend: the server ends the session and its transaction

private:
    // Sends `sql` with the watched pid as $1 and its application name as $2.
    bool query(const char *sql, QByteArray *first, QByteArray *second);
    bool wait(bool forWrite);

    pg_conn *m_connection = nullptr;
    QDeadlineTimer m_deadline;
    int m_backendPid = 0;
    QByteArray m_applicationName;
    bool m_serverAnswered = false;
    QString m_error;
};
