#include "memories/restrictedyamlparser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("RestrictedYaml", text);
}

bool isItem(const QString &content)
{
    return content == QLatin1String("-") || content.startsWith(QLatin1String("- "));
}
} // namespace

bool YamlParser::fail(const QString &reason)
{
    if (!m_error)
        m_error = makeError(
            Error::InvalidInput, tr("YAML line %1: %2").arg(std::min(lineNumber(), m_lines.size())).arg(reason));
    return false;
}

bool YamlParser::count()
{
    if (++m_nodes > m_limits.maxNodes)
        return fail(tr("the document has more than %L1 values.").arg(m_limits.maxNodes));
    return true;
}

void YamlParser::skipBlank()
{
    while (m_i < m_lines.size() && m_lines.at(m_i).blank)
        ++m_i;
}

Result<RestrictedYaml::Document> YamlParser::run(QList<YamlLine> lines)
{
    m_lines = std::move(lines);
    skipBlank();
    if (m_i < m_lines.size()) {
        m_doc.rootLine = lineNumber();
        m_doc.root = block(m_lines.at(m_i).indent, 0, &m_doc.rootItemLines);
        skipBlank();
        if (!m_error && m_i < m_lines.size())
            fail(tr("unexpected content; check the indentation."));
    }
    if (m_error)
        return *m_error;
    return m_doc;
}

QJsonValue YamlParser::block(int indent, int depth, QList<qsizetype> *itemLines)
{
    if (depth > m_limits.maxDepth) {
        fail(tr("values are nested deeper than %1 levels.").arg(m_limits.maxDepth));
        return {};
    }
    skipBlank();
    if (m_i >= m_lines.size() || m_lines.at(m_i).indent < indent)
        return QJsonValue(QJsonValue::Null);
    const QString content = m_lines.at(m_i).content;
    QString key, rest;
    if (isItem(content))
        return sequence(m_lines.at(m_i).indent, depth, itemLines);
    if (splitKey(content, key, rest))
        return mapping(m_lines.at(m_i).indent, depth);
    if (m_error)
        return {};
    ++m_i;
    return inlineValue(content, depth);
}

bool YamlParser::splitKey(const QString &content, QString &key, QString &rest)
{
    if (content.startsWith(QLatin1String("? ")) || content == QLatin1String("?"))
        return fail(tr("complex mapping keys (?) are not supported."));
    qsizetype colon = -1;
    if (content.startsWith(QLatin1Char('"')) || content.startsWith(QLatin1Char('\''))) {
        qsizetype pos = 0;
        key = quoted(content, pos);
        if (m_error)
            return false;
        if (pos < content.size() && content.at(pos) == QLatin1Char(':')
            && (pos + 1 == content.size() || content.at(pos + 1) == QLatin1Char(' ')))
            colon = pos;
        else
            return false;
    } else {
        if (content.startsWith(QLatin1Char('[')) || content.startsWith(QLatin1Char('{')))
            return false;
        colon = content.indexOf(QLatin1String(": "));
        if (colon < 0 && content.endsWith(QLatin1Char(':')))
            colon = content.size() - 1;
        if (colon <= 0)
            return false;
        key = content.left(colon).trimmed();
        if (key.startsWith(QLatin1Char('&')) || key.startsWith(QLatin1Char('*')) || key.startsWith(QLatin1Char('!')))
            return fail(tr("anchors, aliases and tags are not supported."));
    }
    if (key == QLatin1String("<<"))
        return fail(tr("merge keys (<<) are not supported."));
    rest = content.mid(colon + 1).trimmed();
    return true;
}

QJsonValue YamlParser::mapping(int indent, int depth)
{
    QJsonObject object;
    while (!m_error) {
        skipBlank();
        if (m_i >= m_lines.size() || m_lines.at(m_i).indent < indent)
            break;
        const YamlLine &line = m_lines.at(m_i);
        if (line.indent > indent || isItem(line.content)) {
            fail(tr("unexpected indentation."));
            break;
        }
        QString key, rest;
        if (!splitKey(line.content, key, rest)) {
            fail(tr("expected \"key: value\"."));
            break;
        }
        if (object.contains(key)) {
            fail(tr("the key \"%1\" appears twice.").arg(key.left(40)));
            break;
        }
        if (!count())
            break;
        ++m_i;
        QList<qsizetype> *itemLines = depth == 0 ? &m_doc.keyItemLines[key] : nullptr;
        QJsonValue value;
        if (rest.startsWith(QLatin1Char('|')) || rest.startsWith(QLatin1Char('>'))) {
            value = blockScalar(rest, indent);
        } else if (!rest.isEmpty()) {
            value = inlineValue(rest, depth + 1);
        } else {
            skipBlank();
            if (m_i < m_lines.size() && m_lines.at(m_i).indent > indent)
                value = block(m_lines.at(m_i).indent, depth + 1, itemLines);
            else if (m_i < m_lines.size() && m_lines.at(m_i).indent == indent && isItem(m_lines.at(m_i).content))
                value = sequence(indent, depth + 1, itemLines);
            else
                value = QJsonValue(QJsonValue::Null);
        }
        object.insert(key, value);
    }
    return object;
}

QJsonValue YamlParser::sequence(int indent, int depth, QList<qsizetype> *itemLines)
{
    if (depth > m_limits.maxDepth) {
        fail(tr("values are nested deeper than %1 levels.").arg(m_limits.maxDepth));
        return {};
    }
    QJsonArray array;
    while (!m_error) {
        skipBlank();
        if (m_i >= m_lines.size() || m_lines.at(m_i).indent != indent || !isItem(m_lines.at(m_i).content)) {
            if (m_i < m_lines.size() && m_lines.at(m_i).indent > indent)
                fail(tr("unexpected indentation."));
            break;
        }
        if (!count())
            break;
        if (itemLines)
            *itemLines << lineNumber();
        YamlLine &line = m_lines[m_i];
        qsizetype offset = 1;
        while (offset < line.content.size() && line.content.at(offset) == QLatin1Char(' '))
            ++offset;
        const QString rest = line.content.mid(offset);
        QString key, value;
        if (rest.isEmpty()) {
            ++m_i;
            skipBlank();
            const bool nested = m_i < m_lines.size() && m_lines.at(m_i).indent > indent;
            array << (nested ? block(m_lines.at(m_i).indent, depth + 1, nullptr) : QJsonValue(QJsonValue::Null));
        } else if (isItem(rest) || splitKey(rest, key, value)) {
            // "- key: v" opens a mapping whose keys line up with "key": re-read this line at that column.
            line.indent += int(offset);
            line.content = rest;
            array << block(line.indent, depth + 1, nullptr);
        } else if (!m_error && (rest.startsWith(QLatin1Char('|')) || rest.startsWith(QLatin1Char('>')))) {
            ++m_i;
            array << blockScalar(rest, indent);
        } else if (!m_error) {
            ++m_i;
            array << inlineValue(rest, depth + 1);
        }
    }
    return array;
}
