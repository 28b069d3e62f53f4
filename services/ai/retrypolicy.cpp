#include "ai/retrypolicy.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

qint64 RetryPolicy::ceilingMs(int attempt) const
{
    // 2^attempt overflows quickly; cap the exponent well before it matters.
    const double exp = std::ldexp(double(baseMs), std::clamp(attempt, 0, 40));
    return qint64(std::min(double(maxMs), exp));
}

qint64 RetryPolicy::backoffMs(int attempt, double random01) const
{
    const double r = std::clamp(random01, 0.0, 1.0);
    return qint64(std::floor(double(ceilingMs(attempt)) * r));
}

qint64 RetryPolicy::delayMs(int attempt, std::optional<qint64> retryAfterMs, double random01) const
{
    if (retryAfterMs)
        return std::max<qint64>(0, *retryAfterMs);
    return backoffMs(attempt, random01);
}

std::optional<qint64> RetryPolicy::retryAfterMs(const QHash<QByteArray, QByteArray> &headers, qint64 nowEpochMs)
{
    bool ok = false;
    if (const QByteArray ms = headers.value("retry-after-ms").trimmed(); !ms.isEmpty()) {
        const double value = ms.toDouble(&ok);
        if (ok && value >= 0)
            return qint64(std::ceil(value));
    }
    const QByteArray text = headers.value("retry-after").trimmed();
    if (text.isEmpty())
        return std::nullopt;
    const double seconds = text.toDouble(&ok);
    if (ok && seconds >= 0)
        return qint64(std::ceil(seconds * 1000.0));
    // RFC 9110 IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime when
        = QLocale::c().toDateTime(QString::fromLatin1(text), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, when.toMSecsSinceEpoch() - nowEpochMs);
}
