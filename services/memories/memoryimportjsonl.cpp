// MemoryImport: JSON Lines, one memory object per line.
#include "memories/memoryimportformats.h"
#include "memories/memoryrecordfields.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

namespace MemoryImport::Detail {

Result<void> readJsonl(const QString &text, const ImportLimits &limits, ImportPlan &plan)
{
    qsizetype line = 0;
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf(QLatin1Char('\n'), start);
        if (end < 0)
            end = text.size();
        ++line;
        const QStringView content = QStringView(text).mid(start, end - start).trimmed();
        start = end + 1;
        if (content.isEmpty())
            continue;
        if (plan.rowsRead >= limits.maxRows)
            return makeError(Error::InvalidInput,
                QCoreApplication::translate("MemoryImport", "The file has more than %L1 memories; split it.")
                    .arg(limits.maxRows));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(content.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            ++plan.rowsRead;
            addProblem(plan, line, {},
                QCoreApplication::translate("MemoryImport", "Not valid JSON: %1 at character %2.")
                    .arg(error.errorString())
                    .arg(error.offset + 1));
        } else if (!doc.isObject()) {
            ++plan.rowsRead;
            addProblem(plan, line, {},
                QCoreApplication::translate("MemoryImport", "Each line must be one JSON object (a memory)."));
        } else {
            addRecord(plan, doc.object(), line, limits);
        }
    }
    return {};
}

} // namespace MemoryImport::Detail
