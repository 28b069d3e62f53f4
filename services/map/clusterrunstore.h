#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QUuid>

#include <optional>
#include <vector>

class Repository;
class SqlDialect;

// A clustering of points with their 2-D layout, as saved in the workspace.
struct ClusterRun
{
    QUuid id; // save() assigns one when null
    QString name;
    QString algorithm; // "kmeans", "density", …
    QJsonObject params; // what was asked: projection, k, source, …
    QJsonObject quality; // metrics (silhouette, ARI, …)
    QJsonObject timings; // seconds per stage
    quint64 seed = 0;
    QString paramsHash; // ClusterRunStore::paramsHash(params, seed) unless the caller sets it
    QString dataFingerprint; // the caller's fingerprint of the input (see ClusterRunStore::fingerprint)
    QString createdBy;
    QDateTime createdAt; // now (UTC) when invalid at save
    QHash<int, QString> clusterNames; // cluster id → name (keywords, or the operator's rename)
    // Per point, all the same length:
    std::vector<QUuid> memberIds;
    std::vector<int> clusters; // −1 for noise
    std::vector<float> x, y;

    std::size_t size() const { return memberIds.size(); }
};

// What list() shows of a run without its points.
struct ClusterRunSummary
{
    QUuid id;
    QString name;
    QString algorithm;
    QDateTime createdAt;
    qint64 pointCount = 0;
    QString paramsHash;
    QString dataFingerprint;
    QJsonObject quality;
};

// Cluster runs in the workspace database (cluster_runs plus cluster_run_keys and the packed
// cluster_run_chunks; optionally cluster_members rows for other tools). Every call runs on the
// repository's connection, so on the thread that owns it (a DatabaseWorker); writes are one transaction.
class ClusterRunStore
{
public:
    struct SaveOptions
    {
        // Also write one cluster_members row per point, the form other tools query. Off by default:
        // a row per point costs seconds per 100,000 points, and the packed chunks are what Sextant reads.
        bool memberRows = false;
    };

    // One of the store's own tables (cluster_run_keys, cluster_run_chunks), which live beside the EUMAS tables and
    // have no Table enum entry: the store is their only user.
    static QString ownTable(const SqlDialect &d, const char *name);

    // A stable hash of the parameters and seed: SHA-256 hex of the compact JSON (keys sorted) and the seed.
    static QString paramsHash(const QJsonObject &params, quint64 seed);
    // A fingerprint of the data a run used: SHA-256 hex of the ids in order and `extra` (say, the newest
    // update time and the embedding model), so a changed input never matches an old run.
    static QString fingerprint(const std::vector<QUuid> &ids, const QByteArray &extra = {});

    // Saves the run (assigning id, hash and creation time when missing). InvalidInput if the per-point
    // arrays differ in length.
    static Result<QUuid> save(Repository &repository, ClusterRun run, const SaveOptions &options);
    static Result<QUuid> save(Repository &repository, ClusterRun run) { return save(repository, std::move(run), {}); }
    // Every saved run, newest first, without points.
    static Result<QList<ClusterRunSummary>> list(Repository &repository);
    // A run with its points; NotFound if there is none with that id.
    static Result<ClusterRun> load(Repository &repository, const QUuid &id);
    // The newest run saved with this parameter hash on data with this fingerprint, if any.
    static Result<std::optional<QUuid>> findReusable(
        Repository &repository, const QString &paramsHash, const QString &dataFingerprint);
    // The newest run on data with this fingerprint whose quality["projectionKey"] is `projectionKey`
    // (MapPipeline::projectionKey): its x/y can be reused by a run that differs only in clustering.
    static Result<std::optional<QUuid>> findProjection(
        Repository &repository, const QString &projectionKey, const QString &dataFingerprint);
    // Names (or, with an empty name, un-names) one cluster of a run; NotFound for an unknown run.
    static Result<void> renameCluster(Repository &repository, const QUuid &run, int cluster, const QString &name);
    static Result<void> remove(Repository &repository, const QUuid &run);
    // (Re)writes the run's cluster_members rows (one per point, replacing any earlier ones) so other tools
    // and the browser's cluster filter can query it; one transaction. The run must be saved (id set).
    static Result<void> writeMembers(Repository &repository, const ClusterRun &run);

    static constexpr int ChunkPoints = 65536;
};
