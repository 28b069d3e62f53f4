#pragma once

#include "ai/cachingembedder.h"
#include "ai/circuitbreaker.h"
#include "ai/openaisettings.h"

#include <QCoroTask>
#include <QObject>

#include <memory>
#include <optional>

class DatabaseWorker;
class OfflineEmbedder;
class OpenAiClient;
class QSettings;
class SecretStore;
class UsageLedger;

// What Sextant embeds and evaluates with: the offline embedder (the default: no network, no key) or an
// OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio, llama.cpp server). Either way embeddings
// go through the workspace's embedding cache and what the endpoint bills is booked to the usage ledger.
// Lives on the UI thread. The API key comes from the keychain (SecretStore) and stays in memory.
class AiEndpoint : public QObject
{
    Q_OBJECT
public:
    enum class Provider { Offline, OpenAi };
    struct Config
    {
        Provider provider = Provider::Offline;
        OpenAiSettings openai;
        // Under "ai/provider" and the "openai" group; never the key.
        static Config load(QSettings &settings);
        void save(QSettings &settings) const;
        bool operator==(const Config &) const = default;
    };

    AiEndpoint(DatabaseWorker *worker, SecretStore *secrets, QObject *parent = nullptr);
    ~AiEndpoint() override;

    // Switches to `config`, reading the endpoint's key from the keychain (a missing key is not an error
    // here: the endpoint answers 401 and the UI says so). Calls in flight on the old client are cancelled.
    QCoro::Task<> configure(Config config);
    void configure(Config config, QString apiKey); // with the key given (tests, the Test button)

    // A job that holds embedder() or client() across awaits holds a lease: a new configuration waits
    // until the last lease is released, so nothing in use is destroyed under it.
    void acquire() { ++m_leases; }
    void release();
    bool hasPendingConfig() const { return m_pending.has_value(); }

    const Config &config() const { return m_config; }
    bool isOnline() const { return m_config.provider == Provider::OpenAi; }
    // Never null. Online: the client behind the embedding cache. Offline: the offline embedder itself
    // (it costs nothing, so caching its vectors would only fill the workspace).
    Embedder *embedder() const;
    OpenAiClient *client() const { return m_client; } // null when offline
    UsageLedger *ledger() const { return m_ledger; }
    CachingEmbedder::Stats cacheStats() const; // since start, over every configuration
    QString description() const; // "gpt-4o-mini at api.openai.com" / "offline embedder"

Q_SIGNALS:
    void changed(); // a new configuration is in use
    void breakerStateChanged(CircuitBreaker::State state);

private:
    DatabaseWorker *m_worker;
    SecretStore *m_secrets;
    UsageLedger *m_ledger;
    Config m_config;
    std::unique_ptr<OfflineEmbedder> m_offline;
    OpenAiClient *m_client = nullptr;
    std::unique_ptr<CachingEmbedder> m_caching;
    CachingEmbedder::Stats m_pastStats; // of the caching embedders replaced so far
    int m_leases = 0;
    std::optional<std::pair<Config, QString>> m_pending; // configuration waiting for the leases
};
