#include "ai/openaiclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <deque>

namespace {
struct Batch
{
    qsizetype first = 0;
    QStringList texts;
    int tokens = 0;
};

QList<Batch> makeBatches(const QStringList &texts, int maxInputs, int maxTokens)
{
    QList<Batch> batches;
    Batch current;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const int tokens = OpenAiClient::estimateTokens(texts[i]);
        if (!current.texts.isEmpty() && (current.texts.size() >= maxInputs || current.tokens + tokens > maxTokens)) {
            batches.append(std::move(current));
            current = Batch {};
        }
        if (current.texts.isEmpty())
            current.first = i;
        current.texts.append(texts[i]);
        current.tokens += tokens;
    }
    if (!current.texts.isEmpty())
        batches.append(std::move(current));
    return batches;
}

// encoding_format "base64": little-endian float32, a quarter of the bytes of the JSON number list.
Embedding decode(const QJsonValue &value)
{
    Embedding out;
    if (value.isString()) {
        const QByteArray bytes = QByteArray::fromBase64(value.toString().toLatin1());
        out.resize(bytes.size() / 4);
        for (qsizetype i = 0; i < out.size(); ++i)
            out[i] = qFromLittleEndian<float>(bytes.constData() + 4 * i);
    } else {
        const QJsonArray numbers = value.toArray();
        out.reserve(numbers.size());
        for (const QJsonValue &x : numbers)
            out.append(float(x.toDouble()));
    }
    return out;
}
} // namespace

QCoro::Task<Result<QList<Embedding>>> OpenAiClient::embed(QStringList texts, CancelToken cancel)
{
    // A named argument: GCC 12 destroys a temporary in a co_await operand twice.
    const EmbedOptions options { std::move(cancel), QString() };
    co_return co_await embed(std::move(texts), options);
}

QCoro::Task<Result<QList<Embedding>>> OpenAiClient::embed(QStringList texts, EmbedOptions options)
{
    const CancelToken cancel = options.cancel;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (texts[i].trimmed().isEmpty())
            co_return makeError(
                Error::InvalidInput, tr("Text %1 is empty; OpenAI cannot embed empty text.").arg(i + 1));
    }
    const QList<Batch> batches = makeBatches(texts, m_settings.batchMaxInputs, m_settings.batchMaxTokens);
    const CancelToken siblings = cancel.child(); // stops the other batches once one has failed
    QList<Embedding> out(texts.size());
    std::optional<Error> firstError;
    std::deque<std::pair<qsizetype, QCoro::Task<Result<QList<Embedding>>>>> running;
    qsizetype next = 0;
    while (next < batches.size() || !running.empty()) {
        while (!firstError && next < batches.size() && qsizetype(running.size()) < m_settings.embeddingConcurrency) {
            running.emplace_back(next, embedBatch(batches[next].texts, batches[next].tokens, siblings, options.usageTag));
            ++next;
        }
        if (running.empty())
            break;
        auto [index, task] = std::move(running.front());
        running.pop_front();
        Result<QList<Embedding>> vectors = co_await std::move(task);
        if (!vectors) {
            if (!firstError || firstError->code == Error::Cancelled)
                firstError = vectors.error();
            siblings.cancel();
            continue;
        }
        std::move(vectors->begin(), vectors->end(), out.begin() + batches[index].first);
    }
    if (firstError)
        co_return *firstError;
    co_return out;
}

QCoro::Task<Result<QList<Embedding>>> OpenAiClient::embedBatch(
    QStringList texts, int tokens, CancelToken cancel, QString usageTag)
{
    const QString model = m_settings.embeddingModel;
    const int dims = m_settings.embeddingDimensions;
    QJsonObject body {
        { QStringLiteral("model"), model },
        { QStringLiteral("input"), QJsonArray::fromStringList(texts) },
        { QStringLiteral("encoding_format"), QStringLiteral("base64") },
    };
    // text-embedding-ada-002 has a fixed size and refuses the parameter.
    if (dims > 0 && model != QLatin1String("text-embedding-ada-002"))
        body.insert(QStringLiteral("dimensions"), dims);
    ApiCall request;
    request.path = QStringLiteral("embeddings");
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.estimatedTokens = tokens;
    request.model = model;
    Result<OpenAiRawReply> raw = co_await call(std::move(request), cancel);
    if (!raw)
        co_return raw.error();

    const QJsonObject reply = QJsonDocument::fromJson(raw->body).object();
    const QJsonObject usage = reply.value(QLatin1String("usage")).toObject();
    m_limiter.settle(tokens, usage.value(QLatin1String("total_tokens")).toInt(tokens));
    reportUsage(QStringLiteral("embeddings"), reply.value(QLatin1String("model")).toString(model), usageTag,
        int(texts.size()), usage.value(QLatin1String("prompt_tokens")).toInt(), 0);
    co_return readEmbeddings(reply, texts.size(), dims);
}

Result<QList<Embedding>> OpenAiClient::readEmbeddings(const QJsonObject &reply, qsizetype texts, int dimensions)
{
    const QJsonArray data = reply.value(QLatin1String("data")).toArray();
    const auto malformed = [&](const QString &why) {
        return makeError(Error::Io, tr("OpenAI's embedding answer is unusable: %1").arg(why));
    };
    if (data.size() != texts)
        return malformed(tr("%1 vectors for %2 texts.").arg(data.size()).arg(texts));
    QList<Embedding> vectors(texts);
    qsizetype expected = dimensions; // with no dimensions asked for, the first vector sets the size
    for (const QJsonValue &item : data) {
        const QJsonObject object = item.toObject();
        const int index = object.value(QLatin1String("index")).toInt(-1);
        if (index < 0 || index >= texts || !vectors[index].isEmpty())
            return malformed(tr("vector index %1 is out of place.").arg(index));
        vectors[index] = decode(object.value(QLatin1String("embedding")));
        if (expected <= 0)
            expected = vectors[index].size();
        if (vectors[index].isEmpty() || vectors[index].size() != expected)
            return malformed(tr("a vector has %1 dimensions instead of %2.").arg(vectors[index].size()).arg(expected));
    }
    return vectors;
}
