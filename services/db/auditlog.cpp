#include "db/auditlog.h"
#include "db/repository.h"

#include <QSqlQuery>

AuditLog::AuditLog(Repository &repository)
    : m_repo(repository)
{
}

Result<QList<AuditEntry>> AuditLog::memoryHistory(const QUuid &memoryId, int limit)
{
    const SqlDialect &d = m_repo.dialect();
    limit = std::max(1, limit);
    QSqlQuery query(m_repo.database());
    query.setForwardOnly(true);
    query.prepare(QLatin1String("SELECT at, actor, action, entity, entity_id, before, after FROM ")
        + d.table(Table::AuditLog)
        + QLatin1String(" WHERE entity = :entity AND entity_id = :id ORDER BY at DESC, id DESC LIMIT ")
        + QString::number(limit));
    query.bindValue(QStringLiteral(":entity"), MemoryEntity);
    query.bindValue(QStringLiteral(":id"), memoryId.toString(QUuid::WithoutBraces));
    if (!query.exec())
        return Repository::queryError(query, tr("Loading the audit history"));
    QList<AuditEntry> entries;
    while (query.next()) {
        AuditEntry e;
        e.at = d.toTime(query.value(0));
        e.actor = query.value(1).toString();
        e.action = query.value(2).toString();
        e.entity = query.value(3).toString();
        e.entityId = query.value(4).toString();
        e.before = d.toJson(query.value(5));
        e.after = d.toJson(query.value(6));
        entries << e;
    }

    // Batches (bulk actions, pruning, decay passes) log one entry per chunk of rows; the memory's part
    // in each is its row in memory_batches, which also says when the batch was restored.
    QSqlQuery batches(m_repo.database());
    batches.setForwardOnly(true);
    batches.prepare(QLatin1String("SELECT batch_id, kind, reason, actor, created_at, restored_at, previous_priority, "
                                  "restored_by FROM ")
        + d.table(Table::MemoryBatches) + QLatin1String(" WHERE memory_id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(" ORDER BY created_at DESC LIMIT ")
        + QString::number(limit));
    batches.bindValue(QStringLiteral(":id"), d.uuid(memoryId));
    if (!batches.exec())
        return Repository::queryError(batches, tr("Loading the memory's batches"));
    while (batches.next()) {
        AuditEntry e;
        e.entity = BatchEntity;
        e.entityId = d.toUuid(batches.value(0)).toString(QUuid::WithoutBraces);
        e.action = QLatin1String("batch_") + batches.value(1).toString();
        e.actor = batches.value(3).toString();
        e.at = d.toTime(batches.value(4));
        e.after.insert(QStringLiteral("reason"), batches.value(2).toString());
        if (!batches.value(6).isNull())
            e.before.insert(QStringLiteral("priority"), batches.value(6).toDouble());
        const QDateTime restored = d.toTime(batches.value(5));
        entries << e;
        if (restored.isValid()) {
            AuditEntry r = e;
            r.action = QStringLiteral("batch_restored");
            r.at = restored;
            r.actor = batches.value(7).toString();
            entries << r;
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [](const AuditEntry &a, const AuditEntry &b) { return a.at > b.at; });
    if (entries.size() > limit)
        entries.resize(limit);
    return entries;
}

QString AuditLog::defaultActor(Repository &repository)
{
    if (repository.isRemote()) {
        Result<Privileges> privileges = repository.privileges();
        if (privileges && !privileges->user.isEmpty())
            return privileges->user;
    }
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? QStringLiteral("sextant") : user;
}
