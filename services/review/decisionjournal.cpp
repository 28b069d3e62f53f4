#include "review/decisionjournal.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace {

const QString TypeKey = QStringLiteral("t");
const QString Decision = QStringLiteral("decision");
const QString Sent = QStringLiteral("sent");
const QString Conflict = QStringLiteral("conflict");

constexpr int CompactAfterLines = 5000; // history lines tolerated before open() rewrites the file

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

// fsync the file's data and, once after creating it, its directory entry: a decision acknowledged to the
// operator is on disk whatever happens next.
bool syncFile(QFile &file)
{
    return file.flush() && ::fsync(file.handle()) == 0;
}

void syncDirectory(const QString &directory)
{
    QFile dir(directory);
    if (dir.open(QIODevice::ReadOnly))
        ::fsync(dir.handle());
}

} // namespace

DecisionJournal::DecisionJournal(const QString &directory)
    : m_directory(directory)
{
}

QString DecisionJournal::path() const
{
    return QDir(m_directory).filePath(FileName);
}

QJsonObject DecisionJournal::toJson(const ReviewRecord &r)
{
    QJsonObject o { { TypeKey, Decision }, { QStringLiteral("id"), idText(r.id) }, { QStringLiteral("level"), r.level },
        { QStringLiteral("decision"), decisionKey(r.decision) }, { QStringLiteral("reason"), r.reasonCode },
        { QStringLiteral("note"), r.note }, { QStringLiteral("reviewer"), r.reviewer },
        { QStringLiteral("at"), r.decidedAt.toUTC().toString(Qt::ISODateWithMs) } };
    if (!r.matchId.isNull())
        o.insert(QStringLiteral("match"), idText(r.matchId));
    if (r.isUndo())
        o.insert(QStringLiteral("supersedes"), idText(r.supersedes));
    if (r.leaseClaimedAt.isValid())
        o.insert(QStringLiteral("lease"), r.leaseClaimedAt.toUTC().toString(Qt::ISODateWithMs));
    return o;
}

std::optional<ReviewRecord> DecisionJournal::fromJson(const QJsonObject &o)
{
    if (o.value(TypeKey).toString() != Decision)
        return std::nullopt;
    ReviewRecord r;
    r.id = QUuid::fromString(o.value(QStringLiteral("id")).toString());
    r.matchId = QUuid::fromString(o.value(QStringLiteral("match")).toString());
    r.supersedes = QUuid::fromString(o.value(QStringLiteral("supersedes")).toString());
    const auto decision = decisionFromKey(o.value(QStringLiteral("decision")).toString());
    r.level = o.value(QStringLiteral("level")).toInt();
    if (r.id.isNull() || !decision || (r.matchId.isNull() && r.supersedes.isNull()) || (r.level != 1 && r.level != 2))
        return std::nullopt;
    r.decision = *decision;
    r.reasonCode = o.value(QStringLiteral("reason")).toString();
    r.note = o.value(QStringLiteral("note")).toString();
    r.reviewer = o.value(QStringLiteral("reviewer")).toString();
    r.decidedAt = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).toUTC();
    r.leaseClaimedAt = QDateTime::fromString(o.value(QStringLiteral("lease")).toString(), Qt::ISODateWithMs).toUTC();
    return r;
}

Result<void> DecisionJournal::open()
{
    if (!QDir().mkpath(m_directory))
        return makeError(Error::Io, tr("Cannot create the folder %1 for the review journal.").arg(m_directory));
    m_file.close();
    m_order.clear();
    m_records.clear();
    m_lines = 0;
    m_file.setFileName(path());
    const bool existed = m_file.exists();
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Append))
        return makeError(Error::Io, tr("Cannot open the review journal %1: %2").arg(path(), m_file.errorString()));
    if (!existed)
        syncDirectory(m_directory);
    m_file.seek(0);
    const QByteArray all = m_file.readAll();
    QSet<QUuid> done;
    for (const QByteArray &line : all.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        ++m_lines;
        // A line cut short by a crash parses as nothing and is skipped: its decision was never acknowledged.
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString type = o.value(TypeKey).toString();
        if (type == Decision) {
            if (const auto r = fromJson(o); r && !m_records.contains(r->id)) {
                m_records.insert(r->id, *r);
                m_order << r->id;
            }
        } else if (type == Sent || type == Conflict) {
            done.insert(QUuid::fromString(o.value(QStringLiteral("id")).toString()));
        }
    }
    m_order.removeIf([&done](const QUuid &id) { return done.contains(id); });
    if (!all.isEmpty() && !all.endsWith('\n')) {
        // Start the next line on a fresh one, after the torn tail.
        if (Result<void> ok = writeLine(QByteArray()); !ok)
            return ok;
    }
    if (m_lines > CompactAfterLines && m_lines > 2 * m_order.size())
        return compact();
    return {};
}

