#include "map/mapservice.h"

#include "db/databaseworker.h"
#include "db/repository.h"
#include "tasks/taskcontrol.h"

#include <QCoreApplication>
#include <QElapsedTimer>

Result<MapAttributes> MapService::attributesOf(
    MapSource source, const std::vector<QUuid> &ids, TaskControl &control, double from, double to) const
{
    control.setStatus(tr("Reading the points' texts"));
    const LoadProgress progress = loadProgress(control, from, to);
    return m_db->runAndWait([source, &ids, progress](Repository &repository) {
        return MapData::attributes(repository, source, ids, progress);
    });
}

Result<ClusterRun> MapService::load(const QUuid &runId) const
{
    return m_db->runAndWait([runId](Repository &repository) { return ClusterRunStore::load(repository, runId); });
}

Result<MapResult> MapService::open(const QUuid &runId, TaskControl &control) const
{
    QElapsedTimer clock;
    clock.start();
    control.setStatus(tr("Opening the saved run"));
    Result<ClusterRun> run = load(runId);
    if (!run)
        return run.error();
    MapResult scene;
    scene.run = std::move(run.value());
    scene.params = MapParams::fromJson(scene.run.params);
    Result<MapAttributes> attributes = attributesOf(scene.params.source, scene.run.memberIds, control, 0.3, 0.9);
    if (!attributes)
        return attributes.error();
    scene.attributes = std::move(attributes.value());
    scene.reused = true;
    scene.infos = MapPipeline::clusterInfos(scene.run);
    scene.seconds = clock.elapsed() / 1000.0;
    return scene;
}

Result<MapResult> MapService::run(const MapParams &params, const QString &actor, TaskControl &control) const
{
    QElapsedTimer clock;
    clock.start();
    control.setStatus(tr("Checking for a saved run"));
    Result<QString> fingerprint
        = m_db->runAndWait([params](Repository &repository) { return MapData::fingerprint(repository, params); });
    if (!fingerprint)
        return fingerprint.error();
    const QString hash = ClusterRunStore::paramsHash(params.toJson(), params.seed);
    const QString fp = fingerprint.value();
    Result<std::optional<QUuid>> reusable
        = m_db->runAndWait([hash, fp](Repository &repository) -> Result<std::optional<QUuid>> {
              return ClusterRunStore::findReusable(repository, hash, fp);
          });
    if (!reusable)
        return reusable.error();
    if (reusable.value()) {
        Result<MapResult> opened = open(*reusable.value(), control);
        if (opened)
            opened->seconds = clock.elapsed() / 1000.0;
        return opened;
    }

    // A run on the same data with the same projection parameters (only the clustering differs) lends its
    // x/y, so the runs compare on one picture and the layout is not computed again.
    const QString projectionKey = MapPipeline::projectionKey(params);
    Result<std::optional<QUuid>> sameProjection
        = m_db->runAndWait([projectionKey, fp](Repository &repository) -> Result<std::optional<QUuid>> {
              return ClusterRunStore::findProjection(repository, projectionKey, fp);
          });
    if (!sameProjection)
        return sameProjection.error();
    std::optional<ClusterRun> projectionRun;
    if (sameProjection.value()) {
        control.setStatus(tr("Reading the saved projection"));
        Result<ClusterRun> saved = load(*sameProjection.value());
        if (!saved)
            return saved.error();
        projectionRun = std::move(saved.value());
    }

    control.setStatus(tr("Loading vectors"));
    const LoadProgress vectorProgress = loadProgress(control, 0.0, 0.25);
    Result<std::shared_ptr<MapVectors>> vectors
        = m_db->runAndWait([params, vectorProgress](Repository &repository) -> Result<std::shared_ptr<MapVectors>> {
              Result<MapVectors> loaded = MapData::vectors(repository, params, vectorProgress);
              if (!loaded)
                  return loaded.error();
              return std::make_shared<MapVectors>(std::move(loaded.value()));
          },
              control.cancelled());
    if (!vectors)
        return vectors.error();
    const MapVectors &input = *vectors.value();
    Result<MapAttributes> attributes = attributesOf(params.source, input.ids, control, 0.25, 0.3);
    if (!attributes)
        return attributes.error();
    const double loadSeconds = clock.elapsed() / 1000.0;

    control.setStatus(tr("Projecting and clustering %n points", nullptr, int(input.ids.size())));
    compute::Control compute = control.control();
    compute.progress = [&control](double f) { control.setProgress(0.3 + 0.6 * f); };
    std::vector<float> projection;
    if (projectionRun && projectionRun->memberIds == input.ids) {
        projection.resize(2 * input.ids.size());
        for (std::size_t i = 0; i < input.ids.size(); ++i) {
            projection[2 * i] = projectionRun->x[i];
            projection[2 * i + 1] = projectionRun->y[i];
        }
    }
    projectionRun.reset();
    Result<ClusterRun> computed = MapPipeline::run(
        input.vectors, input.ids, attributes.value().keywordSource(), params, std::move(projection), compute);
    if (!computed)
        return computed.error();
    MapResult scene;
    scene.params = params;
    scene.attributes = std::move(attributes.value());
    scene.run = std::move(computed.value());
    scene.run.dataFingerprint = input.fingerprint;
    scene.run.paramsHash = hash;
    scene.run.createdBy = actor;
    scene.run.createdAt = QDateTime::currentDateTimeUtc();
    scene.run.timings.insert(QStringLiteral("load"), loadSeconds);

    control.setStatus(tr("Saving the run"));
    ClusterRunStore::SaveOptions options;
    options.memberRows = params.source != MapSource::Freelancers && params.source != MapSource::Jobs
        && scene.run.size() <= MemberRowsUpTo;
    const ClusterRun &toSave = scene.run;
    Result<QUuid> saved = m_db->runAndWait(
        [&toSave, options](Repository &repository) { return ClusterRunStore::save(repository, toSave, options); });
    if (!saved)
        return saved.error();
    scene.run.id = saved.value();
    scene.infos = MapPipeline::clusterInfos(scene.run);
    control.setProgress(0.95);
    scene.seconds = clock.elapsed() / 1000.0;
    return scene;
}

