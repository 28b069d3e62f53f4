#include "matching/modelregistry.h"

#include "db/repository.h"
#include "matching/matchsql.h"

#include <QSqlQuery>

namespace {

using K = SqlDialect::Kind;

QString columns(const SqlDialect &d)
{
    return QLatin1String("SELECT id, model_type, version, is_active, accuracy, latency, throughput, deployed_at, "
                         "retired_at, created_at, created_by, notes, parameters, training_metrics, "
                         "validation_metrics FROM ")
        + d.table(Table::ModelVersions);
}

RegistryVersion readVersion(const SqlDialect &d, const QSqlQuery &q)
{
    RegistryVersion v;
    v.id = d.toUuid(q.value(0));
    v.modelType = q.value(1).toString();
    v.version = q.value(2).toString();
    v.isActive = q.value(3).toBool();
    v.accuracy = d.toOptionalReal(q.value(4));
    v.latency = d.toOptionalReal(q.value(5));
    v.throughput = d.toOptionalReal(q.value(6));
    v.deployedAt = d.toTime(q.value(7));
    v.retiredAt = d.toTime(q.value(8));
    v.createdAt = d.toTime(q.value(9));
    v.createdBy = q.value(10).toString();
    v.notes = q.value(11).toString();
    v.parameters = d.toJson(q.value(12));
    v.trainingMetrics = d.toJson(q.value(13));
    v.validationMetrics = d.toJson(q.value(14));
    return v;
}

QJsonObject state(const RegistryVersion &v)
{
    return QJsonObject { { QStringLiteral("version"), v.version }, { QStringLiteral("model_type"), v.modelType },
        { QStringLiteral("is_active"), v.isActive } };
}

Result<void> audit(Repository &repository, const QString &actor, const QString &action, const RegistryVersion &v,
    const QJsonObject &before, const QJsonObject &after)
{
    return repository.appendAudit(AuditEntry { QDateTime::currentDateTimeUtc(), actor, action,
        QStringLiteral("model_version"), v.id.toString(QUuid::WithoutBraces), before, after });
}

Result<void> setActive(Repository &repository, const RegistryVersion &v, bool active)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    const QString sql = QLatin1String("UPDATE ") + d.table(Table::ModelVersions) + QLatin1String(" SET is_active = ")
        + d.placeholder(QStringLiteral("active"), K::Bool)
        + (active ? QString(QLatin1String(", deployed_at = ") + d.placeholder(QStringLiteral("at"), K::Time)
                          + QLatin1String(", retired_at = NULL"))
                  : QString(QLatin1String(", retired_at = ") + d.placeholder(QStringLiteral("at"), K::Time)))
        + QLatin1String(" WHERE id = ") + d.placeholder(QStringLiteral("id"), K::Uuid);
    return MatchSql::exec(q, sql, ModelRegistry::tr("Changing the active model version"), [&](QSqlQuery &query) {
        query.bindValue(QStringLiteral(":active"), d.boolean(active));
        query.bindValue(QStringLiteral(":at"), d.time(QDateTime::currentDateTimeUtc()));
        query.bindValue(QStringLiteral(":id"), d.uuid(v.id));
    });
}

} // namespace

Result<QList<RegistryVersion>> ModelRegistry::list(Repository &repository, const QString &modelType)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    QString sql = columns(d);
    if (!modelType.isEmpty())
        sql += QLatin1String(" WHERE model_type = ") + d.placeholder(QStringLiteral("type"), K::Text);
    sql += QLatin1String(" ORDER BY model_type, is_active DESC, COALESCE(created_at, deployed_at) DESC, version");
    if (Result<void> r = MatchSql::exec(q, sql, tr("Reading model versions"),
            [&](QSqlQuery &query) {
                if (!modelType.isEmpty())
                    query.bindValue(QStringLiteral(":type"), modelType);
            });
        !r)
        return r.error();
    QList<RegistryVersion> out;
    while (q.next())
        out << readVersion(d, q);
    return out;
}

Result<RegistryVersion> ModelRegistry::version(Repository &repository, const QUuid &id)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    if (Result<void> r = MatchSql::exec(q,
            columns(d) + QLatin1String(" WHERE id = ") + d.placeholder(QStringLiteral("id"), K::Uuid),
            tr("Reading a model version"), [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":id"), d.uuid(id)); });
        !r)
        return r.error();
    if (!q.next())
        return makeError(Error::NotFound, tr("There is no model version %1.").arg(id.toString(QUuid::WithoutBraces)));
    return readVersion(d, q);
}

Result<RegistryVersion> ModelRegistry::activeMatching(Repository &repository)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery q(repository.database());
    if (Result<void> r = MatchSql::exec(q,
            columns(d) + QLatin1String(" WHERE model_type = 'matching' AND is_active = ")
                + d.placeholder(QStringLiteral("active"), K::Bool),
            tr("Reading the active matching version"),
            [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":active"), d.boolean(true)); });
        !r)
        return r.error();
    if (!q.next())
        return makeError(Error::NotFound,
            tr("No matching version is active. Activate one in the model registry before running matching."));
    return readVersion(d, q);
}