Result<void> DecisionJournal::writeLine(const QByteArray &line)
{
    if (!m_file.isOpen())
        return makeError(Error::Io, tr("The review journal is not open."));
    const QByteArray bytes = line + '\n';
    if (m_file.write(bytes) != bytes.size() || !syncFile(m_file))
        return makeError(Error::Io,
            tr("Cannot write the review journal %1: %2").arg(path(), QString::fromLocal8Bit(std::strerror(errno))));
    if (!line.isEmpty())
        ++m_lines;
    return {};
}

Result<void> DecisionJournal::append(const ReviewRecord &record)
{
    if (m_records.contains(record.id))
        return {};
    if (Result<void> ok = writeLine(QJsonDocument(toJson(record)).toJson(QJsonDocument::Compact)); !ok)
        return ok;
    m_records.insert(record.id, record);
    m_order << record.id;
    return {};
}

Result<void> DecisionJournal::markSent(const QList<QUuid> &ids)
{
    QByteArray lines;
    for (const QUuid &id : ids) {
        if (!m_order.contains(id))
            continue;
        if (!lines.isEmpty())
            lines += '\n';
        lines += QJsonDocument(QJsonObject { { TypeKey, Sent }, { QStringLiteral("id"), idText(id) } })
                     .toJson(QJsonDocument::Compact);
    }
    if (lines.isEmpty())
        return {};
    if (Result<void> ok = writeLine(lines); !ok)
        return ok;
    m_lines += int(lines.count('\n'));
    for (const QUuid &id : ids)
        m_order.removeOne(id);
    return {};
}

Result<void> DecisionJournal::markConflict(const QUuid &id)
{
    if (!m_order.contains(id))
        return {};
    if (Result<void> ok
        = writeLine(QJsonDocument(QJsonObject { { TypeKey, Conflict }, { QStringLiteral("id"), idText(id) } })
                        .toJson(QJsonDocument::Compact));
        !ok)
        return ok;
    m_order.removeOne(id);
    return {};
}

Result<void> DecisionJournal::compact()
{
    QSaveFile out(path());
    if (!out.open(QIODevice::WriteOnly))
        return makeError(Error::Io, tr("Cannot rewrite the review journal %1: %2").arg(path(), out.errorString()));
    for (const QUuid &id : std::as_const(m_order))
        out.write(QJsonDocument(toJson(m_records.value(id))).toJson(QJsonDocument::Compact) + '\n');
    // QSaveFile renames over the old file only after writing everything: a crash leaves one or the other.
    out.flush();
    ::fsync(out.handle());
    if (!out.commit())
        return makeError(Error::Io, tr("Cannot rewrite the review journal %1: %2").arg(path(), out.errorString()));
    syncDirectory(m_directory);
    QHash<QUuid, ReviewRecord> kept;
    for (const QUuid &id : std::as_const(m_order))
        kept.insert(id, m_records.value(id));
    m_records = kept;
    m_file.close();
    m_lines = int(m_order.size());
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Append))
        return makeError(Error::Io, tr("Cannot open the review journal %1: %2").arg(path(), m_file.errorString()));
    return {};
}

QList<ReviewRecord> DecisionJournal::pending() const
{
    QList<ReviewRecord> list;
    list.reserve(m_order.size());
    for (const QUuid &id : m_order)
        list << m_records.value(id);
    return list;
}

std::optional<ReviewRecord> DecisionJournal::record(const QUuid &id) const
{
    const auto it = m_records.constFind(id);
    if (it == m_records.constEnd())
        return std::nullopt;
    return *it;
}
