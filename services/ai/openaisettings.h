#pragma once

#include "core/result.h"

#include <QString>
#include <QUrl>

class QSettings;

// Everything the OpenAI client needs except the API key, which lives in the keychain (SecretStore) and is
// handed to the client separately, so this struct can be saved, logged and compared freely.
struct OpenAiSettings
{
    QString baseUrl = QStringLiteral("https://api.openai.com/v1");
    QString organization; // OpenAI-Organization header; empty = not sent
    QString project; // OpenAI-Project header; empty = not sent
    QString embeddingModel = QStringLiteral("text-embedding-3-small");
    QString chatModel = QStringLiteral("gpt-4o-mini");
    int embeddingDimensions = 1536; // sent as "dimensions"; 0 = the model's native size
    int timeoutMs = 60000; // per attempt, and per silence between stream events
    int maxRetries = 4; // attempts after the first, for 429, 5xx, timeouts and dropped connections
    int backoffBaseMs = 500;
    int backoffMaxMs = 30000;
    int maxRetryAfterMs = 120000; // a longer Retry-After is reported rather than waited for
    int breakerThreshold = 5; // consecutive failed attempts that open the circuit
    int breakerCooldownMs = 60000; // open → half-open
    int requestsPerMinute = 500; // client-side limits; the x-ratelimit-* headers can only tighten them
    int tokensPerMinute = 1000000;
    int batchMaxInputs = 256; // per /embeddings request (the API allows 2048)
    int batchMaxTokens = 100000; // estimated tokens per /embeddings request (the API allows 300k)
    int embeddingConcurrency = 4; // batches in flight at once

    QUrl endpoint(const QString &path) const; // baseUrl + "/" + path
    Result<void> validate() const;

    // Under the group "openai" of `settings`.
    static OpenAiSettings load(QSettings &settings);
    void save(QSettings &settings) const;

    // The keychain entry (SecretStore key) for the API key of this base URL.
    QString secretKey() const;

    bool operator==(const OpenAiSettings &) const = default;
};