Result<RegistryVersion> ModelRegistry::createMatching(
    Repository &repository, const MatchingVersionDraft &draft, const QString &actor)
{
    const QString name = draft.version.trimmed();
    if (name.isEmpty() || name.size() > 64)
        return makeError(Error::InvalidInput, tr("A version needs a name of 1 to 64 characters. Nothing was saved."));
    if (const std::string why = compute::validateMatchParams(draft.params); !why.empty())
        return makeError(Error::InvalidInput,
            tr("The matching parameters are not valid: %1. Nothing was saved.").arg(QString::fromStdString(why)));

    RegistryVersion v;
    v.id = QUuid::createUuid();
    v.modelType = Matching;
    v.version = name;
    v.createdAt = QDateTime::currentDateTimeUtc();
    v.createdBy = actor;
    v.notes = draft.notes;
    v.parameters = paramsToJson(draft.params);
    v.trainingMetrics = draft.trainingMetrics;
    if (!draft.basedOn.isEmpty())
        v.trainingMetrics.insert(QStringLiteral("based_on"), draft.basedOn);

    const SqlDialect &d = repository.dialect();
    const Result<void> written = repository.inTransaction([&]() -> Result<void> {
        QSqlQuery exists(repository.database());
        if (Result<void> r = MatchSql::exec(exists,
                QLatin1String("SELECT 1 FROM ") + d.table(Table::ModelVersions)
                    + QLatin1String(" WHERE model_type = 'matching' AND version = ")
                    + d.placeholder(QStringLiteral("v"), K::Text),
                tr("Checking the version name"),
                [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":v"), name); });
            !r)
            return r;
        if (exists.next())
            return makeError(Error::Conflict,
                tr("A matching version named \"%1\" exists already. Choose another name; nothing was saved.").arg(name));
        QSqlQuery q(repository.database());
        const QString sql = d.insertSql(Table::ModelVersions,
            { { QStringLiteral("id"), K::Uuid }, { QStringLiteral("model_type"), K::Text },
                { QStringLiteral("version"), K::Text }, { QStringLiteral("is_active"), K::Bool },
                { QStringLiteral("parameters"), K::Json }, { QStringLiteral("training_metrics"), K::Json },
                { QStringLiteral("created_at"), K::Time }, { QStringLiteral("created_by"), K::Text },
                { QStringLiteral("notes"), K::Text } });
        if (Result<void> r = MatchSql::exec(q, sql, tr("Saving the model version"),
                [&](QSqlQuery &query) {
                    query.bindValue(0, d.uuid(v.id));
                    query.bindValue(1, v.modelType);
                    query.bindValue(2, v.version);
                    query.bindValue(3, d.boolean(false));
                    query.bindValue(4, d.json(v.parameters));
                    query.bindValue(5, d.json(v.trainingMetrics));
                    query.bindValue(6, d.time(v.createdAt));
                    query.bindValue(7, d.text(v.createdBy));
                    query.bindValue(8, d.text(v.notes));
                });
            !r)
            return r;
        QJsonObject after = state(v);
        after.insert(QStringLiteral("parameters"), v.parameters);
        return audit(repository, actor, QStringLiteral("model_version.create"), v, {}, after);
    });
    if (!written)
        return written.error();
    return v;
}

Result<void> ModelRegistry::activate(Repository &repository, const QUuid &id, const QString &actor)
{
    return repository.inTransaction([&]() -> Result<void> {
        Result<RegistryVersion> target = version(repository, id);
        if (!target)
            return target.error();
        if (target->isActive)
            return {};
        Result<QList<RegistryVersion>> all = list(repository, target->modelType);
        if (!all)
            return all.error();
        for (const RegistryVersion &old : std::as_const(*all)) {
            if (!old.isActive)
                continue;
            // Deactivate first: the partial unique index would refuse two active rows even for a moment.
            if (Result<void> r = setActive(repository, old, false); !r)
                return r;
            RegistryVersion after = old;
            after.isActive = false;
            if (Result<void> r = audit(repository, actor, QStringLiteral("model_version.deactivate"), old, state(old),
                    state(after));
                !r)
                return r;
        }
        if (Result<void> r = setActive(repository, *target, true); !r)
            return r;
        RegistryVersion after = *target;
        after.isActive = true;
        return audit(repository, actor, QStringLiteral("model_version.activate"), *target, state(*target), state(after));
    });
}

Result<void> ModelRegistry::retire(Repository &repository, const QUuid &id, const QString &actor)
{
    return repository.inTransaction([&]() -> Result<void> {
        Result<RegistryVersion> target = version(repository, id);
        if (!target)
            return target.error();
        if (target->isActive)
            return makeError(Error::Conflict,
                tr("%1 is the active %2 version and cannot be retired. Activate another version first.")
                    .arg(target->version, target->modelType));
        if (target->retiredAt.isValid())
            return {};
        if (Result<void> r = setActive(repository, *target, false); !r)
            return r;
        QJsonObject after = state(*target);
        after.insert(QStringLiteral("retired"), true);
        return audit(repository, actor, QStringLiteral("model_version.retire"), *target, state(*target), after);
    });
}
