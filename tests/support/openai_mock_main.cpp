#include "support/openaitestserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

// sextant-openai-mock [--port N] [--key KEY] [--fault 429:1500 ...]: the test server as a process, so an
// operator can point Sextant's OpenAI settings at it and watch retries, the breaker and streaming live.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sextant-openai-mock"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A loopback stand-in for the OpenAI API (127.0.0.1 only)."));
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port to listen on (0: any free one)."),
        QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption key(
        QStringLiteral("key"), QStringLiteral("Answer 401 unless this API key is sent."), QStringLiteral("key"));
    const QCommandLineOption fault(QStringLiteral("fault"),
        QStringLiteral("Queue a fault for the next request: 429:<retry-after-ms>, 500, slow:<ms>, drop, malformed, "
                       "cut, schema, 401, 403, 404. Repeatable."),
        QStringLiteral("fault"));
    parser.addOptions({ port, key, fault });
    parser.process(app);

    OpenAiTestServer server;
    if (!server.listen(quint16(parser.value(port).toUInt()))) {
        QTextStream(stderr) << "Cannot listen on 127.0.0.1:" << parser.value(port) << Qt::endl;
        return 1;
    }
    server.setRequiredKey(parser.value(key));
    using F = OpenAiTestServer::Fault;
    const QHash<QString, F> names { { QStringLiteral("429"), F::RateLimit }, { QStringLiteral("500"), F::ServerError },
        { QStringLiteral("slow"), F::Slow }, { QStringLiteral("drop"), F::Drop },
        { QStringLiteral("malformed"), F::MalformedJson }, { QStringLiteral("cut"), F::CutStream },
        { QStringLiteral("schema"), F::SchemaViolation }, { QStringLiteral("401"), F::Unauthorized },
        { QStringLiteral("403"), F::Forbidden }, { QStringLiteral("404"), F::NotFound } };
    for (const QString &spec : parser.values(fault)) {
        const QString name = spec.section(QLatin1Char(':'), 0, 0);
        if (!names.contains(name)) {
            QTextStream(stderr) << "Unknown fault " << spec << Qt::endl;
            return 1;
        }
        server.queueFault(names.value(name), spec.section(QLatin1Char(':'), 1).toInt());
    }
    QTextStream(stdout) << "OpenAI mock listening on " << server.baseUrl().toString() << Qt::endl;
    return app.exec();
}
