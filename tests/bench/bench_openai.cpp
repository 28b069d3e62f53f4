// bench_openai [--quick]: the AI client's throughput against the loopback OpenAI server (tests/
// openaitestserver, on its own thread): texts embedded per second through the client (batches of 256,
// 4 in flight), the same texts again through the embedding cache on a SQLite workspace, and evaluations
// per minute of demo memories in both evaluation modes (one request per memory, one per archetype).
// The server answers at once: these are Sextant's own costs, not a model's.
#include "archetypes/archetypeevaluator.h"
#include "archetypes/bulkevaluation.h"
#include "ai/cachingembedder.h"
#include "db/databaseworker.h"
#include "demo/demogenerator.h"
#include "ai/openaiclient.h"
#include "support/openaitestserver.h"
#include "archetypes/promptlibrary.h"
#include "db/sqliteworkspace.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

namespace {

QStringList texts(int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QStringLiteral("Memory %1: the operator asked how to prune the tomato plants before the frost, "
                              "and the agent explained where to pinch the suckers above the leaf node.")
                   .arg(i);
    return out;
}

void line(const char *row, double value, const char *unit, const QString &quality)
{
    std::printf("BENCH openai.%s value=%.1f%s quality=%s\n", row, value, unit, qPrintable(quality));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int embedTexts = quick ? 2000 : 20000;
    const int memories = quick ? 20 : 100;

    QThread serverThread;
    serverThread.start();
    auto *server = new OpenAiTestServer;
    server->moveToThread(&serverThread);
    bool listening = false;
    QMetaObject::invokeMethod(server, [&] { listening = server->listen(); }, Qt::BlockingQueuedConnection);
    if (!listening)
        return 1;

    OpenAiSettings settings;
    settings.baseUrl = server->baseUrl().toString();
    settings.requestsPerMinute = 100000;
    settings.tokensPerMinute = 100000000;
    OpenAiClient client(settings, QStringLiteral("sk-bench"));

    QElapsedTimer timer;
    timer.start();
    const auto vectors = QCoro::waitFor(client.embed(texts(embedTexts)));
    const double seconds = timer.elapsed() / 1000.0;
    if (!vectors)
        return 2;
    line("embed_texts_per_s", embedTexts / seconds, "texts/s",
        QStringLiteral("texts:%1,batch:%2,in_flight:%3").arg(embedTexts).arg(settings.batchMaxInputs).arg(settings.embeddingConcurrency));

    QTemporaryDir dir;
    DatabaseWorker worker;
    const QString path = dir.filePath(QStringLiteral("bench.sqlite"));
    auto opened = worker.open([path] { return SqliteWorkspace::open(path, QStringLiteral("bench")); });
    opened.waitForFinished();
    if (!opened.result())
        return 3;
    CachingEmbedder cached(&client, &worker);
    if (!QCoro::waitFor(cached.embed(texts(embedTexts)))) // fills the cache
        return 3;
    timer.restart();
    const auto again = QCoro::waitFor(cached.embed(texts(embedTexts)));
    const double cachedSeconds = timer.elapsed() / 1000.0;
    line("embed_cached_texts_per_s", embedTexts / cachedSeconds, "texts/s",
        QStringLiteral("hit_ratio:%1").arg(cached.stats().hitRatio(), 0, 'f', 3));

    DemoSpec spec;
    spec.memories = memories;
    spec.freelancers = 10;
    spec.jobs = 5;
    auto generated = worker.run([spec](Repository &r) { return DemoGenerator::generate(r, spec); });
    generated.waitForFinished();
    for (const char *mode : { PromptLibrary::PerMemory, PromptLibrary::PerArchetype }) {
        const auto prompt = PromptLibrary().find(QStringLiteral("archetype-evaluation"), QString::fromLatin1(mode));
        if (!prompt)
            return 4;
        ArchetypeEvaluator evaluator(client, *prompt);
        BulkEvaluation job(worker, evaluator, nullptr);
        BulkEvaluationOptions options;
        options.skipDone = false;
        const BulkEvaluationSummary s = QCoro::waitFor(job.run(options));
        if (s.error || s.evaluated == 0)
            return 5;
        const QString row = QStringLiteral("evaluations_per_min_%1").arg(QString::fromLatin1(mode).replace(QLatin1Char('-'), QLatin1Char('_')));
        line(qPrintable(row), s.evaluated / (s.elapsedMs / 60000.0), "memories/min",
            QStringLiteral("memories:%1,requests:%2,prompt_tokens:%3,completion_tokens:%4,failed:%5")
                .arg(s.evaluated).arg(s.requests).arg(s.promptTokens).arg(s.completionTokens).arg(s.failed));
    }

    QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return 0;
}
