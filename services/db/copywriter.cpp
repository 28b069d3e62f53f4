#include "db/copywriter.h"

#include "db/libpqconnection.h"

#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QtEndian>

#include <libpq-fe.h>

#include <cmath>
#include <limits>

namespace {

// Binary COPY framing: the signature, int32 flags, int32 header-extension length; each row an int16 field
// count, each field an int32 length (-1: NULL) and its bytes; the stream ends with an int16 -1.
constexpr char Signature[] = "PGCOPY\n\377\r\n";
constexpr qsizetype FlushBytes = 1 << 20;
constexpr qint32 TextOid = 25;
constexpr qint32 Float4Oid = 700;
// timestamptz travels as microseconds since 2000-01-01 00:00 UTC.
constexpr qint64 PostgresEpochMs = 946684800000;

template<typename T> void append(QByteArray &buffer, T value)
{
    char bytes[sizeof(T)];
    qToBigEndian(value, bytes);
    buffer.append(bytes, sizeof(T));
}

std::optional<CopyWriter::Type> typeNamed(const QString &name)
{
    using T = CopyWriter::Type;
    static const QHash<QString, T> types { { QStringLiteral("uuid"), T::Uuid }, { QStringLiteral("text"), T::Text },
        { QStringLiteral("varchar"), T::Text }, { QStringLiteral("_text"), T::TextArray },
        { QStringLiteral("int2"), T::Int2 }, { QStringLiteral("int4"), T::Int4 }, { QStringLiteral("int8"), T::Int8 },
        { QStringLiteral("float4"), T::Float4 }, { QStringLiteral("float8"), T::Float8 },
        { QStringLiteral("numeric"), T::Numeric }, { QStringLiteral("bool"), T::Bool },
        { QStringLiteral("timestamptz"), T::Timestamptz }, { QStringLiteral("jsonb"), T::Jsonb },
        { QStringLiteral("json"), T::Json }, { QStringLiteral("vector"), T::Vector },
        { QStringLiteral("_float4"), T::Float4Array } };
    const auto it = types.constFind(name);
    return it == types.cend() ? std::nullopt : std::optional<T>(*it);
}

QString drainResults(PGconn *connection, qint64 *rows)
{
    QString failure;
    while (PGresult *result = PQgetResult(connection)) {
        if (PQresultStatus(result) == PGRES_COMMAND_OK) {
            if (rows)
                *rows = QByteArray(PQcmdTuples(result)).toLongLong();
        } else if (failure.isEmpty()) {
            failure = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        }
        PQclear(result);
    }
    return failure;
}

} // namespace

CopyWriter::CopyWriter(Repository &repository, Table table, QStringList columns)
    : CopyWriter(repository, repository.dialect().table(table), repository.dialect().label(table), std::move(columns))
{
}

CopyWriter::CopyWriter(Repository &repository, QString sqlName, QString label, QStringList columns)
    : m_repository(repository)
    , m_table(std::move(sqlName))
    , m_label(std::move(label))
    , m_names(std::move(columns))
{
}

CopyWriter::~CopyWriter()
{
    if (m_copying) {
        const Result<void> aborted = abort(tr("The COPY was abandoned."));
        Q_UNUSED(aborted);
    }
}

bool CopyWriter::takesCopy(Repository &repository)
{
    if (repository.dialect().backend() != SqlDialect::Postgres)
        return false;
    QSqlQuery query(repository.database());
    return query.exec(QStringLiteral("SELECT version()")) && query.next()
        && !query.value(0).toString().contains(QLatin1String("PGlite"));
}

