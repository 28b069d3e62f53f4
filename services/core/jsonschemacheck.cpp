#include "core/jsonschemacheck.h"

#include <QJsonArray>

#include <cmath>

namespace JsonSchemaCheck {
namespace {
bool hasType(const QJsonValue &value, const QString &type)
{
    if (type == QLatin1String("object"))
        return value.isObject();
    if (type == QLatin1String("array"))
        return value.isArray();
    if (type == QLatin1String("string"))
        return value.isString();
    if (type == QLatin1String("number"))
        return value.isDouble();
    if (type == QLatin1String("integer"))
        return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
    if (type == QLatin1String("boolean"))
        return value.isBool();
    if (type == QLatin1String("null"))
        return value.isNull();
    return true; // a type we do not know is not held against the answer
}

QString typeViolation(const QJsonValue &value, const QJsonValue &type, const QString &path)
{
    if (type.isString())
        return hasType(value, type.toString()) ? QString() : path + QStringLiteral(": not of type ") + type.toString();
    if (type.isArray()) {
        for (const QJsonValue &t : type.toArray()) {
            if (hasType(value, t.toString()))
                return {};
        }
        return path + QStringLiteral(": none of the allowed types");
    }
    return {};
}
} // namespace

QString violation(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    if (const QString bad = typeViolation(value, schema.value(QLatin1String("type")), path); !bad.isEmpty())
        return bad;
    if (schema.contains(QLatin1String("enum")) && !schema.value(QLatin1String("enum")).toArray().contains(value))
        return path + QStringLiteral(": not one of the allowed values");
    if (value.isDouble()) {
        const double x = value.toDouble();
        if (schema.contains(QLatin1String("minimum")) && x < schema.value(QLatin1String("minimum")).toDouble())
            return path + QStringLiteral(": below the minimum");
        if (schema.contains(QLatin1String("maximum")) && x > schema.value(QLatin1String("maximum")).toDouble())
            return path + QStringLiteral(": above the maximum");
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (const QJsonValue &name : schema.value(QLatin1String("required")).toArray()) {
            if (!object.contains(name.toString()))
                return path + QStringLiteral(": missing \"") + name.toString() + QLatin1Char('"');
        }
        const bool closed = schema.value(QLatin1String("additionalProperties")) == QJsonValue(false);
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString childPath = path + QLatin1Char('.') + it.key();
            if (properties.contains(it.key())) {
                const QString bad = violation(it.value(), properties.value(it.key()).toObject(), childPath);
                if (!bad.isEmpty())
                    return bad;
            } else if (closed) {
                return childPath + QStringLiteral(": not allowed");
            }
        }
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (schema.contains(QLatin1String("minItems"))
            && array.size() < schema.value(QLatin1String("minItems")).toInt())
            return path + QStringLiteral(": too few items");
        if (schema.contains(QLatin1String("maxItems"))
            && array.size() > schema.value(QLatin1String("maxItems")).toInt())
            return path + QStringLiteral(": too many items");
        const QJsonObject items = schema.value(QLatin1String("items")).toObject();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString bad = violation(array.at(i), items, path + QStringLiteral("[%1]").arg(i));
            if (!bad.isEmpty())
                return bad;
        }
    }
    return {};
}
} // namespace JsonSchemaCheck
