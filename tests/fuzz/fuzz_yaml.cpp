// YAML memory files in the EUMAS shape (sample_memory.yaml) as MemoryImport reads them before the
// operator's report.
#include "memories/memoryimport.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)MemoryImport::readMemoryData(bytes, ImportFormat::Yaml, QStringLiteral("fuzz.yaml"));
    return 0;
}