Result<qint64> MapService::writeSemanticLinks(const ClusterRun &run, TaskControl &control) const
{
    const LoadProgress progress = loadProgress(control);
    return m_db->runAndWait(
        [&run, progress](Repository &repository) { return MapData::writeSemanticLinks(repository, run, progress); });
}

Result<void> MapService::writeMembers(const ClusterRun &run) const
{
    return m_db->runAndWait([&run](Repository &repository) { return ClusterRunStore::writeMembers(repository, run); });
}

Result<std::vector<float>> MapService::archetypeMetrics(const std::vector<QUuid> &ids, TaskControl &control) const
{
    const LoadProgress progress = loadProgress(control);
    return m_db->runAndWait(
        [&ids, progress](Repository &repository) { return MapData::archetypeMetrics(repository, ids, progress); });
}

void MapService::listRuns(QObject *context, Reply<QList<ClusterRunSummary>> done) const
{
    m_db->call(
        context, [](Repository &repository) { return ClusterRunStore::list(repository); }, std::move(done));
}

void MapService::renameCluster(
    QObject *context, const QUuid &runId, int cluster, const QString &name, Reply<void> done) const
{
    m_db->call(
        context,
        [runId, cluster, name](
            Repository &repository) { return ClusterRunStore::renameCluster(repository, runId, cluster, name); },
        std::move(done));
}

LoadProgress MapService::loadProgress(TaskControl &control, double from, double to)
{
    return [&control, from, to](qint64 done, qint64 total) {
        if (total > 0)
            control.setProgress(from + (to - from) * double(done) / double(total));
        return !control.isCancelled();
    };
}
