#include "db/databaseworker.h"
#include "map/mapdata.h"
#include "map/mapservice.h"
#include "support/testutil.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QRegularExpression>
#include <QSemaphore>

#include <QSqlQuery>
#include <QTest>

// MapService, the map page's requests without the page: a run computes, saves and reuses; a saved run
// reopens with the same points; the write-backs land in the workspace; cancelling stops the run with
// nothing saved. Runs through a DatabaseWorker with both lanes, as the application does.
class TestMapService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    DatabaseWorker m_worker;
    QHash<QUuid, int> m_direction; // memory → the axis its embedding points along
    const QString SharedPrompt = QStringLiteral("Please tell me honestly about your favourite weekend routine.");
    const QList<QStringList> m_replyWords {
        { QStringLiteral("sourdough"), QStringLiteral("oven"), QStringLiteral("flour"), QStringLiteral("crust"),
            QStringLiteral("yeast"), QStringLiteral("knead"), QStringLiteral("loaf"), QStringLiteral("starter") },
        { QStringLiteral("glacier"), QStringLiteral("summit"), QStringLiteral("crampons"), QStringLiteral("ridge"),
            QStringLiteral("altitude"), QStringLiteral("rope"), QStringLiteral("avalanche"),
            QStringLiteral("basecamp") },
        { QStringLiteral("violin"), QStringLiteral("rehearsal"), QStringLiteral("orchestra"),
            QStringLiteral("concerto"), QStringLiteral("bow"), QStringLiteral("tuning"), QStringLiteral("conductor"),
            QStringLiteral("score") },
    };

    MapParams params() const
    {
        MapParams p;
        p.source = MapSource::Memories;
        p.projection = MapProjection::Pca;
        p.clustering = MapClustering::KMeans;
        p.k = 3;
        p.seed = 7;
        return p;
    }

    qint64 count(const QString &sql)
    {
        Result<qint64> n = m_worker
                               .run([sql](Repository &r) -> Result<qint64> {
                                   QSqlQuery q(r.database());
                                   if (!q.exec(sql) || !q.next())
                                       return makeError(Error::Database, sql);
                                   return q.value(0).toLongLong();
                               })
                               .result();
        return n ? *n : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("map.sqlite"));
        QVERIFY(m_worker
                    .open([path] { return SqliteWorkspace::open(path, QStringLiteral("map-ui")); },
                        [path] { return SqliteWorkspace::open(path, QStringLiteral("map-bg")); })
                    .result());
        // Three groups of memories along three directions: k = 3 must find them. As in a data set made by
        // one tool, every memory holds the same prompt and no summary; the replies tell the groups apart.
        QList<Memory> memories;
        const QDateTime base = QDateTime(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC);
        for (int i = 0; i < 90; ++i) {
            Memory m = sampleMemory(i, base.addSecs(i * 60));
            const QStringList &words = m_replyWords[i % 3];
            m.userPrompt = SharedPrompt;
            m.summary.clear();
            m.agentReply = QStringLiteral("Mostly %1 and %2.").arg(words[(i / 3) % 8], words[(i / 3 + 3) % 8]);
            m.embedding = Embedding(EmbeddingDimensions, 0.0f);
            m.embedding[i % 3] = 1.0f;
            m.embedding[3 + i] = 0.05f;
            memories << m;
            m_direction.insert(m.id, i % 3);
        }
        QVERIFY(m_worker.run([memories](Repository &r) { return r.insertMemories(memories); }).result());
    }

    void runSavesAndAReRunReusesIt()
    {
        const MapService service(&m_worker);
        TaskControl control;
        Result<MapResult> first = service.run(params(), QStringLiteral("tester"), control);
        QVERIFY2(first, qPrintable(first.errorMessage()));
        QCOMPARE(first->run.size(), std::size_t(90));
        QVERIFY(!first->reused);
        QVERIFY(!first->run.id.isNull());
        QCOMPARE(first->infos.size(), std::size_t(3));
        // The three directions are the three clusters: one cluster per direction, one direction per cluster.
        QHash<int, int> directionOfCluster;
        for (std::size_t p = 0; p < first->run.size(); ++p) {
            const int direction = m_direction.value(first->run.memberIds[p], -1);
            QVERIFY(direction >= 0);
            const int cluster = first->run.clusters[p];
            QCOMPARE(directionOfCluster.value(cluster, direction), direction);
            directionOfCluster.insert(cluster, direction);
        }
        QCOMPARE(directionOfCluster.size(), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM cluster_members")), 90); // written with the run

        TaskControl again;
        Result<MapResult> second = service.run(params(), QStringLiteral("tester"), again);
        QVERIFY2(second, qPrintable(second.errorMessage()));
        QVERIFY(second->reused);
        QCOMPARE(second->run.id, first->run.id);
        QCOMPARE(second->run.x, first->run.x);
        QCOMPARE(second->run.clusters, first->run.clusters);
    }

    void labelsComeFromTheRepliesNotTheSharedPrompt()
    {
        const MapService service(&m_worker);
        TaskControl control;
        Result<MapResult> made = service.run(params(), QStringLiteral("tester"), control);
        QVERIFY2(made, qPrintable(made.errorMessage()));
        const QStringList promptWords = SharedPrompt.toLower().split(QRegularExpression(QStringLiteral("\\W+")));
        QCOMPARE(made->infos.size(), std::size_t(3));
        for (const MapClusterInfo &info : made->infos) {
            const QString name = made->run.clusterNames.value(info.cluster);
            qInfo("cluster %d: %s", info.cluster, qPrintable(name));
            QVERIFY(!info.keywords.isEmpty());
            // Every keyword is a word of the replies of the cluster's own group, none of the prompt.
            const int direction
                = m_direction.value(made->run.memberIds[std::size_t(std::distance(made->run.clusters.begin(),
                    std::find(made->run.clusters.begin(), made->run.clusters.end(), info.cluster)))]);
            for (const QString &word : info.keywords) {
                QVERIFY2(!promptWords.contains(word), qPrintable(name));
                QVERIFY2(m_replyWords[direction].contains(word), qPrintable(word));
            }
        }
    }

    void changingKKeepsThePointsInPlace()
    {
        // The neighbour layout starts from a clustering of its own, so it does not move with k; a second
        // run that differs only in k takes the first one's x/y from the saved run.
        const MapService service(&m_worker);
        MapParams six = params();
        six.projection = MapProjection::NeighbourLayout;
        six.k = 6;
        MapParams ten = six;
        ten.k = 10;
        TaskControl first, second;
        Result<MapResult> a = service.run(six, QStringLiteral("tester"), first);
        QVERIFY2(a, qPrintable(a.errorMessage()));
        QCOMPARE(a->run.quality.value(QStringLiteral("projectionUsed")).toString(), QStringLiteral("neighbourLayout"));
        Result<MapResult> b = service.run(ten, QStringLiteral("tester"), second);
        QVERIFY2(b, qPrintable(b.errorMessage()));
        QVERIFY(!b->reused);
        QVERIFY(b->run.id != a->run.id);
        QCOMPARE(b->run.quality.value(QStringLiteral("projectionUsed")).toString(), QStringLiteral("reused"));
        QCOMPARE(b->run.quality.value(QStringLiteral("k")).toInt(), 10);
        QCOMPARE(a->run.quality.value(QStringLiteral("k")).toInt(), 6);
        QCOMPARE(b->run.memberIds, a->run.memberIds);
        QCOMPARE(b->run.x, a->run.x);
        QCOMPARE(b->run.y, a->run.y);

        // Without a saved run to lend it, the layout is the same for both k too.
        Result<MapVectors> vectors = m_worker.runAndWait([six](Repository &r) { return MapData::vectors(r, six); });
        QVERIFY(vectors);
        Result<ClusterRun> fresh6 = MapPipeline::run(vectors->vectors, vectors->ids, {}, six);
        Result<ClusterRun> fresh10 = MapPipeline::run(vectors->vectors, vectors->ids, {}, ten);
        QVERIFY(fresh6 && fresh10);
        QCOMPARE(fresh10->x, fresh6->x);
        QCOMPARE(fresh10->y, fresh6->y);
        QCOMPARE(fresh6->x, a->run.x);

        // Any clustering shares the projection: automatic k and density clustering too; another seed does not.
        MapParams automatic = six, density = six, seeded = six;
        automatic.clustering = MapClustering::KMeansAuto;
        density.clustering = MapClustering::Density;
        seeded.seed = 8;
        QCOMPARE(MapPipeline::projectionKey(automatic), MapPipeline::projectionKey(six));
        QCOMPARE(MapPipeline::projectionKey(density), MapPipeline::projectionKey(six));
        QVERIFY(MapPipeline::projectionKey(seeded) != MapPipeline::projectionKey(six));

        // Another projection (PCA) is never handed the neighbour layout.
        MapParams pca = ten;
        pca.projection = MapProjection::Pca;
        TaskControl third;
        Result<MapResult> c = service.run(pca, QStringLiteral("tester"), third);
        QVERIFY(c);
        QVERIFY(c->run.x != a->run.x);
    }

    void aSavedRunReopensAndIsListed()
    {
        const MapService service(&m_worker);
        TaskControl control;
        Result<MapResult> made = service.run(params(), QStringLiteral("tester"), control);
        QVERIFY(made);
        TaskControl opening;
        Result<MapResult> opened = service.open(made->run.id, opening);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        QCOMPARE(opened->run.memberIds, made->run.memberIds);
        QCOMPARE(opened->run.y, made->run.y);

        QList<ClusterRunSummary> listed;
        bool answered = false;
        service.listRuns(this, [&](const Result<QList<ClusterRunSummary>> &runs) {
            answered = true;
            if (runs)
                listed = *runs;
        });
        QTRY_VERIFY(answered);
        QVERIFY(std::any_of(
            listed.begin(), listed.end(), [&](const ClusterRunSummary &s) { return s.id == made->run.id; }));

        bool renamed = false;
        service.renameCluster(this, made->run.id, 0, QStringLiteral("First group"),
            [&](const Result<void> &done) { renamed = done.ok(); });
        QTRY_VERIFY(renamed);
        Result<ClusterRun> reloaded = service.load(made->run.id);
        QVERIFY(reloaded);
        QCOMPARE(reloaded->clusterNames.value(0), QStringLiteral("First group"));
    }

    void writeBacksLandInTheWorkspace()
    {
        const MapService service(&m_worker);
        TaskControl control;
        Result<MapResult> made = service.run(params(), QStringLiteral("tester"), control);
        QVERIFY(made);
        TaskControl writing;
        Result<qint64> links = service.writeSemanticLinks(made->run, writing);
        QVERIFY2(links, qPrintable(links.errorMessage()));
        QVERIFY(*links > 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM links WHERE link_type = 'semantic_cluster'")), *links);
    }

    void aCancelledRunSavesNothing()
    {
        const MapService service(&m_worker);
        const qint64 before = count(QStringLiteral("SELECT count(*) FROM cluster_runs"));
        MapParams other = params();
        other.k = 2; // not a saved run: it must compute
        // Cancelled the way the Tasks panel does it: through the runner, while the job is under way.
        TaskRunner runner;
        QSemaphore started, proceed;
        std::atomic<int> code { -1 };
        const quint64 id = runner.run(
            QStringLiteral("map"), QString(),
            [&, service, other](TaskControl &control) -> Result<void> {
                started.release();
                proceed.acquire();
                Result<MapResult> run = service.run(other, QStringLiteral("tester"), control);
                code = run ? 0 : int(run.error().code);
                return {};
            },
            this, [](Result<void>) {});
        started.acquire();
        runner.cancel(id);
        proceed.release();
        QVERIFY(runner.waitForDone(30000));
        QCOMPARE(code.load(), int(Error::Cancelled));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM cluster_runs")), before);
    }
};

QTEST_GUILESS_MAIN(TestMapService)
#include "tst_mapservice.moc"