Result<void> CopyWriter::start()
{
    if (m_repository.dialect().backend() != SqlDialect::Postgres)
        return makeError(Error::InvalidInput, tr("COPY needs a PostgreSQL workspace."));
    if (!takesCopy(m_repository))
        return makeError(Error::Database,
            tr("%1 cannot take COPY FROM STDIN (PGlite's socket server does not pass it on); nothing was written.")
                .arg(m_repository.location()));
    m_connection = libpqConnection(m_repository.database());
    if (!m_connection)
        return makeError(Error::Database, tr("The database connection is not open."));
    QHash<QString, Column> catalogue;
    {
        QSqlQuery query(m_repository.database());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT a.attname, t.typname, a.atttypmod FROM pg_attribute a "
                                     "JOIN pg_type t ON t.oid = a.atttypid "
                                     "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"));
        query.addBindValue(m_table);
        if (!query.exec())
            return Repository::queryError(query, tr("Reading the columns of %1").arg(m_label));
        while (query.next()) {
            const QString name = query.value(0).toString();
            const QString typeName = query.value(1).toString();
            const std::optional<Type> type = typeNamed(typeName);
            if (!type) {
                if (m_names.contains(name))
                    return makeError(Error::InvalidInput,
                        tr("Column %1 of %2 has the type %3, which COPY cannot write yet.")
                            .arg(name, m_label, typeName));
                continue;
            }
            const int typmod = query.value(2).toInt();
            // numeric(p, s) stores ((p << 16) | s) + 4; vector(n) stores n.
            const int scale = *type == Type::Numeric && typmod >= 4 ? ((typmod - 4) & 0xffff) : -1;
            catalogue.insert(name, Column { name, *type, *type == Type::Vector ? typmod : scale });
        }
    }
    if (catalogue.isEmpty())
        return makeError(Error::InvalidInput, tr("%1 does not exist.").arg(m_label));
    QStringList quoted;
    m_columns.clear();
    for (const QString &name : std::as_const(m_names)) {
        const auto it = catalogue.constFind(name);
        if (it == catalogue.cend())
            return makeError(Error::InvalidInput, tr("%1 has no column %2.").arg(m_label, name));
        m_columns << *it;
        quoted << SqlDialect::quoteIdentifier(name);
    }
    const QByteArray sql = (QLatin1String("COPY ") + m_table + QLatin1String(" (") + quoted.join(QLatin1String(", "))
        + QLatin1String(") FROM STDIN (FORMAT binary)"))
                               .toUtf8();
    auto *connection = static_cast<PGconn *>(m_connection);
    PGresult *started = PQexec(connection, sql.constData());
    const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
    const QString error = QString::fromUtf8(PQresultErrorMessage(started)).trimmed();
    PQclear(started);
    if (!copying)
        return makeError(Error::Database, tr("Writing %1 failed: %2").arg(m_label, error));
    m_copying = true;
    m_rows = 0;
    m_buffer.clear();
    m_buffer.reserve(FlushBytes + (1 << 16));
    m_buffer.append(Signature, 11);
    append<qint32>(m_buffer, 0);
    append<qint32>(m_buffer, 0);
    m_rowStart = m_buffer.size();
    return {};
}

const CopyWriter::Column *CopyWriter::nextColumn()
{
    if (m_field == 0) {
        m_rowStart = m_buffer.size();
        append<qint16>(m_buffer, qint16(m_columns.size()));
    }
    if (m_field >= m_columns.size()) {
        if (m_rowError.isEmpty())
            m_rowError = tr("the row has more values than columns");
        ++m_field;
        return nullptr;
    }
    return &m_columns[m_field++];
}

void CopyWriter::fieldHeader(qint32 length)
{
    append<qint32>(m_buffer, length);
}

void CopyWriter::field(const char *bytes, qsizetype length)
{
    fieldHeader(qint32(length));
    m_buffer.append(bytes, length);
}

CopyWriter &CopyWriter::null()
{
    if (nextColumn())
        fieldHeader(-1);
    return *this;
}

CopyWriter &CopyWriter::uuid(const QUuid &id)
{
    const Column *column = nextColumn();
    if (!column)
        return *this;
    if (id.isNull()) {
        fieldHeader(-1);
    } else if (column->type == Type::Uuid) {
        field(id.toRfc4122().constData(), 16);
    } else if (column->type == Type::Text) {
        field(id.toString(QUuid::WithoutBraces).toLatin1().constData(), 36);
    } else {
        if (m_rowError.isEmpty())
            m_rowError = tr("column %1 does not take a uuid").arg(column->name);
        fieldHeader(-1);
    }
    return *this;
}

