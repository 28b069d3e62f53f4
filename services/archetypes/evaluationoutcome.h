#pragma once

#include "core/memory.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

// A reply that failed validation twice: kept raw for inspection (evaluation_failures), never as scores.
struct EvaluationFailure
{
    QUuid memoryId;
    QDateTime at;
    QString model;
    QString promptVersion;
    QString reason; // names the archetype and the field
    QString rawReply; // the model's last answer as it arrived
    int attempts = 0;
};

// What ArchetypeEvaluator::evaluate made of one memory. Crosses threads by value.
struct EvaluationOutcome
{
    enum Status {
        Evaluated, // evaluations holds one valid record per archetype: write them
        Invalid, // the model answered, twice, with something unusable: record `failure`
        NotEvaluated, // nothing usable came back (network, breaker, 401, cancel): write nothing at all
    };
    Status status = NotEvaluated;
    QList<Evaluation> evaluations;
    EvaluationFailure failure;
    Error error;
    int requests = 0;
    int promptTokens = 0;
    int completionTokens = 0;
};
