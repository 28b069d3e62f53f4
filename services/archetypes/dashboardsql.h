#pragma once

#include "db/sqldialect.h"

#include <QDate>

class QSqlQuery;
struct BinnedValues;

// SQL pieces the dashboard queries share (both dialects). Internal to services/archetypes.
struct DashboardSql
{
    static QString rollup(const SqlDialect &d); // the evaluation_rollup table (per UTC day)
    // evaluation_totals: the rollup over all days, per model, prompt version and the memory's archived flag.
    static QString totals(const SqlDialect &d);
    static QString memoryCounts(const SqlDialect &d); // memory_counts: memories archived and not
    static QString day(const SqlDialect &d, const QString &name); // a placeholder for a date: ":name" / ":name::date"
    static QString dayValue(const QDate &day); // what binds to it
    // The 0.01 bin of `value` as the migrations' triggers compute it: floor(v·100), clamped to 0..100.
    static QString bin(const SqlDialect &d, const QString &value);
    // Adds the cell in columns first..first+6 (bin, n, total, total_sq, lo, hi, bounds) of `q` to `values`.
    static void addCell(const QSqlQuery &q, int first, BinnedValues &values);
};
