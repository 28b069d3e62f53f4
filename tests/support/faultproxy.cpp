#include "support/faultproxy.h"

#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

#include <algorithm>
#include <utility>

// One client connection and the proxy's own connection to the target, with the bytes not yet forwarded.
struct ProxyPair
{
    QTcpSocket *client = nullptr;
    QTcpSocket *server = nullptr;
    QByteArray toServer;
    QByteArray toClient;
    qint64 dropBudget = 0; // Drop: server bytes still to forward before the cut
    bool done = false;
};

// Everything that touches a socket; lives on the proxy's thread.
class FaultProxyCore : public QObject
{
public:
    explicit FaultProxyCore(FaultProxy *owner)
        : m_owner(owner)
    {
        m_trickle->setInterval(FaultProxy::TrickleTickMs);
        connect(m_trickle, &QTimer::timeout, this, [this] { pumpAll(true); });
    }

    ~FaultProxyCore() override
    {
        // Quiet first: abort() emits disconnected() at once, whose handler would retire the pair under this loop.
        const QList<ProxyPair *> pairs = std::exchange(m_pairs, {});
        for (ProxyPair *pair : pairs) {
            QObject::disconnect(pair->client, nullptr, this, nullptr);
            QObject::disconnect(pair->server, nullptr, this, nullptr);
            pair->client->abort();
            pair->server->abort();
            delete pair->client;
            delete pair->server;
            delete pair;
        }
    }

    quint16 listen()
    {
        m_listener = new QTcpServer(this);
        connect(m_listener, &QTcpServer::newConnection, this, &FaultProxyCore::accept);
        return m_listener->listen(QHostAddress::LocalHost, 0) ? m_listener->serverPort() : 0;
    }

    void modeChanged()
    {
        const FaultProxy::Mode mode = m_owner->mode();
        if (mode == FaultProxy::Mode::Drop || mode == FaultProxy::Mode::Reset) {
            for (ProxyPair *pair : std::as_const(m_pairs))
                pair->dropBudget = m_owner->m_param.load();
        }
        // A trickle holds the bytes back in the sockets, not in the proxy: the sender's kernel sees its data leave at
        // the trickle's pace, as it would on a slow link, instead of all at once into an unbounded buffer here.
        for (ProxyPair *pair : std::as_const(m_pairs))
            limitReading(pair);
        if (mode == FaultProxy::Mode::Trickle)
            m_trickle->start();
        else
            m_trickle->stop();
        pumpAll(false);
    }

private:
    FaultProxy::Mode mode() const { return m_owner->mode(); }

    qint64 trickleBytes() const { return mode() == FaultProxy::Mode::Trickle ? m_owner->m_param.load() : 0; }

    void limitReading(ProxyPair *pair)
    {
        pair->client->setReadBufferSize(trickleBytes());
        pair->server->setReadBufferSize(trickleBytes());
    }

    // Moves what the sockets have read into the pair's buffers: everything, or in a trickle up to one tick's worth.
    void take(ProxyPair *pair)
    {
        const qint64 limit = trickleBytes();
        if (limit <= 0) {
            pair->toServer += pair->client->readAll();
            pair->toClient += pair->server->readAll();
            return;
        }
        pair->toServer += pair->client->read(std::max<qint64>(0, limit - pair->toServer.size()));
        pair->toClient += pair->server->read(std::max<qint64>(0, limit - pair->toClient.size()));
    }

    void accept()
    {
        while (QTcpSocket *client = m_listener->nextPendingConnection()) {
            ++m_owner->m_accepted;
            auto *pair = new ProxyPair;
            pair->client = client;
            pair->server = new QTcpSocket;
            pair->dropBudget = m_owner->m_param.load();
            m_pairs.append(pair);
            if (mode() == FaultProxy::Mode::Reset && m_owner->m_param.load() <= 0) {
                cut(pair, true);
                continue;
            }
            limitReading(pair);
            connect(client, &QTcpSocket::readyRead, this, [this, pair] { pump(pair, false); });
            connect(pair->server, &QTcpSocket::readyRead, this, [this, pair] { pump(pair, false); });
            connect(pair->server, &QTcpSocket::connected, this, [this, pair] { pump(pair, false); });
            connect(client, &QTcpSocket::disconnected, this, [this, pair] { closed(pair); });
            connect(pair->server, &QTcpSocket::disconnected, this, [this, pair] { closed(pair); });
            connect(pair->server, &QTcpSocket::errorOccurred, this, [this, pair] {
                if (pair->server->state() != QAbstractSocket::ConnectedState)
                    closed(pair);
            });
            pair->server->connectToHost(m_owner->m_targetHost, m_owner->m_targetPort);
        }
    }

    void pumpAll(bool tick)
    {
        const QList<ProxyPair *> pairs = m_pairs;
        for (ProxyPair *pair : pairs)
            pump(pair, tick);
    }

