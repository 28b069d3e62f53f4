#include "memories/memoryfilter.h"

#include "core/archetypenames.h"
#include "core/archetypes.h"

#include <QJsonArray>
#include <QLocale>
#include <QSet>

namespace {
constexpr int MaxSearchWords = 16;
constexpr int MaxWordLength = 64;

QString triStateName(TriState state)
{
    return state == TriState::Yes ? QStringLiteral("yes") : state == TriState::No ? QStringLiteral("no") : QString();
}

TriState triStateFrom(const QJsonValue &value, TriState fallback)
{
    const QString text = value.toString();
    if (text == QLatin1String("yes"))
        return TriState::Yes;
    if (text == QLatin1String("no"))
        return TriState::No;
    if (text == QLatin1String("any"))
        return TriState::Any;
    return fallback;
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array) {
        if (v.isString() && !v.toString().isEmpty())
            list << v.toString();
    }
    return list;
}

std::optional<double> unitReal(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double v = value.toDouble();
    return v >= 0.0 && v <= 1.0 ? std::optional<double>(v) : std::nullopt;
}

QString shortDate(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime().date(), QLocale::ShortFormat);
}
} // namespace

QStringList MemoryFilter::searchWords(const QString &text)
{
    QStringList words;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty() && words.size() < MaxSearchWords)
            words << word.left(MaxWordLength).toLower();
        word.clear();
    };
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            word += c;
        else
            flush();
    }
    flush();
    return words;
}

bool MemoryFilter::isStopWord(const QString &word)
{
    // Short, and only the words that carry no topic: a longer list would start to hide real searches.
    static const QSet<QString> stopWords = [] {
        QSet<QString> set;
        for (const char *w : { "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "in", "into",
                 "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their", "then", "there", "these",
                 "this", "to", "was", "were", "with" })
            set.insert(QLatin1String(w));
        return set;
    }();
    return stopWords.contains(word);
}

QStringList MemoryFilter::queryWords(const QString &text)
{
    const QStringList words = searchWords(text);
    QStringList kept;
    for (const QString &word : words) {
        if (!isStopWord(word))
            kept << word;
    }
    return kept.isEmpty() ? words : kept;
}

QList<MemoryFilter::Condition> MemoryFilter::conditions() const
{
    QList<Condition> list;
    const QLocale locale;
    const auto orList = [](const QStringList &values) { return values.join(tr(" or ")); };
    if (!text.trimmed().isEmpty())
        list << Condition { Field::Text, 0, tr("Text: “%1”").arg(text.trimmed()) };
    if (createdFrom.isValid() || createdTo.isValid()) {
        QString label;
        if (createdFrom.isValid() && createdTo.isValid())
            label = tr("Created %1 – %2").arg(shortDate(createdFrom), shortDate(createdTo.addMSecs(-1)));
        else if (createdFrom.isValid())
            label = tr("Created from %1").arg(shortDate(createdFrom));
        else
            label = tr("Created until %1").arg(shortDate(createdTo.addMSecs(-1)));
        list << Condition { Field::Created, 0, label };
    }
    if (!tags.isEmpty())
        list << Condition { Field::Tags, 0, tr("Tag: %1").arg(orList(tags)) };
    if (!tones.isEmpty())
        list << Condition { Field::Tones, 0, tr("Tone: %1").arg(orList(tones)) };
    if (!sessionId.isEmpty())
        list << Condition { Field::Session, 0, tr("Session: %1").arg(sessionId) };
    if (!userId.isEmpty())
        list << Condition { Field::User, 0, tr("User: %1").arg(userId) };
    if (minPriority || maxPriority) {
        QString label;
        if (minPriority && maxPriority)
            label = tr("Priority %1 – %2")
                        .arg(locale.toString(*minPriority, 'f', 2), locale.toString(*maxPriority, 'f', 2));
        else if (minPriority)
            label = tr("Priority ≥ %1").arg(locale.toString(*minPriority, 'f', 2));
        else
            label = tr("Priority ≤ %1").arg(locale.toString(*maxPriority, 'f', 2));
        list << Condition { Field::Priority, 0, label };
    }
    if (longTerm != TriState::Any)
        list << Condition { Field::LongTerm, 0, longTerm == TriState::Yes ? tr("Long-term") : tr("Not long-term") };
    if (core != TriState::Any)
        list << Condition { Field::Core, 0, core == TriState::Yes ? tr("Core") : tr("Not core") };
    if (archived != TriState::No)
        list << Condition { Field::Archived, 0,
            archived == TriState::Yes ? tr("Archived only") : tr("Including archived") };
    for (int i = 0; i < metrics.size(); ++i) {
        const MetricThreshold &m = metrics[i];
        list << Condition { Field::Metric, i,
            tr("%1 %2 ≥ %3")
                .arg(Archetypes::name(m.archetype), ArchetypeNames::metricTitle(m.metric),
                    locale.toString(m.min, 'f', 2)) };
    }
    if (cluster) {
        const QString run
            = cluster->runName.isEmpty() ? cluster->runId.toString(QUuid::WithoutBraces).left(8) : cluster->runName;
        list << Condition { Field::Cluster, 0, tr("Cluster %1 of %2").arg(cluster->cluster).arg(run) };
    }
    if (!ids.isEmpty()) {
        const QString name = idsLabel.isEmpty() ? tr("Chosen memories") : idsLabel;
        list << Condition { Field::Ids, 0, tr("%1: %n memories", nullptr, int(ids.size())).arg(name) };
    }
    return list;
}

