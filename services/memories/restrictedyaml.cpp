#include "memories/restrictedyaml.h"
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

// Cuts a comment (" #…" outside quotes) off a line.
QString stripComment(const QString &s)
{
    QChar quote;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (!quote.isNull()) {
            if (quote == QLatin1Char('"') && c == QLatin1Char('\\'))
                ++i;
            else if (c == quote)
                quote = QChar();
        } else if ((c == QLatin1Char('"') || c == QLatin1Char('\''))
            && (i == 0 || s.at(i - 1).isSpace() || QStringLiteral("[{,:-").contains(s.at(i - 1)))) {
            quote = c;
        } else if (c == QLatin1Char('#') && (i == 0 || s.at(i - 1).isSpace())) {
            return s.left(i);
        }
    }
    return s;
}
} // namespace

Result<RestrictedYaml::Document> RestrictedYaml::parse(const QString &text, const Limits &limits)
{
    YamlParser parser(limits);
    const QStringList raws = text.split(QLatin1Char('\n'));
    QList<YamlLine> lines;
    lines.reserve(raws.size());
    bool seenContent = false;
    for (qsizetype n = 0; n < raws.size(); ++n) {
        YamlLine line;
        line.raw = raws.at(n);
        if (line.raw.endsWith(QLatin1Char('\r')))
            line.raw.chop(1);
        while (line.indent < line.raw.size() && line.raw.at(line.indent) == QLatin1Char(' '))
            ++line.indent;
        line.content = stripComment(line.raw.mid(line.indent));
        while (!line.content.isEmpty() && line.content.back().isSpace())
            line.content.chop(1);
        line.blank = line.content.isEmpty();
        if (!line.blank && line.content.at(0) == QLatin1Char('\t'))
            return makeError(Error::InvalidInput, tr("YAML line %1: tabs cannot indent YAML; use spaces.").arg(n + 1));
        if (!line.blank && line.indent == 0 && line.content.startsWith(QLatin1Char('%')))
            return makeError(Error::InvalidInput, tr("YAML line %1: directives (%) are not supported.").arg(n + 1));
        if (line.indent == 0
            && (line.content == QLatin1String("---") || line.content.startsWith(QLatin1String("--- ")))) {
            if (seenContent)
                return makeError(
                    Error::InvalidInput, tr("YAML line %1: only one document per file is supported.").arg(n + 1));
            line.blank = true;
        }
        if (line.indent == 0 && line.content == QLatin1String("..."))
            break;
        seenContent = seenContent || !line.blank;
        lines << line;
    }
    return parser.run(std::move(lines));
}
