#pragma once

#include "memories/restrictedyaml.h"

#include <QJsonValue>

// Internal to RestrictedYaml: the recursive block parser over pre-split lines.
struct YamlLine
{
    int indent = 0;
    QString content; // without indentation and comment
    QString raw;
    bool blank = true;
};

class YamlParser
{
public:
    explicit YamlParser(const RestrictedYaml::Limits &limits)
        : m_limits(limits)
    {
    }
    Result<RestrictedYaml::Document> run(QList<YamlLine> lines);

private:
    QJsonValue block(int indent, int depth, QList<qsizetype> *itemLines);
    QJsonValue mapping(int indent, int depth);
    QJsonValue sequence(int indent, int depth, QList<qsizetype> *itemLines);
    QJsonValue inlineValue(const QString &text, int depth);
    QJsonValue blockScalar(const QString &header, int parentIndent);
    QJsonValue flow(const QString &text, qsizetype &pos, int depth);
    QString quoted(const QString &text, qsizetype &pos);
    QJsonValue plain(const QString &text);
    bool splitKey(const QString &content, QString &key, QString &rest);

    bool fail(const QString &reason);
    bool count();
    void skipBlank();
    qsizetype lineNumber() const { return m_i + 1; }

    RestrictedYaml::Limits m_limits;
    QList<YamlLine> m_lines;
    qsizetype m_i = 0;
    qsizetype m_nodes = 0;
    std::optional<Error> m_error;
    RestrictedYaml::Document m_doc;
};
