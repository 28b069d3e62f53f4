#include "archetypes/evaluationstore.h"

#include "db/repository.h"

#include <QJsonArray>
#include <QSqlQuery>

#include <algorithm>

EvaluationStore::EvaluationStore(Repository &repository)
    : m_repo(repository)
{
}

Result<void> EvaluationStore::step(const QString &name) const
{
    return m_checkpoint ? m_checkpoint(name) : Result<void>();
}

Result<EvaluationStore::Written> EvaluationStore::write(
    const QUuid &memoryId, const QList<Evaluation> &evaluations, const QString &actor)
{
    std::array<double, Archetypes::Count> priorities {};
    std::array<bool, Archetypes::Count> seen {};
    for (const Evaluation &e : evaluations) {
        if (e.memoryId != memoryId || e.archetype < 0 || e.archetype >= Archetypes::Count || seen[size_t(e.archetype)])
            return makeError(
                Error::InvalidInput, tr("The evaluations do not belong to one memory, one per archetype."));
        seen[size_t(e.archetype)] = true;
        priorities[size_t(e.archetype)] = e.archetypePriority;
    }
    if (evaluations.size() != Archetypes::Count)
        return makeError(Error::InvalidInput, tr("An evaluation covers all eight archetypes."));

    const SqlDialect &d = m_repo.dialect();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Written written;
    written.priority = Archetypes::memoryPriority(priorities);
    Result<void> done = m_repo.inTransaction([&]() -> Result<void> {
        QSqlQuery q(m_repo.database());
        q.prepare(QLatin1String("SELECT priority FROM ") + d.table(Table::Memories) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":id"), d.uuid(memoryId));
        if (!q.exec())
            return Repository::queryError(q, tr("Reading the memory's priority"));
        if (!q.next())
            return makeError(Error::NotFound, tr("The memory %1 no longer exists.").arg(memoryId.toString()));
        written.previousPriority = q.value(0).toDouble();

        q.prepare(QLatin1String("DELETE FROM ") + d.table(Table::Evaluations) + QLatin1String(" WHERE memory_id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":id"), d.uuid(memoryId));
        if (!q.exec())
            return Repository::queryError(q, tr("Replacing the memory's evaluations"));
        if (auto r = m_repo.insertEvaluations(evaluations); !r)
            return r;
        if (auto r = step(QStringLiteral("evaluations")); !r)
            return r;

        q.prepare(QLatin1String("UPDATE ") + d.table(Table::Memories)
            + QLatin1String(" SET priority = :priority, version = version + 1, updated_at = ")
            + d.placeholder(QStringLiteral("now"), SqlDialect::Time) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":priority"), written.priority);
        q.bindValue(QStringLiteral(":now"), d.time(now));
        q.bindValue(QStringLiteral(":id"), d.uuid(memoryId));
        if (!q.exec())
            return Repository::queryError(q, tr("Updating the memory's priority"));
        if (auto r = step(QStringLiteral("priority")); !r)
            return r;

        if (auto r = updateStates(evaluations, now); !r)
            return r;

        AuditEntry audit;
        audit.at = now;
        audit.actor = actor.isEmpty() ? QStringLiteral("sextant") : actor;
        audit.action = QStringLiteral("evaluate");
        audit.entity = QStringLiteral("memory");
        audit.entityId = memoryId.toString(QUuid::WithoutBraces);
        audit.before = QJsonObject { { QStringLiteral("priority"), written.previousPriority } };
        QJsonObject archetypePriorities;
        for (const Evaluation &e : evaluations)
            archetypePriorities.insert(Archetypes::name(e.archetype), e.archetypePriority);
        audit.after = QJsonObject { { QStringLiteral("model"), evaluations.first().model },
            { QStringLiteral("prompt_version"), evaluations.first().promptVersion },
            { QStringLiteral("priority"), written.priority },
            { QStringLiteral("archetype_priorities"), archetypePriorities } };
        if (auto r = m_repo.appendAudit(audit); !r)
            return r;
        return step(QStringLiteral("audit"));
    });
    if (!done)
        return done.error();
    return written;
}

Result<void> EvaluationStore::updateStates(const QList<Evaluation> &evaluations, const QDateTime &now)
{
    Result<QList<ArchetypeState>> current = m_repo.archetypeStates();
    if (!current)
        return current.error();
    // archetype_state_history is keyed by (archetype, at): two evaluations within one millisecond (a
    // bulk run) must still get distinct, increasing times.
    QDateTime at = now;
    for (int a = 0; a < Archetypes::Count; ++a) {
        Result<QDateTime> latest = latestHistory(a);
        if (!latest)
            return latest.error();
        if (latest->isValid() && *latest >= at)
            at = latest->addMSecs(1);
    }
    QList<ArchetypeState> states;
    for (const Evaluation &e : evaluations) {
        const auto it = std::find_if(
            current->cbegin(), current->cend(), [&](const ArchetypeState &s) { return s.archetype == e.archetype; });
        ArchetypeState s;
        s.archetype = e.archetype;
        s.influence = e.confidence;
        s.at = at;
        for (size_t i = 0; i < s.state.size(); ++i)
            s.state[i] = it == current->cend() ? e.metrics[i]
                                               : (1.0 - e.confidence) * it->state[i] + e.confidence * e.metrics[i];
        states.append(s);
    }
    if (auto r = m_repo.upsertArchetypeStates(states); !r)
        return r;
    if (auto r = step(QStringLiteral("states")); !r)
        return r;
    if (auto r = m_repo.insertArchetypeHistory(states); !r)
        return r;
    return step(QStringLiteral("history"));
}

Result<QDateTime> EvaluationStore::latestHistory(int archetype)
{
    const SqlDialect &d = m_repo.dialect();
    QSqlQuery q(m_repo.database());
    q.prepare(QLatin1String("SELECT MAX(at) FROM ") + d.table(Table::ArchetypeStateHistory)
        + QLatin1String(" WHERE archetype = :archetype"));
    q.bindValue(QStringLiteral(":archetype"), Archetypes::name(archetype));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the archetype history"));
    return q.next() ? d.toTime(q.value(0)) : QDateTime();
}

Result<void> EvaluationStore::recordFailure(const EvaluationFailure &failure)
{
    const SqlDialect &d = m_repo.dialect();
    QSqlQuery q(m_repo.database());
    q.prepare(d.insertSql(Table::EvaluationFailures,
        { { QStringLiteral("memory_id"), SqlDialect::Uuid }, { QStringLiteral("at"), SqlDialect::Time },
            { QStringLiteral("model"), SqlDialect::Text }, { QStringLiteral("prompt_version"), SqlDialect::Text },
            { QStringLiteral("reason"), SqlDialect::Text }, { QStringLiteral("raw_reply"), SqlDialect::Text },
            { QStringLiteral("attempts"), SqlDialect::Integer } }));
    q.bindValue(QStringLiteral(":memory_id"), d.uuid(failure.memoryId));
    q.bindValue(QStringLiteral(":at"), d.time(failure.at.isValid() ? failure.at : QDateTime::currentDateTimeUtc()));
    q.bindValue(QStringLiteral(":model"), d.text(failure.model));
    q.bindValue(QStringLiteral(":prompt_version"), d.text(failure.promptVersion));
    q.bindValue(QStringLiteral(":reason"), d.text(failure.reason));
    q.bindValue(QStringLiteral(":raw_reply"), d.text(failure.rawReply));
    q.bindValue(QStringLiteral(":attempts"), std::max(1, failure.attempts));
    if (!q.exec())
        return Repository::queryError(q, tr("Recording a failed evaluation"));
    return {};
}
