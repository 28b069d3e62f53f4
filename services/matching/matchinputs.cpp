#include "matching/matchinputs.h"

#include "core/marketplace.h"
#include "db/repository.h"
#include "matching/matchsql.h"

#include <QHash>
#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr float Unknown = std::numeric_limits<float>::quiet_NaN();

struct JobRow
{
    QUuid id;
    QString title;
    double budget = 0;
    QStringList skills;
    QString region;
    QString level;
};

struct FreelancerRow
{
    QUuid id;
    QStringList skills;
    double rate = 0;
    int years = 0;
    double success = 0;
    QString location;
    QString timezone;
};

// One case-insensitive vocabulary; ids are assigned in the order skills are met (jobs first, by id).
class Vocabulary
{
public:
    std::vector<std::int32_t> ids(const QStringList &skills)
    {
        std::vector<std::int32_t> out;
        for (const QString &skill : skills) {
            const QString key = skill.trimmed().toLower();
            if (key.isEmpty())
                continue;
            auto it = m_index.constFind(key);
            if (it == m_index.cend()) {
                it = m_index.insert(key, std::int32_t(m_names.size()));
                m_names << skill.trimmed();
            }
            out.push_back(*it);
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    QStringList names() const { return m_names; }

private:
    QHash<QString, std::int32_t> m_index;
    QStringList m_names;
};

std::int16_t regionIndex(QStringList &regions, const QString &region)
{
    const QString r = region.trimmed().toLower();
    if (r.isEmpty())
        return -1;
    qsizetype at = regions.indexOf(r);
    if (at < 0) {
        regions << r;
        at = regions.size() - 1;
    }
    return std::int16_t(at);
}

std::int8_t levelIndex(const QString &level)
{
    if (level == QLatin1String("entry"))
        return 0;
    if (level == QLatin1String("intermediate"))
        return 1;
    return level == QLatin1String("expert") ? 2 : -1;
}

float timezoneOffset(const QString &timezone, const QString &region)
{
    if (!timezone.isEmpty()) {
        const QTimeZone zone(timezone.toUtf8());
        if (zone.isValid())
            return float(zone.offsetFromUtc(QDateTime::currentDateTimeUtc())) / 3600.0f;
    }
    return MatchInputLoader::regionOffsetHours(region);
}

Result<QList<JobRow>> readJobs(Repository &repository, const MatchInputSelection &selection)
{
    const SqlDialect &d = repository.dialect();
    const QString columns = QLatin1String("SELECT id, title, budget, required_skills, region, experience_level FROM ")
        + d.table(Table::Jobs);
    QHash<QUuid, JobRow> rows;
    const auto read = [&](QSqlQuery &q) {
        while (q.next()) {
            JobRow row { d.toUuid(q.value(0)), q.value(1).toString(), q.value(2).toDouble(), d.toTags(q.value(3)),
                q.value(4).toString(), q.value(5).toString() };
            rows.insert(row.id, row);
        }
    };
    if (selection.openJobs) {
        QSqlQuery q(repository.database());
        if (Result<void> r = MatchSql::exec(
                q, columns + QLatin1String(" WHERE status = 'open'"), MatchInputLoader::tr("Reading open jobs"));
            !r)
            return r.error();
        read(q);
    }
    const Result<void> chunks = MatchSql::forChunks(selection.jobIds, [&](const QList<QUuid> &ids) -> Result<void> {
        QSqlQuery q(repository.database());
        const QString sql = columns + QLatin1String(" WHERE id IN (") + MatchSql::idList(d, QStringLiteral("j"), ids.size())
            + QLatin1Char(')');
        if (Result<void> r = MatchSql::exec(q, sql, MatchInputLoader::tr("Reading jobs"),
                [&](QSqlQuery &query) { MatchSql::bindIds(query, d, QStringLiteral("j"), ids); });
            !r)
            return r;
        read(q);
        return {};
    });
    if (!chunks)
        return chunks.error();
    QList<JobRow> list = rows.values();
    std::sort(list.begin(), list.end(), [](const JobRow &a, const JobRow &b) { return MatchSql::uuidLess(a.id, b.id); });
    return list;
}

Result<QList<FreelancerRow>> readFreelancers(Repository &repository, const MatchInputSelection &selection)
{
    const SqlDialect &d = repository.dialect();
    const QString columns
        = QLatin1String("SELECT p.user_id, p.skills, p.hourly_rate, p.experience_years, p.success_rate, p.location, "
                        "p.timezone FROM ")
        + d.table(Table::FreelancerProfiles) + QLatin1String(" p JOIN ") + d.table(Table::Users)
        + QLatin1String(" u ON u.id = p.user_id WHERE u.is_active = ") + d.placeholder(QStringLiteral("active"), SqlDialect::Bool);
    QHash<QUuid, FreelancerRow> rows;
    const auto read = [&](QSqlQuery &q) {
        while (q.next()) {
            FreelancerRow row { d.toUuid(q.value(0)), d.toTags(q.value(1)), q.value(2).toDouble(), q.value(3).toInt(),
                q.value(4).toDouble(), q.value(5).toString(), q.value(6).toString() };
            rows.insert(row.id, row);
        }
    };
    const auto bindActive = [&](QSqlQuery &q) { q.bindValue(QStringLiteral(":active"), d.boolean(true)); };
    if (selection.allFreelancers) {
        QSqlQuery q(repository.database());
        if (Result<void> r = MatchSql::exec(q, columns, MatchInputLoader::tr("Reading freelancers"), bindActive); !r)
            return r.error();
        read(q);
    }
    const Result<void> chunks
        = MatchSql::forChunks(selection.freelancerIds, [&](const QList<QUuid> &ids) -> Result<void> {
              QSqlQuery q(repository.database());
              const QString sql = columns + QLatin1String(" AND p.user_id IN (")
                  + MatchSql::idList(d, QStringLiteral("f"), ids.size()) + QLatin1Char(')');
              if (Result<void> r = MatchSql::exec(q, sql, MatchInputLoader::tr("Reading freelancers"),
                      [&](QSqlQuery &query) {
                          bindActive(query);
                          MatchSql::bindIds(query, d, QStringLiteral("f"), ids);
                      });
                  !r)
                  return r;
              read(q);
              return {};
          });
    if (!chunks)
        return chunks.error();
    QList<FreelancerRow> list = rows.values();
    std::sort(list.begin(), list.end(),
        [](const FreelancerRow &a, const FreelancerRow &b) { return MatchSql::uuidLess(a.id, b.id); });
    return list;
}

// Fills `matrix` rows (and hasVector) for the ids that have an embedding of `entityType`. Few ids are read
// by id; many through Repository::loadEmbeddings (binary COPY on PostgreSQL), keeping the wanted ones.
Result<void> readVectors(Repository &repository, const QString &entityType, const std::vector<QUuid> &ids,
    compute::EmbeddingMatrix &matrix, std::vector<std::uint8_t> &hasVector, QSet<QString> &models,
    const LoadProgress &progress)
{
    const SqlDialect &d = repository.dialect();
    matrix = compute::EmbeddingMatrix(ids.size(), EmbeddingDimensions);
    hasVector.assign(ids.size(), 0);
    QHash<QUuid, std::size_t> rowOf;
    for (std::size_t i = 0; i < ids.size(); ++i)
        rowOf.insert(ids[i], i);
    const auto place = [&](const QUuid &id, const float *values) {
        const auto it = rowOf.constFind(id);
        if (it == rowOf.cend() || hasVector[*it])
            return; // two models for one entity: the first one read stays
        std::copy(values, values + EmbeddingDimensions, matrix.row(*it));
        hasVector[*it] = 1;
    };
    {
        QSqlQuery q(repository.database());
        if (Result<void> r = MatchSql::exec(q,
                QLatin1String("SELECT DISTINCT model FROM ") + d.table(Table::Embeddings)
                    + QLatin1String(" WHERE entity_type = ") + d.placeholder(QStringLiteral("type"), SqlDialect::Text),
                MatchInputLoader::tr("Reading embedding models"),
                [&](QSqlQuery &query) { query.bindValue(QStringLiteral(":type"), entityType); });
            !r)
            return r;
        while (q.next())
            models.insert(q.value(0).toString());
    }
    if (ids.size() > 2000) {
        const VectorSource source = entityType == QLatin1String("job") ? VectorSource::Jobs : VectorSource::Freelancers;
        Result<EmbeddingBlock> block = repository.loadEmbeddings(source, progress);
        if (!block)
            return block.error();
        for (qsizetype i = 0; i < block->ids.size(); ++i)
            place(block->ids[i], block->values.data() + std::size_t(i) * std::size_t(block->dimensions));
        return {};
    }
    const QList<QUuid> wanted(ids.begin(), ids.end());
    return MatchSql::forChunks(wanted, [&](const QList<QUuid> &chunk) -> Result<void> {
        QSqlQuery q(repository.database());
        const QString sql = QLatin1String("SELECT entity_id, vector FROM ") + d.table(Table::Embeddings)
            + QLatin1String(" WHERE entity_type = ") + d.placeholder(QStringLiteral("type"), SqlDialect::Text)
            + QLatin1String(" AND entity_id IN (") + MatchSql::idList(d, QStringLiteral("e"), chunk.size())
            + QLatin1String(") ORDER BY id");
        if (Result<void> r = MatchSql::exec(q, sql, MatchInputLoader::tr("Reading embeddings"),
                [&](QSqlQuery &query) {
                    query.bindValue(QStringLiteral(":type"), entityType);
                    MatchSql::bindIds(query, d, QStringLiteral("e"), chunk);
                });
            !r)
            return r;
        while (q.next()) {
            const Embedding v = d.toVector(q.value(1));
            if (v.size() == EmbeddingDimensions)
                place(d.toUuid(q.value(0)), v.constData());
        }
        if (progress && !progress(0, 0))
            return makeError(Error::Cancelled, MatchInputLoader::tr("Loading was cancelled."));
        return {};
    });
}

} // namespace

std::size_t MatchInputs::jobRow(const QUuid &id) const
{
    return std::size_t(std::find(jobIds.begin(), jobIds.end(), id) - jobIds.begin());
}

std::size_t MatchInputs::freelancerRow(const QUuid &id) const
{
    return std::size_t(std::find(freelancerIds.begin(), freelancerIds.end(), id) - freelancerIds.begin());
}

float MatchInputLoader::regionOffsetHours(const QString &region)
{
    static const QHash<QString, float> offsets { { QStringLiteral("na-east"), -5.0f },
        { QStringLiteral("na-west"), -8.0f }, { QStringLiteral("eu-west"), 0.0f }, { QStringLiteral("eu-central"), 1.0f },
        { QStringLiteral("asia-east"), 9.0f }, { QStringLiteral("asia-south"), 5.5f },
        { QStringLiteral("oceania"), 10.0f } };
    return offsets.value(region.trimmed().toLower(), Unknown);
}

Result<MatchInputs> MatchInputLoader::load(
    Repository &repository, const MatchInputSelection &selection, const LoadProgress &progress)
{
    Result<QList<JobRow>> jobs = readJobs(repository, selection);
    if (!jobs)
        return jobs.error();
    Result<QList<FreelancerRow>> freelancers = readFreelancers(repository, selection);
    if (!freelancers)
        return freelancers.error();

    MatchInputs in;
    in.regions = Regions::all();
    Vocabulary vocabulary;
    compute::MatchJobs &mj = in.jobs;
    for (const JobRow &j : std::as_const(*jobs)) {
        in.jobIds.push_back(j.id);
        in.jobTitles << j.title;
        mj.requiredSkills.push_back(vocabulary.ids(j.skills));
        mj.budget.push_back(std::isfinite(j.budget) ? j.budget : 0.0);
        mj.experienceLevel.push_back(levelIndex(j.level));
        mj.region.push_back(regionIndex(in.regions, j.region));
        mj.utcOffsetHours.push_back(regionOffsetHours(j.region));
    }
    compute::MatchFreelancers &mf = in.freelancers;
    for (const FreelancerRow &f : std::as_const(*freelancers)) {
        in.freelancerIds.push_back(f.id);
        mf.skills.push_back(vocabulary.ids(f.skills));
        mf.hourlyRate.push_back(std::isfinite(f.rate) ? f.rate : 0.0);
        mf.experienceYears.push_back(f.years);
        mf.successRate.push_back(f.success > 0 ? f.success : std::numeric_limits<double>::quiet_NaN());
        mf.region.push_back(regionIndex(in.regions, f.location));
        mf.utcOffsetHours.push_back(timezoneOffset(f.timezone, f.location));
    }
    in.skills = vocabulary.names();

    QSet<QString> models;
    const LoadProgress jobProgress = [progress](qint64 done, qint64 total) {
        return !progress || progress(done / 10, total);
    };
    if (Result<void> r = readVectors(repository, QStringLiteral("job"), in.jobIds, mj.vectors, mj.hasVector, models,
            jobProgress);
        !r)
        return r.error();
    if (Result<void> r = readVectors(repository, QStringLiteral("user"), in.freelancerIds, mf.vectors, mf.hasVector,
            models, progress);
        !r)
        return r.error();
    in.embeddingModels = QStringList(models.begin(), models.end());
    in.embeddingModels.sort();
    return in;
}