CopyWriter &CopyWriter::text(const QString &value)
{
    const Column *column = nextColumn();
    if (!column)
        return *this;
    if (column->type != Type::Text) {
        if (m_rowError.isEmpty())
            m_rowError = tr("column %1 does not take text").arg(column->name);
        fieldHeader(-1);
        return *this;
    }
    const QByteArray utf8 = value.toUtf8();
    field(utf8.constData(), utf8.size());
    return *this;
}

CopyWriter &CopyWriter::optionalText(const QString &value)
{
    return value.isEmpty() ? null() : text(value);
}

CopyWriter &CopyWriter::tags(const QStringList &values)
{
    const Column *column = nextColumn();
    if (!column)
        return *this;
    if (column->type != Type::TextArray) {
        if (m_rowError.isEmpty())
            m_rowError = tr("column %1 does not take a list of text").arg(column->name);
        fieldHeader(-1);
        return *this;
    }
    const qsizetype lengthAt = m_buffer.size();
    fieldHeader(0); // patched below, once the elements are in
    // array_send: int32 dimensions, int32 has-nulls, int32 element type, per dimension size and lower bound.
    append<qint32>(m_buffer, values.isEmpty() ? 0 : 1);
    append<qint32>(m_buffer, 0);
    append<qint32>(m_buffer, TextOid);
    if (!values.isEmpty()) {
        append<qint32>(m_buffer, qint32(values.size()));
        append<qint32>(m_buffer, 1);
        for (const QString &value : values) {
            const QByteArray utf8 = value.toUtf8();
            field(utf8.constData(), utf8.size());
        }
    }
    qToBigEndian<qint32>(qint32(m_buffer.size() - lengthAt - 4), m_buffer.data() + lengthAt);
    return *this;
}

CopyWriter &CopyWriter::integer(qint64 value)
{
    const Column *column = nextColumn();
    if (!column)
        return *this;
    const auto fits = [value](qint64 low, qint64 high) { return value >= low && value <= high; };
    switch (column->type) {
    case Type::Int2:
    case Type::Int4:
        if (column->type == Type::Int2 ? fits(-32768, 32767) : fits(INT_MIN, INT_MAX)) {
            fieldHeader(column->type == Type::Int2 ? 2 : 4);
            if (column->type == Type::Int2)
                append<qint16>(m_buffer, qint16(value));
            else
                append<qint32>(m_buffer, qint32(value));
            return *this;
        }
        if (m_rowError.isEmpty())
            m_rowError = tr("%1 is out of range for column %2").arg(value).arg(column->name);
        fieldHeader(-1);
        return *this;
    case Type::Int8:
        fieldHeader(8);
        append<qint64>(m_buffer, value);
        return *this;
    default:
        putReal(*column, double(value));
        return *this;
    }
}

CopyWriter &CopyWriter::real(double value)
{
    if (const Column *column = nextColumn())
        putReal(*column, value);
    return *this;
}

void CopyWriter::putReal(const Column &column, double value)
{
    if (column.type == Type::Float8) {
        fieldHeader(8);
        append<double>(m_buffer, value);
    } else if (column.type == Type::Float4) {
        fieldHeader(4);
        append<float>(m_buffer, float(value));
    } else if (column.type == Type::Numeric) {
        numeric(value, column.modifier);
    } else {
        if (m_rowError.isEmpty())
            m_rowError = tr("column %1 does not take a number").arg(column.name);
        fieldHeader(-1);
    }
}

