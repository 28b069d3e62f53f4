// Memory grid benchmark on PostgreSQL: ROWS generated memories (server-side generate_series, indexes
// rebuilt once afterwards), then (1) the first page under the default sort and under filters/sorts,
// through MemoryQuery exactly as the grid asks, against psql running the same query (\timing, median
// of 5 each; goal ≤ 300 ms), and (2) the UI thread's longest event-loop stall while a QTableView on
// MemoryTableModel scrolls through ≥ 20 pages (EventLoopProbe; goal ≤ 50 ms).
// Usage: bench_grid "host=… port=… user=… dbname=…" ROWS
#include "db/databaseworker.h"
#include "core/eventloopprobe.h"
#include "memories/memoryquery.h"
#include "memories/memorytablemodel.h"
#include "db/postgresworkspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QProcess>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace {
QTextStream out(stdout);

bool exec(QSqlQuery &q, const QString &sql)
{
    if (q.exec(sql))
        return true;
    out << "bench_grid: " << q.lastError().text() << "\n  in: " << sql.left(200) << '\n';
    return false;
}

// Rows like the demo's: topic words in prompt, reply and summary, 1–2 tags, a tone, sessions of a
// few turns, priorities, a few overrides, long-term/core/archived flags, one evaluation each.
bool generate(Repository &repo, int rows)
{
    QSqlQuery q(repo.database());
    if (!exec(q,
            QStringLiteral("SELECT string_agg(indexdef, ';') FROM pg_indexes WHERE schemaname = 'public' "
                           "AND tablename = 'memories' AND indexname <> 'memories_pkey'"))
        || !q.next())
        return false;
    const QStringList indexes = q.value(0).toString().split(QLatin1Char(';'), Qt::SkipEmptyParts);
    // One index build after the load is several times faster than maintaining them row by row.
    if (!exec(q,
            QStringLiteral("SELECT string_agg(indexname, ',') FROM pg_indexes WHERE schemaname = 'public' "
                           "AND tablename = 'memories' AND indexname <> 'memories_pkey'"))
        || !q.next() || !exec(q, QStringLiteral("DROP INDEX ") + q.value(0).toString()))
        return false;
    const QString words = QStringLiteral(
        "ARRAY['tomato','sailing','orbit','bread','knots','violin','glacier','compost','telescope','sourdough',"
        "'harbor','pruning','comet','yeast','anchor','melody','trail','fern','lens','kiln','tide','basil','quartz',"
        "'canvas','engine','marathon','cipher','lantern','meadow','saffron']");
    const QString sql = QStringLiteral(
        "INSERT INTO public.memories (id, user_prompt, agent_reply, summary, session_id, user_id, context_tags, tone, "
        "created_at, last_accessed, priority, priority_override, long_term, core, archived_at, updated_at) "
        "SELECT gen_random_uuid(), 'How should I think about ' || w[a] || ' and ' || w[b] || ' when the ' || w[c] "
        "|| ' is late?', 'Start with the ' || w[b] || ', then the ' || w[c] || '; most people overlook the ' || w[a] "
        "|| ' until the ' || w[d] || ' changes.', initcap(w[a]) || ' with ' || w[b] || ' and ' || w[c], "
        "'session-' || lpad((i / 6)::text, 7, '0'), 'user-' || (i % 997), "
        "CASE WHEN i % 3 = 0 THEN ARRAY[t[1 + i % 8], t[1 + (i / 8) % 8]] ELSE ARRAY[t[1 + i % 8]] END, "
        "(ARRAY['calm','curious','urgent','playful','formal','warm'])[1 + (i / 7) % 6], "
        "created, created + (random() * interval '20 days'), round(random()::numeric, 3), "
        "CASE WHEN i % 50 = 0 THEN round(random()::numeric, 3) END, i % 20 = 0, i % 97 = 0, "
        "CASE WHEN i % 40 = 7 THEN created + interval '30 days' END, created "
        "FROM (SELECT i, %1 AS w, ARRAY['garden','sea','space','kitchen','music','travel','health','code'] AS t, "
        "1 + (hashint4(i) & 1023) % 30 AS a, 1 + (hashint4(i + 1) & 1023) % 30 AS b, "
        "1 + (hashint4(i + 2) & 1023) % 30 AS c, 1 + (hashint4(i + 3) & 1023) % 30 AS d, "
        "timestamptz '2026-06-01 00:00+00' - i * interval '31 seconds' - (hashint4(i + 4) & 1023) * interval '1 ms' "
        "AS created FROM generate_series(1, %2) i) g")
                            .arg(words)
                            .arg(rows);
    if (!exec(q, QStringLiteral("SELECT setseed(0.42)")) || !exec(q, sql))
        return false;
    if (!exec(q,
            QStringLiteral(
                "INSERT INTO public.evaluations (memory_id, archetype, metrics, archetype_priority, confidence) "
                "SELECT id, 'Ella-M', jsonb_build_object('emotionalDepth', round(random()::numeric, 2), "
                "'empathyLevel', round(random()::numeric, 2)), round(random()::numeric, 3), 0.9 FROM public.memories")))
        return false;
    for (const QString &index : indexes) {
        if (!exec(q, index))
            return false;
    }
    return exec(q, QStringLiteral("VACUUM ANALYZE public.memories"))
        && exec(q, QStringLiteral("VACUUM ANALYZE public.evaluations"));
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0.0 : values[values.size() / 2];
}

