#include "archetypes/promptlibrary.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace {
int versionNumber(const QString &version)
{
    return version.mid(1).toInt(); // "v12" -> 12
}

// One pass, so a memory whose text happens to contain "{{reply}}" is not expanded a second time.
QString fill(const QString &text, const QList<std::pair<QString, QString>> &values)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{(\\w+)\\}\\}"));
    QString out;
    qsizetype at = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(at, match.capturedStart() - at);
        const QString key = match.captured(1);
        const auto found = std::find_if(values.begin(), values.end(), [&](const auto &v) { return v.first == key; });
        out += found != values.end() ? found->second : match.captured(0);
        at = match.capturedEnd();
    }
    return out + QStringView(text).mid(at);
}
} // namespace

QString PromptTemplate::fullVersion() const
{
    return id + QLatin1Char('-') + version + QLatin1Char('/') + mode;
}

QString PromptTemplate::text() const
{
    QString out = QStringLiteral("# System\n\n") + system + QStringLiteral("\n\n# User\n\n") + user
        + QStringLiteral("\n\n# Archetype block ({{archetypes}} holds one per archetype asked for)\n\n")
        + archetypeBlock + QStringLiteral("\n\n# Archetypes\n");
    for (int a = 0; a < Archetypes::Count; ++a) {
        const QJsonObject guide = archetypes.value(Archetypes::name(a)).toObject();
        out += QStringLiteral("\n%1 (%2): %3\n")
                   .arg(Archetypes::name(a), guide.value(QLatin1String("tone")).toString(),
                       guide.value(QLatin1String("guidance")).toString());
        const QJsonObject metrics = guide.value(QLatin1String("metrics")).toObject();
        for (const QString &metric : Archetypes::metricNames(a))
            out += QStringLiteral("  - %1: %2\n").arg(metric, metrics.value(metric).toString());
    }
    return out;
}

PromptLibrary::PromptLibrary(QString folder)
    : m_folder(std::move(folder))
{
}

Result<QList<PromptTemplate>> PromptLibrary::all() const
{
    QList<PromptTemplate> prompts;
    const QDir dir(m_folder);
    for (const QString &name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return makeError(Error::Io, tr("Cannot read the prompt file %1.").arg(name));
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(file.readAll(), &error).object();
        if (error.error != QJsonParseError::NoError || root.value(QLatin1String("id")).toString().isEmpty())
            return makeError(Error::Io, tr("The prompt file %1 is not a valid prompt.").arg(name));
        const QJsonObject modes = root.value(QLatin1String("modes")).toObject();
        for (auto it = modes.begin(); it != modes.end(); ++it) {
            PromptTemplate p;
            p.id = root.value(QLatin1String("id")).toString();
            p.version = root.value(QLatin1String("version")).toString();
            p.mode = it.key();
            p.title = root.value(QLatin1String("title")).toString();
            p.description = root.value(QLatin1String("description")).toString();
            p.system = root.value(QLatin1String("system")).toString();
            p.user = it.value().toObject().value(QLatin1String("user")).toString();
            p.archetypeBlock = root.value(QLatin1String("archetype_block")).toString();
            p.archetypes = root.value(QLatin1String("archetypes")).toObject();
            prompts.append(p);
        }
    }
    std::sort(prompts.begin(), prompts.end(), [](const PromptTemplate &a, const PromptTemplate &b) {
        return std::tuple(a.id, versionNumber(a.version), a.mode) < std::tuple(b.id, versionNumber(b.version), b.mode);
    });
    return prompts;
}

Result<PromptTemplate> PromptLibrary::find(const QString &id, const QString &mode, const QString &version) const
{
    Result<QList<PromptTemplate>> prompts = all();
    if (!prompts)
        return prompts.error();
    const PromptTemplate *best = nullptr;
    for (const PromptTemplate &p : *prompts) {
        if (p.id == id && p.mode == mode && (version.isEmpty() || p.version == version))
            best = &p; // sorted: the last match is the newest
    }
    if (!best)
        return makeError(Error::NotFound,
            tr("No prompt \"%1\" %2 in mode %3.").arg(id, version.isEmpty() ? tr("(any version)") : version, mode));
    return *best;
}

QList<ChatMessage> PromptLibrary::render(
    const PromptTemplate &prompt, const Memory &memory, const QList<int> &archetypes)
{
    QStringList blocks;
    for (int a : archetypes) {
        const QJsonObject guide = prompt.archetypes.value(Archetypes::name(a)).toObject();
        const QJsonObject descriptions = guide.value(QLatin1String("metrics")).toObject();
        QStringList metrics;
        for (const QString &metric : Archetypes::metricNames(a))
            metrics << QStringLiteral("- %1: %2").arg(metric, descriptions.value(metric).toString());
        blocks << fill(prompt.archetypeBlock,
            { { QStringLiteral("name"), Archetypes::name(a) }, { QStringLiteral("title"), Archetypes::title(a) },
                { QStringLiteral("tone"), guide.value(QLatin1String("tone")).toString() },
                { QStringLiteral("guidance"), guide.value(QLatin1String("guidance")).toString() },
                { QStringLiteral("metrics"), metrics.join(QLatin1Char('\n')) } });
    }
    const QString user = fill(prompt.user,
        { { QStringLiteral("archetypes"), blocks.join(QStringLiteral("\n\n")) },
            { QStringLiteral("prompt"), memory.userPrompt }, { QStringLiteral("reply"), memory.agentReply },
            { QStringLiteral("summary"), memory.summary },
            { QStringLiteral("tags"), memory.contextTags.join(QStringLiteral(", ")) },
            { QStringLiteral("tone"), memory.tone } });
    return { { QStringLiteral("system"), prompt.system }, { QStringLiteral("user"), user } };
}
