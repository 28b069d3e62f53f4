#pragma once

#include "core/archetypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <array>
#include <optional>

// EUMAS value structs. They cross threads by value; nothing here touches a database or a widget.

using Embedding = QList<float>;
constexpr int EmbeddingDimensions = 1536;

struct Memory
{
    QUuid id;
    QString userPrompt;
    QString agentReply;
    QString summary;
    QString sessionId;
    QString userId;
    QStringList contextTags;
    QString tone;
    QDateTime createdAt;
    double durationSeconds = 0.0;
    QDateTime lastAccessed;
    double priority = 0.5; // 0..1, from the weighted archetype formula
    std::optional<double> priorityOverride; // an operator's manual priority, shown as an override
    double decayRate = 0.1;
    bool longTerm = false;
    bool core = false;
    QDateTime archivedAt; // null = not archived (soft delete)
    Embedding embedding; // empty or EmbeddingDimensions floats
    QString embeddingModel;
    QJsonObject metadata;
    int version = 1;
    QDateTime updatedAt;
};

struct Evaluation
{
    QUuid memoryId;
    int archetype = 0; // Archetypes::Id
    std::array<double, Archetypes::MetricsPerArchetype> metrics {}; // Set A, 0..1, in metricNames() order
    QJsonObject justifications; // metric -> text
    QString annotation;
    double archetypePriority = 0.0;
    double confidence = 0.0;
    QString model;
    QString promptVersion;
    QDateTime createdAt;
};

struct MemoryLink
{
    QUuid sourceId;
    QUuid targetId;
    QString linkType; // emotional_link ... semantic_cluster, manual
    double strength = 0.0;
    std::optional<int> archetype;
    QString origin; // evaluator | cluster | affinity | manual
    QDateTime createdAt;
    QString otherSummary; // filled by detail queries: the summary of the memory on the other end
};

struct ArchetypeState
{
    int archetype = 0;
    std::array<double, Archetypes::MetricsPerArchetype> state {};
    double influence = 0.0;
    QDateTime at;
};

// One row of the memory grid: what the browser shows without loading text blobs.
struct MemoryRow
{
    QUuid id;
    QDateTime createdAt;
    QString sessionId;
    QString userId;
    QStringList tags;
    QString tone;
    QString summary;
    // The first characters of the prompt and the reply (MemoryRowReader::PreviewLength), never the whole
    // text: the grid shows them where a memory has no summary, and in its optional Prompt column.
    QString promptStart;
    QString replyStart;
    double priority = 0.0;
    std::optional<double> priorityOverride;
    bool longTerm = false;
    bool core = false;
    QDateTime archivedAt;
    std::optional<int> topArchetype;
    QDateTime lastAccessed;
};

struct MemoryDetail
{
    Memory memory;
    QList<Evaluation> evaluations; // ordered by archetype
    QList<MemoryLink> outgoing;
    QList<MemoryLink> incoming;
};

// Keyset cursor for paging by (created_at DESC, id DESC).
struct MemoryCursor
{
    QDateTime createdAt;
    QUuid id;
    bool isNull() const { return id.isNull(); }
};

struct MemoryPageRequest
{
    MemoryCursor after; // null = first page
    int limit = 200;
    bool includeArchived = true;
};

struct MemoryPage
{
    QList<MemoryRow> rows;
    MemoryCursor next; // null when there are no more rows
};

Q_DECLARE_METATYPE(MemoryRow)
Q_DECLARE_METATYPE(MemoryDetail)
