// PostgreSQL's binary COPY of (id, vector) rows as Repository::loadEmbeddings reads them. The first byte
// picks pgvector or real[] and the dimensions; the rest is cut into PQgetCopyData chunks at 0xFF 0xFE
// pairs, so one input holds the header chunk and several rows.
#include "db/copyvectors.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const bool native = data[0] & 1;
    const int dimensions = 1 + (data[0] >> 1) % 8;
    const QByteArray stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    CopyVectorReader reader(native, dimensions);
    std::vector<float> values(dimensions);
    QUuid id;
    qsizetype start = 0;
    while (start <= stream.size()) {
        qsizetype end = stream.indexOf("\xff\xfe", start);
        if (end < 0)
            end = stream.size();
        // A chunk in a heap block of exactly its size (as PQgetCopyData's), so reading past its end is caught.
        const std::vector<char> chunk(stream.begin() + start, stream.begin() + end);
        if (!chunk.empty()
            && reader.read(QByteArrayView(chunk.data(), qsizetype(chunk.size())), id, values.data())
                == CopyVectorReader::Row::Malformed)
            break;
        start = end + 2;
    }
    return 0;
}
