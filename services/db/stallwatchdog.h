#pragma once

#include "core/result.h"
#include "db/serverprobe.h"

#include <QCoreApplication>
#include <QSqlDatabase>

#include <array>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

// How long a PostgreSQL statement may stay silent before its server is probed, and the bounds of what follows.
struct StallPolicy
{
    int silenceMs = 20000; // a statement waiting this long without a byte from the server gets a liveness probe
    int probeTimeoutMs = 5000; // the probe's bound: no answer by then and the connection is declared stalled
    int cancelGraceMs = 3000; // after a user's Cancel, how long the server has to stop before the socket is shut
};

// Watches the PostgreSQL connections of DatabaseWorker's lanes from a thread of its own, because a lane whose
// statement waits on a quiet network is blocked inside libpq and can do nothing itself.
//
// A busy server computing a long statement also sends nothing, so silence alone decides nothing: once a statement
// has waited `silenceMs` for its answer (the lane's thread blocked in libpq's poll(), per /proc, and no byte from
// the server on the socket's own clock, TCP_INFO), a second short connection (ServerProbe) asks pg_stat_activity what
// our backend does. Working (active, not waiting on the network) → keep waiting, probe again after another `silenceMs`.
// No answer within `probeTimeoutMs`, or our backend idle or blocked sending to us → stalled: the socket is shut
// (shutdown(2)), so the blocked read fails at once and libpq reports the connection lost; a backend the probe reached
// is terminated so its transaction and locks go now rather than when the server's TCP gives up. The failing call, and
// the lane's next calls until it is connected again, carry a sentence that names the stall.
//
// A user's Cancel of a call (cancel()) asks the server to stop the statement (pg_cancel_backend, bounded like the
// probe) and shuts the socket if the call has not returned within `cancelGraceMs`, so Cancel works during a stall.
// Only TCP connections are watched for stalls (a local socket does not stall); SQLite connections not at all.
//
// Thread contract: begin()/settle() on the lane's thread, around each call that uses its connection; cancel(),
// setPolicy() and the counters from any thread.
class StallWatchdog
{
    Q_DECLARE_TR_FUNCTIONS(StallWatchdog)

public:
    static constexpr int Slots = 2; // one per lane

    StallWatchdog();
    ~StallWatchdog();
    StallWatchdog(const StallWatchdog &) = delete;
    StallWatchdog &operator=(const StallWatchdog &) = delete;

    void setPolicy(const StallPolicy &policy);
    StallPolicy policy() const;

    // A call starts on `slot`'s connection; its id, 0 when the connection is not PostgreSQL (nothing watched).
    quint64 begin(int slot, const QSqlDatabase &database);
    // The call has returned: the error to report instead of `failure` when the watchdog (or a Cancel) ended it or
    // the connection is down because of a stall; nullopt when there is nothing to add. `failure` null: it worked.
    std::optional<Error> settle(int slot, quint64 call, const Error *failure);
    // Asks for `call` to stop (ignored once it has returned).
    void cancel(int slot, quint64 call);

    // For drills and the log: probes made, of them answered "still working", and stalls declared.
    int probes() const;
    int busyAnswers() const;
    int stallsDeclared() const;

private:
    struct Slot
    {
        bool active = false;
        quint64 call = 0;
        qint64 startedMs = 0;
        qint64 probeAtMs = 0; // of silence
        int fd = -1;
        int thread = 0; // the lane's thread id, which waits inside libpq
        QByteArray local; // getsockname() at begin(): the fd still is this connection's socket
        ServerProbe::Target target;
        pg_conn *connection = nullptr; // compared only, never used off the lane's thread
        int backendPid = 0;
        bool cancelRequested = false;
        bool cancelSent = false;
        qint64 cancelDeadlineMs = 0;
        bool shut = false;
        enum class Ended { No, Stalled, Cancelled } ended = Ended::No;
        QString note; // the stall's sentence, kept for the next calls until the lane reconnects
    };

    void loop();
    void inspect(int index, std::unique_lock<std::mutex> &lock);
    void requestedCancel(int index, std::unique_lock<std::mutex> &lock);
    qint64 silence(const Slot &slot, qint64 now) const; // -1: cannot be told
    static std::optional<bool> waitingForIo(int tid);
    void shut(Slot &slot);
    static qint64 nowMs();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::array<Slot, Slots> m_slots;
    StallPolicy m_policy;
    quint64 m_nextCall = 1;
    int m_probes = 0;
    int m_busy = 0;
    int m_stalls = 0;
    bool m_stopping = false;
    bool m_idle = false; // the thread waits for a call to begin
    std::thread m_thread; // last: starts once everything above exists
};
