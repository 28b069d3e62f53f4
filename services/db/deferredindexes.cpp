#include "db/deferredindexes.h"

#include <QLoggingCategory>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

DeferredIndexes DeferredIndexes::drop(Repository &repository, const QList<Table> &tables)
{
    DeferredIndexes deferred;
    const SqlDialect &d = repository.dialect();
    if (d.backend() != SqlDialect::Postgres)
        return deferred;
    QStringList names;
    QStringList definitions;
    {
        // An index that backs a constraint (primary key, UNIQUE, exclusion) is in pg_constraint.conindid.
        QSqlQuery query(repository.database());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                                     "FROM pg_index i WHERE i.indrelid = to_regclass(?) "
                                     "AND NOT i.indisunique AND NOT i.indisprimary "
                                     "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                                     "ORDER BY i.indexrelid"));
        for (Table table : tables) {
            query.addBindValue(d.table(table));
            if (!query.exec()) {
                qCWarning(lcDb) << "cannot list the indexes of" << d.label(table)
                                << Repository::queryError(query, {}).message;
                return deferred;
            }
            while (query.next()) {
                names << query.value(0).toString();
                definitions << query.value(1).toString();
            }
        }
    }
    if (names.isEmpty())
        return deferred;
    // A savepoint of its own: a role that does not own the tables cannot drop their indexes, and the load
    // must then go on with them rather than fail.
    const Result<void> dropped = repository.inTransaction([&]() -> Result<void> {
        QSqlQuery query(repository.database());
        if (!query.exec(QLatin1String("DROP INDEX ") + names.join(QLatin1String(", "))))
            return Repository::queryError(query, tr("Dropping indexes for the load"));
        return {};
    });
    if (!dropped) {
        qCInfo(lcDb) << "loading with the indexes in place:" << dropped.error().message;
        return deferred;
    }
    deferred.m_definitions = definitions;
    return deferred;
}

Result<void> DeferredIndexes::rebuild(Repository &repository, const std::function<void(int, int)> &progress)
{
    QSqlQuery query(repository.database());
    const int total = int(m_definitions.size());
    for (int i = 0; i < total; ++i) {
        if (!query.exec(m_definitions.at(i)))
            return Repository::queryError(query, tr("Building the index %1").arg(m_definitions.at(i)));
        if (progress)
            progress(i + 1, total);
    }
    m_definitions.clear();
    return {};
}
