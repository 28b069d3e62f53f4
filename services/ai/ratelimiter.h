#pragma once

#include <QByteArray>
#include <QHash>

class Clock;

// Client-side requests-per-minute and tokens-per-minute token buckets. Each bucket holds up to one
// minute's allowance and refills continuously. reserve() takes from both at once and may drive them
// negative: the debt is the queue, so callers that reserve later wait longer, in reservation order,
// and a burst of N requests is spread out instead of hammering the server into 429s.
// The server's x-ratelimit-* headers can only tighten the buckets, never loosen what was configured.
// Not thread-safe: owned by the OpenAI client on its thread. The clock must outlive the limiter.
class RateLimiter
{
public:
    RateLimiter(Clock *clock, int requestsPerMinute, int tokensPerMinute);

    // Takes one request and `tokens` and returns how many ms the caller must wait before sending.
    qint64 reserve(int tokens);
    // Gives back (or takes more) once the real usage of a request is known.
    void settle(int estimatedTokens, int actualTokens);
    // x-ratelimit-limit-/remaining-/reset- requests and tokens (header names lower-case).
    void update(const QHash<QByteArray, QByteArray> &headers);

    double availableRequests() const;
    double availableTokens() const;
    int requestsPerMinute() const { return int(m_requests.capacity); }
    int tokensPerMinute() const { return int(m_tokens.capacity); }

    // "6m0s", "1.5s", "20ms", "1h2m" as OpenAI sends them; -1 when unreadable.
    static qint64 parseDurationMs(const QByteArray &text);

private:
    struct Bucket
    {
        double capacity = 1;
        double level = 1;
        qint64 updatedMs = 0;
        qint64 blockedUntilMs = 0; // the server said "0 remaining until then"
        double perMs() const { return capacity / 60000.0; }
    };
    void refill(Bucket &bucket) const;
    qint64 waitFor(const Bucket &bucket) const;
    void tighten(Bucket &bucket, const QByteArray &limit, const QByteArray &remaining, const QByteArray &reset);

    Clock *m_clock;
    Bucket m_requests;
    Bucket m_tokens;
};
