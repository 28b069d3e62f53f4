#include "demo/demoeumas.h"
#include "ai/offlineembedder.h"

#include <QJsonArray>

namespace {
// Per-archetype annotation openings; the topic's words fill the rest.
const char *const annotationPatterns[Archetypes::Count] = {
    "The exchange about the {adj} {noun} carries a warm, patient feeling.",
    "Underneath the {noun} question sits a bigger one about why we {verb} at all.",
    "A playful twist: what if the {noun2} were {adj} instead?",
    "There is real appetite here to go further with the {noun}.",
    "This continues earlier talk about the {noun2} and fits the timeline.",
    "Good sources exist on the {adj} {noun}; worth remembering for later.",
    "Clear next step: {verb} the {noun} first, then check the {noun2}.",
    "Mind the {noun2}: a careless {verb} could spoil the {noun}.",
};
} // namespace

DemoEumas::DemoEumas(const DemoVocabulary &vocabulary, std::uint64_t seed, int totalMemories, QDateTime now)
    : m_vocabulary(vocabulary)
    , m_random(seed)
    , m_total(totalMemories)
    , m_now(now.toUTC())
    , m_start(m_now.addDays(-SpanDays))
    , m_recentByTopic(vocabulary.topics.size())
{
    for (auto &metrics : m_state)
        metrics.fill(0.5);
    m_influence.fill(0.0);
    m_nextDay = QDateTime(m_start.date().addDays(1), QTime(0, 0), Qt::UTC);
    m_firstSnapshot = QDateTime(m_now.date().addDays(-HistoryDays + 1), QTime(0, 0), Qt::UTC);
}

DemoEumas::Batch DemoEumas::next(int count)
{
    Batch batch;
    const int n = std::min(count, m_total - m_produced);
    batch.memories.reserve(n);
    batch.evaluations.reserve(n * Archetypes::Count);
    for (int i = 0; i < n; ++i)
        generateOne(batch);
    if (atEnd())
        advanceHistory(m_now.addSecs(1));
    return batch;
}

void DemoEumas::generateOne(Batch &batch)
{
    const QList<DemoTopic> &topics = m_vocabulary.topics;
    if (m_sessionLeft <= 0) {
        m_sessionLeft = m_random.between(3, 12);
        m_sessionTopic = m_random.index(topics.size());
        m_sessionId = QStringLiteral("session-%1").arg(m_random.next() % 1000000, 6, 10, QLatin1Char('0'));
        m_userId = QStringLiteral("user-%1").arg(m_random.between(1, 60), 3, 10, QLatin1Char('0'));
        m_previousInSession = QUuid();
    }
    --m_sessionLeft;
    // Mostly on the session's topic, sometimes a detour.
    const int topicIndex = m_random.chance(0.9) ? m_sessionTopic : m_random.index(topics.size());
    const DemoTopic &topic = topics[topicIndex];

    // Evenly spread over the span in generation order, so streaming stays in time order.
    const qint64 spanMs = qint64(SpanDays) * 86400000;
    const qint64 offset = spanMs * m_produced / std::max(1, m_total) + qint64(m_random.uniform(0, 60000));
    const QDateTime created = m_start.addMSecs(offset);
    advanceHistory(created);

    Memory m;
    m.id = m_random.uuid();
    m.userPrompt = DemoVocabulary::fill(m_random.pick(topic.prompts), topic, m_random);
    m.agentReply = DemoVocabulary::fill(m_random.pick(topic.replies), topic, m_random);
    m.summary = DemoVocabulary::fill(m_random.pick(topic.summaries), topic, m_random);
    m.sessionId = m_sessionId;
    m.userId = m_userId;
    const int tagCount = m_random.between(1, 3);
    for (int t = 0; t < tagCount; ++t) {
        const QString &tag = m_random.pick(topic.tags);
        if (!m.contextTags.contains(tag))
            m.contextTags << tag;
    }
    m.tone = m_random.pick(topic.tones);
    m.createdAt = created;
    m.durationSeconds = std::round(m_random.uniform(4.0, 240.0) * 10.0) / 10.0;
    const qint64 sinceCreated = std::max<qint64>(1, created.msecsTo(m_now));
    m.lastAccessed = created.addMSecs(qint64(double(sinceCreated) * std::pow(m_random.uniform(), 0.3)));
    m.decayRate = 0.1;
    m.embeddingModel = OfflineEmbedder::model();
    m.embedding = OfflineEmbedder::embedOne(QString(m.userPrompt + QLatin1Char(' ') + m.agentReply));
    m.metadata.insert(QStringLiteral("topic"), topic.id);
    m.metadata.insert(QStringLiteral("source"), QStringLiteral("sextant-demo"));
    m.updatedAt = created;

    const int top = evaluate(batch, m, topic, created);
    if (m_random.chance(0.01))
        m.core = true;
    else if (m.priority > 0.62 || m_random.chance(0.03))
        m.longTerm = true;
    if (!m.longTerm && !m.core && m_random.chance(0.03))
        m.archivedAt = std::min(created.addDays(m_random.between(1, 30)), m_now);
    link(batch, m, topicIndex, top);
    batch.memories << m;
    ++m_dayCount;
    m_previousInSession = m.id;
    ++m_produced;
}

