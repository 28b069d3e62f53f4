#include "fairness/biasdetector.h"

#include "ai/openaiclient.h"
#include "core/jsonschemacheck.h"
#include "tasks/taskcontrol.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QThread>

#include <memory>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("BiasDetector", text);
}

constexpr int MaxTokens = 1200;
constexpr int WaitStepMs = 20;

QJsonObject number01()
{
    return { { QStringLiteral("type"), QStringLiteral("number") }, { QStringLiteral("minimum"), 0 },
        { QStringLiteral("maximum"), 1 } };
}

QString instructions()
{
    return QStringLiteral(
        "You review text from a freelance marketplace (a job ad, a freelancer profile or a client's review) for "
        "biased or exclusionary wording: gender-coded language, age-coded language (\"young\", \"recent graduate\", "
        "\"digital native\"), race, ethnicity or nationality, disability, religion, family status, and other "
        "exclusionary requirements. Quote every problematic span exactly as it occurs in the text, with its start "
        "offset (in characters, counting from 0) and length. Score 0 means no bias, 1 severe bias; confidence is how "
        "sure you are. Recommend a concrete rewording, or an empty string when nothing needs changing.");
}

} // namespace

Result<BiasFinding> LexiconDetector::detect(const QString &text, const QString &, TaskControl &)
{
    BiasFinding f;
    f.spans = m_lexicon.scan(text);
    const BiasLexicon::Verdict v = BiasLexicon::judge(f.spans);
    f.score = v.score;
    f.confidence = v.confidence;
    f.categories = v.categories;
    f.recommendation = v.recommendation;
    f.flagged = v.flagged;
    return f;
}

LlmBiasDetector::LlmBiasDetector(OpenAiClient *client, QString model)
    : m_client(client)
    , m_model(std::move(model))
{
}

QStringList LlmBiasDetector::categories()
{
    return { QStringLiteral("gender_coded_masculine"), QStringLiteral("gender_coded_feminine"), QStringLiteral("gender"),
        QStringLiteral("age_coded"), QStringLiteral("race_ethnicity"), QStringLiteral("nationality"),
        QStringLiteral("disability"), QStringLiteral("religion"), QStringLiteral("family_status"),
        QStringLiteral("exclusionary"), QStringLiteral("personal_attack"), QStringLiteral("other") };
}

QJsonObject LlmBiasDetector::schema()
{
    const QJsonObject category { { QStringLiteral("type"), QStringLiteral("string") },
        { QStringLiteral("enum"), QJsonArray::fromStringList(categories()) } };
    const QJsonObject integer { { QStringLiteral("type"), QStringLiteral("integer") }, { QStringLiteral("minimum"), 0 } };
    const QJsonObject span { { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("additionalProperties"), false },
        { QStringLiteral("required"),
            QJsonArray { QStringLiteral("start"), QStringLiteral("length"), QStringLiteral("category"), QStringLiteral("term") } },
        { QStringLiteral("properties"),
            QJsonObject { { QStringLiteral("start"), integer }, { QStringLiteral("length"), integer },
                { QStringLiteral("category"), category }, { QStringLiteral("term"), QJsonObject { { QStringLiteral("type"), QStringLiteral("string") } } } } } };
    return { { QStringLiteral("type"), QStringLiteral("object") }, { QStringLiteral("additionalProperties"), false },
        { QStringLiteral("required"),
            QJsonArray { QStringLiteral("categories"), QStringLiteral("spans"), QStringLiteral("score"),
                QStringLiteral("confidence"), QStringLiteral("recommendation") } },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("categories"), QJsonObject { { QStringLiteral("type"), QStringLiteral("array") }, { QStringLiteral("items"), category } } },
                { QStringLiteral("spans"), QJsonObject { { QStringLiteral("type"), QStringLiteral("array") }, { QStringLiteral("items"), span } } },
                { QStringLiteral("score"), number01() }, { QStringLiteral("confidence"), number01() },
                { QStringLiteral("recommendation"), QJsonObject { { QStringLiteral("type"), QStringLiteral("string") } } } } } };
}

