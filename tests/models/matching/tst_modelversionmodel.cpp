// The registry's version table on a real SQLite workspace: the migrations' seed versions listed with the
// active one first, a created version appearing without a manual reload, the type switch, and the model's
// contract under QAbstractItemModelTester.
#include "db/databaseworker.h"
#include "db/sqliteworkspace.h"
#include "matching/matchservice.h"
#include "matching/modelversionmodel.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestModelVersionModel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<MatchService> m_service;

    static QStringList column(const ModelVersionModel &model, int column)
    {
        QStringList texts;
        for (int row = 0; row < model.rowCount(); ++row)
            texts << model.index(row, column).data().toString();
        return texts;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_worker = std::make_unique<DatabaseWorker>();
        const QString path = m_dir.filePath(QStringLiteral("versions.sqlite"));
        QVERIFY(m_worker->open([path] { return SqliteWorkspace::open(path, QStringLiteral("versions")); }).result());
        m_service = std::make_unique<MatchService>(m_worker.get());
    }

    void cleanupTestCase()
    {
        m_service.reset();
        m_worker.reset();
    }

    void listsTheSeedVersionsActiveFirst()
    {
        ModelVersionModel model(m_service.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &ModelVersionModel::loaded);
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QVERIFY(!model.isLoading());
        QVERIFY(!model.canFetchMore({})); // everything arrived in one answer
        const QStringList names = column(model, ModelVersionModel::Version);
        QVERIFY2(names.contains(QLatin1String("seed-1")), qPrintable(names.join(QLatin1Char(','))));
        QCOMPARE(names.first(), QStringLiteral("sextant-1"));
        QCOMPARE(model.index(0, ModelVersionModel::Active).data().toString(), QStringLiteral("Active"));
        QCOMPARE(model.index(0, ModelVersionModel::Active).data(ModelVersionModel::SortRole).toBool(), true);
        const int seed = names.indexOf(QLatin1String("seed-1"));
        QCOMPARE(model.index(seed, ModelVersionModel::Active).data(ModelVersionModel::SortRole).toBool(), false);
        QCOMPARE(model.index(0, ModelVersionModel::Weights).data().toString(),
            QStringLiteral(
                "semantic 0.25 · skills 0.35 · experience 0.1 · success_rate 0.1 · region 0.1 · budget 0.1"));
        QCOMPARE(model.index(seed, ModelVersionModel::Threshold).data(ModelVersionModel::SortRole).toDouble(), 0.7);
        QCOMPARE(model.index(seed, ModelVersionModel::TopK).data().toString(), QStringLiteral("10"));
        QCOMPARE(model.index(0, ModelVersionModel::CreatedBy).data().toString(), QStringLiteral("sextant-migration-6"));
        QVERIFY(!model.index(0, ModelVersionModel::Deployed).data().toString().isEmpty());
        const QUuid id = model.index(seed, 0).data(ModelVersionModel::IdRole).toUuid();
        QCOMPARE(model.rowOf(id), seed);
        QCOMPARE(model.versionAt(seed).version, QStringLiteral("seed-1"));
        QCOMPARE(model.rowOf(QUuid::createUuid()), -1);
        QCOMPARE(model.headerData(ModelVersionModel::TopK, Qt::Horizontal).toString(), QStringLiteral("Top-k"));
    }

    void reloadsWhenAVersionIsCreated()
    {
        ModelVersionModel model(m_service.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &ModelVersionModel::loaded);
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        const int before = model.rowCount();

        MatchingVersionDraft draft;
        draft.version = QStringLiteral("model-test-1");
        draft.params.weights = { 0.5, 0.5, 0, 0, 0, 0 };
        draft.params.threshold = 0.6;
        draft.params.topK = 5;
        draft.notes = QStringLiteral("two components");
        bool created = false;
        m_service->createVersion(
            this, draft, QStringLiteral("tester"), [&created](const Result<RegistryVersion> &v) { created = v.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(created, 10000);
        // The service's versionsChanged reloads the model; nobody calls reload() here.
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), before + 1, 10000);
        const int row = column(model, ModelVersionModel::Version).indexOf(QLatin1String("model-test-1"));
        QVERIFY(row > 0); // not first: sextant-1 is active
        QCOMPARE(model.index(row, ModelVersionModel::Active).data().toString(), QStringLiteral("Draft"));
        QCOMPARE(model.index(row, ModelVersionModel::TopK).data().toString(), QStringLiteral("5"));
        QCOMPARE(model.index(row, ModelVersionModel::Notes).data().toString(), QStringLiteral("two components"));
        QCOMPARE(model.index(row, ModelVersionModel::CreatedBy).data().toString(), QStringLiteral("tester"));
        QVERIFY(model.index(row, ModelVersionModel::Weights)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("semantic 0.5 · skills 0.5")));
        QVERIFY(model.index(row, ModelVersionModel::Weights)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("skills: 0.5000")));
    }

    void switchesType()
    {
        ModelVersionModel model(m_service.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &ModelVersionModel::loaded);
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QVERIFY(model.rowCount() > 0);
        model.setModelType(QStringLiteral("bias"));
        QCOMPARE(model.rowCount(), 0); // no matching rows under the bias heading while it loads
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
        QCOMPARE(model.modelType(), QStringLiteral("bias"));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.versionAt(row).modelType, QStringLiteral("bias"));
        model.setModelType(QStringLiteral("matching"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, 10000);
        QVERIFY(model.rowCount() >= 2);
    }
};

QTEST_GUILESS_MAIN(TestModelVersionModel)
#include "tst_modelversionmodel.moc"
