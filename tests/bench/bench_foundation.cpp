// Foundation benchmarks: offline embedder throughput and demo workspace generation.
// Prints one line per result in the format tests/bench/run documents.
#include "demo/demogenerator.h"
#include "ai/offlineembedder.h"
#include "workspace/workspacesession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

namespace {
QTextStream out(stdout);

void embed(bool quick)
{
    // Short texts like a memory summary or a search query (8–14 words).
    static const char *words[] = { "telescope", "mirror", "sourdough", "starter", "prune", "tomato", "greenhouse",
                                   "collimate", "knead", "dough", "orbit", "planet", "compost", "seedling",
                                   "focus", "lens", "bake", "oven", "river", "kayak", "paddle", "rapids" };
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
    out << "BENCH embed.offline_texts_per_s value=" << qRound64(rate) << "texts/s baseline=20000texts/s ratio="
        << QString::number(rate / 20000.0, 'f', 2) << " quality=single-thread" << (sink > 1e30f ? " " : "") << '\n';
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
    const Result<DemoSummary> summary = WorkspaceSession::createDemoFile(dir.filePath(QStringLiteral("demo.sqlite")), spec);
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (!summary) {
        out << "BENCH demo.generate error=\"" << summary.error().message << "\"\n";
        return;
    }
    out << "BENCH demo.generate_default value=" << QString::number(seconds, 'f', 2) << "s baseline=10s ratio="
        << QString::number(seconds / 10.0, 'f', 2) << " quality=" << summary->memories << "memories\n";
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
        else if (group == QLatin1String("demo"))
            demo(quick);
        out.flush();
    }
    return 0;
}
