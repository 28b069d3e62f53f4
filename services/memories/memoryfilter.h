#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

// Three answers to "long-term?", "core?", "archived?".
enum class TriState { Any, Yes, No };

// "Archetype A's metric M is at least min" (metrics are 0..1; names are Archetypes::metricNames()).
struct MetricThreshold
{
    int archetype = 0;
    QString metric;
    double min = 0.0;
    bool operator==(const MetricThreshold &) const = default;
};

// A cluster of a saved cluster run (cluster_members).
struct ClusterCondition
{
    QUuid runId;
    int cluster = 0;
    QString runName; // for the chip only; the query uses runId
    bool operator==(const ClusterCondition &) const = default;
};

// What the memory grid shows: every condition here must hold (AND); list conditions match any of
// their values (OR). A plain value struct: it crosses to the database thread by value and is saved as
// JSON so the chips survive a restart. Default: everything except archived memories.
struct MemoryFilter
{
    Q_DECLARE_TR_FUNCTIONS(MemoryFilter)

public:
    QString text; // full-text words (every word must occur, as a word or a word's start)
    QDateTime createdFrom; // inclusive; invalid = open
    QDateTime createdTo; // exclusive; invalid = open
    QStringList tags; // any of them
    QStringList tones; // any of them
    QString sessionId; // exact
    QString userId; // exact
    std::optional<double> minPriority; // stored priority (the override where there is one), inclusive
    std::optional<double> maxPriority;
    TriState longTerm = TriState::Any;
    TriState core = TriState::Any;
    TriState archived = TriState::No;
    QList<MetricThreshold> metrics;
    std::optional<ClusterCondition> cluster;
    // Exactly these memories (a map selection, a cluster); empty = no condition. Saved with the filter
    // only up to MaxSavedIds ids, so a selection of a million points never bloats the settings.
    QList<QUuid> ids;
    QString idsLabel; // what the chip calls the set, e.g. "Map selection"
    static constexpr int MaxSavedIds = 5000;

    bool operator==(const MemoryFilter &) const = default;

    // One removable condition, as a chip shows it.
    enum class Field { Text, Created, Tags, Tones, Session, User, Priority, LongTerm, Core, Archived, Metric, Cluster, Ids };
    struct Condition
    {
        Field field;
        int index = 0; // which metric threshold, for Field::Metric
        QString label; // translated, e.g. "Tone: calm or curious"
    };
    // The conditions that differ from the default filter, in a stable order.
    QList<Condition> conditions() const;
    void remove(Field field, int index = 0); // back to the default for that condition
    bool isDefault() const { return *this == MemoryFilter(); }

    // The full-text words of `text`: letters and digits only, at most 16 words of 64 characters, so
    // nothing a user types can become query syntax.
    static QStringList searchWords(const QString &text);
    // The words a search asks the index for: searchWords() without common English stop words ("and",
    // "the", "of"…), which FTS5 and the 'simple' text search configuration would otherwise demand, so
    // "love and marriage" finds a memory that never says "and". A query of stop words alone keeps them.
    static QStringList queryWords(const QString &text);
    static bool isStopWord(const QString &word);

    QJsonObject toJson() const;
    // Unknown keys are ignored; malformed values fall back to the default for that condition.
    static MemoryFilter fromJson(const QJsonObject &json);
};

// Server-side order of the grid. Ties are broken by id in the same direction, so paging is stable.
// Relevance ranks a word search best match first (FTS5 bm25 on SQLite, ts_rank on PostgreSQL); without
// search words it is newest first, so it is the default.
enum class MemorySortKey { Created, Priority, LastAccessed, Session, User, Tone, Summary, Relevance };

struct MemorySort
{
    MemorySortKey key = MemorySortKey::Relevance;
    bool descending = true;
    bool operator==(const MemorySort &) const = default;

    QJsonObject toJson() const;
    static MemorySort fromJson(const QJsonObject &json);
};
