// The memory grid's filter and sort as saved in the settings (JSON), read back at start: the chips are
// built from them, and saving what was read and reading it again must give the same filter.
#include "memories/memoryfilter.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonObject json
        = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size))).object();
    const MemoryFilter filter = MemoryFilter::fromJson(json);
    for (const MemoryFilter::Condition &condition : filter.conditions()) {
        MemoryFilter less = filter;
        less.remove(condition.field, condition.index);
    }
    (void)MemoryFilter::queryWords(filter.text);
    if (!(MemoryFilter::fromJson(filter.toJson()) == filter))
        std::abort(); // the chips would change at the next restart
    (void)MemorySort::fromJson(json);
    return 0;
}
