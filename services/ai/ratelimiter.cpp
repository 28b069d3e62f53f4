#include "ai/ratelimiter.h"

#include "core/clock.h"

#include <algorithm>
#include <cctype>
#include <cmath>

RateLimiter::RateLimiter(Clock *clock, int requestsPerMinute, int tokensPerMinute)
    : m_clock(clock)
{
    const qint64 now = m_clock->nowMs();
    m_requests = Bucket { double(std::max(1, requestsPerMinute)), double(std::max(1, requestsPerMinute)), now, 0 };
    m_tokens = Bucket { double(std::max(1, tokensPerMinute)), double(std::max(1, tokensPerMinute)), now, 0 };
}

void RateLimiter::refill(Bucket &bucket) const
{
    const qint64 now = m_clock->nowMs();
    const qint64 elapsed = std::max<qint64>(0, now - bucket.updatedMs);
    bucket.level = std::min(bucket.capacity, bucket.level + double(elapsed) * bucket.perMs());
    bucket.updatedMs = now;
}

qint64 RateLimiter::waitFor(const Bucket &bucket) const
{
    const qint64 now = m_clock->nowMs();
    qint64 wait = 0;
    if (bucket.level < 0)
        wait = qint64(std::ceil(-bucket.level / bucket.perMs()));
    return std::max(wait, bucket.blockedUntilMs - now);
}

qint64 RateLimiter::reserve(int tokens)
{
    refill(m_requests);
    refill(m_tokens);
    m_requests.level -= 1.0;
    // A single request larger than a minute's tokens could never fit; let it go after one full minute.
    m_tokens.level -= std::min(double(std::max(0, tokens)), m_tokens.capacity);
    return std::max<qint64>(0, std::max(waitFor(m_requests), waitFor(m_tokens)));
}

void RateLimiter::settle(int estimatedTokens, int actualTokens)
{
    refill(m_tokens);
    m_tokens.level = std::min(m_tokens.capacity, m_tokens.level + double(estimatedTokens - actualTokens));
}

void RateLimiter::tighten(Bucket &bucket, const QByteArray &limit, const QByteArray &remaining, const QByteArray &reset)
{
    refill(bucket);
    bool ok = false;
    const double serverLimit = limit.toDouble(&ok);
    if (ok && serverLimit >= 1 && serverLimit < bucket.capacity) {
        bucket.capacity = serverLimit;
        bucket.level = std::min(bucket.level, serverLimit);
    }
    const double left = remaining.toDouble(&ok);
    if (!ok)
        return;
    bucket.level = std::min(bucket.level, left);
    if (left <= 0) {
        const qint64 resetMs = parseDurationMs(reset);
        if (resetMs > 0)
            bucket.blockedUntilMs = std::max(bucket.blockedUntilMs, m_clock->nowMs() + resetMs);
    }
}

void RateLimiter::update(const QHash<QByteArray, QByteArray> &headers)
{
    tighten(m_requests, headers.value("x-ratelimit-limit-requests"), headers.value("x-ratelimit-remaining-requests"),
        headers.value("x-ratelimit-reset-requests"));
    tighten(m_tokens, headers.value("x-ratelimit-limit-tokens"), headers.value("x-ratelimit-remaining-tokens"),
        headers.value("x-ratelimit-reset-tokens"));
}

double RateLimiter::availableRequests() const
{
    Bucket copy = m_requests;
    refill(copy);
    return copy.level;
}

double RateLimiter::availableTokens() const
{
    Bucket copy = m_tokens;
    refill(copy);
    return copy.level;
}

qint64 RateLimiter::parseDurationMs(const QByteArray &text)
{
    const QByteArray t = text.trimmed();
    if (t.isEmpty())
        return -1;
    double total = 0;
    qsizetype i = 0;
    while (i < t.size()) {
        const qsizetype start = i;
        while (i < t.size() && (std::isdigit(uchar(t[i])) || t[i] == '.'))
            ++i;
        bool ok = false;
        const double value = t.mid(start, i - start).toDouble(&ok);
        if (!ok)
            return -1;
        const qsizetype unitStart = i;
        while (i < t.size() && std::isalpha(uchar(t[i])))
            ++i;
        const QByteArray unit = t.mid(unitStart, i - unitStart);
        if (unit == "ms")
            total += value;
        else if (unit == "s" || unit.isEmpty())
            total += value * 1000.0;
        else if (unit == "m")
            total += value * 60000.0;
        else if (unit == "h")
            total += value * 3600000.0;
        else
            return -1;
    }
    return qint64(std::ceil(total));
}
