// Bench rows archetypes.* (issue 19), per size N of memories (8 × N evaluations) and backend:
//   dashboard_<N>_<backend>: ms from the first request to the last answer of what the Archetypes page asks on
//     load (state for 14 days, the default series, the distributions of Ella-M under the browser's default
//     filter, the evaluation monitor and its failures list), through ArchetypeDashboardService;
//   drift_<N>_<backend>: ms for the drift task with the page's default windows, split by model and version;
//     both against the same aggregates written by hand and timed by the database's own shell (psql's \timing,
//     sqlite3's .timer; the sum of the statements), median of three runs after a warm-up on each side;
//   insert_triggers_<N>_<backend>: evaluations/s of one INSERT of 80,000 evaluations with the rollup triggers,
//     against the same INSERT with them off (PostgreSQL: ALTER TABLE … DISABLE TRIGGER USER; SQLite: the
//     trigger dropped), both rolled back.
//
// bench_archetypes [--quick] [--rows N]… [--postgres-only] [postgres connection string]: N = 100,000 and
// 1,000,000 (--quick: 100,000). SQLite runs at 100,000 only unless --rows asks for more: at a million its
// seeding and the eight timed page loads (four through the service, four in sqlite3) add several minutes.
#include "archetypes/archetypedashboard.h"
#include "archetypesbenchseed.h"
#include "benchshell.h"
#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "db/sqliteworkspace.h"
#include "tasks/taskrunner.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <optional>

namespace {

using archbench::pg;

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}

QString dayLiteral(const QDate &day)
{
    return QLatin1Char('\'') + day.toString(Qt::ISODate) + QLatin1Char('\'');
}

// The page's default drift windows (ArchetypeDriftView): baseline today−74 … today−14, recent today−13 … today.
DriftRequest defaultDrift(const QDate &today)
{
    const auto start = [](const QDate &d) { return QDateTime(d, QTime(0, 0), Qt::UTC); };
    DriftRequest r;
    r.baselineFrom = start(today.addDays(-74));
    r.baselineTo = start(today.addDays(-13));
    r.recentFrom = start(today.addDays(-13));
    r.recentTo = start(today.addDays(1));
    return r;
}

// What the page's load asks, written by hand: the states, the last history row before the window, the window's
// counts; the hourly state and daily means of Ella-M's first metric; Ella-M's six distributions over memories
// that are not archived; the monitor's counts (evaluated, and pending as the unarchived memories less their
// evaluations) and failures. The hand-written SQL reads the same trigger-kept tables as the service
// (evaluation_rollup per day; evaluation_totals split by the memory's archived flag; memory_counts), as an expert
// who knew the schema would: the baseline is the database's own cost for these aggregates, without the service's
// plumbing. The last history row before the window stays the plain DISTINCT ON / GROUP BY over the history.
QStringList dashboardByHand(const SqlDialect &d, const QDate &today)
{
    const QString rollup = d.eumasObject(QStringLiteral("evaluation_rollup"));
    const QString totals = d.eumasObject(QStringLiteral("evaluation_totals"));
    const QString history = d.table(Table::ArchetypeStateHistory),
                  failures = d.table(Table::EvaluationFailures);
    const QString cut = pg(d) ? QStringLiteral("now() - interval '14 days'") : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-14 days')");
    return {
        QLatin1String("SELECT archetype, state, influence, updated_at FROM ") + d.table(Table::ArchetypeStates),
        pg(d) ? QLatin1String("SELECT DISTINCT ON (archetype) archetype, state, influence, at FROM ") + history
                + QLatin1String(" WHERE at <= ") + cut + QLatin1String(" ORDER BY archetype, at DESC")
              : QLatin1String("SELECT archetype, state, influence, MAX(at) FROM ") + history + QLatin1String(" WHERE at <= ") + cut
                + QLatin1String(" GROUP BY archetype"),
        QLatin1String("SELECT archetype, sum(n) FROM ") + rollup + QLatin1String(" WHERE metric = 5 AND day >= ")
            + dayLiteral(today.addDays(-13)) + QLatin1String(" GROUP BY archetype"),
        pg(d) ? QLatin1String("SELECT DISTINCT ON (date_trunc('hour', at)) at, state, influence FROM ") + history
                + QLatin1String(" WHERE archetype = 'Ella-M' ORDER BY date_trunc('hour', at), at DESC")
              : QLatin1String("SELECT MAX(at), state, influence FROM ") + history
                + QLatin1String(" WHERE archetype = 'Ella-M' GROUP BY substr(at, 1, 13) ORDER BY 1"),
        QLatin1String("SELECT day, sum(n), sum(total), sum(total_sq), min(lo), max(hi) FROM ") + rollup
            + QLatin1String(" WHERE archetype = 'Ella-M' AND metric = 0 GROUP BY day ORDER BY day"),
        QLatin1String("SELECT metric, bin, sum(n), sum(total), sum(total_sq), min(lo), max(hi), sum(bounds) FROM ")
            + totals
            + QLatin1String(" WHERE archetype = 'Ella-M' AND NOT archived GROUP BY metric, bin"),
        QLatin1String("SELECT archetype, model, prompt_version, archived, sum(n) FROM ") + totals
            + QLatin1String(" WHERE metric = 5 GROUP BY 1, 2, 3, 4"),
        QLatin1String("SELECT sum(n) FROM ") + d.eumasObject(QStringLiteral("memory_counts"))
            + QLatin1String(" WHERE NOT archived"),
        QLatin1String("SELECT model, prompt_version, reason FROM ") + failures,
        QLatin1String("SELECT memory_id, at, model, prompt_version, reason, raw_reply, attempts FROM ") + failures
            + QLatin1String(" ORDER BY id DESC LIMIT 200"),
    };
}