int DemoEumas::evaluate(Batch &batch, Memory &memory, const DemoTopic &topic, QDateTime at)
{
    std::array<double, Archetypes::Count> priorities {};
    for (int a = 0; a < Archetypes::Count; ++a) {
        Evaluation e;
        e.memoryId = memory.id;
        e.archetype = a;
        double sum = 0.0;
        const QStringList names = Archetypes::metricNames(a);
        const bool newPrompt = at >= m_now.addDays(-PlantedDriftDays);
        for (int k = 0; k < Archetypes::MetricsPerArchetype; ++k) {
            const double drawn = m_random.normal(topic.emphasis[a] + 0.04 * (k - 1.5), 0.11);
            // The archetype priority follows the scores the old prompt would have given, so the planted drift
            // moves one metric and nothing derived from the priorities (long-term flags, rankings).
            sum += std::round(clamp01(drawn) * 1000.0) / 1000.0;
            const bool drifted = newPrompt && a == PlantedDriftArchetype && k == PlantedDriftMetric;
            e.metrics[k] = std::round(clamp01(drawn + (drifted ? PlantedDriftShift : 0.0)) * 1000.0) / 1000.0;
            e.justifications.insert(names[k],
                QStringLiteral("Scored %1 from how the conversation treats the %2.")
                    .arg(e.metrics[k], 0, 'f', 2)
                    .arg(m_random.pick(topic.nouns)));
        }
        e.archetypePriority
            = std::round(clamp01(m_random.normal(sum / Archetypes::MetricsPerArchetype, 0.07)) * 1000.0) / 1000.0;
        e.confidence = std::round(m_random.uniform(0.55, 0.97) * 1000.0) / 1000.0;
        e.annotation = DemoVocabulary::fill(QString::fromLatin1(annotationPatterns[a]), topic, m_random);
        e.model = QStringLiteral("demo-evaluator");
        e.promptVersion = newPrompt ? QLatin1String(PlantedDriftPromptVersion) : QStringLiteral("set-a-v1");
        e.createdAt = at.addSecs(m_random.between(5, 600));
        priorities[a] = e.archetypePriority;
        for (int k = 0; k < Archetypes::MetricsPerArchetype; ++k)
            m_daySum[a][k] += e.metrics[k];
        m_dayConfidence[a] += e.confidence;
        batch.evaluations << e;
    }
    memory.priority = std::round(Archetypes::memoryPriority(priorities) * 10000.0) / 10000.0;
    return int(std::max_element(priorities.begin(), priorities.end()) - priorities.begin());
}

void DemoEumas::link(Batch &batch, const Memory &memory, int topicIndex, int topArchetype)
{
    QList<Recent> &recent = m_recentByTopic[topicIndex];
    if (!recent.isEmpty() && m_random.chance(0.65)) {
        const int links = m_random.between(1, std::min<int>(2, int(recent.size())));
        for (int l = 0; l < links; ++l) {
            const Recent &target = recent[m_random.index(recent.size())];
            if (target.id == memory.id)
                continue;
            MemoryLink link;
            link.sourceId = memory.id;
            link.targetId = target.id;
            const int archetype = m_random.chance(0.7) ? topArchetype : m_random.index(Archetypes::Count);
            link.linkType = Archetypes::linkType(archetype);
            link.archetype = archetype;
            link.strength = std::round(m_random.uniform(0.45, 0.97) * 100.0) / 100.0;
            link.origin = QStringLiteral("evaluator");
            link.createdAt = memory.createdAt.addSecs(30);
            batch.links << link;
        }
    }
    if (!m_previousInSession.isNull() && m_random.chance(0.5)) {
        MemoryLink link;
        link.sourceId = memory.id;
        link.targetId = m_previousInSession;
        link.linkType = QStringLiteral("chronological_link");
        link.archetype = int(Archetypes::H);
        link.strength = std::round(m_random.uniform(0.6, 0.95) * 100.0) / 100.0;
        link.origin = QStringLiteral("evaluator");
        link.createdAt = memory.createdAt.addSecs(30);
        batch.links << link;
    }
    recent << Recent { memory.id, memory.createdAt };
    if (recent.size() > 24)
        recent.removeFirst();
}

// Once a day the state takes one EMA step towards that day's mean metrics, with the day's mean
// confidence as c: new = (1 − c)·old + c·metrics. The last 90 days are kept as history.
void DemoEumas::advanceHistory(const QDateTime &until)
{
    while (m_nextDay <= until && m_nextDay <= m_now) {
        for (int a = 0; a < Archetypes::Count && m_dayCount > 0; ++a) {
            const double c = m_dayConfidence[a] / m_dayCount;
            for (int k = 0; k < Archetypes::MetricsPerArchetype; ++k)
                m_state[a][k] = (1.0 - c) * m_state[a][k] + c * (m_daySum[a][k] / m_dayCount);
            m_influence[a] = c;
        }
        m_dayCount = 0;
        for (auto &sums : m_daySum)
            sums.fill(0.0);
        m_dayConfidence.fill(0.0);
        if (m_nextDay >= m_firstSnapshot)
            m_history << currentStatesAt(m_nextDay);
        m_nextDay = m_nextDay.addDays(1);
    }
}

QList<ArchetypeState> DemoEumas::currentStates() const
{
    return currentStatesAt(m_now);
}

QList<ArchetypeState> DemoEumas::currentStatesAt(const QDateTime &at) const
{
    QList<ArchetypeState> states;
    for (int a = 0; a < Archetypes::Count; ++a) {
        ArchetypeState s;
        s.archetype = a;
        for (int k = 0; k < Archetypes::MetricsPerArchetype; ++k)
            s.state[k] = std::round(m_state[a][k] * 10000.0) / 10000.0;
        s.influence = m_influence[a];
        s.at = at;
        states << s;
    }
    return states;
}
