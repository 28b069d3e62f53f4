#pragma once

#include "core/result.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>

// A small reader for the block YAML that EUMAS files use: mappings, sequences, one-line flow collections,
// plain and quoted scalars, | and > block scalars, comments. Anchors, aliases, tags, merge keys,
// directives and complex keys are refused with a sentence, which makes alias bombs impossible; depth and
// node count are capped as well. Plain scalars resolve to numbers, booleans and null as in YAML 1.2 core.
class RestrictedYaml
{
public:
    struct Limits
    {
        int maxDepth = 32;
        qsizetype maxNodes = 1'000'000;
    };

    struct Document
    {
        QJsonValue root;
        qsizetype rootLine = 1; // the first line with content
        QList<qsizetype> rootItemLines; // 1-based start line of each item when the root is a sequence
        QHash<QString, QList<qsizetype>> keyItemLines; // the same for sequences under a top-level key
    };

    static Result<Document> parse(const QString &text, const Limits &limits);
};
