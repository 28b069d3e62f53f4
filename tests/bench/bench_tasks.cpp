// Task runner benchmark: exact top-10 searches (compute::searchBatch, N × 1536 unit rows) run through
// TaskRunner on its pool — back to back, concurrently, and cancelled or superseded mid-way — while an
// EventLoopProbe on the main thread measures how long the event loop ever went unserved.
// Usage: bench_tasks [--quick]. Prints lines in the format tests/bench/run documents.
#include "compute/topk.h"
#include "core/eventloopprobe.h"
#include "tasks/taskrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

namespace {
constexpr int Dims = 1536;
constexpr std::size_t ChunkQueries = 128; // a cancel is seen within one SGEMM block of this many queries

struct Workload
{
    compute::EmbeddingMatrix base;
    std::vector<compute::EmbeddingMatrix> queryChunks;
};

compute::EmbeddingMatrix randomUnitRows(std::size_t rows, std::uint64_t seed)
{
    compute::EmbeddingMatrix m(rows, Dims);
    std::uint64_t state = seed;
    for (std::size_t i = 0; i < rows; ++i) {
        float *row = m.row(i);
        for (int d = 0; d < Dims; ++d) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            row[d] = float(double(state >> 11) * (2.0 / 9007199254740992.0) - 1.0);
        }
    }
    m.normalizeRows();
    return m;
}

std::shared_ptr<const Workload> makeWorkload(std::size_t n, std::size_t nq)
{
    auto workload = std::make_shared<Workload>();
    workload->base = randomUnitRows(n, 1);
    for (std::size_t q0 = 0; q0 < nq; q0 += ChunkQueries)
        workload->queryChunks.push_back(randomUnitRows(std::min(ChunkQueries, nq - q0), 1000 + q0));
    return workload;
}

// All query chunks against the base, `passes` times over (the cancel rounds use many passes so the
// task is surely running when it is cancelled, whatever the size). Returns a checksum of the hits.
auto searchJob(std::shared_ptr<const Workload> workload, int passes)
{
    return [workload, passes](TaskControl &control) -> Result<qint64> {
        const compute::Control steer = control.control();
        compute::SearchOptions options;
        options.k = 10;
        options.cancel = steer.cancel;
        const std::size_t chunks = workload->queryChunks.size();
        qint64 checksum = 0;
        for (int pass = 0; pass < passes; ++pass) {
            for (std::size_t c = 0; c < chunks; ++c) {
                const auto hits = compute::searchBatch(workload->base, workload->queryChunks[c], options);
                if (steer.cancelled())
                    return makeError(Error::Cancelled, QStringLiteral("cancelled"));
                checksum += hits.empty() || hits[0].empty() ? 0 : hits[0][0].index;
                steer.report(double(pass * chunks + c + 1) / double(passes * chunks));
            }
        }
        return checksum;
    };
}

// Runs the event loop (so the probe keeps firing) until `done` holds.
void spinUntil(const std::function<bool()> &done)
{
    while (!done())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

void spinFor(int ms)
{
    QElapsedTimer timer;
    timer.start();
    QTimer wake;
    wake.start(ms); // wakes the loop even if nothing else would
    spinUntil([&] { return timer.elapsed() >= ms; });
}

QString fixed(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = QCoreApplication::arguments().contains(QStringLiteral("--quick"));
    const std::size_t n = quick ? 2000 : 20000, nq = quick ? 200 : 2000;
    const auto workload = makeWorkload(n, nq);

    TaskRunner runner;
    QHash<quint64, QElapsedTimer> cancelledAt;
    double cancelLatencyMax = 0.0;
    int cancelsMeasured = 0;
    QObject::connect(&runner, &TaskRunner::taskFinished, &app, [&](const TaskInfo &task) {
        const auto it = cancelledAt.constFind(task.id);
        if (it == cancelledAt.constEnd())
            return;
        if (task.state == TaskInfo::Cancelled || task.state == TaskInfo::Superseded) {
            cancelLatencyMax = std::max(cancelLatencyMax, it->nsecsElapsed() / 1e6);
            ++cancelsMeasured;
        }
    });
    int delivered = 0;
    const auto submit = [&](const QString &name, const QString &key, int passes) {
        return runner.run(name, key, searchJob(workload, passes), &app, [&delivered](Result<qint64> result) {
            if (result)
                ++delivered;
            else
                QTextStream(stderr) << "bench_tasks: " << result.error().message << '\n';
        });
    };
    const auto finished = [&runner](quint64 id) { return !runner.task(id).isActive(); };

    EventLoopProbe probe(10);
    probe.start();
    QElapsedTimer total;
    total.start();

    // Back to back: one search after another, like a user re-running a query.
    QElapsedTimer single;
    single.start();
    for (int i = 0; i < 3; ++i) {
        const quint64 id = submit(QStringLiteral("search %1").arg(i), QString(), 1);
        spinUntil([&] { return finished(id); });
    }
    const double taskSeconds = single.elapsed() / 3000.0;

    // Concurrently: more tasks than pool threads, so some wait in the queue.
    std::vector<quint64> batch;
    for (int i = 0; i < 4; ++i)
        batch.push_back(submit(QStringLiteral("concurrent %1").arg(i), QString(), 1));
    spinUntil([&] { return std::all_of(batch.begin(), batch.end(), finished); });

    // Cancelled and superseded mid-way, at varied moments.
    constexpr int Rounds = 8; // even: cancel(); odd: a newer run with the same key, then cancel() that
    for (int round = 0; round < Rounds; ++round) {
        const quint64 id = submit(QStringLiteral("cancel round %1").arg(round), QStringLiteral("map"), 1000);
        spinUntil([&] { return runner.task(id).state == TaskInfo::Running; });
        spinFor(quick ? 5 + 7 * round : 60 + 45 * round);
        cancelledAt[id].start();
        if (round % 2 == 0) {
            runner.cancel(id);
            spinUntil([&] { return finished(id); });
        } else {
            const quint64 newer = submit(QStringLiteral("superseding %1").arg(round), QStringLiteral("map"), 1000);
            spinUntil([&] { return finished(id); });
            cancelledAt[newer].start();
            runner.cancel(newer);
            spinUntil([&] { return finished(newer); });
        }
    }
    probe.stop();

    QTextStream out(stdout);
    const QString size = QStringLiteral("%1kx%2q").arg(n / 1000).arg(nq);
    out << "BENCH tasks.search_task_" << size << " value=" << fixed(taskSeconds, 3) << "s\n";
    out << "BENCH tasks.ui_stall_max value=" << fixed(probe.maxStallMs(), 1)
        << "ms baseline=50ms ratio=" << fixed(probe.maxStallMs() / 50.0, 2) << " quality=samples:" << probe.samples()
        << ",mean_stall_ms:" << fixed(probe.meanStallMs(), 2) << ",tasks:" << runner.tasks().size()
        << ",seconds:" << fixed(total.elapsed() / 1000.0, 1) << '\n';
    out << "BENCH tasks.cancel_latency_max value=" << fixed(cancelLatencyMax, 1)
        << "ms baseline=200ms ratio=" << fixed(cancelLatencyMax / 200.0, 2) << " quality=cancels:" << cancelsMeasured
        << '\n';
    out.flush();
    const int expectedCancels = Rounds / 2 + 2 * (Rounds / 2);
    const bool ok = delivered == 7 && cancelsMeasured == expectedCancels;
    if (!ok)
        QTextStream(stderr) << "bench_tasks: " << delivered << " results delivered (7 expected), " << cancelsMeasured
                            << " cancellations measured (" << expectedCancels << " expected)\n";
    return ok ? 0 : 1;
}
