#include "map/clusterrunstore.h"
#include "support/importtestutil.h"

#include <QElapsedTimer>
#include <QJsonArray>

#include <random>

// Saved cluster runs: round trip of every field and point, listing, reuse by (parameters, data), renames,
// removal, and runs written by other tools (cluster_members rows only). SQLite and PostgreSQL.
class TestClusterRunStore : public QObject
{
    Q_OBJECT
public:
    explicit TestClusterRunStore(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;

    static ClusterRun makeRun(std::size_t n, quint64 seed = 42)
    {
        ClusterRun run;
        run.name = QStringLiteral("Memories · k-means 24");
        run.algorithm = QStringLiteral("kmeans");
        run.params = QJsonObject { { QStringLiteral("k"), 24 }, { QStringLiteral("projection"), QStringLiteral("pca") },
            { QStringLiteral("source"), QStringLiteral("memories") } };
        run.quality = QJsonObject { { QStringLiteral("silhouette"), 0.41 }, { QStringLiteral("ari"), 0.93 } };
        run.timings = QJsonObject { { QStringLiteral("kmeans"), 1.25 }, { QStringLiteral("layout"), 3.5 } };
        run.seed = seed;
        run.createdBy = QStringLiteral("operator");
        run.clusterNames = { { 0, QStringLiteral("cooking · recipes") }, { 5, QStringLiteral("sailing, \"knots\"") } };
        std::mt19937 rng { unsigned(seed) };
        std::normal_distribution<float> gauss(0.0f, 10.0f);
        for (std::size_t i = 0; i < n; ++i) {
            run.memberIds.push_back(QUuid::createUuid());
            run.clusters.push_back(i % 97 == 0 ? -1 : int(i % 24));
            run.x.push_back(gauss(rng));
            run.y.push_back(i == 1 ? -0.0f : gauss(rng));
        }
        run.dataFingerprint = ClusterRunStore::fingerprint(run.memberIds, QByteArrayLiteral("model-a"));
        return run;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_repo = openFreshWorkspace(m_backend, m_dir, QStringLiteral("clusterruns"));
        QVERIFY(m_repo);
    }
    void cleanup() { m_repo.reset(); }

    void roundTripKeepsEveryPoint()
    {
        // More than two chunks, the last one partial.
        const ClusterRun run = makeRun(2 * ClusterRunStore::ChunkPoints + 1234);
        const Result<QUuid> id = ClusterRunStore::save(*m_repo, run);
        QVERIFY2(id.ok(), qPrintable(id.errorMessage()));
        const Result<ClusterRun> loaded = ClusterRunStore::load(*m_repo, *id);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->id, *id);
        QCOMPARE(loaded->name, run.name);
        QCOMPARE(loaded->algorithm, run.algorithm);
        QCOMPARE(loaded->params, run.params);
        QCOMPARE(loaded->quality, run.quality);
        QCOMPARE(loaded->timings, run.timings);
        QCOMPARE(loaded->seed, run.seed);
        QCOMPARE(loaded->createdBy, run.createdBy);
        QVERIFY(loaded->createdAt.isValid());
        QCOMPARE(loaded->paramsHash, ClusterRunStore::paramsHash(run.params, run.seed));
        QCOMPARE(loaded->dataFingerprint, run.dataFingerprint);
        QCOMPARE(loaded->clusterNames, run.clusterNames);
        QCOMPARE(loaded->memberIds, run.memberIds);
        QCOMPARE(loaded->clusters, run.clusters);
        QCOMPARE(loaded->x, run.x); // float32 bit for bit
        QCOMPARE(loaded->y, run.y);
        QVERIFY(std::signbit(loaded->y[1]));
    }

    void hugeSeedSurvives()
    {
        ClusterRun run = makeRun(10, 0xFFFFFFFFFFFFFFF0ull);
        const Result<QUuid> id = ClusterRunStore::save(*m_repo, run);
        QVERIFY(id.ok());
        QCOMPARE(ClusterRunStore::load(*m_repo, *id)->seed, run.seed);
    }