// The drift windows' cells by hand: the baseline per archetype, metric and bin; the recent window also per version.
QStringList driftByHand(const SqlDialect &d, const DriftRequest &r)
{
    const QString rollup = d.eumasObject(QStringLiteral("evaluation_rollup"));
    const QString sums = QStringLiteral("sum(n), sum(total), sum(total_sq), min(lo), max(hi), sum(bounds)");
    return {
        QLatin1String("SELECT archetype, metric, bin, ") + sums + QLatin1String(" FROM ") + rollup + QLatin1String(" WHERE day >= ")
            + dayLiteral(r.baselineFrom.date()) + QLatin1String(" AND day < ") + dayLiteral(r.baselineTo.date())
            + QLatin1String(" GROUP BY archetype, metric, bin"),
        QLatin1String("SELECT archetype, metric, model, prompt_version, bin, ") + sums + QLatin1String(" FROM ") + rollup
            + QLatin1String(" WHERE day >= ") + dayLiteral(r.recentFrom.date()) + QLatin1String(" AND day < ")
            + dayLiteral(r.recentTo.date()) + QLatin1String(" GROUP BY archetype, metric, model, prompt_version, bin"),
    };
}

double shellMs(const SqlDialect &d, const QString &target, const QStringList &statements)
{
    return shellTimedMs(pg(d), target, statements, "bench_archetypes");
}

double shellMedian(const SqlDialect &d, const QString &target, const QStringList &statements)
{
    if (shellMs(d, target, statements) < 0) // warm
        return -1;
    QList<double> runs;
    for (int run = 0; run < 3; ++run)
        runs << shellMs(d, target, statements);
    return *std::min_element(runs.cbegin(), runs.cend()) < 0 ? -1 : median(runs);
}

// One page load: every request sent at once, as the page's views do, and the time until the last answer.
// `answers` gets each call's ms from the first request to its answer (they queue on one lane).
Result<double> refreshMs(ArchetypeDashboardService &service, QString *answers)
{
    QObject context;
    QEventLoop loop;
    int pending = 5;
    std::optional<Error> failed;
    QElapsedTimer clock;
    answers->clear();
    const auto answered = [&](const char *call, const auto &result) {
        *answers += QStringLiteral(" %1=%2").arg(QLatin1String(call)).arg(double(clock.nsecsElapsed()) / 1e6, 0, 'f', 0);
        if (!result && !failed)
            failed = result.error();
        if (--pending == 0)
            loop.quit();
    };
    clock.start();
    service.overview(&context, 14, [&](const Result<ArchetypeOverview> &r) { answered("state", r); });
    service.series(&context, Archetypes::M, 0, QDate(), QDate(), [&](const Result<MetricSeries> &r) { answered("series", r); });
    service.distributions(&context, MemoryFilter(), Archetypes::M,
        [&](const Result<QList<MetricDistribution>> &r) { answered("distributions", r); });
    service.monitor(&context, [&](const Result<QList<EvaluationMonitorRow>> &r) { answered("monitor", r); });
    service.failures(&context, -1, 200, [&](const Result<QList<EvaluationFailure>> &r) { answered("failures", r); });
    loop.exec();
    if (failed)
        return *failed;
    return double(clock.nsecsElapsed()) / 1e6;
}

