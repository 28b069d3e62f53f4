// Bench rows matching.write_proposals_50000_{sqlite,postgres}: rows per second of MatchStore::writeProposals
// (supersede, insert, close the run row, one transaction) against a plain multi-row INSERT of the same rows in
// one transaction, on a freshly migrated workspace. Also reported: the writer again when every row it writes
// supersedes a current one (quality=supersede_rows_per_s).
//
// bench_matching_store [--quick] [postgres connection string]: SQLite always; PostgreSQL when a connection
// string is given (tests/bench/run passes a fresh database on the SEXTANT_TEST_PG server).
#include "db/postgresworkspace.h"
#include "db/repository.h"
#include "db/sqliteworkspace.h"
#include "matching/matchfactors.h"
#include "matching/matchstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <random>

namespace {

struct Fixture
{
    QList<QUuid> jobs;
    QList<QUuid> freelancers;
    std::vector<MatchProposal> proposals;
};

Fixture makeFixture(int jobs, int perJob)
{
    Fixture f;
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    for (int j = 0; j < jobs; ++j)
        f.jobs << QUuid::createUuid();
    for (int i = 0; i < perJob; ++i)
        f.freelancers << QUuid::createUuid();
    for (int j = 0; j < jobs; ++j) {
        for (int r = 0; r < perJob; ++r) {
            MatchProposal p;
            p.jobId = f.jobs[j];
            p.freelancerId = f.freelancers[r];
            p.ranking = r + 1;
            p.score = 1.0 - r / double(perJob);
            p.confidence = 0.83;
            for (float &c : p.components)
                c = unit(rng);
            p.factors = QJsonObject { { QStringLiteral("strengths"), QJsonArray { QStringLiteral("has all 3 required skills") } },
                { QStringLiteral("gaps"), QJsonArray { QStringLiteral("missing skills: Rust, Kubernetes"),
                                              QStringLiteral("rate 40 % over budget") } },
                { QStringLiteral("semantic_similarity"), 0.42 } };
            f.proposals.push_back(std::move(p));
        }
    }
    return f;
}

Result<void> seed(Repository &repository, const Fixture &f)
{
    const QDateTime t = QDateTime::currentDateTimeUtc();
    QList<User> users { User { QUuid::createUuid(), QStringLiteral("client@example.org"), QStringLiteral("Client"),
        QStringLiteral("user_client"), true, t, QStringLiteral("eu-west") } };
    for (qsizetype i = 0; i < f.freelancers.size(); ++i)
        users << User { f.freelancers[i], QStringLiteral("f%1@example.org").arg(i), QStringLiteral("F %1").arg(i),
            QStringLiteral("user_freelancer"), true, t, QStringLiteral("eu-west") };
    QList<Job> jobs;
    for (const QUuid &id : f.jobs) {
        Job job;
        job.id = id;
        job.title = QStringLiteral("Job");
        job.description = QStringLiteral("Bench");
        job.budget = 1000;
        job.status = QStringLiteral("open");
        job.clientId = users.first().id;
        job.createdAt = t;
        jobs << job;
    }
    if (Result<void> r = repository.insertUsers(users); !r)
        return r;
    return repository.insertJobs(jobs);
}

MatchRunRecord newRun(Repository &repository, const Fixture &f)
{
    MatchRunRecord run;
    run.id = QUuid::createUuid();
    run.scope = MatchScope::OpenJobs;
    run.modelVersion = QStringLiteral("bench");
    run.startedBy = QStringLiteral("bench");
    run.queries = f.jobs.size();
    run.pairsScored = f.jobs.size() * f.freelancers.size();
    (void)MatchStore::startRun(repository, run);
    return run;
}

double rate(qsizetype rows, qint64 ms)
{
    return rows / std::max(1e-3, ms / 1000.0);
}

void measure(QTextStream &out, Repository &repository, const QString &row, const Fixture &f)
{
    if (Result<void> r = seed(repository, f); !r) {
        out << "BENCH matching." << row << " error=\"" << r.errorMessage() << "\"\n";
        return;
    }
    const qsizetype n = qsizetype(f.proposals.size());
    const QString clear = QLatin1String("DELETE FROM ") + repository.dialect().table(Table::MatchResults);
    QElapsedTimer clock;

    // Baseline: the same rows by plain multi-row INSERT statements in one transaction.
    const MatchRunRecord base = newRun(repository, f);
    clock.start();
    const Result<void> plain = repository.inTransaction(
        [&] { return MatchStore::insertProposals(repository, base, f.proposals, MatchStore::Method::MultiRow); });
    const qint64 baselineMs = clock.elapsed();
    QSqlQuery(clear, repository.database());

    const MatchRunRecord first = newRun(repository, f);
    clock.restart();
    const Result<void> written = MatchStore::writeProposals(repository, first, f.jobs, f.proposals);
    const qint64 writerMs = clock.elapsed();

    const MatchRunRecord second = newRun(repository, f);
    clock.restart();
    const Result<void> again = MatchStore::writeProposals(repository, second, f.jobs, f.proposals);
    const qint64 supersedeMs = clock.elapsed();
    if (!plain || !written || !again) {
        out << "BENCH matching." << row << " error=\""
            << (!plain ? plain.errorMessage() : !written ? written.errorMessage() : again.errorMessage()) << "\"\n";
        return;
    }
    const double value = rate(n, writerMs), baseline = rate(n, baselineMs);
    out << "BENCH matching." << row << " value=" << qRound64(value) << "rows/s baseline=" << qRound64(baseline)
        << "rows/s ratio=" << QString::number(value / baseline, 'f', 2)
        << " quality=supersede_rows_per_s:" << qRound64(rate(n, supersedeMs)) << "\n";
    out.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QStringList args = app.arguments().mid(1);
    const bool quick = args.removeAll(QStringLiteral("--quick")) > 0;
    const int jobs = quick ? 100 : 1000; // × 50 candidates each
    const Fixture fixture = makeFixture(jobs, 50);
    const QString rows = QString::number(fixture.proposals.size());

    QTemporaryDir dir;
    {
        Result<std::unique_ptr<Repository>> sqlite
            = SqliteWorkspace::open(dir.filePath(QStringLiteral("bench.sqlite")), QStringLiteral("bench-sqlite"));
        if (!sqlite)
            out << "BENCH matching.write_proposals_" << rows << "_sqlite error=\"" << sqlite.errorMessage() << "\"\n";
        else
            measure(out, **sqlite, QStringLiteral("write_proposals_%1_sqlite").arg(rows), fixture);
    }
    if (!args.isEmpty()) {
        const Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(args.first());
        Result<std::unique_ptr<Repository>> pg = settings
            ? PostgresWorkspace::open(*settings, QStringLiteral("bench-pg"))
            : Result<std::unique_ptr<Repository>>(settings.error());
        if (!pg)
            out << "BENCH matching.write_proposals_" << rows << "_postgres error=\"" << pg.errorMessage() << "\"\n";
        else
            measure(out, **pg, QStringLiteral("write_proposals_%1_postgres").arg(rows), fixture);
    } else {
        out << "BENCH matching.write_proposals_" << rows << "_postgres skipped=\"no server given\"\n";
    }
    return 0;
}
