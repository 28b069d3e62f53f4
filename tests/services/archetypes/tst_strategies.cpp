// Weighting strategies through a DatabaseWorker, as the Archetypes page uses them, on SQLite and PostgreSQL:
// weights that do not add up to 1 are refused with the sum and nothing is written; the preview and the
// simulator never write; apply then undo gives back every priority bit for bit; the preview's τ-b and floor
// crossings equal a brute-force count over the same memories; contributions add up to the priority; an apply
// that fails or is cancelled part-way leaves whole chunks that undo restores exactly; applications are undone
// newest first; and on PostgreSQL a viewer's apply is refused by the database.
#include "ai/offlineembedder.h"
#include "archetypes/priorityqueries.h"
#include "archetypes/strategypreview.h"
#include "archetypes/strategyservice.h"
#include "archetypes/strategystore.h"
#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "support/importtestutil.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace {

constexpr int MemoryCount = 240;

// Fixture rules by index, so the test knows each memory's shape without reading it back.
bool unevaluated(int i)
{
    return i % 29 == 0;
}
bool overridden(int i)
{
    return i % 23 == 0;
}
double archetypePriority(int i, int a)
{
    return double((i * 37 + a * 11 + (i / 7) * a) % 101) / 100.0;
}

WeightingStrategy doubleR()
{
    // Ella-R doubled (0.08 → 0.16), the other seven scaled so the sum stays 1.
    WeightingStrategy s;
    s.name = QStringLiteral("Double R");
    const auto &d = Archetypes::defaultWeights();
    for (int i = 0; i < Archetypes::Count; ++i)
        s.weights[size_t(i)] = i == Archetypes::R ? 0.16 : d[size_t(i)] * (0.84 / 0.92);
    return s;
}

// O(n²) τ-b, as the definition reads.
double bruteTauB(const std::vector<double> &x, const std::vector<double> &y)
{
    double n0 = 0, n1 = 0, n2 = 0, cd = 0;
    for (size_t i = 0; i < x.size(); ++i)
        for (size_t j = i + 1; j < x.size(); ++j) {
            ++n0;
            const bool tx = x[i] == x[j], ty = y[i] == y[j];
            n1 += tx;
            n2 += ty;
            if (!tx && !ty)
                cd += (x[i] < x[j]) == (y[i] < y[j]) ? 1 : -1;
        }
    return cd / std::sqrt((n0 - n1) * (n0 - n2));
}

} // namespace

// Another connection's lock on one memory row (PostgreSQL): a chunk that writes that memory waits for it.
class RowLock
{
public:
    RowLock(const PostgresSettings &settings, const QUuid &memoryId)
    {
        QSqlDatabase db = TestServers::addConnection(settings, Name);
        if (!db.open()) {
            m_error = db.lastError().text();
            return;
        }
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("BEGIN"))) {
            m_error = q.lastError().text();
            return;
        }
        q.prepare(QStringLiteral("SELECT 1 FROM public.memories WHERE id = CAST(:id AS uuid) FOR UPDATE"));
        q.bindValue(QStringLiteral(":id"), memoryId.toString(QUuid::WithoutBraces));
        if (!q.exec() || !q.next())
            m_error = q.lastError().text();
    }
    ~RowLock()
    {
        release();
        QSqlDatabase::database(Name, false).close();
        QSqlDatabase::removeDatabase(Name);
    }
    QString error() const { return m_error; }
    // Somebody in this database waits for a lock (the chunk that writes the memory).
    bool waitedFor() const
    {
        QSqlQuery q(QSqlDatabase::database(Name, false));
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                                     "AND wait_event_type = 'Lock'"))
            && q.next() && q.value(0).toInt() > 0;
    }
    void release()
    {
        QSqlQuery q(QSqlDatabase::database(Name, false));
        q.exec(QStringLiteral("ROLLBACK"));
    }

private:
    static inline const QString Name = QStringLiteral("strategies-lock");
    QString m_error;
};

