// Repository: EUMAS reads (memory pages, details, archetype state).
#include "db/repository.h"
#include "db/memoryrowreader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSqlQuery>
#include <QSqlRecord>

namespace {
std::array<double, Archetypes::MetricsPerArchetype> metricsFromJson(int archetype, const QJsonObject &object)
{
    std::array<double, Archetypes::MetricsPerArchetype> metrics {};
    const QStringList names = Archetypes::metricNames(archetype);
    for (int i = 0; i < Archetypes::MetricsPerArchetype; ++i)
        metrics[i] = object.value(names[i]).toDouble();
    return metrics;
}
} // namespace

QString Repository::memoryRowColumns() const
{
    return MemoryRowReader::columns(m_dialect);
}

Result<MemoryPage> Repository::memoryPage(const MemoryPageRequest &request)
{
    const auto &d = m_dialect;
    QString sql = QLatin1String("SELECT ") + memoryRowColumns() + QLatin1String(" FROM ")
        + d.table(Table::Memories) + QLatin1String(" m WHERE 1 = 1");
    if (!request.includeArchived)
        sql += QLatin1String(" AND m.archived_at IS NULL");
    if (!request.after.isNull())
        sql += QLatin1String(" AND (m.created_at, m.id) < (") + d.placeholder(QStringLiteral("at"), SqlDialect::Time)
            + QLatin1String(", ") + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1Char(')');
    sql += QLatin1String(" ORDER BY m.created_at DESC, m.id DESC LIMIT ") + QString::number(request.limit + 1);

    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(sql);
    if (!request.after.isNull()) {
        query.bindValue(QStringLiteral(":at"), d.time(request.after.createdAt));
        query.bindValue(QStringLiteral(":id"), d.uuid(request.after.id));
    }
    if (!query.exec())
        return queryError(query, tr("Loading memories"));

    MemoryPage page;
    const MemoryRowReader reader(d, query.record());
    while (query.next()) {
        if (page.rows.size() == request.limit) {
            const MemoryRow &last = page.rows.constLast();
            page.next = MemoryCursor { last.createdAt, last.id };
            break;
        }
        page.rows << reader.read(query);
    }
    return page;
}