Result<double> driftMs(ArchetypeDashboardService &service, const DriftRequest &request, qsizetype *rows, qsizetype *alarms)
{
    QObject context;
    QEventLoop loop;
    std::optional<Result<QList<DriftRow>>> answer;
    QElapsedTimer clock;
    clock.start();
    service.startDrift(request, &context, [&](const Result<QList<DriftRow>> &r) {
        answer = r;
        loop.quit();
    });
    loop.exec();
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    if (!answer || !*answer)
        return answer ? answer->error() : makeError(Error::Database, QStringLiteral("The drift task gave no answer"));
    *rows = (*answer)->size();
    *alarms = std::count_if((*answer)->cbegin(), (*answer)->cend(), [](const DriftRow &r) { return r.alarm; });
    return ms;
}

template<typename F> Result<double> medianOf(F measureOnce)
{
    if (Result<double> warm = measureOnce(); !warm)
        return warm;
    QList<double> runs;
    for (int run = 0; run < 3; ++run) {
        Result<double> ms = measureOnce();
        if (!ms)
            return ms;
        runs << *ms;
    }
    return median(runs);
}

void line(QTextStream &out, const QString &row, double value, double baseline, const QString &unit, const QString &quality = {})
{
    out << "BENCH archetypes." << row << " value=" << QString::number(value, 'f', unit == QLatin1String("ms") ? 1 : 0) << unit;
    if (baseline > 0)
        out << " baseline=" << QString::number(baseline, 'f', unit == QLatin1String("ms") ? 1 : 0) << unit
            << " ratio=" << QString::number(value / baseline, 'f', 2);
    if (!quality.isEmpty())
        out << " quality=\"" << quality << '"';
    out << '\n';
    out.flush();
}

void fail(QTextStream &out, const QString &row, const Error &error)
{
    out << "BENCH archetypes." << row << " error=\"" << error.message << "\"\n";
    out.flush();
}

void measure(QTextStream &out, const QString &suffix, DatabaseWorker::Opener interactive, DatabaseWorker::Opener background,
    qint64 n, const QString &shellTarget)
{
    DatabaseWorker worker;
    // One connection first, so the two lanes do not both migrate a fresh workspace at the same time.
    if (const Result<void> migrated = worker.open(interactive).result(); !migrated) {
        fail(out, QLatin1String("dashboard_") + suffix, migrated.error());
        return;
    }
    worker.close();
    if (const Result<void> opened = worker.open(std::move(interactive), std::move(background)).result(); !opened) {
        fail(out, QLatin1String("dashboard_") + suffix, opened.error());
        return;
    }
    QElapsedTimer seeding;
    seeding.start();
    if (Result<void> g = worker.runAndWait([n](Repository &r) { return archbench::seed(r, n); }); !g) {
        fail(out, QLatin1String("dashboard_") + suffix, g.error());
        return;
    }
    const double seedSeconds = double(seeding.nsecsElapsed()) / 1e9;
    const SqlDialect dialect = worker.runAndWait([](Repository &r) { return Result<SqlDialect>(r.dialect()); }).value();
    const QString sizes = QStringLiteral("memories=%1 evaluations=%2 seeded_in=%3s").arg(n).arg(n * Archetypes::Count).arg(seedSeconds, 0, 'f', 1);

    TaskRunner tasks;
    ArchetypeDashboardService service(&worker, &tasks);
    const QDate today = QDateTime::currentDateTimeUtc().date();

    QString answers;
    const Result<double> dashboard = medianOf([&] { return refreshMs(service, &answers); });
    if (!dashboard)
        fail(out, QLatin1String("dashboard_") + suffix, dashboard.error());
    else
        line(out, QLatin1String("dashboard_") + suffix, *dashboard, shellMedian(dialect, shellTarget, dashboardByHand(dialect, today)),
            QStringLiteral("ms"), sizes + QLatin1String(" last_run_answers_ms:") + answers);

    const DriftRequest request = defaultDrift(today);
    qsizetype rows = 0, alarms = 0;
    const Result<double> drift = medianOf([&] { return driftMs(service, request, &rows, &alarms); });
    if (!drift)
        fail(out, QLatin1String("drift_") + suffix, drift.error());
    else
        line(out, QLatin1String("drift_") + suffix, *drift, shellMedian(dialect, shellTarget, driftByHand(dialect, request)),
            QStringLiteral("ms"), QStringLiteral("rows=%1 alarms=%2").arg(rows).arg(alarms));

    // 10,000 new memories' evaluations in one statement, best of two each way.
    constexpr qint64 Added = 10000;
    double with = 0, without = 0;
    for (int run = 0; run < 2; ++run) {
        for (const bool triggers : { true, false }) {
            const Result<double> rate = worker.runAndWait([n, triggers](Repository &r) { return archbench::insertRate(r, n, Added, triggers); });
            if (!rate) {
                fail(out, QLatin1String("insert_triggers_") + suffix, rate.error());
                return;
            }
            (triggers ? with : without) = std::max(triggers ? with : without, *rate);
        }
    }
    line(out, QLatin1String("insert_triggers_") + suffix, with, without, QStringLiteral("/s"),
        QStringLiteral("evaluations=%1 per_statement cost_per_evaluation=%2us")
            .arg(Added * Archetypes::Count)
            .arg((1.0 / with - 1.0 / without) * 1e6, 0, 'f', 1));
}

