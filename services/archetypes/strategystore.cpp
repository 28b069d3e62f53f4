#include "archetypes/strategystore.h"

#include "db/auditlog.h"
#include "db/repository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace StrategyStore {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("StrategyStore", text);
}

QString strategies(const SqlDialect &d)
{
    return d.eumasObject(QStringLiteral("weighting_strategies"));
}

QString applicationsTable(const SqlDialect &d)
{
    return d.eumasObject(QStringLiteral("strategy_applications"));
}

QJsonObject describe(const WeightingStrategy &s)
{
    QJsonArray weights;
    for (double w : s.weights)
        weights << w;
    return QJsonObject { { QStringLiteral("name"), s.name }, { QStringLiteral("weights"), weights } };
}

QString actorOr(Repository &r, const QString &actor)
{
    return actor.isEmpty() ? AuditLog::defaultActor(r) : actor;
}

Result<std::optional<WeightingStrategy>> find(Repository &r, const QUuid &id)
{
    const SqlDialect &d = r.dialect();
    QSqlQuery q(r.database());
    q.prepare(QLatin1String("SELECT name, weights, created_by, created_at FROM ") + strategies(d)
        + QLatin1String(" WHERE id = ") + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
    q.bindValue(QStringLiteral(":id"), d.uuid(id));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the strategy"));
    if (!q.next())
        return std::optional<WeightingStrategy>();
    WeightingStrategy s;
    s.id = id;
    s.name = q.value(0).toString();
    s.weights = weightsFromJson(q.value(1).toString()).value_or(std::array<double, Archetypes::Count> {});
    s.createdBy = q.value(2).toString();
    s.createdAt = d.toTime(q.value(3));
    return std::optional<WeightingStrategy>(s);
}

} // namespace

QString weightsJson(const std::array<double, Archetypes::Count> &weights)
{
    QStringList numbers;
    for (double w : weights)
        numbers << QString::number(w, 'g', QLocale::FloatingPointShortest);
    return QLatin1Char('[') + numbers.join(QLatin1Char(',')) + QLatin1Char(']');
}

std::optional<std::array<double, Archetypes::Count>> weightsFromJson(const QString &json)
{
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    if (array.size() != Archetypes::Count)
        return std::nullopt;
    std::array<double, Archetypes::Count> weights {};
    for (int i = 0; i < Archetypes::Count; ++i)
        weights[size_t(i)] = array.at(i).toDouble();
    return weights;
}

Result<QList<StrategyApplication>> applications(Repository &r)
{
    const SqlDialect &d = r.dialect();
    QSqlQuery q(r.database());
    q.setForwardOnly(true);
    if (!q.exec(QLatin1String("SELECT batch_id, strategy_id, strategy_name, weights, actor, applied_at, memories, "
                              "finished, undone_at, undone_by FROM ")
            + applicationsTable(d) + QLatin1String(" ORDER BY applied_at DESC, batch_id")))
        return Repository::queryError(q, tr("Reading the strategy applications"));
    QList<StrategyApplication> list;
    while (q.next()) {
        StrategyApplication a;
        a.batchId = d.toUuid(q.value(0));
        a.strategyId = d.toUuid(q.value(1));
        a.strategyName = q.value(2).toString();
        a.weights = weightsFromJson(q.value(3).toString()).value_or(std::array<double, Archetypes::Count> {});
        a.actor = q.value(4).toString();
        a.appliedAt = d.toTime(q.value(5));
        a.memories = q.value(6).toLongLong();
        a.finished = q.value(7).toBool();
        a.undoneAt = d.toTime(q.value(8));
        a.undoneBy = q.value(9).toString();
        list << a;
    }
    return list;
}

Result<std::optional<StrategyApplication>> applied(Repository &r)
{
    Result<QList<StrategyApplication>> all = applications(r);
    if (!all)
        return all.error();
    for (const StrategyApplication &a : *all)
        if (a.finished && !a.undoneAt.isValid())
            return std::optional<StrategyApplication>(a);
    return std::optional<StrategyApplication>();
}

Result<std::array<double, Archetypes::Count>> appliedWeights(Repository &r)
{
    Result<std::optional<StrategyApplication>> current = applied(r);
    if (!current)
        return current.error();
    return *current ? (*current)->weights : Archetypes::defaultWeights();
}

Result<QList<WeightingStrategy>> list(Repository &r)
{
    const SqlDialect &d = r.dialect();
    Result<std::optional<StrategyApplication>> current = applied(r);
    if (!current)
        return current.error();
    QList<WeightingStrategy> list { WeightingStrategy::defaultStrategy() };
    QSqlQuery q(r.database());
    q.setForwardOnly(true);
    if (!q.exec(QLatin1String("SELECT id, name, weights, created_by, created_at FROM ") + strategies(d)
            + QLatin1String(" ORDER BY name")))
        return Repository::queryError(q, tr("Reading the weighting strategies"));
    while (q.next()) {
        WeightingStrategy s;
        s.id = d.toUuid(q.value(0));
        s.name = q.value(1).toString();
        s.weights = weightsFromJson(q.value(2).toString()).value_or(std::array<double, Archetypes::Count> {});
        s.createdBy = q.value(3).toString();
        s.createdAt = d.toTime(q.value(4));
        list << s;
    }
    // The applied one is the application's strategy if it still exists with the same weights; an applied
    // strategy edited or removed since is not "applied" any more, and without any application it is the default.
    if (!*current) {
        list.first().applied = true;
    } else {
        for (WeightingStrategy &s : list)
            s.applied = s.id == (*current)->strategyId && s.weights == (*current)->weights;
    }
    return list;
}

