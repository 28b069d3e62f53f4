#pragma once

#include "core/memory.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <array>

// The archetype dashboards' value structs (issue 19). They cross threads by value. Index conventions:
// `archetype` 0..7 in Archetypes::Id order; `metric` 0..3 is one of the archetype's four Set-A metrics, and
// in distributions and drift also ArchetypeMetrics::Priority (evaluations.archetype_priority) and
// ArchetypeMetrics::Confidence (evaluations.confidence).
namespace ArchetypeMetrics {
constexpr int Priority = 4;
constexpr int Confidence = 5;
constexpr int Count = 6;
} // namespace ArchetypeMetrics

// State: now and the change over a window.
struct ArchetypeOverview
{
    int windowDays = 14;
    QList<ArchetypeState> now; // 8 rows in archetype order (archetype_states)
    // 8 rows: the state at now − windowDays (the last history row at or before it; `at` invalid when there is none)
    QList<ArchetypeState> before;
    std::array<qint64, 8> evaluationsInWindow {};
};

struct DailyPoint
{
    QDate day;
    double mean = 0, stddev = 0, min = 0, max = 0;
    qint64 n = 0;
};

// Time series of one archetype's metric (0..3) or its influence (−1).
struct MetricSeries
{
    int archetype = 0;
    int metric = 0;
    QList<QPair<QDateTime, double>> state; // from archetype_state_history (influence when metric == −1)
    QList<DailyPoint> evaluations; // daily mean and spread (population sd) of the evaluations; empty for −1
};

// One metric of one archetype over the memories a MemoryFilter selects.
struct MetricDistribution
{
    int archetype = 0;
    int metric = 0; // 0..3, Priority, Confidence
    std::array<qint64, 20> bins {}; // [0,0.05), … [0.95,1.0]
    double min = 0, q1 = 0, median = 0, q3 = 0, max = 0, mean = 0, stddev = 0;
    qint64 n = 0;
    double shareAtBounds = 0; // share of values exactly 0 or exactly 1
    bool saturating = false; // shareAtBounds >= 0.5: "most values sit at 0 or 1"
};

struct DriftRequest
{
    QDateTime baselineFrom, baselineTo; // [from, to)
    QDateTime recentFrom, recentTo;
    bool splitByVersion = true; // also one row per (model, prompt_version) present in the recent window
};

struct DriftRow
{
    int archetype = 0;
    int metric = 0; // 0..3, Priority, Confidence
    QString model; // empty = all models and versions together
    QString promptVersion;
    qint64 nBaseline = 0, nRecent = 0;
    double meanBaseline = 0, meanRecent = 0;
    double meanShiftSd = 0; // (meanRecent − meanBaseline) / baseline sd (pooled sd if the baseline's is 0)
    double ks = 0; // two-sample Kolmogorov–Smirnov D
    double pValue = 1; // asymptotic KS p-value
    // What the alarms list orders by: ks · min(|meanShiftSd|, 3), so a shift both of shape (D) and of size (in
    // sds) ranks high, and a tiny p on a huge sample with a negligible shift does not.
    double strength = 0;
    bool alarm = false; // pValue < 0.01 and |meanShiftSd| >= 0.5
};

struct EvaluationMonitorRow
{
    int archetype = 0;
    QString model;
    QString promptVersion;
    qint64 evaluated = 0, pending = 0, failed = 0;
};
// EvaluationFailure (archetypes/evaluationoutcome.h) is what the monitor lists for failures.
