#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace compute {

struct Keyword
{
    std::string word; // UTF-8, lower case
    double score = 0; // c-TF-IDF weight
};

struct ClusterKeywords
{
    int label = 0;
    std::size_t documents = 0; // texts in the cluster
    std::vector<Keyword> keywords; // best first
};

struct ClusterKeywordOptions
{
    int words = 4; // per cluster
    // With two or more clusters, words found in more than this share of all clustered texts are never
    // keywords: a prompt every memory repeats says nothing about any one cluster.
    double maxDocumentShare = 0.5;
};

// Words that tell each cluster apart from the others, by a class-based TF-IDF (after BERTopic) weighted by
// how few clusters a word is common to: all texts of a cluster form one document; tf(t, c) = count of t
// in c / words in c, idf(t) = log(1 + A / f(t)) with A the mean number of words per cluster and f(t) the
// count of t over all clusters, and spread(t) = Σ share(t, c') / max share(t, c'), where share(t, c) is the
// fraction of c's texts holding t: 1 for a word of one cluster, the number of clusters for a word every
// cluster uses alike. score = tf · idf · log(1 + clusters / spread). With two or more clusters, words in
// more than options.maxDocumentShare of the texts are dropped. Texts are tokenised by
// keywordTokens() (no stop words, numbers or words under three characters). A word seen in only one
// text of a cluster ranks after every word seen in two or more, so one long text cannot name its
// cluster; equal scores are ordered alphabetically (by bytes), so the result is deterministic.
// labels: one per text, −1 (noise) ignored. Returns one entry per label ≥ 0 present, ascending by
// label; empty if the sizes differ. Thread-safe; about a second for 100,000 texts of 50 words.
std::vector<ClusterKeywords> clusterKeywords(
    const std::vector<std::string> &texts, std::span<const int> labels, const ClusterKeywordOptions &options = {});

} // namespace compute
