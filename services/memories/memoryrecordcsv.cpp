// MemoryRecord: which CSV columns hold people's text, and the formula neutralisation of those cells.
#include "memories/memoryrecord.h"

#include <QSet>

namespace MemoryRecord {

namespace {
// OWASP's list of characters that make a spreadsheet treat a cell as a formula.
bool isFormulaStart(QChar c)
{
    return c == QLatin1Char('=') || c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('@')
        || c == QLatin1Char('\t') || c == QLatin1Char('\r');
}

// True when `cell` is `minApostrophes` or more apostrophes followed by a formula character.
bool apostrophesThenFormula(const QString &cell, qsizetype minApostrophes)
{
    qsizetype i = 0;
    while (i < cell.size() && cell.at(i) == QLatin1Char('\''))
        ++i;
    return i >= minApostrophes && i < cell.size() && isFormulaStart(cell.at(i));
}
} // namespace

bool isCsvTextColumn(const QString &column)
{
    // tags count as text because the first tag opens the cell; metadata, though always a JSON object when
    // Sextant writes it, is what a person wrote and gets the same treatment rather than an assumption.
    static const QSet<QString> text { QStringLiteral("session_id"), QStringLiteral("user_id"), QStringLiteral("prompt"),
        QStringLiteral("reply"), QStringLiteral("summary"), QStringLiteral("tags"), QStringLiteral("tone"),
        QStringLiteral("embedding_model"), QStringLiteral("metadata") };
    return text.contains(column);
}

QString neutraliseFormula(const QString &cell)
{
    return apostrophesThenFormula(cell, 0) ? QLatin1Char('\'') + cell : cell;
}

QString restoreFormula(const QString &cell)
{
    return apostrophesThenFormula(cell, 1) ? cell.mid(1) : cell;
}

} // namespace MemoryRecord
