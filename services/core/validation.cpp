#include "core/validation.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace Validation {

// lupdate files these under the "Validation" context.
static QString tr(const char *text)
{
    return QCoreApplication::translate("Validation", text);
}

namespace {
Result<void> checkUnit(double value, const QString &field)
{
    if (!std::isfinite(value))
        return makeError(Error::InvalidInput, tr("%1 is not a number.").arg(field));
    if (value < 0.0 || value > 1.0)
        return makeError(
            Error::InvalidInput, tr("%1 must lie between 0 and 1, got %2.").arg(field).arg(value));
    return {};
}

Result<void> checkId(const QUuid &id, const QString &field)
{
    if (id.isNull())
        return makeError(Error::InvalidInput, tr("%1 is missing.").arg(field));
    return {};
}
} // namespace

const QStringList &linkTypes()
{
    static const QStringList values { QStringLiteral("emotional_link"), QStringLiteral("conceptual_link"),
        QStringLiteral("contradictory_link"), QStringLiteral("chronological_link"), QStringLiteral("research_link"),
        QStringLiteral("analytical_link"), QStringLiteral("risk_link"), QStringLiteral("semantic_cluster"),
        QStringLiteral("manual") };
    return values;
}

const QStringList &linkOrigins()
{
    static const QStringList values { QStringLiteral("evaluator"), QStringLiteral("cluster"),
        QStringLiteral("affinity"), QStringLiteral("manual") };
    return values;
}

const QStringList &jobStatuses()
{
    static const QStringList values { QStringLiteral("draft"), QStringLiteral("open"), QStringLiteral("in_progress"),
        QStringLiteral("completed"), QStringLiteral("cancelled"), QStringLiteral("dispute") };
    return values;
}

Result<void> checkEmbedding(const Embedding &embedding, const QString &what)
{
    if (embedding.isEmpty())
        return {};
    if (embedding.size() != EmbeddingDimensions)
        return makeError(Error::InvalidInput,
            tr("%1 has %2 dimensions; Sextant stores %3-dimensional vectors.")
                .arg(what)
                .arg(embedding.size())
                .arg(EmbeddingDimensions));
    for (qsizetype i = 0; i < embedding.size(); ++i) {
        if (!std::isfinite(embedding[i]))
            return makeError(Error::InvalidInput,
                tr("%1 has a non-finite value (NaN or infinity) at dimension %2.").arg(what).arg(i));
    }
    return {};
}

Result<void> checkMemory(const Memory &memory)
{
    if (auto r = checkId(memory.id, tr("Memory id")); !r)
        return r;
    if (!memory.createdAt.isValid())
        return makeError(Error::InvalidInput, tr("Memory %1 has no creation time.").arg(memory.id.toString()));
    if (auto r = checkUnit(memory.priority, tr("Priority")); !r)
        return r;
    if (memory.priorityOverride) {
        if (auto r = checkUnit(*memory.priorityOverride, tr("Priority override")); !r)
            return r;
    }
    for (const auto &[text, what] : { std::pair { &memory.userPrompt, tr("The prompt") },
             std::pair { &memory.agentReply, tr("The reply") }, std::pair { &memory.summary, tr("The summary") } }) {
        if (text->size() > MaxTextLength)
            return makeError(Error::InvalidInput,
                tr("%1 of memory %2 is too long (%L3 characters; the limit is %L4).")
                    .arg(what, memory.id.toString(QUuid::WithoutBraces))
                    .arg(text->size())
                    .arg(MaxTextLength));
    }
    // PostgreSQL's text cannot hold U+0000: refused before the write on every backend, with the field named.
    const bool nul = memory.sessionId.contains(QChar::Null) || memory.tone.contains(QChar::Null)
        || memory.userId.contains(QChar::Null)
        || std::any_of(memory.contextTags.cbegin(), memory.contextTags.cend(),
            [](const QString &t) { return t.contains(QChar::Null); });
    for (const auto &[text, what] : { std::pair { &memory.userPrompt, tr("The prompt") },
             std::pair { &memory.agentReply, tr("The reply") }, std::pair { &memory.summary, tr("The summary") } }) {
        if (text->contains(QChar::Null))
            return makeError(Error::InvalidInput,
                tr("%1 of memory %2 holds a NUL character (U+0000), which cannot be stored.")
                    .arg(what, memory.id.toString(QUuid::WithoutBraces)));
    }
    if (nul)
        return makeError(Error::InvalidInput,
            tr("A tag, the session, the user or the tone of memory %1 holds a NUL character (U+0000), which cannot "
               "be stored.")
                .arg(memory.id.toString(QUuid::WithoutBraces)));
    if (!std::isfinite(memory.decayRate) || memory.decayRate < 0.0)
        return makeError(Error::InvalidInput, tr("Decay rate must be a non-negative number."));
    return checkEmbedding(memory.embedding, tr("The memory embedding"));
}

