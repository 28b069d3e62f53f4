#include "ai/aiendpoint.h"
#include "ai/offlineembedder.h"
#include "ai/openaiclient.h"
#include "core/secretstore.h"
#include "ai/usageledger.h"

#include <QPointer>
#include <QSettings>
#include <QUrl>

AiEndpoint::Config AiEndpoint::Config::load(QSettings &settings)
{
    Config config;
    config.provider = settings.value(QStringLiteral("ai/provider")).toString() == QLatin1String("openai")
        ? Provider::OpenAi
        : Provider::Offline;
    config.openai = OpenAiSettings::load(settings);
    return config;
}

void AiEndpoint::Config::save(QSettings &settings) const
{
    settings.setValue(QStringLiteral("ai/provider"),
        provider == Provider::OpenAi ? QStringLiteral("openai") : QStringLiteral("offline"));
    openai.save(settings);
}

AiEndpoint::AiEndpoint(DatabaseWorker *worker, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_secrets(secrets)
    , m_ledger(new UsageLedger(worker, this))
    , m_offline(std::make_unique<OfflineEmbedder>())
{
    configure(Config(), QString());
}

AiEndpoint::~AiEndpoint()
{
    m_caching.reset();
    delete m_client; // cancels what is in flight
}

QCoro::Task<> AiEndpoint::configure(Config config)
{
    QString key;
    if (config.provider == Provider::OpenAi && m_secrets) {
        QPointer<AiEndpoint> self(this);
        Result<QString> stored = co_await m_secrets->read(config.openai.secretKey());
        if (!self)
            co_return;
        if (stored)
            key = *stored;
    }
    configure(std::move(config), std::move(key));
}

void AiEndpoint::release()
{
    Q_ASSERT(m_leases > 0);
    if (--m_leases == 0 && m_pending) {
        auto [config, key] = std::move(*m_pending);
        m_pending.reset();
        configure(std::move(config), std::move(key));
    }
}

void AiEndpoint::configure(Config config, QString apiKey)
{
    if (m_leases > 0) {
        m_pending = std::make_pair(std::move(config), std::move(apiKey));
        return;
    }
    if (m_caching) {
        const CachingEmbedder::Stats s = m_caching->stats();
        m_pastStats.hits += s.hits;
        m_pastStats.misses += s.misses;
    }
    m_caching.reset();
    if (m_client) {
        m_client->cancelAll();
        m_client->deleteLater(); // coroutines still unwinding on it finish first
        m_client = nullptr;
    }
    m_config = std::move(config);
    if (m_config.provider == Provider::OpenAi) {
        m_client = new OpenAiClient(m_config.openai, std::move(apiKey), nullptr, this);
        connect(m_client, &OpenAiClient::usageReported, m_ledger, &UsageLedger::record);
        connect(m_client, &OpenAiClient::breakerStateChanged, this, &AiEndpoint::breakerStateChanged);
        m_caching = std::make_unique<CachingEmbedder>(m_client, m_worker);
        m_caching->setCacheReport(
            [ledger = m_ledger](const QString &model, const QString &task, int hits, int misses) {
                ledger->recordCache(model, task, hits, misses);
            });
    }
    Q_EMIT breakerStateChanged(CircuitBreaker::State::Closed);
    Q_EMIT changed();
}

Embedder *AiEndpoint::embedder() const
{
    return m_caching ? static_cast<Embedder *>(m_caching.get()) : m_offline.get();
}

CachingEmbedder::Stats AiEndpoint::cacheStats() const
{
    CachingEmbedder::Stats s = m_pastStats;
    if (m_caching) {
        s.hits += m_caching->stats().hits;
        s.misses += m_caching->stats().misses;
    }
    return s;
}

QString AiEndpoint::description() const
{
    if (!isOnline())
        return tr("offline embedder");
    return tr("%1 at %2").arg(m_config.openai.chatModel, QUrl(m_config.openai.baseUrl).host());
}
