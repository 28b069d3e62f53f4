// Foundation benchmarks: offline embedder throughput, demo workspace generation and publishing the demo to a
// server. Prints one line per result in the format tests/bench/run documents.
#include "demo/demogenerator.h"
#include "demo/demopublisher.h"
#include "ai/offlineembedder.h"
#include "db/postgresworkspace.h"
#include "workspace/workspacesession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

namespace {
QTextStream out(stdout);

void embed(bool quick)
{
    // Short texts like a memory summary or a search query (8–14 words).
    static const char *words[] = { "telescope", "mirror", "sourdough", "starter", "prune", "tomato", "greenhouse",
        "collimate", "knead", "dough", "orbit", "planet", "compost", "seedling", "focus", "lens", "bake", "oven",
        "river", "kayak", "paddle", "rapids" };
    const int count = quick ? 20000 : 200000;
    QStringList texts;
    texts.reserve(count);
    quint64 state = 7;
    for (int i = 0; i < count; ++i) {
        QString text;
        const int n = 8 + int(i % 7);
        for (int w = 0; w < n; ++w) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            text += QLatin1String(words[(state >> 33) % 22]) + QLatin1Char(' ');
        }
        texts << text;
    }
    Embedding buffer(EmbeddingDimensions);
    QElapsedTimer timer;
    timer.start();
    float sink = 0;
    for (const QString &text : std::as_const(texts)) {
        OfflineEmbedder::embedInto(text, buffer.data());
        sink += buffer[0];
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    const double rate = count / seconds;
    out << "BENCH embed.offline_texts_per_s value=" << qRound64(rate)
        << "texts/s baseline=20000texts/s ratio=" << QString::number(rate / 20000.0, 'f', 2) << " quality=single-thread"
        << (sink > 1e30f ? " " : "") << '\n';
}

void demo(bool quick)
{
    QTemporaryDir dir;
    DemoSpec spec;
    if (quick) {
        spec.memories = 1000;
        spec.freelancers = 400;
        spec.jobs = 80;
    }
    QElapsedTimer timer;
    timer.start();
    const Result<DemoSummary> summary
        = WorkspaceSession::createDemoFile(dir.filePath(QStringLiteral("demo.sqlite")), spec);
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (!summary) {
        out << "BENCH demo.generate error=\"" << summary.error().message << "\"\n";
        return;
    }
    out << "BENCH demo.generate_default value=" << QString::number(seconds, 'f', 2)
        << "s baseline=10s ratio=" << QString::number(seconds / 10.0, 'f', 2) << " quality=" << summary->memories
        << "memories\n";
}

// Runs `statements` on a connection of its own, closed before this returns (PGlite serves one at a time and
// may turn a new one away right after the last closed: a few tries).
QString runAdmin(const PostgresSettings &settings, const QStringList &statements)
{
    QString error;
    for (int attempt = 0; attempt < 20; ++attempt) {
        error.clear();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench-admin"));
            db.setHostName(settings.host);
            db.setPort(settings.port);
            db.setUserName(settings.user);
            db.setPassword(settings.password);
            db.setDatabaseName(settings.database);
            if (db.open()) {
                QSqlQuery q(db);
                for (const QString &statement : statements) {
                    if (!q.exec(statement)) {
                        error = q.lastError().text();
                        break;
                    }
                }
            } else {
                error = db.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bench-admin"));
        if (error.isEmpty() || !error.contains(QLatin1String("connect")))
            return error;
        QThread::msleep(200);
    }
    return error;
}

// What `sextant --connect … --migrate --publish-demo` waits for: migrating an empty database, then publishing.
double publishSeconds(const PostgresSettings &settings, const DemoSpec &spec, DemoSink::Method method, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    Result<std::unique_ptr<Repository>> repo
        = PostgresWorkspace::open(settings, QStringLiteral("bench-publish"), PostgresWorkspace::Migrations::Apply);
    if (!repo) {
        *error = repo.error().message;
        return -1;
    }
    const Result<DemoSummary> summary = DemoPublisher::publish(**repo, spec, {}, method);
    if (!summary) {
        *error = summary.error().message;
        return -1;
    }
    return timer.nsecsElapsed() / 1e9;
}

// Fresh target for each run: a new database on PostgreSQL, new schemas on PGlite (one database only).
std::optional<PostgresSettings> freshTarget(const QString &variable, bool schemasOnly, QString *error)
{
    Result<PostgresSettings> settings
        = PostgresSettings::fromConnectionString(qEnvironmentVariable(qPrintable(variable)));
    if (!settings) {
        *error = settings.error().message;
        return std::nullopt;
    }
    if (schemasOnly) {
        settings->schemas = SqlSchemas { QStringLiteral("bench_eumas"), QStringLiteral("bench_auth"),
            QStringLiteral("bench_core"), QStringLiteral("bench_ai") };
        *error = runAdmin(*settings,
            { QStringLiteral("DROP SCHEMA IF EXISTS bench_eumas, bench_auth, bench_core, bench_ai CASCADE") });
    } else {
        settings->database = QStringLiteral("postgres");
        *error = runAdmin(*settings,
            { QStringLiteral("DROP DATABASE IF EXISTS sextant_bench_publish WITH (FORCE)"),
                QStringLiteral("CREATE DATABASE sextant_bench_publish") });
        settings->database = QStringLiteral("sextant_bench_publish");
    }
    if (!error->isEmpty())
        return std::nullopt;
    return *settings;
}

// demo.publish_postgres (PostgreSQL 15, real[] vectors) and demo.publish_pgvector (PGlite, vector(1536) with
// HNSW): binary COPY with the indexes built after the load, against the row-by-row statements it replaced,
// in the same run. Servers from SEXTANT_TEST_PG / SEXTANT_TEST_PGVECTOR (source /tmp/testenv.sh or .ci/run).
void publish(bool quick)
{
    DemoSpec spec;
    if (quick) {
        spec.memories = 1000;
        spec.freelancers = 400;
        spec.jobs = 80;
    }
    const struct
    {
        const char *row;
        const char *variable;
        bool schemasOnly;
    } targets[]
        = { { "publish_postgres", "SEXTANT_TEST_PG", false }, { "publish_pgvector", "SEXTANT_TEST_PGVECTOR", true } };
    for (const auto &target : targets) {
        if (qEnvironmentVariableIsEmpty(target.variable)) {
            out << "BENCH demo." << target.row << " skipped=\"" << target.variable << " is not set\"\n";
            continue;
        }
        if (quick && target.schemasOnly) {
            // PGlite serves one connection, and the quick pass runs beside the tests that use it.
            out << "BENCH demo." << target.row << " skipped=\"not in a quick pass\"\n";
            continue;
        }
        double seconds[2] = {};
        QString error;
        for (const DemoSink::Method method : { DemoSink::Method::Statements, DemoSink::Method::Copy }) {
            const std::optional<PostgresSettings> settings
                = freshTarget(QString::fromLatin1(target.variable), target.schemasOnly, &error);
            if (!settings)
                break;
            seconds[method == DemoSink::Method::Copy] = publishSeconds(*settings, spec, method, &error);
            if (!error.isEmpty())
                break;
        }
        if (!error.isEmpty()) {
            out << "BENCH demo." << target.row << " error=\"" << error << "\"\n";
            continue;
        }
        out << "BENCH demo." << target.row << " value=" << QString::number(seconds[1], 'f', 2)
            << "s baseline=" << QString::number(seconds[0], 'f', 2)
            << "s ratio=" << QString::number(seconds[1] / seconds[0], 'f', 2) << " quality=" << spec.memories
            << "memories,baseline=row-by-row-statements\n";
        out.flush();
    }
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList groups = app.arguments().mid(1);
    const bool quick = groups.removeAll(QStringLiteral("--quick")) > 0;
    if (groups.isEmpty())
        groups = { QStringLiteral("embed"), QStringLiteral("demo") };
    for (const QString &group : groups) {
        if (group == QLatin1String("embed"))
            embed(quick);
        else if (group == QLatin1String("demo")) {
            demo(quick);
            publish(quick);
        }
        out.flush();
    }
    return 0;
}
