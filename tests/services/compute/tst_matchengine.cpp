// The matching engine: each component on hand-computed pairs, the block kernel against a brute-force
// scorer built on scorePair, both directions, thread counts, the streaming and the block paths, bad input
// and cancellation.
#include "compute/matchengine.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>
#include <set>
#include <tuple>

using namespace compute;

Q_DECLARE_METATYPE(compute::MatchParams)

namespace {

MatchParams weightsOf(std::array<double, MatchComponentCount> weights, double threshold = 0.0, int topK = 10)
{
    MatchParams p;
    p.weights = weights;
    p.threshold = threshold;
    p.topK = topK;
    return p;
}

const MatchParams Even = weightsOf({ 0.3, 0.2, 0.1, 0.1, 0.1, 0.2 });

// Three jobs and six freelancers whose components are worked out by hand in components_data().
struct Fixture
{
    MatchJobs jobs;
    MatchFreelancers freelancers;

    Fixture()
    {
        const float jv[] = { 2, 0, 0, 0, 1, 0, 1, 0, 0 }; // job 2 has a vector row but no flag
        jobs.vectors = EmbeddingMatrix::copyOf(jv, 3, 3);
        jobs.hasVector = { 1, 1, 0 };
        jobs.requiredSkills = { { 1, 2, 3, 4 }, {}, { 7 } };
        jobs.budget = { 2000, 0, 2000 };
        jobs.experienceLevel = { 2, 1, -1 };
        jobs.region = { 0, 1, -1 };
        jobs.utcOffsetHours = { 1.0f, NAN, 11.0f };
        jobs.estimatedHours = { 0, 0, 20 };

        const float fv[] = { 3, 4, 0, -1, 0, 0, 0, 0, 5, 0, 0, 0, 1, 1, 1, 0, 1, 0 };
        freelancers.vectors = EmbeddingMatrix::copyOf(fv, 6, 3);
        freelancers.hasVector = { 1, 1, 1, 0, 1, 1 };
        freelancers.skills = { { 2, 4, 9 }, {}, { 1, 2, 3, 4, 5 }, { 7 }, { 3 }, { 1 } };
        freelancers.hourlyRate = { 40, 70, 120, 0, 70, 50 };
        freelancers.experienceYears = { 2, 7, 0, -1, 5, 1 };
        freelancers.successRate = { 0.8, NAN, 1.0, 0.25, 0.5, 0.0 };
        freelancers.region = { 0, 2, 1, -1, 3, 0 };
        freelancers.utcOffsetHours = { NAN, -2.0f, NAN, NAN, -11.0f, 1.0f };
    }
};

// Brute force: every pair through scorePair, sorted by score (ties: lower row), cut at threshold and k.
std::vector<MatchCandidate> bruteForce(const MatchJobs &jobs, const MatchFreelancers &freelancers, std::uint32_t query,
    bool jobQuery, const MatchParams &params)
{
    std::vector<MatchCandidate> all;
    const std::size_t others = jobQuery ? freelancers.rows() : jobs.rows();
    for (std::uint32_t o = 0; o < others; ++o) {
        const std::uint32_t j = jobQuery ? query : o, f = jobQuery ? o : query;
        MatchCandidate c;
        c.row = o;
        c.components = scorePair(jobs, j, freelancers, f);
        c.score = weightedScore(c.components, params);
        c.confidence = confidenceOf(jobs, j, freelancers, f);
        if (c.score >= float(params.threshold))
            all.push_back(c);
    }
    std::stable_sort(
        all.begin(), all.end(), [](const MatchCandidate &a, const MatchCandidate &b) { return a.score > b.score; });
    all.resize(std::min(all.size(), std::size_t(params.topK)));
    return all;
}

// Random columns with few distinct values (so many pairs tie exactly) and vectors of `dims` floats;
// lattice: small integers, so every dot product is exact in float and both directions and both kernel
// paths must agree to the bit.
void randomSides(MatchJobs &jobs, MatchFreelancers &freelancers, std::size_t nj, std::size_t nf, int dims,
    unsigned seed, bool lattice)
{
    std::mt19937 random(seed);
    const auto pick = [&](int n) { return int(random() % unsigned(n)); };
    const auto vectors = [&](std::size_t rows, std::vector<std::uint8_t> &flags) {
        std::vector<float> packed(rows * std::size_t(dims));
        std::normal_distribution<float> normal;
        for (float &x : packed)
            x = lattice ? float(pick(5) - 2) : normal(random);
        flags.resize(rows);
        for (auto &f : flags)
            f = pick(10) != 0;
        return EmbeddingMatrix::copyOf(packed.data(), rows, dims);
    };
    const auto skills = [&](int most) {
        std::set<std::int32_t> s;
        for (int i = pick(most + 1); i > 0; --i)
            s.insert(pick(12));
        return std::vector<std::int32_t>(s.begin(), s.end());
    };
    jobs.vectors = vectors(nj, jobs.hasVector);
    for (std::size_t r = 0; r < nj; ++r) {
        jobs.requiredSkills.push_back(skills(4));
        jobs.budget.push_back(pick(4) * 1000.0);
        jobs.experienceLevel.push_back(std::int8_t(pick(4) - 1));
        jobs.region.push_back(std::int16_t(pick(4) - 1));
        jobs.utcOffsetHours.push_back(pick(3) == 0 ? NAN : float(pick(25) - 12));
    }
    freelancers.vectors = vectors(nf, freelancers.hasVector);
    for (std::size_t r = 0; r < nf; ++r) {
        freelancers.skills.push_back(skills(6));
        freelancers.hourlyRate.push_back(pick(5) * 20.0);
        freelancers.experienceYears.push_back(pick(9) - 1);
        freelancers.successRate.push_back(pick(4) == 0 ? NAN : pick(5) / 4.0);
        freelancers.region.push_back(std::int16_t(pick(4) - 1));
        freelancers.utcOffsetHours.push_back(pick(3) == 0 ? NAN : float(pick(25) - 12));
    }
}

bool sameCandidates(const std::vector<MatchCandidate> &a, const std::vector<MatchCandidate> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].row != b[i].row || a[i].score != b[i].score || a[i].confidence != b[i].confidence
            || a[i].components != b[i].components)
            return false;
    }
    return true;
}

} // namespace

class TestMatchEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void components_data()
    {
        QTest::addColumn<int>("job");
        QTest::addColumn<int>("freelancer");
        QTest::addColumn<int>("component");
        QTest::addColumn<float>("expected");
        // Semantic: (2,0,0)·(3,4,0) / (2·5) = 0.6; a negative cosine counts as 0; no flag or no vector: 0.
        QTest::newRow("cosine of unnormalised vectors") << 0 << 0 << int(Semantic) << 0.6f;
        QTest::newRow("negative cosine is 0") << 0 << 1 << int(Semantic) << 0.0f;
        QTest::newRow("orthogonal") << 0 << 2 << int(Semantic) << 0.0f;
        QTest::newRow("freelancer without embedding") << 0 << 3 << int(Semantic) << 0.0f;
        QTest::newRow("job without embedding flag") << 2 << 4 << int(Semantic) << 0.0f;
        QTest::newRow("job 1 with freelancer 5") << 1 << 5 << int(Semantic) << 1.0f;
        // Skills: coverage of the job's required skills.
        QTest::newRow("two of four required") << 0 << 0 << int(Skills) << 0.5f;
        QTest::newRow("freelancer lists no skills") << 0 << 1 << int(Skills) << 0.0f;
        QTest::newRow("all required and more") << 0 << 2 << int(Skills) << 1.0f;
        QTest::newRow("job without required skills is neutral") << 1 << 0 << int(Skills) << 0.5f;
        // Experience: expert wants 5 years, intermediate 2; below: (years + 1) / (wanted + 1).
        QTest::newRow("expert job, 2 years") << 0 << 0 << int(Experience) << 0.5f;
        QTest::newRow("expert job, 7 years") << 0 << 1 << int(Experience) << 1.0f;
        QTest::newRow("intermediate job, 0 years") << 1 << 2 << int(Experience) << float(1.0 / 3.0);
        QTest::newRow("unknown years") << 0 << 3 << int(Experience) << 0.5f;
        QTest::newRow("unknown level") << 2 << 1 << int(Experience) << 0.5f;
        // Success rate: the freelancer's own, neutral without history.
        QTest::newRow("success 0.8") << 0 << 0 << int(SuccessRate) << 0.8f;
        QTest::newRow("no history") << 0 << 1 << int(SuccessRate) << 0.5f;
        // Region: same region 1; else by the offsets around the clock; different regions without offsets 0.
        QTest::newRow("same region") << 0 << 0 << int(Region) << 1.0f;
        QTest::newRow("3 hours apart") << 0 << 1 << int(Region) << 0.75f;
        QTest::newRow("different regions, no offsets") << 0 << 2 << int(Region) << 0.0f;
        QTest::newRow("22 hours apart is 2 around the clock") << 2 << 4 << int(Region) << float(1.0 - 2.0 / 12.0);
        QTest::newRow("unknown region and offset") << 0 << 3 << int(Region) << 0.5f;
        QTest::newRow("only the job's offset known") << 2 << 3 << int(Region) << 0.5f;
        // Budget: 2,000 over the assumed 40 h pays 50/h; job 2 says 20 h, so 100/h.
        QTest::newRow("rate within budget") << 0 << 0 << int(Budget) << 1.0f;
        QTest::newRow("rate 40 % over budget") << 0 << 1 << int(Budget) << 0.6f;
        QTest::newRow("rate over twice the budget") << 0 << 2 << int(Budget) << 0.0f;
        QTest::newRow("unknown rate") << 0 << 3 << int(Budget) << 0.5f;
        QTest::newRow("zero budget is neutral") << 1 << 0 << int(Budget) << 0.5f;
        QTest::newRow("estimated hours raise the paid rate") << 2 << 1 << int(Budget) << 1.0f;
    }

    void components()
    {
        QFETCH(int, job);
        QFETCH(int, freelancer);
        QFETCH(int, component);
        QFETCH(float, expected);
        const Fixture f;
        const ComponentScores c = scorePair(f.jobs, std::uint32_t(job), f.freelancers, std::uint32_t(freelancer));
        QVERIFY2(std::fabs(c[std::size_t(component)] - expected) < 1e-6f,
            qPrintable(QStringLiteral("got %1").arg(double(c[std::size_t(component)]))));
    }

    void confidence_data()
    {
        QTest::addColumn<int>("job");
        QTest::addColumn<int>("freelancer");
        QTest::addColumn<int>("known");
        QTest::newRow("everything known") << 0 << 0 << 6 - 0; // vector, skills, level+years, success, region, budget
        QTest::newRow("no skills, no history") << 0 << 1 << 4;
        QTest::newRow("no vector, years, region or rate") << 0 << 3 << 2;
        QTest::newRow("job without skills and budget") << 1 << 5 << 4;
        QTest::newRow("job without vector flag or level") << 2 << 4 << 4;
    }

    void confidence()
    {
        QFETCH(int, job);
        QFETCH(int, freelancer);
        QFETCH(int, known);
        const Fixture f;
        QCOMPARE(
            confidenceOf(f.jobs, std::uint32_t(job), f.freelancers, std::uint32_t(freelancer)), float(known) / 6.0f);
    }

    void explanations()
    {
        const Fixture f;
        QCOMPARE(missingSkills(f.jobs, 0, f.freelancers, 0), (std::vector<std::int32_t> { 1, 3 }));
        QCOMPARE(missingSkills(f.jobs, 0, f.freelancers, 1), (std::vector<std::int32_t> { 1, 2, 3, 4 }));
        QVERIFY(missingSkills(f.jobs, 1, f.freelancers, 0).empty());
        QCOMPARE(paidHourlyRate(f.jobs, 0), 50.0);
        QCOMPARE(paidHourlyRate(f.jobs, 1), 0.0);
        QCOMPARE(paidHourlyRate(f.jobs, 2), 100.0);
    }

    void engineMatchesScorePairOnTheFixture()
    {
        const Fixture f;
        const MatchOutcome out = matchJobs(f.jobs, f.freelancers, {}, Even);
        QCOMPARE(out.status, Status::Ok);
        QCOMPARE(out.perQuery.size(), std::size_t(3));
        QCOMPARE(out.pairsScored, std::size_t(18));
        for (std::uint32_t j = 0; j < 3; ++j) {
            const auto want = bruteForce(f.jobs, f.freelancers, j, true, Even);
            QCOMPARE(out.perQuery[j].size(), want.size());
            for (std::size_t i = 0; i < want.size(); ++i) {
                QCOMPARE(out.perQuery[j][i].row, want[i].row);
                QVERIFY(std::fabs(out.perQuery[j][i].score - want[i].score) < 1e-6f);
                QCOMPARE(out.perQuery[j][i].confidence, want[i].confidence);
            }
        }
    }

    // On lattice vectors every score is computed by the same float steps on both sides, so the engine must
    // equal the brute force to the bit, ties (plenty here) going to the lower row.
    void exactAgainstBruteForceWithTies_data()
    {
        QTest::addColumn<int>("jobs");
        QTest::addColumn<int>("freelancers");
        QTest::addColumn<bool>("jobQueries");
        QTest::addColumn<int>("dims");
        QTest::newRow("block path, jobs") << 600 << 4500 << true << 24;
        QTest::newRow("block path, freelancers") << 600 << 700 << false << 24;
        QTest::newRow("streaming path") << 3 << 20000 << true << 2; // few distinct cosines: ties at the top
    }

    void exactAgainstBruteForceWithTies()
    {
        QFETCH(int, jobs);
        QFETCH(int, freelancers);
        QFETCH(bool, jobQueries);
        QFETCH(int, dims);
        MatchJobs j;
        MatchFreelancers f;
        randomSides(j, f, std::size_t(jobs), std::size_t(freelancers), dims, 7, true);
        const MatchParams p = weightsOf({ 0.2, 0.25, 0.15, 0.15, 0.1, 0.15 }, 0.5, 7);
        const MatchOutcome out = jobQueries ? matchJobs(j, f, {}, p) : matchFreelancers(j, f, {}, p);
        QCOMPARE(out.status, Status::Ok);
        std::size_t ties = 0;
        const std::uint32_t step = out.perQuery.size() > 20 ? 7 : 1;
        for (std::uint32_t q = 0; q < out.perQuery.size(); q += step) {
            const auto want = bruteForce(j, f, q, jobQueries, p);
            QVERIFY2(sameCandidates(out.perQuery[q], want), qPrintable(QStringLiteral("query %1").arg(q)));
            for (std::size_t i = 1; i < want.size(); ++i)
                ties += want[i].score == want[i - 1].score;
        }
        QVERIFY(ties > 0); // the data does exercise the tie rule
    }

    // With real-valued vectors the dot products come from SGEMM and differ from the double-precision
    // reference in the last bits: the lists agree up to those near-ties.
    void semanticAgainstBruteForce()
    {
        MatchJobs j;
        MatchFreelancers f;
        randomSides(j, f, 530, 5000, 48, 11, false);
        const MatchParams p = weightsOf({ 0.5, 0.1, 0.1, 0.1, 0.1, 0.1 }, 0.45, 10);
        const MatchOutcome out = matchJobs(j, f, {}, p);
        QCOMPARE(out.status, Status::Ok);
        std::size_t exact = 0, total = 0;
        for (std::uint32_t q = 0; q < 530; q += 5) {
            const auto want = bruteForce(j, f, q, true, p);
            const auto &got = out.perQuery[q];
            QCOMPARE(got.size(), want.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                QVERIFY(std::fabs(got[i].score - want[i].score) < 1e-5f);
                const ComponentScores ref = scorePair(j, q, f, got[i].row);
                QVERIFY(std::fabs(got[i].components[Semantic] - ref[Semantic]) < 1e-5f);
                for (int c = Skills; c < MatchComponentCount; ++c)
                    QCOMPARE(got[i].components[std::size_t(c)], ref[std::size_t(c)]);
                QCOMPARE(got[i].confidence, confidenceOf(j, q, f, got[i].row));
                exact += got[i].row == want[i].row;
                ++total;
            }
        }
        QVERIFY(total > 500);
        QVERIFY(double(exact) / double(total) > 0.99);
    }

    // Job → freelancers and freelancer → jobs with every candidate kept propose the same pairs and scores.
    void bothDirectionsAgree()
    {
        MatchJobs j;
        MatchFreelancers f;
        randomSides(j, f, 45, 40, 8, 3, true);
        const MatchParams p = weightsOf({ 0.4, 0.2, 0.1, 0.1, 0.1, 0.1 }, 0.5, 50);
        const MatchOutcome forward = matchJobs(j, f, {}, p), backward = matchFreelancers(j, f, {}, p);
        QCOMPARE(forward.status, Status::Ok);
        QCOMPARE(backward.status, Status::Ok);
        std::set<std::tuple<std::uint32_t, std::uint32_t, float>> a, b;
        for (std::uint32_t q = 0; q < forward.perQuery.size(); ++q) {
            QVERIFY(forward.perQuery[q].size() < 50); // nothing was cut by top-k
            for (const MatchCandidate &c : forward.perQuery[q])
                a.insert({ q, c.row, c.score });
        }
        for (std::uint32_t q = 0; q < backward.perQuery.size(); ++q) {
            QVERIFY(backward.perQuery[q].size() < 50);
            for (const MatchCandidate &c : backward.perQuery[q])
                b.insert({ c.row, q, c.score });
        }
        QVERIFY(a.size() > 100);
        QVERIFY(a == b);
    }

    // One job at a time (the streaming path) and all jobs at once (SGEMM blocks) give the same lists; exact
    // on lattice vectors, whose dot products carry no rounding.
    void singleQueriesMatchTheBatch()
    {
        MatchJobs j;
        MatchFreelancers f;
        randomSides(j, f, 40, 9000, 16, 5, true);
        const MatchParams p = weightsOf({ 0.5, 0.1, 0.1, 0.1, 0.1, 0.1 }, 0.3, 12);
        const MatchOutcome all = matchJobs(j, f, {}, p);
        QCOMPARE(all.status, Status::Ok);
        for (std::uint32_t q : { 0u, 17u, 39u }) {
            const std::uint32_t rows[] = { q };
            const MatchOutcome one = matchJobs(j, f, rows, p);
            QCOMPARE(one.status, Status::Ok);
            QCOMPARE(one.perQuery.size(), std::size_t(1));
            QVERIFY(sameCandidates(one.perQuery[0], all.perQuery[q]));
        }
        const std::uint32_t picked[] = { 39, 2, 17, 5, 6, 30 }; // a selection, in any order, through the gather
        const MatchOutcome some = matchJobs(j, f, picked, p);
        for (std::size_t i = 0; i < 6; ++i)
            QVERIFY(sameCandidates(some.perQuery[i], all.perQuery[picked[i]]));
    }

    void deterministicAcrossThreadCounts()
    {
        MatchJobs j;
        MatchFreelancers f;
        randomSides(j, f, 700, 5000, 40, 9, false);
        MatchParams p = weightsOf({ 0.5, 0.1, 0.1, 0.1, 0.1, 0.1 }, 0.4, 10);
        std::vector<MatchOutcome> runs;
        for (int threads : { 1, 2, 3 }) {
            p.threads = threads;
            runs.push_back(matchJobs(j, f, {}, p));
            QCOMPARE(runs.back().status, Status::Ok);
        }
        const std::uint32_t one[] = { 12 };
        for (int threads : { 1, 2, 3 }) {
            p.threads = threads;
            runs.push_back(matchJobs(j, f, one, p));
        }
        for (std::size_t q = 0; q < 700; ++q) {
            QVERIFY(sameCandidates(runs[0].perQuery[q], runs[1].perQuery[q]));
            QVERIFY(sameCandidates(runs[0].perQuery[q], runs[2].perQuery[q]));
        }
        QVERIFY(sameCandidates(runs[3].perQuery[0], runs[4].perQuery[0]));
        QVERIFY(sameCandidates(runs[3].perQuery[0], runs[5].perQuery[0]));
    }

    void thresholdAndTopK()
    {
        MatchJobs j;
        MatchFreelancers f;
        randomSides(j, f, 20, 3000, 16, 13, false);
        const MatchParams p = weightsOf({ 0.5, 0.1, 0.1, 0.1, 0.1, 0.1 }, 0.6, 3);
        const MatchOutcome out = matchJobs(j, f, {}, p);
        for (const auto &list : out.perQuery) {
            QVERIFY(list.size() <= 3);
            for (const MatchCandidate &c : list)
                QVERIFY(c.score >= 0.6f);
        }
    }

    void emptySides()
    {
        MatchJobs j;
        MatchFreelancers f;
        randomSides(j, f, 5, 0, 8, 1, false);
        const MatchOutcome out = matchJobs(j, f, {}, Even);
        QCOMPARE(out.status, Status::Ok);
        QCOMPARE(out.perQuery.size(), std::size_t(5));
        for (const auto &list : out.perQuery)
            QVERIFY(list.empty());
        const MatchOutcome none = matchFreelancers(j, f, {}, Even);
        QCOMPARE(none.status, Status::Ok);
        QVERIFY(none.perQuery.empty());
    }

    void badParams_data()
    {
        QTest::addColumn<MatchParams>("params");
        QTest::addColumn<QString>("says");
        MatchParams p = Even;
        p.weights[0] = 0.2;
        QTest::newRow("weights sum to 0.9") << p << QStringLiteral("sum to 1");
        p = Even;
        p.weights = { 1.2, -0.2, 0, 0, 0, 0 };
        QTest::newRow("negative weight") << p << QStringLiteral("skills weight");
        p = Even;
        p.weights[0] = NAN;
        QTest::newRow("NaN weight") << p << QStringLiteral("semantic weight");
        p = Even;
        p.topK = 0;
        QTest::newRow("top-k 0") << p << QStringLiteral("top-k");
        p.topK = 51;
        QTest::newRow("top-k 51") << p << QStringLiteral("top-k");
        p = Even;
        p.threshold = 1.5;
        QTest::newRow("threshold 1.5") << p << QStringLiteral("threshold");
    }

    void badParams()
    {
        QFETCH(MatchParams, params);
        QFETCH(QString, says);
        const Fixture f;
        QVERIFY(validateMatchParams(Even).empty());
        const std::string message = validateMatchParams(params);
        QVERIFY2(QString::fromStdString(message).contains(says), message.c_str());
        const MatchOutcome out = matchJobs(f.jobs, f.freelancers, {}, params);
        QCOMPARE(out.status, Status::InvalidArgument);
        QCOMPARE(out.error, message);
        QVERIFY(out.perQuery.empty());
    }

    void badInput_data()
    {
        QTest::addColumn<int>("what");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("says");
        QTest::newRow("NaN in a job vector")
            << 0 << int(Status::NonFiniteInput) << QStringLiteral("job row 1 has a NaN");
        QTest::newRow("infinity in an unflagged freelancer vector")
            << 1 << int(Status::NonFiniteInput) << QStringLiteral("freelancer row 3 has a NaN or infinite");
        QTest::newRow("dimension mismatch") << 2 << int(Status::InvalidArgument) << QStringLiteral("3 dimensions but");
        QTest::newRow("column sizes") << 3 << int(Status::InvalidArgument) << QStringLiteral("job columns");
        QTest::newRow("unsorted skills") << 4 << int(Status::InvalidArgument)
                                         << QStringLiteral("freelancer row 2 lists");
        QTest::newRow("infinite budget") << 5 << int(Status::NonFiniteInput)
                                         << QStringLiteral("job row 0 has a NaN or infinite budget");
        QTest::newRow("experience level 3") << 6 << int(Status::InvalidArgument) << QStringLiteral("experience level");
        QTest::newRow("query row out of range")
            << 7 << int(Status::InvalidArgument) << QStringLiteral("job row 9 does not exist");
    }

    void badInput()
    {
        QFETCH(int, what);
        QFETCH(int, status);
        QFETCH(QString, says);
        Fixture f;
        std::vector<std::uint32_t> rows;
        switch (what) {
        case 0:
            f.jobs.vectors.row(1)[2] = NAN;
            break;
        case 1:
            f.freelancers.vectors.row(3)[0] = INFINITY;
            break;
        case 2: {
            const float v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
            f.freelancers.vectors = EmbeddingMatrix::copyOf(v, 6, 2);
            break;
        }
        case 3:
            f.jobs.budget.push_back(10);
            break;
        case 4:
            f.freelancers.skills[2] = { 3, 1 };
            break;
        case 5:
            f.jobs.budget[0] = INFINITY;
            break;
        case 6:
            f.jobs.experienceLevel[1] = 3;
            break;
        case 7:
            rows = { 0, 9 };
            break;
        }
        for (bool oneRow : { false, true }) { // all jobs, or one
            std::vector<std::uint32_t> queries = rows;
            if (queries.empty() && oneRow)
                queries = { 1 };
            const MatchOutcome out = matchJobs(f.jobs, f.freelancers, queries, Even);
            QCOMPARE(int(out.status), status);
            QVERIFY2(QString::fromStdString(out.error).contains(says), out.error.c_str());
            QVERIFY(out.perQuery.empty());
            QCOMPARE(out.pairsScored, std::size_t(0));
        }
        if (what != 7)
            QVERIFY(!validateMatchInput(f.jobs, f.freelancers).empty());
    }

    void cancelledAndProgress()
    {
        MatchJobs j;
        MatchFreelancers f;
        randomSides(j, f, 600, 5000, 16, 2, false);
        std::atomic<bool> cancel { true };
        Control control;
        control.cancel = &cancel;
        const MatchOutcome stopped = matchJobs(j, f, {}, Even, control);
        QCOMPARE(stopped.status, Status::Cancelled);
        QVERIFY(stopped.perQuery.empty());
        const std::uint32_t one[] = { 3 };
        QCOMPARE(matchJobs(j, f, one, Even, control).status, Status::Cancelled);

        cancel = false;
        std::atomic<int> calls { 0 };
        std::atomic<double> last { 0 };
        control.progress = [&](double fraction) {
            ++calls;
            last = std::max(last.load(), fraction);
        };
        QCOMPARE(matchJobs(j, f, {}, Even, control).status, Status::Ok);
        QVERIFY(calls > 1);
        QCOMPARE(last.load(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestMatchEngine)
#include "tst_matchengine.moc"
