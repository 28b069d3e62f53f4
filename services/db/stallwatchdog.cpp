#include "db/stallwatchdog.h"

#include "db/libpqconnection.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace {

constexpr std::chrono::milliseconds Tick { 100 };

QByteArray localAddress(int fd)
{
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (fd < 0 || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    return QByteArray(reinterpret_cast<const char *>(&address), int(length));
}

} // namespace

StallWatchdog::StallWatchdog()
    : m_thread([this] { loop(); })
{
}

StallWatchdog::~StallWatchdog()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void StallWatchdog::setPolicy(const StallPolicy &policy)
{
    const std::lock_guard lock(m_mutex);
    m_policy = policy;
}

StallPolicy StallWatchdog::policy() const
{
    const std::lock_guard lock(m_mutex);
    return m_policy;
}

int StallWatchdog::probes() const
{
    const std::lock_guard lock(m_mutex);
    return m_probes;
}

int StallWatchdog::busyAnswers() const
{
    const std::lock_guard lock(m_mutex);
    return m_busy;
}

int StallWatchdog::stallsDeclared() const
{
    const std::lock_guard lock(m_mutex);
    return m_stalls;
}

qint64 StallWatchdog::nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

quint64 StallWatchdog::begin(int index, const QSqlDatabase &database)
{
    PGconn *connection = libpqConnection(database);
    if (!connection)
        return 0;
    const bool usable = PQstatus(connection) == CONNECTION_OK;
    const int pid = usable ? PQbackendPID(connection) : 0;
    const int fd = usable ? PQsocket(connection) : -1;
    const QByteArray local = localAddress(fd);
    const std::lock_guard lock(m_mutex);
    Slot &slot = m_slots[index];
    if (slot.active)
        return 0; // a call inside a call on the same lane: the outer one is watched
    if (usable && (connection != slot.connection || pid != slot.backendPid)) {
        // Connected again since the last call: a stall's sentence no longer applies.
        slot.connection = connection;
        slot.backendPid = pid;
        slot.target = ServerProbe::targetOf(connection);
        slot.note.clear();
    }
    slot.active = true;
    slot.call = m_nextCall++;
    slot.startedMs = nowMs();
    slot.probeAtMs = m_policy.silenceMs;
    slot.fd = fd;
    slot.local = local;
    slot.thread = int(::gettid());
    slot.cancelRequested = false;
    slot.cancelSent = false;
    slot.shut = false;
    slot.ended = Slot::Ended::No;
    if (m_idle)
        m_wake.notify_all();
    return slot.call;
}

std::optional<Error> StallWatchdog::settle(int index, quint64 call, const Error *failure)
{
    if (call == 0)
        return std::nullopt;
    const std::lock_guard lock(m_mutex);
    Slot &slot = m_slots[index];
    if (!slot.active || slot.call != call)
        return std::nullopt;
    slot.active = false;
    if (!failure) {
        if (slot.ended == Slot::Ended::No)
            slot.note.clear(); // the connection answers again
        return std::nullopt;
    }
    if (slot.ended == Slot::Ended::Cancelled)
        return makeError(Error::Cancelled,
            slot.shut ? tr("Cancelled. The server did not stop the statement in time, so Sextant closed the "
                           "connection; the unfinished step was not saved, and Sextant reconnects by itself.")
                      : tr("Cancelled. The server stopped the statement; the unfinished step was not saved."));
    if (slot.note.isEmpty())
        return std::nullopt;
    return makeError(failure->code, slot.note + QLatin1Char(' ') + failure->message);
}

void StallWatchdog::cancel(int index, quint64 call)
{
    {
        const std::lock_guard lock(m_mutex);
        Slot &slot = m_slots[index];
        if (call == 0 || !slot.active || slot.call != call)
            return;
        slot.cancelRequested = true;
    }
    m_wake.notify_all();
}

void StallWatchdog::loop()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        // Asleep while no call runs (begin() wakes it), so an idle workspace costs nothing.
        const bool watching = std::any_of(m_slots.begin(), m_slots.end(), [](const Slot &slot) { return slot.active; });
        m_idle = !watching;
        if (watching)
            m_wake.wait_for(lock, Tick);
        else
            m_wake.wait(lock);
        m_idle = false;
        for (int index = 0; index < Slots && !m_stopping; ++index)
            inspect(index, lock);
    }
}

// Whether thread `tid` of this process is blocked waiting for I/O, as libpq is while it waits for the server (in
// poll(), or a read). A lane that computes between two statements is "running" and is not waiting on the server.
// nullopt where /proc does not say.
std::optional<bool> StallWatchdog::waitingForIo(int tid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/task/%d/syscall", tid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    char text[32] = {};
    const ssize_t length = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    if (length <= 0)
        return std::nullopt;
    if (std::strncmp(text, "running", 7) == 0)
        return false;
    char *end = nullptr;
    const long number = std::strtol(text, &end, 10);
    if (end == text)
        return std::nullopt;
    for (const long waiting : {
#ifdef SYS_poll
             long(SYS_poll),
#endif
#ifdef SYS_select
             long(SYS_select),
#endif
             long(SYS_ppoll), long(SYS_pselect6), long(SYS_read), long(SYS_recvfrom) }) {
        if (number == waiting)
            return true;
    }
    return false;
}

