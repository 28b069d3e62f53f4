// bench_review [--quick]: the review console's key press → next item painted, over scripted decisions on a
// generated demo workspace (SQLite, matched first). Each decision is A, 1, Enter as an operator types it;
// the time runs from the Enter key's press to the end of the event-loop pass that painted the next item's
// view, the journal's fsync and the window's update throttle included. Between decisions the loop idles
// 40 ms (a fast operator needs several times that), so the page fills the next view as it would for a person.
// Prints the median with the p95 in quality=, against the 50 ms goal.
#include "review/reviewitemstack.h"
#include "review/reviewitemview.h"
#include "review/reviewpage.h"
#include "review/reviewqueuemodel.h"
#include "review/reviewservice.h"
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
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int decisions = quick ? 100 : 500;
    QTemporaryDir dir;
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
    TaskRunner tasks;
    MatchService matches(&worker, &tasks);
    ReviewService service(&worker, &tasks, dir.filePath(QStringLiteral("journal")));
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
    if (!QTest::qWaitFor([&] { return page.queue()->rowCount() > 0 && !page.currentMatchId().isNull(); }, 20000)) {
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
    QElapsedTimer timer;
    for (int i = 0; i < decisions; ++i) {
        QTest::qWait(40);
        const int row = page.queue()->rowOf(page.currentMatchId());
        if (row < 0 || row + 1 >= page.queue()->rowCount()) {
            std::fprintf(stderr, "bench_review: ran out of items after %d decisions\n", i);
            break;
        }
        watch.expected = page.queue()->item(row + 1).matchId;
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
    out << "BENCH review.keypress_next_item value=" << fixed(median, 1)
        << "ms baseline=50ms ratio=" << fixed(median / 50.0, 2) << " quality=p95:" << fixed(p95, 1)
        << "ms,max:" << fixed(*std::max_element(samples.begin(), samples.end()), 1)
        << "ms,handling:" << fixed(percentile(handled, 0.5), 1)
        << "ms,decide:" << fixed(journal.empty() ? 0.0 : percentile(journal, 0.5), 1)
        << "ms,decisions:" << samples.size() << ",prepared:" << prepared << ",unsaved:" << service.pendingCount()
        << '\n';
    out.flush();
    return service.pendingCount() == 0 ? 0 : 1;
}
