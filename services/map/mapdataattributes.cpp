// MapData: what a map shows of its points besides their positions, read in chunks of ids (a few
// queries for 100,000 points, never one per point).
#include "map/mapdata.h"

#include "core/archetypes.h"
#include "map/mapdatasql.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr float NaN = std::numeric_limits<float>::quiet_NaN();

QString firstLine(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype end = trimmed.indexOf(QLatin1Char('\n'));
    return (end < 0 ? trimmed : trimmed.left(end)).trimmed();
}

// A prompt held by this many memories, and by this share of the points, is a repeated one.
constexpr qint64 RepeatedPromptMinimum = 3;
constexpr double RepeatedPromptShare = 0.02;

// The keyword text of a memory (summary, prompt and reply joined by newlines) without its prompt.
std::string withoutPrompt(const std::string &text, const QString &prompt)
{
    const std::string p = '\n' + prompt.toStdString();
    const std::size_t at = text.find(p);
    if (at == std::string::npos)
        return text;
    return text.substr(0, at) + text.substr(at + p.size());
}

struct SourceSelect
{
    QString sql; // selects id, first-line text, more text, extra text, created (epoch), priority, tone
    bool memories = false;
};

SourceSelect selectFor(const SqlDialect &d, MapSource source)
{
    using MapDataSql::epochSeconds;
    using MapDataSql::idsCondition;
    if (source == MapSource::Memories || source == MapSource::FilteredMemories)
        return { QLatin1String("SELECT m.id, m.summary, m.user_prompt, m.agent_reply, ")
                + epochSeconds(d, QStringLiteral("m.created_at"))
                + QLatin1String(", COALESCE(m.priority_override, m.priority), m.tone FROM ") + d.table(Table::Memories)
                + QLatin1String(" m WHERE ") + idsCondition(d, QStringLiteral("m.id")),
            true };
    if (source == MapSource::Jobs)
        return { QLatin1String("SELECT j.id, j.title, j.description, '', ")
                + epochSeconds(d, QStringLiteral("j.created_at")) + QLatin1String(", NULL, '' FROM ")
                + d.table(Table::Jobs) + QLatin1String(" j WHERE ") + idsCondition(d, QStringLiteral("j.id")),
            false };
    // A freelancer's point is their user id (ai embeddings of type "user"); the account holds the date.
    return { QLatin1String("SELECT f.user_id, f.title, f.bio, '', ") + epochSeconds(d, QStringLiteral("u.created_at"))
            + QLatin1String(", NULL, '' FROM ") + d.table(Table::FreelancerProfiles) + QLatin1String(" f LEFT JOIN ")
            + d.table(Table::Users) + QLatin1String(" u ON u.id = f.user_id WHERE ")
            + idsCondition(d, QStringLiteral("f.user_id")),
        false };
}

} // namespace

