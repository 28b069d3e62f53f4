#include "map/clusterrunstore.h"

#include "db/repository.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QtEndian>

namespace {

QString keysTable(const SqlDialect &d)
{
    return ClusterRunStore::ownTable(d, "cluster_run_keys");
}

QString chunksTable(const SqlDialect &d)
{
    return ClusterRunStore::ownTable(d, "cluster_run_chunks");
}

template<typename T> QByteArray packLittleEndian(const T *values, qsizetype count)
{
    QByteArray bytes(count * qsizetype(sizeof(T)), Qt::Uninitialized);
    qToLittleEndian<T>(values, count, bytes.data());
    return bytes;
}

QJsonObject namesToJson(const QHash<int, QString> &names)
{
    QJsonObject object;
    for (auto it = names.constBegin(); it != names.constEnd(); ++it)
        object.insert(QString::number(it.key()), it.value());
    return object;
}

Result<void> exec(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return Repository::queryError(query, what);
    return {};
}

// One cluster_members row per point (the form other tools query), on the open transaction.
Result<void> insertMembers(Repository &repository, const ClusterRun &run)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery query(repository.database());
    query.prepare(d.insertSql(Table::ClusterMembers,
        { { QStringLiteral("run_id"), SqlDialect::Uuid }, { QStringLiteral("memory_id"), SqlDialect::Uuid },
            { QStringLiteral("cluster"), SqlDialect::Integer }, { QStringLiteral("x"), SqlDialect::Real },
            { QStringLiteral("y"), SqlDialect::Real } }));
    for (std::size_t i = 0; i < run.size(); ++i) {
        query.bindValue(QStringLiteral(":run_id"), d.uuid(run.id));
        query.bindValue(QStringLiteral(":memory_id"), d.uuid(run.memberIds[i]));
        query.bindValue(QStringLiteral(":cluster"), run.clusters[i]);
        query.bindValue(QStringLiteral(":x"), double(run.x[i]));
        query.bindValue(QStringLiteral(":y"), double(run.y[i]));
        if (Result<void> r = exec(query, QStringLiteral("cluster members")); !r)
            return r;
    }
    return {};
}

} // namespace

QString ClusterRunStore::ownTable(const SqlDialect &d, const char *name)
{
    return d.eumasObject(QLatin1String(name));
}

QString ClusterRunStore::paramsHash(const QJsonObject &params, quint64 seed)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QJsonDocument(params).toJson(QJsonDocument::Compact)); // QJsonObject keeps keys sorted
    hash.addData(QByteArray::number(seed));
    return QString::fromLatin1(hash.result().toHex());
}

QString ClusterRunStore::fingerprint(const std::vector<QUuid> &ids, const QByteArray &extra)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QUuid &id : ids)
        hash.addData(id.toRfc4122());
    hash.addData(QByteArray::number(qulonglong(ids.size())));
    hash.addData(extra);
    return QString::fromLatin1(hash.result().toHex());
}

