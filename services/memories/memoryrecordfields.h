#pragma once

#include "memories/memoryimport.h"

#include <QJsonObject>

#include <optional>

// Internal to the memory record reader: typed reads of one field from JSON values or strings, each
// failure appended as an ImportProblem naming the row and field.

struct FieldReader
{
    qsizetype row;
    const ImportLimits &limits;
    QList<ImportProblem> &problems;
    qsizetype firstProblem = problems.size();

    void problem(const QString &field, const QString &reason) { problems << ImportProblem { row, field, reason }; }
    bool clean() const { return problems.size() == firstProblem; }
    static bool has(const QJsonObject &o, const QString &key); // present and not null / empty string
    // A value that reads as a time: ISO 8601 text, or Unix seconds / milliseconds (number or digits).
    // Invalid when it does not; never a problem, since it only offers a field for the creation time.
    static QDateTime looseTime(const QJsonValue &v);

    QString text(const QJsonObject &o, const QString &key, const QString &prefix = {});
    std::optional<double> number(const QJsonObject &o, const QString &key, const QString &prefix = {});
    std::optional<double> unit(const QJsonObject &o, const QString &key, const QString &prefix = {}); // 0..1
    std::optional<bool> boolean(const QJsonObject &o, const QString &key, const QString &prefix = {});
    QDateTime time(const QJsonObject &o, const QString &key, const QString &prefix = {});
    QStringList tags(const QJsonObject &o, const QString &key);
    Embedding vector(const QJsonObject &o, const QString &key);
    QJsonObject object(const QJsonObject &o, const QString &key);
    void link(const QJsonObject &o, const QString &prefix, ImportedMemory &out);
};
