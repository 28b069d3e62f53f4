#include "fairness/biasqueuemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

// The bias queue rows: an entity never checked shows no score (a failed scan is not "no bias"), and a
// decision updates its row in place so the reviewer's selection stays.
class TestBiasQueueModel : public QObject
{
    Q_OBJECT
private:
    static BiasScanItem flaggedJob()
    {
        BiasScanItem item;
        item.reportId = QUuid::createUuid();
        item.entityType = QStringLiteral("job");
        item.entityId = QUuid::createUuid();
        item.title = QStringLiteral("Backend developer");
        item.text = QStringLiteral("We want a young, aggressive digital native.");
        item.state = QStringLiteral("flagged");
        item.spans = { { 10, 5, QStringLiteral("age_coded"), QStringLiteral("young"), QStringLiteral("ADEA") },
            { 17, 10, QStringLiteral("gender_coded_masculine"), QStringLiteral("aggressive"),
                QStringLiteral("Gaucher") } };
        item.categories = { QStringLiteral("age_coded"), QStringLiteral("gender_coded_masculine") };
        item.score = 0.8;
        item.confidence = 0.9;
        item.detector = QStringLiteral("lexicon");
        return item;
    }

private Q_SLOTS:
    void listsAndUpdates()
    {
        BiasQueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        BiasScanItem unchecked;
        unchecked.entityType = QStringLiteral("review");
        unchecked.entityId = QUuid::createUuid();
        unchecked.text = QStringLiteral("Great work, delivered on time.");
        unchecked.state = QStringLiteral("not_checked");
        unchecked.error = QStringLiteral("the model's reply was not valid JSON");
        const BiasScanItem job = flaggedJob();
        model.setItems({ job, unchecked });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, BiasQueueModel::Entity).data().toString(), QStringLiteral("Job"));
        QCOMPARE(model.index(0, BiasQueueModel::State).data().toString(), QStringLiteral("Flagged"));
        QCOMPARE(
            model.index(0, BiasQueueModel::Categories).data().toString(), QStringLiteral("Age-coded, Masculine-coded"));
        QCOMPARE(model.index(0, BiasQueueModel::Flags).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(0, BiasQueueModel::Score).data().toString(), QStringLiteral("0.80"));
        QCOMPARE(model.index(0, 0).data(BiasQueueModel::ReportIdRole).toUuid(), job.reportId);

        // Not checked: no score, no span count, and the tool tip says why the scan failed.
        QCOMPARE(model.index(1, BiasQueueModel::Title).data().toString(), unchecked.text);
        QCOMPARE(model.index(1, BiasQueueModel::State).data().toString(), QStringLiteral("Not checked"));
        QVERIFY(model.index(1, BiasQueueModel::Score).data().toString().isEmpty());
        QVERIFY(model.index(1, BiasQueueModel::Flags).data().toString().isEmpty());
        QVERIFY(model.index(1, BiasQueueModel::State).data(Qt::ToolTipRole).toString().contains(unchecked.error));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        BiasScanItem decided = job;
        decided.state = QStringLiteral("edit_requested");
        decided.decidedBy = QStringLiteral("ana");
        decided.decidedAt = QDateTime::currentDateTimeUtc();
        decided.note = QStringLiteral("Drop 'young'.");
        model.update(decided);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.index(0, BiasQueueModel::State).data().toString(), QStringLiteral("Edit requested"));
        QCOMPARE(model.index(0, 0).data(BiasQueueModel::StateRole).toString(), QStringLiteral("edit_requested"));
        QVERIFY(model.index(0, BiasQueueModel::Decided).data().toString().startsWith(QStringLiteral("ana, ")));
        QCOMPARE(model.rowOfReport(job.reportId), 0);
        QCOMPARE(model.rowOfReport(QUuid::createUuid()), -1);
    }
};

QTEST_MAIN(TestBiasQueueModel)
#include "tst_biasqueuemodel.moc"
