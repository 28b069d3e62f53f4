#include "hashembed.h"
#include "vectorops.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace compute {

namespace {
constexpr std::uint64_t FnvOffset = 14695981039346656037ull;
constexpr std::uint64_t FnvPrime = 1099511628211ull;

std::uint64_t mix(std::uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

bool isWordChar(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'\'' || c >= 0xC0;
}

char16_t lower(char16_t c)
{
    return (c >= u'A' && c <= u'Z') ? char16_t(c + 32) : c;
}

// Small English stop-word list: hashes computed once, checked by binary search.
const std::array<std::uint64_t, 48> &stopWords()
{
    static const std::array<std::uint64_t, 48> hashes = [] {
        static const char16_t *words[] = { u"a",    u"an",   u"the",  u"and",  u"or",   u"but",  u"of",   u"to",
                                           u"in",   u"on",   u"at",   u"for",  u"with", u"by",   u"from", u"is",
                                           u"are",  u"was",  u"be",   u"it",   u"its",  u"this", u"that", u"as",
                                           u"i",    u"you",  u"we",   u"my",   u"your", u"do",   u"does", u"how",
                                           u"what", u"can",  u"if",   u"so",   u"not",  u"then", u"than", u"into",
                                           u"me",   u"have", u"has",  u"will", u"should", u"about", u"when", u"which" };
        std::array<std::uint64_t, 48> h {};
        for (std::size_t i = 0; i < h.size(); ++i) {
            std::size_t n = 0;
            while (words[i][n])
                ++n;
            h[i] = hashWord(words[i], n);
        }
        std::sort(h.begin(), h.end());
        return h;
    }();
    return hashes;
}

void addFeature(float *out, int dims, std::uint64_t hash, float weight)
{
    const std::uint64_t h = mix(hash);
    const int bucket = int(h % std::uint64_t(dims));
    out[bucket] += (h >> 63) ? -weight : weight;
}
} // namespace

std::uint64_t hashWord(const char16_t *word, std::size_t length)
{
    std::uint64_t h = FnvOffset;
    for (std::size_t i = 0; i < length; ++i) {
        const char16_t c = lower(word[i]);
        h = (h ^ (c & 0xff)) * FnvPrime;
        h = (h ^ (c >> 8)) * FnvPrime;
    }
    return h;
}

void hashEmbed(const char16_t *text, std::size_t length, float *out, int dims)
{
    std::fill(out, out + dims, 0.0f);
    const auto &stops = stopWords();
    std::uint64_t previous = 0;
    bool hasPrevious = false;
    std::size_t i = 0;
    while (i < length) {
        while (i < length && !isWordChar(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < length && isWordChar(text[i]))
            ++i;
        if (i == start)
            break;
        const std::uint64_t h = hashWord(text + start, i - start);
        if (std::binary_search(stops.begin(), stops.end(), h))
            continue; // stop words neither count nor break a bigram
        addFeature(out, dims, h, 1.0f);
        if (hasPrevious)
            addFeature(out, dims, previous * 31 + h + 0x9e3779b97f4a7c15ull, 0.5f);
        previous = h;
        hasPrevious = true;
    }
    normalize(out, std::size_t(dims));
}

} // namespace compute
