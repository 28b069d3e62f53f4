#include "db/copyvectors.h"

#include <QTest>
#include <QtEndian>

#include <vector>

// The reader of PostgreSQL's binary COPY of (id, vector) rows that loads every vector for the map and the
// matching engine: both wire forms, the rows it skips, and bytes from the server it must not trust.
namespace {
const QUuid Id = QUuid::fromString(QLatin1String("0b7f2f4e-8d7e-4c8f-9a43-1f6f7c3b2a10"));

template<typename T> void put(QByteArray &out, T value)
{
    char bytes[sizeof(T)];
    qToBigEndian(value, bytes);
    out.append(bytes, sizeof(T));
}

QByteArray header()
{
    QByteArray out("PGCOPY\n\377\r\n\0", 11);
    put<qint32>(out, 0); // flags
    put<qint32>(out, 0); // extension length
    return out;
}

// One row: field count 2, the uuid, then the vector in pgvector's or real[]'s binary form.
QByteArray row(bool native, const QList<float> &values)
{
    QByteArray vector;
    if (native) {
        put<qint16>(vector, qint16(values.size()));
        put<qint16>(vector, 0);
        for (float v : values)
            put<float>(vector, v);
    } else {
        for (qint32 v : { 1, 0, 700, qint32(values.size()), 1 })
            put<qint32>(vector, v);
        for (float v : values) {
            put<qint32>(vector, 4);
            put<float>(vector, v);
        }
    }
    QByteArray out;
    put<qint16>(out, 2);
    put<qint32>(out, 16);
    out += Id.toRfc4122();
    put<qint32>(out, qint32(vector.size()));
    return out + vector;
}

// Reads `chunk` from a heap block of exactly its size, as PQgetCopyData hands it over.
CopyVectorReader::Row readExact(CopyVectorReader &reader, const QByteArray &chunk, QUuid &id, float *values)
{
    const std::vector<char> exact(chunk.begin(), chunk.end());
    return reader.read(QByteArrayView(exact.data(), qsizetype(exact.size())), id, values);
}
} // namespace

class TestCopyVectors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsBothForms_data()
    {
        QTest::addColumn<bool>("native");
        QTest::newRow("pgvector") << true;
        QTest::newRow("real[]") << false;
    }
    void readsBothForms()
    {
        QFETCH(bool, native);
        CopyVectorReader reader(native, 3);
        QUuid id;
        float values[3] = {};
        QCOMPARE(readExact(reader, header() + row(native, { 0.5f, -1.0f, 2.0f }), id, values),
            CopyVectorReader::Row::Vector);
        QCOMPARE(id, Id);
        QCOMPARE(values[0], 0.5f);
        QCOMPARE(values[2], 2.0f);
        // Another length than the workspace's is skipped, not read.
        QCOMPARE(readExact(reader, row(native, { 1.0f, 2.0f }), id, values), CopyVectorReader::Row::Skipped);
        QByteArray trailer;
        put<qint16>(trailer, -1);
        QCOMPARE(readExact(reader, trailer, id, values), CopyVectorReader::Row::Skipped);
    }

    // Inputs the fuzzer found (tests/fuzz/fuzz_copyvectors): lengths that point past the end of the chunk
    // were read as if the bytes were there. Each is a broken stream now, read no further than it goes.
    void chunkCutShortIsMalformed_data()
    {
        QTest::addColumn<bool>("native");
        QTest::addColumn<QByteArray>("chunk");
        const QByteArray full = header() + row(true, { 1.0f, 2.0f, 3.0f });
        QTest::newRow("header of 7 bytes (crash-67e2d3fd)") << true << QByteArray("PGCOPY\n");
        QByteArray extension = header();
        qToBigEndian<qint32>(1 << 20, extension.data() + 15);
        QTest::newRow("extension longer than the chunk") << true << extension + row(true, { 1.0f, 2.0f, 3.0f });
        QTest::newRow("no field count") << true << header();
        QTest::newRow("cut inside the id") << true << full.left(19 + 2 + 4 + 8);
        QTest::newRow("cut inside the vector") << true << full.left(full.size() - 1);
        const QByteArray array = header() + row(false, { 1.0f, 2.0f, 3.0f });
        QTest::newRow("real[] cut inside an element") << false << array.left(array.size() - 3);
        QTest::newRow("not a COPY header") << true << QByteArray("PGCOPX\n\377\r\n\0", 11) + full.mid(11);
    }
    void chunkCutShortIsMalformed()
    {
        QFETCH(bool, native);
        QFETCH(QByteArray, chunk);
        CopyVectorReader reader(native, 3);
        QUuid id;
        float values[3] = {};
        QCOMPARE(readExact(reader, chunk, id, values), CopyVectorReader::Row::Malformed);
    }

    void idOfAnotherLengthIsMalformed()
    {
        CopyVectorReader reader(true, 3);
        QByteArray chunk = header();
        put<qint16>(chunk, 2);
        put<qint32>(chunk, 8);
        chunk += QByteArray(8, 'x');
        put<qint32>(chunk, -1);
        QUuid id;
        float values[3] = {};
        QCOMPARE(readExact(reader, chunk, id, values), CopyVectorReader::Row::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestCopyVectors)
#include "tst_copyvectors.moc"
