#pragma once

#include "core/marketplace.h"
#include "core/memory.h"
#include "core/result.h"

// Row checks shared by every backend, run before anything is written. Messages name the row and field.
namespace Validation {

// A memory's prompt, reply or summary longer than this (1 MB of text) is refused as a likely mistake
// (a file pasted in, a runaway generation) rather than stored and dragged through every page.
constexpr qsizetype MaxTextLength = 1'000'000;

Result<void> checkEmbedding(const Embedding &embedding, const QString &what); // empty or 1536 finite floats
Result<void> checkMemory(const Memory &memory);
Result<void> checkEvaluation(const Evaluation &evaluation);
Result<void> checkLink(const MemoryLink &link);
Result<void> checkArchetypeState(const ArchetypeState &state);
Result<void> checkJob(const Job &job);
Result<void> checkMatch(const MatchResult &match);
Result<void> checkMatchReview(const MatchReview &review);
Result<void> checkBiasReport(const BiasReport &report);

const QStringList &linkTypes();
const QStringList &linkOrigins();
const QStringList &jobStatuses();

// Runs `check` over every item and prefixes the first error with its row number.
template<typename T, typename Check> Result<void> checkAll(const QList<T> &items, Check check)
{
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Result<void> result = check(items.at(i));
        if (!result)
            return makeError(result.error().code, QStringLiteral("Row %1: %2").arg(i + 1).arg(result.error().message));
    }
    return {};
}

} // namespace Validation
