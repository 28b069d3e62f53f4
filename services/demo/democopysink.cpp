// DemoSink by PostgreSQL's binary COPY: the same columns and values as the Repository's insert calls
// (repositorywrites.cpp, repositorymarket.cpp), validated the same way, streamed one COPY per table.
#include "demo/demosink.h"
#include "db/copywriter.h"
#include "core/validation.h"

namespace {
QString s(const char *latin1)
{
    return QString::fromLatin1(latin1);
}

QJsonObject metricsToJson(int archetype, const std::array<double, Archetypes::MetricsPerArchetype> &metrics)
{
    QJsonObject object;
    const QStringList names = Archetypes::metricNames(archetype);
    for (int i = 0; i < Archetypes::MetricsPerArchetype; ++i)
        object.insert(names[i], metrics[i]);
    return object;
}

QStringList columns(std::initializer_list<const char *> names)
{
    QStringList list;
    for (const char *name : names)
        list << s(name);
    return list;
}

class CopySink final : public DemoSink
{
public:
    explicit CopySink(Repository &repository)
        : m_repository(repository)
    {
    }

    Result<void> writeMarketplace(
        const DemoMarketplace::Data &market, const std::function<void(int, int)> &step) override
    {
        const std::function<Result<void>()> writes[] = {
            [&] { return users(market.users); },
            [&] { return profiles(market.profiles); },
            [&] { return jobs(market.jobs); },
            [&] { return embeddings(market.embeddings); },
            [&] { return matches(market.matches); },
            [&] { return reviews(market.reviews); },
            [&] { return attributes(market.attributes); },
            [&] { return biasReports(market.biasReports); },
            [&] { return modelVersions(market.modelVersions); },
        };
        const int total = int(std::size(writes));
        for (int i = 0; i < total; ++i) {
            if (Result<void> written = writes[i](); !written)
                return written;
            if (step)
                step(i + 1, total);
        }
        return {};
    }

    Result<void> writeMemories(const DemoEumas::Batch &batch) override
    {
        if (Result<void> r = memories(batch.memories); !r)
            return r;
        if (Result<void> r = evaluations(batch.evaluations); !r)
            return r;
        return links(batch.links);
    }

    Result<void> writeArchetypes(const QList<ArchetypeState> &history, const QList<ArchetypeState> &current) override
    {
        if (auto r = Validation::checkAll(history, Validation::checkArchetypeState); !r)
            return r;
        const Result<void> written = CopyWriter::writeAll(m_repository, Table::ArchetypeStateHistory,
            columns({ "archetype", "at", "state", "influence" }), history, [](CopyWriter &w, const ArchetypeState &st) {
                w.text(Archetypes::name(st.archetype)).time(st.at).json(metricsToJson(st.archetype, st.state));
                w.real(st.influence);
            });
        if (!written)
            return written;
        // Eight rows with ON CONFLICT: COPY has no upsert, and the statement way costs nothing here.
        return m_repository.upsertArchetypeStates(current);
    }

private:
    Result<void> memories(const QList<Memory> &rows)
    {
        if (auto r = Validation::checkAll(rows, Validation::checkMemory); !r)
            return r;
        return CopyWriter::writeAll(m_repository, Table::Memories,
            columns({ "id", "user_prompt", "agent_reply", "summary", "session_id", "user_id", "context_tags", "tone",
                "created_at", "duration_s", "last_accessed", "priority", "priority_override", "decay_rate", "long_term",
                "core", "archived_at", "embedding", "embedding_model", "metadata", "version", "updated_at" }),
            rows, [](CopyWriter &w, const Memory &m) {
                w.uuid(m.id).text(m.userPrompt).text(m.agentReply).text(m.summary).text(m.sessionId).text(m.userId);
                w.tags(m.contextTags).text(m.tone).time(m.createdAt).real(m.durationSeconds).time(m.lastAccessed);
                w.real(m.priority).optionalReal(m.priorityOverride).real(m.decayRate).boolean(m.longTerm);
                w.boolean(m.core).time(m.archivedAt).vector(m.embedding).optionalText(m.embeddingModel);
                w.json(m.metadata).integer(m.version).time(m.updatedAt.isValid() ? m.updatedAt : m.createdAt);
            });
    }