// numeric_send: int16 digit count, int16 weight (of the first digit, in powers of 10,000), int16 sign,
// int16 display scale, then the base-10,000 digits. Built from the decimal text so that the rounding is
// the one the server applies to a double bound as text.
void CopyWriter::numeric(double value, int scale)
{
    if (!std::isfinite(value)) {
        if (m_rowError.isEmpty())
            m_rowError = tr("%1 is not a finite number").arg(value);
        fieldHeader(-1);
        return;
    }
    QString text = scale >= 0 ? QString::number(std::abs(value), 'f', scale)
                              : QString::number(std::abs(value), 'f', std::numeric_limits<double>::digits10);
    if (scale < 0 && text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    const qsizetype point = text.indexOf(QLatin1Char('.'));
    QString whole = point < 0 ? text : text.left(point);
    QString fraction = point < 0 ? QString() : text.mid(point + 1);
    const int displayScale = int(fraction.size());
    whole = QString(int((4 - whole.size() % 4) % 4), QLatin1Char('0')) + whole;
    fraction += QString(int((4 - fraction.size() % 4) % 4), QLatin1Char('0'));
    QList<qint16> digits;
    for (qsizetype i = 0; i < whole.size(); i += 4)
        digits << qint16(whole.mid(i, 4).toInt());
    for (qsizetype i = 0; i < fraction.size(); i += 4)
        digits << qint16(fraction.mid(i, 4).toInt());
    int weight = int(whole.size() / 4) - 1;
    while (!digits.isEmpty() && digits.first() == 0) {
        digits.removeFirst();
        --weight;
    }
    while (!digits.isEmpty() && digits.last() == 0)
        digits.removeLast();
    const bool negative = value < 0 && !digits.isEmpty();
    if (digits.isEmpty())
        weight = 0;
    fieldHeader(qint32(8 + 2 * digits.size()));
    append<qint16>(m_buffer, qint16(digits.size()));
    append<qint16>(m_buffer, qint16(weight));
    append<quint16>(m_buffer, negative ? 0x4000 : 0x0000);
    append<qint16>(m_buffer, qint16(displayScale));
    for (const qint16 digit : std::as_const(digits))
        append<qint16>(m_buffer, digit);
}

CopyWriter &CopyWriter::optionalReal(const std::optional<double> &value)
{
    return value ? real(*value) : null();
}

CopyWriter &CopyWriter::boolean(bool value)
{
    const Column *column = nextColumn();
    if (!column)
        return *this;
    if (column->type != Type::Bool) {
        if (m_rowError.isEmpty())
            m_rowError = tr("column %1 does not take true or false").arg(column->name);
        fieldHeader(-1);
        return *this;
    }
    const char byte = value ? 1 : 0;
    field(&byte, 1);
    return *this;
}

CopyWriter &CopyWriter::time(const QDateTime &value)
{
    const Column *column = nextColumn();
    if (!column)
        return *this;
    if (!value.isValid()) {
        fieldHeader(-1);
    } else if (column->type == Type::Timestamptz) {
        fieldHeader(8);
        append<qint64>(m_buffer, (value.toMSecsSinceEpoch() - PostgresEpochMs) * 1000);
    } else {
        if (m_rowError.isEmpty())
            m_rowError = tr("column %1 does not take a time").arg(column->name);
        fieldHeader(-1);
    }
    return *this;
}

CopyWriter &CopyWriter::json(const QJsonObject &value)
{
    const Column *column = nextColumn();
    if (!column)
        return *this;
    if (column->type != Type::Jsonb && column->type != Type::Json) {
        if (m_rowError.isEmpty())
            m_rowError = tr("column %1 does not take JSON").arg(column->name);
        fieldHeader(-1);
        return *this;
    }
    QByteArray bytes = QJsonDocument(value).toJson(QJsonDocument::Compact);
    if (column->type == Type::Jsonb)
        bytes.prepend(char(1)); // jsonb_send: a format version byte, then the text
    field(bytes.constData(), bytes.size());
    return *this;
}

CopyWriter &CopyWriter::vector(std::span<const float> values)
{
    const Column *column = nextColumn();
    if (!column)
        return *this;
    const qsizetype n = qsizetype(values.size());
    if (n == 0) {
        fieldHeader(-1);
        return *this;
    }
    if (column->type == Type::Vector) {
        if (column->modifier > 0 && n != column->modifier) {
            if (m_rowError.isEmpty())
                m_rowError = tr("column %1 takes vectors of %2 dimensions, not %3")
                                 .arg(column->name)
                                 .arg(column->modifier)
                                 .arg(n);
            fieldHeader(-1);
            return *this;
        }
        fieldHeader(qint32(4 + 4 * n));
        appendPgvector(m_buffer, values);
    } else if (column->type == Type::Float4Array) {
        fieldHeader(qint32(20 + 8 * n));
        append<qint32>(m_buffer, 1);
        append<qint32>(m_buffer, 0);
        append<qint32>(m_buffer, Float4Oid);
        append<qint32>(m_buffer, qint32(n));
        append<qint32>(m_buffer, 1);
        const qsizetype at = m_buffer.size();
        m_buffer.resize(at + 8 * n);
        char *out = m_buffer.data() + at;
        for (qsizetype i = 0; i < n; ++i) {
            qToBigEndian<qint32>(4, out + 8 * i);
            qToBigEndian(values[std::size_t(i)], out + 8 * i + 4);
        }
    } else {
        if (m_rowError.isEmpty())
            m_rowError = tr("column %1 does not take a vector").arg(column->name);
        fieldHeader(-1);
    }
    return *this;
}

void CopyWriter::appendPgvector(QByteArray &out, std::span<const float> values)
{
    const qsizetype n = qsizetype(values.size());
    append<qint16>(out, qint16(n));
    append<qint16>(out, 0);
    const qsizetype at = out.size();
    out.resize(at + 4 * n);
    char *bytes = out.data() + at;
    for (qsizetype i = 0; i < n; ++i)
        qToBigEndian(values[std::size_t(i)], bytes + 4 * i);
}

Result<void> CopyWriter::endRow()
{
    if (!m_copying)
        return makeError(Error::Internal, tr("The COPY has not started."));
    if (m_rowError.isEmpty() && m_field != m_columns.size())
        m_rowError = tr("the row has %1 of %2 values").arg(m_field).arg(m_columns.size());
    m_field = 0;
    if (!m_rowError.isEmpty()) {
        m_buffer.truncate(m_rowStart);
        const QString why = tr("Row %1 for %2: %3.").arg(m_rows + 1).arg(m_label, m_rowError);
        m_rowError.clear();
        return abort(why);
    }
    ++m_rows;
    return m_buffer.size() >= FlushBytes ? flush() : Result<void> {};
}

Result<void> CopyWriter::flush()
{
    auto *connection = static_cast<PGconn *>(m_connection);
    if (!m_buffer.isEmpty() && PQputCopyData(connection, m_buffer.constData(), int(m_buffer.size())) != 1) {
        const QString why = QString::fromUtf8(PQerrorMessage(connection)).trimmed();
        return fail(makeError(Error::Database, tr("Writing %1 failed: %2").arg(m_label, why)));
    }
    m_buffer.clear();
    m_rowStart = 0;
    return {};
}

Result<qint64> CopyWriter::finish()
{
    if (!m_copying)
        return makeError(Error::Internal, tr("The COPY has not started."));
    if (m_field != 0)
        return abort(tr("The last row for %1 was not ended.").arg(m_label)).error();
    append<qint16>(m_buffer, -1);
    if (Result<void> sent = flush(); !sent)
        return sent.error();
    auto *connection = static_cast<PGconn *>(m_connection);
    m_copying = false;
    qint64 rows = -1;
    QString failure;
    if (PQputCopyEnd(connection, nullptr) != 1)
        failure = QString::fromUtf8(PQerrorMessage(connection)).trimmed();
    const QString serverFailure = drainResults(connection, &rows);
    if (failure.isEmpty())
        failure = serverFailure;
    if (!failure.isEmpty())
        return makeError(Error::Database, tr("Writing %1 failed: %2").arg(m_label, failure));
    return rows;
}

Result<void> CopyWriter::abort(const QString &why)
{
    return fail(makeError(Error::InvalidInput, why));
}

Result<void> CopyWriter::fail(Error error)
{
    if (m_copying) {
        auto *connection = static_cast<PGconn *>(m_connection);
        m_copying = false;
        // The server answers the abort with "COPY from stdin failed: …"; the caller's reason is the one to show.
        PQputCopyEnd(connection, error.message.toUtf8().constData());
        drainResults(connection, nullptr);
    }
    m_buffer.clear();
    m_field = 0;
    return error;
}
