#pragma once

#include <cstddef>
#include <cstdint>

namespace compute {

// Lexical "feature hashing" embedder: lower-cased words (minus a short stop-word list) and adjacent
// word pairs are hashed into `dims` signed buckets, weighted 1.0 (word) and 0.5 (pair), then the
// vector is L2-normalised. Deterministic across runs and machines. A text without words yields the
// zero vector. Thread-safe; allocates nothing.
void hashEmbed(const char16_t *text, std::size_t length, float *out, int dims);

std::uint64_t hashWord(const char16_t *word, std::size_t length);

} // namespace compute