    Result<void> evaluations(const QList<Evaluation> &rows)
    {
        if (auto r = Validation::checkAll(rows, Validation::checkEvaluation); !r)
            return r;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        return CopyWriter::writeAll(m_repository, Table::Evaluations,
            columns({ "memory_id", "archetype", "metrics", "justifications", "annotation", "archetype_priority",
                "confidence", "model", "prompt_version", "created_at" }),
            rows, [now](CopyWriter &w, const Evaluation &e) {
                w.uuid(e.memoryId).text(Archetypes::name(e.archetype)).json(metricsToJson(e.archetype, e.metrics));
                w.json(e.justifications).text(e.annotation).real(e.archetypePriority).real(e.confidence);
                w.text(e.model).text(e.promptVersion).time(e.createdAt.isValid() ? e.createdAt : now);
            });
    }

    Result<void> links(const QList<MemoryLink> &rows)
    {
        if (auto r = Validation::checkAll(rows, Validation::checkLink); !r)
            return r;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        return CopyWriter::writeAll(m_repository, Table::Links,
            columns({ "source_id", "target_id", "link_type", "strength", "archetype", "origin", "created_at" }), rows,
            [now](CopyWriter &w, const MemoryLink &l) {
                w.uuid(l.sourceId).uuid(l.targetId).text(l.linkType).real(l.strength);
                if (l.archetype)
                    w.text(Archetypes::name(*l.archetype));
                else
                    w.null();
                w.text(l.origin).time(l.createdAt.isValid() ? l.createdAt : now);
            });
    }

    Result<void> users(const QList<User> &rows)
    {
        return CopyWriter::writeAll(m_repository, Table::Users,
            columns({ "id", "email", "full_name", "role", "is_active", "created_at", "shard_region", "shard_key" }),
            rows, [](CopyWriter &w, const User &u) {
                w.uuid(u.id).text(u.email).text(u.fullName).text(u.role).boolean(u.isActive).time(u.createdAt);
                w.text(u.shardRegion).text(u.shardKey());
            });
    }

    Result<void> profiles(const QList<FreelancerProfile> &rows)
    {
        return CopyWriter::writeAll(m_repository, Table::FreelancerProfiles,
            columns({ "user_id", "title", "bio", "skills", "hourly_rate", "experience_years", "success_rate",
                "location", "timezone" }),
            rows, [](CopyWriter &w, const FreelancerProfile &p) {
                w.uuid(p.userId).text(p.title).text(p.bio).tags(p.skills).real(p.hourlyRate);
                w.integer(p.experienceYears).real(p.successRate).text(p.location).text(p.timezone);
            });
    }

    Result<void> jobs(const QList<Job> &rows)
    {
        if (auto r = Validation::checkAll(rows, Validation::checkJob); !r)
            return r;
        return CopyWriter::writeAll(m_repository, Table::Jobs,
            columns({ "id", "title", "description", "budget", "category", "required_skills", "status", "client_id",
                "region", "created_at", "experience_level" }),
            rows, [](CopyWriter &w, const Job &j) {
                w.uuid(j.id).text(j.title).text(j.description).real(j.budget).text(j.category);
                w.tags(j.requiredSkills).text(j.status).uuid(j.clientId).text(j.region).time(j.createdAt);
                w.optionalText(j.experienceLevel);
            });
    }

    Result<void> embeddings(const QList<EntityEmbedding> &rows)
    {
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (rows[i].vector.isEmpty())
                return makeError(Error::InvalidInput, Repository::tr("Row %1: the embedding is empty.").arg(i + 1));
            if (auto r = Validation::checkEmbedding(rows[i].vector, Repository::tr("The embedding")); !r)
                return makeError(r.error().code, Repository::tr("Row %1: %2").arg(i + 1).arg(r.error().message));
        }
        const QDateTime now = QDateTime::currentDateTimeUtc();
        return CopyWriter::writeAll(m_repository, Table::Embeddings,
            columns({ "entity_type", "entity_id", "vector", "model", "created_at" }), rows,
            [now](CopyWriter &w, const EntityEmbedding &e) {
                w.text(e.entityType).uuid(e.entityId).vector(e.vector).text(e.model);
                w.time(e.createdAt.isValid() ? e.createdAt : now);
            });
    }