Result<BiasFinding> LlmBiasDetector::read(const QJsonObject &answer, const QString &text)
{
    if (const QString why = JsonSchemaCheck::violation(answer, schema()); !why.isEmpty())
        return makeError(Error::Io, tr("The model's answer does not follow the schema (%1).").arg(why));
    BiasFinding f;
    f.score = answer.value(QStringLiteral("score")).toDouble();
    f.confidence = answer.value(QStringLiteral("confidence")).toDouble();
    f.recommendation = answer.value(QStringLiteral("recommendation")).toString();
    for (const QJsonValue &c : answer.value(QStringLiteral("categories")).toArray())
        if (!f.categories.contains(c.toString()))
            f.categories << c.toString();
    for (const QJsonValue &v : answer.value(QStringLiteral("spans")).toArray()) {
        const QJsonObject s = v.toObject();
        BiasSpan span { s.value(QStringLiteral("start")).toInt(), s.value(QStringLiteral("length")).toInt(),
            s.value(QStringLiteral("category")).toString(), s.value(QStringLiteral("term")).toString(),
            QStringLiteral("llm") };
        // Models miscount offsets; the quoted term is what counts. A term that is not in the text means the
        // answer is about some other text, so the whole answer is refused.
        if (span.term.isEmpty() || text.mid(span.start, span.length).compare(span.term, Qt::CaseInsensitive) != 0) {
            const qsizetype at = span.term.isEmpty() ? -1 : text.indexOf(span.term, 0, Qt::CaseInsensitive);
            if (at < 0)
                return makeError(Error::Io, tr("The model quoted \"%1\", which is not in the text.").arg(span.term.left(80)));
            span.start = int(at);
            span.length = int(span.term.size());
        }
        if (!f.categories.contains(span.category))
            f.categories << span.category;
        f.spans << span;
    }
    std::sort(f.spans.begin(), f.spans.end(), [](const BiasSpan &a, const BiasSpan &b) { return a.start < b.start; });
    f.flagged = f.score >= 0.5 || !f.spans.isEmpty();
    return f;
}

Result<BiasFinding> LlmBiasDetector::detect(const QString &text, const QString &entityType, TaskControl &control)
{
    if (!m_client)
        return makeError(Error::InvalidInput, tr("No OpenAI connection is set up, so the model could not check the text."));
    ChatRequest request;
    request.messages = { ChatMessage { QStringLiteral("system"), instructions() },
        ChatMessage { QStringLiteral("user"), QStringLiteral("Entity type: %1\n\nText:\n%2").arg(entityType, text) } };
    request.model = m_model;
    request.temperature = 0.0;
    request.maxTokens = MaxTokens;
    request.schemaName = QStringLiteral("bias_report");
    request.jsonSchema = schema();
    request.usageTag = QStringLiteral("Bias scan");
    request.checkReply = false; // read() judges the answer and says why it is refused

    auto promise = std::make_shared<QPromise<Result<ChatReply>>>();
    QFuture<Result<ChatReply>> future = promise->future();
    promise->start();
    CancelToken cancel;
    QPointer<OpenAiClient> client = m_client;
    QMetaObject::invokeMethod(
        client.data(),
        [client, request, promise, cancel]() {
            if (!client) {
                promise->addResult(Result<ChatReply>(makeError(Error::Cancelled, tr("The OpenAI connection was closed."))));
                promise->finish();
                return;
            }
            QCoro::connect(client->chat(request, cancel), client.data(), [promise](const Result<ChatReply> &reply) {
                promise->addResult(reply);
                promise->finish();
            });
        },
        Qt::QueuedConnection);
    while (!future.isFinished()) {
        if (control.isCancelled()) {
            cancel.cancel();
            return makeError(Error::Cancelled, tr("The scan was cancelled."));
        }
        QThread::msleep(WaitStepMs);
    }
    if (future.resultCount() == 0)
        return makeError(Error::Cancelled, tr("The OpenAI connection was closed."));
    const Result<ChatReply> reply = future.result();
    if (!reply)
        return reply.error();
    if (!reply->refusal.isEmpty())
        return makeError(Error::Io, tr("The model declined to check the text: %1").arg(reply->refusal.left(300)));
    if (reply->finishReason == QLatin1String("length"))
        return makeError(Error::Io, tr("The model's answer was cut off before its JSON was complete."));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(reply->content.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return makeError(Error::Io, tr("The model's answer is not a JSON object."));
    return read(document.object(), text);
}
