#pragma once

#include "db/repository.h"

#include <QSqlQuery>

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
