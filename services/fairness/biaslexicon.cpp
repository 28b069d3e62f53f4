#include "fairness/biaslexicon.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("BiasLexicon", text);
}

QString masculine()
{
    return QStringLiteral("gender_coded_masculine");
}

QString feminine()
{
    return QStringLiteral("gender_coded_feminine");
}

QRegularExpression compile(QString term)
{
    const bool stem = term.endsWith(QLatin1Char('*'));
    if (stem)
        term.chop(1);
    QStringList words = term.simplified().split(QLatin1Char(' '));
    for (QString &w : words)
        w = QRegularExpression::escape(w);
    // Letters, digits, apostrophes and hyphens make a word: "self-confident" is one, "re-lead" does not hold "lead".
    const QString before = QStringLiteral("(?<![\\p{L}\\p{N}'\\-])");
    const QString after = stem ? QStringLiteral("[\\p{L}\\p{N}'\\-]*") : QStringLiteral("(?![\\p{L}\\p{N}'\\-])");
    return QRegularExpression(before + words.join(QLatin1String("\\s+")) + after,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
}

} // namespace

Result<BiasLexicon> BiasLexicon::builtIn()
{
    QFile file(QStringLiteral(":/fairness/bias_lexicon.json"));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Io, tr("The built-in bias word lists are missing from this build."));
    return fromJson(file.readAll());
}

Result<BiasLexicon> BiasLexicon::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return makeError(Error::InvalidInput, tr("The bias word lists are not valid JSON: %1").arg(error.errorString()));
    BiasLexicon lexicon;
    for (const QJsonValue &v : document.object().value(QStringLiteral("lists")).toArray()) {
        const QJsonObject list = v.toObject();
        const QString category = list.value(QStringLiteral("category")).toString();
        const QString source = list.value(QStringLiteral("source")).toString();
        if (category.isEmpty() || source.isEmpty())
            return makeError(Error::InvalidInput, tr("Every bias word list needs a category and its source."));
        for (const QJsonValue &t : list.value(QStringLiteral("terms")).toArray()) {
            const QString term = t.toString().trimmed();
            if (term.isEmpty() || term == QLatin1String("*"))
                return makeError(Error::InvalidInput, tr("The list %1 has an empty term.").arg(category));
            lexicon.m_terms << Term { compile(term), category, source };
        }
    }
    if (lexicon.m_terms.isEmpty())
        return makeError(Error::InvalidInput, tr("The bias word lists hold no terms."));
    return lexicon;
}

QList<BiasSpan> BiasLexicon::scan(const QString &text) const
{
    QList<BiasSpan> all;
    for (const Term &t : m_terms) {
        QRegularExpressionMatchIterator it = t.pattern.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            all << BiasSpan { int(m.capturedStart()), int(m.capturedLength()), t.category, m.captured(), t.source };
        }
    }
    // Longest first at each start, then drop whatever overlaps a span already kept.
    std::sort(all.begin(), all.end(), [](const BiasSpan &a, const BiasSpan &b) {
        return a.start != b.start ? a.start < b.start : a.length > b.length;
    });
    QList<BiasSpan> kept;
    int end = -1;
    for (const BiasSpan &s : all) {
        if (s.start < end)
            continue;
        kept << s;
        end = s.start + s.length;
    }
    return kept;
}

BiasLexicon::Verdict BiasLexicon::judge(const QList<BiasSpan> &spans)
{
    Verdict v;
    int male = 0, female = 0, other = 0;
    for (const BiasSpan &s : spans) {
        if (s.category == masculine())
            ++male;
        else if (s.category == feminine())
            ++female;
        else
            ++other;
        if (!v.categories.contains(s.category))
            v.categories << s.category;
    }
    std::sort(v.categories.begin(), v.categories.end());
    const int imbalance = std::abs(male - female);
    v.score = std::min(1.0, 0.35 * other + 0.1 * imbalance);
    v.confidence = 0.5;
    v.flagged = other > 0 || imbalance >= 3;
    if (other > 0)
        v.recommendation = tr("Remove or rephrase the marked age-coded or exclusionary wording: describe the skills "
                              "and experience the work needs instead.");
    else if (imbalance >= 3)
        v.recommendation = male > female
            ? tr("The wording leans masculine-coded; balance it with neutral or feminine-coded words (Gaucher et al. "
                 "2011 found such wording deters women from applying).")
            : tr("The wording leans feminine-coded; balance it with neutral wording.");
    return v;
}
