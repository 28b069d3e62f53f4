// MapData: the source's vectors and their fingerprint. Both order the rows by id on the client, so the
// fingerprint that fingerprint() computes without loading a vector is the one vectors() gives, whatever
// order the database returns rows in.
#include "map/mapdata.h"

#include "memories/memoryquery.h"
#include "db/repository.h"

#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace {

// The rows a source maps, as SQL over one aliased table: the same rows loadEmbeddings() returns.
struct SourceRows
{
    QString from;
    QString where;
    QString id; // the point's id column
    QString model; // the embedding model column
    QString time; // the column that changes when a vector (or, for memories, anything) changes
    QList<std::pair<QString, QVariant>> binds;
};

Result<SourceRows> sourceRows(Repository &sql, const MapParams &params)
{
    const SqlDialect &d = sql.dialect();
    // real[] columns hold any length; loadEmbeddings skips rows of another dimension, so must we.
    const bool anyLength = d.backend() == SqlDialect::Postgres && !d.nativeVectors();
    const QString dims = QString::number(EmbeddingDimensions);
    SourceRows rows;
    if (params.source == MapSource::Memories || params.source == MapSource::FilteredMemories) {
        rows.from = d.table(Table::Memories) + QLatin1String(" m");
        rows.where = QStringLiteral("m.embedding IS NOT NULL AND m.archived_at IS NULL");
        if (anyLength)
            rows.where += QLatin1String(" AND cardinality(m.embedding) = ") + dims;
        rows.id = QStringLiteral("m.id");
        rows.model = QStringLiteral("m.embedding_model");
        rows.time = QStringLiteral("m.updated_at");
        if (params.source == MapSource::FilteredMemories) {
            Result<MemoryQuery::Where> w = MemoryQuery(sql).where(params.filter);
            if (!w)
                return w.error();
            rows.where += QLatin1String(" AND (") + w->sql + QLatin1Char(')');
            rows.binds = w->binds;
        }
        return rows;
    }
    rows.from = d.table(Table::Embeddings) + QLatin1String(" e");
    rows.where = params.source == MapSource::Jobs ? QStringLiteral("e.entity_type = 'job'")
                                                  : QStringLiteral("e.entity_type = 'user'");
    if (anyLength)
        rows.where += QLatin1String(" AND cardinality(e.vector) = ") + dims;
    rows.id = QStringLiteral("e.entity_id");
    rows.model = QStringLiteral("e.model");
    rows.time = QStringLiteral("e.created_at");
    return rows;
}

VectorSource vectorSource(MapSource source)
{
    switch (source) {
    case MapSource::Jobs:
        return VectorSource::Jobs;
    case MapSource::Freelancers:
        return VectorSource::Freelancers;
    default:
        return VectorSource::Memories;
    }
}

// What changes a map besides its ids: per embedding model, the newest change among the rows and their
// count. One aggregate query; groups sorted here, so the text does not depend on the database's order.
Result<QByteArray> fingerprintExtra(Repository &sql, const SourceRows &rows)
{
    QSqlQuery query(sql.database());
    query.prepare(QLatin1String("SELECT ") + rows.model + QLatin1String(", CAST(max(") + rows.time
        + QLatin1String(") AS TEXT), count(*) FROM ") + rows.from + QLatin1String(" WHERE ") + rows.where
        + QLatin1String(" GROUP BY ") + rows.model);
    for (const auto &[name, value] : rows.binds)
        query.bindValue(name, value);
    if (!query.exec())
        return Repository::queryError(query, MapData::tr("Fingerprinting the map's data"));
    QStringList groups;
    while (query.next())
        groups << query.value(0).toString() + QLatin1Char('\x1f') + query.value(1).toString() + QLatin1Char('\x1f')
                + query.value(2).toString();
    groups.sort();
    return groups.join(QLatin1Char('\x1e')).toUtf8();
}

Error noVectors(const MapParams &params)
{
    QString text;
    switch (params.source) {
    case MapSource::Memories:
        text = MapData::tr("There is nothing to map: no unarchived memory has an embedding.");
        break;
    case MapSource::FilteredMemories:
        text = MapData::tr("There is nothing to map: no memory matching the filter has an embedding.");
        break;
    case MapSource::Freelancers:
        text = MapData::tr("There is nothing to map: no freelancer has an embedding.");
        break;
    case MapSource::Jobs:
        text = MapData::tr("There is nothing to map: no job has an embedding.");
        break;
    }
    return makeError(Error::InvalidInput, text);
}

} // namespace

Result<MapVectors> MapData::vectors(Repository &repository, const MapParams &params, const LoadProgress &progress)
{
    Result<SourceRows> rows = sourceRows(repository, params);
    if (!rows)
        return rows.error();
    Result<EmbeddingBlock> block = repository.loadEmbeddings(vectorSource(params.source), progress);
    if (!block)
        return block.error();

    std::vector<qsizetype> keep;
    keep.reserve(std::size_t(block->rows()));
    if (params.source == MapSource::FilteredMemories) {
        Result<MemoryQuery> query = MemoryQuery::on(repository);
        if (!query)
            return query.error();
        Result<QList<QUuid>> matching = query->filteredIds(params.filter);
        if (!matching)
            return matching.error();
        const QSet<QUuid> wanted(matching->cbegin(), matching->cend());
        for (qsizetype i = 0; i < block->rows(); ++i) {
            if (wanted.contains(block->ids[i]))
                keep.push_back(i);
        }
    } else {
        keep.resize(std::size_t(block->rows()));
        std::iota(keep.begin(), keep.end(), qsizetype(0));
    }
    if (keep.empty())
        return noVectors(params);
    std::stable_sort(keep.begin(), keep.end(), [&](qsizetype a, qsizetype b) { return block->ids[a] < block->ids[b]; });

    MapVectors result;
    const int dims = block->dimensions;
    result.ids.reserve(keep.size());
    result.vectors = compute::EmbeddingMatrix(keep.size(), dims);
    for (std::size_t r = 0; r < keep.size(); ++r) {
        result.ids.push_back(block->ids[keep[r]]);
        std::memcpy(result.vectors.row(r), block->values.data() + std::size_t(keep[r]) * std::size_t(dims),
            std::size_t(dims) * sizeof(float));
    }
    block = EmbeddingBlock(); // the raw copy goes before the next query: at a million rows it is 6 GB
    result.vectors.normalizeRows();

    Result<QByteArray> extra = fingerprintExtra(repository, *rows);
    if (!extra)
        return extra.error();
    result.fingerprint = ClusterRunStore::fingerprint(result.ids, *extra);
    return result;
}

Result<QString> MapData::fingerprint(Repository &repository, const MapParams &params)
{
    Result<SourceRows> rows = sourceRows(repository, params);
    if (!rows)
        return rows.error();
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    query.prepare(QLatin1String("SELECT ") + rows->id + QLatin1String(" FROM ") + rows->from + QLatin1String(" WHERE ")
        + rows->where);
    for (const auto &[name, value] : rows->binds)
        query.bindValue(name, value);
    if (!query.exec())
        return Repository::queryError(query, tr("Listing the map's points"));
    std::vector<QUuid> ids;
    while (query.next())
        ids.push_back(repository.dialect().toUuid(query.value(0)));
    if (ids.empty())
        return noVectors(params);
    std::sort(ids.begin(), ids.end());
    Result<QByteArray> extra = fingerprintExtra(repository, *rows);
    if (!extra)
        return extra.error();
    return ClusterRunStore::fingerprint(ids, *extra);
}