    Result<void> matches(const QList<MatchResult> &rows)
    {
        if (auto r = Validation::checkAll(rows, Validation::checkMatch); !r)
            return r;
        return CopyWriter::writeAll(m_repository, Table::MatchResults,
            columns({ "id", "job_id", "freelancer_id", "score", "confidence", "ranking", "skill_match",
                "experience_match", "success_rate_match", "region_match", "match_factors", "model_version",
                "created_at", "was_viewed", "was_applied", "was_hired" }),
            rows, [](CopyWriter &w, const MatchResult &m) {
                w.uuid(m.id).uuid(m.jobId).uuid(m.freelancerId).real(m.score).real(m.confidence).integer(m.ranking);
                w.real(m.skillMatch).real(m.experienceMatch).real(m.successRateMatch).real(m.regionMatch);
                w.json(m.matchFactors).text(m.modelVersion).time(m.createdAt).boolean(m.wasViewed);
                w.boolean(m.wasApplied).boolean(m.wasHired);
            });
    }

    Result<void> reviews(const QList<MatchReview> &rows)
    {
        if (auto r = Validation::checkAll(rows, Validation::checkMatchReview); !r)
            return r;
        return CopyWriter::writeAll(m_repository, Table::MatchReviews,
            columns({ "id", "match_id", "reviewer", "decision", "reason_code", "note", "decided_at", "level" }), rows,
            [](CopyWriter &w, const MatchReview &r) {
                w.uuid(r.id.isNull() ? QUuid::createUuid() : r.id).uuid(r.matchId).text(r.reviewer);
                w.text(r.decision).text(r.reasonCode).text(r.note).time(r.decidedAt).integer(r.level);
            });
    }

    Result<void> attributes(const QList<AuditAttribute> &rows)
    {
        return CopyWriter::writeAll(m_repository, Table::AuditAttributes, columns({ "user_id", "attribute", "value" }),
            rows, [](CopyWriter &w, const AuditAttribute &a) { w.uuid(a.userId).text(a.attribute).text(a.value); });
    }

    Result<void> biasReports(const QList<BiasReport> &rows)
    {
        if (auto r = Validation::checkAll(rows, Validation::checkBiasReport); !r)
            return r;
        return CopyWriter::writeAll(m_repository, Table::BiasReports,
            columns({ "id", "entity_type", "entity_id", "bias_score", "confidence", "categories", "findings",
                "recommendations", "requires_review", "reviewed_by", "review_notes", "decision", "decided_at",
                "created_at" }),
            rows, [](CopyWriter &w, const BiasReport &b) {
                w.uuid(b.id).text(b.entityType).uuid(b.entityId).real(b.biasScore).real(b.confidence);
                w.tags(b.categories).json(b.findings).json(b.recommendations).boolean(b.requiresReview);
                w.optionalText(b.reviewedBy).optionalText(b.reviewNotes).optionalText(b.decision);
                w.time(b.decidedAt).time(b.createdAt);
            });
    }

    Result<void> modelVersions(const QList<ModelVersion> &rows)
    {
        return CopyWriter::writeAll(m_repository, Table::ModelVersions,
            columns({ "id", "model_type", "version", "accuracy", "is_active", "deployed_at" }), rows,
            [](CopyWriter &w, const ModelVersion &v) {
                w.uuid(v.id).text(v.modelType).text(v.version).real(v.accuracy).boolean(v.isActive);
                w.time(v.deployedAt);
            });
    }

    Repository &m_repository;
};
} // namespace

std::unique_ptr<DemoSink> makeCopySink(Repository &repository)
{
    return std::make_unique<CopySink>(repository);
}
