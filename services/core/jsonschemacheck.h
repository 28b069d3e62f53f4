#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// Checks a JSON value against the subset of JSON Schema that OpenAI structured outputs accept: type
// (object, array, string, number, integer, boolean, null, or a list of them), properties, required,
// additionalProperties: false, items, enum, minimum/maximum, minItems/maxItems. Structured outputs
// should make a violation impossible, but a proxy, an older model or a mock can still send one, and the
// evaluation pipeline must not store such an answer. Pure function; any thread.
namespace JsonSchemaCheck {
// Empty when `value` conforms; else where and why it does not ("$.metrics.joy: above the maximum 1").
// The reason is for logs and error details, so it is not translated.
QString violation(const QJsonValue &value, const QJsonObject &schema, const QString &path = QStringLiteral("$"));
} // namespace JsonSchemaCheck