QString label(qint64 n)
{
    return n >= 1000000 && n % 1000000 == 0 ? QString::number(n / 1000000) + QLatin1Char('m') : QString::number(n / 1000) + QLatin1Char('k');
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QStringList args = app.arguments().mid(1);
    const bool quick = args.removeAll(QStringLiteral("--quick")) > 0;
    QList<qint64> sizes = quick ? QList<qint64> { 100000 } : QList<qint64> { 100000, 1000000 };
    bool sqliteAtAll = true;
    if (args.contains(QStringLiteral("--rows"))) {
        sizes.clear();
        sqliteAtAll = false;
    }
    while (args.indexOf(QStringLiteral("--rows")) >= 0 && args.indexOf(QStringLiteral("--rows")) + 1 < args.size()) {
        const qsizetype at = args.indexOf(QStringLiteral("--rows"));
        sizes << args.at(at + 1).toLongLong();
        args.remove(at, 2);
    }
    const bool sqlite = args.removeAll(QStringLiteral("--postgres-only")) == 0;
    QTemporaryDir dir;
    for (qint64 n : sizes) {
        const QString size = label(n);
        if (sqlite && (sqliteAtAll ? n <= 100000 : true)) {
            const QString file = dir.filePath(QStringLiteral("archetypes-%1.sqlite").arg(n));
            const auto opener = [file](const QString &connection) {
                return [file, connection] { return SqliteWorkspace::open(file, connection); };
            };
            measure(out, size + QLatin1String("_sqlite"), opener(QStringLiteral("bench-sqlite-ui-%1").arg(n)),
                opener(QStringLiteral("bench-sqlite-bg-%1").arg(n)), n, file);
        } else if (sqlite) {
            out << "BENCH archetypes.dashboard_" << size << "_sqlite skipped=\"not run by default: at 100,000 SQLite seeds in "
                   "about 20 s and loads the page in about 1.6 s (both sides), so a million adds several minutes; --rows "
                << n << " runs it\"\n";
            out.flush();
        }
        if (args.isEmpty()) {
            out << "BENCH archetypes.dashboard_" << size << "_postgres skipped=\"no server given\"\n";
            continue;
        }
        const QString conn = args.first();
        const Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(conn);
        if (!settings) {
            fail(out, QLatin1String("dashboard_") + size + QLatin1String("_postgres"), settings.error());
            continue;
        }
        const auto opener = [s = *settings](const QString &connection) -> DatabaseWorker::Opener {
            return [s, connection] { return PostgresWorkspace::open(s, connection); };
        };
        measure(out, size + QLatin1String("_postgres"), opener(QStringLiteral("bench-pg-ui-%1").arg(n)),
            opener(QStringLiteral("bench-pg-bg-%1").arg(n)), n, conn);
    }
    return 0;
}