void MemoryFilter::remove(Field field, int index)
{
    const MemoryFilter defaults;
    switch (field) {
    case Field::Text:
        text.clear();
        break;
    case Field::Created:
        createdFrom = createdTo = QDateTime();
        break;
    case Field::Tags:
        tags.clear();
        break;
    case Field::Tones:
        tones.clear();
        break;
    case Field::Session:
        sessionId.clear();
        break;
    case Field::User:
        userId.clear();
        break;
    case Field::Priority:
        minPriority.reset();
        maxPriority.reset();
        break;
    case Field::LongTerm:
        longTerm = defaults.longTerm;
        break;
    case Field::Core:
        core = defaults.core;
        break;
    case Field::Archived:
        archived = defaults.archived;
        break;
    case Field::Metric:
        if (index >= 0 && index < metrics.size())
            metrics.removeAt(index);
        break;
    case Field::Cluster:
        cluster.reset();
        break;
    case Field::Ids:
        ids.clear();
        idsLabel.clear();
        break;
    }
}

QJsonObject MemoryFilter::toJson() const
{
    QJsonObject json;
    if (!text.isEmpty())
        json.insert(QStringLiteral("text"), text);
    if (createdFrom.isValid())
        json.insert(QStringLiteral("createdFrom"), createdFrom.toUTC().toString(Qt::ISODateWithMs));
    if (createdTo.isValid())
        json.insert(QStringLiteral("createdTo"), createdTo.toUTC().toString(Qt::ISODateWithMs));
    if (!tags.isEmpty())
        json.insert(QStringLiteral("tags"), QJsonArray::fromStringList(tags));
    if (!tones.isEmpty())
        json.insert(QStringLiteral("tones"), QJsonArray::fromStringList(tones));
    if (!sessionId.isEmpty())
        json.insert(QStringLiteral("session"), sessionId);
    if (!userId.isEmpty())
        json.insert(QStringLiteral("user"), userId);
    if (minPriority)
        json.insert(QStringLiteral("minPriority"), *minPriority);
    if (maxPriority)
        json.insert(QStringLiteral("maxPriority"), *maxPriority);
    json.insert(QStringLiteral("longTerm"), longTerm == TriState::Any ? QStringLiteral("any") : triStateName(longTerm));
    json.insert(QStringLiteral("core"), core == TriState::Any ? QStringLiteral("any") : triStateName(core));
    json.insert(QStringLiteral("archived"), archived == TriState::Any ? QStringLiteral("any") : triStateName(archived));
    QJsonArray thresholds;
    for (const MetricThreshold &m : metrics)
        thresholds.append(QJsonObject { { QStringLiteral("archetype"), Archetypes::name(m.archetype) },
            { QStringLiteral("metric"), m.metric }, { QStringLiteral("min"), m.min } });
    if (!thresholds.isEmpty())
        json.insert(QStringLiteral("metrics"), thresholds);
    if (cluster)
        json.insert(QStringLiteral("cluster"),
            QJsonObject { { QStringLiteral("run"), cluster->runId.toString(QUuid::WithoutBraces) },
                { QStringLiteral("cluster"), cluster->cluster }, { QStringLiteral("runName"), cluster->runName } });
    if (!ids.isEmpty() && ids.size() <= MaxSavedIds) {
        QJsonArray list;
        for (const QUuid &id : ids)
            list.append(id.toString(QUuid::WithoutBraces));
        json.insert(QStringLiteral("ids"), list);
        json.insert(QStringLiteral("idsLabel"), idsLabel);
    }
    return json;
}

