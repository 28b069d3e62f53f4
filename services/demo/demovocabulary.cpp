#include "demo/demovocabulary.h"
#include "core/random.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace {
QStringList strings(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array)
        list << v.toString();
    return list;
}

Result<QJsonObject> readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Internal,
            QCoreApplication::translate("DemoVocabulary", "The demo vocabulary %1 is missing from this build.")
                .arg(path));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(Error::Internal, QStringLiteral("%1 is not valid JSON: %2").arg(path, error.errorString()));
    return document.object();
}
} // namespace

Result<DemoVocabulary> DemoVocabulary::load()
{
    Result<QJsonObject> topics = readJson(QStringLiteral(":/demo/topics.json"));
    if (!topics)
        return topics.error();
    Result<QJsonObject> market = readJson(QStringLiteral(":/demo/marketplace.json"));
    if (!market)
        return market.error();

    DemoVocabulary v;
    const QJsonArray topicArray = topics->value(QLatin1String("topics")).toArray();
    for (const QJsonValue &value : topicArray) {
        const QJsonObject o = value.toObject();
        DemoTopic t;
        t.id = o.value(QLatin1String("id")).toString();
        t.label = o.value(QLatin1String("label")).toString();
        t.nouns = strings(o.value(QLatin1String("nouns")));
        t.verbs = strings(o.value(QLatin1String("verbs")));
        t.adjectives = strings(o.value(QLatin1String("adjectives")));
        t.tags = strings(o.value(QLatin1String("tags")));
        t.prompts = strings(o.value(QLatin1String("prompts")));
        t.replies = strings(o.value(QLatin1String("replies")));
        t.summaries = strings(o.value(QLatin1String("summaries")));
        t.tones = strings(o.value(QLatin1String("tones")));
        const QJsonObject emphasis = o.value(QLatin1String("emphasis")).toObject();
        for (int a = 0; a < Archetypes::Count; ++a)
            t.emphasis[a] = emphasis.value(Archetypes::name(a)).toDouble(0.4);
        if (t.nouns.size() < 3 || t.verbs.isEmpty() || t.adjectives.size() < 2 || t.prompts.isEmpty()
            || t.replies.isEmpty() || t.summaries.isEmpty() || t.tags.isEmpty() || t.tones.isEmpty())
            return makeError(Error::Internal, QStringLiteral("Demo topic \"%1\" is incomplete.").arg(t.id));
        v.topics << t;
    }
    const QJsonArray categoryArray = market->value(QLatin1String("categories")).toArray();
    for (const QJsonValue &value : categoryArray) {
        const QJsonObject o = value.toObject();
        DemoCategory c;
        c.id = o.value(QLatin1String("id")).toString();
        c.label = o.value(QLatin1String("label")).toString();
        c.skills = strings(o.value(QLatin1String("skills")));
        c.jobTitles = strings(o.value(QLatin1String("job_titles")));
        c.freelancerTitles = strings(o.value(QLatin1String("freelancer_titles")));
        c.jobDescriptions = strings(o.value(QLatin1String("job_descriptions")));
        if (c.skills.size() < 6 || c.jobTitles.isEmpty() || c.freelancerTitles.isEmpty() || c.jobDescriptions.isEmpty())
            return makeError(Error::Internal, QStringLiteral("Demo category \"%1\" is incomplete.").arg(c.id));
        v.categories << c;
    }
    v.firstNames = strings(market->value(QLatin1String("first_names")));
    v.lastNames = strings(market->value(QLatin1String("last_names")));
    v.bioTemplates = strings(market->value(QLatin1String("bio_templates")));
    const QJsonArray bias = market->value(QLatin1String("bias_reports")).toArray();
    for (const QJsonValue &value : bias) {
        const QJsonObject o = value.toObject();
        v.biasTemplates << DemoBiasTemplate { o.value(QLatin1String("entity_type")).toString(),
            strings(o.value(QLatin1String("categories"))), o.value(QLatin1String("finding")).toString(),
            o.value(QLatin1String("recommendation")).toString() };
    }
    const QJsonObject reasons = market->value(QLatin1String("reason_codes")).toObject();
    for (auto it = reasons.begin(); it != reasons.end(); ++it)
        v.reasonCodes.insert(it.key(), strings(it.value()));
    if (v.topics.size() < 20 || v.categories.isEmpty() || v.firstNames.isEmpty() || v.lastNames.isEmpty()
        || v.bioTemplates.isEmpty() || v.biasTemplates.isEmpty())
        return makeError(
            Error::Internal, QCoreApplication::translate("DemoVocabulary", "The demo vocabulary is incomplete."));
    return v;
}

namespace {
// Skewed towards the head of each list, as real conversations return to a topic's core words.
int skewed(Random &random, qsizetype size)
{
    return std::min(int(size) - 1, int(double(size) * std::pow(random.uniform(), 2.5)));
}
} // namespace

QString DemoVocabulary::fill(const QString &pattern, const DemoTopic &topic, Random &random)
{
    const int nouns = int(topic.nouns.size());
    const int n1 = skewed(random, nouns);
    const int n2 = (n1 + 1 + skewed(random, nouns - 1)) % nouns;
    int n3 = skewed(random, nouns);
    if (n3 == n1 || n3 == n2)
        n3 = (std::max(n1, n2) + 1) % nouns;
    const int adjectives = int(topic.adjectives.size());
    const int a1 = skewed(random, adjectives);
    const int a2 = (a1 + 1 + skewed(random, adjectives - 1)) % adjectives;
    QString text = pattern;
    text.replace(QLatin1String("{noun2}"), topic.nouns[n2]);
    text.replace(QLatin1String("{noun3}"), topic.nouns[n3]);
    text.replace(QLatin1String("{noun}"), topic.nouns[n1]);
    text.replace(QLatin1String("{adj2}"), topic.adjectives[a2]);
    text.replace(QLatin1String("{adj}"), topic.adjectives[a1]);
    text.replace(QLatin1String("{verb}"), topic.verbs[skewed(random, topic.verbs.size())]);
    return text;
}
