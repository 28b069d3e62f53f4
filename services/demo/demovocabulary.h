#pragma once

#include "core/archetypes.h"
#include "core/result.h"

#include <QHash>
#include <QList>
#include <QStringList>

class Random;

// Per-topic word lists and templates for the demo generator (resources/demo/*.json).
struct DemoTopic
{
    QString id;
    QString label;
    QStringList nouns, verbs, adjectives, tags, prompts, replies, summaries, tones;
    std::array<double, Archetypes::Count> emphasis {};
};

struct DemoCategory
{
    QString id;
    QString label;
    QStringList skills, jobTitles, freelancerTitles, jobDescriptions;
};

struct DemoBiasTemplate
{
    QString entityType;
    QStringList categories;
    QString finding;
    QString recommendation;
};

struct DemoVocabulary
{
    QList<DemoTopic> topics;
    QList<DemoCategory> categories;
    QStringList firstNames, lastNames, bioTemplates;
    QList<DemoBiasTemplate> biasTemplates;
    QHash<QString, QStringList> reasonCodes; // decision -> codes

    static Result<DemoVocabulary> load(); // from the compiled-in resources

    // Replaces {noun} {noun2} {noun3} {verb} {adj} {adj2} with distinct random words of the topic.
    static QString fill(const QString &pattern, const DemoTopic &topic, Random &random);
};
