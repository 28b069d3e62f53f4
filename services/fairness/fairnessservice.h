#pragma once

#include "core/reply.h"
#include "fairness/fairnessrecords.h"

#include <QObject>

class DatabaseWorker;
class OpenAiClient;
class TaskControl;
class TaskRunner;

// The fairness room's service: what the Fairness page asks of the workspace. Lives on the UI thread; holds
// the database worker and task runner it is given (not owned).
//
// Reply calls run one database call on the worker's interactive lane and answer on `context`'s thread. Task
// calls (startReport, startScan) run on the task runner's pool with progress and cancel, and return the task
// id (0 without a runner); their synchronous bodies (buildReport, scan) are public for tests and must run on
// a pool thread. Errors: Result with a translated sentence. On PostgreSQL only roles that may read
// ai.audit_attributes (reviewer, admin) can list audit attributes or build a report on them: the database
// refuses the others and the error says so in a sentence (Error::Database).
//
// Group counts are SQL aggregates on the server (GROUP BY attribute value × outcome); no per-person row
// leaves the database, and groups smaller than the request's minimum size are suppressed.
class FairnessService : public QObject
{
    Q_OBJECT
public:
    explicit FairnessService(DatabaseWorker *db, TaskRunner *tasks = nullptr, QObject *parent = nullptr);

    // The LLM bias detector's client (not owned); without one, startScan(useLlm = true) fails closed.
    void setOpenAiClient(OpenAiClient *client, const QString &model = QString());

    // ----- Outcome fairness -----
    // "region" followed by the audit attribute names present in the workspace (sorted).
    void attributes(QObject *context, Reply<QStringList> done) const;
    // Builds the report (with the proposed → approved at level 1 → hired stages side by side and the ranking
    // metrics), saves it with its parameters and data fingerprint, and answers with it. Progress 0–100 %.
    quint64 startReport(const FairnessRequest &request, const QString &actor, QObject *context, Reply<FairnessReport> done);
    // Saved reports, newest first: parameters, summary and creation only (groups and stages empty).
    void reports(QObject *context, Reply<QList<FairnessReport>> done) const;
    // One saved report in full, as it was computed (not recomputed). Error::NotFound for an unknown id.
    void report(QObject *context, const QUuid &id, Reply<FairnessReport> done) const;

    // ----- Text bias queue -----
    // Items of one entity type (job | user | review; empty = all) with their latest bias report, filtered by
    // category and state (empty = any). Entities never scanned are listed as not_checked.
    void biasQueue(QObject *context, const QString &entityType, const QString &category, const QString &state,
        Reply<QList<BiasScanItem>> done) const;
    // Scans every entity of the type (empty = all three) with the lexicon detector and, if useLlm, the LLM
    // detector; writes one ai.bias_reports row per entity and answers with the number written. An LLM error
    // leaves the item not_checked (findings.error says why), never clean.
    quint64 startScan(const QString &entityType, bool useLlm, QObject *context, Reply<int> done);
    // accept | dismiss | request_edit, with a note; the decision and the previous state go to the audit log.
    void decideBias(QObject *context, const QUuid &reportId, const QString &decision, const QString &note,
        const QString &actor, Reply<void> done);

    // ----- Synchronous bodies (pool threads only) -----
    Result<FairnessReport> buildReport(const FairnessRequest &request, const QString &actor, TaskControl &control) const;
    Result<int> scan(const QString &entityType, bool useLlm, TaskControl &control) const;

    // ----- Exports (no Gui): the UI writes the PDF from toHtml with QPdfWriter -----
    // One row per stage × group: stage, attribute, group, n, selected, rate, CI, ratio, CI, flag, SPD, p, p_adj,
    // test, EOD, reference; a suppressed group has an empty n and "suppressed" in place of every number.
    // Then the per-job ranking measures, one row per measure (stage ranking_per_job, the measure in the group
    // column, e.g. "ndkl" or "skew_at_k:60+") with jobs_mean, jobs_median, jobs_worst, jobs and jobs_infinite.
    // RFC 4180 quoting, CRLF line ends, numbers at full precision.
    static QString toCsv(const FairnessReport &report);
    // A self-contained HTML document: parameters, summary sentences, one table per stage, ranking metrics
    // (pooled and per job, with the named worst jobs), the fingerprint, and the definitions' sources.
    static QString toHtml(const FairnessReport &report);

Q_SIGNALS:
    void reportsChanged();
    void biasQueueChanged();

private:
    DatabaseWorker *m_db;
    TaskRunner *m_tasks;
    OpenAiClient *m_openAi = nullptr;
    QString m_model;
};
