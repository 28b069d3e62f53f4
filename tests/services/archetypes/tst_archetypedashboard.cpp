// The archetype dashboards' service on SQLite and on the PostgreSQL test server: aggregates against values
// computed by hand on a six-memory fixture (the rollup the triggers keep and a filtered scan must agree, also as
// memories are archived and brought back), the archetype state as the EMA of the evaluations written, drift that
// finds the demo's planted prompt change, the evaluation monitor, and live refresh on PostgreSQL's NOTIFY.
#include "archetypes/archetypedashboard.h"
#include "archetypes/dashboardqueries.h"
#include "archetypes/evaluationstore.h"
#include "db/databaseworker.h"
#include "demo/demoeumas.h"
#include "demo/demogenerator.h"
#include "support/importtestutil.h"
#include "tasks/taskrunner.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QSqlQuery>

#include <cmath>

namespace {

bool near(double actual, double expected, double tolerance = 1e-9)
{
    return std::fabs(actual - expected) < tolerance;
}

QUuid id(int n)
{
    return QUuid(QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')));
}

const QDateTime Day0(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
constexpr int R = Archetypes::R;
constexpr int Curiosity = 2; // Ella-R's curiosityLevel

// Waits for one reply of an asynchronous service call.
template<typename T> struct Awaited
{
    std::optional<Result<T>> result;
    Reply<T> reply()
    {
        return [this](const Result<T> &r) { result = r; };
    }
    bool wait()
    {
        QDeadlineTimer deadline(60000);
        while (!result.has_value() && !deadline.hasExpired())
            QTest::qWait(5);
        return result.has_value();
    }
};

} // namespace

class TestArchetypeDashboard : public QObject
{
    Q_OBJECT
public:
    explicit TestArchetypeDashboard(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<TaskRunner> m_tasks;
    std::unique_ptr<ArchetypeDashboardService> m_service;

    // Ella-R only. Memories 1–3 on day 0 (prompt v1, tag garden), 4–6 on day 1 (v2, tag kitchen); 6 is archived.
    //   curiosityLevel  0.2  0.4  0.4 | 1.0  0.0  0.65
    //   researchDepth   0    1    1   | 0    0.5  1      (5 of 6 at a bound: saturating)
    //   confidence      0.9  0.8  0.7 | 0.6  0.5  0.4    priority 0.5 everywhere
    Result<void> seedFixture(Repository &r)
    {
        const double curiosity[] = { 0.2, 0.4, 0.4, 1.0, 0.0, 0.65 };
        const double research[] = { 0, 1, 1, 0, 0.5, 1 };
        QList<Memory> memories;
        QList<Evaluation> evaluations;
        for (int i = 0; i < 6; ++i) {
            const QDateTime at = Day0.addDays(i / 3).addSecs(60 * i);
            Memory m = sampleMemory(i + 1, at);
            m.id = id(i + 1);
            if (i >= 3)
                m.contextTags = { QStringLiteral("kitchen") };
            if (i == 5)
                m.archivedAt = at.addSecs(3600);
            memories << m;
            Evaluation e;
            e.memoryId = m.id;
            e.archetype = R;
            e.metrics = { research[i], 0.3, curiosity[i], 0.7 };
            e.archetypePriority = 0.5;
            e.confidence = 0.9 - 0.1 * i;
            e.model = QStringLiteral("gpt");
            e.promptVersion = i < 3 ? QStringLiteral("v1") : QStringLiteral("v2");
            e.createdAt = at.addSecs(30);
            evaluations << e;
        }
        if (auto w = r.insertMemories(memories); !w)
            return w;
        return r.insertEvaluations(evaluations);
    }

    void open(const QString &name)
    {
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened = openWorkerOnFreshWorkspace(*m_worker, m_backend, m_dir, name);
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        m_tasks = std::make_unique<TaskRunner>();
        m_service = std::make_unique<ArchetypeDashboardService>(m_worker.get(), m_tasks.get());
    }

    QList<MetricDistribution> distributions(const MemoryFilter &filter, int archetype)
    {
        Awaited<QList<MetricDistribution>> got;
        m_service->distributions(this, filter, archetype, got.reply());
        if (!got.wait() || !got.result->ok()) {
            qWarning("%s", got.result ? qPrintable(got.result->errorMessage()) : "no reply");
            return {};
        }
        return got.result->value();
    }

    static MemoryFilter everything()
    {
        MemoryFilter f;
        f.archived = TriState::Any;
        return f;
    }

    Result<void> exec(const QString &sql)
    {
        return m_worker->runAndWait([sql](Repository &r) -> Result<void> {
            QSqlQuery q(r.database());
            if (!q.exec(sql))
                return Repository::queryError(q, sql);
            return {};
        });
    }

    QString table(Table t)
    {
        return m_worker->runAndWait([t](Repository &r) -> Result<QString> { return r.dialect().table(t); }).value();
    }

    qint64 count(const QString &sql)
    {
        const Result<qint64> n = m_worker->runAndWait([sql](Repository &r) -> Result<qint64> {
            QSqlQuery q(r.database());
            if (!q.exec(sql) || !q.next())
                return Repository::queryError(q, sql);
            return q.value(0).toLongLong();
        });
        return n ? *n : -1;
    }

    // The rollup's answers (a filter on "archived" alone) against the raw tables' (the same filter with a
    // condition every memory meets, which joins the evaluations to their memories), for archived memories, the
    // others and all; and the monitor's counts against counts of the rows themselves. Empty when they agree, else
    // the first difference.
    QString rollupDiffersFromRawTables()
    {
        for (const TriState archived : { TriState::No, TriState::Yes, TriState::Any }) {
            for (const int archetype : { R, int(Archetypes::M) }) {
                MemoryFilter rolled;
                rolled.archived = archived;
                MemoryFilter raw = rolled;
                raw.createdFrom = Day0.addYears(-10);
                const QList<MetricDistribution> fromRollup = distributions(rolled, archetype);
                const QList<MetricDistribution> fromRows = distributions(raw, archetype);
                if (fromRollup.size() != ArchetypeMetrics::Count || fromRows.size() != ArchetypeMetrics::Count)
                    return QStringLiteral("no distributions");
                for (int metric = 0; metric < ArchetypeMetrics::Count; ++metric) {
                    const MetricDistribution &x = fromRollup[metric], &y = fromRows[metric];
                    if (x.n != y.n || x.bins != y.bins || !near(x.mean, y.mean) || !near(x.stddev, y.stddev, 1e-7)
                        || !near(x.min, y.min) || !near(x.max, y.max) || !near(x.q1, y.q1) || !near(x.median, y.median)
                        || !near(x.q3, y.q3) || !near(x.shareAtBounds, y.shareAtBounds))
                        return QStringLiteral("archived=%1 %2 metric %3: n %4 mean %5 min %6 max %7 from the rollup, "
                                              "n %8 mean %9 min %10 max %11 from the rows")
                            .arg(int(archived))
                            .arg(Archetypes::name(archetype))
                            .arg(metric)
                            .arg(x.n)
                            .arg(x.mean)
                            .arg(x.min)
                            .arg(x.max)
                            .arg(y.n)
                            .arg(y.mean)
                            .arg(y.min)
                            .arg(y.max);
                }
            }
        }
        Awaited<QList<EvaluationMonitorRow>> monitor;
        m_service->monitor(this, monitor.reply());
        if (!monitor.wait() || !monitor.result->ok())
            return QStringLiteral("no monitor");
        const QString memories = table(Table::Memories), evaluations = table(Table::Evaluations);
        for (const EvaluationMonitorRow &row : monitor.result->value()) {
            if (!row.model.isEmpty())
                continue;
            const QString name = Archetypes::name(row.archetype);
            const qint64 pending = count(QLatin1String("SELECT COUNT(*) FROM ") + memories
                + QLatin1String(" m WHERE m.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM ") + evaluations
                + QLatin1String(" e WHERE e.memory_id = m.id AND e.archetype = '") + name + QLatin1String("')"));
            const qint64 evaluated = count(QLatin1String("SELECT COUNT(*) FROM ") + evaluations
                + QLatin1String(" WHERE archetype = '") + name + QLatin1Char('\''));
            if (row.pending != pending || row.evaluated != evaluated)
                return QStringLiteral("%1: pending %2 (memories: %3), evaluated %4 (rows: %5)")
                    .arg(name)
                    .arg(row.pending)
                    .arg(pending)
                    .arg(row.evaluated)
                    .arg(evaluated);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void cleanup()
    {
        m_service.reset();
        if (m_tasks)
            m_tasks->waitForDone(10000);
        m_tasks.reset();
        m_worker.reset();
    }

    // Every memory (no condition: the rollup) against the hand computation; sorted curiosity values
    // 0, 0.2, 0.4, 0.4, 0.65, 1: mean 2.65/6, population sd √(1.7825/6 − mean²) = 0.319396…, quartiles by
    // percentile_cont: h = 5p → 0.2 + 0.25·0.2 = 0.25, 0.4, 0.4 + 0.75·0.25 = 0.5875.
    void distributionsFromTheRollup()
    {
        open(QStringLiteral("archdash_fixture"));
        QVERIFY(m_worker->runAndWait([this](Repository &r) { return seedFixture(r); }).ok());
        const QList<MetricDistribution> all = distributions(everything(), R);
        QCOMPARE(all.size(), ArchetypeMetrics::Count);
        const MetricDistribution &c = all[Curiosity];
        QCOMPARE(c.archetype, R);
        QCOMPARE(c.metric, Curiosity);
        QCOMPARE(c.n, 6);
        QVERIFY(near(c.mean, 2.65 / 6));
        QVERIFY(near(c.stddev, 0.31939613161228));
        QVERIFY(near(c.min, 0) && near(c.max, 1));
        QVERIFY(near(c.q1, 0.25) && near(c.median, 0.4) && near(c.q3, 0.5875));
        std::array<qint64, 20> bins {};
        bins[0] = 1, bins[4] = 1, bins[8] = 2, bins[13] = 1, bins[19] = 1;
        QCOMPARE(c.bins, bins);
        QVERIFY(near(c.shareAtBounds, 2.0 / 6));
        QVERIFY(!c.saturating);

        const MetricDistribution &research = all[0];
        QVERIFY(near(research.shareAtBounds, 5.0 / 6));
        QVERIFY(research.saturating);
        const MetricDistribution &priority = all[ArchetypeMetrics::Priority];
        QCOMPARE(priority.n, 6);
        QVERIFY(near(priority.mean, 0.5) && near(priority.stddev, 0));
        QCOMPARE(priority.bins[10], 6);
        const MetricDistribution &confidence = all[ArchetypeMetrics::Confidence];
        QVERIFY(near(confidence.mean, 0.65) && near(confidence.stddev, 0.170782512765993));
        QVERIFY(near(confidence.min, 0.4) && near(confidence.max, 0.9));

        // An archetype without evaluations: six empty rows.
        const QList<MetricDistribution> none = distributions(everything(), Archetypes::M);
        QCOMPARE(none.size(), ArchetypeMetrics::Count);
        QCOMPARE(none[0].n, 0);
    }

    // The browser's filters scan the matching memories: default (not archived) leaves out memory 6;
    // the kitchen tag keeps 4–6 (1, 0, 0.65: median 0.65, q1 0.325, q3 0.825).
    void distributionsUnderAFilter()
    {
        open(QStringLiteral("archdash_fixture"));
        QVERIFY(m_worker->runAndWait([this](Repository &r) { return seedFixture(r); }).ok());
        const MetricDistribution unarchived = distributions(MemoryFilter(), R)[Curiosity];
        QCOMPARE(unarchived.n, 5);
        QVERIFY(near(unarchived.mean, 0.4) && near(unarchived.stddev, 0.33466401061363));
        QVERIFY(near(unarchived.q1, 0.2) && near(unarchived.median, 0.4) && near(unarchived.q3, 0.4));

        MemoryFilter kitchen = everything();
        kitchen.tags = { QStringLiteral("kitchen") };
        const MetricDistribution k = distributions(kitchen, R)[Curiosity];
        QCOMPARE(k.n, 3);
        QVERIFY(near(k.mean, 0.55) && near(k.stddev, 0.414326763155202));
        QVERIFY(near(k.q1, 0.325) && near(k.median, 0.65) && near(k.q3, 0.825));
        QVERIFY(near(k.shareAtBounds, 2.0 / 3));

        // A condition every memory meets gives the rollup's figures exactly.
        MemoryFilter wide = everything();
        wide.createdFrom = Day0.addDays(-30);
        const QList<MetricDistribution> scanned = distributions(wide, R);
        const QList<MetricDistribution> rolled = distributions(everything(), R);
        for (int metric = 0; metric < ArchetypeMetrics::Count; ++metric) {
            QCOMPARE(scanned[metric].n, rolled[metric].n);
            QCOMPARE(scanned[metric].bins, rolled[metric].bins);
            QVERIFY(near(scanned[metric].mean, rolled[metric].mean));
            QVERIFY(near(scanned[metric].median, rolled[metric].median));
            QVERIFY(near(scanned[metric].max, rolled[metric].max));
        }

        MemoryFilter bad = everything();
        bad.metrics << MetricThreshold { R, QStringLiteral("noSuchMetric"), 0.5 };
        Awaited<QList<MetricDistribution>> refused;
        m_service->distributions(this, bad, R, refused.reply());
        QVERIFY(refused.wait());
        QVERIFY(!refused.result->ok());
        QCOMPARE(refused.result->error().code, Error::InvalidInput);
    }

    // The triggers keep the rollup exact when evaluations change or go.
    void rollupFollowsUpdatesAndDeletes()
    {
        open(QStringLiteral("archdash_fixture"));
        QVERIFY(m_worker->runAndWait([this](Repository &r) { return seedFixture(r); }).ok());
        const QString evaluations = m_worker->runAndWait([](Repository &r) -> Result<QString> {
            return r.dialect().table(Table::Evaluations);
        }).value();
        const QString memory1 = id(1).toString(QUuid::WithoutBraces), memory5 = id(5).toString(QUuid::WithoutBraces);
        QVERIFY(exec(QLatin1String("UPDATE ") + evaluations + QLatin1String(" SET confidence = 0.3 WHERE memory_id = '")
            + memory1 + QLatin1Char('\'')).ok());
        QVERIFY(exec(QLatin1String("UPDATE ") + evaluations + QLatin1String(" SET annotation = 'edited'")).ok());
        QVERIFY(exec(QLatin1String("DELETE FROM ") + evaluations + QLatin1String(" WHERE memory_id = '") + memory5
            + QLatin1Char('\'')).ok());
        const QList<MetricDistribution> all = distributions(everything(), R);
        // Confidence 0.3, 0.8, 0.7, 0.6, 0.4 (0.5 went with memory 5); curiosity 0.2, 0.4, 0.4, 0.65, 1.
        QCOMPARE(all[ArchetypeMetrics::Confidence].n, 5);
        QVERIFY(near(all[ArchetypeMetrics::Confidence].mean, 2.8 / 5));
        QVERIFY(near(all[ArchetypeMetrics::Confidence].min, 0.3));
        const MetricDistribution &c = all[Curiosity];
        QCOMPARE(c.n, 5);
        QVERIFY(near(c.mean, 0.53) && near(c.stddev, 0.27495454169735));
        QVERIFY(near(c.min, 0.2) && near(c.q1, 0.4) && near(c.median, 0.4) && near(c.q3, 0.65));
        QCOMPARE(c.bins[0], 0);
    }

    // The rollup keeps each value in the cell of its memory's archived flag: it agrees with the raw tables after
    // every kind of change — evaluations of an archived memory written, a memory archived and brought back one by
    // one and many in one statement, evaluations edited and deleted, a memory deleted with its evaluations.
    void rollupFollowsArchiving()
    {
        open(QStringLiteral("archdash_archiving"));
        QVERIFY(m_worker->runAndWait([this](Repository &r) { return seedFixture(r); }).ok()); // memory 6 archived first
        QString diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("seeded: ") + diff));
        QCOMPARE(distributions(MemoryFilter(), R).value(Curiosity).n, 5);

        const QString memories = table(Table::Memories), evaluations = table(Table::Evaluations);
        const auto memory = [](int n) -> QString {
            return QLatin1Char('\'') + id(n).toString(QUuid::WithoutBraces) + QLatin1Char('\'');
        };
        const QString archivedAt = QStringLiteral("'2026-03-05T10:00:00.000Z'");
        QVERIFY(exec(QLatin1String("UPDATE ") + memories + QLatin1String(" SET archived_at = ") + archivedAt
            + QLatin1String(" WHERE id = ") + memory(1)).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("memory 1 archived: ") + diff));
        QCOMPARE(distributions(MemoryFilter(), R).value(Curiosity).n, 4);
        QVERIFY(exec(QLatin1String("UPDATE ") + memories + QLatin1String(" SET archived_at = NULL WHERE id = ")
            + memory(6)).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("memory 6 brought back: ") + diff));
        QVERIFY(exec(QLatin1String("UPDATE ") + memories + QLatin1String(" SET archived_at = ") + archivedAt
            + QLatin1String(" WHERE id = ") + memory(1)).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("memory 1 archived again (no change): ") + diff));
        QVERIFY(exec(QLatin1String("UPDATE ") + memories + QLatin1String(" SET summary = 'edited'")).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("memories edited: ") + diff));

