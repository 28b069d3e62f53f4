#include "db/copyvectors.h"

#include <QtEndian>

namespace {

qint32 int32At(const char *p)
{
    return qFromBigEndian<qint32>(p);
}

// vector_send: int16 dim, int16 unused, dim × float4; array_send (real[]): int32 ndim, int32 flags,
// int32 element oid, per dimension int32 size + int32 lower bound, then per element int32 length + float4.
bool decodeVector(const char *p, qint32 length, bool native, float *out, int dims)
{
    if (native) {
        if (length < 4 || qFromBigEndian<qint16>(p) != dims || length != 4 + 4 * dims)
            return false;
        const char *values = p + 4;
        for (int i = 0; i < dims; ++i)
            out[i] = qFromBigEndian<float>(values + 4 * i);
        return true;
    }
    if (length < 20 || int32At(p) != 1 || int32At(p + 12) != dims || length != 20 + 8 * dims)
        return false;
    const char *element = p + 20;
    for (int i = 0; i < dims; ++i, element += 8) {
        if (int32At(element) != 4)
            return false; // NULL element
        out[i] = qFromBigEndian<float>(element + 4);
    }
    return true;
}

} // namespace

CopyVectorReader::CopyVectorReader(bool nativeVectors, int dimensions)
    : m_native(nativeVectors)
    , m_dimensions(dimensions)
{
}

CopyVectorReader::Row CopyVectorReader::read(QByteArrayView chunk, QUuid &id, float *values)
{
    const char *p = chunk.data();
    if (m_header) { // "PGCOPY\n\377\r\n\0", int32 flags, int32 extension length + extension
        p += 11 + 4 + 4 + int32At(chunk.data() + 15);
        m_header = false;
    }
    if (qFromBigEndian<qint16>(p) != 2)
        return Row::Skipped;
    const char *field = p + 2;
    const qint32 idLength = int32At(field);
    if (idLength != 16)
        return Row::Malformed;
    const qint32 vectorLength = int32At(field + 4 + 16);
    if (vectorLength <= 0 || !decodeVector(field + 24, vectorLength, m_native, values, m_dimensions))
        return Row::Skipped;
    id = QUuid::fromRfc4122(QByteArrayView(field + 4, 16));
    return Row::Vector;
}
