#include "clusterkeywords.h"
#include "clusterkeywordstokens.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace compute {
namespace {

// Lets the vocabulary be probed with a string_view without building a std::string per token.
struct WordHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

} // namespace

std::vector<ClusterKeywords> clusterKeywords(
    const std::vector<std::string> &texts, std::span<const int> labels, const ClusterKeywordOptions &options)
{
    if (texts.size() != labels.size())
        return {};
    std::vector<int> values;
    for (int label : labels) {
        if (label >= 0)
            values.push_back(label);
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::vector<ClusterKeywords> result(values.size());
    for (std::size_t c = 0; c < values.size(); ++c)
        result[c].label = values[c];

    // Pass 1: every clustered text as sorted term ids, so a run of one id is that term's count in it.
    std::unordered_map<std::string, std::uint32_t, WordHash, std::equal_to<>> vocabulary;
    std::vector<std::string_view> words; // by term id; views into the map's stable keys
    std::vector<std::uint64_t> frequency; // f(t) over all clusters
    std::vector<std::uint32_t> ids; // all texts' terms, back to back
    std::vector<std::size_t> begin; // per text: where its terms start in ids
    std::vector<std::size_t> textsByCluster; // clustered texts, grouped by cluster below
    for (std::size_t i = 0; i < texts.size(); ++i) {
        begin.push_back(ids.size());
        if (labels[i] < 0)
            continue;
        textsByCluster.push_back(i);
        const std::size_t first = ids.size();
        forEachKeywordToken(texts[i], [&](std::string_view token) {
            auto it = vocabulary.find(token);
            if (it == vocabulary.end()) {
                it = vocabulary.emplace(std::string(token), std::uint32_t(words.size())).first;
                words.push_back(it->first);
                frequency.push_back(0);
            }
            ids.push_back(it->second);
            ++frequency[it->second];
        });
        std::sort(ids.begin() + std::ptrdiff_t(first), ids.end());
    }
    begin.push_back(ids.size());
    const std::size_t clustered = textsByCluster.size();
    const double average = values.empty() ? 0.0 : double(ids.size()) / double(values.size()); // A
    std::stable_sort(textsByCluster.begin(), textsByCluster.end(),
        [&labels](std::size_t a, std::size_t b) { return labels[a] < labels[b]; });

    // Pass 2, per cluster: the share of its texts holding each term, for the spread over clusters and the
    // share of all texts (a text's terms are sorted, so a run of one id counts as one text).
    std::vector<double> shareSum(words.size(), 0.0), shareMax(words.size(), 0.0);
    std::vector<std::uint32_t> textsWith(words.size(), 0), clusterTexts(words.size(), 0), touched;
    for (std::size_t at = 0, c = 0; at < clustered; ++c) {
        std::size_t documents = 0;
        for (; at < clustered && labels[textsByCluster[at]] == values[c]; ++at, ++documents) {
            const std::size_t text = textsByCluster[at];
            for (std::size_t a = begin[text]; a < begin[text + 1]; ++a) {
                if (a > begin[text] && ids[a] == ids[a - 1])
                    continue;
                if (clusterTexts[ids[a]]++ == 0)
                    touched.push_back(ids[a]);
                ++textsWith[ids[a]];
            }
        }
        for (std::uint32_t term : touched) {
            const double share = double(clusterTexts[term]) / double(documents);
            shareSum[term] += share;
            shareMax[term] = std::max(shareMax[term], share);
            clusterTexts[term] = 0;
        }
        touched.clear();
    }
    const double clusterCount = double(values.size());
    const bool dropCommon = values.size() >= 2;
    const double mostTexts = options.maxDocumentShare * double(clustered);

    // Pass 3, one cluster at a time over dense counters (reset through the list of terms touched).
    struct Ranked
    {
        bool repeated; // in two or more texts of the cluster (or the cluster has one text)
        double score;
        std::uint32_t term;
    };
    std::vector<std::uint64_t> count(words.size(), 0);
    std::vector<std::uint32_t> inTexts(words.size(), 0);
    const std::size_t wanted = std::size_t(std::max(options.words, 0));
    for (std::size_t at = 0, c = 0; at < clustered; ++c) {
        std::uint64_t total = 0;
        for (; at < clustered && labels[textsByCluster[at]] == values[c]; ++at) {
            const std::size_t text = textsByCluster[at];
            ++result[c].documents;
            for (std::size_t a = begin[text]; a < begin[text + 1];) {
                std::size_t b = a;
                while (b < begin[text + 1] && ids[b] == ids[a])
                    ++b;
                if (count[ids[a]] == 0)
                    touched.push_back(ids[a]);
                count[ids[a]] += b - a;
                ++inTexts[ids[a]];
                total += b - a;
                a = b;
            }
        }
        const std::uint32_t needTexts = result[c].documents >= 2 ? 2 : 1;
        std::vector<Ranked> ranked;
        ranked.reserve(touched.size());
        for (std::uint32_t term : touched) {
            if (!dropCommon || double(textsWith[term]) <= mostTexts) {
                const double tf = double(count[term]) / double(total);
                const double idf = std::log(1.0 + average / double(frequency[term]));
                const double spread = shareSum[term] / shareMax[term];
                const double distinct = std::log(1.0 + clusterCount / spread);
                ranked.push_back({ inTexts[term] >= needTexts, tf * idf * distinct, term });
            }
            count[term] = 0;
            inTexts[term] = 0;
        }
        touched.clear();
        const std::size_t keep = std::min(wanted, ranked.size());
        std::partial_sort(ranked.begin(), ranked.begin() + std::ptrdiff_t(keep), ranked.end(),
            [&words](const Ranked &a, const Ranked &b) {
                if (a.repeated != b.repeated)
                    return a.repeated;
                if (a.score != b.score)
                    return a.score > b.score;
                return words[a.term] < words[b.term];
            });
        for (std::size_t r = 0; r < keep; ++r)
            result[c].keywords.push_back({ std::string(words[ranked[r].term]), ranked[r].score });
    }
    return result;
}

} // namespace compute
