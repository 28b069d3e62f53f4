#pragma once

#include <QHostAddress>
#include <QString>
#include <QThread>

#include <atomic>

class FaultProxyCore;

// A loopback TCP proxy for fault drills: listens on 127.0.0.1 (a free port) and forwards every connection to
// target:port on a thread of its own, so a test can block on a query while the proxy keeps working. What it does to
// the bytes can be changed at any time from any thread, and applies at once to open connections too:
//   Pass     forwards everything (and, coming from Stall, what was held);
//   Stall    holds every byte in both directions, closes nothing: a network that went quiet;
//   Drop     forwards `param` more bytes from the server on each connection, then closes both sides (FIN): a reply
//            cut off in the middle;
//   Reset    aborts every connection with a TCP reset (SO_LINGER 0) as soon as it carries a byte, and refuses new
//            ones the same way; with `param` > 0, only after `param` more bytes from the server (a reset mid-reply);
//   Trickle  forwards at most `param` bytes per direction and connection every TrickleTickMs.
class FaultProxy
{
public:
    enum class Mode { Pass, Stall, Drop, Reset, Trickle };
    static constexpr int TrickleTickMs = 5;

    FaultProxy(const QString &targetHost, quint16 targetPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    bool listen(); // false if no port could be had
    quint16 port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1"); }

    void setMode(Mode mode, qint64 param = 0); // applied to open connections before it returns
    Mode mode() const { return Mode(m_mode.load()); }

    // Counters for the drills' reports, safe to read from any thread.
    qint64 connectionsAccepted() const { return m_accepted.load(); }
    qint64 connectionsCut() const { return m_cut.load(); } // closed or reset by the proxy
    qint64 bytesFromServer() const { return m_fromServer.load(); } // forwarded to clients

private:
    friend class FaultProxyCore;
    QThread m_thread;
    FaultProxyCore *m_core = nullptr; // lives on m_thread
    QString m_targetHost;
    quint16 m_targetPort;
    quint16 m_port = 0;
    std::atomic<int> m_mode { int(Mode::Pass) };
    std::atomic<qint64> m_param { 0 };
    std::atomic<qint64> m_accepted { 0 };
    std::atomic<qint64> m_cut { 0 };
    std::atomic<qint64> m_fromServer { 0 };
};
