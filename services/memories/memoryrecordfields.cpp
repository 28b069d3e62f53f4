#include "memories/memoryrecordfields.h"
#include "core/validation.h"
#include "memories/memoryrecord.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

bool FieldReader::has(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    return !v.isUndefined() && !v.isNull() && !(v.isString() && v.toString().isEmpty());
}

QDateTime FieldReader::looseTime(const QJsonValue &v)
{
    double seconds = 0.0;
    if (v.isString()) {
        const QString s = v.toString().trimmed();
        QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (t.isValid()) {
            if (t.timeSpec() == Qt::LocalTime)
                t.setTimeSpec(Qt::UTC);
            return t.toUTC();
        }
        bool ok = false;
        seconds = s.toDouble(&ok);
        if (!ok)
            return {};
    } else if (v.isDouble()) {
        seconds = v.toDouble();
    } else {
        return {};
    }
    // Only magnitudes that are plausibly 2001..5138 in seconds or milliseconds; small numbers are counts.
    if (seconds >= 1e11 && seconds < 1e14)
        seconds /= 1000.0;
    if (!(seconds >= 1e9 && seconds < 1e11))
        return {};
    return QDateTime::fromMSecsSinceEpoch(qint64(seconds * 1000.0), Qt::UTC);
}

// PostgreSQL's text cannot hold U+0000 and SQLite would keep it only for some readers: refused on both, so a
// file imports the same everywhere and no text is cut short at the NUL.
namespace {

QString nulProblem()
{
    return QCoreApplication::translate("MemoryImport", "The text holds a NUL character (U+0000), which cannot be stored.");
}

} // namespace

QString FieldReader::text(const QJsonObject &o, const QString &key, const QString &prefix)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString()) {
        if (v.isDouble()) // YAML and hand-written JSON put numbers where ids and tones are expected
            return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
        problem(prefix + key, QCoreApplication::translate("MemoryImport", "Expected text."));
        return {};
    }
    const QString s = v.toString();
    if (s.size() > limits.maxTextLength) {
        problem(prefix + key,
            QCoreApplication::translate("MemoryImport", "The text is too long (%L1 characters; the limit is %L2).")
                .arg(s.size())
                .arg(limits.maxTextLength));
        return {};
    }
    if (s.contains(QChar::Null)) {
        problem(prefix + key, nulProblem());
        return {};
    }
    return s;
}

std::optional<double> FieldReader::number(const QJsonObject &o, const QString &key, const QString &prefix)
{
    if (!has(o, key))
        return std::nullopt;
    const QJsonValue v = o.value(key);
    double d = 0.0;
    bool ok = v.isDouble();
    if (ok)
        d = v.toDouble();
    else if (v.isString())
        d = v.toString().trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(d)) {
        problem(prefix + key, QCoreApplication::translate("MemoryImport", "Expected a number."));
        return std::nullopt;
    }
    return d;
}

std::optional<double> FieldReader::unit(const QJsonObject &o, const QString &key, const QString &prefix)
{
    const std::optional<double> d = number(o, key, prefix);
    if (d && (*d < 0.0 || *d > 1.0)) {
        problem(prefix + key,
            QCoreApplication::translate("MemoryImport", "The value must lie between 0 and 1, got %1.").arg(*d));
        return std::nullopt;
    }
    return d;
}

std::optional<bool> FieldReader::boolean(const QJsonObject &o, const QString &key, const QString &prefix)
{
    if (!has(o, key))
        return std::nullopt;
    const QJsonValue v = o.value(key);
    if (v.isBool())
        return v.toBool();
    const QString s = v.isString() ? v.toString().trimmed().toLower() : QString::number(v.toDouble());
    if (s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes"))
        return true;
    if (s == QLatin1String("false") || s == QLatin1String("0") || s == QLatin1String("no"))
        return false;
    problem(prefix + key, QCoreApplication::translate("MemoryImport", "Expected true or false."));
    return std::nullopt;
}

QDateTime FieldReader::time(const QJsonObject &o, const QString &key, const QString &prefix)
{
    if (!has(o, key))
        return {};
    const QString s = o.value(key).toString().trimmed();
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid()) {
        problem(prefix + key,
            QCoreApplication::translate("MemoryImport", "Expected an ISO 8601 time such as 2024-11-24T21:45:00Z."));
        return {};
    }
    if (t.timeSpec() == Qt::LocalTime) // a time without an offset is taken as UTC, not as this machine's zone
        t.setTimeSpec(Qt::UTC);
    return t.toUTC();
}

