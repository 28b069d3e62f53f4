// RestrictedYaml: scalars, block scalars and one-line flow collections.
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

bool refused(QChar c)
{
    return c == QLatin1Char('&') || c == QLatin1Char('*') || c == QLatin1Char('!');
}
} // namespace

QJsonValue YamlParser::inlineValue(const QString &text, int depth)
{
    if (!count() || text.isEmpty())
        return QJsonValue(QJsonValue::Null);
    const QChar first = text.at(0);
    if (refused(first)) {
        fail(tr("anchors (&), aliases (*) and tags (!) are not supported."));
        return {};
    }
    if (first == QLatin1Char('@') || first == QLatin1Char('`')) {
        fail(tr("a plain value cannot start with %1; quote it.").arg(first));
        return {};
    }
    qsizetype pos = 0;
    QJsonValue value;
    if (first == QLatin1Char('[') || first == QLatin1Char('{'))
        value = flow(text, pos, depth);
    else if (first == QLatin1Char('"') || first == QLatin1Char('\''))
        value = quoted(text, pos);
    else
        return plain(text);
    if (!m_error && !QStringView(text).mid(pos).trimmed().isEmpty())
        fail(tr("unexpected text after a closed value."));
    return value;
}

QJsonValue YamlParser::plain(const QString &text)
{
    static const QRegularExpression number(QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    const QString t = text.trimmed();
    if (t.isEmpty() || t == QLatin1String("~") || t.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0)
        return QJsonValue(QJsonValue::Null);
    if (t.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
        return true;
    if (t.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
        return false;
    if (number.match(t).hasMatch())
        return t.toDouble();
    return t;
}

QString YamlParser::quoted(const QString &text, qsizetype &pos)
{
    const QChar quote = text.at(pos++);
    QString out;
    while (pos < text.size()) {
        const QChar c = text.at(pos++);
        if (c == quote) {
            if (quote == QLatin1Char('\'') && pos < text.size() && text.at(pos) == quote) {
                out += quote;
                ++pos;
                continue;
            }
            return out;
        }
        if (c != QLatin1Char('\\') || quote == QLatin1Char('\'')) {
            out += c;
            continue;
        }
        if (pos >= text.size())
            break;
        const QChar e = text.at(pos++);
        switch (e.unicode()) {
        case 'n':
            out += QLatin1Char('\n');
            break;
        case 't':
            out += QLatin1Char('\t');
            break;
        case 'r':
            out += QLatin1Char('\r');
            break;
        case '0':
            out += QChar(0);
            break;
        case '"':
        case '\\':
        case '/':
        case ' ':
            out += e;
            break;
        case 'x':
        case 'u':
        case 'U': {
            const int digits = e == QLatin1Char('x') ? 2 : e == QLatin1Char('u') ? 4 : 8;
            bool ok = false;
            const uint code = text.mid(pos, digits).toUInt(&ok, 16);
            if (!ok || text.mid(pos, digits).size() != digits || code > 0x10FFFF) {
                fail(tr("a bad \\%1 escape.").arg(e));
                return {};
            }
            const char32_t ch = code;
            out += QString::fromUcs4(&ch, 1);
            pos += digits;
            break;
        }
        default:
            fail(tr("unknown escape \\%1.").arg(e));
            return {};
        }
    }
    fail(tr("a quoted value is not closed on its line (multi-line quoted values are not supported)."));
    return {};
}

QJsonValue YamlParser::flow(const QString &text, qsizetype &pos, int depth)
{
    if (depth > m_limits.maxDepth) {
        fail(tr("values are nested deeper than %1 levels.").arg(m_limits.maxDepth));
        return {};
    }
    const bool isList = text.at(pos) == QLatin1Char('[');
    const QChar close = isList ? QLatin1Char(']') : QLatin1Char('}');
    ++pos;
    QJsonArray array;
    QJsonObject object;
    auto skipSpaces = [&]() {
        while (pos < text.size() && text.at(pos) == QLatin1Char(' '))
            ++pos;
    };
    // One element: a nested collection, a quoted value, or a plain value up to a delimiter.
    auto element = [&](const QString &stops) -> QJsonValue {
        skipSpaces();
        if (pos >= text.size())
            return {};
        const QChar c = text.at(pos);
        if (refused(c)) {
            fail(tr("anchors (&), aliases (*) and tags (!) are not supported."));
            return {};
        }
        if (!count())
            return {};
        if (c == QLatin1Char('[') || c == QLatin1Char('{'))
            return flow(text, pos, depth + 1);
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            return quoted(text, pos);
        const qsizetype start = pos;
        while (pos < text.size() && !stops.contains(text.at(pos)))
            ++pos;
        return plain(text.mid(start, pos - start));
    };
    skipSpaces();
    if (pos < text.size() && text.at(pos) == close) {
        ++pos;
        return isList ? QJsonValue(array) : QJsonValue(object);
    }
    while (!m_error && pos < text.size()) {
        if (isList) {
            array << element(QStringLiteral(",]"));
        } else {
            const QJsonValue key = element(QStringLiteral(":,}"));
            skipSpaces();
            if (m_error || pos >= text.size() || text.at(pos) != QLatin1Char(':')) {
                fail(tr("expected \"key: value\" inside { }."));
                break;
            }
            ++pos;
            const QString name = key.isString() ? key.toString() : key.toVariant().toString();
            if (name == QLatin1String("<<")) {
                fail(tr("merge keys (<<) are not supported."));
                break;
            }
            object.insert(name, element(QStringLiteral(",}")));
        }
        skipSpaces();
        if (pos < text.size() && text.at(pos) == QLatin1Char(',')) {
            ++pos;
            continue;
        }
        if (pos < text.size() && text.at(pos) == close) {
            ++pos;
            return isList ? QJsonValue(array) : QJsonValue(object);
        }
        break;
    }
    fail(tr("a [ ] or { } collection is not closed on its line."));
    return {};
}

QJsonValue YamlParser::blockScalar(const QString &header, int parentIndent)
{
    const bool folded = header.startsWith(QLatin1Char('>'));
    const QString chomp = header.mid(1).trimmed();
    if (!chomp.isEmpty() && chomp != QLatin1String("-") && chomp != QLatin1String("+")) {
        fail(tr("only |, |-, |+, >, >- and >+ block scalars are supported."));
        return {};
    }
    QStringList lines;
    int blockIndent = -1;
    while (m_i < m_lines.size()) {
        const YamlLine &line = m_lines.at(m_i);
        if (line.raw.trimmed().isEmpty()) {
            lines << QString();
            ++m_i;
            continue;
        }
        if (line.indent <= parentIndent || (blockIndent >= 0 && line.indent < blockIndent))
            break;
        if (blockIndent < 0)
            blockIndent = line.indent;
        lines << line.raw.mid(blockIndent);
        ++m_i;
    }
    qsizetype trailing = 0;
    while (!lines.isEmpty() && lines.constLast().isEmpty()) {
        lines.removeLast();
        ++trailing;
    }
    QString out;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (!folded) {
            if (i > 0)
                out += QLatin1Char('\n');
        } else if (lines.at(i).isEmpty()) {
            out += QLatin1Char('\n'); // an empty line is the only line break a folded scalar keeps
            continue;
        } else if (i > 0 && !lines.at(i - 1).isEmpty()) {
            out += QLatin1Char(' ');
        }
        out += lines.at(i);
    }
    if (chomp == QLatin1String("+"))
        out += QString(trailing + 1, QLatin1Char('\n'));
    else if (chomp.isEmpty() && !lines.isEmpty())
        out += QLatin1Char('\n');
    return out;
}
