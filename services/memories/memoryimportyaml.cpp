// MemoryImport: the EUMAS YAML memory shape (sample_memory.yaml): one memory, a list of memories, or a
// mapping with a "memories" list, read with YamlReader (libyaml; no anchors, aliases, tags or merge keys).
#include "memories/memoryimportformats.h"
#include "memories/memoryrecordfields.h"
#include "memories/yamlreader.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace MemoryImport::Detail {

Result<void> readYaml(const QString &text, const ImportLimits &limits, ImportPlan &plan)
{
    Result<YamlReader::Document> doc
        = YamlReader::parse(text.toUtf8(), YamlReader::Limits { limits.maxYamlDepth, limits.maxYamlNodes });
    if (!doc)
        return doc.error();
    QJsonArray items;
    QList<qsizetype> lines;
    const QJsonValue root = doc->root;
    if (root.isArray()) {
        items = root.toArray();
        lines = doc->rootItemLines;
    } else if (root.isObject() && root.toObject().value(QStringLiteral("memories")).isArray()) {
        items = root.toObject().value(QStringLiteral("memories")).toArray();
        lines = doc->keyItemLines.value(QStringLiteral("memories"));
    } else if (root.isObject()) {
        items << root;
        lines << doc->rootLine;
    } else {
        return makeError(Error::InvalidInput,
            QCoreApplication::translate("MemoryImport",
                "The YAML file holds no memory: expected a memory, a list of "
                "memories, or a \"memories:\" list."));
    }
    if (items.size() > limits.maxRows)
        return makeError(Error::InvalidInput,
            QCoreApplication::translate("MemoryImport", "The file has more than %L1 memories; split it.")
                .arg(limits.maxRows));
    for (qsizetype i = 0; i < items.size(); ++i) {
        const qsizetype line = i < lines.size() ? lines.at(i) : 0;
        if (!items.at(i).isObject()) {
            ++plan.rowsRead;
            addProblem(plan, line, {},
                QCoreApplication::translate("MemoryImport", "Each memory must be a mapping of fields."));
            continue;
        }
        addRecord(plan, items.at(i).toObject(), line, limits);
    }
    return {};
}

} // namespace MemoryImport::Detail
