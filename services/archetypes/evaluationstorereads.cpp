#include "archetypes/evaluationstore.h"

#include "db/repository.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

namespace {
constexpr qsizetype IdsPerQuery = 500;
}

QString EvaluationStore::idList(const QList<QUuid> &ids, qsizetype from, qsizetype count) const
{
    // QUuid renders only hex digits and dashes, so the literals cannot carry SQL.
    QStringList literals;
    for (qsizetype i = from; i < std::min(ids.size(), from + count); ++i)
        literals << QLatin1Char('\'') + ids[i].toString(QUuid::WithoutBraces) + QLatin1Char('\'');
    return literals.join(QLatin1Char(','));
}

Result<QList<EvaluationFailure>> EvaluationStore::failures(const QUuid &memoryId)
{
    const SqlDialect &d = m_repo.dialect();
    QSqlQuery q(m_repo.database());
    q.prepare(QLatin1String("SELECT at, model, prompt_version, reason, raw_reply, attempts FROM ")
        + d.table(Table::EvaluationFailures) + QLatin1String(" WHERE memory_id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(" ORDER BY id DESC"));
    q.bindValue(QStringLiteral(":id"), d.uuid(memoryId));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading failed evaluations"));
    QList<EvaluationFailure> out;
    while (q.next()) {
        out.append(EvaluationFailure { memoryId, d.toTime(q.value(0)), q.value(1).toString(), q.value(2).toString(),
            q.value(3).toString(), q.value(4).toString(), q.value(5).toInt() });
    }
    return out;
}

Result<QList<QUuid>> EvaluationStore::memoriesLackingEvaluations(
    int limit, const QString &model, const QString &promptVersion, const QList<QUuid> &among)
{
    const SqlDialect &d = m_repo.dialect();
    QString complete = QLatin1String("SELECT COUNT(*) FROM ") + d.table(Table::Evaluations)
        + QLatin1String(" e WHERE e.memory_id = m.id");
    if (!model.isEmpty())
        complete += QLatin1String(" AND e.model = :model");
    if (!promptVersion.isEmpty())
        complete += QLatin1String(" AND e.prompt_version = :version");
    const QString base = QLatin1String("SELECT m.id FROM ") + d.table(Table::Memories)
        + QLatin1String(" m WHERE m.archived_at IS NULL AND (") + complete + QLatin1String(") < ")
        + QString::number(Archetypes::Count);
    const QString order = QLatin1String(" ORDER BY m.created_at DESC, m.id DESC");
    const QString cap = limit > 0 ? QLatin1String(" LIMIT ") + QString::number(limit) : QString();

    QList<QUuid> ids;
    const auto run = [&](const QString &sql) -> Result<void> {
        QSqlQuery q(m_repo.database());
        q.prepare(sql);
        if (!model.isEmpty())
            q.bindValue(QStringLiteral(":model"), model);
        if (!promptVersion.isEmpty())
            q.bindValue(QStringLiteral(":version"), promptVersion);
        if (!q.exec())
            return Repository::queryError(q, tr("Finding memories without evaluations"));
        while (q.next())
            ids.append(d.toUuid(q.value(0)));
        return {};
    };
    if (among.isEmpty()) {
        if (auto r = run(base + order + cap); !r)
            return r.error();
        return ids;
    }
    for (qsizetype from = 0; from < among.size(); from += IdsPerQuery) {
        if (auto r = run(base + QLatin1String(" AND m.id IN (") + idList(among, from, IdsPerQuery) + QLatin1Char(')'));
            !r)
            return r.error();
    }
    // Keep the caller's order, which is the order the operator chose.
    QSet<QUuid> lacking(ids.cbegin(), ids.cend());
    QList<QUuid> ordered;
    for (const QUuid &id : among) {
        if (lacking.remove(id))
            ordered.append(id);
    }
    if (limit > 0 && ordered.size() > limit)
        ordered.resize(limit);
    return ordered;
}

Result<QList<Memory>> EvaluationStore::memoriesForEvaluation(const QList<QUuid> &ids)
{
    const SqlDialect &d = m_repo.dialect();
    QHash<QUuid, Memory> found;
    for (qsizetype from = 0; from < ids.size(); from += IdsPerQuery) {
        QSqlQuery q(m_repo.database());
        q.setForwardOnly(true);
        if (!q.exec(QLatin1String("SELECT id, user_prompt, agent_reply, summary, context_tags, tone FROM ")
                + d.table(Table::Memories) + QLatin1String(" WHERE id IN (") + idList(ids, from, IdsPerQuery)
                + QLatin1Char(')')))
            return Repository::queryError(q, tr("Reading memories to evaluate"));
        while (q.next()) {
            Memory m;
            m.id = d.toUuid(q.value(0));
            m.userPrompt = q.value(1).toString();
            m.agentReply = q.value(2).toString();
            m.summary = q.value(3).toString();
            m.contextTags = d.toTags(q.value(4));
            m.tone = q.value(5).toString();
            found.insert(m.id, m);
        }
    }
    QList<Memory> out;
    for (const QUuid &id : ids) {
        if (found.contains(id))
            out.append(found.value(id));
    }
    return out;
}