Result<void> checkEvaluation(const Evaluation &evaluation)
{
    if (auto r = checkId(evaluation.memoryId, tr("Evaluation memory id")); !r)
        return r;
    if (evaluation.archetype < 0 || evaluation.archetype >= Archetypes::Count)
        return makeError(
            Error::InvalidInput, tr("Unknown archetype index %1; expected Ella-M … Ella-F.").arg(evaluation.archetype));
    const QStringList names = Archetypes::metricNames(evaluation.archetype);
    for (int i = 0; i < Archetypes::MetricsPerArchetype; ++i) {
        if (auto r = checkUnit(evaluation.metrics[i], names[i]); !r)
            return r;
    }
    if (auto r = checkUnit(evaluation.archetypePriority, tr("Archetype priority")); !r)
        return r;
    return checkUnit(evaluation.confidence, tr("Confidence"));
}

Result<void> checkLink(const MemoryLink &link)
{
    if (auto r = checkId(link.sourceId, tr("Link source")); !r)
        return r;
    if (auto r = checkId(link.targetId, tr("Link target")); !r)
        return r;
    if (!linkTypes().contains(link.linkType))
        return makeError(Error::InvalidInput, tr("Unknown link type \"%1\".").arg(link.linkType));
    if (!linkOrigins().contains(link.origin))
        return makeError(Error::InvalidInput, tr("Unknown link origin \"%1\".").arg(link.origin));
    if (link.archetype && (*link.archetype < 0 || *link.archetype >= Archetypes::Count))
        return makeError(Error::InvalidInput, tr("Unknown archetype index %1.").arg(*link.archetype));
    return checkUnit(link.strength, tr("Link strength"));
}

Result<void> checkArchetypeState(const ArchetypeState &state)
{
    if (state.archetype < 0 || state.archetype >= Archetypes::Count)
        return makeError(Error::InvalidInput, tr("Unknown archetype index %1.").arg(state.archetype));
    for (double value : state.state) {
        if (auto r = checkUnit(value, tr("Archetype state")); !r)
            return r;
    }
    return checkUnit(state.influence, tr("Influence"));
}

Result<void> checkJob(const Job &job)
{
    if (auto r = checkId(job.id, tr("Job id")); !r)
        return r;
    if (!jobStatuses().contains(job.status))
        return makeError(Error::InvalidInput, tr("Unknown job status \"%1\".").arg(job.status));
    if (!std::isfinite(job.budget) || job.budget < 0.0)
        return makeError(Error::InvalidInput, tr("Job budget must be a non-negative amount."));
    return {};
}

Result<void> checkMatch(const MatchResult &match)
{
    if (auto r = checkId(match.id, tr("Match id")); !r)
        return r;
    for (auto [value, name] : { std::pair { match.score, QT_TRANSLATE_NOOP("Validation", "Score") },
             std::pair { match.confidence, QT_TRANSLATE_NOOP("Validation", "Confidence") },
             std::pair { match.skillMatch, QT_TRANSLATE_NOOP("Validation", "Skill match") },
             std::pair { match.experienceMatch, QT_TRANSLATE_NOOP("Validation", "Experience match") },
             std::pair { match.successRateMatch, QT_TRANSLATE_NOOP("Validation", "Success-rate match") },
             std::pair { match.regionMatch, QT_TRANSLATE_NOOP("Validation", "Region match") } }) {
        if (auto r = checkUnit(value, tr(name)); !r)
            return r;
    }
    return {};
}

Result<void> checkMatchReview(const MatchReview &review)
{
    if (auto r = checkId(review.matchId, tr("Reviewed match id")); !r)
        return r;
    static const QStringList decisions { QStringLiteral("approve"), QStringLiteral("reject"), QStringLiteral("flag") };
    if (!decisions.contains(review.decision))
        return makeError(Error::InvalidInput, tr("Unknown review decision \"%1\".").arg(review.decision));
    if (review.level != 1 && review.level != 2)
        return makeError(Error::InvalidInput, tr("Review level must be 1 or 2."));
    return {};
}

Result<void> checkBiasReport(const BiasReport &report)
{
    if (auto r = checkId(report.entityId, tr("Bias report entity id")); !r)
        return r;
    if (auto r = checkUnit(report.biasScore, tr("Bias score")); !r)
        return r;
    return checkUnit(report.confidence, tr("Bias confidence"));
}

} // namespace Validation
