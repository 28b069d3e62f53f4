// ClusterListModel: the list beside the map. Rows come largest first with noise last, each cell shows what
// the operator reads (name, size, cohesion, archetype means), a rename goes to the owner before it shows, and
// every change passes QAbstractItemModelTester.
#include "map/clusterlistmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

class TestClusterListModel : public QObject
{
    Q_OBJECT

    static MapClusterInfo info(int cluster, qint64 size, QStringList keywords, double cohesion)
    {
        MapClusterInfo i;
        i.cluster = cluster;
        i.size = size;
        i.keywords = std::move(keywords);
        i.cohesion = cohesion;
        return i;
    }

    // Three clusters given smallest first; cluster 7 carries a stored name.
    static void fill(ClusterListModel &model)
    {
        model.setClusters(
            { info(3, 20,
                  { QStringLiteral("tide"), QStringLiteral("sail"), QStringLiteral("knot"), QStringLiteral("hull") },
                  0.5),
                info(7, 1500, { QStringLiteral("comet"), QStringLiteral("orbit") }, 0.8126),
                info(5, 300, { QStringLiteral("basil") }, 0.25) },
            { { 7, QStringLiteral("Astronomy") } }, 42);
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void rowsAreLargestFirstWithNoiseLast()
    {
        ClusterListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        fill(model);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(ClusterListModel::ColumnCount));
        QCOMPARE(model.clusterAt(0), 7);
        QCOMPARE(model.clusterAt(1), 5);
        QCOMPARE(model.clusterAt(2), 3);
        QCOMPARE(model.clusterAt(3), -1);
        QCOMPARE(model.clusterAt(4), -2); // past the end
        QCOMPARE(model.rowOf(3), 2);
        QCOMPARE(model.rowOf(99), -1);
        QCOMPARE(model.index(2, 0).data(ClusterListModel::ClusterRole).toInt(), 3);

        // Name: the stored name, else the top three keywords; noise has its own.
        QCOMPARE(model.index(0, ClusterListModel::Name).data().toString(), QStringLiteral("Astronomy"));
        QCOMPARE(model.index(2, ClusterListModel::Name).data().toString(), QStringLiteral("tide · sail · knot"));
        QCOMPARE(model.index(3, ClusterListModel::Name).data().toString(), QStringLiteral("Noise (no cluster)"));
        QCOMPARE(model.nameOf(5), QStringLiteral("basil"));
        // Size: grouped digits to read, the number to sort and edit.
        QCOMPARE(model.index(0, ClusterListModel::Size).data().toString(), QStringLiteral("1,500"));
        QCOMPARE(model.index(0, ClusterListModel::Size).data(Qt::EditRole).toLongLong(), 1500);
        QCOMPARE(model.index(3, ClusterListModel::Size).data().toString(), QStringLiteral("42"));
        // Cohesion to three decimals; noise has none.
        QCOMPARE(model.index(0, ClusterListModel::Cohesion).data().toString(), QStringLiteral("0.813"));
        QCOMPARE(model.index(1, ClusterListModel::Cohesion).data().toString(), QStringLiteral("0.250"));
        QVERIFY(model.index(3, ClusterListModel::Cohesion).data().toString().isEmpty());
        QCOMPARE(model.index(1, ClusterListModel::Size).data(Qt::TextAlignmentRole).toInt(),
            int(Qt::AlignRight | Qt::AlignVCenter));
        const QString tip = model.index(2, ClusterListModel::Name).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QLatin1String("Cluster 3")) && tip.contains(QLatin1String("tide, sail, knot, hull")),
            qPrintable(tip));
        QCOMPARE(model.headerData(ClusterListModel::Size, Qt::Horizontal).toString(), QStringLiteral("Size"));

        // Without metrics the archetype column is empty; without colours there is no swatch.
        QVERIFY(!model.index(0, ClusterListModel::ArchetypeMeans).data(ClusterListModel::MeansRole).isValid());
        QVERIFY(!model.index(0, ClusterListModel::Name).data(Qt::DecorationRole).isValid());

        // A new run replaces the rows; no noise row when nothing is noise.
        model.setClusters({ info(1, 10, { QStringLiteral("one") }, 0.9) }, {}, 0);
        QCOMPARE(reset.count(), 2);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ClusterListModel::Name).data().toString(), QStringLiteral("one"));
        model.setClusters({}, {}, 0);
        QCOMPARE(model.rowCount(), 0);
    }

    void coloursAndArchetypeMeansReachTheCells()
    {
        ClusterListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fill(model);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setColors([](int cluster) { return cluster < 0 ? qRgb(128, 128, 128) : qRgb(cluster * 30, 0, 0); });
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, ClusterListModel::Name).data(Qt::DecorationRole).value<QColor>(), QColor(210, 0, 0));
        QCOMPARE(
            model.index(3, ClusterListModel::Name).data(Qt::DecorationRole).value<QColor>(), QColor(128, 128, 128));

        // Points: two in cluster 7, one in cluster 5, one noise, one in a cluster the list does not have.
        const std::vector<int> clusters { 7, 7, 5, -1, 99 };
        std::vector<float> metrics(clusters.size() * Archetypes::MetricCount, std::nanf(""));
        const auto set = [&](std::size_t point, int metric, float value) {
            metrics[point * Archetypes::MetricCount + std::size_t(metric)] = value;
        };
        // Archetype 0's four metrics: cluster 7 means 0.2 / 0.4 (from 0.1+0.3 and 0.4), cluster 5 one metric.
        set(0, 0, 0.1f);
        set(1, 0, 0.3f);
        set(0, 1, 0.4f);
        set(2, 2, 0.9f);
        set(4, 0, 1.0f); // ignored: no such row
        model.setArchetypeMetrics(clusters, metrics);
        QCOMPARE(changed.count(), 2);

        const QVariantList means7
            = model.index(0, ClusterListModel::ArchetypeMeans).data(ClusterListModel::MeansRole).toList();
        QCOMPARE(means7.size(), Archetypes::Count);
        QVERIFY(std::abs(means7[0].toDouble() - 0.3) < 1e-6); // mean of the metric means 0.2 and 0.4
        QVERIFY(std::isnan(means7[1].toDouble())); // no evaluation of archetype 1
        const QVariantList means5
            = model.index(1, ClusterListModel::ArchetypeMeans).data(ClusterListModel::MeansRole).toList();
        QVERIFY(std::abs(means5[0].toDouble() - 0.9) < 1e-6);
        // Clusters (and noise) without any metric show nothing rather than zeros.
        QVERIFY(!model.index(2, ClusterListModel::ArchetypeMeans).data(ClusterListModel::MeansRole).isValid());
        QVERIFY(!model.index(3, ClusterListModel::ArchetypeMeans).data(ClusterListModel::MeansRole).isValid());
        const QString tip = model.index(0, ClusterListModel::ArchetypeMeans).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(Archetypes::name(0) + QLatin1String(": 0.30")), qPrintable(tip));
        QVERIFY2(tip.contains(Archetypes::name(1) + QLatin1String(": no evaluations")), qPrintable(tip));

        // Metrics of the wrong shape are refused and change nothing.
        model.setArchetypeMetrics(clusters, std::vector<float>(3, 0.5f));
        QCOMPARE(changed.count(), 2);
    }

    void renameGoesToTheOwnerFirst()
    {
        ClusterListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fill(model);
        QSignalSpy requested(&model, &ClusterListModel::renameRequested);
        const QModelIndex name = model.index(1, ClusterListModel::Name);
        QVERIFY(model.flags(name) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(3, ClusterListModel::Name)) & Qt::ItemIsEditable)); // noise
        QVERIFY(!(model.flags(model.index(1, ClusterListModel::Size)) & Qt::ItemIsEditable));

        // setData asks; the cell keeps its text until the owner has stored the name.
        QVERIFY(!model.setData(name, QStringLiteral("  Herbs  ")));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().at(0).toInt(), 5);
        QCOMPARE(requested.first().at(1).toString(), QStringLiteral("Herbs"));
        QCOMPARE(name.data().toString(), QStringLiteral("basil"));
        model.setName(5, QStringLiteral("Herbs"));
        QCOMPARE(name.data().toString(), QStringLiteral("Herbs"));

        // Typing the keywords back (or nothing) asks to drop the stored name.
        QVERIFY(!model.setData(name, QStringLiteral("basil")));
        QCOMPARE(requested.last().at(1).toString(), QString());
        model.setName(5, QString());
        QCOMPARE(name.data().toString(), QStringLiteral("basil"));

        // Noise cannot be renamed, and a name for a cluster not listed changes nothing.
        QVERIFY(!model.setData(model.index(3, ClusterListModel::Name), QStringLiteral("x")));
        QCOMPARE(requested.count(), 2);
        model.setName(99, QStringLiteral("nowhere"));
        QCOMPARE(model.nameOf(99), QString());
    }
};

QTEST_GUILESS_MAIN(TestClusterListModel)
#include "tst_clusterlistmodel.moc"