    void mismatchedArraysAreRefused()
    {
        ClusterRun run = makeRun(10);
        run.x.pop_back();
        const Result<QUuid> id = ClusterRunStore::save(*m_repo, run);
        QVERIFY(!id.ok());
        QCOMPARE(id.error().code, Error::InvalidInput);
        QVERIFY(ClusterRunStore::list(*m_repo)->isEmpty()); // nothing half-written
    }

    void listsNewestFirst()
    {
        ClusterRun older = makeRun(100);
        older.createdAt = QDateTime(QDate(2026, 1, 1), QTime(9, 0), Qt::UTC);
        older.name = QStringLiteral("older");
        ClusterRun newer = makeRun(50);
        newer.createdAt = QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC);
        newer.name = QStringLiteral("newer");
        QVERIFY(ClusterRunStore::save(*m_repo, older).ok());
        QVERIFY(ClusterRunStore::save(*m_repo, newer).ok());
        const Result<QList<ClusterRunSummary>> runs = ClusterRunStore::list(*m_repo);
        QVERIFY2(runs.ok(), qPrintable(runs.errorMessage()));
        QCOMPARE(runs->size(), 2);
        QCOMPARE(runs->at(0).name, QStringLiteral("newer"));
        QCOMPARE(runs->at(0).pointCount, 50);
        QCOMPARE(runs->at(1).pointCount, 100);
        QCOMPARE(runs->at(1).createdAt, older.createdAt);
        QCOMPARE(runs->at(1).quality, older.quality);
    }

    void reusesARunOnlyForSameParametersAndData()
    {
        ClusterRun first = makeRun(300);
        first.createdAt = QDateTime(QDate(2026, 1, 1), QTime(9, 0), Qt::UTC);
        ClusterRun second = first; // same parameters and data, saved later
        second.id = QUuid();
        second.createdAt = first.createdAt.addDays(1);
        QVERIFY(ClusterRunStore::save(*m_repo, first).ok());
        const QUuid latest = *ClusterRunStore::save(*m_repo, second);

        const QString hash = ClusterRunStore::paramsHash(first.params, first.seed);
        Result<std::optional<QUuid>> found = ClusterRunStore::findReusable(*m_repo, hash, first.dataFingerprint);
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QCOMPARE(found->value_or(QUuid()), latest);

        // Another k, another seed, or changed data: no reuse.
        QJsonObject otherK = first.params;
        otherK.insert(QStringLiteral("k"), 25);
        QVERIFY(!ClusterRunStore::findReusable(
            *m_repo, ClusterRunStore::paramsHash(otherK, first.seed), first.dataFingerprint)
                     ->has_value());
        QVERIFY(!ClusterRunStore::findReusable(
            *m_repo, ClusterRunStore::paramsHash(first.params, 43), first.dataFingerprint)
                     ->has_value());
        std::vector<QUuid> changed = first.memberIds;
        changed.pop_back();
        QVERIFY(!ClusterRunStore::findReusable(
            *m_repo, hash, ClusterRunStore::fingerprint(changed, QByteArrayLiteral("model-a")))
                     ->has_value());
        QVERIFY(ClusterRunStore::fingerprint(first.memberIds, QByteArrayLiteral("model-b")) != first.dataFingerprint);
        // Key order in the parameters does not matter.
        QJsonObject reordered;
        reordered.insert(QStringLiteral("source"), QStringLiteral("memories"));
        reordered.insert(QStringLiteral("projection"), QStringLiteral("pca"));
        reordered.insert(QStringLiteral("k"), 24);
        QCOMPARE(ClusterRunStore::paramsHash(reordered, 42), hash);
    }

    void renamesAClusterWithTheRun()
    {
        const QUuid id = *ClusterRunStore::save(*m_repo, makeRun(40));
        QVERIFY(ClusterRunStore::renameCluster(*m_repo, id, 3, QStringLiteral("  astronomy  ")).ok());
        QVERIFY(ClusterRunStore::renameCluster(*m_repo, id, 0, QString()).ok()); // removes the name
        const QHash<int, QString> names = ClusterRunStore::load(*m_repo, id)->clusterNames;
        QCOMPARE(names.value(3), QStringLiteral("astronomy"));
        QVERIFY(!names.contains(0));
        QCOMPARE(names.value(5), QStringLiteral("sailing, \"knots\""));
        const Result<void> unknown
            = ClusterRunStore::renameCluster(*m_repo, QUuid::createUuid(), 1, QStringLiteral("x"));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, Error::NotFound);
    }

    void removeDeletesEverything()
    {
        ClusterRunStore::SaveOptions withRows;
        withRows.memberRows = true;
        const QUuid id = *ClusterRunStore::save(*m_repo, makeRun(70), withRows);
        QVERIFY(ClusterRunStore::remove(*m_repo, id).ok());
        QCOMPARE(ClusterRunStore::load(*m_repo, id).error().code, Error::NotFound);
        QSqlQuery q(m_repo->database());
        QVERIFY(q.exec(QLatin1String("SELECT count(*) FROM ") + m_repo->dialect().table(Table::ClusterMembers)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void memberRowsAreQueryableAndLoadable()
    {
        ClusterRunStore::SaveOptions withRows;
        withRows.memberRows = true;
        ClusterRun run = makeRun(120);
        const QUuid id = *ClusterRunStore::save(*m_repo, run, withRows);
        // Another tool reads cluster_members directly.
        const SqlDialect &d = m_repo->dialect();
        QSqlQuery q(m_repo->database());
        q.prepare(QStringLiteral("SELECT count(*), count(DISTINCT cluster) FROM %1 WHERE run_id = %2")
                      .arg(d.table(Table::ClusterMembers), d.placeholder(QStringLiteral("id"), SqlDialect::Uuid)));
        q.bindValue(QStringLiteral(":id"), d.uuid(id));
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toInt(), 120);
        QCOMPARE(q.value(1).toInt(), 25); // 24 clusters and noise

        // A run another tool wrote (cluster_runs + cluster_members, no packed points) loads too.
        QVERIFY(q.exec(
            QStringLiteral("DELETE FROM %1")
                .arg(d.backend() == SqlDialect::Sqlite ? QStringLiteral("cluster_run_chunks")
                                                       : d.schemas().eumas + QStringLiteral(".cluster_run_chunks"))));
        QVERIFY(q.exec(
            QStringLiteral("DELETE FROM %1")
                .arg(d.backend() == SqlDialect::Sqlite ? QStringLiteral("cluster_run_keys")
                                                       : d.schemas().eumas + QStringLiteral(".cluster_run_keys"))));
        const Result<ClusterRun> loaded = ClusterRunStore::load(*m_repo, id);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->size(), std::size_t(120));
        QCOMPARE(ClusterRunStore::list(*m_repo)->value(0).pointCount, 120);
        const auto at
            = std::find(run.memberIds.begin(), run.memberIds.end(), loaded->memberIds[7]) - run.memberIds.begin();
        QCOMPARE(loaded->clusters[7], run.clusters[std::size_t(at)]);
        QCOMPARE(loaded->x[7], run.x[std::size_t(at)]);
    }

    void millionPointsRoundTrip()
    {
        const ClusterRun run = makeRun(1000000);
        QElapsedTimer timer;
        timer.start();
        const Result<QUuid> id = ClusterRunStore::save(*m_repo, run);
        QVERIFY2(id.ok(), qPrintable(id.errorMessage()));
        const qint64 saveMs = timer.restart();
        const Result<ClusterRun> loaded = ClusterRunStore::load(*m_repo, *id);
        QVERIFY(loaded.ok());
        qInfo("1,000,000 points: save %lld ms, load %lld ms", saveMs, timer.elapsed());
        QCOMPARE(loaded->size(), run.size());
        QCOMPARE(loaded->memberIds.back(), run.memberIds.back());
        QCOMPARE(loaded->x[999999], run.x[999999]);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestClusterRunStore>(argc, argv);
}
#include "tst_clusterrunstore.moc"