    // Forwards what the mode allows now. `tick`: called by the trickle timer (the only caller that moves bytes in
    // Trickle mode, so readyRead cannot speed the trickle up).
    void pump(ProxyPair *pair, bool tick)
    {
        if (pair->done)
            return;
        const FaultProxy::Mode now = mode();
        const bool serverReady = pair->server->state() == QAbstractSocket::ConnectedState;
        if (now != FaultProxy::Mode::Trickle || tick)
            take(pair);
        switch (now) {
        case FaultProxy::Mode::Stall:
            return;
        case FaultProxy::Mode::Reset:
            if (m_owner->m_param.load() > 0)
                break; // like Drop, with a reset at the end
            if (!pair->toServer.isEmpty() || !pair->toClient.isEmpty())
                cut(pair, true);
            return;
        case FaultProxy::Mode::Trickle:
            if (!tick)
                return;
            forward(pair, std::min<qint64>(m_owner->m_param.load(), pair->toServer.size()), serverReady,
                std::min<qint64>(m_owner->m_param.load(), pair->toClient.size()));
            return;
        case FaultProxy::Mode::Drop:
            break;
        case FaultProxy::Mode::Pass:
            forward(pair, pair->toServer.size(), serverReady, pair->toClient.size());
            return;
        }
        // Drop, or Reset after a budget: the server's bytes up to the budget, then the cut.
        const qint64 toClient = std::min<qint64>(pair->dropBudget, pair->toClient.size());
        pair->dropBudget -= toClient;
        forward(pair, pair->toServer.size(), serverReady, toClient);
        if (pair->dropBudget <= 0)
            cut(pair, now == FaultProxy::Mode::Reset);
    }

    void forward(ProxyPair *pair, qint64 toServer, bool serverReady, qint64 toClient)
    {
        if (serverReady && toServer > 0) {
            pair->server->write(pair->toServer.left(toServer));
            pair->toServer.remove(0, toServer);
        }
        if (toClient > 0) {
            pair->client->write(pair->toClient.left(toClient));
            pair->toClient.remove(0, toClient);
            m_owner->m_fromServer += toClient;
        }
    }

    // Ends both sides: a reset (SO_LINGER 0, then close: the kernel sends RST) or an orderly close after what
    // was written so far.
    void cut(ProxyPair *pair, bool reset)
    {
        if (pair->done)
            return;
        pair->done = true;
        ++m_owner->m_cut;
        for (QTcpSocket *socket : { pair->client, pair->server }) {
            if (reset && socket->socketDescriptor() != -1) {
                const linger hard { 1, 0 };
                ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
                socket->abort();
            } else {
                socket->disconnectFromHost();
            }
        }
        retire(pair);
    }

    // One side went away: pass on what the mode allows, then close the other side too.
    void closed(ProxyPair *pair)
    {
        if (pair->done)
            return;
        if (pair->server->bytesAvailable() > 0)
            pair->toClient += pair->server->readAll();
        if (pair->client->bytesAvailable() > 0)
            pair->toServer += pair->client->readAll();
        pump(pair, true);
        if (pair->done)
            return;
        pair->done = true;
        pair->client->disconnectFromHost();
        pair->server->disconnectFromHost();
        retire(pair);
    }

    void retire(ProxyPair *pair)
    {
        m_pairs.removeOne(pair);
        QObject::disconnect(pair->client, nullptr, this, nullptr);
        QObject::disconnect(pair->server, nullptr, this, nullptr);
        pair->client->deleteLater();
        pair->server->deleteLater();
        delete pair;
    }

    FaultProxy *m_owner;
    QTcpServer *m_listener = nullptr;
    QList<ProxyPair *> m_pairs;
    QTimer *m_trickle = new QTimer(this); // a child, so it moves to the proxy's thread with the core
};

FaultProxy::FaultProxy(const QString &targetHost, quint16 targetPort)
    : m_targetHost(targetHost)
    , m_targetPort(targetPort)
{
    m_thread.setObjectName(QStringLiteral("faultproxy"));
}

FaultProxy::~FaultProxy()
{
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [this] { delete m_core; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool FaultProxy::listen()
{
    if (m_core)
        return m_port != 0;
    m_core = new FaultProxyCore(this);
    m_core->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_core, [this] { m_port = m_core->listen(); }, Qt::BlockingQueuedConnection);
    return m_port != 0;
}

void FaultProxy::setMode(Mode mode, qint64 param)
{
    const auto apply = [this, mode, param] {
        m_param.store(param);
        m_mode.store(int(mode));
        if (m_core)
            m_core->modeChanged();
    };
    // On the proxy's thread, between two of its socket events, and waited for: the next byte a test causes meets
    // the new mode with fresh budgets.
    if (!m_core || QThread::currentThread() == &m_thread)
        apply();
    else
        QMetaObject::invokeMethod(m_core, apply, Qt::BlockingQueuedConnection);
}