Result<MapAttributes> MapData::attributes(
    Repository &repository, MapSource source, const std::vector<QUuid> &ids, const LoadProgress &progress)
{
    const SqlDialect &d = repository.dialect();
    const std::size_t n = ids.size();
    MapAttributes a;
    a.firstLines = QStringList(qsizetype(n), QString());
    a.texts.assign(n, std::string());
    a.created.assign(n, NaN);
    a.priority.assign(n, NaN);
    a.tone.assign(n, -1);
    if (n == 0)
        return a;

    const MapDataSql::Positions positions(ids);
    const SourceSelect select = selectFor(d, source);
    QMap<QString, int> toneIndex; // sorted: tone indices do not depend on the order rows arrive in
    std::vector<QString> tones(n);
    std::vector<QString> prompts(n); // a memory's prompt where it has a summary or reply besides
    QHash<QString, qint64> promptCount;
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    if (!query.prepare(select.sql))
        return Repository::queryError(query, tr("Reading the map's points"));
    Result<void> read = MapDataSql::forChunks(
        query, d, positions.distinct(), progress, tr("Reading the map's points"), [&](const QSqlQuery &q) {
            const int i = positions.firstOf(d.toUuid(q.value(0)));
            if (i < 0)
                return;
            const QString head = q.value(1).toString();
            const QString body = q.value(2).toString();
            const QString extra = q.value(3).toString();
            QString line = firstLine(head);
            if (line.isEmpty() && select.memories)
                line = firstLine(body); // a memory without a summary: its prompt
            a.firstLines[i] = line;
            QString text = head;
            for (const QString *part : { &body, &extra }) {
                if (!part->isEmpty())
                    text += QLatin1Char('\n') + *part;
            }
            a.texts[std::size_t(i)] = text.toStdString();
            if (select.memories && !body.isEmpty() && !(head.isEmpty() && extra.isEmpty())) {
                prompts[std::size_t(i)] = body;
                ++promptCount[body];
            }
            if (!q.value(4).isNull())
                a.created[std::size_t(i)] = float(q.value(4).toDouble());
            if (!q.value(5).isNull())
                a.priority[std::size_t(i)] = float(q.value(5).toDouble());
            const QString tone = q.value(6).toString();
            if (!tone.isEmpty()) {
                tones[std::size_t(i)] = tone;
                toneIndex.insert(tone, 0);
            }
        });
    if (!read)
        return read.error();

    int next = 0;
    for (auto it = toneIndex.begin(); it != toneIndex.end(); ++it) {
        it.value() = next++;
        a.toneNames << it.key();
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!tones[i].isEmpty())
            a.tone[i] = toneIndex.value(tones[i]);
    }
    const qint64 repeatedFrom
        = std::max<qint64>(RepeatedPromptMinimum, qint64(std::ceil(RepeatedPromptShare * double(n))));
    for (auto it = promptCount.cbegin(); it != promptCount.cend(); ++it) {
        if (it.value() < repeatedFrom)
            continue;
        a.keywordTexts = a.texts;
        for (std::size_t i = 0; i < n; ++i) {
            if (!prompts[i].isEmpty() && promptCount.value(prompts[i]) >= repeatedFrom)
                a.keywordTexts[i] = withoutPrompt(a.texts[i], prompts[i]);
        }
        break;
    }
    for (const auto &[position, first] : positions.repeats()) {
        a.firstLines[position] = a.firstLines[first];
        a.texts[std::size_t(position)] = a.texts[std::size_t(first)];
        if (!a.keywordTexts.empty())
            a.keywordTexts[std::size_t(position)] = a.keywordTexts[std::size_t(first)];
        a.created[std::size_t(position)] = a.created[std::size_t(first)];
        a.priority[std::size_t(position)] = a.priority[std::size_t(first)];
        a.tone[std::size_t(position)] = a.tone[std::size_t(first)];
    }
    return a;
}

Result<std::vector<float>> MapData::archetypeMetrics(
    Repository &repository, const std::vector<QUuid> &ids, const LoadProgress &progress)
{
    const SqlDialect &d = repository.dialect();
    constexpr int Stride = Archetypes::MetricCount;
    std::vector<float> values(ids.size() * Stride, NaN);
    if (ids.empty())
        return values;

    // Metric names per archetype once, not per row.
    QHash<QString, std::pair<int, QStringList>> archetypes;
    for (int a = 0; a < Archetypes::Count; ++a)
        archetypes.insert(Archetypes::name(a), { a, Archetypes::metricNames(a) });

    const MapDataSql::Positions positions(ids);
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    if (!query.prepare(QLatin1String("SELECT e.memory_id, e.archetype, e.metrics FROM ") + d.table(Table::Evaluations)
            + QLatin1String(" e WHERE ") + MapDataSql::idsCondition(d, QStringLiteral("e.memory_id"))))
        return Repository::queryError(query, tr("Reading archetype metrics"));
    Result<void> read = MapDataSql::forChunks(
        query, d, positions.distinct(), progress, tr("Reading archetype metrics"), [&](const QSqlQuery &q) {
            const int i = positions.firstOf(d.toUuid(q.value(0)));
            const auto archetype = archetypes.constFind(q.value(1).toString());
            if (i < 0 || archetype == archetypes.constEnd())
                return;
            const QJsonObject metrics = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
            float *out = values.data() + std::size_t(i) * Stride
                + std::size_t(archetype->first) * Archetypes::MetricsPerArchetype;
            for (int m = 0; m < Archetypes::MetricsPerArchetype; ++m) {
                const QJsonValue v = metrics.value(archetype->second[m]);
                if (v.isDouble())
                    out[m] = float(v.toDouble());
            }
        });
    if (!read)
        return read.error();
    for (const auto &[position, first] : positions.repeats())
        std::copy_n(
            values.data() + std::size_t(first) * Stride, Stride, values.data() + std::size_t(position) * Stride);
    return values;
}
