#pragma once

#include "compute/matchengine.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

struct MatchInputs;

// Strengths and gaps of one proposal, as ai.match_results.match_factors stores them:
//   {"strengths": ["has all 3 required skills", …], "gaps": ["missing skills: Rust, Kubernetes",
//    "rate 40 % over budget", …], "items": [{"kind": "missing_skills", "skills": ["Rust", "Kubernetes"]}, …],
//    "semantic_similarity": 0.42}
// strengths / gaps are English sentences (the stored record, readable in psql and by other tools, the
// same for every operator); items carry the same facts as data, and sentences() turns them into the
// operator's language for the UI.
class MatchFactors
{
    Q_DECLARE_TR_FUNCTIONS(MatchFactors)

public:
    static QJsonObject describe(
        const MatchInputs &inputs, std::uint32_t job, std::uint32_t freelancer, const compute::ComponentScores &components);

    struct Sentences
    {
        QStringList strengths;
        QStringList gaps;
    };
    // The items of a stored match_factors object, translated; falls back to the stored English sentences
    // for rows other tools wrote.
    static Sentences sentences(const QJsonObject &factors);
};
