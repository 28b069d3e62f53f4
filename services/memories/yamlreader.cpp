// YamlReader: libyaml's events → a tree of JSON values, refusing what the import does not load.
#include "memories/yamlreader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <optional>

#include <yaml.h>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("YamlReader", text);
}

QString utf8(const yaml_char_t *text, size_t length)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(text), qsizetype(length));
}

// The plain scalars both YAML 1.1 and 1.2 read as null, booleans or numbers. A plain scalar on which
// they disagree is text: PyYAML writes the string "019" or "7e123456" without quotes because YAML 1.1
// sees no number in it, and reading it as 19 or infinity would corrupt an id.
QJsonValue resolvePlain(const QString &text)
{
    static const QRegularExpression number(
        QStringLiteral("^[-+]?(?:0|[1-9][0-9]*|[0-9]+\\.[0-9]*(?:[eE][-+][0-9]+)?|\\.[0-9]+(?:[eE][-+][0-9]+)?)$"));
    if (text.isEmpty() || text == QLatin1String("~") || text == QLatin1String("null") || text == QLatin1String("Null")
        || text == QLatin1String("NULL"))
        return QJsonValue(QJsonValue::Null);
    if (text == QLatin1String("true") || text == QLatin1String("True") || text == QLatin1String("TRUE"))
        return true;
    if (text == QLatin1String("false") || text == QLatin1String("False") || text == QLatin1String("FALSE"))
        return false;
    if (number.match(text).hasMatch())
        return text.toDouble();
    return text;
}

// One open sequence or mapping. A mapping alternates between waiting for a key and for its value.
struct Frame
{
    bool isMap = false;
    QJsonArray array;
    QJsonObject object;
    QString key;
    bool haveKey = false;
    bool recordItems = false; // a sequence at the root or under a top-level key: note where items start
    QString itemsKey; // that top-level key; null for the root
};

class Builder
{
public:
    explicit Builder(const YamlReader::Limits &limits)
        : m_limits(limits)
    {
    }

    // False once a refusal is recorded; the caller stops reading.
    bool handle(const yaml_event_t &event)
    {
        const qsizetype line = qsizetype(event.start_mark.line) + 1;
        switch (event.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++m_documents > 1)
                return fail(line, tr("only one document per file is supported."));
            return true;
        case YAML_ALIAS_EVENT:
            return fail(line, tr("aliases (*) are not supported."));
        case YAML_SCALAR_EVENT: {
            const auto &s = event.data.scalar;
            if (!node(line, s.anchor, s.tag))
                return false;
            const QString text = utf8(s.value, s.length);
            if (!m_stack.isEmpty() && m_stack.last().isMap && !m_stack.last().haveKey)
                return key(line, text);
            return value(s.style == YAML_PLAIN_SCALAR_STYLE ? resolvePlain(text) : QJsonValue(text));
        }
        case YAML_SEQUENCE_START_EVENT:
            return open(line, false, event.data.sequence_start.anchor, event.data.sequence_start.tag);
        case YAML_MAPPING_START_EVENT:
            return open(line, true, event.data.mapping_start.anchor, event.data.mapping_start.tag);
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            Frame frame = m_stack.takeLast();
            return value(frame.isMap ? QJsonValue(frame.object) : QJsonValue(frame.array));
        }
        default:
            return true;
        }
    }

    std::optional<Error> error() const { return m_error; }
    YamlReader::Document take() { return std::move(m_doc); }

