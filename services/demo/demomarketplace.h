#pragma once

#include "demo/demovocabulary.h"
#include "core/marketplace.h"
#include "core/random.h"

#include <functional>

// Synthetic 8thDegree data: clients, freelancers with skills and rates over the 7 regions, jobs,
// embeddings, proposed matches with component scores for every open job, level-1 reviews of those
// matches, self-reported audit attributes and a few text bias reports.
//
// Planted disparity (documented, deliberate, so a bias audit has something true to find): reviewers
// approve matches of freelancers who report the age band "60+" at roughly half the rate of the other
// bands, independent of match score. Their approval rate lands well under four-fifths of the
// highest band's. The memories plant one drift as well (an evaluator prompt version that lifts Ella-R's
// curiosityLevel in the last 14 days): see DemoEumas.
class DemoMarketplace
{
public:
    struct Data
    {
        QList<User> users;
        QList<FreelancerProfile> profiles;
        QList<Job> jobs;
        QList<EntityEmbedding> embeddings;
        QList<MatchResult> matches;
        QList<MatchReview> reviews;
        QList<AuditAttribute> attributes;
        QList<BiasReport> biasReports;
        QList<ModelVersion> modelVersions;
    };

    static constexpr double DisadvantagedApprovalFactor = 0.5;
    static QString disadvantagedBand() { return QStringLiteral("60+"); }
    static QStringList ageBands();
    static constexpr int MatchesPerOpenJob = 8;

    // step(done, total) now and then while the freelancers and jobs are made and embedded, which is
    // where the time goes; the result does not depend on it.
    static Data generate(const DemoVocabulary &vocabulary, std::uint64_t seed, int freelancers, int jobs,
        const QDateTime &now, const std::function<void(int done, int total)> &step = {});

private:
    static void addMatches(Data &data, const DemoVocabulary &vocabulary, Random &random, const QDateTime &now,
        const std::function<void(int done, int total)> &step);
    static void addReportsAndModels(Data &data, const DemoVocabulary &vocabulary, Random &random, const QDateTime &now);

public:
    // The weights the demo matcher uses; shown in match explanations.
    static double combinedScore(double skill, double experience, double successRate, double region, double semantic);
};