MemoryFilter MemoryFilter::fromJson(const QJsonObject &json)
{
    MemoryFilter f;
    f.text = json.value(QStringLiteral("text")).toString();
    const auto time = [&](const char *key) {
        const QDateTime t = QDateTime::fromString(json.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
        return t.isValid() ? t.toUTC() : QDateTime();
    };
    f.createdFrom = time("createdFrom");
    f.createdTo = time("createdTo");
    f.tags = stringList(json.value(QStringLiteral("tags")));
    f.tones = stringList(json.value(QStringLiteral("tones")));
    f.sessionId = json.value(QStringLiteral("session")).toString();
    f.userId = json.value(QStringLiteral("user")).toString();
    f.minPriority = unitReal(json.value(QStringLiteral("minPriority")));
    f.maxPriority = unitReal(json.value(QStringLiteral("maxPriority")));
    f.longTerm = triStateFrom(json.value(QStringLiteral("longTerm")), f.longTerm);
    f.core = triStateFrom(json.value(QStringLiteral("core")), f.core);
    f.archived = triStateFrom(json.value(QStringLiteral("archived")), f.archived);
    const QJsonArray thresholds = json.value(QStringLiteral("metrics")).toArray();
    for (const QJsonValue &v : thresholds) {
        const QJsonObject o = v.toObject();
        const std::optional<int> archetype = Archetypes::fromName(o.value(QStringLiteral("archetype")).toString());
        const QString metric = o.value(QStringLiteral("metric")).toString();
        const std::optional<double> min = unitReal(o.value(QStringLiteral("min")));
        // A threshold on a metric the archetype does not have could never be met: drop it.
        if (archetype && min && Archetypes::metricNames(*archetype).contains(metric))
            f.metrics << MetricThreshold { *archetype, metric, *min };
    }
    const QJsonObject c = json.value(QStringLiteral("cluster")).toObject();
    const QUuid run = QUuid::fromString(c.value(QStringLiteral("run")).toString());
    if (!run.isNull() && c.value(QStringLiteral("cluster")).isDouble())
        f.cluster = ClusterCondition { run, c.value(QStringLiteral("cluster")).toInt(),
            c.value(QStringLiteral("runName")).toString() };
    const QJsonArray ids = json.value(QStringLiteral("ids")).toArray();
    for (const QJsonValue &v : ids) {
        const QUuid id = QUuid::fromString(v.toString());
        if (!id.isNull() && f.ids.size() < MaxSavedIds)
            f.ids << id;
    }
    if (!f.ids.isEmpty())
        f.idsLabel = json.value(QStringLiteral("idsLabel")).toString();
    return f;
}

namespace {
const char *const SortNames[]
    = { "created", "priority", "lastAccessed", "session", "user", "tone", "summary", "relevance" };
} // namespace

QJsonObject MemorySort::toJson() const
{
    return { { QStringLiteral("key"), QLatin1String(SortNames[int(key)]) },
        { QStringLiteral("descending"), descending } };
}

MemorySort MemorySort::fromJson(const QJsonObject &json)
{
    MemorySort sort;
    const QString key = json.value(QStringLiteral("key")).toString();
    for (int i = 0; i < int(std::size(SortNames)); ++i) {
        if (key == QLatin1String(SortNames[i]))
            sort.key = MemorySortKey(i);
    }
    sort.descending = json.value(QStringLiteral("descending")).toBool(true);
    return sort;
}
