#include "archetypes/archetypeevaluator.h"

#include "archetypes/evaluationschema.h"
#include "core/jsonschemacheck.h"
#include "ai/openaiclient.h"

#include <QJsonDocument>

namespace {
// Room for 8 records of 4 justifications each; a per-archetype answer needs an eighth of it.
constexpr int MaxTokensAll = 4000;
constexpr int MaxTokensOne = 700;
} // namespace

ArchetypeEvaluator::ArchetypeEvaluator(OpenAiClient &client, PromptTemplate prompt, QString model)
    : m_client(client)
    , m_prompt(std::move(prompt))
    , m_model(model.isEmpty() ? client.settings().chatModel : model)
{
}

bool ArchetypeEvaluator::perArchetype() const
{
    return m_prompt.mode == QLatin1String(PromptLibrary::PerArchetype);
}

QCoro::Task<EvaluationOutcome> ArchetypeEvaluator::evaluate(Memory memory, CancelToken cancel)
{
    QList<QList<int>> groups;
    if (perArchetype()) {
        for (int a = 0; a < Archetypes::Count; ++a)
            groups.append(QList<int> { a });
    } else {
        QList<int> all;
        for (int a = 0; a < Archetypes::Count; ++a)
            all.append(a);
        groups.append(all);
    }
    EvaluationOutcome outcome;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QList<int> &group : groups) {
        Attempt attempt;
        int attempts = 0;
        while (attempts < Attempts && !attempt.evaluations && !attempt.transport) {
            ++attempts;
            QCoro::Task<Attempt> asking = ask(memory, group, cancel, &outcome); // not inline: see bulkevaluation.cpp
            attempt = co_await asking;
        }
        if (attempt.transport) {
            outcome.status = EvaluationOutcome::NotEvaluated;
            outcome.error = *attempt.transport;
            outcome.evaluations.clear();
            co_return outcome;
        }
        if (!attempt.evaluations) {
            outcome.status = EvaluationOutcome::Invalid;
            outcome.evaluations.clear();
            outcome.failure
                = EvaluationFailure { memory.id, now, m_model, promptVersion(), attempt.reason, attempt.raw, attempts };
            co_return outcome;
        }
        for (Evaluation e : *attempt.evaluations) {
            e.memoryId = memory.id;
            e.model = m_model;
            e.promptVersion = promptVersion();
            e.createdAt = now;
            outcome.evaluations.append(e);
        }
    }
    outcome.status = EvaluationOutcome::Evaluated;
    co_return outcome;
}

QCoro::Task<ArchetypeEvaluator::Attempt> ArchetypeEvaluator::ask(
    const Memory &memory, QList<int> archetypes, CancelToken cancel, EvaluationOutcome *out)
{
    Attempt attempt;
    if (cancel.isCancelled()) {
        attempt.transport = makeError(Error::Cancelled, tr("The evaluation was cancelled."));
        co_return attempt;
    }
    ChatRequest request;
    request.messages = PromptLibrary::render(m_prompt, memory, archetypes);
    request.model = m_model;
    request.temperature = 0.0;
    request.maxTokens = archetypes.size() == 1 ? MaxTokensOne : MaxTokensAll;
    request.schemaName = EvaluationSchema::schemaName();
    request.jsonSchema = EvaluationSchema::schema(archetypes);
    request.usageTag = usageTag();
    request.checkReply = false; // we judge the answer ourselves and keep it when it is bad
    QCoro::Task<Result<ChatReply>> chatting = m_client.chat(std::move(request), cancel);
    const Result<ChatReply> reply = co_await chatting;
    ++out->requests;
    if (!reply) {
        // Io is the client's "2xx but not the JSON we expect" (after its own retries): a bad answer,
        // not a transport failure. Everything else (Network, Cancelled, 401/403/404 ...) writes nothing.
        if (reply.error().code == Error::Io)
            attempt.reason = reply.errorMessage();
        else
            attempt.transport = reply.error();
        co_return attempt;
    }
    out->promptTokens += reply->promptTokens;
    out->completionTokens += reply->completionTokens;
    attempt.raw = reply->refusal.isEmpty() ? reply->content : reply->refusal;
    if (!reply->refusal.isEmpty()) {
        attempt.reason = tr("The model declined to evaluate: %1").arg(reply->refusal.left(300));
        co_return attempt;
    }
    if (reply->finishReason == QLatin1String("length")) {
        attempt.reason = tr("The answer was cut off at the token limit before its JSON was complete.");
        co_return attempt;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(reply->content.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        attempt.reason = tr("The answer is not a JSON object.");
        co_return attempt;
    }
    // Our own reader first: its reasons are the clearer ones (archetype and field named).
    Result<QList<Evaluation>> evaluations = EvaluationSchema::read(document.object(), archetypes);
    if (!evaluations) {
        attempt.reason = evaluations.errorMessage();
        co_return attempt;
    }
    if (const QString why = JsonSchemaCheck::violation(document.object(), EvaluationSchema::schema(archetypes));
        !why.isEmpty()) {
        attempt.reason = tr("The answer does not follow the schema (%1).").arg(why);
        co_return attempt;
    }
    attempt.evaluations = *evaluations;
    co_return attempt;
}
