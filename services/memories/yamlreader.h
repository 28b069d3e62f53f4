#pragma once

#include "core/result.h"

#include <QByteArrayView>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>

// Reads one YAML document into JSON values with libyaml's event parser, so every YAML style PyYAML and
// other writers produce (multi-line plain and quoted scalars, | and > blocks, flow collections) is read
// as YAML defines it. What the import has no use for and what makes YAML dangerous to load is refused
// with a sentence naming the line: anchors, aliases (no alias bomb can expand), tags, merge keys (<<),
// complex keys and a second document; nesting depth and node count are capped.
//
// Plain scalars become numbers, booleans and null only where YAML 1.1 (PyYAML) and YAML 1.2 agree, so
// text that one of them leaves unquoted ("019", "1e5", "yes") stays text; the import parses numbers
// from text where it expects a number. A pure function; call it on any thread.
class YamlReader
{
public:
    struct Limits
    {
        int maxDepth = 32; // collections inside collections below the root
        qsizetype maxNodes = 1'000'000; // scalars (keys included) and collections
    };

    struct Document
    {
        QJsonValue root; // undefined for a file without a document
        qsizetype rootLine = 1; // 1-based line where the root value starts
        QList<qsizetype> rootItemLines; // where each item starts when the root is a sequence
        QHash<QString, QList<qsizetype>> keyItemLines; // the same for sequences under a top-level key
    };

    // `utf8` must be UTF-8 without a byte order mark.
    static Result<Document> parse(QByteArrayView utf8, const Limits &limits);
};