private:
    bool fail(qsizetype line, const QString &reason)
    {
        m_error = makeError(Error::InvalidInput, tr("YAML line %1: %2").arg(line).arg(reason));
        return false;
    }

    // The checks every node passes, whether it becomes a key, a value or a collection.
    bool node(qsizetype line, const yaml_char_t *anchor, const yaml_char_t *tag)
    {
        if (anchor)
            return fail(line, tr("anchors (&) are not supported."));
        if (tag)
            return fail(line, tr("tags (!) are not supported."));
        if (++m_nodes > m_limits.maxNodes)
            return fail(line, tr("the document has more than %L1 values.").arg(m_limits.maxNodes));
        if (m_stack.isEmpty()) {
            m_doc.rootLine = line;
            return true;
        }
        const Frame &parent = m_stack.last();
        if (!parent.isMap && parent.recordItems)
            (parent.itemsKey.isNull() ? m_doc.rootItemLines : m_doc.keyItemLines[parent.itemsKey]) << line;
        return true;
    }

    bool key(qsizetype line, const QString &text)
    {
        Frame &map = m_stack.last();
        if (text == QLatin1String("<<"))
            return fail(line, tr("merge keys (<<) are not supported."));
        if (map.object.contains(text))
            return fail(line, tr("the key \"%1\" appears twice.").arg(text.left(40)));
        map.key = text;
        map.haveKey = true;
        return true;
    }

    bool open(qsizetype line, bool isMap, const yaml_char_t *anchor, const yaml_char_t *tag)
    {
        if (!m_stack.isEmpty() && m_stack.last().isMap && !m_stack.last().haveKey)
            return fail(line, tr("complex mapping keys (a list or mapping as a key) are not supported."));
        if (!node(line, anchor, tag))
            return false;
        if (m_stack.size() > m_limits.maxDepth)
            return fail(line, tr("values are nested deeper than %1 levels.").arg(m_limits.maxDepth));
        Frame frame;
        frame.isMap = isMap;
        if (!isMap && m_stack.isEmpty()) {
            frame.recordItems = true;
        } else if (!isMap && m_stack.size() == 1 && m_stack.first().isMap) {
            frame.recordItems = true;
            frame.itemsKey = m_stack.first().key;
        }
        m_stack << std::move(frame);
        return true;
    }

    bool value(const QJsonValue &v)
    {
        if (m_stack.isEmpty()) {
            m_doc.root = v;
            return true;
        }
        Frame &parent = m_stack.last();
        if (parent.isMap) {
            parent.object.insert(parent.key, v);
            parent.haveKey = false;
        } else {
            parent.array.append(v);
        }
        return true;
    }

    YamlReader::Limits m_limits;
    YamlReader::Document m_doc;
    QList<Frame> m_stack;
    qsizetype m_nodes = 0;
    int m_documents = 0;
    std::optional<Error> m_error;
};

// Owns the parser and the current event, so every return path frees them.
struct Parser
{
    yaml_parser_t parser;
    yaml_event_t event;
    bool haveEvent = false;

    Parser() { yaml_parser_initialize(&parser); }
    ~Parser()
    {
        clearEvent();
        yaml_parser_delete(&parser);
    }
    Parser(const Parser &) = delete;
    Parser &operator=(const Parser &) = delete;

    void clearEvent()
    {
        if (haveEvent)
            yaml_event_delete(&event);
        haveEvent = false;
    }

    bool next()
    {
        clearEvent();
        haveEvent = yaml_parser_parse(&parser, &event) != 0;
        return haveEvent;
    }

    // libyaml's own words (English) name the problem; the sentence around them is translated.
    Error syntaxError() const
    {
        const QString problem
            = parser.problem ? QString::fromUtf8(parser.problem) : tr("the text cannot be read as YAML");
        const QString error = tr("YAML line %1, column %2: %3.")
                                  .arg(qsizetype(parser.problem_mark.line) + 1)
                                  .arg(qsizetype(parser.problem_mark.column) + 1)
                                  .arg(problem);
        if (!parser.context)
            return makeError(Error::InvalidInput, error);
        return makeError(Error::InvalidInput,
            tr("%1 (%2 on line %3)")
                .arg(error, QString::fromUtf8(parser.context))
                .arg(qsizetype(parser.context_mark.line) + 1));
    }
};
} // namespace

Result<YamlReader::Document> YamlReader::parse(QByteArrayView utf8Text, const Limits &limits)
{
    Parser p;
    yaml_parser_set_input_string(
        &p.parser, reinterpret_cast<const unsigned char *>(utf8Text.data()), size_t(utf8Text.size()));
    yaml_parser_set_encoding(&p.parser, YAML_UTF8_ENCODING);
    Builder builder(limits);
    do {
        if (!p.next())
            return p.syntaxError();
        if (!builder.handle(p.event))
            return *builder.error();
    } while (p.event.type != YAML_STREAM_END_EVENT);
    return builder.take();
}
