// bench_review [--quick]: the review console's key press → next item painted, over scripted decisions on a
// generated demo workspace (SQLite, matched first). Each decision is A, 1, Enter as an operator types it;
// the time runs from the Enter key's press to the end of the event-loop pass that painted the next item's
// view, the journal's fsync and the window's update throttle included. Between decisions the loop idles
// 40 ms (a fast operator needs several times that), so the page fills the next view as it would for a person.
// Prints the median with the p95 in quality=, against the 50 ms goal.
//
// bench_review [--quick] [postgres connection string of an empty database]: with a connection string, the same run
// again on PostgreSQL with 1,000,000 current proposals (--quick: 100,000) made by the server
// (review.keypress_next_item_postgres_1m).
#include "review/reviewitemstack.h"
#include "review/reviewitemview.h"
#include "review/reviewpage.h"
#include "review/reviewqueuemodel.h"
#include "review/reviewservice.h"
#include "db/postgresworkspace.h"
#include "reviewbenchseed.h"
#include "support/reviewdemo.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

namespace {
QString fixed(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

// Notes a paint of the item view that shows `expected`.
class PaintWatch : public QObject
{
public:
    QUuid expected;
    bool painted = false;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            auto *view = qobject_cast<ReviewItemView *>(watched);
            if (view && view->matchId() == expected)
                painted = true;
        }
        return false;
    }
};

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const std::size_t at = std::min(values.size() - 1, std::size_t(p * double(values.size() - 1) + 0.5));
    return values[at];
}

