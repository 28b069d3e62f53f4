// Repository: bulk vector loading. PostgreSQL streams `COPY … TO STDOUT (FORMAT binary)` through
// libpq on the connection QPSQL already holds (no text parsing: uuid and float4 arrive as raw bytes);
// SQLite reads its float32 BLOBs directly.
#include "db/repository.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QtEndian>

#include <libpq-fe.h>

#include <cstring>

namespace {

// Asks the server to stop the statement running on `connection` (PQcancel, on its own socket). libpq must
// still read the COPY to its end, but the server stops sending at once, so what is left is a few buffers.
void stopServer(PGconn *connection)
{
    PGcancel *cancel = PQgetCancel(connection);
    if (!cancel)
        return;
    char error[256] = {};
    if (!PQcancel(cancel, error, int(sizeof error)))
        qWarning("Could not cancel the vector COPY: %s", error);
    PQfreeCancel(cancel);
}

// One row of the binary COPY stream: int16 field count, then per field int32 length + bytes.
struct CopyRow
{
    const char *uuid = nullptr; // 16 bytes
    const char *vector = nullptr;
    qint32 vectorLength = -1;
};

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

QString Repository::embeddingQuery(VectorSource source) const
{
    if (source == VectorSource::Memories)
        return QLatin1String("SELECT id, embedding FROM ") + m_dialect.table(Table::Memories)
            + QLatin1String(" WHERE embedding IS NOT NULL AND archived_at IS NULL");
    const QString type = source == VectorSource::Jobs ? QStringLiteral("job") : QStringLiteral("user");
    return QLatin1String("SELECT entity_id, vector FROM ") + m_dialect.table(Table::Embeddings)
        + QLatin1String(" WHERE entity_type = '") + type + QLatin1Char('\'');
}

Result<EmbeddingBlock> Repository::loadEmbeddings(VectorSource source, const LoadProgress &progress)
{
    const QString select = embeddingQuery(source);
    QSqlQuery count(database());
    if (!count.exec(QLatin1String("SELECT count(*) FROM (") + select + QLatin1String(") AS s")) || !count.next())
        return queryError(count, tr("Counting vectors"));
    const qint64 total = count.value(0).toLongLong();
    if (m_dialect.backend() == SqlDialect::Postgres)
        return copyEmbeddings(select, total, progress);
    return selectEmbeddings(select, total, progress);
}

Result<EmbeddingBlock> Repository::copyEmbeddings(const QString &select, qint64 total, const LoadProgress &progress)
{
    const QVariant handle = database().driver()->handle();
    PGconn *connection = handle.isValid() ? *static_cast<PGconn *const *>(handle.constData()) : nullptr;
    if (!connection)
        return makeError(Error::Database, tr("The database connection is not open."));
    EmbeddingBlock block;
    const int dims = block.dimensions;
    block.ids.reserve(total);
    block.values.reserve(std::size_t(total) * dims);
    const QByteArray copy = (QLatin1String("COPY (") + select + QLatin1String(") TO STDOUT (FORMAT binary)")).toUtf8();
    PGresult *started = PQexec(connection, copy.constData());
    const bool copying = PQresultStatus(started) == PGRES_COPY_OUT;
    const QString startError = QString::fromUtf8(PQresultErrorMessage(started)).trimmed();
    PQclear(started);
    if (!copying)
        return makeError(Error::Database, tr("Loading vectors failed: %1").arg(startError));

    bool cancelled = false;
    bool malformed = false;
    bool header = true;
    char *buffer = nullptr;
    int length = 0;
    std::vector<float> row(dims);
    while ((length = PQgetCopyData(connection, &buffer, 0)) > 0) {
        const char *p = buffer;
        if (header) { // "PGCOPY\n\377\r\n\0", int32 flags, int32 extension length + extension
            p += 11 + 4 + 4 + int32At(buffer + 15);
            header = false;
        }
        if (!cancelled && !malformed && qFromBigEndian<qint16>(p) == 2) {
            const char *field = p + 2;
            const qint32 idLength = int32At(field);
            const qint32 vectorLength = idLength == 16 ? int32At(field + 4 + 16) : -1;
            if (idLength != 16)
                malformed = true;
            else if (vectorLength > 0 && decodeVector(field + 24, vectorLength, m_dialect.nativeVectors(), row.data(), dims)) {
                block.ids << QUuid::fromRfc4122(QByteArrayView(field + 4, 16));
                block.values.insert(block.values.end(), row.begin(), row.end());
                if (progress && block.ids.size() % 1024 == 0 && !progress(block.ids.size(), total)) {
                    cancelled = true;
                    stopServer(connection); // instead of reading gigabytes to the end
                }
            }
        }
        PQfreemem(buffer);
    }
    // -1: done, then the COPY's own result; -2: the connection failed.
    QString failure = length == -2 && !cancelled ? QString::fromUtf8(PQerrorMessage(connection)).trimmed() : QString();
    while (PGresult *result = PQgetResult(connection)) {
        // A cancelled COPY ends with the server's "canceling statement due to user request": expected.
        if (PQresultStatus(result) != PGRES_COMMAND_OK && failure.isEmpty() && !cancelled)
            failure = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        PQclear(result);
    }
    if (!failure.isEmpty())
        return makeError(Error::Database, tr("Loading vectors failed: %1").arg(failure));
    if (malformed)
        return makeError(Error::Database, tr("Loading vectors failed: the server sent rows Sextant cannot read."));
    if (cancelled)
        return makeError(Error::Cancelled, tr("Loading vectors was cancelled."));
    if (progress)
        progress(block.ids.size(), total);
    return block;
}

Result<EmbeddingBlock> Repository::selectEmbeddings(const QString &select, qint64 total, const LoadProgress &progress)
{
    EmbeddingBlock block;
    const int dims = block.dimensions;
    block.ids.reserve(total);
    block.values.reserve(std::size_t(total) * dims);
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.exec(select))
        return queryError(query, tr("Loading vectors"));
    while (query.next()) {
        const QByteArray bytes = query.value(1).toByteArray();
        if (bytes.size() != qsizetype(dims * sizeof(float)))
            continue;
        block.ids << m_dialect.toUuid(query.value(0));
        const auto *floats = reinterpret_cast<const float *>(bytes.constData());
        block.values.insert(block.values.end(), floats, floats + dims);
        if (progress && block.ids.size() % 1024 == 0 && !progress(block.ids.size(), total))
            return makeError(Error::Cancelled, tr("Loading vectors was cancelled."));
    }
    if (progress)
        progress(block.ids.size(), total);
    return block;
}
