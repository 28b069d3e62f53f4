#pragma once

#include "compute/embeddingmatrix.h"
#include "db/repository.h"
#include "map/clusterrunstore.h"
#include "map/mapparams.h"

#include <QCoreApplication>
#include <QStringList>

#include <string>
#include <vector>

// The vectors a map is computed from, in one order with their ids.
struct MapVectors
{
    std::vector<QUuid> ids;
    compute::EmbeddingMatrix vectors; // unit rows (EmbeddingMatrix::fromPacked)
    QString fingerprint; // ClusterRunStore::fingerprint of the ids plus what else changes the result
};

// What a map shows of each point besides its position, in the order of the ids it was asked for.
struct MapAttributes
{
    QStringList firstLines; // tooltip: a memory's summary (or prompt) first line; a job's title; a freelancer's title
    std::vector<std::string> texts; // UTF-8: summary, prompt and reply (tooltips, search)
    // The texts the cluster keywords are drawn from when they differ from `texts`: without a prompt that
    // many memories repeat (one a tool or a data set put before every reply names no cluster), where the
    // memory has a summary or reply to speak for it. Empty when no prompt repeats: use `texts`.
    std::vector<std::string> keywordTexts;
    const std::vector<std::string> &keywordSource() const { return keywordTexts.empty() ? texts : keywordTexts; }
    std::vector<float> created; // seconds since the epoch, NaN where unknown
    std::vector<float> priority; // memories: effective priority (override where set); NaN otherwise
    std::vector<int> tone; // index into toneNames, −1 for none
    QStringList toneNames;
};

// Reads what the map needs from the workspace and writes a run's clusters back. Every function runs on
// the repository's connection (inside DatabaseWorker::run), polls `progress` for cancellation where it
// reads many rows (false from progress → Error::Cancelled), and never loses a saved row: write-backs are
// one transaction.
class MapData
{
    Q_DECLARE_TR_FUNCTIONS(MapData)

public:
    // The source's vectors: every unarchived memory with an embedding (Memories), those of them matching
    // params.filter (FilteredMemories), or the freelancers' / jobs' vectors (ai_embeddings). The
    // fingerprint covers the ids in order, the embedding model(s) and the newest update among them, so an
    // edited or re-embedded memory makes a saved run stale. InvalidInput when there are no vectors.
    static Result<MapVectors> vectors(
        Repository &repository, const MapParams &params, const LoadProgress &progress = {});
    // The same fingerprint without loading vectors (for "is there a reusable run?").
    static Result<QString> fingerprint(Repository &repository, const MapParams &params);

    // Attributes for these ids of the source (ids missing from the store get empty text and NaN).
    static Result<MapAttributes> attributes(
        Repository &repository, MapSource source, const std::vector<QUuid> &ids, const LoadProgress &progress = {});

    // Per point, Archetypes::MetricCount floats (archetype-major, metrics in Archetypes::metricNames
    // order), NaN where the memory has no evaluation. Memories only.
    static Result<std::vector<float>> archetypeMetrics(
        Repository &repository, const std::vector<QUuid> &ids, const LoadProgress &progress = {});

    // Writes the run's clusters as `semantic_cluster` links: each member of a cluster (noise excluded) is
    // linked to the cluster's most central member (the one nearest the cluster's mean x/y) with strength
    // 1 − distance / (max distance in that cluster). Replaces the semantic_cluster links an earlier
    // write-back of any run made (their archetype column holds "sextant-map"), leaving others' links alone.
    // Memories only (InvalidInput otherwise). Returns the number of links written.
    static Result<qint64> writeSemanticLinks(
        Repository &repository, const ClusterRun &run, const LoadProgress &progress = {});
};
