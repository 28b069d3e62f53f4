// Repository: validated, transactional batch inserts.
#include "core/validation.h"
#include "db/repository.h"
#include "db/sqlbatch.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSqlQuery>

using K = SqlDialect::Kind;
using Columns = QList<std::pair<QString, SqlDialect::Kind>>;

namespace {
QJsonObject metricsToJson(int archetype, const std::array<double, Archetypes::MetricsPerArchetype> &metrics)
{
    QJsonObject object;
    const QStringList names = Archetypes::metricNames(archetype);
    for (int i = 0; i < Archetypes::MetricsPerArchetype; ++i)
        object.insert(names[i], metrics[i]);
    return object;
}

QString s(const char *latin1)
{
    return QString::fromLatin1(latin1);
}
} // namespace

Result<void> Repository::insertMemories(const QList<Memory> &memories)
{
    if (auto r = Validation::checkAll(memories, Validation::checkMemory); !r)
        return r;
    const auto &d = m_dialect;
    const Columns columns { { s("id"), K::Uuid }, { s("user_prompt"), K::Text }, { s("agent_reply"), K::Text },
        { s("summary"), K::Text }, { s("session_id"), K::Text }, { s("user_id"), K::Text },
        { s("context_tags"), K::Tags }, { s("tone"), K::Text }, { s("created_at"), K::Time },
        { s("duration_s"), K::Real }, { s("last_accessed"), K::Time }, { s("priority"), K::Real },
        { s("priority_override"), K::Real }, { s("decay_rate"), K::Real }, { s("long_term"), K::Bool },
        { s("core"), K::Bool }, { s("archived_at"), K::Time }, { s("embedding"), K::Vector },
        { s("embedding_model"), K::Text }, { s("metadata"), K::Json }, { s("version"), K::Integer },
        { s("updated_at"), K::Time } };
    const QString sql = d.insertSql(Table::Memories, columns);
    const auto bind = [&d](QSqlQuery &q, int at, const Memory &m) {
        q.bindValue(at + 0, d.uuid(m.id));
        q.bindValue(at + 1, d.text(m.userPrompt));
        q.bindValue(at + 2, d.text(m.agentReply));
        q.bindValue(at + 3, d.text(m.summary));
        q.bindValue(at + 4, d.text(m.sessionId));
        q.bindValue(at + 5, d.text(m.userId));
        q.bindValue(at + 6, d.tags(m.contextTags));
        q.bindValue(at + 7, d.text(m.tone));
        q.bindValue(at + 8, d.time(m.createdAt));
        q.bindValue(at + 9, m.durationSeconds);
        q.bindValue(at + 10, d.time(m.lastAccessed));
        q.bindValue(at + 11, m.priority);
        q.bindValue(at + 12, d.optionalReal(m.priorityOverride));
        q.bindValue(at + 13, m.decayRate);
        q.bindValue(at + 14, d.boolean(m.longTerm));
        q.bindValue(at + 15, d.boolean(m.core));
        q.bindValue(at + 16, d.time(m.archivedAt));
        q.bindValue(at + 17, d.vector(m.embedding));
        q.bindValue(at + 18, m.embeddingModel.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : m.embeddingModel);
        q.bindValue(at + 19, d.json(m.metadata));
        q.bindValue(at + 20, m.version);
        q.bindValue(at + 21, d.time(m.updatedAt.isValid() ? m.updatedAt : m.createdAt));
    };
    return runChunkedInsert(*this, tr("Saving memories"), Table::Memories, columns, sql, memories, bind);
}