QStringList FieldReader::tags(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    QJsonArray list;
    if (v.isArray()) {
        list = v.toArray();
    } else if (v.isString() && v.toString().startsWith(QLatin1Char('['))) {
        list = QJsonDocument::fromJson(v.toString().toUtf8()).array(); // CSV form of tags holding ';'
    } else if (v.isString()) {
        if (v.toString().contains(QChar::Null)) {
            problem(key, nulProblem());
            return {};
        }
        QStringList out;
        for (const QString &t : v.toString().split(QLatin1Char(';'), Qt::SkipEmptyParts))
            out << t.trimmed();
        return out;
    } else if (!v.isUndefined() && !v.isNull()) {
        problem(key, QCoreApplication::translate("MemoryImport", "Expected a list of tags."));
    }
    QStringList out;
    for (const QJsonValue &t : std::as_const(list)) {
        if (!t.isString()) {
            problem(key, QCoreApplication::translate("MemoryImport", "Every tag must be text."));
            return {};
        }
        if (t.toString().contains(QChar::Null)) {
            problem(key, nulProblem());
            return {};
        }
        out << t.toString();
    }
    return out;
}

Embedding FieldReader::vector(const QJsonObject &o, const QString &key)
{
    if (!has(o, key))
        return {};
    const QJsonValue v = o.value(key);
    Embedding out;
    if (v.isArray()) {
        const QJsonArray list = v.toArray();
        out.reserve(list.size());
        for (const QJsonValue &x : list) {
            bool ok = x.isDouble();
            double d = x.toDouble();
            if (x.isString()) // YAML keeps "1e-5" as text, since YAML 1.1 sees no number in it
                d = x.toString().trimmed().toDouble(&ok);
            if (!ok) {
                problem(key, QCoreApplication::translate("MemoryImport", "Every vector component must be a number."));
                return {};
            }
            out << float(d);
        }
    } else if (v.isString()) {
        static const QRegularExpression separators(QStringLiteral("[\\s;,]+"));
        const QStringList parts = v.toString().split(separators, Qt::SkipEmptyParts);
        out.reserve(parts.size());
        for (const QString &p : parts) {
            bool ok = false;
            const float f = p.toFloat(&ok);
            if (!ok && p.compare(QLatin1String("nan"), Qt::CaseInsensitive) != 0) {
                problem(key, QCoreApplication::translate("MemoryImport", "\"%1\" is not a number.").arg(p.left(20)));
                return {};
            }
            out << (ok ? f : std::nanf(""));
        }
    } else {
        problem(key, QCoreApplication::translate("MemoryImport", "Expected a list of numbers."));
        return {};
    }
    if (auto r = Validation::checkEmbedding(out, QCoreApplication::translate("MemoryImport", "The embedding")); !r) {
        problem(key, r.error().message);
        return {};
    }
    return out;
}

QJsonObject FieldReader::object(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isObject())
        return v.toObject();
    if (v.isString() && !v.toString().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(v.toString().toUtf8(), &error);
        if (doc.isObject())
            return doc.object();
    } else if (v.isUndefined() || v.isNull() || v.isString()) {
        return {};
    }
    problem(key, QCoreApplication::translate("MemoryImport", "Expected a JSON object."));
    return {};
}

void FieldReader::link(const QJsonObject &o, const QString &prefix, ImportedMemory &out)
{
    MemoryLink l;
    l.sourceId = out.memory.id;
    const QString target = text(
        o, o.contains(QStringLiteral("target")) ? QStringLiteral("target") : QStringLiteral("target_id"), prefix);
    if (target.isEmpty()) {
        problem(prefix + QStringLiteral("target"),
            QCoreApplication::translate("MemoryImport", "The link target is missing."));
        return;
    }
    l.targetId = MemoryRecord::idFromText(target);
    l.linkType
        = text(o, o.contains(QStringLiteral("type")) ? QStringLiteral("type") : QStringLiteral("link_type"), prefix);
    l.strength = unit(o, QStringLiteral("strength"), prefix).value_or(0.0);
    if (has(o, QStringLiteral("archetype"))) {
        const QString name = text(o, QStringLiteral("archetype"), prefix);
        l.archetype = Archetypes::fromName(name);
        if (!l.archetype)
            problem(prefix + QStringLiteral("archetype"),
                QCoreApplication::translate("MemoryImport", "Unknown archetype \"%1\".").arg(name.left(40)));
    }
    l.origin = has(o, QStringLiteral("origin")) ? text(o, QStringLiteral("origin"), prefix) : QStringLiteral("manual");
    l.createdAt = time(o, QStringLiteral("created_at"), prefix);
    out.links << l;
}
