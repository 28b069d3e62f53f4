#pragma once

#include <QByteArray>
#include <QHash>

#include <optional>

// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): the
// wait before retry n is uniform in [0, min(max, base * 2^n)], which spreads a crowd of clients that
// failed together. A server's Retry-After wins over the jitter. Pure value type; any thread.
struct RetryPolicy
{
    int maxRetries = 4;
    qint64 baseMs = 500;
    qint64 maxMs = 30000;
    qint64 maxRetryAfterMs = 120000;

    // The upper bound of the jittered wait before retry `attempt` (0 = the first retry).
    qint64 ceilingMs(int attempt) const;
    // `random01` in [0, 1): the jitter, injected so tests can pin it.
    qint64 backoffMs(int attempt, double random01) const;
    // What to wait before retry `attempt`: Retry-After when the server sent one, else the jittered backoff.
    qint64 delayMs(int attempt, std::optional<qint64> retryAfterMs, double random01) const;

    // retry-after-ms (OpenAI), else Retry-After in seconds or as an HTTP date. Header names lower-case.
    static std::optional<qint64> retryAfterMs(const QHash<QByteArray, QByteArray> &headers, qint64 nowEpochMs);
};