Result<void> Repository::insertEvaluations(const QList<Evaluation> &evaluations)
{
    if (auto r = Validation::checkAll(evaluations, Validation::checkEvaluation); !r)
        return r;
    const auto &d = m_dialect;
    const Columns columns { { s("memory_id"), K::Uuid }, { s("archetype"), K::Text }, { s("metrics"), K::Json },
        { s("justifications"), K::Json }, { s("annotation"), K::Text }, { s("archetype_priority"), K::Real },
        { s("confidence"), K::Real }, { s("model"), K::Text }, { s("prompt_version"), K::Text },
        { s("created_at"), K::Time } };
    const QString sql = d.insertSql(Table::Evaluations, columns);
    const auto bind = [&d](QSqlQuery &q, int at, const Evaluation &e) {
        q.bindValue(at + 0, d.uuid(e.memoryId));
        q.bindValue(at + 1, Archetypes::name(e.archetype));
        q.bindValue(at + 2, d.json(metricsToJson(e.archetype, e.metrics)));
        q.bindValue(at + 3, d.json(e.justifications));
        q.bindValue(at + 4, d.text(e.annotation));
        q.bindValue(at + 5, e.archetypePriority);
        q.bindValue(at + 6, e.confidence);
        q.bindValue(at + 7, d.text(e.model));
        q.bindValue(at + 8, d.text(e.promptVersion));
        q.bindValue(at + 9, d.time(e.createdAt.isValid() ? e.createdAt : QDateTime::currentDateTimeUtc()));
    };
    return runChunkedInsert(*this, tr("Saving evaluations"), Table::Evaluations, columns, sql, evaluations, bind);
}

Result<void> Repository::insertLinks(const QList<MemoryLink> &links)
{
    if (auto r = Validation::checkAll(links, Validation::checkLink); !r)
        return r;
    const auto &d = m_dialect;
    const Columns columns { { s("source_id"), K::Uuid }, { s("target_id"), K::Uuid }, { s("link_type"), K::Text },
        { s("strength"), K::Real }, { s("archetype"), K::Text }, { s("origin"), K::Text },
        { s("created_at"), K::Time } };
    const QString sql = d.insertSql(Table::Links, columns);
    const auto bind = [&d](QSqlQuery &q, int at, const MemoryLink &l) {
        q.bindValue(at + 0, d.uuid(l.sourceId));
        q.bindValue(at + 1, d.uuid(l.targetId));
        q.bindValue(at + 2, d.text(l.linkType));
        q.bindValue(at + 3, l.strength);
        q.bindValue(
            at + 4, l.archetype ? QVariant(Archetypes::name(*l.archetype)) : QVariant(QMetaType::fromType<QString>()));
        q.bindValue(at + 5, d.text(l.origin));
        q.bindValue(at + 6, d.time(l.createdAt.isValid() ? l.createdAt : QDateTime::currentDateTimeUtc()));
    };
    return runChunkedInsert(*this, tr("Saving links"), Table::Links, columns, sql, links, bind);
}

Result<void> Repository::upsertArchetypeStates(const QList<ArchetypeState> &states)
{
    if (auto r = Validation::checkAll(states, Validation::checkArchetypeState); !r)
        return r;
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::ArchetypeStates,
        Columns { { s("archetype"), K::Text }, { s("state"), K::Json }, { s("influence"), K::Real },
            { s("updated_at"), K::Time } },
        QStringLiteral("ON CONFLICT (archetype) DO UPDATE SET state = excluded.state, "
                       "influence = excluded.influence, updated_at = excluded.updated_at"));
    return runBatch(*this, tr("Saving archetype states"), sql, states, [&d](QSqlQuery &q, const ArchetypeState &st) {
        q.bindValue(0, Archetypes::name(st.archetype));
        q.bindValue(1, d.json(metricsToJson(st.archetype, st.state)));
        q.bindValue(2, st.influence);
        q.bindValue(3, d.time(st.at));
    });
}

Result<void> Repository::insertArchetypeHistory(const QList<ArchetypeState> &history)
{
    if (auto r = Validation::checkAll(history, Validation::checkArchetypeState); !r)
        return r;
    const auto &d = m_dialect;
    const QString sql = d.insertSql(Table::ArchetypeStateHistory,
        Columns {
            { s("archetype"), K::Text }, { s("at"), K::Time }, { s("state"), K::Json }, { s("influence"), K::Real } });
    return runBatch(*this, tr("Saving archetype history"), sql, history, [&d](QSqlQuery &q, const ArchetypeState &st) {
        q.bindValue(0, Archetypes::name(st.archetype));
        q.bindValue(1, d.time(st.at));
        q.bindValue(2, d.json(metricsToJson(st.archetype, st.state)));
        q.bindValue(3, st.influence);
    });
}
