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
    const char *const end = p + chunk.size();
    // Every length comes from the server: a chunk that ends before what it announces is a broken stream.
    const auto fits = [end](const char *at, qint64 bytes) { return bytes >= 0 && end - at >= bytes; };
    if (m_header) { // "PGCOPY\n\377\r\n\0", int32 flags, int32 extension length + extension
        m_header = false;
        static const QByteArrayView signature("PGCOPY\n\377\r\n\0", 11);
        if (!fits(p, 19) || QByteArrayView(p, 11) != signature || !fits(p + 19, int32At(p + 15)))
            return Row::Malformed;
        p += 19 + int32At(p + 15);
    }
    if (!fits(p, 2))
        return Row::Malformed;
    if (qFromBigEndian<qint16>(p) != 2)
        return Row::Skipped;
    const char *field = p + 2;
    if (!fits(field, 4 + 16 + 4) || int32At(field) != 16)
        return Row::Malformed;
    const qint32 vectorLength = int32At(field + 4 + 16);
    if (vectorLength > 0 && !fits(field + 24, vectorLength))
        return Row::Malformed;
    if (vectorLength <= 0 || !decodeVector(field + 24, vectorLength, m_native, values, m_dimensions))
        return Row::Skipped;
    id = QUuid::fromRfc4122(QByteArrayView(field + 4, 16));
    return Row::Vector;
}
