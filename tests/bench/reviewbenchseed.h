#pragma once

#include "db/repository.h"

#include <QSqlQuery>
#include <QStringList>

// `jobs` × `perJob` current proposals on a PostgreSQL workspace, made by the server itself (generate_series), so a
// million rows take seconds: `jobs` open jobs (every third one "design"), ranked 1..perJob per job, drawn from a pool
// of 5,000 freelancers (job j's f-th candidate is freelancer (37·j + f) mod 5,000, so each is proposed for about
// jobs·perJob/5,000 jobs, as on a marketplace, rather than for every job). For the review benchmarks at scale; an
// empty workspace is expected.
inline Result<void> seedProposalsOnServer(Repository &r, int jobs, int perJob)
{
    constexpr int Freelancers = 5000;
    QSqlQuery q(r.database());
    const QStringList statements {
        QStringLiteral(
            "INSERT INTO auth.users (id, email, full_name, role, shard_region, shard_key) SELECT "
            "md5('qf' || i)::uuid, 'qf' || i || '@example.org', 'F ' || i, 'user_freelancer', 'eu-west', 'k' "
            "FROM generate_series(0, %1) i")
            .arg(Freelancers),
        QStringLiteral("INSERT INTO core.freelancer_profiles (user_id, title, skills, hourly_rate, experience_years, "
                       "success_rate) SELECT md5('qf' || i)::uuid, 'Engineer', '{Rust}', 50, 5, 0.9 FROM "
                       "generate_series(1, %1) i")
            .arg(Freelancers),
        QStringLiteral(
            "INSERT INTO core.jobs (id, title, description, budget, category, status, client_id, region) SELECT "
            "md5('qj' || j)::uuid, 'Job ' || j, 'Bench', 1000, CASE WHEN j % 3 = 0 THEN 'design' ELSE 'dev' END, "
            "'open', md5('qf0')::uuid, 'eu-west' FROM generate_series(1, %1) j")
            .arg(jobs),
        QStringLiteral(
            "INSERT INTO ai.match_results (id, job_id, freelancer_id, score, confidence, ranking, model_version) "
            "SELECT gen_random_uuid(), md5('qj' || j)::uuid, md5('qf' || ((37 * j + f) % %3 + 1))::uuid, "
            "1 - f / 100.0, 0.8, f, 'bench' FROM generate_series(1, %1) j, generate_series(1, %2) f")
            .arg(jobs)
            .arg(perJob)
            .arg(Freelancers),
        QStringLiteral("ANALYZE"),
    };
    for (const QString &sql : statements)
        if (!q.exec(sql))
            return Repository::queryError(q, QStringLiteral("seed"));
    return {};
}
