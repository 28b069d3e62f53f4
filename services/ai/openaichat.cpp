#include "ai/openaiclient.h"

#include "core/jsonschemacheck.h"
#include "ai/ssestream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
void readUsage(const QJsonObject &object, ChatReply &reply)
{
    const QJsonObject usage = object.value(QLatin1String("usage")).toObject();
    if (usage.isEmpty())
        return;
    reply.promptTokens = usage.value(QLatin1String("prompt_tokens")).toInt();
    reply.completionTokens = usage.value(QLatin1String("completion_tokens")).toInt();
}
} // namespace

OpenAiClient::ApiCall OpenAiClient::chatCall(const ChatRequest &request, bool stream) const
{
    ApiCall result;
    result.path = QStringLiteral("chat/completions");
    result.model = request.model.isEmpty() ? m_settings.chatModel : request.model;
    QJsonArray messages;
    int tokens = request.maxTokens > 0 ? request.maxTokens : 256; // the answer counts against TPM as well
    for (const ChatMessage &message : request.messages) {
        messages.append(
            QJsonObject { { QStringLiteral("role"), message.role }, { QStringLiteral("content"), message.content } });
        tokens += estimateTokens(message.content) + 4;
    }
    result.estimatedTokens = tokens;
    QJsonObject body { { QStringLiteral("model"), result.model }, { QStringLiteral("messages"), messages } };
    if (request.temperature)
        body.insert(QStringLiteral("temperature"), *request.temperature);
    if (request.maxTokens > 0)
        body.insert(QStringLiteral("max_completion_tokens"), request.maxTokens);
    if (!request.jsonSchema.isEmpty()) {
        body.insert(QStringLiteral("response_format"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("json_schema") },
                { QStringLiteral("json_schema"),
                    QJsonObject { { QStringLiteral("name"), request.schemaName },
                        { QStringLiteral("schema"), request.jsonSchema }, { QStringLiteral("strict"), true } } } });
    }
    if (stream) {
        body.insert(QStringLiteral("stream"), true);
        body.insert(QStringLiteral("stream_options"), QJsonObject { { QStringLiteral("include_usage"), true } });
    }
    result.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return result;
}

Result<ChatReply> OpenAiClient::finishChat(ChatReply reply, const ChatRequest &request, int estimatedTokens)
{
    m_limiter.settle(estimatedTokens, reply.promptTokens + reply.completionTokens);
    reportUsage(QStringLiteral("chat"), reply.model.isEmpty() ? request.model : reply.model, request.usageTag, 1,
        reply.promptTokens, reply.completionTokens);
    if (request.jsonSchema.isEmpty())
        return reply;
    if (!request.checkReply) {
        reply.json = QJsonDocument::fromJson(reply.content.toUtf8()).object();
        return reply;
    }
    const auto violation = [&](const QString &message) -> Result<ChatReply> {
        Q_EMIT attemptFailed(OpenAiFault::SchemaViolation, message);
        return makeError(Error::InvalidInput, message);
    };
    if (reply.finishReason == QLatin1String("length"))
        return violation(tr("The model's answer was cut off at the token limit before its JSON was complete."));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(reply.content.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return violation(tr("The model's answer is not the JSON object that was asked for."));
    if (const QString why = JsonSchemaCheck::violation(document.object(), request.jsonSchema); !why.isEmpty())
        return violation(tr("The model's answer does not follow the schema (%1).").arg(why));
    reply.json = document.object();
    return reply;
}

QCoro::Task<Result<ChatReply>> OpenAiClient::chat(ChatRequest request, CancelToken cancel)
{
    ApiCall apiCall = chatCall(request, false);
    const int estimated = apiCall.estimatedTokens;
    Result<OpenAiRawReply> raw = co_await call(std::move(apiCall), cancel);
    if (!raw)
        co_return raw.error();
    Result<ChatReply> reply = readChat(QJsonDocument::fromJson(raw->body).object());
    if (!reply)
        co_return reply.error();
    if (!reply->refusal.isEmpty() && request.checkReply) {
        Q_EMIT attemptFailed(OpenAiFault::SchemaViolation, reply->refusal);
        co_return makeError(Error::InvalidInput, tr("The model declined to answer: %1").arg(reply->refusal));
    }
    co_return finishChat(std::move(*reply), request, estimated);
}

Result<ChatReply> OpenAiClient::readChat(const QJsonObject &object)
{
    const QJsonObject choice = object.value(QLatin1String("choices")).toArray().at(0).toObject();
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    if (const QString refusal = message.value(QLatin1String("refusal")).toString(); !refusal.isEmpty()) {
        ChatReply declined;
        declined.refusal = refusal;
        declined.model = object.value(QLatin1String("model")).toString();
        readUsage(object, declined);
        return declined;
    }
    if (choice.isEmpty() || !message.value(QLatin1String("content")).isString())
        return makeError(Error::Io, tr("OpenAI's chat answer holds no message."));
    ChatReply reply;
    reply.content = message.value(QLatin1String("content")).toString();
    reply.model = object.value(QLatin1String("model")).toString();
    reply.finishReason = choice.value(QLatin1String("finish_reason")).toString();
    readUsage(object, reply);
    return reply;
}

Result<QString> OpenAiClient::readStreamEvent(const QByteArray &event, ChatReply &reply)
{
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(event, &error).object();
    if (error.error != QJsonParseError::NoError)
        return makeError(Error::Io, tr("OpenAI sent a stream event that is not valid JSON."));
    if (object.contains(QLatin1String("error")))
        return makeError(Error::Network, tr("OpenAI reported an error in the middle of the answer."));
    if (reply.model.isEmpty())
        reply.model = object.value(QLatin1String("model")).toString();
    readUsage(object, reply);
    const QJsonObject choice = object.value(QLatin1String("choices")).toArray().at(0).toObject();
    if (const QString reason = choice.value(QLatin1String("finish_reason")).toString(); !reason.isEmpty())
        reply.finishReason = reason;
    const QString delta = choice.value(QLatin1String("delta")).toObject().value(QLatin1String("content")).toString();
    reply.content += delta;
    return delta;
}

QCoro::Task<Result<ChatReply>> OpenAiClient::chatStream(
    ChatRequest request, std::function<void(QString delta)> onDelta, CancelToken cancel)
{
    ApiCall apiCall = chatCall(request, true);
    const int estimated = apiCall.estimatedTokens;
    SseParser parser;
    ChatReply reply;
    std::optional<Error> bad;
    bool shown = false;
    StreamSink sink;
    sink.begin = [&] {
        parser = SseParser();
        reply = ChatReply();
        bad.reset();
    };
    sink.chunk = [&](const QByteArray &bytes) {
        for (const QByteArray &event : parser.feed(bytes)) {
            Result<QString> delta = readStreamEvent(event, reply);
            if (!delta) {
                bad = delta.error();
                continue;
            }
            if (delta->isEmpty())
                continue;
            shown = true;
            if (onDelta)
                onDelta(*delta);
        }
    };
    sink.finish = [&]() -> std::optional<Error> {
        if (bad)
            return bad;
        if (!parser.sawDone() || parser.hasPartialEvent())
            return makeError(Error::Network, tr("The answer stream broke off before it was complete."));
        return std::nullopt;
    };
    sink.shownAnything = [&] { return shown; };
    apiCall.stream = &sink;
    Result<OpenAiRawReply> raw = co_await call(std::move(apiCall), cancel);
    if (!raw)
        co_return raw.error();
    co_return finishChat(std::move(reply), request, estimated);
}
