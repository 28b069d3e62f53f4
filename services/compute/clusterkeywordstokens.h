#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace compute {

// The words cluster keywords are made of, from UTF-8 text: split on anything that is not a letter or
// a digit (ASCII punctuation, and the Unicode punctuation, symbol and emoji blocks), lower-cased (ASCII
// and Latin-1 letters such as Ä → ä; other scripts are kept as written), then dropping words of fewer
// than three characters, pure numbers and English and German stop words. Thread-safe.
std::vector<std::string> keywordTokens(std::string_view text);

// The same tokens handed one by one to `token` (the view is valid during the call only), without
// building a vector of strings: the cluster-keyword pass over 100,000 texts uses this.
void forEachKeywordToken(std::string_view text, const std::function<void(std::string_view)> &token);

// Whether a lower-case word is on the built-in English or German stop-word list. The lists are merged,
// so a word that is common in one language is dropped in both ("die", "war", "will").
bool isStopWord(std::string_view word);

} // namespace compute