// Scripted decisions on the page over `worker`'s workspace; prints one BENCH line named `row`. Non-zero when the
// page never showed an item or decisions stayed unsaved.
int measure(DatabaseWorker &worker, const QString &journalDir, int decisions, const QString &row, const QString &scale)
{
    TaskRunner tasks;
    MatchService matches(&worker, &tasks);
    ReviewService service(&worker, &tasks, journalDir);
    service.setReviewer(QStringLiteral("bench"));

    ReviewPage page(&service);
    page.setMatchService(&matches);
    page.resize(1500, 920);
    page.show();
    page.activateWindow();
    if (!QTest::qWaitForWindowActive(&page)) {
        std::fprintf(stderr, "bench_review: the page never became active\n");
        return 1;
    }
    page.load();
    if (!QTest::qWaitFor([&] { return page.queue()->rowCount() > 0 && !page.currentMatchId().isNull(); }, 60000)) {
        std::fprintf(stderr, "bench_review: the queue stayed empty\n");
        return 1;
    }
    // The journal's share of a key press: decide() alone (append + fsync) on items the run will not reach.
    std::vector<double> journal;
    for (int k = 1; k <= 20 && k < page.queue()->rowCount() / 2; ++k) {
        const QUuid item = page.queue()->item(page.queue()->rowCount() - k).matchId;
        QElapsedTimer once;
        once.start();
        service.decide(item, ReviewDecision::Approve, QString(), QString(), 1);
        journal.push_back(double(once.nsecsElapsed()) / 1e6);
    }

    PaintWatch watch;
    page.itemStack()->current()->installEventFilter(&watch);
    page.itemStack()->prepared()->installEventFilter(&watch);

    std::vector<double> samples;
    std::vector<double> handled; // the key's own handling: decide (journal + fsync), swap, row update
    int prepared = 0;
    int pageWaits = 0;
    QElapsedTimer timer;
    for (int i = 0; i < decisions; ++i) {
        QTest::qWait(40);
        int at = page.queue()->rowOf(page.currentMatchId());
        if (at >= 0 && at + 1 >= page.queue()->rowCount()) {
            // Faster than any operator, the script can reach the end of the loaded rows before the next page
            // (asked for five rows earlier) has arrived: wait for it outside the measured key press.
            const int had = page.queue()->rowCount();
            page.queue()->requestMore();
            if (QTest::qWaitFor([&] { return page.queue()->rowCount() > had; }, 30000))
                ++pageWaits;
            at = page.queue()->rowOf(page.currentMatchId());
        }
        if (at < 0 || at + 1 >= page.queue()->rowCount()) {
            std::fprintf(stderr, "bench_review: ran out of items after %d decisions\n", i);
            break;
        }
        watch.expected = page.queue()->item(at + 1).matchId;
        watch.painted = false;
        if (page.itemStack()->prepared()->matchId() == watch.expected)
            ++prepared;
        QWidget *focus = QApplication::focusWidget();
        QTest::keyClick(focus, i % 4 == 0 ? Qt::Key_R : Qt::Key_A);
        QTest::keyClick(focus, Qt::Key_1);
        timer.start();
        QTest::keyClick(focus, Qt::Key_Return);
        handled.push_back(double(timer.nsecsElapsed()) / 1e6);
        while (!watch.painted && timer.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents);
        if (!watch.painted) {
            std::fprintf(stderr, "bench_review: decision %d never painted the next item\n", i);
            return 1;
        }
        samples.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    if (!QTest::qWaitFor([&] { return service.pendingCount() == 0; }, 30000))
        std::fprintf(stderr, "bench_review: %d decisions still unsaved after 30 s\n", service.pendingCount());
    if (samples.empty())
        return 1;
    const double median = percentile(samples, 0.5);
    const double p95 = percentile(samples, 0.95);
    QTextStream out(stdout);
    out << "BENCH " << row << " value=" << fixed(median, 1) << "ms baseline=50ms ratio=" << fixed(median / 50.0, 2)
        << " quality=p95:" << fixed(p95, 1)
        << "ms,max:" << fixed(*std::max_element(samples.begin(), samples.end()), 1)
        << "ms,handling:" << fixed(percentile(handled, 0.5), 1)
        << "ms,decide:" << fixed(journal.empty() ? 0.0 : percentile(journal, 0.5), 1)
        << "ms,decisions:" << samples.size() << ",prepared:" << prepared << ",page_waits:" << pageWaits << ",unsaved:" << service.pendingCount()
        << scale << '\n';
    out.flush();
    return service.pendingCount() == 0 ? 0 : 1;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QStringList args = app.arguments().mid(1);
    const bool quick = args.removeAll(QStringLiteral("--quick")) > 0;
    const int decisions = quick ? 100 : 500;
    QTemporaryDir dir;
    int status = 0;
    {
        DemoSpec spec;
        spec.memories = 200;
        spec.jobs = quick ? 40 : 120;
        spec.freelancers = quick ? 400 : 1000;
        DatabaseWorker worker;
        const Result<void> ready = openMatchedDemo(
            dir.filePath(QStringLiteral("review-bench.sqlite")), spec, worker, QStringLiteral("review-bench"));
        if (!ready) {
            std::fprintf(stderr, "bench_review: %s\n", qPrintable(ready.errorMessage()));
            return 1;
        }
        status |= measure(worker, dir.filePath(QStringLiteral("journal")), decisions,
            QStringLiteral("review.keypress_next_item"), QString());
    }
    if (args.isEmpty()) {
        QTextStream(stdout) << "BENCH review.keypress_next_item_postgres skipped=\"no server given\"\n";
        return status;
    }
    // The same key presses on a PostgreSQL workspace holding a million current proposals (--quick: 100,000).
    const Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(args.first());
    const int jobs = quick ? 2000 : 20000, perJob = 50;
    const QString row = QStringLiteral("review.keypress_next_item_postgres_%1")
                            .arg(quick ? QStringLiteral("100k") : QStringLiteral("1m"));
    if (!settings) {
        QTextStream(stdout) << "BENCH " << row << " error=\"" << settings.errorMessage() << "\"\n";
        return 1;
    }
    const PostgresSettings pg = *settings;
    DatabaseWorker worker;
    const Result<void> opened
        = worker
              .open([pg]() { return PostgresWorkspace::open(pg, QStringLiteral("bench-keys")); },
                  [pg]() { return PostgresWorkspace::open(pg, QStringLiteral("bench-keys-background")); })
              .result();
    const Result<void> seeded
        = opened ? worker.runAndWait([&](Repository &r) { return seedProposalsOnServer(r, jobs, perJob); }) : opened;
    if (!seeded) {
        QTextStream(stdout) << "BENCH " << row << " error=\"" << seeded.errorMessage() << "\"\n";
        return 1;
    }
    status |= measure(worker, dir.filePath(QStringLiteral("journal-pg")), decisions, row,
        QStringLiteral(",proposals:%1").arg(jobs * perJob));
    return status;
}
