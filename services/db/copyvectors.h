#pragma once

#include <QByteArrayView>
#include <QUuid>

// Reads the rows of `COPY (SELECT id, vector …) TO STDOUT (FORMAT binary)` as libpq hands them over, one
// PQgetCopyData chunk at a time: the first chunk starts with the file header, each row is int16 field
// count then per field int32 length + bytes, and the stream ends with the trailer (field count -1).
// The bytes come from the server, so nothing in them is trusted. Pure value type; any thread.
class CopyVectorReader
{
public:
    // nativeVectors: pgvector's vector_send form, else real[]'s array_send form; `dimensions` per vector.
    CopyVectorReader(bool nativeVectors, int dimensions);

    enum class Row {
        Vector, // id and dimensions floats were written
        Skipped, // a NULL vector, one of another length, or no row (the trailer)
        Malformed, // no COPY header, an id that is not 16 bytes, or a chunk shorter than it says
    };
    // `values` holds `dimensions` floats.
    Row read(QByteArrayView chunk, QUuid &id, float *values);

private:
    bool m_native;
    int m_dimensions;
    bool m_header = true;
};
