// ClusterRunStore: listing, loading, reuse lookup, renames and removal.
#include "map/clusterrunstore.h"

#include "db/repository.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QtEndian>

namespace {

template<typename T> bool unpack(const QByteArray &bytes, qsizetype count, std::vector<T> &out)
{
    if (bytes.size() != count * qsizetype(sizeof(T)))
        return false;
    const std::size_t at = out.size();
    out.resize(at + std::size_t(count));
    qFromLittleEndian<T>(bytes.constData(), count, out.data() + at);
    return true;
}

Error notFound(const QUuid &id)
{
    return makeError(Error::NotFound,
        QCoreApplication::translate("ClusterRunStore", "There is no cluster run %1.")
            .arg(id.toString(QUuid::WithoutBraces)));
}

Error damaged(const QUuid &id)
{
    return makeError(Error::Database,
        QCoreApplication::translate("ClusterRunStore", "The saved points of cluster run %1 are damaged.")
            .arg(id.toString(QUuid::WithoutBraces)));
}

// Runs by other tools have no packed chunks: read their cluster_members rows instead.
Result<void> loadMemberRows(Repository &repository, ClusterRun &run)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT memory_id, cluster, x, y FROM %1 WHERE run_id = %2 ORDER BY memory_id")
                      .arg(d.table(Table::ClusterMembers), d.placeholder(QStringLiteral("id"), SqlDialect::Uuid)));
    query.bindValue(QStringLiteral(":id"), d.uuid(run.id));
    if (!query.exec())
        return Repository::queryError(query, QStringLiteral("cluster members"));
    while (query.next()) {
        run.memberIds.push_back(d.toUuid(query.value(0)));
        run.clusters.push_back(query.value(1).toInt());
        run.x.push_back(query.value(2).toFloat());
        run.y.push_back(query.value(3).toFloat());
    }
    return {};
}

} // namespace

Result<QList<ClusterRunSummary>> ClusterRunStore::list(Repository &repository)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT r.id, r.name, r.algorithm, r.created_at, COALESCE(k.point_count, "
                       "(SELECT count(*) FROM %3 m WHERE m.run_id = r.id)), COALESCE(k.params_hash, ''), "
                       "COALESCE(k.data_fingerprint, ''), r.quality FROM %1 r LEFT JOIN %2 k ON k.run_id = r.id "
                       "ORDER BY r.created_at DESC, r.id")
            .arg(d.table(Table::ClusterRuns), ownTable(d, "cluster_run_keys"), d.table(Table::ClusterMembers)));
    if (!query.exec())
        return Repository::queryError(query, QStringLiteral("cluster runs"));
    QList<ClusterRunSummary> runs;
    while (query.next()) {
        ClusterRunSummary s;
        s.id = d.toUuid(query.value(0));
        s.name = query.value(1).toString();
        s.algorithm = query.value(2).toString();
        s.createdAt = d.toTime(query.value(3));
        s.pointCount = query.value(4).toLongLong();
        s.paramsHash = query.value(5).toString();
        s.dataFingerprint = query.value(6).toString();
        s.quality = d.toJson(query.value(7));
        runs.append(s);
    }
    return runs;
}

Result<ClusterRun> ClusterRunStore::load(Repository &repository, const QUuid &id)
{
    const SqlDialect &d = repository.dialect();
    const QString idParam = d.placeholder(QStringLiteral("id"), SqlDialect::Uuid);
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT r.name, r.algorithm, r.params, r.quality, r.timings, r.created_by, r.created_at, "
                       "k.params_hash, k.data_fingerprint, k.seed, k.point_count, k.cluster_names "
                       "FROM %1 r LEFT JOIN %2 k ON k.run_id = r.id WHERE r.id = %3")
            .arg(d.table(Table::ClusterRuns), ownTable(d, "cluster_run_keys"), idParam));
    query.bindValue(QStringLiteral(":id"), d.uuid(id));
    if (!query.exec())
        return Repository::queryError(query, QStringLiteral("cluster run"));
    if (!query.next())
        return notFound(id);
    ClusterRun run;
    run.id = id;
    run.name = query.value(0).toString();
    run.algorithm = query.value(1).toString();
    run.params = d.toJson(query.value(2));
    run.quality = d.toJson(query.value(3));
    run.timings = d.toJson(query.value(4));
    run.createdBy = query.value(5).toString();
    run.createdAt = d.toTime(query.value(6));
    const bool packed = !query.value(7).isNull();
    run.paramsHash = query.value(7).toString();
    run.dataFingerprint = query.value(8).toString();
    run.seed = quint64(query.value(9).toLongLong());
    const qint64 expected = query.value(10).toLongLong();
    run.clusterNames = [&] {
        QHash<int, QString> names;
        const QJsonObject object = d.toJson(query.value(11));
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            names.insert(it.key().toInt(), it.value().toString());
        return names;
    }();
    query.finish();
    if (!packed) {
        if (Result<void> r = loadMemberRows(repository, run); !r)
            return r.error();
        return run;
    }

    run.memberIds.reserve(std::size_t(expected));
    run.clusters.reserve(std::size_t(expected));
    run.x.reserve(std::size_t(expected));
    run.y.reserve(std::size_t(expected));
    query.prepare(
        QStringLiteral("SELECT point_count, member_ids, clusters, xs, ys FROM %1 WHERE run_id = %2 ORDER BY chunk")
            .arg(ownTable(d, "cluster_run_chunks"), idParam));
    query.bindValue(QStringLiteral(":id"), d.uuid(id));
    if (!query.exec())
        return Repository::queryError(query, QStringLiteral("cluster run points"));
    while (query.next()) {
        const qsizetype count = query.value(0).toLongLong();
        const QByteArray ids = query.value(1).toByteArray();
        if (count <= 0 || ids.size() != count * 16)
            return damaged(id);
        for (qsizetype i = 0; i < count; ++i)
            run.memberIds.push_back(QUuid::fromRfc4122(QByteArrayView(ids.constData() + i * 16, 16)));
        if (!unpack<qint32>(query.value(2).toByteArray(), count, run.clusters)
            || !unpack<float>(query.value(3).toByteArray(), count, run.x)
            || !unpack<float>(query.value(4).toByteArray(), count, run.y))
            return damaged(id);
    }
    if (qint64(run.memberIds.size()) != expected)
        return damaged(id);
    return run;
}

