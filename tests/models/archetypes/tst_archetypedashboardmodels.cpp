// The Archetypes page's table models, each under QAbstractItemModelTester: what a row says, the raw values the
// proxies sort by, and the paging that keeps the selection (failures, priorities).
#include "archetypes/archetypechanges.h"
#include "archetypes/driftalarmmodel.h"
#include "archetypes/evaluationfailuremodel.h"
#include "archetypes/evaluationmonitormodel.h"
#include "archetypes/metricdistributionmodel.h"
#include "archetypes/priorityrowmodel.h"
#include "archetypes/rankmovemodel.h"
#include "archetypes/strategylistmodel.h"
#include "core/archetypes.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

namespace {
constexpr auto Fatal = QAbstractItemModelTester::FailureReportingMode::QtTest;

ArchetypeState state(int archetype, std::array<double, 4> metrics, double influence, const QDateTime &at)
{
    ArchetypeState s;
    s.archetype = archetype;
    s.state = metrics;
    s.influence = influence;
    s.at = at;
    return s;
}

EvaluationFailure failure(int minutesAgo)
{
    EvaluationFailure f;
    f.memoryId = QUuid::createUuid();
    f.at = QDateTime(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC).addSecs(-60 * minutesAgo);
    f.model = QStringLiteral("gpt-4o-mini");
    f.promptVersion = QStringLiteral("set-a-v2");
    f.reason = QStringLiteral("Ella-D: curiosityLevel outside [0, 1]");
    f.rawReply = QStringLiteral("{\"curiosityLevel\": 1.7}");
    f.attempts = 2;
    return f;
}

PriorityRow priorityRow(double decayed)
{
    PriorityRow r;
    r.memoryId = QUuid::createUuid();
    r.summary = QStringLiteral("memory %1").arg(decayed);
    r.stored = decayed + 0.1;
    r.decayed = decayed;
    r.contribution = { decayed / 2, decayed / 2, 0, 0, 0, 0, 0, 0 };
    return r;
}
} // namespace

class TestArchetypeDashboardModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // numbers as the assertions write them
    }

    // The small multiples' arithmetic: movement is the sum of the four metrics' absolute changes.
    void changesFindTheArchetypeThatMovedMost()
    {
        const QDateTime now(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);
        ArchetypeOverview o;
        o.windowDays = 14;
        for (int a = 0; a < Archetypes::Count; ++a) {
            o.now << state(a, { 0.5, 0.5, 0.5, 0.5 }, 0.7, now);
            o.before << state(a, { 0.5, 0.5, 0.5, 0.5 }, 0.6, now.addDays(-14));
        }
        o.now[Archetypes::R] = state(Archetypes::R, { 0.5, 0.45, 0.8, 0.5 }, 0.7, now);
        o.now[Archetypes::A] = state(Archetypes::A, { 0.6, 0.5, 0.5, 0.5 }, 0.7, now);
        o.before[Archetypes::F].at = {}; // no state from before the window
        const QList<ArchetypeChange> changes = ArchetypeChanges::fromOverview(o);
        QCOMPARE(changes.size(), 8);
        QVERIFY(qAbs(changes[Archetypes::R].movement - 0.35) < 1e-12);
        QVERIFY(!changes[Archetypes::F].hasBefore);
        QCOMPARE(ArchetypeChanges::movedMost(changes), int(Archetypes::R));
        QCOMPARE(ArchetypeChanges::largestMetricChange(changes[Archetypes::R]), 2);

        ArchetypeOverview flat = o;
        flat.now = flat.before;
        QCOMPARE(ArchetypeChanges::movedMost(ArchetypeChanges::fromOverview(flat)), -1);
    }

    void driftRowsSayTheShiftAndTheVersion()
    {
        DriftAlarmModel model;
        QAbstractItemModelTester tester(&model, Fatal);
        DriftRow strong;
        strong.archetype = Archetypes::R;
        strong.metric = 2;
        strong.model = QStringLiteral("gpt-4o-mini");
        strong.promptVersion = QStringLiteral("set-a-v2");
        strong.nBaseline = 1200;
        strong.nRecent = 300;
        strong.meanBaseline = 0.45;
        strong.meanRecent = 0.70;
        strong.meanShiftSd = 1.8;
        strong.ks = 0.52;
        strong.pValue = 1e-9;
        strong.strength = 0.936;
        strong.alarm = true;
        DriftRow weak;
        weak.archetype = Archetypes::M;
        weak.meanShiftSd = -0.1;
        weak.ks = 0.03;
        weak.pValue = 0.4;
        model.setRows({ strong, weak });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.alarmCount(), 1);
        QCOMPARE(model.index(0, DriftAlarmModel::Version).data().toString(),
            QStringLiteral("gpt-4o-mini · prompt set-a-v2"));
        QCOMPARE(model.index(1, DriftAlarmModel::Version).data().toString(), QStringLiteral("all versions"));
        QCOMPARE(model.index(0, DriftAlarmModel::MeanShift).data().toString(), QStringLiteral("+1.80 SD"));
        QCOMPARE(model.index(1, DriftAlarmModel::MeanShift).data().toString(), QStringLiteral("\u22120.10 SD"));
        QCOMPARE(model.index(0, DriftAlarmModel::PValue).data().toString(), QStringLiteral("< 0.001"));
        QCOMPARE(model.index(0, DriftAlarmModel::Baseline).data().toString(), QStringLiteral("0.45 (n 1,200)"));
        QCOMPARE(model.index(0, DriftAlarmModel::Strength).data(DriftAlarmModel::SortRole).toDouble(), 0.936);
        QVERIFY(model.index(0, 0).data(DriftAlarmModel::AlarmRole).toBool());
        QVERIFY(!model.index(1, 0).data(DriftAlarmModel::AlarmRole).toBool());
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    // A longer page that starts with the rows shown appends its tail (the selection survives); asking for more
    // happens once until the answer comes, and a short answer ends the paging.
    void failuresPageOn()
    {
        EvaluationFailureModel model;
        QAbstractItemModelTester tester(&model, Fatal);
        QSignalSpy wanted(&model, &EvaluationFailureModel::moreWanted);
        QList<EvaluationFailure> page;
        for (int i = 0; i < 3; ++i)
            page << failure(i);
        model.setRows(page, 3);
        QCOMPARE(model.rowCount(), 3);
        if (wanted.isEmpty()) // the tester may have asked already, as a view does when it scrolls to the end
            model.fetchMore({});
        QVERIFY(!model.canFetchMore({})); // one request at a time
        model.fetchMore({});
        QCOMPARE(wanted.count(), 1);
        QCOMPARE(wanted.first().first().toInt(), 3 + EvaluationFailureModel::PageSize);
        QList<EvaluationFailure> longer = page;
        longer << failure(10);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const int resets = reset.count();
        model.setRows(longer, 3 + EvaluationFailureModel::PageSize);
        QCOMPARE(reset.count(), resets);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.index(3, EvaluationFailureModel::Attempts).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(0, 0).data(EvaluationFailureModel::RawReplyRole).toString(), page.first().rawReply);
        QCOMPARE(model.index(0, 0).data(EvaluationFailureModel::MemoryIdRole).toUuid(), page.first().memoryId);
        QCOMPARE(model.index(0, EvaluationFailureModel::Memory).data().toString(),
            page.first().memoryId.toString(QUuid::WithoutBraces).left(8));

        model.setRows({ failure(20) }, EvaluationFailureModel::PageSize); // another archetype: a new list
        QCOMPARE(reset.count(), resets + 1);
        QCOMPARE(model.rowCount(), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void monitorCountsAndTotals()
    {
        EvaluationMonitorModel model;
        QAbstractItemModelTester tester(&model, Fatal);
        // Per version, and each archetype's total (neither model nor version), as the service lists them.
        EvaluationMonitorRow mV1 { Archetypes::M, QStringLiteral("gpt-4o-mini"), QStringLiteral("set-a-v1"), 1200, 0,
            0 };
        EvaluationMonitorRow mAll { Archetypes::M, QString(), QString(), 1200, 5, 0 };
        EvaluationMonitorRow dV2 { Archetypes::D, QStringLiteral("gpt-4o-mini"), QStringLiteral("set-a-v2"), 300, 0,
            3 };
        EvaluationMonitorRow dAll { Archetypes::D, QString(), QString(), 300, 40, 3 };
        model.setRows({ mAll, mV1, dAll, dV2 });
        QCOMPARE(model.total(EvaluationMonitorModel::Evaluated), 1500); // not 3000: no row counted twice
        QCOMPARE(model.total(EvaluationMonitorModel::Pending), 45);
        QCOMPARE(model.total(EvaluationMonitorModel::Failed), 3);
        QCOMPARE(model.index(1, EvaluationMonitorModel::Evaluated).data().toString(), QStringLiteral("1,200"));
        QCOMPARE(model.index(2, EvaluationMonitorModel::Archetype).data().toString(), Archetypes::name(Archetypes::D));
        QCOMPARE(model.index(0, EvaluationMonitorModel::Model).data().toString(), QStringLiteral("all models"));
        QCOMPARE(model.index(3, EvaluationMonitorModel::PromptVersion).data().toString(), QStringLiteral("set-a-v2"));
        QVERIFY(model.index(0, 0).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(model.index(3, 0).data(EvaluationMonitorModel::ArchetypeRole).toInt(), int(Archetypes::D));
        QCOMPARE(model.index(1, EvaluationMonitorModel::Evaluated).data(EvaluationMonitorModel::SortRole).toLongLong(),
            1200);
    }

    void distributionsPointOutSaturation()
    {
        MetricDistributionModel model;
        QAbstractItemModelTester tester(&model, Fatal);
        MetricDistribution fine;
        fine.archetype = Archetypes::X;
        fine.metric = 0;
        fine.n = 10;
        fine.median = 0.5;
        fine.shareAtBounds = 0.1;
        MetricDistribution saturating = fine;
        saturating.metric = 3;
        saturating.shareAtBounds = 0.72;
        saturating.saturating = true;
        MetricDistribution empty;
        empty.archetype = Archetypes::X;
        empty.metric = ArchetypeMetrics::Confidence;
        model.setRows({ fine, saturating, empty });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(1, MetricDistributionModel::AtBounds).data().toString(), QStringLiteral("72 %"));
        QVERIFY(!model.index(1, MetricDistributionModel::Note).data().toString().isEmpty());
        QVERIFY(model.index(0, MetricDistributionModel::Note).data().toString().isEmpty());
        QCOMPARE(model.index(2, MetricDistributionModel::Median).data().toString(),
            QStringLiteral("–")); // no values: no zeros
        QCOMPARE(model.index(2, MetricDistributionModel::Metric).data().toString(), QStringLiteral("Confidence"));
        QVERIFY(model.index(1, 0).data(MetricDistributionModel::SaturatingRole).toBool());
        const QStringList sentences = model.saturationSentences();
        QCOMPARE(sentences.size(), 1);
        QVERIFY2(sentences.first().contains(QStringLiteral("72 %")), qPrintable(sentences.first()));
        QVERIFY(sentences.first().contains(Archetypes::name(Archetypes::X)));
    }

    void prioritiesPageAndCarryContributions()
    {
        PriorityRowModel model;
        QAbstractItemModelTester tester(&model, Fatal);
        QSignalSpy wanted(&model, &PriorityRowModel::moreWanted);
        QList<PriorityRow> rows;
        for (int i = 0; i < 2; ++i)
            rows << priorityRow(0.9 - 0.1 * i);
        model.setRows(rows, 2);
        if (wanted.isEmpty())
            model.fetchMore({});
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(wanted.count(), 1);
        QList<PriorityRow> longer = rows;
        longer << priorityRow(0.5);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setRows(longer, 2 + PriorityRowModel::PageSize);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.index(2, PriorityRowModel::Rank).data().toString(), QStringLiteral("3"));
        QCOMPARE(model.index(0, PriorityRowModel::Decayed).data().toString(), QStringLiteral("0.900"));
        const QVariantList contribution
            = model.index(0, PriorityRowModel::Contribution).data(PriorityRowModel::ContributionRole).toList();
        QCOMPARE(contribution.size(), 8);
        QCOMPARE(contribution.at(0).toDouble(), 0.45);
        QCOMPARE(model.index(0, PriorityRowModel::Contribution).data(PriorityRowModel::SortRole).toDouble(), 0.9);
        QVERIFY(model.index(0, PriorityRowModel::Contribution)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(Archetypes::name(0)));

        PriorityRow kept = priorityRow(0.3);
        kept.core = true;
        model.setRows({ kept }); // a complete list: never pages
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.index(0, PriorityRowModel::Kind).data().toString(), QStringLiteral("core"));
    }

    void rankMovesSayWhy()
    {
        RankMoveModel model;
        QAbstractItemModelTester tester(&model, Fatal);
        RankMove up { QUuid::createUuid(), QStringLiteral("A curious question"), 840, 12, 0.31, 0.58, Archetypes::R };
        model.setMoves({ up });
        QCOMPARE(model.index(0, RankMoveModel::Ranks).data().toString(), QStringLiteral("840 → 12"));
        QCOMPARE(model.index(0, RankMoveModel::Priorities).data().toString(), QStringLiteral("0.310 → 0.580"));
        QCOMPARE(model.index(0, RankMoveModel::Why).data().toString(), Archetypes::name(Archetypes::R));
        QCOMPARE(model.index(0, RankMoveModel::Ranks).data(RankMoveModel::SortRole).toInt(), 828);
        QCOMPARE(model.index(0, 0).data(RankMoveModel::ArchetypeRole).toInt(), int(Archetypes::R));
    }

    void strategiesListTheirWeights()
    {
        StrategyListModel model;
        QAbstractItemModelTester tester(&model, Fatal);
        const WeightingStrategy builtIn = WeightingStrategy::defaultStrategy();
        WeightingStrategy doubled = builtIn;
        doubled.id = QUuid::createUuid();
        doubled.builtIn = false;
        doubled.name = QStringLiteral("Ella-R doubled");
        doubled.weights[Archetypes::R] = 0.16;
        doubled.weights[Archetypes::M] = 0.12;
        doubled.applied = true;
        doubled.createdBy = QStringLiteral("ops");
        doubled.createdAt = QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC);
        model.setStrategies({ builtIn, doubled });
        QCOMPARE(model.rowOf(doubled.id), 1);
        QCOMPARE(model.rowOf({}, builtIn.name), 0);
        QCOMPARE(model.rowOf(QUuid::createUuid()), -1);
        QCOMPARE(StrategyListModel::weightsText(builtIn.weights),
            QStringLiteral("M .20 · O .18 · D .16 · X .18 · H .10 · R .08 · A .06 · F .04"));
        QCOMPARE(model.index(1, StrategyListModel::Applied).data().toString(), QStringLiteral("applied"));
        QVERIFY(model.index(0, StrategyListModel::Applied).data().toString().isEmpty());
        QVERIFY(model.index(0, StrategyListModel::Name).data().toString().contains(builtIn.name));
        QCOMPARE(model.index(1, 0).data(StrategyListModel::IdRole).toUuid(), doubled.id);
        QCOMPARE(model.index(1, StrategyListModel::Name).data(Qt::ToolTipRole).toString(),
            StrategyListModel::weightsText(doubled.weights));
    }
};

QTEST_GUILESS_MAIN(TestArchetypeDashboardModels)
#include "tst_archetypedashboardmodels.moc"
