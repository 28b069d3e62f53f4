#pragma once

#include "ai/openaitypes.h"
#include "core/result.h"

#include <QDate>
#include <QList>

class Repository;

// Usage summed over one (day, task, endpoint, model).
struct UsageTotals
{
    QDate day;
    QString task;
    QString endpoint;
    QString model;
    qint64 requests = 0;
    qint64 inputs = 0;
    qint64 cachedInputs = 0;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
};

// The api_usage table: one row per request the AI endpoint answered, and one row with endpoint "cache" per
// embed() that went through the embedding cache (inputs = texts asked, cachedInputs = answered from the
// cache), summed per day, task and model for the usage panel.
class UsageStore
{
public:
    static Result<void> append(Repository &repository, const QList<ApiUsage> &usage);
    // Totals of the days from `since` on (UTC), newest day first.
    static Result<QList<UsageTotals>> totals(Repository &repository, const QDate &since);
};