Result<QUuid> ClusterRunStore::save(Repository &repository, ClusterRun run, const SaveOptions &options)
{
    const std::size_t n = run.memberIds.size();
    if (run.clusters.size() != n || run.x.size() != n || run.y.size() != n)
        return makeError(Error::InvalidInput,
            QCoreApplication::translate(
                "ClusterRunStore", "A cluster run needs one cluster and one x and y per point."));
    if (run.id.isNull())
        run.id = QUuid::createUuid();
    if (!run.createdAt.isValid())
        run.createdAt = QDateTime::currentDateTimeUtc();
    if (run.paramsHash.isEmpty())
        run.paramsHash = paramsHash(run.params, run.seed);
    const SqlDialect &d = repository.dialect();
    const auto ph = [&d](const char *name, SqlDialect::Kind kind) { return d.placeholder(QLatin1String(name), kind); };

    QSqlQuery query(repository.database());
    const Result<void> done = repository.inTransaction([&]() -> Result<void> {
        query.prepare(d.insertSql(Table::ClusterRuns,
            { { QStringLiteral("id"), SqlDialect::Uuid }, { QStringLiteral("name"), SqlDialect::Text },
                { QStringLiteral("algorithm"), SqlDialect::Text }, { QStringLiteral("params"), SqlDialect::Json },
                { QStringLiteral("quality"), SqlDialect::Json }, { QStringLiteral("timings"), SqlDialect::Json },
                { QStringLiteral("created_by"), SqlDialect::Text },
                { QStringLiteral("created_at"), SqlDialect::Time } }));
        query.bindValue(QStringLiteral(":id"), d.uuid(run.id));
        query.bindValue(QStringLiteral(":name"), d.text(run.name));
        query.bindValue(QStringLiteral(":algorithm"), d.text(run.algorithm));
        query.bindValue(QStringLiteral(":params"), d.json(run.params));
        query.bindValue(QStringLiteral(":quality"), d.json(run.quality));
        query.bindValue(QStringLiteral(":timings"), d.json(run.timings));
        query.bindValue(QStringLiteral(":created_by"), d.text(run.createdBy));
        query.bindValue(QStringLiteral(":created_at"), d.time(run.createdAt));
        if (Result<void> r = exec(query, QStringLiteral("cluster run")); !r)
            return r;

        query.prepare(
            QStringLiteral("INSERT INTO %1 (run_id, params_hash, data_fingerprint, seed, point_count, "
                           "cluster_names) VALUES (%2, :params_hash, :data_fingerprint, :seed, :point_count, %3)")
                .arg(keysTable(d), ph("run_id", SqlDialect::Uuid), ph("cluster_names", SqlDialect::Json)));
        query.bindValue(QStringLiteral(":run_id"), d.uuid(run.id));
        query.bindValue(QStringLiteral(":params_hash"), run.paramsHash);
        query.bindValue(QStringLiteral(":data_fingerprint"), d.text(run.dataFingerprint));
        query.bindValue(QStringLiteral(":seed"), qint64(run.seed)); // the bits of the seed, as bigint
        query.bindValue(QStringLiteral(":point_count"), qint64(n));
        query.bindValue(QStringLiteral(":cluster_names"), d.json(namesToJson(run.clusterNames)));
        if (Result<void> r = exec(query, QStringLiteral("cluster run keys")); !r)
            return r;

        query.prepare(QStringLiteral("INSERT INTO %1 (run_id, chunk, point_count, member_ids, clusters, xs, ys) "
                                     "VALUES (%2, :chunk, :point_count, :member_ids, :clusters, :xs, :ys)")
                          .arg(chunksTable(d), ph("run_id", SqlDialect::Uuid)));
        for (std::size_t begin = 0, chunk = 0; begin < n; begin += ChunkPoints, ++chunk) {
            const qsizetype count = qsizetype(std::min<std::size_t>(ChunkPoints, n - begin));
            QByteArray ids;
            ids.reserve(count * 16);
            for (qsizetype i = 0; i < count; ++i)
                ids += run.memberIds[begin + std::size_t(i)].toRfc4122();
            query.bindValue(QStringLiteral(":run_id"), d.uuid(run.id));
            query.bindValue(QStringLiteral(":chunk"), qint64(chunk));
            query.bindValue(QStringLiteral(":point_count"), qint64(count));
            query.bindValue(QStringLiteral(":member_ids"), ids);
            query.bindValue(QStringLiteral(":clusters"), packLittleEndian<qint32>(run.clusters.data() + begin, count));
            query.bindValue(QStringLiteral(":xs"), packLittleEndian<float>(run.x.data() + begin, count));
            query.bindValue(QStringLiteral(":ys"), packLittleEndian<float>(run.y.data() + begin, count));
            if (Result<void> r = exec(query, QStringLiteral("cluster run points")); !r)
                return r;
        }

        if (options.memberRows && n > 0)
            return insertMembers(repository, run);
        return {};
    });
    if (!done)
        return done.error();
    return run.id;
}

Result<void> ClusterRunStore::writeMembers(Repository &repository, const ClusterRun &run)
{
    if (run.id.isNull() || run.clusters.size() != run.size() || run.x.size() != run.size()
        || run.y.size() != run.size())
        return makeError(Error::InvalidInput,
            QCoreApplication::translate("ClusterRunStore", "The cluster run has no id or inconsistent points."));
    return repository.inTransaction([&]() -> Result<void> {
        const SqlDialect &d = repository.dialect();
        QSqlQuery query(repository.database());
        query.prepare(QLatin1String("DELETE FROM ") + d.table(Table::ClusterMembers) + QLatin1String(" WHERE run_id = ")
            + d.placeholder(QStringLiteral("run_id"), SqlDialect::Uuid));
        query.bindValue(QStringLiteral(":run_id"), d.uuid(run.id));
        if (Result<void> r = exec(query, QStringLiteral("cluster members")); !r)
            return r;
        return insertMembers(repository, run);
    });
}
