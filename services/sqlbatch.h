#pragma once

#include "sqlrepository.h"

#include <QSqlQuery>

// Prepares `sql` once and executes it for every row inside one transaction; the first failing row
// rolls everything back and is named in the error.
template<typename T, typename Bind>
Result<void> runBatch(SqlRepository &repo, const QString &what, const QString &sql, const QList<T> &rows, Bind bind)
{
    if (rows.isEmpty())
        return {};
    return repo.inTransaction([&]() -> Result<void> {
        QSqlQuery query(repo.database());
        if (!query.prepare(sql))
            return SqlRepository::queryError(query, what);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            bind(query, rows.at(i));
            if (!query.exec()) {
                Error e = SqlRepository::queryError(query, what);
                e.message = QCoreApplication::translate("SqlRepository", "Row %1: %2").arg(i + 1).arg(e.message);
                return e;
            }
        }
        return {};
    });
}
