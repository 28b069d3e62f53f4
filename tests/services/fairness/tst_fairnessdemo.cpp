// The fairness report on the demo workspace, which plants one disparity (services/demo/demomarketplace.h):
// reviewers approve the matches of freelancers in the age band 60+ at about half the others' rate, while the
// engine proposes every band alike. The report must find it at the approval stage and not at the proposal stage.
// On SQLite a Python reference (standard library only) recomputes the report's CSV from the workspace file.
// The summary, CSV and HTML are saved beside the test for a person to read.
#include "db/databaseworker.h"
#include "demo/demogenerator.h"
#include "demo/demomarketplace.h"
#include "fairness/fairnessservice.h"
#include "support/importtestutil.h"
#include "tasks/taskcontrol.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include <cmath>

class TestFairnessDemo : public QObject
{
    Q_OBJECT
public:
    explicit TestFairnessDemo(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<FairnessService> m_service;

    static const GroupOutcome *find(const FairnessReport &report, const QString &name)
    {
        for (const GroupOutcome &g : report.groups)
            if (g.group == name)
                return &g;
        return nullptr;
    }

    static const FairnessReport *stage(const FairnessReport &report, FairnessStage s)
    {
        for (const FairnessReport &r : report.stages)
            if (r.request.stage == s)
                return &r;
        return nullptr;
    }

    QString suffix() const { return m_backend == SqlDialect::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgres"); }

    void save(const QString &name, const QString &text)
    {
        QFile file(QDir::current().filePath(QStringLiteral("fairness-demo-%1.%2").arg(suffix(), name)));
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(text.toUtf8());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened = openWorkerOnFreshWorkspace(*m_worker, m_backend, m_dir, QStringLiteral("fairnessdemo"));
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        DemoSpec spec;
        spec.memories = 20;
        spec.freelancers = 1200;
        spec.jobs = 300;
        spec.now = QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC);
        const Result<DemoSummary> made = m_worker->runAndWait([spec](Repository &r) { return DemoGenerator::generate(r, spec); });
        QVERIFY2(made.ok(), qPrintable(made.errorMessage()));
        m_service = std::make_unique<FairnessService>(m_worker.get());
    }

    void cleanupTestCase()
    {
        m_service.reset();
        m_worker.reset();
    }

    void disparityEntersAtApproval()
    {
        FairnessRequest request;
        request.stage = FairnessStage::ApprovedL1;
        request.attributes = { QStringLiteral("age_band") };
        TaskControl control;
        const Result<FairnessReport> report = m_service->buildReport(request, QStringLiteral("auditor"), control);
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        for (const QString &line : report->summary)
            qInfo("%s", qPrintable(line));
        save(QStringLiteral("summary.txt"), report->summary.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        save(QStringLiteral("csv"), FairnessService::toCsv(*report));
        save(QStringLiteral("html"), FairnessService::toHtml(*report));

        const QString band = DemoMarketplace::disadvantagedBand();
        const GroupOutcome *approved = find(*report, band);
        QVERIFY(approved && !approved->suppressed);
        QVERIFY2(approved->fourFifthsFlag && approved->impactRatio < 0.8, qPrintable(QString::number(approved->impactRatio)));
        QVERIFY(approved->impactHigh < 0.8); // the whole interval lies below four-fifths
        QVERIFY(approved->pAdjusted < 0.001);
        for (const GroupOutcome &g : report->groups)
            if (g.group != band && !g.suppressed)
                QVERIFY2(!g.fourFifthsFlag, qPrintable(g.group));

        const FairnessReport *proposed = stage(*report, FairnessStage::Proposed);
        QVERIFY(proposed);
        for (const GroupOutcome &g : proposed->groups) {
            QVERIFY(!g.suppressed);
            QVERIFY2(!g.fourFifthsFlag, qPrintable(QStringLiteral("%1 %2").arg(g.group).arg(g.impactRatio)));
        }
        QVERIFY(report->summary.join(QLatin1Char(' ')).contains(
            QStringLiteral("The gap for %1 enters at").arg(band)));
    }

    // The report's CSV against an independent recomputation from the workspace file (SQLite only: the file is
    // what the reference reads).
    void pythonReferenceAgrees()
    {
        if (m_backend != SqlDialect::Sqlite)
            QSKIP("the reference reads the SQLite workspace file");
        FairnessRequest request;
        request.stage = FairnessStage::ApprovedL1;
        request.attributes = { QStringLiteral("age_band") };
        request.topK = 3; // the demo's jobs rank a handful of proposals: k = 3 measures most of them on their own
        TaskControl control;
        const Result<FairnessReport> report = m_service->buildReport(request, QStringLiteral("auditor"), control);
        QVERIFY(report.ok());
        QVERIFY(report->ranking.perJob.measured > 0);
        const QString csvPath = m_dir.filePath(QStringLiteral("report.csv"));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(FairnessService::toCsv(*report).toUtf8());
        csv.close();
        const QString script = QStringLiteral(SEXTANT_TEST_DATA "/../services/fairness/fairness_reference.py");
        QVERIFY(QFile::exists(script));
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
            { script, m_dir.filePath(QStringLiteral("fairnessdemo.sqlite")), csvPath, QString::number(request.minGroupSize),
                QString::number(request.topK) });
        QVERIFY(python.waitForFinished(60000));
        const QString output = QString::fromUtf8(python.readAllStandardOutput() + python.readAllStandardError());
        qInfo("%s", qPrintable(output.trimmed()));
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0, qPrintable(output));
        QVERIFY(output.contains(QStringLiteral(" 0 disagreements")));

        // The reference notices a rate that is off by 1e-8.
        const GroupOutcome &first = report->groups.first();
        QVERIFY(!first.suppressed);
        const QString exact = QString::number(first.rate, 'g', 17);
        QString tampered = FairnessService::toCsv(*report);
        QVERIFY(tampered.contains(exact));
        tampered.replace(tampered.indexOf(exact), exact.size(), QString::number(first.rate + 1e-8, 'g', 17));
        QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Truncate));
        csv.write(tampered.toUtf8());
        csv.close();
        python.start(QStringLiteral("/usr/bin/python3"),
            { script, m_dir.filePath(QStringLiteral("fairnessdemo.sqlite")), csvPath, QString::number(request.minGroupSize),
                QString::number(request.topK) });
        QVERIFY(python.waitForFinished(60000));
        QCOMPARE(python.exitCode(), 1);

        // And a per-job NDKL mean that is off by 1e-8.
        const QString ndkl = QString::number(report->ranking.perJob.ndkl.mean, 'g', 17);
        tampered = FairnessService::toCsv(*report);
        QVERIFY(tampered.contains(ndkl));
        tampered.replace(tampered.indexOf(ndkl), ndkl.size(), QString::number(report->ranking.perJob.ndkl.mean + 1e-8, 'g', 17));
        QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Truncate));
        csv.write(tampered.toUtf8());
        csv.close();
        python.start(QStringLiteral("/usr/bin/python3"),
            { script, m_dir.filePath(QStringLiteral("fairnessdemo.sqlite")), csvPath, QString::number(request.minGroupSize),
                QString::number(request.topK) });
        QVERIFY(python.waitForFinished(60000));
        const QString complaint = QString::fromUtf8(python.readAllStandardOutput());
        QCOMPARE(python.exitCode(), 1);
        QVERIFY2(complaint.contains(QStringLiteral("ranking_per_job ndkl jobs_mean")), qPrintable(complaint));
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestFairnessDemo>(argc, argv);
}
#include "tst_fairnessdemo.moc"
