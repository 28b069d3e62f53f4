#pragma once

#include "db/repository.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <span>

// Streams rows into one PostgreSQL table with `COPY … FROM STDIN (FORMAT binary)` on the connection the
// Repository already holds: no statement per row and no text parsing on the server. start() reads the
// columns' types from the catalogue, so each value is encoded as the column stores it (a double goes to
// double precision, real or numeric; a vector to pgvector's vector or to real[]) and a value that does not
// fit its column is an error before anything is sent for that row.
//
// Usage: start(), then per row one call per column in the order given, then endRow(); finish() ends the
// COPY. Thread and transaction contract: the repository's thread; the COPY joins whatever transaction is
// open on the connection, and nothing else may run on that connection between start() and finish().
// An error from any call leaves the COPY aborted (the server discards its rows; inside a transaction, the
// transaction is then failed and must be rolled back). A writer destroyed before finish() aborts too.
class CopyWriter
{
    Q_DECLARE_TR_FUNCTIONS(CopyWriter)

public:
    CopyWriter(Repository &repository, Table table, QStringList columns);
    // A table Table does not name (a store's own table): `sqlName` as SQL spells it, schema-qualified and
    // quoted where needed ("\"public\".my_table"); `label` for messages.
    CopyWriter(Repository &repository, QString sqlName, QString label, QStringList columns);
    ~CopyWriter();
    CopyWriter(const CopyWriter &) = delete;
    CopyWriter &operator=(const CopyWriter &) = delete;

    // Error::InvalidInput for SQLite, an unknown column or a column type the writer does not encode;
    // Error::Database for a server that cannot take COPY FROM STDIN (see takesCopy()).
    Result<void> start();
    // Whether the repository's server takes `COPY … FROM STDIN`: PostgreSQL does; SQLite has no COPY, and
    // PGlite's socket server does not pass the COPY sub-protocol on (electric-sql/pglite#1028) and stops
    // answering every client when it is tried, so callers pick another way to write there.
    static bool takesCopy(Repository &repository);

    CopyWriter &null();
    CopyWriter &uuid(const QUuid &id); // a null QUuid writes NULL
    CopyWriter &text(const QString &value); // a null QString writes '' (as SqlDialect::text), never NULL
    CopyWriter &optionalText(const QString &value); // empty writes NULL
    CopyWriter &tags(const QStringList &values); // text[]
    CopyWriter &integer(qint64 value); // smallint, integer, bigint (range-checked), double precision, numeric
    CopyWriter &real(double value); // double precision, real, numeric (rounded to the column's scale)
    CopyWriter &optionalReal(const std::optional<double> &value);
    CopyWriter &boolean(bool value);
    CopyWriter &time(const QDateTime &value); // timestamptz; an invalid time writes NULL
    CopyWriter &json(const QJsonObject &value); // jsonb or json
    CopyWriter &vector(std::span<const float> values); // vector(n) or real[]; empty writes NULL
    CopyWriter &vector(const Embedding &values) { return vector(std::span(values.constData(), values.size())); }

    // The row's error, if any of its values did not fit; sends the row when the buffer is full.
    Result<void> endRow();
    // Ends the COPY and returns the rows the server took.
    Result<qint64> finish();

    qint64 rowsWritten() const { return m_rows; }

    // pgvector's binary form of a vector (what vector_send gives): int16 dimensions, int16 unused, float4s.
    static void appendPgvector(QByteArray &out, std::span<const float> values);

    // Writes every row of `rows` with `encode(writer, row)` in one COPY; nothing when `rows` is empty.
    template<typename T, typename Encode>
    static Result<void> writeAll(
        Repository &repository, Table table, QStringList columns, const QList<T> &rows, Encode encode)
    {
        if (rows.isEmpty())
            return {};
        CopyWriter writer(repository, table, std::move(columns));
        if (Result<void> started = writer.start(); !started)
            return started;
        for (const T &row : rows) {
            encode(writer, row);
            if (Result<void> ended = writer.endRow(); !ended)
                return ended;
        }
        if (Result<qint64> finished = writer.finish(); !finished)
            return finished.error();
        return {};
    }

    // The column types start() accepts, as the catalogue names them (for messages and tests).
    enum class Type {
        Uuid,
        Text,
        TextArray,
        Int2,
        Int4,
        Int8,
        Float4,
        Float8,
        Numeric,
        Bool,
        Timestamptz,
        Jsonb,
        Json,
        Vector,
        Float4Array
    };

private:
    struct Column
    {
        QString name;
        Type type = Type::Text;
        int modifier = -1; // numeric(p, s): s; vector(n): n; -1 when the column declares none
    };
    const Column *nextColumn(); // the column the next value goes to; nullptr past the last
    void putReal(const Column &column, double value);
    void field(const char *bytes, qsizetype length);
    void fieldHeader(qint32 length);
    void numeric(double value, int scale);
    Result<void> flush();
    Result<void> abort(const QString &why);
    Result<void> fail(Error error);

    Repository &m_repository;
    QString m_table; // as SQL spells it
    QString m_label;
    QStringList m_names;
    QList<Column> m_columns;
    void *m_connection = nullptr; // PGconn, kept out of this header
    QByteArray m_buffer;
    qsizetype m_rowStart = 0; // where the row being built starts in m_buffer
    int m_field = 0; // the next column of the row being built
    QString m_rowError;
    qint64 m_rows = 0;
    bool m_copying = false;
};
