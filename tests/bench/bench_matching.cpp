// The matching engine against FAISS IndexFlatIP in the same run (tests/bench/run matching):
//   matching.jobs<J>_x_freelancers<F>  every job against every freelancer, top-10 with all six components,
//       against FAISS's exact top-10 on the semantic part alone; quality= holds the peak memory against the
//       two embedding matrices and the share of a 500 × 20,000 subset's lists equal to a brute-force scorer.
//   matching.one_job_<F>  one job re-run against every freelancer (after a weight change), median ms,
//       against FAISS's single-query search.
// Usage: bench_matching [--quick] (quick: 500 × 10,000 and a 100 × 5,000 subset).
#include "benchdata.h"
#include "benchutil.h"
#include "compute/matchengine.h"
#include "compute/parallel.h"
#include "compute/splitmix.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>

using namespace compute;

namespace {

constexpr int D = 1536;
constexpr int K = 10;

// Vectors from one blob stream (freelancers first, then jobs, so both share topics) and attributes drawn
// like the demo marketplace's: a 400-skill vocabulary, budgets 300–20,000, rates around 36/h.
void generate(std::size_t nj, std::size_t nf, MatchJobs &jobs, MatchFreelancers &freelancers)
{
    benchdata::BlobStream blobs(D, 7);
    freelancers.vectors = EmbeddingMatrix(nf, D);
    for (std::size_t r = 0; r < nf; ++r)
        blobs.next(freelancers.vectors.row(r));
    jobs.vectors = EmbeddingMatrix(nj, D);
    for (std::size_t r = 0; r < nj; ++r)
        blobs.next(jobs.vectors.row(r));
    SplitMix random(11);
    const auto skills = [&](int least, int most) {
        std::set<std::int32_t> s;
        for (int i = least + int(random.below(std::uint64_t(most - least + 1))); i > 0; --i)
            s.insert(std::int32_t(random.below(400)));
        return std::vector<std::int32_t>(s.begin(), s.end());
    };
    const auto offsetOf = [](int region) { return float(region * 3 - 10); };
    jobs.hasVector.assign(nj, 1);
    for (std::size_t r = 0; r < nj; ++r) {
        jobs.requiredSkills.push_back(skills(2, 6));
        jobs.budget.push_back(std::round((300.0 + random.uniform() * 19700.0) / 50.0) * 50.0);
        jobs.experienceLevel.push_back(std::int8_t(int(random.below(4)) - 1));
        const int region = int(random.below(8));
        jobs.region.push_back(std::int16_t(region));
        jobs.utcOffsetHours.push_back(random.below(2) ? offsetOf(region) : NAN);
    }
    freelancers.hasVector.assign(nf, 1);
    for (std::size_t r = 0; r < nf; ++r) {
        freelancers.skills.push_back(skills(3, 12));
        const int years = int(random.below(16));
        freelancers.experienceYears.push_back(years);
        freelancers.hourlyRate.push_back(std::round(std::exp(3.6 + 0.03 * years + 0.35 * random.normal())));
        freelancers.successRate.push_back(random.below(10) == 0 ? NAN : 0.5 + 0.5 * random.uniform());
        const int region = int(random.below(8));
        freelancers.region.push_back(std::int16_t(region));
        freelancers.utcOffsetHours.push_back(offsetOf(region));
    }
}

bool writeRaw(const std::string &path, const EmbeddingMatrix &m)
{
    FILE *f = std::fopen(path.c_str(), "wb");
    bool ok = f != nullptr;
    for (std::size_t r = 0; ok && r < m.rows(); ++r)
        ok = std::fwrite(m.row(r), sizeof(float), std::size_t(m.dims()), f) == std::size_t(m.dims());
    if (f)
        ok = std::fclose(f) == 0 && ok;
    return ok;
}

template<typename T> std::vector<T> head(const std::vector<T> &v, std::size_t n)
{
    return std::vector<T>(v.begin(), v.begin() + std::ptrdiff_t(std::min(n, v.size())));
}

// The first nj jobs and nf freelancers.
void subset(const MatchJobs &jobs, const MatchFreelancers &freelancers, std::size_t nj, std::size_t nf, MatchJobs &j,
    MatchFreelancers &f)
{
    std::vector<std::size_t> rows(std::max(nj, nf));
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = i;
    j.vectors = gatherRows(jobs.vectors, head(rows, nj));
    j.hasVector = head(jobs.hasVector, nj);
    j.requiredSkills = head(jobs.requiredSkills, nj);
    j.budget = head(jobs.budget, nj);
    j.experienceLevel = head(jobs.experienceLevel, nj);
    j.region = head(jobs.region, nj);
    j.utcOffsetHours = head(jobs.utcOffsetHours, nj);
    f.vectors = gatherRows(freelancers.vectors, head(rows, nf));
    f.hasVector = head(freelancers.hasVector, nf);
    f.skills = head(freelancers.skills, nf);
    f.hourlyRate = head(freelancers.hourlyRate, nf);
    f.experienceYears = head(freelancers.experienceYears, nf);
    f.successRate = head(freelancers.successRate, nf);
    f.region = head(freelancers.region, nf);
    f.utcOffsetHours = head(freelancers.utcOffsetHours, nf);
}

// Share of list positions where the engine names the same freelancer as scorePair over every pair, sorted
// by score with ties to the lower row.
double agreementWithBruteForce(const MatchJobs &j, const MatchFreelancers &f, const MatchParams &params)
{
    const MatchOutcome engine = matchJobs(j, f, {}, params);
    if (engine.status != Status::Ok)
        return -1;
    std::vector<std::size_t> same(j.rows()), total(j.rows());
    parallelFor(j.rows(), 0, [&](std::size_t q) {
        std::vector<std::pair<float, std::uint32_t>> all;
        for (std::uint32_t c = 0; c < f.rows(); ++c) {
            const float score = weightedScore(scorePair(j, std::uint32_t(q), f, c), params);
            if (score >= float(params.threshold))
                all.emplace_back(-score, c);
        }
        const std::size_t k = std::min(all.size(), std::size_t(params.topK));
        std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end());
        const auto &got = engine.perQuery[q];
        total[q] = std::max(k, got.size());
        for (std::size_t i = 0; i < std::min(k, got.size()); ++i)
            same[q] += got[i].row == all[i].second;
    });
    std::size_t s = 0, t = 0;
    for (std::size_t q = 0; q < j.rows(); ++q)
        s += same[q], t += total[q];
    return t ? double(s) / double(t) : 1.0;
}

} // namespace

