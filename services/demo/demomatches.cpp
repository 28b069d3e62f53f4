// DemoMarketplace: proposed matches, their level-1 reviews (with the planted disparity), bias reports.
#include "demo/demomarketplace.h"
#include "ai/offlineembedder.h"

#include "compute/vectorops.h"

#include <QHash>

namespace {
struct Candidate
{
    int profile;
    double score, skill, experience, success, region, semantic;
};
} // namespace

void DemoMarketplace::addMatches(Data &data, const DemoVocabulary &vocabulary, Random &random, const QDateTime &now,
    const std::function<void(int, int)> &step)
{
    // Embeddings were appended freelancers first, then jobs, in the same order as profiles and jobs.
    const qsizetype freelancerCount = data.profiles.size();
    QHash<QUuid, QString> ageBand;
    for (const AuditAttribute &a : std::as_const(data.attributes)) {
        if (a.attribute == QLatin1String("age_band"))
            ageBand.insert(a.userId, a.value);
    }
    const QHash<QString, QStringList> &reasons = vocabulary.reasonCodes;
    const QStringList reviewers { QStringLiteral("reviewer.amal"), QStringLiteral("reviewer.bo"),
        QStringLiteral("reviewer.carmen") };

    for (qsizetype j = 0; j < data.jobs.size(); ++j) {
        if (step && j % 20 == 0)
            step(int(j), int(data.jobs.size()));
        const Job &job = data.jobs[j];
        if (job.status != QLatin1String("open"))
            continue;
        const float *jobVector = data.embeddings[freelancerCount + j].vector.constData();
        QList<Candidate> candidates;
        for (qsizetype f = 0; f < freelancerCount; ++f) {
            const FreelancerProfile &p = data.profiles[f];
            int shared = 0;
            for (const QString &skill : job.requiredSkills)
                shared += p.skills.contains(skill) ? 1 : 0;
            if (shared == 0)
                continue; // the matcher only proposes people with at least one required skill
            Candidate c;
            c.profile = int(f);
            c.skill = double(shared) / double(job.requiredSkills.size());
            c.experience = std::min(1.0, p.experienceYears / 10.0);
            c.success = p.successRate;
            const QString region = p.location;
            c.region = region == job.region                                                            ? 1.0
                : region.section(QLatin1Char('-'), 0, 0) == job.region.section(QLatin1Char('-'), 0, 0) ? 0.6
                                                                                                       : 0.2;
            c.semantic
                = clamp01(compute::cosine(jobVector, data.embeddings[f].vector.constData(), EmbeddingDimensions));
            c.score = combinedScore(c.skill, c.experience, c.success, c.region, c.semantic);
            candidates << c;
        }
        std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
            return a.score != b.score ? a.score > b.score : a.profile < b.profile;
        });
        const qsizetype count = std::min<qsizetype>(MatchesPerOpenJob, candidates.size());
        for (qsizetype r = 0; r < count; ++r) {
            const Candidate &c = candidates[r];
            MatchResult m;
            m.id = random.uuid();
            m.jobId = job.id;
            m.freelancerId = data.profiles[c.profile].userId;
            m.score = std::round(clamp01(c.score) * 10000.0) / 10000.0;
            const double gap = r + 1 < candidates.size() ? c.score - candidates[r + 1].score : 0.1;
            m.confidence = std::round(clamp01(0.55 + 0.3 * c.skill + 2.0 * gap) * 1000.0) / 1000.0;
            m.ranking = int(r + 1);
            m.skillMatch = std::round(c.skill * 1000.0) / 1000.0;
            m.experienceMatch = std::round(c.experience * 1000.0) / 1000.0;
            m.successRateMatch = c.success;
            m.regionMatch = c.region;
            m.matchFactors.insert(QStringLiteral("semantic_similarity"), std::round(c.semantic * 1000.0) / 1000.0);
            m.matchFactors.insert(QStringLiteral("weights"),
                QStringLiteral("skill .35, experience .15, success .15, region .10, semantic .25"));
            m.modelVersion = QStringLiteral("demo-matcher-v1");
            m.createdAt = job.createdAt.addSecs(random.between(60, 7200));
            m.wasViewed = random.chance(0.7);
            m.wasApplied = m.wasViewed && random.chance(0.35);

            // About 60 % of proposals already carry a level-1 review. Approval depends on the score,
            // and, deliberately, on the self-reported age band (see the class comment).
            if (random.chance(0.6)) {
                double approve = 0.45 + 0.5 * m.score;
                if (ageBand.value(m.freelancerId) == disadvantagedBand())
                    approve *= DisadvantagedApprovalFactor;
                MatchReview review;
                review.id = random.uuid();
                review.matchId = m.id;
                review.reviewer = random.pick(reviewers);
                const double roll = random.uniform();
                review.decision = roll < approve ? QStringLiteral("approve")
                    : roll < approve + 0.06      ? QStringLiteral("flag")
                                                 : QStringLiteral("reject");
                review.reasonCode = random.pick(reasons.value(review.decision, { QStringLiteral("other") }));
                review.decidedAt = m.createdAt.addSecs(random.between(600, 86400 * 3));
                if (review.decidedAt > now)
                    review.decidedAt = now;
                review.level = 1;
                m.wasHired = review.decision == QLatin1String("approve") && m.wasApplied && random.chance(0.5);
                data.reviews << review;
            }
            data.matches << m;
        }
    }
}

void DemoMarketplace::addReportsAndModels(
    Data &data, const DemoVocabulary &vocabulary, Random &random, const QDateTime &now)
{
    for (const DemoBiasTemplate &t : vocabulary.biasTemplates) {
        BiasReport report;
        report.id = random.uuid();
        report.entityType = t.entityType == QLatin1String("user") ? QStringLiteral("user") : QStringLiteral("job");
        report.entityId
            = report.entityType == QLatin1String("job") ? random.pick(data.jobs).id : random.pick(data.profiles).userId;
        report.biasScore = std::round(random.uniform(0.45, 0.92) * 100.0) / 100.0;
        report.confidence = std::round(random.uniform(0.6, 0.95) * 100.0) / 100.0;
        report.categories = t.categories;
        for (const QString &category : t.categories) {
            report.findings.insert(category, t.finding);
            report.recommendations.insert(category, t.recommendation);
        }
        report.requiresReview = report.biasScore >= 0.7;
        report.createdAt = now.addDays(-random.between(1, 60));
        data.biasReports << report;
    }
    // The demo matcher made the proposals above but is not active: the migrations' sextant-1 is (one active
    // version per type, and new runs use it), so its match_results name a version the registry lists.
    const auto version = [&](const char *type, const char *name, double accuracy, bool active = true) {
        data.modelVersions << ModelVersion { random.uuid(), QString::fromLatin1(type), QString::fromLatin1(name),
            accuracy, active, now.addDays(-random.between(30, 200)) };
    };
    version("embedding", "sextant-offline-hash-v1", 0.0);
    version("matching", "demo-matcher-v1", 0.81, false);
    version("bias", "demo-bias-v1", 0.77);
}