// psql's own \timing of `sql` (round trip, without process start-up), median of 5.
double psqlMs(const PostgresSettings &s, const QString &sql)
{
    QString script = QStringLiteral("\\timing on\n");
    for (int i = 0; i < 6; ++i)
        script += sql + QLatin1String(";\n");
    QProcess psql;
    psql.start(QStringLiteral("psql"),
        { QStringLiteral("-h"), s.host, QStringLiteral("-p"), QString::number(s.port), QStringLiteral("-U"), s.user,
            QStringLiteral("-d"), s.database, QStringLiteral("-qAt"), QStringLiteral("-o"),
            QStringLiteral("/dev/null") });
    psql.write(script.toUtf8());
    psql.closeWriteChannel();
    psql.waitForFinished(120000);
    static const QRegularExpression time(QStringLiteral("Time: ([0-9.]+) ms"));
    QList<double> times;
    auto it = time.globalMatch(QString::fromUtf8(psql.readAllStandardOutput() + psql.readAllStandardError()));
    while (it.hasNext())
        times << it.next().captured(1).toDouble();
    if (!times.isEmpty())
        times.removeFirst(); // cold
    return median(times);
}

QString label(int rows)
{
    return rows >= 1000000 ? QStringLiteral("%1m").arg(rows / 1000000) : QStringLiteral("%1k").arg(rows / 1000);
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc < 3) {
        out << "usage: bench_grid CONNINFO ROWS\n";
        return 2;
    }
    const Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(QString::fromLocal8Bit(argv[1]));
    const int rows = QByteArray(argv[2]).toInt();
    if (!settings) {
        out << "bench_grid: " << settings.errorMessage() << '\n';
        return 1;
    }
    Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(*settings, QStringLiteral("bench-grid"));
    if (!repo) {
        out << "bench_grid: " << repo.errorMessage() << '\n';
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    // SEXTANT_BENCH_GRID_REUSE=1 keeps a table generated by an earlier run (for iterating by hand).
    QSqlQuery existing((*repo)->database());
    const bool reuse = qEnvironmentVariableIntValue("SEXTANT_BENCH_GRID_REUSE") == 1
        && existing.exec(QStringLiteral("SELECT count(*) FROM public.memories")) && existing.next()
        && existing.value(0).toInt() == rows;
    existing = QSqlQuery();
    if (!reuse && !generate(**repo, rows))
        return 1;
    const QString n = label(rows);
    out << "BENCH grid.generate_" << n << " value=" << QString::number(timer.nsecsElapsed() / 1e9, 'f', 1)
        << "s quality=rows:" << rows << ",server-side-generate_series+index-rebuild\n";
    out.flush();

    // The grid's first page (200 rows) and psql running the same SQL with the same values inlined.
    const QString columns = QStringLiteral(
        "SELECT m.id, m.created_at, m.session_id, m.user_id, m.context_tags, m.tone, m.summary, m.priority, "
        "m.priority_override, m.long_term, m.core, m.archived_at, m.last_accessed, (SELECT e.archetype FROM "
        "public.evaluations e WHERE e.memory_id = m.id ORDER BY e.archetype_priority DESC, e.archetype LIMIT 1)");
    struct Case
    {
        const char *name;
        MemoryFilter filter;
        MemorySort sort;
        QString sql; // the same query for psql
    };
    QList<Case> cases;
    cases << Case { "default_created", {}, {},
        columns
            + QLatin1String(", m.created_at::text FROM public.memories m WHERE m.archived_at IS NULL "
                            "ORDER BY m.created_at DESC, m.id DESC LIMIT 201") };
    MemoryFilter text;
    text.text = QStringLiteral("harbor lant");
    cases << Case { "fulltext_created", text, {},
        columns
            + QLatin1String(", m.created_at::text FROM public.memories m WHERE public.memory_document(m.user_prompt, "
                            "m.agent_reply, m.summary, m.context_tags) @@ to_tsquery('simple', 'harbor:* & lant:*') "
                            "AND m.archived_at IS NULL ORDER BY m.created_at DESC, m.id DESC LIMIT 201") };
    MemoryFilter tone;
    tone.tones = { QStringLiteral("urgent") };
    cases << Case { "tone_priority_asc", tone, MemorySort { MemorySortKey::Priority, false },
        columns
            + QLatin1String(", COALESCE(m.priority_override, m.priority)::text FROM public.memories m WHERE "
                            "m.tone IN ('urgent') AND m.archived_at IS NULL ORDER BY COALESCE(m.priority_override, "
                            "m.priority) ASC, m.id ASC LIMIT 201") };
    MemoryFilter metric;
    metric.tags = { QStringLiteral("sea") };
    metric.metrics = { MetricThreshold { Archetypes::M, QStringLiteral("empathyLevel"), 0.8 } };
    cases << Case { "tag_metric_lastaccessed", metric, MemorySort { MemorySortKey::LastAccessed, true },
        columns
            + QLatin1String(
                ", COALESCE(m.last_accessed, '-infinity'::timestamptz)::text FROM public.memories m "
                "WHERE m.context_tags && '{sea}'::text[] AND m.archived_at IS NULL AND EXISTS (SELECT 1 "
                "FROM public.evaluations e WHERE e.memory_id = m.id AND e.archetype = 'Ella-M' AND "
                "(e.metrics ->> 'empathyLevel')::double precision >= 0.8) ORDER BY COALESCE(m.last_accessed, "
                "'-infinity'::timestamptz) DESC, m.id DESC LIMIT 201") };
    MemoryQuery query(**repo);
    for (const Case &c : cases) {
        QList<double> times;
        int got = 0;
        for (int i = 0; i < 6; ++i) {
            timer.restart();
            const Result<MemoryQueryPage> page = query.page(c.filter, c.sort, {}, 200);
            const double ms = timer.nsecsElapsed() / 1e6;
            if (!page) {
                out << "bench_grid: " << page.errorMessage() << '\n';
                return 1;
            }
            got = int(page->rows.size());
            if (i > 0)
                times << ms;
        }
        const double ms = median(times);
        const double baseline = psqlMs(*settings, c.sql);
        timer.restart();
        const qint64 matches = query.count(c.filter).value();
        const double countMs = timer.nsecsElapsed() / 1e6;
        out << "BENCH grid.first_page_" << c.name << "_" << n << " value=" << QString::number(ms, 'f', 1)
            << "ms baseline=" << QString::number(baseline, 'f', 1)
            << "ms ratio=" << QString::number(baseline > 0 ? ms / baseline : 0.0, 'f', 2) << " quality=rows:" << got
            << ",matches:" << matches << ",goal:300ms,count_ms:" << QString::number(countMs, 'f', 0)
            << " baseline_quality=psql-timing-same-sql\n";
        out.flush();
    }
    repo->reset();

    // Scrolling: the view asks for pages as it reaches the end; the probe measures the UI thread.
    DatabaseWorker worker;
    const PostgresSettings s = *settings;
    auto opened
        = worker.open([s] { return PostgresWorkspace::open(s, QStringLiteral("bench-grid-ui")); });
    opened.waitForFinished();
    if (!opened.result()) {
        out << "bench_grid: " << opened.result().errorMessage() << '\n';
        return 1;
    }
    MemoryTableModel model(&worker);
    model.setPageSize(200);
    QTableView view; // set up like MemoriesPage's grid
    view.resize(1200, 800);
    view.verticalHeader()->hide();
    view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 8);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    view.setAlternatingRowColors(true);
    view.setWordWrap(false);
    view.setModel(&model);
    view.show();
    EventLoopProbe probe(5);
    int pages = 0;
    QList<double> pageMs;
    QElapsedTimer pageTimer;
    QObject::connect(&model, &MemoryTableModel::loadingChanged, [&](bool loading) {
        if (loading)
            pageTimer.restart();
    });
    QObject::connect(&model, &MemoryTableModel::pageLoaded, [&](int) {
        ++pages;
        pageMs << pageTimer.nsecsElapsed() / 1e6;
    });
    model.reload();
    // The first page and the first paint (fonts, layout) are start-up, not scrolling: wait them out.
    timer.restart();
    while (pages < 1 && timer.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    timer.restart();
    while (timer.elapsed() < 300)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QList<double> paintMs; // one full repaint of the grid, for reading the stall figure
    for (int i = 0; i < 10; ++i) {
        timer.restart();
        view.viewport()->repaint();
        paintMs << timer.nsecsElapsed() / 1e6;
    }
    QTimer scroller;
    scroller.setInterval(16);
    QObject::connect(&scroller, &QTimer::timeout, [&] {
        QScrollBar *bar = view.verticalScrollBar();
        bar->setValue(std::min(bar->maximum(), bar->value() + 40)); // about a screenful a frame, like a fling
    });
    probe.start();
    scroller.start();
    timer.restart();
    while (pages < 25 && timer.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    scroller.stop();
    probe.stop();
    out << "BENCH grid.scroll_max_stall_" << n << " value=" << QString::number(probe.maxStallMs(), 'f', 1)
        << "ms quality=pages:" << pages << ",rows:" << model.rowCount()
        << ",mean_stall_ms:" << QString::number(probe.meanStallMs(), 'f', 2)
        << ",page_fetch_median_ms:" << QString::number(median(pageMs), 'f', 1)
        << ",repaint_median_ms:" << QString::number(median(paintMs), 'f', 1) << ",goal:50ms\n";
    return pages >= 20 ? 0 : 1;
}
