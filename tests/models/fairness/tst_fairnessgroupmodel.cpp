#include "fairness/fairnessgroupmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>

// The group table as an auditor reads it: a suppressed group shows no figure at all (not its rate, not its
// exact n), a flagged group says so, and sorting by a number keeps suppressed groups out of the numbers.
class TestFairnessGroupModel : public QObject
{
    Q_OBJECT
private:
    static FairnessReport sampleReport()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        FairnessReport report;
        report.request.attributes = { QStringLiteral("age_band") };
        report.request.minGroupSize = 30;
        report.referenceGroup = QStringLiteral("30-44");
        GroupOutcome reference;
        reference.group = QStringLiteral("30-44");
        reference.n = 200;
        reference.selected = 162;
        reference.isReference = true;
        reference.rate = 0.81;
        reference.rateLow = 0.75;
        reference.rateHigh = 0.86;
        reference.impactRatio = reference.impactLow = reference.impactHigh = 1.0;
        GroupOutcome older;
        older.group = QStringLiteral("60+");
        older.n = 100;
        older.selected = 42;
        older.rate = 0.42;
        older.rateLow = 0.33;
        older.rateHigh = 0.52;
        older.impactRatio = 0.5185;
        older.impactLow = 0.41;
        older.impactHigh = 0.66;
        older.fourFifthsFlag = true;
        older.parityDifference = -0.39;
        older.pValue = 1e-9;
        older.pAdjusted = 2e-9;
        older.test = QStringLiteral("chi2");
        GroupOutcome small;
        small.group = QStringLiteral("18-24");
        small.n = 29; // one below the minimum: suppressed
        small.selected = -1;
        small.suppressed = true;
        small.rate = small.rateLow = small.rateHigh = nan;
        small.impactRatio = small.impactLow = small.impactHigh = nan;
        small.parityDifference = small.pValue = small.pAdjusted = nan;
        report.groups = { reference, older, small };
        return report;
    }

private Q_SLOTS:
    void showsGroupsAndSuppressesSmallOnes()
    {
        FairnessGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setReport(sampleReport());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(FairnessGroupModel::ColumnCount));

        QCOMPARE(model.index(0, FairnessGroupModel::Group).data().toString(), QStringLiteral("30-44 (reference)"));
        QVERIFY(model.index(0, 0).data(FairnessGroupModel::ReferenceRole).toBool());
        QCOMPARE(model.index(0, FairnessGroupModel::FourFifths).data().toString(), QStringLiteral("reference"));

        QCOMPARE(model.index(1, FairnessGroupModel::Count).data().toString(), QStringLiteral("100"));
        QCOMPARE(model.index(1, FairnessGroupModel::Rate).data().toString(), QStringLiteral("0.42 (0.33–0.52)"));
        QCOMPARE(model.index(1, FairnessGroupModel::ImpactRatio).data().toString(), QStringLiteral("0.52 (0.41–0.66)"));
        QCOMPARE(model.index(1, FairnessGroupModel::FourFifths).data().toString(), QStringLiteral("below four-fifths"));
        QVERIFY(model.index(1, 0).data(FairnessGroupModel::FlaggedRole).toBool());
        QCOMPARE(model.index(1, FairnessGroupModel::ParityDifference).data().toString(), QStringLiteral("−0.39"));
        QCOMPARE(model.index(1, FairnessGroupModel::PAdjusted).data().toString(), QStringLiteral("< 0.001"));

        // The suppressed group: its name and why, and no number anywhere in its row.
        QCOMPARE(model.index(2, FairnessGroupModel::Rate).data().toString(), QStringLiteral("suppressed (n < 30)"));
        QCOMPARE(model.index(2, FairnessGroupModel::Count).data().toString(), QStringLiteral("< 30"));
        QVERIFY(model.index(2, 0).data(FairnessGroupModel::SuppressedRole).toBool());
        QVERIFY(!model.index(2, 0).data(FairnessGroupModel::FlaggedRole).toBool());
        for (int column = FairnessGroupModel::Selected; column < FairnessGroupModel::ColumnCount; ++column) {
            if (column == FairnessGroupModel::Rate)
                continue;
            QVERIFY2(model.index(2, column).data().toString().isEmpty(), qPrintable(QString::number(column)));
        }
        QVERIFY(!model.index(2, FairnessGroupModel::Count).data().toString().contains(QStringLiteral("29")));
        // Sorting by rate puts the suppressed group after every real rate.
        QVERIFY(model.index(2, FairnessGroupModel::Rate).data(FairnessGroupModel::SortRole).toDouble()
            > model.index(0, FairnessGroupModel::Rate).data(FairnessGroupModel::SortRole).toDouble());
        QVERIFY(!model.hasEqualOpportunity());
    }

    void equalOpportunityOnlyWhenCarried()
    {
        FairnessReport report = sampleReport();
        report.groups[1].equalOpportunityDiff = -0.125;
        FairnessGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setReport(report);
        QVERIFY(model.hasEqualOpportunity());
        QCOMPARE(model.index(1, FairnessGroupModel::EqualOpportunity).data().toString(), QStringLiteral("−0.13"));
        QVERIFY(model.index(0, FairnessGroupModel::EqualOpportunity).data().toString().isEmpty());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestFairnessGroupModel)
#include "tst_fairnessgroupmodel.moc"