int main(int argc, char *argv[])
{
    const bool quick = argc > 1 && !std::strcmp(argv[1], "--quick");
    const std::size_t nj = quick ? 500 : 5000, nf = quick ? 10000 : 100000;
    const std::size_t sj = quick ? 100 : 500, sf = quick ? 5000 : 20000;
    const char *dir = std::getenv("SEXTANT_BENCH_DATA");
    const std::string data = dir ? dir : "/tmp/sextant-bench";
    const std::string jobsPath = data + "/match-jobs-" + std::to_string(nj) + ".f32";
    const std::string freelancersPath = data + "/match-freelancers-" + std::to_string(nf) + ".f32";
    const std::string indices = data + "/match-faiss-" + std::to_string(nj) + ".i64";

    MatchJobs jobs;
    MatchFreelancers freelancers;
    generate(nj, nf, jobs, freelancers);
    if (!writeRaw(jobsPath, jobs.vectors) || !writeRaw(freelancersPath, freelancers.vectors)) {
        std::fprintf(stderr, "bench_matching: cannot write under %s\n", data.c_str());
        return 1;
    }
    const double matricesMb = double(jobs.vectors.bytes() + freelancers.vectors.bytes()) / 1048576.0;

    // Baseline first (its own process; this one holds only the generated data meanwhile).
    std::ostringstream command;
    command << "/usr/bin/python3 " << BENCH_DIR << "/faiss_match.py " << jobsPath << ' ' << nj << ' ' << freelancersPath
            << ' ' << nf << ' ' << D << ' ' << K << ' ' << indices;
    const std::vector<double> faiss = bench::runBaseline(command.str());
    if (faiss.size() != 3)
        return 1;

    MatchParams params;
    params.weights = { 0.4, 0.2, 0.1, 0.1, 0.1, 0.1 };
    params.threshold = 0.5;
    params.topK = K;
    const double start = bench::now();
    const MatchOutcome all = matchJobs(jobs, freelancers, {}, params);
    const double seconds = bench::now() - start;
    if (all.status != Status::Ok) {
        std::fprintf(stderr, "bench_matching: %s\n", all.error.c_str());
        return 1;
    }
    std::vector<double> singles;
    for (std::uint32_t q = 0; q < 21; ++q) {
        const std::uint32_t row[] = { q * 37 % std::uint32_t(nj) };
        const double t = bench::now();
        if (matchJobs(jobs, freelancers, row, params).status != Status::Ok)
            return 1;
        singles.push_back((bench::now() - t) * 1000);
    }
    std::sort(singles.begin(), singles.end());
    const double peak = bench::peakMb(); // before the subset copies below

    // How many proposed lists keep a candidate FAISS's semantic top-10 also has (the two rank differently
    // on purpose: a sanity check that the same data was read, not a quality measure).
    const auto theirs = bench::readRaw<long long>(indices, nj * K);
    std::size_t overlap = 0, proposed = 0;
    for (std::size_t q = 0; q < nj && !theirs.empty(); ++q) {
        const std::set<long long> ref(
            theirs.begin() + std::ptrdiff_t(q * K), theirs.begin() + std::ptrdiff_t((q + 1) * K));
        for (const MatchCandidate &c : all.perQuery[q])
            overlap += ref.count(c.row);
        proposed += all.perQuery[q].size();
    }

    MatchJobs subJobs;
    MatchFreelancers subFreelancers;
    subset(jobs, freelancers, sj, sf, subJobs, subFreelancers);
    const double agreement = agreementWithBruteForce(subJobs, subFreelancers, params);

    std::printf("BENCH matching.jobs%zu_x_freelancers%zu value=%.3fs baseline=%.3fs ratio=%.2f quality=peak_mb:%.0f,"
                "matrices_mb:%.0f,peak_vs_matrices:%.2f,exact_vs_bruteforce_%zux%zu:%.4f,proposed:%zu,"
                "shared_with_faiss_semantic_top10:%zu baseline_quality=semantic_only,exact baseline_peak_mb=%.0f\n",
        nj, nf, seconds, faiss[0], seconds / faiss[0], peak, matricesMb, peak / matricesMb, sj, sf, agreement, proposed,
        overlap, faiss[2]);
    std::printf("BENCH matching.one_job_%zu value=%.2fms baseline=%.2fms ratio=%.2f quality=every_component,exact "
                "baseline_quality=semantic_only,exact goal=50ms\n",
        nf, singles[singles.size() / 2], faiss[1], singles[singles.size() / 2] / faiss[1]);
    std::remove(jobsPath.c_str());
    std::remove(freelancersPath.c_str());
    std::remove(indices.c_str());
    return 0;
}
