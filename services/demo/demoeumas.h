#pragma once

#include "demo/demovocabulary.h"
#include "core/memory.h"
#include "core/random.h"

#include <QDateTime>
#include <QList>

// Streams synthetic EUMAS data in time order, one batch at a time, holding only a small window of
// recent memories (for links) so arbitrarily large workspaces can be written without filling memory.
class DemoEumas
{
public:
    struct Batch
    {
        QList<Memory> memories;
        QList<Evaluation> evaluations;
        QList<MemoryLink> links;
    };

    DemoEumas(const DemoVocabulary &vocabulary, std::uint64_t seed, int totalMemories, QDateTime now);

    bool atEnd() const { return m_produced >= m_total; }
    Batch next(int count);

    // Archetype state: a confidence-weighted moving average of the evaluations (see advanceHistory),
    // snapshotted at the start of each of the last 90 days.
    QList<ArchetypeState> currentStates() const;
    const QList<ArchetypeState> &history() const { return m_history; }

    static constexpr int HistoryDays = 90;
    static constexpr int SpanDays = 180;

    // Planted drift (documented, deliberate, so the archetype dashboards' drift table has something true to
    // find): evaluations made in the last PlantedDriftDays days carry the prompt version "set-a-v2" (before:
    // "set-a-v1"), and under it Ella-R's curiosityLevel scores PlantedDriftShift higher (clamped to 1) than the
    // same draw under the old prompt. No other metric moves, and the archetype priorities are those of the old
    // scores, so the memories' priorities and every figure derived from them are unchanged. The random stream
    // is the same as without the drift.
    static constexpr int PlantedDriftDays = 14;
    static constexpr int PlantedDriftArchetype = Archetypes::R;
    static constexpr int PlantedDriftMetric = 2; // curiosityLevel
    static constexpr double PlantedDriftShift = 0.25;
    static constexpr const char *PlantedDriftPromptVersion = "set-a-v2";

private:
    struct Recent
    {
        QUuid id;
        QDateTime createdAt;
    };
    void generateOne(Batch &batch);
    int evaluate(Batch &batch, Memory &memory, const DemoTopic &topic, QDateTime at);
    void link(Batch &batch, const Memory &memory, int topicIndex, int topArchetype);
    void advanceHistory(const QDateTime &until);
    QList<ArchetypeState> currentStatesAt(const QDateTime &at) const;

    const DemoVocabulary &m_vocabulary;
    Random m_random;
    int m_total;
    int m_produced = 0;
    QDateTime m_now;
    QDateTime m_start;
    // session state
    int m_sessionLeft = 0;
    int m_sessionTopic = 0;
    QString m_sessionId;
    QString m_userId;
    QUuid m_previousInSession;
    QList<QList<Recent>> m_recentByTopic; // ring of recent memories per topic
    std::array<std::array<double, Archetypes::MetricsPerArchetype>, Archetypes::Count> m_state {};
    std::array<double, Archetypes::Count> m_influence {};
    QList<ArchetypeState> m_history;
    std::array<std::array<double, Archetypes::MetricsPerArchetype>, Archetypes::Count> m_daySum {};
    std::array<double, Archetypes::Count> m_dayConfidence {};
    int m_dayCount = 0;
    QDateTime m_nextDay;
    QDateTime m_firstSnapshot;
};
