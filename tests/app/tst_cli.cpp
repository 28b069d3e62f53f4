// sextant-cli as a script sees it: the built program run as a child process on generated demo workspaces, checked
// by its exit code, its stdout and stderr, and what it wrote (files, rows on the PostgreSQL test server).
#include "support/testutil.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
struct Run
{
    int code = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.trimmed().toUtf8()).object(); }
};

// The rows of a database's memories table as a viewer sees them: sextant-cli status itself.
qint64 memoriesIn(const QJsonObject &status)
{
    return status.value(QStringLiteral("counts")).toObject().value(QStringLiteral("memories")).toInteger(-1);
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QString m_demo; // a 300-memory demo workspace file, made once
    QString m_export; // its memories as JSONL

    QProcessEnvironment environment() const
    {
        // The settings and data folders of a user who never ran Sextant: no profiles, no language, no demo file.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.remove(QStringLiteral("PGPASSWORD"));
        return env;
    }

    Run cli(const QStringList &arguments, int timeoutMs = 240000)
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(SEXTANT_CLI), arguments);
        Run run;
        if (!process.waitForStarted() || !process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            run.err = QStringLiteral("sextant-cli did not finish");
            return run;
        }
        run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QString file(const QString &name) const { return m_home.filePath(name); }

    // The settings file the window writes (profiles, AI endpoint), as the child process reads it.
    QString writeSettings(const QString &ini) const
    {
        const QString path = m_home.filePath(QStringLiteral("config/sextant/sextant.conf"));
        QDir().mkpath(QFileInfo(path).path());
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(ini.toUtf8());
        return path;
    }

    QString copyOfDemo(const QString &name) const
    {
        const QString copy = file(name);
        QFile::remove(copy);
        return QFile::copy(m_demo, copy) ? copy : QString();
    }

    QJsonObject statusOf(const QString &workspace)
    {
        return cli({ QStringLiteral("status"), QStringLiteral("--workspace"), workspace, QStringLiteral("--json") })
            .json();
    }

    static qint64 countOf(const QJsonObject &status, const char *key)
    {
        return status.value(QStringLiteral("counts")).toObject().value(QLatin1String(key)).toInteger(-1);
    }

    static QString readText(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    static QString connection(const PostgresSettings &settings, const QString &user = QString())
    {
        return QStringLiteral("host=%1 port=%2 dbname=%3 user=%4")
            .arg(settings.host)
            .arg(settings.port)
            .arg(settings.database, user.isEmpty() ? settings.user : user);
    }

    // A migrated, empty database on the test server.
    std::optional<PostgresSettings> migratedDatabase(const QString &name)
    {
        std::optional<PostgresSettings> settings = recreatePostgresDatabase(name);
        if (!settings)
            return std::nullopt;
        const Run migrated = cli({ QStringLiteral("migrate"), QStringLiteral("--connect"), connection(*settings) });
        if (migrated.code != 0) {
            qWarning("%s", qPrintable(migrated.err));
            return std::nullopt;
        }
        return settings;
    }

    // <name>.jsonl: the 3,000 memories of a demo workspace made with `seed`, as `export` writes them; empty if
    // either command failed.
    QString demoMemoriesFile(const QString &name, int seed)
    {
        const QString workspace = file(name + QStringLiteral(".sqlite"));
        const QString rows = file(name + QStringLiteral(".jsonl"));
        QFile::remove(workspace);
        if (cli({ QStringLiteral("demo"), QStringLiteral("--output"), workspace, QStringLiteral("--memories"),
                QStringLiteral("3000"), QStringLiteral("--seed"), QString::number(seed) })
                    .code
                != 0
            || cli({ QStringLiteral("export"), QStringLiteral("--workspace"), workspace, rows }).code != 0)
            return QString();
        return rows;
    }

    // A login role on the test server (roles are the cluster's, so it may exist from an earlier run).
    static bool ensureRole(const PostgresSettings &settings, const QString &role, const QString &memberOf)
    {
        PostgresSettings admin = settings;
        admin.database = QStringLiteral("postgres");
        QStringList statements { QStringLiteral(
            "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1') "
            "THEN CREATE ROLE %1 LOGIN; END IF; END$$")
                                     .arg(role) };
        if (!memberOf.isEmpty())
            statements.append(QStringLiteral("GRANT %1 TO %2").arg(memberOf, role));
        return runSql(admin, statements);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(SEXTANT_CLI)).isExecutable(), SEXTANT_CLI);
        m_demo = file(QStringLiteral("demo.sqlite"));
        const Run made = cli({ QStringLiteral("demo"), QStringLiteral("--output"), m_demo, QStringLiteral("--memories"),
            QStringLiteral("300"), QStringLiteral("--json") });
        QCOMPARE(made.code, 0);
        QVERIFY(QFileInfo::exists(m_demo));
        QCOMPARE(made.json().value(QStringLiteral("memories")).toInt(), 300);
        QCOMPARE(made.json().value(QStringLiteral("ok")).toBool(), true);
        // Progress: one JSON object per line on stderr, ending with the finished state.
        const QStringList lines = made.err.trimmed().split(QLatin1Char('\n'));
        QVERIFY(lines.size() >= 2);
        for (const QString &line : lines) {
            const QJsonObject step = QJsonDocument::fromJson(line.toUtf8()).object();
            QVERIFY2(!step.value(QStringLiteral("event")).toString().isEmpty(), qPrintable(line));
        }
        QCOMPARE(QJsonDocument::fromJson(lines.constLast().toUtf8()).object().value(QStringLiteral("event")).toString(),
            QStringLiteral("finished"));

        m_export = file(QStringLiteral("demo.jsonl"));
        const Run exported = cli({ QStringLiteral("export"), QStringLiteral("--workspace"), m_demo, m_export });
        QCOMPARE(exported.code, 0);
        QVERIFY2(exported.out.contains(QLatin1String("Exported 300 memories")), qPrintable(exported.out));
    }

    void helpListsEveryCommandAndTheManPageToo()
    {
        const Run help = cli({ QStringLiteral("--help") });
        QCOMPARE(help.code, 0);
        const QString man = file(QStringLiteral("sextant-cli.1"));
        QCOMPARE(cli({ QStringLiteral("--man"), man }).code, 0);
        QFile page(man);
        QVERIFY(page.open(QIODevice::ReadOnly));
        const QString troff = QString::fromUtf8(page.readAll());
        QVERIFY(troff.startsWith(QLatin1String(".TH SEXTANT-CLI 1")));

        const QStringList commands { QStringLiteral("status"), QStringLiteral("migrate"), QStringLiteral("demo"),
            QStringLiteral("import"), QStringLiteral("export"), QStringLiteral("embed"), QStringLiteral("evaluate"),
            QStringLiteral("map"), QStringLiteral("match"), QStringLiteral("review-export"),
            QStringLiteral("bias-scan"), QStringLiteral("fairness-report") };
        for (const QString &command : commands) {
            QVERIFY2(help.out.contains(QLatin1String("\n  ") + command + QLatin1Char(' ')), qPrintable(command));
            const QString roffName = QString(command).replace(QLatin1Char('-'), QLatin1String("\\-"));
            QVERIFY2(troff.contains(QLatin1String(".SS ") + roffName + QLatin1Char('\n')), qPrintable(command));
            const Run one = cli({ command, QStringLiteral("--help") });
            QCOMPARE(one.code, 0);
            QVERIFY(one.out.startsWith(QStringLiteral("Usage: sextant-cli %1 [options]").arg(command)));
        }
        // A command the help does not list is not there at all.
        const Run listed = cli({ QStringLiteral("help") });
        QCOMPARE(listed.out.count(
                     QRegularExpression(QStringLiteral("^  [a-z][a-z-]* +[A-Z]"), QRegularExpression::MultilineOption)),
            commands.size());
    }

    void usageErrorsExitWithTwoAndWriteNothing()
    {
        const QString untouched = file(QStringLiteral("never.jsonl"));
        const QList<QStringList> mistakes {
            {},
            { QStringLiteral("frobnicate") },
            { QStringLiteral("export"), QStringLiteral("--workspace"), m_demo, QStringLiteral("--no-such-option"),
                untouched },
            { QStringLiteral("export"), QStringLiteral("--workspace"), m_demo },
            { QStringLiteral("export"), QStringLiteral("--workspace"), m_demo, QStringLiteral("--format"),
                QStringLiteral("xml"), untouched },
            { QStringLiteral("import"), QStringLiteral("--workspace"), m_demo, QStringLiteral("--mode"),
                QStringLiteral("some"), m_export },
            { QStringLiteral("status"), QStringLiteral("--workspace"), m_demo, QStringLiteral("--connect"),
                QStringLiteral("host=localhost dbname=x") },
            { QStringLiteral("status"), QStringLiteral("--connect"),
                QStringLiteral("host=localhost dbname=x user=y password=secret") },
            { QStringLiteral("status"), QStringLiteral("--profile"), QStringLiteral("nobody-saved-this") },
            { QStringLiteral("demo"), QStringLiteral("--memories"), QStringLiteral("many"), QStringLiteral("--output"),
                untouched },
        };
        for (const QStringList &arguments : mistakes) {
            const Run run = cli(arguments);
            QVERIFY2(run.code == 2, qPrintable(arguments.join(QLatin1Char(' ')) + QLatin1String(": ") + run.err));
            QVERIFY2(!run.err.trimmed().isEmpty(), qPrintable(arguments.join(QLatin1Char(' '))));
        }
        QVERIFY(!QFileInfo::exists(untouched));
        // A password on the command line is refused with the reason, and never echoed back.
        const Run password = cli({ QStringLiteral("status"), QStringLiteral("--connect"),
            QStringLiteral("host=localhost dbname=x user=y password=secret") });
        QVERIFY(password.err.contains(QLatin1String("PGPASSWORD")));
        QVERIFY(!password.err.contains(QLatin1String("secret")));
    }

    void missingFilesFailWithASentence()
    {
        const QString missing = file(QStringLiteral("missing.sqlite"));
        const Run status = cli({ QStringLiteral("status"), QStringLiteral("--workspace"), missing });
        QCOMPARE(status.code, 1);
        QVERIFY2(
            status.err.contains(QStringLiteral("There is no workspace file %1.").arg(missing)), qPrintable(status.err));
        QVERIFY(!QFileInfo::exists(missing)); // never created by looking

        const Run import = cli(
            { QStringLiteral("import"), QStringLiteral("--workspace"), m_demo, file(QStringLiteral("missing.jsonl")) });
        QCOMPARE(import.code, 1);
        QVERIFY2(import.err.startsWith(QLatin1String("There is no file ")), qPrintable(import.err));

        const Run again = cli({ QStringLiteral("demo"), QStringLiteral("--output"), m_demo });
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains(QLatin1String("--force")));
    }

    void statusCountsWhatTheDemoWrote()
    {
        const Run status
            = cli({ QStringLiteral("status"), QStringLiteral("--workspace"), m_demo, QStringLiteral("--json") });
        QCOMPARE(status.code, 0);
        const QJsonObject json = status.json();
        QCOMPARE(memoriesIn(json), 300);
        QCOMPARE(
            json.value(QStringLiteral("schema_version")).toInt(), json.value(QStringLiteral("latest_version")).toInt());
        QVERIFY(json.value(QStringLiteral("pending_migrations")).toArray().isEmpty());
        QVERIFY(json.value(QStringLiteral("counts")).toObject().value(QStringLiteral("jobs")).toInt() > 0);

        const Run text = cli({ QStringLiteral("status"), QStringLiteral("--workspace"), m_demo });
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains(QRegularExpression(QStringLiteral("Memories: +300\n"))));
    }

    void exportWritesEveryMemoryAndImportReadsItBack()
    {
        QFile exported(m_export);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        int lines = 0;
        while (!exported.atEnd()) {
            const QJsonObject row = QJsonDocument::fromJson(exported.readLine()).object();
            QVERIFY(!row.value(QStringLiteral("id")).toString().isEmpty());
            ++lines;
        }
        QCOMPARE(lines, 300);

        // Into a workspace that holds them already: every row is a problem, nothing is written.
        const Run duplicate = cli({ QStringLiteral("import"), QStringLiteral("--workspace"), m_demo, m_export });
        QCOMPARE(duplicate.code, 1);
        QVERIFY(duplicate.err.contains(QLatin1String("already exists")));
        QVERIFY(duplicate.err.contains(QLatin1String("Nothing was imported")));
        QCOMPARE(memoriesIn(
                     cli({ QStringLiteral("status"), QStringLiteral("--workspace"), m_demo, QStringLiteral("--json") })
                         .json()),
            300);

        // Into another demo (another seed, other ids): all 300 arrive with their evaluations.
        const QString other = file(QStringLiteral("other.sqlite"));
        QCOMPARE(cli({ QStringLiteral("demo"), QStringLiteral("--output"), other, QStringLiteral("--memories"),
                         QStringLiteral("40"), QStringLiteral("--seed"), QStringLiteral("7") })
                     .code,
            0);
        const Run imported = cli(
            { QStringLiteral("import"), QStringLiteral("--workspace"), other, m_export, QStringLiteral("--json") });
        QCOMPARE(imported.code, 0);
        QCOMPARE(imported.json().value(QStringLiteral("memories")).toInt(), 300);
        QCOMPARE(imported.json().value(QStringLiteral("evaluations")).toInt(), 2400);
        QCOMPARE(
            memoriesIn(cli({ QStringLiteral("status"), QStringLiteral("--workspace"), other, QStringLiteral("--json") })
                           .json()),
            340);
    }

    void matchProposesForEveryOpenJob()
    {
        const QString workspace = copyOfDemo(QStringLiteral("match.sqlite"));
        const QJsonObject before = statusOf(workspace);
        const Run run
            = cli({ QStringLiteral("match"), QStringLiteral("--workspace"), workspace, QStringLiteral("--json") });
        QCOMPARE(run.code, 0);
        const QJsonObject json = run.json();
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QCOMPARE(json.value(QStringLiteral("scope")).toString(), QStringLiteral("open_jobs"));
        QCOMPARE(json.value(QStringLiteral("queries")).toInteger(), countOf(before, "open_jobs"));
        QVERIFY(json.value(QStringLiteral("proposals")).toInteger() >= countOf(before, "open_jobs"));
        QVERIFY(!QUuid::fromString(json.value(QStringLiteral("run")).toString()).isNull());
        const QJsonObject after = statusOf(workspace);
        QCOMPARE(countOf(after, "matches"),
            countOf(before, "matches") + json.value(QStringLiteral("proposals")).toInteger());
        QCOMPARE(
            after.value(QStringLiteral("pending")).toObject().value(QStringLiteral("running_match_runs")).toInt(), 0);

        const Run notAnId = cli({ QStringLiteral("match"), QStringLiteral("--workspace"), workspace,
            QStringLiteral("--job"), QStringLiteral("42") });
        QCOMPARE(notAnId.code, 2);
        QVERIFY(notAnId.err.contains(QLatin1String("--job needs an id")));
        const Run unknown = cli({ QStringLiteral("match"), QStringLiteral("--workspace"), workspace,
            QStringLiteral("--job"), QUuid::createUuid().toString(QUuid::WithoutBraces) });
        QCOMPARE(unknown.code, 1);
        QVERIFY2(unknown.err.contains(QLatin1String("Nothing was written")), qPrintable(unknown.err));
        QCOMPARE(countOf(statusOf(workspace), "matches"), countOf(after, "matches"));
    }

    void reviewExportWritesTheDecisionsInForce()
    {
        const QString decisions = file(QStringLiteral("decisions.csv"));
        const QString agreement = file(QStringLiteral("agreement.csv"));
        const Run run = cli({ QStringLiteral("review-export"), QStringLiteral("--workspace"), m_demo, decisions,
            QStringLiteral("--agreement"), agreement, QStringLiteral("--json") });
        QCOMPARE(run.code, 0);
        const QJsonObject json = run.json();
        const qint64 written = json.value(QStringLiteral("decisions")).toInteger();
        QVERIFY(written > 0);
        QVERIFY(written <= countOf(statusOf(m_demo), "match_reviews"));
        QCOMPARE(json.value(QStringLiteral("approved")).toInteger() + json.value(QStringLiteral("rejected")).toInteger()
                + json.value(QStringLiteral("flagged")).toInteger(),
            written);
        const QStringList rows = readText(decisions).split(QLatin1String("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(rows.constFirst(),
            QStringLiteral("decision_id,match_id,level,reviewer,decision,reason_code,note,decided_at"));
        QCOMPARE(rows.size() - 1, written);
        QVERIFY(readText(agreement).startsWith(QLatin1String("section,")));

        const QString lines = file(QStringLiteral("decisions.jsonl"));
        QCOMPARE(cli({ QStringLiteral("review-export"), QStringLiteral("--workspace"), m_demo, lines }).code, 0);
        const QStringList objects = readText(lines).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(objects.size(), written);
        const QJsonObject first = QJsonDocument::fromJson(objects.constFirst().toUtf8()).object();
        QVERIFY(QStringList({ QStringLiteral("approve"), QStringLiteral("reject"), QStringLiteral("flag") })
                    .contains(first.value(QStringLiteral("decision")).toString()));

        const QString never = file(QStringLiteral("never-decisions.csv"));
        QCOMPARE(cli({ QStringLiteral("review-export"), QStringLiteral("--workspace"), m_demo, never,
                         QStringLiteral("--format"), QStringLiteral("xlsx") })
                     .code,
            2);
        QCOMPARE(cli({ QStringLiteral("review-export"), QStringLiteral("--workspace"), m_demo, never,
                         QStringLiteral("--agreement"), never })
                     .code,
            2);
        QVERIFY(!QFileInfo::exists(never));
    }

    void fairnessReportWritesPdfHtmlAndCsv()
    {
        const QString workspace = copyOfDemo(QStringLiteral("fairness.sqlite"));
        const QString pdf = file(QStringLiteral("fairness.pdf"));
        // Under LeakSanitizer (test.sh): its tracer dies of a SIGSEGV stopping this process, reading a dynamic
        // thread-local block whose bounds it misreads ("DTLS … at 0x…4294"), so for this command only it leaves
        // thread-local storage out of its roots (glib's per-thread buffers, referenced only from there, are in
        // tests/sanitizers/lsan.supp for that reason).
        const QByteArray lsan = qgetenv("LSAN_OPTIONS");
        if (!lsan.isEmpty())
            qputenv("LSAN_OPTIONS", lsan + ":use_tls=0");
        const Run run = cli({ QStringLiteral("fairness-report"), QStringLiteral("--workspace"), workspace,
            QStringLiteral("--attribute"), QStringLiteral("age_band"), pdf, QStringLiteral("--json") });
        if (!lsan.isEmpty())
            qputenv("LSAN_OPTIONS", lsan);
        QVERIFY2(run.code == 0, qPrintable(run.err.right(2000)));
        const QJsonObject json = run.json();
        QVERIFY(json.value(QStringLiteral("total")).toInteger() > 0);
        QVERIFY(!json.value(QStringLiteral("groups")).toArray().isEmpty());
        QVERIFY(!json.value(QStringLiteral("summary")).toArray().isEmpty());
        QCOMPARE(json.value(QStringLiteral("fingerprint")).toString().size(), 64);
        QFile written(pdf);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.read(5) == "%PDF-");
        QVERIFY(written.size() > 10000); // the tables and the charts, not an empty page

        const QString html = file(QStringLiteral("fairness.html"));
        const Run asHtml = cli({ QStringLiteral("fairness-report"), QStringLiteral("--workspace"), workspace, html });
        QCOMPARE(asHtml.code, 0);
        QVERIFY(asHtml.out.startsWith(QLatin1String("Wrote the fairness report")));
        QVERIFY(readText(html).contains(QLatin1String("<table")));
        const QString csv = file(QStringLiteral("fairness.csv"));
        QCOMPARE(cli({ QStringLiteral("fairness-report"), QStringLiteral("--workspace"), workspace, csv,
                         QStringLiteral("--stage"), QStringLiteral("hired") })
                     .code,
            0);
        QVERIFY(readText(csv).startsWith(QLatin1String("stage,")));

        const QString never = file(QStringLiteral("never.pdf"));
        for (const QStringList &extra :
            QList<QStringList> { { QStringLiteral("--stage"), QStringLiteral("interviewed") },
                { QStringLiteral("--reference"), QStringLiteral("chosen") },
                { QStringLiteral("--from"), QStringLiteral("yesterday") },
                { QStringLiteral("--format"), QStringLiteral("docx") } }) {
            const Run bad
                = cli(QStringList { QStringLiteral("fairness-report"), QStringLiteral("--workspace"), workspace, never }
                    + extra);
            QVERIFY2(bad.code == 2, qPrintable(extra.join(QLatin1Char(' '))));
        }
        QVERIFY(!QFileInfo::exists(never));
    }

    void biasScanWritesOneReportPerText()
    {
        const QString workspace = copyOfDemo(QStringLiteral("bias.sqlite"));
        const qint64 before = countOf(statusOf(workspace), "bias_reports");
        const Run run = cli({ QStringLiteral("bias-scan"), QStringLiteral("--workspace"), workspace,
            QStringLiteral("--entity"), QStringLiteral("job"), QStringLiteral("--json") });
        QCOMPARE(run.code, 0);
        const qint64 checked = run.json().value(QStringLiteral("checked")).toInteger();
        QCOMPARE(checked, countOf(statusOf(m_demo), "jobs")); // one report per job text
        QCOMPARE(countOf(statusOf(workspace), "bias_reports"), before + checked);
        const Run all
            = cli({ QStringLiteral("bias-scan"), QStringLiteral("--workspace"), workspace, QStringLiteral("--json") });
        QCOMPARE(all.code, 0);
        QVERIFY(all.json().value(QStringLiteral("checked")).toInteger() > checked);
        QVERIFY(all.json().value(QStringLiteral("flagged")).toInteger() > 0); // the demo plants biased wording
        QCOMPARE(cli({ QStringLiteral("bias-scan"), QStringLiteral("--workspace"), workspace,
                         QStringLiteral("--entity"), QStringLiteral("invoice") })
                     .code,
            2);
    }

    void mapWritesPointsAndPicture()
    {
        const QString workspace = copyOfDemo(QStringLiteral("map.sqlite"));
        const QString csv = file(QStringLiteral("map.csv"));
        const QString png = file(QStringLiteral("map.png"));
        const Run run = cli({ QStringLiteral("map"), QStringLiteral("--workspace"), workspace, QStringLiteral("--csv"),
            csv, QStringLiteral("--png"), png, QStringLiteral("--size"), QStringLiteral("800x600"),
            QStringLiteral("--json") });
        QCOMPARE(run.code, 0);
        const QJsonObject json = run.json();
        const qint64 points = json.value(QStringLiteral("points")).toInteger();
        QVERIFY(points > 0 && points <= 300); // the unarchived memories with an embedding
        QVERIFY(!json.value(QStringLiteral("clusters")).toArray().isEmpty());
        QCOMPARE(json.value(QStringLiteral("reused")).toBool(), false);

        const QStringList rows = readText(csv).split(QRegularExpression(QStringLiteral("\r?\n")), Qt::SkipEmptyParts);
        QCOMPARE(rows.constFirst(), QStringLiteral("id,x,y,cluster,label"));
        QCOMPARE(rows.size() - 1, points);
        QFile picture(png);
        QVERIFY(picture.open(QIODevice::ReadOnly));
        const QByteArray head = picture.read(24);
        QVERIFY(head.startsWith("\x89PNG\r\n\x1a\n"));
        const auto be32 = [&head](int at) {
            return (quint32(quint8(head[at])) << 24) | (quint32(quint8(head[at + 1])) << 16)
                | (quint32(quint8(head[at + 2])) << 8) | quint32(quint8(head[at + 3]));
        };
        QCOMPARE(be32(16), 800u); // IHDR width and height
        QCOMPARE(be32(20), 600u);

        // The same parameters on unchanged data: the saved run is reused.
        const Run again = cli({ QStringLiteral("map"), QStringLiteral("--workspace"), workspace,
            QStringLiteral("--csv"), file(QStringLiteral("map-again.csv")), QStringLiteral("--json") });
        QCOMPARE(again.code, 0);
        QCOMPARE(again.json().value(QStringLiteral("reused")).toBool(), true);
        QCOMPARE(again.json().value(QStringLiteral("run")).toString(), json.value(QStringLiteral("run")).toString());

        const QString never = file(QStringLiteral("never.png"));
        for (const QStringList &extra : QList<QStringList> { { QStringLiteral("--size"), QStringLiteral("huge") },
                 { QStringLiteral("--clustering"), QStringLiteral("hierarchical") },
                 { QStringLiteral("--source"), QStringLiteral("invoices") } }) {
            const Run bad = cli(QStringList { QStringLiteral("map"), QStringLiteral("--workspace"), workspace,
                                    QStringLiteral("--png"), never }
                + extra);
            QVERIFY2(bad.code == 2, qPrintable(extra.join(QLatin1Char(' '))));
        }
        QCOMPARE(cli({ QStringLiteral("map"), QStringLiteral("--workspace"), workspace }).code, 2);
        QVERIFY(!QFileInfo::exists(never));
    }

    void embedFillsTheMissingEmbeddingsAndResumes()
    {
        // Memories imported from a file without vectors lack embeddings.
        const QString workspace = file(QStringLiteral("embed.sqlite"));
        QCOMPARE(cli({ QStringLiteral("demo"), QStringLiteral("--output"), workspace, QStringLiteral("--memories"),
                         QStringLiteral("20"), QStringLiteral("--seed"), QStringLiteral("13") })
                     .code,
            0);
        QCOMPARE(cli({ QStringLiteral("import"), QStringLiteral("--workspace"), workspace, m_export }).code, 0);
        const QJsonObject before = statusOf(workspace);
        const qint64 lacking = before.value(QStringLiteral("pending"))
                                   .toObject()
                                   .value(QStringLiteral("memories_without_embedding"))
                                   .toInteger();
        QVERIFY(lacking > 0);

        const Run run = cli({ QStringLiteral("embed"), QStringLiteral("--workspace"), workspace,
            QStringLiteral("--offline"), QStringLiteral("--chunk"), QStringLiteral("64"), QStringLiteral("--json") });
        QCOMPARE(run.code, 0);
        QCOMPARE(run.json().value(QStringLiteral("model")).toString(), QStringLiteral("sextant-offline-hash-v1"));
        QVERIFY(run.json().value(QStringLiteral("embedded")).toInteger() >= lacking); // archived ones too
        QCOMPARE(statusOf(workspace)
                     .value(QStringLiteral("pending"))
                     .toObject()
                     .value(QStringLiteral("memories_without_embedding"))
                     .toInteger(),
            0);
        // A rerun finds nothing left to do.
        const Run again = cli({ QStringLiteral("embed"), QStringLiteral("--workspace"), workspace,
            QStringLiteral("--offline"), QStringLiteral("--json") });
        QCOMPARE(again.code, 0);
        QCOMPARE(again.json().value(QStringLiteral("embedded")).toInteger(), 0);
        QCOMPARE(cli({ QStringLiteral("embed"), QStringLiteral("--workspace"), workspace, QStringLiteral("--chunk"),
                         QStringLiteral("0") })
                     .code,
            2);
    }

    void evaluateAsksTheConfiguredEndpoint()
    {
        const QString workspace = copyOfDemo(QStringLiteral("evaluate.sqlite"));
        // Without an endpoint (the offline default) there is no chat model to ask.
        const Run offline = cli({ QStringLiteral("evaluate"), QStringLiteral("--workspace"), workspace });
        QCOMPARE(offline.code, 1);
        QVERIFY2(offline.err.contains(QStringLiteral("Settings → AI")), qPrintable(offline.err));

        // The loopback stand-in for the OpenAI API, as the window's AI settings name it.
        QProcess mock;
        mock.start(QStringLiteral(SEXTANT_OPENAI_MOCK), { QStringLiteral("--port"), QStringLiteral("0") });
        QVERIFY(mock.waitForStarted());
        QVERIFY(mock.waitForReadyRead(10000));
        const QString line = QString::fromUtf8(mock.readLine()).trimmed();
        const QString url = line.section(QLatin1String("listening on "), 1);
        QVERIFY2(url.startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(line));
        const QString config
            = writeSettings(QStringLiteral("[ai]\nprovider=openai\n\n[openai]\nbaseUrl=%1\n").arg(url));
        const Run run = cli({ QStringLiteral("evaluate"), QStringLiteral("--workspace"), workspace,
            QStringLiteral("--in-flight"), QStringLiteral("8"), QStringLiteral("--json") });
        // Every memory now has this model's evaluations: a rerun finds none left.
        const Run again
            = cli({ QStringLiteral("evaluate"), QStringLiteral("--workspace"), workspace, QStringLiteral("--json") });
        QFile::remove(config); // the other cases run offline
        mock.kill();
        mock.waitForFinished();
        QCOMPARE(run.code, 0);
        const QJsonObject json = run.json();
        const qint64 evaluated = json.value(QStringLiteral("evaluated")).toInteger();
        QVERIFY(evaluated > 0);
        QCOMPARE(evaluated + json.value(QStringLiteral("failed")).toInteger(),
            json.value(QStringLiteral("total")).toInteger());
        QVERIFY(json.value(QStringLiteral("requests")).toInteger() >= evaluated);
        QCOMPARE(again.code, 0);
        QCOMPARE(
            again.json().value(QStringLiteral("total")).toInteger(), json.value(QStringLiteral("failed")).toInteger());
        QCOMPARE(cli({ QStringLiteral("evaluate"), QStringLiteral("--workspace"), workspace,
                         QStringLiteral("--in-flight"), QStringLiteral("100") })
                     .code,
            2);
    }

    void ctrlCDuringAnEvaluationKeepsWhatIsDoneAndARerunContinues()
    {
        const QString workspace = copyOfDemo(QStringLiteral("evaluate-cancel.sqlite"));
        // Slow answers, so the run is still going when Ctrl+C comes.
        QStringList faults { QStringLiteral("--port"), QStringLiteral("0") };
        for (int i = 0; i < 30; ++i)
            faults << QStringLiteral("--fault") << QStringLiteral("slow:200");
        QProcess mock;
        mock.start(QStringLiteral(SEXTANT_OPENAI_MOCK), faults);
        QVERIFY(mock.waitForStarted());
        QVERIFY(mock.waitForReadyRead(10000));
        const QString url = QString::fromUtf8(mock.readLine()).trimmed().section(QLatin1String("listening on "), 1);
        const QString config
            = writeSettings(QStringLiteral("[ai]\nprovider=openai\n\n[openai]\nbaseUrl=%1\n").arg(url));

        QProcess process;
        process.setProcessEnvironment(environment());
        QString progress;
        bool interrupted = false;
        connect(&process, &QProcess::readyReadStandardError, this, [&] {
            progress += QString::fromUtf8(process.readAllStandardError());
            // Once a memory is written (the first line says "0 of …").
            if (!interrupted && progress.contains(QRegularExpression(QStringLiteral("\"status\":\"[1-9][0-9]* of ")))) {
                interrupted = true;
                ::kill(pid_t(process.processId()), SIGINT);
            }
        });
        process.start(QStringLiteral(SEXTANT_CLI),
            { QStringLiteral("evaluate"), QStringLiteral("--workspace"), workspace, QStringLiteral("--in-flight"),
                QStringLiteral("1"), QStringLiteral("--json") });
        QVERIFY(process.waitForStarted());
        QVERIFY(process.waitForFinished(240000));
        progress += QString::fromUtf8(process.readAllStandardError());
        const Run rest
            = cli({ QStringLiteral("evaluate"), QStringLiteral("--workspace"), workspace, QStringLiteral("--json") });
        QFile::remove(config);
        mock.kill();
        mock.waitForFinished();

        QVERIFY2(interrupted, qPrintable(progress));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        const QRegularExpressionMatch counted
            = QRegularExpression(QStringLiteral("Cancelled: (\\d+) of (\\d+) memories evaluated")).match(progress);
        QVERIFY2(counted.hasMatch(), qPrintable(progress));
        const int kept = counted.captured(1).toInt();
        const int total = counted.captured(2).toInt();
        QVERIFY(kept > 0 && kept < total);
        // The rerun evaluates exactly the memories the cancelled run had not reached.
        QCOMPARE(rest.code, 0);
        QCOMPARE(rest.json().value(QStringLiteral("total")).toInt(), total - kept);
        QCOMPARE(rest.json().value(QStringLiteral("evaluated")).toInt(), total - kept);
    }

    void wrongServerFailsWithOne()
    {
        // Port 1 on this machine: nothing listens there.
        const Run run = cli({ QStringLiteral("status"), QStringLiteral("--connect"),
            QStringLiteral("host=127.0.0.1 port=1 dbname=sextant_cli_none_test user=nobody") });
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.startsWith(QLatin1String("Could not connect to nobody@127.0.0.1:1/sextant_cli_none_test")),
            qPrintable(run.err));
    }

    void serverMigratePublishAndRefusals()
    {
        const std::optional<PostgresSettings> server = recreatePostgresDatabase(QStringLiteral("sextant_cli_test"));
        QVERIFY(server);
        const QString owner = connection(*server);

        const Run before
            = cli({ QStringLiteral("status"), QStringLiteral("--connect"), owner, QStringLiteral("--json") });
        QCOMPARE(before.code, 0);
        QCOMPARE(before.json().value(QStringLiteral("schema_version")).toInt(), 0);
        QVERIFY(!before.json().value(QStringLiteral("pending_migrations")).toArray().isEmpty());
        // Work on a schema that is behind is refused with the way out.
        const Run early
            = cli({ QStringLiteral("export"), QStringLiteral("--connect"), owner, file(QStringLiteral("x.jsonl")) });
        QCOMPARE(early.code, 1);
        QVERIFY2(early.err.contains(QLatin1String("sextant-cli migrate")), qPrintable(early.err));

        const Run migrated
            = cli({ QStringLiteral("migrate"), QStringLiteral("--connect"), owner, QStringLiteral("--json") });
        QCOMPARE(migrated.code, 0);
        QCOMPARE(migrated.json().value(QStringLiteral("applied")).toArray().size(),
            before.json().value(QStringLiteral("pending_migrations")).toArray().size());
        const Run again
            = cli({ QStringLiteral("migrate"), QStringLiteral("--connect"), owner, QStringLiteral("--json") });
        QCOMPARE(again.code, 0);
        QVERIFY(again.json().value(QStringLiteral("applied")).toArray().isEmpty());

        const Run published = cli({ QStringLiteral("demo"), QStringLiteral("--publish"), QStringLiteral("--memories"),
            QStringLiteral("300"), QStringLiteral("--connect"), owner });
        QCOMPARE(published.code, 0);
        QCOMPARE(
            memoriesIn(
                cli({ QStringLiteral("status"), QStringLiteral("--connect"), owner, QStringLiteral("--json") }).json()),
            300);

        // A role without any right: even reading the schema is refused.
        QVERIFY(ensureRole(*server, QStringLiteral("sextant_cli_norights"), QString()));
        const Run nothing = cli({ QStringLiteral("status"), QStringLiteral("--connect"),
            connection(*server, QStringLiteral("sextant_cli_norights")) });
        QCOMPARE(nothing.code, 3);
        QVERIFY2(nothing.err.contains(QLatin1String("refused")), qPrintable(nothing.err));

        // A viewer may read but not import: refused, and nothing of the file arrives.
        QVERIFY(ensureRole(*server, QStringLiteral("sextant_cli_viewer"), QStringLiteral("sextant_viewer")));
        const QString viewer = connection(*server, QStringLiteral("sextant_cli_viewer"));
        QCOMPARE(
            memoriesIn(cli({ QStringLiteral("status"), QStringLiteral("--connect"), viewer, QStringLiteral("--json") })
                           .json()),
            300);
        const QString others = file(QStringLiteral("others.jsonl"));
        const QString otherDemo = file(QStringLiteral("others.sqlite"));
        QCOMPARE(cli({ QStringLiteral("demo"), QStringLiteral("--output"), otherDemo, QStringLiteral("--memories"),
                         QStringLiteral("30"), QStringLiteral("--seed"), QStringLiteral("11") })
                     .code,
            0);
        QCOMPARE(cli({ QStringLiteral("export"), QStringLiteral("--workspace"), otherDemo, others }).code, 0);
        // The viewer may export the decisions but may not run the matcher, scan texts or read audit attributes.
        QCOMPARE(cli({ QStringLiteral("review-export"), QStringLiteral("--connect"), viewer,
                         file(QStringLiteral("viewer-decisions.csv")) })
                     .code,
            0);
        QCOMPARE(cli({ QStringLiteral("match"), QStringLiteral("--connect"), viewer }).code, 3);
        QCOMPARE(cli({ QStringLiteral("bias-scan"), QStringLiteral("--connect"), viewer }).code, 3);
        const QString hidden = file(QStringLiteral("viewer-fairness.pdf"));
        const Run audit = cli({ QStringLiteral("fairness-report"), QStringLiteral("--connect"), viewer,
            QStringLiteral("--attribute"), QStringLiteral("age_band"), hidden });
        QCOMPARE(audit.code, 3);
        QVERIFY2(audit.err.contains(QLatin1String("audit attributes")), qPrintable(audit.err));
        QVERIFY(!QFileInfo::exists(hidden));
        // The owner may: a match run and a report on the server.
        QCOMPARE(cli({ QStringLiteral("match"), QStringLiteral("--connect"), owner }).code, 0);
        QCOMPARE(cli({ QStringLiteral("fairness-report"), QStringLiteral("--connect"), owner,
                         QStringLiteral("--attribute"), QStringLiteral("age_band"), file(QStringLiteral("owner.csv")) })
                     .code,
            0);

        const Run refused = cli({ QStringLiteral("import"), QStringLiteral("--connect"), viewer, others });
        QCOMPARE(refused.code, 3);
        QVERIFY2(refused.err.contains(QLatin1String("not allowed")), qPrintable(refused.err));
        QCOMPARE(
            memoriesIn(
                cli({ QStringLiteral("status"), QStringLiteral("--connect"), owner, QStringLiteral("--json") }).json()),
            300);

        // The same server by the name of a connection profile the window saved (File → Connect).
        const QString config = writeSettings(QStringLiteral("[connections]\n1\\name=cli nightly\n1\\host=%1\n"
                                                            "1\\port=%2\n1\\database=%3\n1\\user=%4\nsize=1\n")
                                                 .arg(server->host)
                                                 .arg(server->port)
                                                 .arg(server->database, server->user));
        const Run byProfile = cli({ QStringLiteral("status"), QStringLiteral("--profile"),
            QStringLiteral("cli nightly"), QStringLiteral("--json") });
        QFile::remove(config);
        QCOMPARE(byProfile.code, 0);
        QCOMPARE(memoriesIn(byProfile.json()), 300);
        QCOMPARE(byProfile.json().value(QStringLiteral("workspace")).toString(), server->displayName());
    }

    // The nightly script of the issue, against PostgreSQL, with the fairness report at the end.
    void nightlyScriptOnPostgres()
    {
        const std::optional<PostgresSettings> server = migratedDatabase(QStringLiteral("sextant_cli_nightly_test"));
        QVERIFY(server);
        const QString target = connection(*server);
        QCOMPARE(cli({ QStringLiteral("demo"), QStringLiteral("--publish"), QStringLiteral("--memories"),
                         QStringLiteral("300"), QStringLiteral("--connect"), target })
                     .code,
            0);
        const QJsonObject before
            = cli({ QStringLiteral("status"), QStringLiteral("--connect"), target, QStringLiteral("--json") }).json();
        const QString points = file(QStringLiteral("nightly-map.csv"));
        const QString picture = file(QStringLiteral("nightly-map.png"));
        const QString decisions = file(QStringLiteral("nightly-decisions.csv"));
        const QString report = file(QStringLiteral("nightly-fairness.pdf"));
        const QList<QStringList> steps {
            { QStringLiteral("embed"), QStringLiteral("--offline") },
            { QStringLiteral("map"), QStringLiteral("--csv"), points, QStringLiteral("--png"), picture },
            { QStringLiteral("bias-scan") },
            { QStringLiteral("review-export"), decisions },
            { QStringLiteral("fairness-report"), QStringLiteral("--attribute"), QStringLiteral("age_band"), report },
            { QStringLiteral("match") },
        };
        QHash<QString, QJsonObject> results;
        for (const QStringList &step : steps) {
            const Run run = cli(step + QStringList { QStringLiteral("--connect"), target, QStringLiteral("--json") });
            QVERIFY2(run.code == 0, qPrintable(step.join(QLatin1Char(' ')) + QLatin1String(": ") + run.err));
            results.insert(step.constFirst(), run.json());
        }
        for (const QString &written : { points, picture, decisions, report })
            QVERIFY2(QFileInfo(written).size() > 0, qPrintable(written));
        QVERIFY(results.value(QStringLiteral("map")).value(QStringLiteral("points")).toInteger() > 0);
        QVERIFY(results.value(QStringLiteral("fairness-report")).value(QStringLiteral("total")).toInteger() > 0);
        const QJsonObject after
            = cli({ QStringLiteral("status"), QStringLiteral("--connect"), target, QStringLiteral("--json") }).json();
        QCOMPARE(countOf(after, "bias_reports"),
            countOf(before, "bias_reports")
                + results.value(QStringLiteral("bias-scan")).value(QStringLiteral("checked")).toInteger());
        QCOMPARE(countOf(after, "matches"),
            countOf(before, "matches")
                + results.value(QStringLiteral("match")).value(QStringLiteral("proposals")).toInteger());
        QCOMPARE(
            after.value(QStringLiteral("pending")).toObject().value(QStringLiteral("running_match_runs")).toInt(), 0);
    }

    void ctrlCDuringAnImportRollsItBack()
    {
        const std::optional<PostgresSettings> server = migratedDatabase(QStringLiteral("sextant_cli_cancel_test"));
        QVERIFY(server);
        const QString target = connection(*server);
        // Large enough that the import writes several batches: it is interrupted after the first.
        const QString rows = demoMemoriesFile(QStringLiteral("big"), 3);
        QVERIFY(!rows.isEmpty());

        QProcess process;
        process.setProcessEnvironment(environment());
        QString progress;
        bool interrupted = false;
        connect(&process, &QProcess::readyReadStandardError, this, [&] {
            progress += QString::fromUtf8(process.readAllStandardError());
            if (!interrupted && progress.contains(QLatin1String("\"event\":\"progress\""))
                && progress.contains(QLatin1String("\"task\":\"Import\""))) {
                interrupted = true;
                ::kill(pid_t(process.processId()), SIGINT);
            }
        });
        process.start(QStringLiteral(SEXTANT_CLI),
            { QStringLiteral("import"), QStringLiteral("--json"), QStringLiteral("--connect"), target, rows });
        QVERIFY(process.waitForStarted());
        QVERIFY(process.waitForFinished(240000));
        progress += QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(interrupted, qPrintable(progress));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit); // it handled the signal, it did not die of it
        QCOMPARE(process.exitCode(), 130);
        QVERIFY2(progress.contains(QLatin1String("\"event\":\"cancelled\"")), qPrintable(progress));
        QVERIFY(progress.contains(QLatin1String("cancelled; nothing"), Qt::CaseInsensitive)); // the sentence, too
        QVERIFY(process.readAllStandardOutput().isEmpty());

        const Run after
            = cli({ QStringLiteral("status"), QStringLiteral("--connect"), target, QStringLiteral("--json") });
        QCOMPARE(after.code, 0);
        QCOMPARE(memoriesIn(after.json()), 0);
        QCOMPARE(
            after.json().value(QStringLiteral("counts")).toObject().value(QStringLiteral("evaluations")).toInt(), 0);

        // The same file, uninterrupted, arrives whole: the cancelled run left nothing in its way.
        const Run whole
            = cli({ QStringLiteral("import"), QStringLiteral("--connect"), target, rows, QStringLiteral("--json") });
        QCOMPARE(whole.code, 0);
        QCOMPARE(whole.json().value(QStringLiteral("memories")).toInt(), 3000);
    }

    void lostServerDuringAnImportSaysSoOnce()
    {
        // The server ends the import's session mid-file (pg_terminate_backend, as an operator or a failover
        // would): the command fails with Sextant's sentence, not Qt's driver lines, and leaves no part of the file.
        const std::optional<PostgresSettings> server = migratedDatabase(QStringLiteral("sextant_cli_drop_test"));
        QVERIFY(server);
        const QString target = connection(*server);
        const QString rows = demoMemoriesFile(QStringLiteral("drop"), 5);
        QVERIFY(!rows.isEmpty());

        PostgresSettings admin = *server;
        admin.database = QStringLiteral("postgres");
        QProcess process;
        process.setProcessEnvironment(environment());
        QString progress;
        bool cut = false;
        connect(&process, &QProcess::readyReadStandardError, this, [&] {
            progress += QString::fromUtf8(process.readAllStandardError());
            if (!cut && progress.contains(QLatin1String("\"task\":\"Import\""))) {
                cut = runSql(admin,
                    { QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                                     "'sextant_cli_drop_test' AND pid <> pg_backend_pid()") });
            }
        });
        process.start(QStringLiteral(SEXTANT_CLI),
            { QStringLiteral("import"), QStringLiteral("--json"), QStringLiteral("--connect"), target, rows });
        QVERIFY(process.waitForStarted());
        QVERIFY(process.waitForFinished(240000));
        progress += QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(cut, qPrintable(progress));
        QVERIFY2(process.exitCode() != 0, qPrintable(progress));
        QVERIFY2(progress.contains(QLatin1String("connection to the database server was lost")), qPrintable(progress));
        for (const char *driverLine : { "QSqlQuery::", "QSqlDatabase", "QPSQL" })
            QVERIFY2(!progress.contains(QLatin1String(driverLine)), qPrintable(progress));

        const Run after
            = cli({ QStringLiteral("status"), QStringLiteral("--connect"), target, QStringLiteral("--json") });
        QCOMPARE(after.code, 0);
        QCOMPARE(memoriesIn(after.json()), 0); // one transaction: the cut rolled all of it back
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
