// A model's archetype evaluation, read as ArchetypeEvaluator reads it: our reader, then the JSON schema
// check of the structured output. The first byte picks which archetypes were asked for.
#include "archetypes/evaluationschema.h"
#include "core/archetypes.h"
#include "core/jsonschemacheck.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    QList<int> archetypes;
    for (int id = 0; id < Archetypes::Count; ++id) {
        if (data[0] & (1u << id))
            archetypes << id;
    }
    const QByteArray content(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(content, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return 0;
    (void)EvaluationSchema::read(document.object(), archetypes);
    (void)JsonSchemaCheck::violation(document.object(), EvaluationSchema::schema(archetypes));
    return 0;
}