class TestStrategies : public QObject
{
    Q_OBJECT
public:
    explicit TestStrategies(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<StrategyService> m_service;
    QDateTime m_now;
    QList<QUuid> m_ids; // by fixture index

    Result<void> seed(Repository &r)
    {
        QList<Memory> memories;
        QList<Evaluation> evaluations;
        for (int i = 0; i < MemoryCount; ++i) {
            Memory m = sampleMemory(i, m_now.addDays(-90));
            if (i % 3 == 0)
                m.userPrompt = QStringLiteral("Which basil keeps best on a windowsill, number %1?").arg(i);
            m.embedding = OfflineEmbedder::embedOne(m.userPrompt);
            m.lastAccessed = m_now.addSecs(-qint64(i % 40) * 86400 - i * 61);
            m.longTerm = i % 17 == 0;
            m.core = i % 19 == 0;
            if (overridden(i))
                m.priorityOverride = 0.77;
            std::array<double, Archetypes::Count> p {};
            for (int a = 0; a < Archetypes::Count; ++a)
                p[size_t(a)] = archetypePriority(i, a);
            m.priority = unevaluated(i) ? 0.5 : Archetypes::memoryPriority(p);
            memories << m;
            m_ids << m.id;
            if (unevaluated(i))
                continue;
            for (int a = 0; a < Archetypes::Count; ++a) {
                Evaluation e;
                e.memoryId = m.id;
                e.archetype = a;
                e.metrics = { 0.5, 0.5, 0.5, 0.5 };
                e.archetypePriority = p[size_t(a)];
                e.confidence = 0.8;
                e.model = QStringLiteral("test");
                e.promptVersion = QStringLiteral("v1");
                e.createdAt = m_now.addDays(-60);
                evaluations << e;
            }
        }
        if (Result<void> w = r.insertMemories(memories); !w)
            return w;
        return r.insertEvaluations(evaluations);
    }

    // Every priority exactly as stored: PostgreSQL prints a float8 in its shortest exact form, SQLite hands
    // the double itself over.
    QMap<QUuid, QString> storedPriorities(DatabaseWorker &worker)
    {
        const Result<QMap<QUuid, QString>> read = worker.runAndWait([](Repository &r) -> Result<QMap<QUuid, QString>> {
            const SqlDialect &d = r.dialect();
            QSqlQuery q(r.database());
            if (!q.exec(QLatin1String("SELECT id, ")
                    + (d.backend() == SqlDialect::Postgres ? QLatin1String("priority::text")
                                                           : QLatin1String("priority"))
                    + QLatin1String(" FROM ") + d.table(Table::Memories)))
                return Repository::queryError(q, QStringLiteral("reading"));
            QMap<QUuid, QString> map;
            while (q.next()) {
                if (d.backend() == SqlDialect::Postgres) {
                    map.insert(d.toUuid(q.value(0)), q.value(1).toString());
                } else {
                    const double v = q.value(1).toDouble();
                    quint64 bits = 0;
                    std::memcpy(&bits, &v, sizeof bits);
                    map.insert(d.toUuid(q.value(0)), QString::number(bits, 16));
                }
            }
            return map;
        });
        if (!read)
            qWarning("%s", qPrintable(read.errorMessage()));
        return read ? *read : QMap<QUuid, QString> { { QUuid(), read.errorMessage() } };
    }

    // Everything a read-only call must leave alone: each memory's priority, version and update time, and the
    // number of rows in every table a strategy call could write.
    QString stateDigest(DatabaseWorker &worker)
    {
        const QMap<QUuid, QString> priorities = storedPriorities(worker);
        QString digest;
        for (auto it = priorities.begin(); it != priorities.end(); ++it)
            digest += it.key().toString() + QLatin1Char('=') + it.value() + QLatin1Char(';');
        const Result<QString> rest = worker.runAndWait([](Repository &r) -> Result<QString> {
            const SqlDialect &d = r.dialect();
            QString text;
            // A QStringList, not a braced list of string builders: those would hold references to temporaries.
            const QStringList queries {
                QLatin1String("SELECT COUNT(*), SUM(version) FROM ") + d.table(Table::Memories),
                QLatin1String("SELECT COUNT(*), MAX(updated_at) FROM ") + d.table(Table::Memories),
                QLatin1String("SELECT COUNT(*), 0 FROM ") + d.table(Table::MemoryBatches),
                QLatin1String("SELECT COUNT(*), 0 FROM ") + d.table(Table::AuditLog),
                QLatin1String("SELECT COUNT(*), 0 FROM ") + d.eumasObject(QStringLiteral("weighting_strategies")),
                QLatin1String("SELECT COUNT(*), 0 FROM ") + d.eumasObject(QStringLiteral("strategy_applications")),
            };
            for (const QString &sql : queries) {
                QSqlQuery q(r.database());
                if (!q.exec(sql) || !q.next())
                    return Repository::queryError(q, sql);
                text += q.value(0).toString() + QLatin1Char('/') + q.value(1).toString() + QLatin1Char(';');
            }
            return text;
        });
        return digest + (rest ? *rest : rest.errorMessage());
    }

    qint64 count(const QString &sqlTail)
    {
        return m_worker
            ->runAndWait([sqlTail](Repository &r) -> Result<qint64> {
                QSqlQuery q(r.database());
                if (!q.exec(QLatin1String("SELECT COUNT(*) FROM ") + sqlTail) || !q.next())
                    return Repository::queryError(q, sqlTail);
                return q.value(0).toLongLong();
            })
            .value();
    }

    qint64 audits(const QString &action)
    {
        return m_worker->runAndWait([action](Repository &r) -> Result<qint64> { return auditCount(r, action); })
            .value();
    }

    QString batches() const
    {
        return m_backend == SqlDialect::Postgres ? QStringLiteral("public.memory_batches")
                                                 : QStringLiteral("memory_batches");
    }

    QList<WeightingStrategy> strategies()
    {
        return m_worker->runAndWait([](Repository &r) { return StrategyStore::list(r); }).value();
    }

    // Today's and the proposed decayed priority of every unarchived memory, computed here from the fixture.
    void expectedRankings(
        const WeightingStrategy &s, std::vector<double> &today, std::vector<double> &proposed, std::vector<QUuid> &ids)
    {
        for (int i = 0; i < MemoryCount; ++i) {
            std::array<double, Archetypes::Count> p {};
            for (int a = 0; a < Archetypes::Count; ++a)
                p[size_t(a)] = archetypePriority(i, a);
            const double stored = unevaluated(i) ? 0.5 : Archetypes::memoryPriority(p);
            const double now = overridden(i) ? 0.77 : stored;
            const double next = overridden(i) ? 0.77
                : unevaluated(i)              ? stored
                                              : Archetypes::memoryPriority(p, s.weights);
            const QDateTime accessed = m_now.addSecs(-qint64(i % 40) * 86400 - i * 61);
            const bool lt = i % 17 == 0, core = i % 19 == 0;
            today.push_back(Archetypes::decayedPriority(now, accessed, m_now, lt, core));
            proposed.push_back(Archetypes::decayedPriority(next, accessed, m_now, lt, core));
            ids.push_back(m_ids[i]);
        }
    }

    // Memory ids in the order an apply walks them (the backend's own order of ids).
    QList<QUuid> idsInApplyOrder()
    {
        return m_worker
            ->runAndWait([](Repository &r) -> Result<QList<QUuid>> {
                QSqlQuery q(r.database());
                if (!q.exec(QLatin1String("SELECT id FROM ") + r.dialect().table(Table::Memories)
                        + QLatin1String(" ORDER BY id")))
                    return Repository::queryError(q, QStringLiteral("reading the ids"));
                QList<QUuid> ids;
                while (q.next())
                    ids << r.dialect().toUuid(q.value(0));
                return ids;
            })
            .value();
    }

    // The first position at or after `from` (in apply order) of a memory with evaluations: one the strategy changes.
    int evaluatedAtOrAfter(const QList<QUuid> &ordered, int from) const
    {
        for (int p = from; p < ordered.size(); ++p)
            if (!unevaluated(int(m_ids.indexOf(ordered[p]))))
                return p;
        return -1;
    }

    // After an apply that stopped part-way: the first `covered` memories in apply order carry the strategy's
    // priority, every later one its old priority bit for bit; there is a batch row for each priority that
    // changed and no other; the application is recorded as not finished, and Default is still the applied one.
    void verifyWholeChunks(
        const QMap<QUuid, QString> &before, const QList<QUuid> &ordered, int covered, const WeightingStrategy &s)
    {
        const QMap<QUuid, QString> after = storedPriorities(*m_worker);
        const QList<PriorityQueries::MemoryPriorities> rows
            = m_worker->runAndWait([this](Repository &r) { return PriorityQueries::memoryPriorities(r, m_ids); })
                  .value();
        QHash<QUuid, PriorityQueries::MemoryPriorities> byId;
        for (const PriorityQueries::MemoryPriorities &m : rows)
            byId.insert(m.id, m);
        qint64 changed = 0;
        for (int p = 0; p < ordered.size(); ++p) {
            const QUuid &id = ordered[p];
            if (p >= covered) {
                QCOMPARE(after.value(id), before.value(id));
                continue;
            }
            if (!unevaluated(int(m_ids.indexOf(id))))
                QVERIFY(std::abs(byId[id].stored - *byId[id].under(s.weights)) < 1e-12);
            changed += after.value(id) != before.value(id);
        }
        QVERIFY(changed > covered / 2);
        const QList<StrategyApplication> applications
            = m_worker->runAndWait([](Repository &r) { return StrategyStore::applications(r); }).value();
        QCOMPARE(applications.size(), 1);
        QVERIFY(!applications.first().finished);
        QCOMPARE(applications.first().memories, changed);
        QCOMPARE(count(batches()
                     + QStringLiteral(" WHERE batch_id = '%1'")
                           .arg(applications.first().batchId.toString(QUuid::WithoutBraces))),
            changed);
        QVERIFY(strategies().first().applied);
    }

    QUuid lastBatch()
    {
        return m_worker->runAndWait([](Repository &r) { return StrategyStore::applications(r); })
            .value()
            .first()
            .batchId;
    }

private Q_SLOTS:
    void init()
    {
        m_now = QDateTime::currentDateTimeUtc();
        m_ids.clear();
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened
            = openWorkerOnFreshWorkspace(*m_worker, m_backend, m_dir, QStringLiteral("strategies"));
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        const Result<void> seeded
            = m_worker->runAndWait([this](Repository &r) { return r.inTransaction([&] { return seed(r); }); });
        QVERIFY2(seeded.ok(), qPrintable(seeded.errorMessage()));
        m_service = std::make_unique<StrategyService>(m_worker.get(), nullptr);
        m_service->setDecayTime(m_now); // the expected values below decay to the same moment
    }

    void cleanup()
    {
        m_service.reset();
        m_worker.reset();
    }

    void weightsNotAddingUpToOneAreRefused()
    {
        const QString before = stateDigest(*m_worker);
        WeightingStrategy s = doubleR();
        s.weights[Archetypes::R] = 0.24; // sum 1.08
        const Result<void> checked = WeightingStrategy::validate(s);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.errorMessage(), QStringLiteral("The weights add up to 1.08; they must add up to 1."));
        bool answered = false;
        m_service->save(this, s, QString(), [&](const Result<WeightingStrategy> &r) {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, Error::InvalidInput);
            QCOMPARE(r.errorMessage(), checked.errorMessage());
            answered = true;
        });
        QTRY_VERIFY(answered);
        TaskControl control;
        const Result<QUuid> applied = m_service->apply(s, QString(), control);
        QCOMPARE(applied.errorMessage(), checked.errorMessage());
        s.weights[Archetypes::R] = -0.08;
        QVERIFY(WeightingStrategy::validate(s).errorMessage().contains(QStringLiteral("between 0 and 1")));
        QCOMPARE(stateDigest(*m_worker), before);
        QCOMPARE(strategies().size(), 1); // the built-in default only
    }

    void saveListRemoveWithAudit()
    {
        const Result<WeightingStrategy> saved
            = m_worker->runAndWait([](Repository &r) { return StrategyStore::save(r, doubleR(), QString()); });
        QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
        QVERIFY(!saved->id.isNull());
        QList<WeightingStrategy> list = strategies();
        QCOMPARE(list.size(), 2);
        QVERIFY(list[0].builtIn && list[0].applied);
        QCOMPARE(list[1].name, QStringLiteral("Double R"));
        QCOMPARE(list[1].weights, doubleR().weights); // exact through the JSON column
        QVERIFY(!list[1].applied);
        const Result<WeightingStrategy> twin
            = m_worker->runAndWait([](Repository &r) { return StrategyStore::save(r, doubleR(), QString()); });
        QCOMPARE(twin.error().code, Error::Conflict);
        const QUuid id = saved->id;
        QVERIFY(m_worker->runAndWait([id](Repository &r) { return StrategyStore::remove(r, id, QString()); }).ok());
        QCOMPARE(strategies().size(), 1);
        QCOMPARE(audits(QStringLiteral("strategy_create")), 1);
        QCOMPARE(audits(QStringLiteral("strategy_remove")), 1);
    }

    void contributionsAddUpToThePriority()
    {
        bool answered = false;
        PriorityOverview overview;
        m_service->priorities(
            this, WeightingStrategy::defaultStrategy(), 60, 0.3, 30, [&](const Result<PriorityOverview> &r) {
                QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
                overview = *r;
                answered = true;
            });
        QTRY_VERIFY(answered);
        QCOMPARE(overview.total, MemoryCount);
        QCOMPARE(overview.longTerm, (MemoryCount + 16) / 17);
        QCOMPARE(overview.core, (MemoryCount + 18) / 19);
        QCOMPARE(overview.top.size(), 60);
        int checked = 0;
        for (int k = 0; k < overview.top.size(); ++k) {
            const PriorityRow &row = overview.top[k];
            const int i = int(m_ids.indexOf(row.memoryId));
            QVERIFY(i >= 0);
            if (k > 0)
                QVERIFY(overview.top[k - 1].decayed >= row.decayed);
            const double effective = overridden(i) ? 0.77 : row.stored;
            QVERIFY(std::abs(row.decayed
                        - Archetypes::decayedPriority(effective, row.lastAccessed, m_now, row.longTerm, row.core))
                < 1e-12);
            if (unevaluated(i))
                continue;
            double sum = 0;
            for (double c : row.contribution)
                sum += c;
            QVERIFY2(
                std::abs(sum - row.stored) < 1e-12, qPrintable(QStringLiteral("%1 vs %2").arg(sum).arg(row.stored)));
            ++checked;
        }
        QVERIFY(checked > 40);
        // About to fall under 0.3 within 30 days: crossing times in that window, soonest first, and the decayed
        // priority at that time is the floor.
        QVERIFY(!overview.atRisk.isEmpty());
        for (int k = 0; k < overview.atRisk.size(); ++k) {
            const PriorityRow &row = overview.atRisk[k];
            QVERIFY(row.decayed >= 0.3);
            QVERIFY(row.fallsBelowAt > m_now && row.fallsBelowAt <= m_now.addDays(30).addSecs(60));
            if (k > 0)
                QVERIFY(overview.atRisk[k - 1].fallsBelowAt <= row.fallsBelowAt);
            const int i = int(m_ids.indexOf(row.memoryId));
            const double effective = overridden(i) ? 0.77 : row.stored;
            QVERIFY(
                std::abs(Archetypes::decayedPriority(effective, row.lastAccessed, row.fallsBelowAt, false, false) - 0.3)
                < 1e-4);
        }
    }

    void previewNeverWritesAndMatchesBruteForce()
    {
        const QString before = stateDigest(*m_worker);
        TaskControl control;
        const WeightingStrategy s = doubleR();
        const Result<StrategyPreview> preview = m_service->preview(s, 0.3, control);
        QVERIFY2(preview.ok(), qPrintable(preview.errorMessage()));
        QCOMPARE(stateDigest(*m_worker), before);

        std::vector<double> today, proposed;
        std::vector<QUuid> ids;
        expectedRankings(s, today, proposed, ids);
        QCOMPARE(preview->compared, MemoryCount); // fewer than 1,000: all of them
        QVERIFY(std::abs(preview->kendallTau - bruteTauB(today, proposed)) < 1e-9);
        QVERIFY(preview->kendallTau > 0.5 && preview->kendallTau < 1.0);
        qint64 down = 0, up = 0;
        for (size_t i = 0; i < today.size(); ++i) {
            down += today[i] >= 0.3 && proposed[i] < 0.3;
            up += today[i] < 0.3 && proposed[i] >= 0.3;
        }
        QCOMPARE(preview->crossDown, down);
        QCOMPARE(preview->crossUp, up);
        QVERIFY(!preview->up.isEmpty() && !preview->down.isEmpty());
        for (const RankMove &m : preview->up) {
            QVERIFY(m.rankAfter < m.rankBefore);
            QVERIFY(!m.summary.isEmpty());
        }
        for (const RankMove &m : preview->down)
            QVERIFY(m.rankAfter > m.rankBefore);
        // Doubling R is why the top mover rose.
        QCOMPARE(preview->up.first().mainArchetype, int(Archetypes::R));

        // Ranks as the Priority view lists them: decayed priority descending, ties by id.
        const auto ranking = [&ids](const std::vector<double> &score) {
            std::vector<size_t> order(ids.size());
            std::iota(order.begin(), order.end(), size_t(0));
            std::sort(order.begin(), order.end(),
                [&](size_t a, size_t b) { return score[a] != score[b] ? score[a] > score[b] : ids[a] < ids[b]; });
            std::vector<int> rank(ids.size());
            for (size_t k = 0; k < order.size(); ++k)
                rank[order[k]] = int(k) + 1;
            return rank;
        };
        const std::vector<int> rankToday = ranking(today), rankProposed = ranking(proposed);
        int biggestRise = 0;
        for (size_t i = 0; i < ids.size(); ++i)
            biggestRise = std::max(biggestRise, rankToday[i] - rankProposed[i]);
        QCOMPARE(preview->up.first().rankBefore - preview->up.first().rankAfter, biggestRise);
        for (const RankMove &m : preview->up + preview->down) {
            const size_t i = size_t(std::find(ids.begin(), ids.end(), m.memoryId) - ids.begin());
            QCOMPARE(m.rankBefore, rankToday[i]);
            QCOMPARE(m.rankAfter, rankProposed[i]);
        }

        // With a top of 50, τ-b covers the union of both rankings' top 50 and nothing else.
        const Result<PriorityQueries::RankingSnapshot> snapshot = m_worker->runAndWait(
            [this, &s](Repository &r) { return PriorityQueries::rankingSnapshot(r, s.weights, m_now); });
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.errorMessage()));
        const Result<StrategyPreview> top50 = StrategyPreviewer::compare(*snapshot, 0.3, 50, 20);
        QVERIFY(top50.ok());
        std::vector<double> x, y;
        for (size_t i = 0; i < ids.size(); ++i) {
            if (rankToday[i] > 50 && rankProposed[i] > 50)
                continue;
            x.push_back(today[i]);
            y.push_back(proposed[i]);
        }
        QVERIFY(x.size() > 50); // the strategy changes who is in the top 50
        QCOMPARE(top50->compared, int(x.size()));
        QVERIFY(std::abs(top50->kendallTau - bruteTauB(x, y)) < 1e-9);
        QCOMPARE(top50->crossDown, preview->crossDown); // crossings count every memory, not only the top
    }

    void applyThenUndoRestoresEveryPriorityExactly()
    {
        m_service->setChunkSize(50); // five transactions, one batch
        const QMap<QUuid, QString> before = storedPriorities(*m_worker);
        const Result<WeightingStrategy> saved
            = m_worker->runAndWait([](Repository &r) { return StrategyStore::save(r, doubleR(), QString()); });
        QVERIFY(saved.ok());
        TaskControl control;
        const Result<QUuid> batch = m_service->apply(*saved, QString(), control);
        QVERIFY2(batch.ok(), qPrintable(batch.errorMessage()));
        const QMap<QUuid, QString> after = storedPriorities(*m_worker);
        QVERIFY(after != before);
        const qint64 changed = count(batches() + QStringLiteral(" WHERE kind = 'reweight'"));
        QVERIFY(changed > MemoryCount / 2);
        QCOMPARE(count(batches()
                     + QStringLiteral(" WHERE kind = 'reweight' AND batch_id = '%1'")
                           .arg(batch->toString(QUuid::WithoutBraces))),
            changed);
        // The stored priority is now the strategy's weighted mean (the override left alone).
        const QList<PriorityQueries::MemoryPriorities> rows
            = m_worker->runAndWait([this](Repository &r) { return PriorityQueries::memoryPriorities(r, m_ids); })
                  .value();
        for (const PriorityQueries::MemoryPriorities &m : rows) {
            const int i = int(m_ids.indexOf(m.id));
            if (unevaluated(i))
                QCOMPARE(m.stored, 0.5);
            else
                QVERIFY(std::abs(m.stored - *m.under(saved->weights)) < 1e-12);
            QCOMPARE(m.override.has_value(), overridden(i));
        }
        QList<WeightingStrategy> list = strategies();
        QVERIFY(!list[0].applied && list[1].applied);
        QCOMPARE(audits(QStringLiteral("strategy_apply")), 1); // one audit entry for the whole batch

        const Result<qint64> restored = m_service->undo(*batch, QString(), control);
        QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
        QCOMPARE(*restored, changed);
        QCOMPARE(storedPriorities(*m_worker), before); // bit for bit
        list = strategies();
        QVERIFY(list[0].applied && !list[1].applied);
        QCOMPARE(m_service->undo(*batch, QString(), control).value(), 0); // nothing left to restore
        QCOMPARE(storedPriorities(*m_worker), before);
        QCOMPARE(audits(QStringLiteral("strategy_undo")), 2);
        QCOMPARE(m_service->undo(QUuid::createUuid(), QString(), control).error().code, Error::NotFound);
    }

    void applicationsAreUndoneNewestFirst()
    {
        const QMap<QUuid, QString> original = storedPriorities(*m_worker);
        const Result<WeightingStrategy> saved
            = m_worker->runAndWait([](Repository &r) { return StrategyStore::save(r, doubleR(), QString()); });
        QVERIFY(saved.ok());
        WeightingStrategy flat;
        flat.name = QStringLiteral("Flat");
        flat.weights.fill(0.125);
        TaskControl control;
        const Result<QUuid> first = m_service->apply(*saved, QString(), control);
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        const QMap<QUuid, QString> afterFirst = storedPriorities(*m_worker);
        const Result<QUuid> second = m_service->apply(flat, QString(), control);
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        const QMap<QUuid, QString> afterSecond = storedPriorities(*m_worker);
        QVERIFY(afterSecond != afterFirst);

        const Result<qint64> outOfOrder = m_service->undo(*first, QString(), control);
        QVERIFY(!outOfOrder.ok());
        QCOMPARE(outOfOrder.error().code, Error::Conflict);
        QVERIFY2(outOfOrder.errorMessage().contains(QStringLiteral("Flat"))
                && outOfOrder.errorMessage().contains(second->toString(QUuid::WithoutBraces)),
            qPrintable(outOfOrder.errorMessage()));
        QCOMPARE(storedPriorities(*m_worker), afterSecond);

        QVERIFY(m_service->undo(*second, QString(), control).ok());
        QCOMPARE(storedPriorities(*m_worker), afterFirst);
        QVERIFY(strategies()[1].applied); // Double R again
        QVERIFY(m_service->undo(*first, QString(), control).ok());
        QCOMPARE(storedPriorities(*m_worker), original);
        QVERIFY(strategies()[0].applied);
    }

    void applyFailingPartWayKeepsWholeChunks()
    {
        m_service->setChunkSize(10);
        const QMap<QUuid, QString> before = storedPriorities(*m_worker);
        const QList<QUuid> ordered = idsInApplyOrder();
        const int stop = evaluatedAtOrAfter(ordered, 124); // in the 13th chunk of 10
        QVERIFY(stop >= 0 && stop < 130);
        // The database refuses that memory's batch row, as a full disk or a lost connection would fail the chunk
        // after it had written part of its rows.
        const QUuid stopId = ordered[stop];
        const Result<void> armed = m_worker->runAndWait([stopId](Repository &r) -> Result<void> {
            const SqlDialect &d = r.dialect();
            const bool pg = d.backend() == SqlDialect::Postgres;
            QSqlQuery q(r.database());
            const QStringList setup = pg
                ? QStringList { QStringLiteral("CREATE TABLE public.stop_at (id uuid)"),
                      QStringLiteral("CREATE FUNCTION public.stop_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                     "IF NEW.memory_id IN (SELECT id FROM public.stop_at) THEN "
                                     "RAISE EXCEPTION 'stopped by the test'; END IF; RETURN NEW; END $$"),
                      QLatin1String("CREATE TRIGGER stop_apply BEFORE INSERT ON ") + d.table(Table::MemoryBatches)
                          + QLatin1String(" FOR EACH ROW EXECUTE FUNCTION public.stop_apply()") }
                : QStringList { QStringLiteral("CREATE TEMP TABLE stop_at (id TEXT)"),
                      QStringLiteral("CREATE TEMP TRIGGER stop_apply BEFORE INSERT ON main.memory_batches "
                                     "WHEN NEW.memory_id IN (SELECT id FROM temp.stop_at) "
                                     "BEGIN SELECT RAISE(ABORT, 'stopped by the test'); END") };
            for (const QString &sql : setup)
                if (!q.exec(sql))
                    return Repository::queryError(q, sql);
            q.prepare(QLatin1String(pg ? "INSERT INTO public.stop_at VALUES (" : "INSERT INTO temp.stop_at VALUES (")
                + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1Char(')'));
            q.bindValue(QStringLiteral(":id"), d.uuid(stopId));
            if (!q.exec())
                return Repository::queryError(q, QStringLiteral("stop_at"));
            return {};
        });
        QVERIFY2(armed.ok(), qPrintable(armed.errorMessage()));

        TaskControl control;
        const Result<QUuid> applied = m_service->apply(doubleR(), QString(), control);
        QVERIFY(!applied.ok());
        QCOMPARE(applied.error().code, Error::Database);
        QVERIFY2(applied.errorMessage().contains(QStringLiteral("stopped by the test"))
                && applied.errorMessage().contains(lastBatch().toString(QUuid::WithoutBraces)),
            qPrintable(applied.errorMessage()));
        // The failing chunk left nothing, not even the batch rows it had inserted before the refused one.
        verifyWholeChunks(before, ordered, stop / 10 * 10, doubleR());
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(audits(QStringLiteral("strategy_apply")), 1);

        const Result<qint64> restored = m_service->undo(lastBatch(), QString(), control);
        QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
        QVERIFY(*restored > 0);
        QCOMPARE(storedPriorities(*m_worker), before);
    }

    // Through the task runner, as the page starts it: while one chunk waits for a row another connection holds,
    // the task reports how far it got; cancelled then, it finishes that chunk whole and starts no other.
    void cancelledApplyStopsAfterTheChunkInFlight()
    {
        if (m_backend != SqlDialect::Postgres)
            QSKIP("needs another connection holding one row's lock; SQLite locks the whole file "
                  "(applyFailingPartWayKeepsWholeChunks covers a partial batch there)");
        std::optional<PostgresSettings> direct = testPostgres();
        QVERIFY(direct);
        direct->database = QStringLiteral("sextant_strategies_test");
        TaskRunner runner;
        StrategyService service(m_worker.get(), &runner);
        service.setChunkSize(10);
        QSignalSpy changed(&service, &StrategyService::prioritiesChanged);
        const QMap<QUuid, QString> before = storedPriorities(*m_worker);
        const QList<QUuid> ordered = idsInApplyOrder();
        const int held = evaluatedAtOrAfter(ordered, 124);
        QVERIFY(held >= 0 && held < 130);
        {
            RowLock lock(*direct, ordered[held]);
            QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));
            bool answered = false;
            const quint64 task
                = service.startApply(doubleR(), QString(), this, [&](const Result<QUuid> &) { answered = true; });
            QVERIFY(task != 0);
            QTRY_VERIFY_WITH_TIMEOUT(lock.waitedFor(), 20000);
            const double reached = double(held / 10 * 10) / MemoryCount;
            QTRY_VERIFY_WITH_TIMEOUT(std::abs(runner.task(task).progress - reached) < 1e-9, 5000);
            QVERIFY(!runner.task(task).status.isEmpty());

            runner.cancel(task);
            lock.release();
            QTRY_VERIFY_WITH_TIMEOUT(!runner.task(task).isActive(), 20000);
            QCOMPARE(runner.task(task).state, TaskInfo::Cancelled);
            QVERIFY(!answered); // a cancelled task's reply is dropped...
            QTRY_VERIFY(changed.count() >= 1); // ...but the page still hears that priorities changed
        }
        verifyWholeChunks(before, ordered, (held / 10 + 1) * 10, doubleR()); // the chunk in flight, whole
        if (QTest::currentTestFailed())
            return;

        bool undone = false;
        qint64 restored = -1;
        service.startUndo(lastBatch(), QString(), this, [&](const Result<qint64> &r) {
            QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
            restored = *r;
            undone = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(undone, 20000);
        QVERIFY(restored > 0);
        QCOMPARE(storedPriorities(*m_worker), before);
        QVERIFY(runner.waitForDone(20000));
    }

    // The same for an undo: cancelled while a chunk waits, it restores that chunk whole and no other, the
    // application stays not undone, and another undo restores the rest exactly.
    void cancelledUndoLeavesTheRestToUndo()
    {
        if (m_backend != SqlDialect::Postgres)
            QSKIP("needs another connection holding one row's lock; SQLite locks the whole file");
        std::optional<PostgresSettings> direct = testPostgres();
        QVERIFY(direct);
        direct->database = QStringLiteral("sextant_strategies_test");
        TaskRunner runner;
        StrategyService service(m_worker.get(), &runner);
        service.setChunkSize(10);
        const QMap<QUuid, QString> before = storedPriorities(*m_worker);
        TaskControl control;
        const Result<QUuid> batch = service.apply(doubleR(), QString(), control);
        QVERIFY2(batch.ok(), qPrintable(batch.errorMessage()));
        const QMap<QUuid, QString> applied = storedPriorities(*m_worker);
        const QList<QUuid> rows = m_worker
                                      ->runAndWait([this, id = *batch](Repository &r) -> Result<QList<QUuid>> {
                                          QSqlQuery q(r.database());
                                          if (!q.exec(QStringLiteral("SELECT memory_id FROM %1 WHERE batch_id = '%2' "
                                                                     "ORDER BY memory_id")
                                                          .arg(batches(), id.toString(QUuid::WithoutBraces))))
                                              return Repository::queryError(q, QStringLiteral("batch rows"));
                                          QList<QUuid> ids;
                                          while (q.next())
                                              ids << r.dialect().toUuid(q.value(0));
                                          return ids;
                                      })
                                      .value();
        QVERIFY(rows.size() > 100);
        const int held = 64; // in the 7th chunk of 10
        {
            RowLock lock(*direct, rows[held]);
            QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));
            bool answered = false;
            const quint64 task
                = service.startUndo(*batch, QString(), this, [&](const Result<qint64> &) { answered = true; });
            QTRY_VERIFY_WITH_TIMEOUT(lock.waitedFor(), 20000);
            QTRY_VERIFY_WITH_TIMEOUT(std::abs(runner.task(task).progress - 60.0 / double(rows.size())) < 1e-9, 5000);
            runner.cancel(task);
            lock.release();
            QTRY_VERIFY_WITH_TIMEOUT(!runner.task(task).isActive(), 20000);
            QCOMPARE(runner.task(task).state, TaskInfo::Cancelled);
            QVERIFY(!answered);
        }
        const QMap<QUuid, QString> partly = storedPriorities(*m_worker);
        for (int k = 0; k < rows.size(); ++k)
            QCOMPARE(partly.value(rows[k]), (k < 70 ? before : applied).value(rows[k]));
        QCOMPARE(count(batches() + QStringLiteral(" WHERE restored_at IS NULL")), rows.size() - 70);
        QList<StrategyApplication> applications
            = m_worker->runAndWait([](Repository &r) { return StrategyStore::applications(r); }).value();
        QVERIFY(!applications.first().undoneAt.isValid());

        const Result<qint64> rest = service.undo(*batch, QString(), control);
        QVERIFY2(rest.ok(), qPrintable(rest.errorMessage()));
        QCOMPARE(*rest, rows.size() - 70);
        QCOMPARE(storedPriorities(*m_worker), before);
        applications = m_worker->runAndWait([](Repository &r) { return StrategyStore::applications(r); }).value();
        QVERIFY(applications.first().undoneAt.isValid());
    }

    void simulatorNeverWrites()
    {
        const QString before = stateDigest(*m_worker);
        OfflineEmbedder embedder;
        m_service->setEmbedder(&embedder);
        for (bool byMeaning : { false, true }) {
            bool answered = false;
            SimulationResult result;
            m_service->simulate(this, QStringLiteral("basil windowsill"), byMeaning, doubleR(), 30,
                [&](const Result<SimulationResult> &r) {
                    QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
                    result = *r;
                    answered = true;
                });
            QTRY_VERIFY(answered);
            QCOMPARE(result.current.size(), 30);
            QCOMPARE(result.proposed.size(), 30);
            QSet<QUuid> a, b;
            for (int k = 0; k < 30; ++k) {
                a.insert(result.current[k].memoryId);
                b.insert(result.proposed[k].memoryId);
                if (k > 0) {
                    QVERIFY(result.current[k - 1].decayed >= result.current[k].decayed);
                    QVERIFY(result.proposed[k - 1].decayed >= result.proposed[k].decayed);
                }
            }
            QCOMPARE(a, b);
            if (!byMeaning)
                for (const QUuid &id : a)
                    QCOMPARE(m_ids.indexOf(id) % 3, 0); // only the basil memories match the words
        }
        QCOMPARE(stateDigest(*m_worker), before);
        m_service->setEmbedder(nullptr);
    }

    // PostgreSQL only: a viewer may read priorities and preview, but the database refuses its apply and save.
    void viewerCannotApply()
    {
        if (m_backend != SqlDialect::Postgres)
            QSKIP("roles exist only on PostgreSQL");
        const std::optional<PostgresSettings> settings = testPostgres();
        QVERIFY(settings);
        QVERIFY(runSql(*settings,
            { QStringLiteral(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sx_strategies_viewer') THEN "
                "CREATE ROLE sx_strategies_viewer LOGIN IN ROLE sextant_viewer; END IF; END $$") }));
        PostgresSettings viewer = *settings;
        viewer.database = QStringLiteral("sextant_strategies_test");
        viewer.user = QStringLiteral("sx_strategies_viewer");
        const QString before = stateDigest(*m_worker);
        {
            DatabaseWorker worker;
            const Result<void> opened
                = worker
                      .open([viewer]() {
                          return PostgresWorkspace::open(viewer, QStringLiteral("strategies-viewer"),
                              PostgresWorkspace::Migrations::RequireCurrent);
                      })
                      .result();
            QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
            StrategyService service(&worker, nullptr);
            TaskControl control;
            const Result<StrategyPreview> preview = service.preview(doubleR(), 0.3, control);
            QVERIFY2(preview.ok(), qPrintable(preview.errorMessage()));
            const Result<QUuid> applied = service.apply(doubleR(), QString(), control);
            QVERIFY(!applied.ok());
            QCOMPARE(applied.error().code, Error::Database);
            QVERIFY2(applied.errorMessage().contains(QStringLiteral("refused")), qPrintable(applied.errorMessage()));
            const Result<WeightingStrategy> saved
                = worker.runAndWait([](Repository &r) { return StrategyStore::save(r, doubleR(), QString()); });
            QVERIFY(!saved.ok());
            QVERIFY(saved.errorMessage().contains(QStringLiteral("refused")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("strategies-viewer"));
        QCOMPARE(stateDigest(*m_worker), before);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestStrategies>(argc, argv);
}
#include "tst_strategies.moc"
