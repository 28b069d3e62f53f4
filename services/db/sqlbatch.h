#pragma once

#include "db/repository.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

// Prepares `sql` once and executes it for every row inside one transaction; the first failing row
// rolls everything back and is named in the error (unless the connection was lost, which no row caused).
template<typename T, typename Bind>
Result<void> runBatch(Repository &repo, const QString &what, const QString &sql, const QList<T> &rows, Bind bind)
{
    if (rows.isEmpty())
        return {};
    // Declared outside the transaction: PostgreSQL cannot free a prepared statement inside an aborted
    // transaction, so the statement is released only after the rollback.
    QSqlQuery query(repo.database());
    return repo.inTransaction([&]() -> Result<void> {
        if (!query.prepare(sql))
            return Repository::queryError(query, what);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            bind(query, rows.at(i));
            if (!query.exec()) {
                Error e = Repository::queryError(query, what);
                // A lost connection is no row's fault: naming the row would send the user to look for a bad one.
                // queryError() answers a lost connection with exactly connectionLostError()'s sentence.
                if (e.message == Repository::connectionLostError(what).message)
                    return e;
                e.message = QCoreApplication::translate("Repository", "Row %1: %2").arg(i + 1).arg(e.message);
                return e;
            }
        }
        return {};
    });
}

// "INSERT INTO t (a, b) VALUES (:a_0, :b_0), (:a_1, :b_1), …" for `rows` rows, with the dialect's casts.
inline QString multiRowInsertSql(
    const SqlDialect &dialect, Table table, const QList<std::pair<QString, SqlDialect::Kind>> &columns, qsizetype rows)
{
    QStringList names;
    for (const auto &column : columns)
        names << column.first;
    QString sql = QLatin1String("INSERT INTO ") + dialect.table(table) + QLatin1String(" (")
        + names.join(QLatin1String(", ")) + QLatin1String(") VALUES ");
    for (qsizetype r = 0; r < rows; ++r) {
        QStringList values;
        for (const auto &[name, kind] : columns)
            values << dialect.placeholder(name + QLatin1Char('_') + QString::number(r), kind);
        sql += (r ? QLatin1String(", (") : QLatin1String("(")) + values.join(QLatin1String(", ")) + QLatin1Char(')');
    }
    return sql;
}

// False for the SQLSTATE classes no row's values cause: connection (08), transaction rollback such as a deadlock
// (40), resources (53), a lock not available (55), a Cancel or shutdown (57), system errors (58).
inline bool aRowMayCause(const QString &sqlState)
{
    static const QStringList notARow { QStringLiteral("08"), QStringLiteral("40"), QStringLiteral("53"),
        QStringLiteral("55"), QStringLiteral("57"), QStringLiteral("58") };
    return !notARow.contains(sqlState.left(2));
}

// PostgreSQL's statement triggers (memory_counts, the evaluation rollups) upsert the same counter rows once per
// statement, and inside one transaction every upsert leaves one more version of those rows for the next to step
// over: one INSERT per row made each row slower than the one before (5,000 rows took 0.5 s at the start of an
// import and 8.9 s after 40,000). So here the rows go in chunks of `rowsPerChunk` through one multi-row INSERT
// each, and the triggers run once per chunk. `columns` are those of `singleRowSql`; `bind(query, first, row)` binds
// one row's values from position `first` on. SQLite keeps runBatch's one statement per row.
//
// Same contract as runBatch: one transaction, nothing written on failure. A chunk refused for something a row can
// cause (a duplicate id, a missing memory, a refused value) is undone and the rows run again one at a time through
// runBatch, so the error names the same row with the same sentence as before. A lost connection, a Cancel, a
// deadlock or a lock timeout is no row's fault: that error is returned as it is, without a second try.
template<typename T, typename Bind>
Result<void> runChunkedInsert(Repository &repo, const QString &what, Table table,
    const QList<std::pair<QString, SqlDialect::Kind>> &columns, const QString &singleRowSql, const QList<T> &rows,
    Bind bind, qsizetype rowsPerChunk = 500)
{
    const auto bindOne = [&bind](QSqlQuery &q, const T &row) { bind(q, 0, row); };
    if (repo.dialect().backend() != SqlDialect::Postgres || rows.size() <= 1)
        return runBatch(repo, what, singleRowSql, rows, bindOne);
    // Declared outside the transaction, as in runBatch: a statement is freed only after a rollback. Every chunk but
    // the last has the full size, so at most two statements are prepared.
    QSqlQuery full(repo.database());
    QSqlQuery last(repo.database());
    bool fullPrepared = false;
    // Set only when a chunk's INSERT itself was refused for a reason a row may cause; a failure of the transaction
    // around it (a savepoint on a lost connection) or of prepare() is returned as it is.
    bool retryRowByRow = false;
    const Result<void> chunked = repo.inTransaction([&]() -> Result<void> {
        for (qsizetype first = 0; first < rows.size(); first += rowsPerChunk) {
            const qsizetype count = std::min(rowsPerChunk, rows.size() - first);
            const bool isFull = count == rowsPerChunk;
            QSqlQuery &query = isFull ? full : last;
            if ((!isFull || !fullPrepared) && !query.prepare(multiRowInsertSql(repo.dialect(), table, columns, count)))
                return Repository::queryError(query, what);
            fullPrepared = fullPrepared || isFull;
            for (qsizetype i = 0; i < count; ++i)
                bind(query, int(i * columns.size()), rows.at(first + i));
            if (!query.exec()) {
                const Error error = Repository::queryError(query, what);
                retryRowByRow = error.message != Repository::connectionLostError(what).message
                    && aRowMayCause(query.lastError().nativeErrorCode());
                return error;
            }
        }
        return {};
    });
    if (chunked || !retryRowByRow)
        return chunked;
    return runBatch(repo, what, singleRowSql, rows, bindOne);
}
