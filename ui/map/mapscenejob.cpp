#include "map/mapscenejob.h"

#include "db/databaseworker.h"
#include "db/repository.h"
#include "tasks/taskcontrol.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(MapSceneJob)
};

Result<MapAttributes> attributesOf(DatabaseWorker *worker, MapSource source, const std::vector<QUuid> &ids,
    TaskControl &control, double from, double to)
{
    control.setStatus(Tr::tr("Reading the points' texts"));
    const LoadProgress progress = MapSceneJob::loadProgress(control, from, to);
    return worker->runAndWait([source, &ids, progress](Repository &repository) {
        return MapData::attributes(repository, source, ids, progress);
    });
}

MapScenePtr finish(MapScene scene, TaskControl &control)
{
    control.setStatus(Tr::tr("Laying out the map"));
    std::vector<int> tones = scene.attributes.tone;
    if (tones.size() != scene.run.size())
        tones.clear();
    std::vector<float> priority = scene.attributes.priority;
    if (priority.size() != scene.run.size())
        priority.clear();
    scene.layout = PointMapLayout::build(
        MapScene::pointData(scene.run, std::move(priority), std::move(tones), scene.attributes.toneNames));
    scene.infos = MapPipeline::clusterInfos(scene.run);
    control.setProgress(1.0);
    return std::make_shared<const MapScene>(std::move(scene));
}

Result<ClusterRun> loadRun(DatabaseWorker *worker, const QUuid &id)
{
    return worker->runAndWait([id](Repository &repository) {
        return MapSceneJob::onSql<ClusterRun>(
            repository, [id](Repository &sql) { return ClusterRunStore::load(sql, id); });
    });
}

} // namespace

Result<MapScenePtr> MapSceneJob::open(DatabaseWorker *worker, const QUuid &runId, TaskControl &control)
{
    QElapsedTimer clock;
    clock.start();
    control.setStatus(Tr::tr("Opening the saved run"));
    Result<ClusterRun> run = loadRun(worker, runId);
    if (!run)
        return run.error();
    MapScene scene;
    scene.run = std::move(run.value());
    scene.params = MapParams::fromJson(scene.run.params);
    Result<MapAttributes> attributes = attributesOf(worker, scene.params.source, scene.run.memberIds, control, 0.3, 0.9);
    if (!attributes)
        return attributes.error();
    scene.attributes = std::move(attributes.value());
    scene.reused = true;
    scene.seconds = clock.elapsed() / 1000.0;
    return finish(std::move(scene), control);
}

Result<MapScenePtr> MapSceneJob::run(
    DatabaseWorker *worker, const MapParams &params, const QString &actor, TaskControl &control)
{
    QElapsedTimer clock;
    clock.start();
    control.setStatus(Tr::tr("Checking for a saved run"));
    Result<QString> fingerprint
        = worker->runAndWait([params](Repository &repository) { return MapData::fingerprint(repository, params); });
    if (!fingerprint)
        return fingerprint.error();
    const QString hash = ClusterRunStore::paramsHash(params.toJson(), params.seed);
    const QString fp = fingerprint.value();
    Result<std::optional<QUuid>> reusable
        = worker->runAndWait([hash, fp](Repository &repository) -> Result<std::optional<QUuid>> {
              return ClusterRunStore::findReusable(repository, hash, fp);
          });
    if (!reusable)
        return reusable.error();
    if (reusable.value()) {
        Result<MapScenePtr> opened = open(worker, *reusable.value(), control);
        if (opened)
            std::const_pointer_cast<MapScene>(opened.value())->seconds = clock.elapsed() / 1000.0;
        return opened;
    }

    control.setStatus(Tr::tr("Loading vectors"));
    const LoadProgress vectorProgress = loadProgress(control, 0.0, 0.25);
    Result<std::shared_ptr<MapVectors>> vectors
        = worker->runAndWait([params, vectorProgress](Repository &repository) -> Result<std::shared_ptr<MapVectors>> {
              Result<MapVectors> loaded = MapData::vectors(repository, params, vectorProgress);
              if (!loaded)
                  return loaded.error();
              return std::make_shared<MapVectors>(std::move(loaded.value()));
          });
    if (!vectors)
        return vectors.error();
    const MapVectors &input = *vectors.value();
    Result<MapAttributes> attributes = attributesOf(worker, params.source, input.ids, control, 0.25, 0.3);
    if (!attributes)
        return attributes.error();
    const double loadSeconds = clock.elapsed() / 1000.0;

    control.setStatus(Tr::tr("Projecting and clustering %n points", nullptr, int(input.ids.size())));
    compute::Control compute = control.control();
    compute.progress = [&control](double f) { control.setProgress(0.3 + 0.6 * f); };
    Result<ClusterRun> computed = MapPipeline::run(input.vectors, input.ids, attributes.value().texts, params, compute);
    if (!computed)
        return computed.error();
    MapScene scene;
    scene.params = params;
    scene.attributes = std::move(attributes.value());
    scene.run = std::move(computed.value());
    scene.run.dataFingerprint = input.fingerprint;
    scene.run.paramsHash = hash;
    scene.run.createdBy = actor;
    scene.run.createdAt = QDateTime::currentDateTimeUtc();
    scene.run.timings.insert(QStringLiteral("load"), loadSeconds);

    control.setStatus(Tr::tr("Saving the run"));
    ClusterRunStore::SaveOptions options;
    options.memberRows = params.source != MapSource::Freelancers && params.source != MapSource::Jobs
        && scene.run.size() <= MemberRowsUpTo;
    const ClusterRun &toSave = scene.run;
    Result<QUuid> saved = worker->runAndWait([&toSave, options](Repository &repository) {
        return onSql<QUuid>(
            repository, [&](Repository &sql) { return ClusterRunStore::save(sql, toSave, options); });
    });
    if (!saved)
        return saved.error();
    scene.run.id = saved.value();
    control.setProgress(0.95);
    scene.seconds = clock.elapsed() / 1000.0;
    return finish(std::move(scene), control);
}

LoadProgress MapSceneJob::loadProgress(TaskControl &control, double from, double to)
{
    return [&control, from, to](qint64 done, qint64 total) {
        if (total > 0)
            control.setProgress(from + (to - from) * double(done) / double(total));
        return !control.isCancelled();
    };
}