Result<MemoryDetail> Repository::memoryDetail(const QUuid &id)
{
    const auto &d = m_dialect;
    MemoryDetail detail;
    QSqlQuery query(database());
    query.prepare(
        QLatin1String("SELECT id, user_prompt, agent_reply, summary, session_id, user_id, context_tags, tone, "
                      "created_at, duration_s, last_accessed, priority, priority_override, decay_rate, "
                      "long_term, core, archived_at, embedding, embedding_model, metadata, version, "
                      "updated_at FROM ")
        + d.table(Table::Memories) + QLatin1String(" WHERE id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
    query.bindValue(QStringLiteral(":id"), d.uuid(id));
    if (!query.exec())
        return queryError(query, tr("Loading a memory"));
    if (!query.next())
        return makeError(Error::NotFound, tr("Memory %1 does not exist.").arg(id.toString(QUuid::WithoutBraces)));
    // 22 columns: read by name, so the list above can change without shifting a field.
    const QSqlRecord record = query.record();
    const auto column = [&](const char *name) { return query.value(record.indexOf(QLatin1String(name))); };
    Memory &m = detail.memory;
    m.id = d.toUuid(column("id"));
    m.userPrompt = column("user_prompt").toString();
    m.agentReply = column("agent_reply").toString();
    m.summary = column("summary").toString();
    m.sessionId = column("session_id").toString();
    m.userId = column("user_id").toString();
    m.contextTags = d.toTags(column("context_tags"));
    m.tone = column("tone").toString();
    m.createdAt = d.toTime(column("created_at"));
    m.durationSeconds = column("duration_s").toDouble();
    m.lastAccessed = d.toTime(column("last_accessed"));
    m.priority = column("priority").toDouble();
    m.priorityOverride = d.toOptionalReal(column("priority_override"));
    m.decayRate = column("decay_rate").toDouble();
    m.longTerm = column("long_term").toBool();
    m.core = column("core").toBool();
    m.archivedAt = d.toTime(column("archived_at"));
    m.embedding = d.toVector(column("embedding"));
    m.embeddingModel = column("embedding_model").toString();
    m.metadata = d.toJson(column("metadata"));
    m.version = column("version").toInt();
    m.updatedAt = d.toTime(column("updated_at"));

    QSqlQuery evals(database());
    evals.prepare(
        QLatin1String("SELECT archetype, metrics, justifications, annotation, archetype_priority, confidence, "
                      "model, prompt_version, created_at FROM ")
        + d.table(Table::Evaluations) + QLatin1String(" WHERE memory_id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(" ORDER BY archetype"));
    evals.bindValue(QStringLiteral(":id"), d.uuid(id));
    if (!evals.exec())
        return queryError(evals, tr("Loading evaluations"));
    while (evals.next()) {
        const auto archetype = Archetypes::fromName(evals.value(0).toString());
        if (!archetype)
            continue; // a foreign archetype name; the grid says so through the missing row
        Evaluation e;
        e.memoryId = id;
        e.archetype = *archetype;
        e.metrics = metricsFromJson(*archetype, d.toJson(evals.value(1)));
        e.justifications = d.toJson(evals.value(2));
        e.annotation = evals.value(3).toString();
        e.archetypePriority = evals.value(4).toDouble();
        e.confidence = evals.value(5).toDouble();
        e.model = evals.value(6).toString();
        e.promptVersion = evals.value(7).toString();
        e.createdAt = d.toTime(evals.value(8));
        detail.evaluations << e;
    }
    std::sort(detail.evaluations.begin(), detail.evaluations.end(),
        [](const Evaluation &a, const Evaluation &b) { return a.archetype < b.archetype; });

    for (const bool outgoing : { true, false }) {
        const QString self = outgoing ? QStringLiteral("source_id") : QStringLiteral("target_id");
        const QString other = outgoing ? QStringLiteral("target_id") : QStringLiteral("source_id");
        QSqlQuery links(database());
        links.prepare(QLatin1String("SELECT l.source_id, l.target_id, l.link_type, l.strength, l.archetype, l.origin, "
                                    "l.created_at, o.summary FROM ")
            + d.table(Table::Links) + QLatin1String(" l LEFT JOIN ") + d.table(Table::Memories)
            + QLatin1String(" o ON o.id = l.") + other + QLatin1String(" WHERE l.") + self + QLatin1String(" = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid)
            + QLatin1String(" ORDER BY l.strength DESC LIMIT 200"));
        links.bindValue(QStringLiteral(":id"), d.uuid(id));
        if (!links.exec())
            return queryError(links, tr("Loading links"));
        while (links.next()) {
            MemoryLink link;
            link.sourceId = d.toUuid(links.value(0));
            link.targetId = d.toUuid(links.value(1));
            link.linkType = links.value(2).toString();
            link.strength = links.value(3).toDouble();
            if (!links.value(4).isNull())
                link.archetype = Archetypes::fromName(links.value(4).toString());
            link.origin = links.value(5).toString();
            link.createdAt = d.toTime(links.value(6));
            link.otherSummary = links.value(7).toString();
            (outgoing ? detail.outgoing : detail.incoming) << link;
        }
    }
    return detail;
}

Result<QList<ArchetypeState>> Repository::archetypeStates()
{
    const auto &d = m_dialect;
    QSqlQuery query(database());
    if (!query.exec(QLatin1String("SELECT archetype, state, influence, updated_at FROM ")
            + d.table(Table::ArchetypeStates) + QLatin1String(" ORDER BY archetype")))
        return queryError(query, tr("Loading archetype states"));
    QList<ArchetypeState> states;
    while (query.next()) {
        const auto archetype = Archetypes::fromName(query.value(0).toString());
        if (!archetype)
            continue;
        ArchetypeState s;
        s.archetype = *archetype;
        s.state = metricsFromJson(*archetype, d.toJson(query.value(1)));
        s.influence = query.value(2).toDouble();
        s.at = d.toTime(query.value(3));
        states << s;
    }
    return states;
}

Result<QList<ArchetypeState>> Repository::archetypeHistory(int archetype)
{
    const auto &d = m_dialect;
    QSqlQuery query(database());
    query.prepare(QLatin1String("SELECT state, influence, at FROM ") + d.table(Table::ArchetypeStateHistory)
        + QLatin1String(" WHERE archetype = :archetype ORDER BY at"));
    query.bindValue(QStringLiteral(":archetype"), Archetypes::name(archetype));
    if (!query.exec())
        return queryError(query, tr("Loading archetype history"));
    QList<ArchetypeState> history;
    while (query.next()) {
        ArchetypeState s;
        s.archetype = archetype;
        s.state = metricsFromJson(archetype, d.toJson(query.value(0)));
        s.influence = query.value(1).toDouble();
        s.at = d.toTime(query.value(2));
        history << s;
    }
    return history;
}
