#pragma once

#include "db/databaseworker.h"
#include "matching/matchservice.h"
#include "matching/modelregistry.h"
#include "support/rowlocker.h"

#include <QSqlQuery>

#include <cmath>

// Shared by the matching drills (tst_matchdrill, tst_matchconcurrency): a small marketplace and an active matching
// version that proposes the top 10 of every open job.
namespace MarketDrill {

inline constexpr int Jobs = 30;
inline constexpr int Freelancers = 150;
inline constexpr int TopK = 10;

inline QUuid id(int n)
{
    return QUuid(QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')));
}
inline QUuid jobId(int j)
{
    return id(5000 + j);
}

inline Embedding vectorFor(int seed)
{
    Embedding e(EmbeddingDimensions, 0.0f);
    for (int k = 0; k < 8; ++k)
        e[(seed * 37 + k * 101) % EmbeddingDimensions] = float(1 + (seed + k) % 5);
    float norm = 0;
    for (float x : e)
        norm += x * x;
    for (float &x : e)
        x /= std::sqrt(norm);
    return e;
}

inline Result<void> seed(Repository &r)
{
    const QDateTime t(QDate(2026, 2, 2), QTime(9, 0), Qt::UTC);
    QList<User> users { User { id(1), QStringLiteral("client@example.org"), QStringLiteral("Client"),
        QStringLiteral("user_client"), true, t, QStringLiteral("eu-west") } };
    QList<FreelancerProfile> profiles;
    QList<EntityEmbedding> vectors;
    for (int f = 0; f < Freelancers; ++f) {
        const QUuid u = id(1000 + f);
        users << User { u, QStringLiteral("f%1@example.org").arg(f), QStringLiteral("Freelancer %1").arg(f),
            QStringLiteral("user_freelancer"), true, t, QStringLiteral("eu-west") };
        profiles << FreelancerProfile { u, QStringLiteral("Engineer %1").arg(f), QString(), { QStringLiteral("Rust") },
            40.0 + f % 50, 1 + f % 9, 0.7 + 0.002 * (f % 100), QStringLiteral("Lisbon"), QString() };
        vectors << EntityEmbedding { QStringLiteral("user"), u, vectorFor(f), QStringLiteral("test"), t };
    }
    QList<Job> jobs;
    for (int j = 0; j < Jobs; ++j) {
        Job job;
        job.id = jobId(j);
        job.title = QStringLiteral("Job %1").arg(j);
        job.description = QStringLiteral("Build things %1").arg(j);
        job.budget = 1000 + 100 * j;
        job.category = QStringLiteral("dev");
        job.requiredSkills = { QStringLiteral("Rust") };
        job.status = QStringLiteral("open");
        job.clientId = id(1);
        job.region = QStringLiteral("eu-west");
        job.createdAt = t.addSecs(j);
        job.experienceLevel = QStringLiteral("intermediate");
        jobs << job;
        vectors << EntityEmbedding { QStringLiteral("job"), job.id, vectorFor(3 * j + 1), QStringLiteral("test"), t };
    }
    return r.inTransaction([&]() -> Result<void> {
        for (const auto &write : std::initializer_list<std::function<Result<void>()>> {
                 [&] { return r.insertUsers(users); }, [&] { return r.insertFreelancerProfiles(profiles); },
                 [&] { return r.insertJobs(jobs); }, [&] { return r.insertEntityEmbeddings(vectors); } }) {
            if (Result<void> w = write(); !w)
                return w;
        }
        return {};
    });
}

// Creates and activates a version with semantic weight only, threshold 0 and top-k TopK; null on failure.
inline QUuid activateVersion(DatabaseWorker &worker, const QString &actor)
{
    MatchingVersionDraft draft;
    draft.version = QStringLiteral("drill-1");
    draft.params.weights = { 1.0, 0.0, 0.0, 0.0, 0.0, 0.0 };
    draft.params.threshold = 0.0;
    draft.params.topK = TopK;
    Result<RegistryVersion> v
        = worker.runAndWait([draft, actor](Repository &r) { return ModelRegistry::createMatching(r, draft, actor); });
    if (!v)
        return {};
    const QUuid vid = v->id;
    if (!worker.runAndWait([vid, actor](Repository &r) { return ModelRegistry::activate(r, vid, actor); }))
        return {};
    return vid;
}

} // namespace MarketDrill
