#include "clusterkeywordstokens.h"

#include <unordered_set>

namespace compute {
namespace {

// Non-ASCII code points that separate words rather than belong to them.
bool isSeparator(char32_t cp)
{
    return (cp >= 0x80 && cp <= 0xBF) // C1 controls, no-break space, « » ¿ § © ° · …
        || cp == 0xD7 || cp == 0xF7 // × ÷
        || (cp >= 0x2000 && cp <= 0x2BFF) // punctuation (– “ ” …), arrows, maths, box drawing, symbols
        || (cp >= 0x3000 && cp <= 0x303F) // CJK punctuation
        || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF // variation selectors, byte order mark
        || (cp >= 0x1F000 && cp <= 0x1FAFF); // emoji and pictographs
}

// The code point at text[i] and its length in bytes; malformed UTF-8 reads as one byte standing for
// itself, so broken text still tokenises.
char32_t decode(std::string_view text, std::size_t i, std::size_t &length)
{
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    length = lead >= 0xF8 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length == 1 || i + length > text.size()) {
        length = 1;
        return lead;
    }
    char32_t cp = lead & (0x7F >> length);
    for (std::size_t b = 1; b < length; ++b) {
        const unsigned char next = static_cast<unsigned char>(text[i + b]);
        if ((next & 0xC0) != 0x80) {
            length = 1;
            return lead;
        }
        cp = cp << 6 | (next & 0x3F);
    }
    return cp;
}

} // namespace

std::vector<std::string> keywordTokens(std::string_view text)
{
    std::vector<std::string> tokens;
    forEachKeywordToken(text, [&tokens](std::string_view token) { tokens.emplace_back(token); });
    return tokens;
}

void forEachKeywordToken(std::string_view text, const std::function<void(std::string_view)> &token)
{
    std::string word;
    std::size_t characters = 0;
    bool digitsOnly = true;
    const auto finish = [&] {
        if (characters >= 3 && !digitsOnly && !isStopWord(word))
            token(word);
        word.clear();
        characters = 0;
        digitsOnly = true;
    };
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        const char32_t cp = decode(text, i, length);
        if (cp < 0x80 || length == 1) {
            const char c = text[i];
            const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            const bool digit = c >= '0' && c <= '9';
            if (letter || digit || static_cast<unsigned char>(c) >= 0x80) {
                word.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
                ++characters;
                digitsOnly = digitsOnly && digit;
            } else {
                finish();
            }
        } else if (isSeparator(cp)) {
            finish();
        } else if (cp >= 0xC0 && cp <= 0xDE) { // Latin-1 capitals (× was a separator): Ä → ä
            word.push_back(text[i]);
            word.push_back(char(static_cast<unsigned char>(text[i + 1]) + 0x20));
            ++characters;
            digitsOnly = false;
        } else {
            word.append(text.substr(i, length));
            ++characters;
            digitsOnly = false;
        }
        i += length;
    }
    finish();
}

bool isStopWord(std::string_view word)
{
    // Only words of three or more characters: shorter ones are dropped anyway. Kept as text, one
    // space after each word, so the lists stay readable and easy to extend.
    static constexpr std::string_view English
        = "about above after again against all almost also although always among and another any anyone "
          "anything are aren around because been before being below between both but can cannot could couldn "
          "did didn does doesn doing don done down during each either else enough etc even ever every few for "
          "from further get gets getting got had hadn has hasn have haven having her here hers herself him "
          "himself his how however into isn its itself just least less let like made make makes many may might "
          "more most much must myself neither never nor not now off often once one only other others our ours "
          "ourselves out over own per quite rather really same several shall she should shouldn since some "
          "something still such than that the their theirs them themselves then there these they thing things "
          "this those though through thus too under until upon use used uses using very via want was wasn way "
          "well were weren what when where whether which while who whom whose why will with within without won "
          "would wouldn yes yet you your yours yourself yourselves ";
    static constexpr std::string_view German
        = "aber alle allem allen aller alles als also andere anderen auch auf aus bei beim bin bis bist dabei "
          "dadurch daher damit dann darum das dass daß dazu dein deine dem den denn der des dessen dich die "
          "dies diese diesem diesen dieser dieses dir doch dort durch ein eine einem einen einer eines etwa "
          "euch euer für gegen gewesen gibt habe haben hat hatte hatten hier hinter ich ihm ihn ihnen ihr ihre "
          "ihrem ihren ihrer ihres immer indem ist jede jedem jeden jeder jedes jetzt kann kein keine keinem "
          "keinen keiner können könnte man mehr mein meine mich mir mit muss musste nach nicht nichts noch nun "
          "nur oder ohne schon sehr sein seine seinem seinen seiner selbst sich sie sind soll sollte sondern "
          "sonst über und uns unser unter viel vom von vor war waren warum was weil weiter welche welchem "
          "welchen welcher wenn wer werde werden wie wieder wir wird wirst wurde wurden zum zur zwar zwischen ";
    static const std::unordered_set<std::string_view> words = [] {
        std::unordered_set<std::string_view> set;
        for (std::string_view list : { English, German }) {
            for (std::size_t at = 0, space; (space = list.find(' ', at)) != std::string_view::npos; at = space + 1)
                set.insert(list.substr(at, space - at));
        }
        return set;
    }();
    return words.contains(word);
}

} // namespace compute