        // New evaluations of an archived memory, one of them for an archetype it had none of.
        const Result<void> added = m_worker->runAndWait([](Repository &r) -> Result<void> {
            Memory m = sampleMemory(7, Day0.addDays(1));
            m.id = id(7);
            m.archivedAt = Day0.addDays(2);
            if (auto w = r.insertMemories({ m }); !w)
                return w;
            QList<Evaluation> rows;
            for (const QUuid &memoryId : { id(7), id(1) }) {
                Evaluation e;
                e.memoryId = memoryId;
                e.archetype = Archetypes::M;
                e.metrics = { 0.11, 0.5, 1.0, 0.0 };
                e.archetypePriority = 0.25;
                e.confidence = 0.75;
                e.model = QStringLiteral("gpt");
                e.promptVersion = QStringLiteral("v2");
                e.createdAt = Day0.addDays(1).addSecs(120);
                rows << e;
            }
            return r.insertEvaluations(rows);
        });
        QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("evaluations of archived memories added: ") + diff));
        QCOMPARE(distributions(MemoryFilter(), Archetypes::M).value(0).n, 0);

        QVERIFY(exec(QLatin1String("UPDATE ") + evaluations
            + QLatin1String(" SET confidence = 0.35, archetype_priority = 1 WHERE memory_id = ") + memory(1)).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("an archived memory's evaluations edited: ") + diff));
        QVERIFY(exec(QLatin1String("DELETE FROM ") + evaluations + QLatin1String(" WHERE memory_id = ")
            + memory(2)).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("an evaluation deleted: ") + diff));
        QVERIFY(exec(QLatin1String("DELETE FROM ") + memories + QLatin1String(" WHERE id = ") + memory(1)).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("an archived memory deleted: ") + diff));

        QVERIFY(exec(QLatin1String("UPDATE ") + memories + QLatin1String(" SET archived_at = ") + archivedAt
            + QLatin1String(" WHERE archived_at IS NULL")).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("every memory archived at once: ") + diff));
        QCOMPARE(distributions(MemoryFilter(), R).value(Curiosity).n, 0);
        QVERIFY(exec(QLatin1String("UPDATE ") + memories + QLatin1String(" SET archived_at = NULL")).ok());
        diff = rollupDiffersFromRawTables();
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("every memory brought back: ") + diff));
        QCOMPARE(distributions(MemoryFilter(), R).value(Curiosity).n, 4); // memories 3–6
    }

    // Daily points from the evaluations: day 0 = 0.2, 0.4, 0.4; day 1 = 1, 0, 0.65. Window counts.
    void seriesAndOverview()
    {
        open(QStringLiteral("archdash_fixture"));
        QVERIFY(m_worker->runAndWait([this](Repository &r) { return seedFixture(r); }).ok());
        Awaited<MetricSeries> got;
        m_service->series(this, R, Curiosity, QDate(), QDate(), got.reply());
        QVERIFY(got.wait());
        QVERIFY2(got.result->ok(), qPrintable(got.result->errorMessage()));
        const QList<DailyPoint> &days = got.result->value().evaluations;
        QCOMPARE(days.size(), 2);
        QCOMPARE(days[0].day, Day0.date());
        QCOMPARE(days[0].n, 3);
        QVERIFY(near(days[0].mean, 1.0 / 3) && near(days[0].stddev, 0.0942809041582066));
        QVERIFY(near(days[0].min, 0.2) && near(days[0].max, 0.4));
        QCOMPARE(days[1].day, Day0.date().addDays(1));
        QVERIFY(near(days[1].mean, 0.55) && near(days[1].stddev, 0.414326763155202));

        Awaited<MetricSeries> dayOne;
        m_service->series(this, R, Curiosity, Day0.date().addDays(1), Day0.date().addDays(1), dayOne.reply());
        QVERIFY(dayOne.wait());
        QCOMPARE(dayOne.result->value().evaluations.size(), 1);

        Awaited<MetricSeries> bad;
        m_service->series(this, R, 7, QDate(), QDate(), bad.reply());
        QVERIFY(bad.wait());
        QCOMPARE(bad.result->error().code, Error::InvalidInput);

        const QDateTime now(Day0.date().addDays(2), QTime(0, 0), Qt::UTC);
        const Result<ArchetypeOverview> overview
            = m_worker->runAndWait([now](Repository &r) { return DashboardQueries::overview(r, 1, now); });
        QVERIFY2(overview.ok(), qPrintable(overview.errorMessage()));
        QCOMPARE(overview->now.size(), Archetypes::Count);
        QCOMPARE(overview->before.size(), Archetypes::Count);
        QVERIFY(!overview->before[R].at.isValid()); // no history in this fixture
        QCOMPARE(overview->evaluationsInWindow[R], 3); // day 1 only
        QCOMPARE(overview->evaluationsInWindow[Archetypes::M], 0);
    }

    // Counts per archetype, model and version; a failure that names Ella-R counts for it alone, one that
    // names no archetype (the whole answer was unusable) for every archetype.
    void monitorAndFailures()
    {
        open(QStringLiteral("archdash_fixture"));
        QVERIFY(m_worker->runAndWait([this](Repository &r) { return seedFixture(r); }).ok());
        const Result<void> failed = m_worker->runAndWait([](Repository &r) -> Result<void> {
            EvaluationStore store(r);
            if (auto f = store.recordFailure(EvaluationFailure { id(2), Day0.addDays(1), QStringLiteral("gpt"),
                    QStringLiteral("v2"), QStringLiteral("Ella-R: curiosityLevel is 1.4, above 1."), QStringLiteral("{…}"), 2 });
                !f)
                return f;
            return store.recordFailure(EvaluationFailure { id(3), Day0.addDays(1).addSecs(5), QStringLiteral("gpt"),
                QStringLiteral("v2"), QStringLiteral("The answer is not a JSON object."), QStringLiteral("Sorry"), 2 });
        });
        QVERIFY2(failed.ok(), qPrintable(failed.errorMessage()));

        Awaited<QList<EvaluationMonitorRow>> got;
        m_service->monitor(this, got.reply());
        QVERIFY(got.wait());
        QVERIFY2(got.result->ok(), qPrintable(got.result->errorMessage()));
        const auto find = [&](int a, const QString &model, const QString &version) -> EvaluationMonitorRow {
            for (const EvaluationMonitorRow &row : got.result->value()) {
                if (row.archetype == a && row.model == model && row.promptVersion == version)
                    return row;
            }
            return EvaluationMonitorRow { -1, {}, {}, -1, -1, -1 };
        };
        const EvaluationMonitorRow rAll = find(R, QString(), QString());
        QCOMPARE(rAll.evaluated, 6);
        QCOMPARE(rAll.pending, 0); // five unarchived memories, all evaluated by Ella-R
        QCOMPARE(rAll.failed, 2);
        QCOMPARE(find(R, QStringLiteral("gpt"), QStringLiteral("v1")).evaluated, 3);
        const EvaluationMonitorRow rV2 = find(R, QStringLiteral("gpt"), QStringLiteral("v2"));
        QCOMPARE(rV2.evaluated, 3);
        QCOMPARE(rV2.failed, 2);
        const EvaluationMonitorRow mAll = find(Archetypes::M, QString(), QString());
        QCOMPARE(mAll.evaluated, 0);
        QCOMPARE(mAll.pending, 5);
        QCOMPARE(mAll.failed, 1);

        Awaited<QList<EvaluationFailure>> forR, forM;
        m_service->failures(this, R, 50, forR.reply());
        m_service->failures(this, Archetypes::M, 50, forM.reply());
        QVERIFY(forR.wait() && forM.wait());
        QCOMPARE(forR.result->value().size(), 2);
        QCOMPARE(forR.result->value().first().memoryId, id(3)); // newest first
        QCOMPARE(forR.result->value().first().rawReply, QStringLiteral("Sorry"));
        QCOMPARE(forM.result->value().size(), 1);
        QCOMPARE(forM.result->value().first().reason, QStringLiteral("The answer is not a JSON object."));
    }

    // The stored state is the confidence-weighted EMA of the evaluations in the order they were written:
    // the first sets it, each next moves it by new = (1 − c)·old + c·metrics.
    void stateIsTheEmaOfTheEvaluations()
    {
        open(QStringLiteral("archdash_ema"));
        std::array<std::array<double, 4>, Archetypes::Count> expected {};
        bool first = true;
        for (int i = 0; i < 5; ++i) {
            const QDateTime at = Day0.addSecs(3600 * i);
            Memory m = sampleMemory(i + 1, at);
            m.id = id(100 + i);
            QList<Evaluation> evaluations;
            for (int a = 0; a < Archetypes::Count; ++a) {
                Evaluation e;
                e.memoryId = m.id;
                e.archetype = a;
                for (int k = 0; k < 4; ++k)
                    e.metrics[size_t(k)] = std::fmod(0.137 * (i + 1) + 0.071 * a + 0.19 * k, 1.0);
                e.archetypePriority = 0.5;
                e.confidence = 0.3 + 0.1 * i;
                e.model = QStringLiteral("gpt");
                e.promptVersion = QStringLiteral("v1");
                e.createdAt = at.addSecs(10);
                evaluations << e;
                for (int k = 0; k < 4; ++k) {
                    double &s = expected[size_t(a)][size_t(k)];
                    s = first ? e.metrics[size_t(k)] : (1 - e.confidence) * s + e.confidence * e.metrics[size_t(k)];
                }
            }
            first = false;
            const Result<EvaluationStore::Written> written = m_worker->runAndWait([m, evaluations](Repository &r) -> Result<EvaluationStore::Written> {
                if (auto ins = r.insertMemories({ m }); !ins)
                    return ins.error();
                return EvaluationStore(r).write(m.id, evaluations, QStringLiteral("test"));
            });
            QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
        }
        Awaited<ArchetypeOverview> got;
        m_service->overview(this, 14, got.reply());
        QVERIFY(got.wait());
        QVERIFY2(got.result->ok(), qPrintable(got.result->errorMessage()));
        const ArchetypeOverview &o = got.result->value();
        for (int a = 0; a < Archetypes::Count; ++a) {
            QCOMPARE(o.now[a].archetype, a);
            QVERIFY(o.now[a].at.isValid());
            for (int k = 0; k < 4; ++k)
                QVERIFY2(near(o.now[a].state[size_t(k)], expected[size_t(a)][size_t(k)], 1e-12),
                    qPrintable(QStringLiteral("%1 metric %2: %3 stored, %4 from the evaluations")
                                   .arg(Archetypes::name(a))
                                   .arg(k)
                                   .arg(o.now[a].state[size_t(k)])
                                   .arg(expected[size_t(a)][size_t(k)])));
            QVERIFY(near(o.now[a].influence, 0.7)); // the last evaluation's confidence
        }
        // The history's last point is the same state.
        Awaited<MetricSeries> series;
        m_service->series(this, Archetypes::F, 3, QDate(), QDate(), series.reply());
        QVERIFY(series.wait());
        QVERIFY(!series.result->value().state.isEmpty());
        QVERIFY(near(series.result->value().state.last().second, expected[Archetypes::F][3], 1e-12));
    }

    // The demo's planted drift: under prompt set-a-v2 (the last 14 days) Ella-R's curiosityLevel is 0.25 higher.
    // The drift table puts it first, names the version, and raises no other alarm.
    void driftFindsThePlantedPromptChange()
    {
        open(QStringLiteral("archdash_drift"));
        const QDateTime now(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC);
        DemoSpec spec;
        spec.now = now;
        spec.memories = 1500;
        spec.freelancers = 60;
        spec.jobs = 12;
        const Result<DemoSummary> demo = m_worker->runAndWait([spec](Repository &r) { return DemoGenerator::generate(r, spec); });
        QVERIFY2(demo.ok(), qPrintable(demo.errorMessage()));

        DriftRequest request;
        request.baselineFrom = now.addDays(-74);
        request.baselineTo = now.addDays(-DemoEumas::PlantedDriftDays);
        request.recentFrom = request.baselineTo;
        request.recentTo = now;
        Awaited<QList<DriftRow>> got;
        QVERIFY(m_service->startDrift(request, this, got.reply()) != 0);
        QVERIFY(got.wait());
        QVERIFY2(got.result->ok(), qPrintable(got.result->errorMessage()));
        const QList<DriftRow> &rows = got.result->value();
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.first().archetype, R);
        QCOMPARE(rows.first().metric, Curiosity);
        QVERIFY(rows.first().alarm);
        bool named = false;
        for (const DriftRow &row : rows) {
            QVERIFY2(row.strength <= rows.first().strength, "rows are ordered by strength");
            if (row.archetype == R && row.metric == Curiosity) {
                QVERIFY(row.alarm);
                QVERIFY2(row.meanShiftSd > 1, qPrintable(QString::number(row.meanShiftSd)));
                QVERIFY(near(row.meanRecent - row.meanBaseline, DemoEumas::PlantedDriftShift, 0.06));
                named = named || row.promptVersion == QLatin1String(DemoEumas::PlantedDriftPromptVersion);
            } else {
                QVERIFY2(!row.alarm, qPrintable(QStringLiteral("%1 metric %2 %3").arg(Archetypes::name(row.archetype)).arg(row.metric).arg(row.promptVersion)));
            }
        }
        QVERIFY(named);

        DriftRequest empty = request;
        empty.recentFrom = now.addSecs(3600);
        empty.recentTo = now.addSecs(7200);
        Awaited<QList<DriftRow>> refused;
        m_service->startDrift(empty, this, refused.reply());
        QVERIFY(refused.wait());
        QCOMPARE(refused.result->error().code, Error::InvalidInput);
    }

    // PostgreSQL tells every client about new evaluations; the service turns that into one refresh signal.
    void liveRefreshOnNotify()
    {
        if (m_backend != SqlDialect::Postgres)
            return; // a local file has no other writers to hear from
        open(QStringLiteral("archdash_live"));
        QSignalSpy changed(m_service.get(), &ArchetypeDashboardService::evaluationsChanged);
        QVERIFY(m_worker->runAndWait([this](Repository &r) { return seedFixture(r); }).ok());
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10000);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestArchetypeDashboard>(argc, argv);
}

#include "tst_archetypedashboard.moc"
