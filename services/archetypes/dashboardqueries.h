#pragma once

#include "archetypes/dashboardstats.h"
#include "archetypes/evaluationoutcome.h"
#include "core/result.h"
#include "memories/memoryfilter.h"

#include <QCoreApplication>
#include <QMap>

class Repository;

// The SQL of the archetype dashboards, on the repository's own connection (both backends); use it on the
// repository's thread (DatabaseWorker::run/call). Figures over every memory come from evaluation_rollup
// (migrations postgres 0010 / sqlite 0009): one row per archetype, metric, UTC day, model, prompt version and 0.01
// bin, so a refresh reads thousands of cells, not millions of evaluations. evaluation_totals and memory_counts
// (postgres 0012 / sqlite 0011) hold the same without the day, split by the memory's archived flag, and the
// memories archived and not: the browser's default filter ("not archived") and the monitor's pending counts read
// those. A distribution under a filter with any other condition groups the matching memories' evaluations in the
// same shape instead. Errors: InvalidInput for an archetype or metric out of range, Database otherwise.
class DashboardQueries
{
    Q_DECLARE_TR_FUNCTIONS(DashboardQueries)

public:
    // Per archetype and metric (ArchetypeMetrics::Count of them).
    using MetricBins = std::array<std::array<BinnedValues, ArchetypeMetrics::Count>, 8>;

    static Result<ArchetypeOverview> overview(Repository &repository, int windowDays, const QDateTime &now);
    static Result<MetricSeries> series(Repository &repository, int archetype, int metric, QDate from, QDate to);
    static Result<QList<MetricDistribution>> distributions(
        Repository &repository, const MemoryFilter &filter, int archetype);

    // The two windows of a drift request, whole UTC days: those that start in [from, to).
    struct DriftCells
    {
        MetricBins baseline;
        MetricBins recent;
        QMap<QPair<QString, QString>, MetricBins> recentByVersion; // (model, prompt version)
    };
    static Result<DriftCells> driftCells(Repository &repository, const DriftRequest &request);

    static Result<QList<EvaluationMonitorRow>> monitor(Repository &repository);
    static Result<QList<EvaluationFailure>> failures(Repository &repository, int archetype, int limit);

    static Result<void> checkArchetype(int archetype);
    // 0..3, Priority, Confidence; with allowInfluence also −1 (the state's influence).
    static Result<void> checkMetric(int metric, bool allowInfluence);
    // The first UTC day that starts at or after `time`.
    static QDate firstDayFrom(const QDateTime &time);
};
