// MemoryRecord: one record (JSON, or strings from CSV and YAML) → ImportedMemory, with every problem named.
#include "core/validation.h"
#include "memories/memoryrecord.h"
#include "memories/memoryrecordfields.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>

namespace MemoryRecord {

namespace {
// Names used by the EUMAS sample_memory.yaml shape, accepted beside ours.
const QList<std::pair<QString, QString>> &aliases()
{
    static const QList<std::pair<QString, QString>> list { { QStringLiteral("memory_id"), QStringLiteral("id") },
        { QStringLiteral("timestamp"), QStringLiteral("created_at") },
        { QStringLiteral("user_prompt"), QStringLiteral("prompt") },
        { QStringLiteral("agent_response"), QStringLiteral("reply") },
        { QStringLiteral("agent_reply"), QStringLiteral("reply") },
        { QStringLiteral("context_tags"), QStringLiteral("tags") },
        { QStringLiteral("emotional_tone"), QStringLiteral("tone") },
        { QStringLiteral("memory_priority"), QStringLiteral("priority") },
        { QStringLiteral("duration"), QStringLiteral("duration_s") } };
    return list;
}

bool isKnownField(const QString &name)
{
    static const QSet<QString> known = [] {
        QSet<QString> names(csvColumns().cbegin(), csvColumns().cend());
        names << QStringLiteral("evaluations") << QStringLiteral("links");
        return names;
    }();
    return known.contains(name);
}

// Fields Sextant does not read are kept in metadata rather than dropped; a key the row's own metadata
// object already has wins, since that is where the file put it on purpose.
void keepUnknownFields(const QJsonObject &record, QJsonObject &metadata)
{
    for (auto it = record.begin(); it != record.end(); ++it) {
        if (isKnownField(it.key()) || metadata.contains(it.key()) || !FieldReader::has(record, it.key()))
            continue;
        metadata.insert(it.key(), it.value());
    }
}

// The fields of a row without created_at that could stand in for it, for the operator to choose from.
QHash<QString, QDateTime> timeFields(const QJsonObject &record)
{
    QHash<QString, QDateTime> out;
    for (auto it = record.begin(); it != record.end(); ++it) {
        if (it.key() == QLatin1String("created_at"))
            continue;
        if (const QDateTime t = FieldReader::looseTime(it.value()); t.isValid())
            out.insert(it.key(), t);
    }
    return out;
}

QJsonObject canonical(const QJsonObject &record)
{
    QJsonObject out = record;
    for (const auto &[alias, name] : aliases()) {
        if (out.contains(alias) && !out.contains(name))
            out.insert(name, out.take(alias));
    }
    return out;
}

void readEvaluation(FieldReader &r, const QJsonObject &e, const QString &prefix, ImportedMemory &out)
{
    Evaluation eval;
    eval.memoryId = out.memory.id;
    const QString name = r.text(e, QStringLiteral("archetype"), prefix);
    const std::optional<int> archetype = Archetypes::fromName(name);
    if (!archetype) {
        r.problem(prefix + QStringLiteral("archetype"),
            QCoreApplication::translate("MemoryImport", "Unknown archetype \"%1\"; expected Ella-M … Ella-F.")
                .arg(name.left(40)));
        return;
    }
    eval.archetype = *archetype;
    const QJsonObject metrics = e.value(QStringLiteral("metrics")).isObject()
        ? e.value(QStringLiteral("metrics")).toObject()
        : e; // the YAML shape lists the four metrics beside the annotation
    const QStringList names = Archetypes::metricNames(eval.archetype);
    for (int i = 0; i < Archetypes::MetricsPerArchetype; ++i) {
        const std::optional<double> v = r.unit(metrics, names[i], prefix + QStringLiteral("metrics."));
        if (!v)
            r.problem(prefix + QStringLiteral("metrics.") + names[i],
                QCoreApplication::translate("MemoryImport", "The metric is missing."));
        eval.metrics[i] = v.value_or(0.0);
    }
    eval.justifications = e.value(QStringLiteral("justifications")).toObject();
    eval.annotation = r.text(e, QStringLiteral("annotation"), prefix);
    eval.archetypePriority = r.unit(e, QStringLiteral("archetype_priority"), prefix).value_or(0.0);
    eval.confidence = r.unit(e, QStringLiteral("confidence"), prefix).value_or(0.0);
    eval.model = r.text(e, QStringLiteral("model"), prefix);
    eval.promptVersion = r.text(e, QStringLiteral("prompt_version"), prefix);
    eval.createdAt = r.time(e, QStringLiteral("created_at"), prefix);
    if (e.value(QStringLiteral("link")).isObject()) { // YAML shape: one link per archetype evaluation
        QJsonObject link = e.value(QStringLiteral("link")).toObject();
        if (!link.contains(QStringLiteral("archetype")))
            link.insert(QStringLiteral("archetype"), name);
        if (!link.contains(QStringLiteral("origin")))
            link.insert(QStringLiteral("origin"), QStringLiteral("evaluator"));
        r.link(link, prefix + QStringLiteral("link."), out);
    }
    for (const Evaluation &other : std::as_const(out.evaluations)) {
        if (other.archetype == eval.archetype)
            r.problem(prefix + QStringLiteral("archetype"),
                QCoreApplication::translate("MemoryImport", "%1 is evaluated twice.").arg(name));
    }
    out.evaluations << eval;
}

QJsonArray evaluationList(FieldReader &r, const QJsonValue &value)
{
    if (value.isArray())
        return value.toArray();
    if (value.isObject()) { // keyed by archetype name
        QJsonArray list;
        const QJsonObject byName = value.toObject();
        for (auto it = byName.begin(); it != byName.end(); ++it) {
            QJsonObject e = it.value().toObject();
            e.insert(QStringLiteral("archetype"), it.key());
            list << e;
        }
        return list;
    }
    if (!value.isUndefined() && !value.isNull() && value != QJsonValue(QString()))
        r.problem(QStringLiteral("evaluations"),
            QCoreApplication::translate("MemoryImport", "Expected a list of evaluations."));
    return {};
}
} // namespace

ImportedMemory fromRecord(
    const QJsonObject &input, qsizetype row, const ImportLimits &limits, QList<ImportProblem> &problems)
{
    const QJsonObject record = canonical(input);
    FieldReader r { row, limits, problems };
    ImportedMemory out;
    out.row = row;
    Memory &m = out.memory;
    m.metadata = r.object(record, QStringLiteral("metadata"));
    keepUnknownFields(record, m.metadata);
    const QString idText = r.text(record, QStringLiteral("id"));
    if (idText.isEmpty()) {
        m.id = QUuid::createUuid();
        out.idGenerated = true;
    } else {
        m.id = idFromText(idText);
        if (QUuid::fromString(idText).isNull())
            m.metadata.insert(QStringLiteral("source_id"), idText);
    }
    if (r.has(record, QStringLiteral("created_at"))) {
        m.createdAt = r.time(record, QStringLiteral("created_at"));
    } else {
        // Provisional, so the shared checks pass; applyImport() puts the operator's choice here.
        m.createdAt = QDateTime::currentDateTimeUtc();
        out.createdAtMissing = true;
        out.times = timeFields(record);
    }
    m.sessionId = r.text(record, QStringLiteral("session_id"));
    m.userId = r.text(record, QStringLiteral("user_id"));
    m.userPrompt = r.text(record, QStringLiteral("prompt"));
    m.agentReply = r.text(record, QStringLiteral("reply"));
    m.summary = r.text(record, QStringLiteral("summary"));
    out.summaryMissing = !r.has(record, QStringLiteral("summary"));
    if (!r.has(record, QStringLiteral("prompt")) && !r.has(record, QStringLiteral("reply")))
        r.problem(QStringLiteral("prompt"),
            QCoreApplication::translate("MemoryImport", "The row has neither a prompt nor a reply."));
    m.contextTags = r.tags(record, QStringLiteral("tags"));
    m.tone = r.text(record, QStringLiteral("tone"));
    m.priority = r.unit(record, QStringLiteral("priority")).value_or(0.5);
    m.priorityOverride = r.unit(record, QStringLiteral("priority_override"));
    m.longTerm = r.boolean(record, QStringLiteral("long_term")).value_or(false);
    m.core = r.boolean(record, QStringLiteral("core")).value_or(false);
    m.archivedAt = r.time(record, QStringLiteral("archived_at"));
    m.durationSeconds = r.number(record, QStringLiteral("duration_s")).value_or(0.0);
    m.lastAccessed = r.time(record, QStringLiteral("last_accessed"));
    m.decayRate = r.number(record, QStringLiteral("decay_rate")).value_or(0.1);
    if (!std::isfinite(m.decayRate) || m.decayRate < 0.0)
        r.problem(QStringLiteral("decay_rate"),
            QCoreApplication::translate("MemoryImport", "The decay rate must be a non-negative number."));
    m.embeddingModel = r.text(record, QStringLiteral("embedding_model"));
    m.version = int(r.number(record, QStringLiteral("version")).value_or(1));
    m.updatedAt = r.time(record, QStringLiteral("updated_at"));
    m.embedding = r.vector(record, QStringLiteral("embedding"));

    const QJsonArray evals = evaluationList(r, record.value(QStringLiteral("evaluations")));
    for (qsizetype i = 0; i < evals.size(); ++i) {
        const QString prefix = QStringLiteral("evaluations[%1].").arg(i);
        if (!evals.at(i).isObject())
            r.problem(prefix.chopped(1), QCoreApplication::translate("MemoryImport", "Expected an evaluation object."));
        else
            readEvaluation(r, evals.at(i).toObject(), prefix, out);
    }
    const QJsonValue links = record.value(QStringLiteral("links"));
    if (links.isArray()) {
        const QJsonArray list = links.toArray();
        for (qsizetype i = 0; i < list.size(); ++i)
            r.link(list.at(i).toObject(), QStringLiteral("links[%1].").arg(i), out);
    } else if (!links.isUndefined() && !links.isNull() && links != QJsonValue(QString())) {
        r.problem(QStringLiteral("links"), QCoreApplication::translate("MemoryImport", "Expected a list of links."));
    }

    // The shared checks catch whatever the field readers let through (they name no field).
    if (r.clean()) {
        if (auto v = Validation::checkMemory(m); !v)
            r.problem({}, v.error().message);
        for (const Evaluation &e : std::as_const(out.evaluations)) {
            if (auto v = Validation::checkEvaluation(e); !v)
                r.problem(QStringLiteral("evaluations"), v.error().message);
        }
        for (const MemoryLink &l : std::as_const(out.links)) {
            if (auto v = Validation::checkLink(l); !v)
                r.problem(QStringLiteral("links"), v.error().message);
        }
    }
    return out;
}

QUuid idFromText(const QString &text)
{
    const QUuid direct = QUuid::fromString(text);
    if (!direct.isNull() || text.isEmpty())
        return direct;
    static const QUuid ns = QUuid::fromString(QLatin1String("{6f1d5a0e-6c1b-4f7e-9a55-5e57a47e0001}"));
    return QUuid::createUuidV5(ns, text);
}

} // namespace MemoryRecord
