// Bulk vector loading benchmark: N memories × 1536 float32 in PostgreSQL (real[] on Debian's PG 15),
// loaded by Repository::loadEmbeddings (binary COPY through libpq) against psql's
// `\copy (…) to /dev/null with binary` of the same rows, in the same run. Best of three each.
// Usage: bench_load "host=… port=… user=…" ROWS
#include "db/postgresworkspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTextStream>
#include <QtEndian>

#include <libpq-fe.h>

#include <random>

namespace {
QTextStream out(stdout);

void put32(QByteArray &b, qint32 v)
{
    const qint32 be = qToBigEndian(v);
    b.append(reinterpret_cast<const char *>(&be), 4);
}

// Fills the table with `rows` random unit vectors through binary COPY FROM STDIN (test setup only).
bool fill(const PostgresSettings &s, int rows)
{
    const QByteArray conninfo = QStringLiteral("host=%1 port=%2 user=%3 dbname=%4").arg(s.host).arg(s.port).arg(s.user, s.database).toUtf8();
    PGconn *conn = PQconnectdb(conninfo.constData());
    PGresult *r = PQexec(conn, "TRUNCATE public.memories CASCADE");
    PQclear(r);
    r = PQexec(conn, "COPY public.memories (id, created_at, embedding) FROM STDIN (FORMAT binary)");
    const bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    if (!ok) {
        out << "bench_load: " << PQerrorMessage(conn) << '\n';
        PQfinish(conn);
        return false;
    }
    std::mt19937_64 random(42);
    std::normal_distribution<float> normal;
    QByteArray buffer("PGCOPY\n\377\r\n\0", 11);
    put32(buffer, 0);
    put32(buffer, 0);
    std::vector<float> v(EmbeddingDimensions);
    for (int i = 0; i < rows; ++i) {
        buffer.append(char(0)).append(char(3)); // three fields
        put32(buffer, 16);
        buffer.append(QUuid::createUuid().toRfc4122());
        put32(buffer, 8);
        const qint64 micros = qToBigEndian<qint64>(qint64(800000000) * 1000000 + i);
        buffer.append(reinterpret_cast<const char *>(&micros), 8);
        double norm = 0;
        for (float &x : v) {
            x = normal(random);
            norm += double(x) * x;
        }
        put32(buffer, 20 + 8 * EmbeddingDimensions);
        put32(buffer, 1); // ndim
        put32(buffer, 0); // no NULLs
        put32(buffer, 700); // float4
        put32(buffer, EmbeddingDimensions);
        put32(buffer, 1);
        for (float x : v) {
            put32(buffer, 4);
            const float unit = float(x / std::sqrt(norm));
            const quint32 bits = qToBigEndian(std::bit_cast<quint32>(unit));
            buffer.append(reinterpret_cast<const char *>(&bits), 4);
        }
        if (buffer.size() > (8 << 20) || i == rows - 1) {
            if (i == rows - 1)
                buffer.append(char(0xff)).append(char(0xff));
            PQputCopyData(conn, buffer.constData(), int(buffer.size()));
            buffer.clear();
        }
    }
    PQputCopyEnd(conn, nullptr);
    r = PQgetResult(conn);
    const bool done = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!done)
        out << "bench_load: " << PQresultErrorMessage(r) << '\n';
    PQclear(r);
    PQclear(PQexec(conn, "VACUUM ANALYZE public.memories"));
    PQfinish(conn);
    return done;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        out << "usage: bench_load CONNINFO ROWS\n";
        return 2;
    }
    Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(QString::fromLocal8Bit(argv[1]));
    const int rows = QByteArray(argv[2]).toInt();
    Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(*settings, QStringLiteral("bench"));
    if (!repo) {
        out << "bench_load: " << repo.error().message << '\n';
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    if (!fill(*settings, rows))
        return 1;
    const double setup = timer.nsecsElapsed() / 1e9;

    const QString copy = QStringLiteral("\\copy (SELECT id, embedding FROM public.memories WHERE embedding IS NOT NULL "
                                        "AND archived_at IS NULL) to /dev/null with binary");
    double psql = 1e30, sextant = 1e30;
    qsizetype loaded = 0;
    for (int round = 0; round < 3; ++round) {
        timer.restart();
        const int status = QProcess::execute(QStringLiteral("psql"),
            { QStringLiteral("-h"), settings->host, QStringLiteral("-p"), QString::number(settings->port), QStringLiteral("-U"),
                settings->user, QStringLiteral("-d"), settings->database, QStringLiteral("-qc"), copy });
        if (status != 0)
            return 1;
        psql = std::min(psql, timer.nsecsElapsed() / 1e9);
        timer.restart();
        const Result<EmbeddingBlock> block = (*repo)->loadEmbeddings(VectorSource::Memories);
        if (!block) {
            out << "bench_load: " << block.error().message << '\n';
            return 1;
        }
        sextant = std::min(sextant, timer.nsecsElapsed() / 1e9);
        loaded = block->rows();
    }
    const QString label = rows >= 1000 ? QStringLiteral("%1k").arg(rows / 1000) : QString::number(rows);
    out << "BENCH load.copy_" << label << "x1536 value=" << QString::number(sextant, 'f', 3) << "s baseline="
        << QString::number(psql, 'f', 3) << "s ratio=" << QString::number(sextant / psql, 'f', 2)
        << " quality=rows:" << loaded << " baseline_quality=psql-binary-to-devnull\n";
    out << "BENCH load.rows_per_s value=" << qRound64(loaded / sextant) << "rows/s baseline=" << qRound64(loaded / psql)
        << "rows/s ratio=" << QString::number(psql / sextant, 'f', 2) << '\n';
    out << "BENCH load.setup_copy_in value=" << QString::number(setup, 'f', 1) << "s\n";
    return loaded == rows ? 0 : 1;
}