Result<std::optional<QUuid>> ClusterRunStore::findReusable(
    Repository &repository, const QString &paramsHash, const QString &dataFingerprint)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery query(repository.database());
    query.prepare(QStringLiteral("SELECT k.run_id FROM %1 k JOIN %2 r ON r.id = k.run_id WHERE k.params_hash = :hash "
                                 "AND k.data_fingerprint = :fingerprint ORDER BY r.created_at DESC LIMIT 1")
                      .arg(ownTable(d, "cluster_run_keys"), d.table(Table::ClusterRuns)));
    query.bindValue(QStringLiteral(":hash"), d.text(paramsHash));
    query.bindValue(QStringLiteral(":fingerprint"), d.text(dataFingerprint));
    if (!query.exec())
        return Repository::queryError(query, QStringLiteral("cluster run lookup"));
    if (!query.next())
        return std::optional<QUuid>();
    return std::optional<QUuid>(d.toUuid(query.value(0)));
}

Result<std::optional<QUuid>> ClusterRunStore::findProjection(
    Repository &repository, const QString &projectionKey, const QString &dataFingerprint)
{
    // Few runs share one fingerprint, so their quality is compared here rather than through each
    // backend's JSON operators.
    const SqlDialect &d = repository.dialect();
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT r.id, r.quality FROM %1 k JOIN %2 r ON r.id = k.run_id "
                                 "WHERE k.data_fingerprint = :fingerprint ORDER BY r.created_at DESC")
                      .arg(ownTable(d, "cluster_run_keys"), d.table(Table::ClusterRuns)));
    query.bindValue(QStringLiteral(":fingerprint"), d.text(dataFingerprint));
    if (!query.exec())
        return Repository::queryError(query, QStringLiteral("cluster run projection lookup"));
    while (query.next()) {
        if (d.toJson(query.value(1)).value(QStringLiteral("projectionKey")).toString() == projectionKey)
            return std::optional<QUuid>(d.toUuid(query.value(0)));
    }
    return std::optional<QUuid>();
}

Result<void> ClusterRunStore::renameCluster(Repository &repository, const QUuid &run, int cluster, const QString &name)
{
    const SqlDialect &d = repository.dialect();
    const QString keys = ownTable(d, "cluster_run_keys");
    const QString idParam = d.placeholder(QStringLiteral("id"), SqlDialect::Uuid);
    QSqlQuery query(repository.database());
    return repository.inTransaction([&]() -> Result<void> {
        query.prepare(QStringLiteral("SELECT cluster_names FROM %1 WHERE run_id = %2").arg(keys, idParam));
        query.bindValue(QStringLiteral(":id"), d.uuid(run));
        if (!query.exec())
            return Repository::queryError(query, QStringLiteral("cluster names"));
        if (!query.next())
            return notFound(run);
        QJsonObject names = d.toJson(query.value(0));
        query.finish();
        if (name.trimmed().isEmpty())
            names.remove(QString::number(cluster));
        else
            names.insert(QString::number(cluster), name.trimmed());
        query.prepare(QStringLiteral("UPDATE %1 SET cluster_names = %2 WHERE run_id = %3")
                          .arg(keys, d.placeholder(QStringLiteral("names"), SqlDialect::Json), idParam));
        query.bindValue(QStringLiteral(":names"), d.json(names));
        query.bindValue(QStringLiteral(":id"), d.uuid(run));
        if (!query.exec())
            return Repository::queryError(query, QStringLiteral("cluster rename"));
        return {};
    });
}

Result<void> ClusterRunStore::remove(Repository &repository, const QUuid &run)
{
    const SqlDialect &d = repository.dialect();
    const QString idParam = d.placeholder(QStringLiteral("id"), SqlDialect::Uuid);
    QSqlQuery query(repository.database());
    return repository.inTransaction([&]() -> Result<void> {
        // Explicit deletes: SQLite enforces ON DELETE CASCADE only with foreign keys switched on.
        const QList<std::pair<QString, QString>> statements { { ownTable(d, "cluster_run_chunks"),
                                                                  QStringLiteral("run_id") },
            { ownTable(d, "cluster_run_keys"), QStringLiteral("run_id") },
            { d.table(Table::ClusterMembers), QStringLiteral("run_id") },
            { d.table(Table::ClusterRuns), QStringLiteral("id") } };
        for (const auto &[table, column] : statements) {
            query.prepare(QStringLiteral("DELETE FROM %1 WHERE %2 = %3").arg(table, column, idParam));
            query.bindValue(QStringLiteral(":id"), d.uuid(run));
            if (!query.exec())
                return Repository::queryError(query, QStringLiteral("cluster run removal"));
        }
        return {};
    });
}