// Milliseconds the statement on `slot` has waited for the server: since it began, since the server's last byte, or
// since our last byte left (the socket's own clock, TCP_INFO), whichever is latest. A statement still going out
// (500 rows with their vectors on a slow link) is progress, not silence: the server is reading it. 0 while the lane
// is not waiting for the server (it computes between two statements); -1 when it cannot be told (not TCP).
qint64 StallWatchdog::silence(const Slot &slot, qint64 now) const
{
#ifdef TCP_INFO
    tcp_info info {};
    socklen_t length = sizeof info;
    if (slot.fd < 0 || localAddress(slot.fd) != slot.local
        || ::getsockopt(slot.fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        return -1;
    // Without /proc: waiting if the last bytes went out (on the kernel's coarse clock, where a reply that came within
    // the same tick as the request looks like no reply at all, so /proc is asked first).
    const bool waiting = waitingForIo(slot.thread).value_or(info.tcpi_last_data_recv > info.tcpi_last_data_sent);
    if (!waiting)
        return 0;
    return std::min<qint64>(
        { now - slot.startedMs, qint64(info.tcpi_last_data_recv), qint64(info.tcpi_last_data_sent) });
#else
    Q_UNUSED(slot);
    Q_UNUSED(now);
    return -1;
#endif
}

// Only while the call that saw the stall still runs (the caller holds the lock, so it cannot return meanwhile),
// and only if the descriptor still is that connection's socket (libpq closes it once it knows the connection lost,
// and the number may already belong to another socket).
void StallWatchdog::shut(Slot &slot)
{
    if (slot.fd >= 0 && localAddress(slot.fd) == slot.local)
        ::shutdown(slot.fd, SHUT_RDWR);
    slot.shut = true;
}

void StallWatchdog::inspect(int index, std::unique_lock<std::mutex> &lock)
{
    Slot &slot = m_slots[index];
    if (!slot.active || slot.shut)
        return;
    if (slot.cancelRequested) {
        requestedCancel(index, lock);
        return;
    }
    if (!slot.target.isValid())
        return;
    const qint64 quiet = silence(slot, nowMs());
    if (quiet < 0 || quiet < slot.probeAtMs)
        return;
    const quint64 call = slot.call;
    const ServerProbe::Target target = slot.target;
    const StallPolicy policy = m_policy;
    lock.unlock();
    ServerProbe probe(target, QDeadlineTimer(policy.probeTimeoutMs));
    QString state;
    const ServerProbe::Backend backend = probe.reached() ? probe.backend(&state) : ServerProbe::Backend::NoAnswer;
    lock.lock();
    ++m_probes;
    if (!slot.active || slot.call != call || slot.shut)
        return; // it answered meanwhile, or was cancelled
    const bool unreachable = !probe.reached() ? !probe.serverAnswered() : backend == ServerProbe::Backend::NoAnswer;
    if (!unreachable && backend != ServerProbe::Backend::NotWorking) {
        // Working, or nothing to conclude (a server that refused the probe's login is there all the same).
        ++m_busy;
        slot.probeAtMs = quiet + policy.silenceMs;
        qCInfo(lcDb).nospace() << "A statement has waited " << quiet << " ms; its backend is " << state << probe.error()
                               << ", so it is still waited for";
        return;
    }
    const int seconds = int((quiet + 500) / 1000);
    slot.note = unreachable
        ? tr("The server has not answered for %n s and a second connection could not reach it either, so Sextant "
             "closed this connection.",
            nullptr, seconds)
        : tr("The server has not answered for %n s and a second connection found it was no longer working on "
             "this step, so Sextant closed this connection.",
            nullptr, seconds);
    slot.ended = Slot::Ended::Stalled;
    ++m_stalls;
    shut(slot);
    qCWarning(lcDb) << "A statement waited" << quiet << "ms; declared stalled:"
                    << (unreachable ? probe.error() : QStringLiteral("backend %1").arg(state));
    if (!unreachable) {
        // Its transaction (and locks) would otherwise stay until the server's TCP gives up on us.
        lock.unlock();
        probe.terminateBackend();
        lock.lock();
    }
}

void StallWatchdog::requestedCancel(int index, std::unique_lock<std::mutex> &lock)
{
    Slot &slot = m_slots[index];
    if (slot.cancelSent) {
        if (nowMs() >= slot.cancelDeadlineMs)
            shut(slot);
        return;
    }
    slot.cancelSent = true;
    slot.ended = Slot::Ended::Cancelled;
    slot.cancelDeadlineMs = nowMs() + m_policy.cancelGraceMs;
    if (!slot.target.isValid() || slot.fd < 0)
        return; // a connection already broken when the call began: its pid may belong to another session by now
    const quint64 call = slot.call;
    const ServerProbe::Target target = slot.target;
    const QDeadlineTimer deadline(m_policy.cancelGraceMs);
    lock.unlock();
    ServerProbe probe(target, deadline);
    lock.lock();
    // The statement may have ended while the probe connected: then the backend may run the lane's next one.
    if (!probe.reached() || !slot.active || slot.call != call)
        return;
    lock.unlock();
    probe.cancelStatement();
    lock.lock();
}
