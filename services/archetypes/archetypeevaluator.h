#pragma once

#include "core/canceltoken.h"
#include "archetypes/evaluationoutcome.h"
#include "archetypes/promptlibrary.h"

#include <QCoreApplication>
#include <QCoroTask>

class OpenAiClient;

// Asks the chat model for the archetype evaluations of one memory through a strict JSON schema, in the
// mode of its prompt: one request covering all eight archetypes ("per-memory") or one request per
// archetype ("per-archetype"). A reply that does not validate (bad JSON, schema, range, missing
// justification, a refusal, a malformed body) is asked again once; a second failure is an Invalid
// outcome that keeps the raw reply. A transport error (breaker open, 401, cancel, dropped connection
// after the client's own retries) is NotEvaluated: the caller writes nothing at all.
// Thread: the client's thread. The client must outlive every evaluate() task.
class ArchetypeEvaluator
{
    Q_DECLARE_TR_FUNCTIONS(ArchetypeEvaluator)

public:
    static constexpr int Attempts = 2; // the first answer and one retry
    static QString usageTag() { return QStringLiteral("Evaluate memories"); }

    // `model` empty: the client's chat model.
    ArchetypeEvaluator(OpenAiClient &client, PromptTemplate prompt, QString model = {});

    QString model() const { return m_model; }
    QString promptVersion() const { return m_prompt.fullVersion(); }
    bool perArchetype() const;

    QCoro::Task<EvaluationOutcome> evaluate(Memory memory, CancelToken cancel = {});

private:
    struct Attempt
    {
        std::optional<QList<Evaluation>> evaluations;
        QString reason;
        QString raw;
        std::optional<Error> transport;
    };
    QCoro::Task<Attempt> ask(const Memory &memory, QList<int> archetypes, CancelToken cancel, EvaluationOutcome *out);

    OpenAiClient &m_client;
    PromptTemplate m_prompt;
    QString m_model;
};
