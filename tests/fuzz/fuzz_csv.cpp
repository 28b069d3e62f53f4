// CSV memory files (a header row, then one memory per record) as MemoryImport reads them before the
// operator's report.
#include "memories/memoryimport.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)MemoryImport::readMemoryData(bytes, ImportFormat::Csv, QStringLiteral("fuzz.csv"));
    return 0;
}