Result<WeightingStrategy> save(Repository &r, const WeightingStrategy &input, const QString &actorName)
{
    if (Result<void> ok = WeightingStrategy::validate(input); !ok)
        return ok.error();
    if (input.builtIn)
        return makeError(Error::InvalidInput,
            tr("The default strategy cannot be changed; save the weights under a new name instead."));
    const SqlDialect &d = r.dialect();
    const QString actor = actorOr(r, actorName);
    WeightingStrategy s = input;
    s.name = s.name.trimmed();
    s.applied = false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<void> done = r.inTransaction([&]() -> Result<void> {
        QSqlQuery q(r.database());
        q.prepare(QLatin1String("SELECT id FROM ") + strategies(d) + QLatin1String(" WHERE name = :name"));
        q.bindValue(QStringLiteral(":name"), s.name);
        if (!q.exec())
            return Repository::queryError(q, tr("Checking the strategy's name"));
        if (q.next() && d.toUuid(q.value(0)) != s.id)
            return makeError(Error::Conflict, tr("There is already a strategy called “%1”.").arg(s.name));
        std::optional<WeightingStrategy> before;
        if (!s.id.isNull()) {
            Result<std::optional<WeightingStrategy>> found = find(r, s.id);
            if (!found)
                return found.error();
            before = *found;
        }
        const QString weights = d.placeholder(QStringLiteral("weights"), SqlDialect::Json);
        if (before) {
            q.prepare(QLatin1String("UPDATE ") + strategies(d) + QLatin1String(" SET name = :name, weights = ")
                + weights + QLatin1String(", updated_at = ") + d.placeholder(QStringLiteral("now"), SqlDialect::Time)
                + QLatin1String(" WHERE id = ") + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
            s.createdBy = before->createdBy;
            s.createdAt = before->createdAt;
        } else {
            if (s.id.isNull())
                s.id = QUuid::createUuid();
            s.createdBy = actor;
            s.createdAt = now;
            q.prepare(QLatin1String("INSERT INTO ") + strategies(d)
                + QLatin1String(" (id, name, weights, created_by, created_at, updated_at) VALUES (")
                + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(", :name, ") + weights
                + QLatin1String(", :actor, ") + d.placeholder(QStringLiteral("now"), SqlDialect::Time)
                + QLatin1String(", ") + d.placeholder(QStringLiteral("now"), SqlDialect::Time) + QLatin1Char(')'));
            q.bindValue(QStringLiteral(":actor"), actor);
        }
        q.bindValue(QStringLiteral(":id"), d.uuid(s.id));
        q.bindValue(QStringLiteral(":name"), s.name);
        q.bindValue(QStringLiteral(":weights"), weightsJson(s.weights));
        q.bindValue(QStringLiteral(":now"), d.time(now));
        if (!q.exec())
            return Repository::queryError(q, tr("Saving the strategy"));
        AuditEntry entry;
        entry.at = now;
        entry.actor = actor;
        entry.action = before ? QStringLiteral("strategy_update") : QStringLiteral("strategy_create");
        entry.entity = AuditEntity;
        entry.entityId = s.id.toString(QUuid::WithoutBraces);
        if (before)
            entry.before = describe(*before);
        entry.after = describe(s);
        return r.appendAudit(entry);
    });
    if (!done)
        return done.error();
    return s;
}

Result<void> remove(Repository &r, const QUuid &id, const QString &actorName)
{
    if (id.isNull())
        return makeError(Error::InvalidInput, tr("The default strategy cannot be removed."));
    const SqlDialect &d = r.dialect();
    const QString actor = actorOr(r, actorName);
    return r.inTransaction([&]() -> Result<void> {
        Result<std::optional<WeightingStrategy>> found = find(r, id);
        if (!found)
            return found.error();
        if (!*found)
            return makeError(Error::NotFound, tr("That strategy no longer exists."));
        QSqlQuery q(r.database());
        q.prepare(QLatin1String("DELETE FROM ") + strategies(d) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":id"), d.uuid(id));
        if (!q.exec())
            return Repository::queryError(q, tr("Removing the strategy"));
        AuditEntry entry;
        entry.actor = actor;
        entry.action = QStringLiteral("strategy_remove");
        entry.entity = AuditEntity;
        entry.entityId = id.toString(QUuid::WithoutBraces);
        entry.before = describe(**found);
        return r.appendAudit(entry);
    });
}

} // namespace StrategyStore
