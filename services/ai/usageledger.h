#pragma once

#include "core/reply.h"
#include "ai/usagestore.h"

#include "ai/openaitypes.h"

#include <QObject>
#include <QTimer>

class DatabaseWorker;

// Books what the AI endpoint cost into the workspace (UsageStore, table api_usage): every request the
// OpenAI client reports, and what the embedding cache saved. Writes are batched (at most one write a
// second) and run on the database thread. Lives on the UI thread.
class UsageLedger : public QObject
{
    Q_OBJECT
public:
    explicit UsageLedger(DatabaseWorker *worker, QObject *parent = nullptr);
    ~UsageLedger() override; // writes what is still pending

    void record(const ApiUsage &usage);
    void recordCache(const QString &model, const QString &task, int hits, int misses);
    void flush(); // writes pending rows now
    // Tokens, requests and cache hits per day, model and task since `since`, read on the interactive lane.
    static void totals(DatabaseWorker *db, QObject *context, const QDate &since, Reply<QList<UsageTotals>> done);

    qint64 sessionPromptTokens() const { return m_promptTokens; }
    qint64 sessionCompletionTokens() const { return m_completionTokens; }

Q_SIGNALS:
    void written(); // rows reached the database: views may reload
    void writeFailed(const QString &message);

private:
    DatabaseWorker *m_worker;
    QList<ApiUsage> m_pending;
    QTimer m_timer;
    qint64 m_promptTokens = 0;
    qint64 m_completionTokens = 0;
};
