#pragma once

#include "core/result.h"
#include "fairness/fairnessrecords.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>

// The local text bias detector: word lists from published research (resources/fairness/bias_lexicon.json names
// each list's source) matched against a text, marking spans. A term ending in * matches every word starting
// with it ("compet*": competitive, competition); other terms match whole words or phrases, case-insensitively,
// with any run of spaces between a phrase's words. Immutable after load; any thread.
class BiasLexicon
{
public:
    // The built-in lists (the Qt resource). Error::Io / InvalidInput if the resource is missing or malformed.
    static Result<BiasLexicon> builtIn();
    // Lists in the resource's shape: {"lists": [{"category", "source", "terms": […]}]}.
    static Result<BiasLexicon> fromJson(const QByteArray &json);

    // Every match, in text order; where matches overlap the longer one is kept (a phrase over its words).
    QList<BiasSpan> scan(const QString &text) const;

    struct Verdict
    {
        double score = 0; // 0 … 1
        double confidence = 0;
        QStringList categories; // categories with a match, sorted
        bool flagged = false;
        QString recommendation;
    };
    // How the spans add up: any age-coded or exclusionary phrase flags the text; gender-coded words flag it
    // when one side outnumbers the other by three or more (Gaucher et al. found the effect in the balance of
    // the wording, not in single words). A word list cannot read context, so its confidence stays at 0.5.
    static Verdict judge(const QList<BiasSpan> &spans);

    qsizetype termCount() const { return m_terms.size(); }

private:
    struct Term
    {
        QRegularExpression pattern;
        QString category;
        QString source;
    };
    QList<Term> m_terms;
};
