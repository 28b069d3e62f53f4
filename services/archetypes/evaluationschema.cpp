#include "archetypes/evaluationschema.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

namespace EvaluationSchema {
namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("EvaluationSchema", text);
}

QJsonObject closedObject(const QJsonObject &properties)
{
    QJsonArray required;
    for (auto it = properties.begin(); it != properties.end(); ++it)
        required.append(it.key());
    return { { QStringLiteral("type"), QStringLiteral("object") }, { QStringLiteral("properties"), properties },
        { QStringLiteral("required"), required }, { QStringLiteral("additionalProperties"), false } };
}

QJsonObject unitNumber()
{
    return { { QStringLiteral("type"), QStringLiteral("number") }, { QStringLiteral("minimum"), 0 },
        { QStringLiteral("maximum"), 1 } };
}

QJsonObject text()
{
    return { { QStringLiteral("type"), QStringLiteral("string") } };
}

QJsonObject archetypeSchema(int archetype)
{
    QJsonObject metrics, justifications;
    for (const QString &metric : Archetypes::metricNames(archetype)) {
        metrics.insert(metric, unitNumber());
        justifications.insert(metric, text());
    }
    return closedObject({ { QStringLiteral("metrics"), closedObject(metrics) },
        { QStringLiteral("justifications"), closedObject(justifications) }, { QStringLiteral("annotation"), text() },
        { QStringLiteral("archetype_priority"), unitNumber() }, { QStringLiteral("confidence"), unitNumber() } });
}

// A number in 0..1 at `object[key]`, or why not.
std::optional<QString> unitValue(const QJsonObject &object, const QString &key, const QString &where, double *out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return tr("%1: %2 is missing").arg(where, key);
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return tr("%1: %2 is not a number").arg(where, key);
    const double x = value.toDouble();
    if (x < 0.0 || x > 1.0)
        return tr("%1: %2 = %3 is outside 0..1").arg(where, key).arg(x);
    *out = x;
    return std::nullopt;
}

Result<Evaluation> readArchetype(int archetype, const QJsonValue &value)
{
    const QString name = Archetypes::name(archetype);
    const auto invalid = [](const QString &why) { return makeError(Error::InvalidInput, why); };
    if (!value.isObject())
        return invalid(tr("%1: the record is not an object").arg(name));
    const QJsonObject record = value.toObject();
    const QJsonObject metrics = record.value(QLatin1String("metrics")).toObject();
    const QJsonObject justifications = record.value(QLatin1String("justifications")).toObject();
    const QStringList names = Archetypes::metricNames(archetype);
    Evaluation e;
    e.archetype = archetype;
    for (int i = 0; i < Archetypes::MetricsPerArchetype; ++i) {
        if (auto why = unitValue(metrics, names[i], name, &e.metrics[size_t(i)]))
            return invalid(*why);
        const QString justification = justifications.value(names[i]).toString().trimmed();
        if (justification.isEmpty())
            return invalid(tr("%1: the justification of %2 is missing").arg(name, names[i]));
        e.justifications.insert(names[i], justification);
    }
    for (auto it = metrics.begin(); it != metrics.end(); ++it) {
        if (!names.contains(it.key()))
            return invalid(tr("%1: unknown metric \"%2\"").arg(name, it.key()));
    }
    const QJsonValue annotation = record.value(QLatin1String("annotation"));
    if (!annotation.isString())
        return invalid(tr("%1: the annotation is missing").arg(name));
    e.annotation = annotation.toString().trimmed();
    if (auto why = unitValue(record, QStringLiteral("archetype_priority"), name, &e.archetypePriority))
        return invalid(*why);
    if (auto why = unitValue(record, QStringLiteral("confidence"), name, &e.confidence))
        return invalid(*why);
    return e;
}
} // namespace

QString schemaName()
{
    return QStringLiteral("archetype_evaluation");
}

QJsonObject schema(const QList<int> &archetypes)
{
    QJsonObject properties;
    for (int a : archetypes)
        properties.insert(Archetypes::name(a), archetypeSchema(a));
    return closedObject(properties);
}

Result<QList<Evaluation>> read(const QJsonObject &reply, const QList<int> &archetypes)
{
    for (auto it = reply.begin(); it != reply.end(); ++it) {
        const std::optional<int> archetype = Archetypes::fromName(it.key());
        if (!archetype)
            return makeError(Error::InvalidInput, tr("unknown archetype \"%1\"").arg(it.key()));
        if (!archetypes.contains(*archetype))
            return makeError(Error::InvalidInput, tr("%1 was not asked for").arg(it.key()));
    }
    QList<Evaluation> evaluations;
    for (int a : archetypes) {
        if (!reply.contains(Archetypes::name(a)))
            return makeError(Error::InvalidInput, tr("%1 is missing").arg(Archetypes::name(a)));
        Result<Evaluation> e = readArchetype(a, reply.value(Archetypes::name(a)));
        if (!e)
            return e.error();
        evaluations.append(*e);
    }
    return evaluations;
}

} // namespace EvaluationSchema
