// The fuzz targets' main() in the test suite's AddressSanitizer build (gcc has no libFuzzer): each seed of the
// target's corpus once, then inputs made by mutating the seeds at random, until the time is up. Not guided by
// coverage as libFuzzer is (packaging/scripts/fuzz.sh runs that, for the long runs); a few seconds of this on every
// test run catches a reader that a change broke on its own seeds or on their near neighbours.
//   fuzz_<target> CORPUS_DIR [--seconds N] [--seed N]
// A sanitizer report ends the process; the input that caused it is written to fuzz-crash-<target>.bin in the
// working folder first, and named on stderr.
#include <sanitizer/common_interface_defs.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

using Bytes = std::vector<uint8_t>;

const Bytes *g_current = nullptr;
std::string g_crashFile;

void writeCurrentInput()
{
    if (!g_current)
        return;
    if (std::FILE *out = std::fopen(g_crashFile.c_str(), "wb")) {
        std::fwrite(g_current->data(), 1, g_current->size(), out);
        std::fclose(out);
        std::fprintf(stderr, "fuzz: the input that failed is in %s (%zu bytes)\n", g_crashFile.c_str(),
            g_current->size());
    }
}

int run(const Bytes &input)
{
    g_current = &input;
    // A copy of exactly the input's length, so a read one byte past the end is a report, as under libFuzzer.
    auto *copy = static_cast<uint8_t *>(std::malloc(input.empty() ? 1 : input.size()));
    if (!input.empty())
        std::memcpy(copy, input.data(), input.size());
    const int result = LLVMFuzzerTestOneInput(copy, input.size());
    std::free(copy);
    g_current = nullptr;
    return result;
}

// Bytes that change how text formats parse: quotes, brackets, separators, escapes, line ends, NUL, high bytes.
constexpr uint8_t Interesting[] = { 0, '"', '\'', '\\', '{', '}', '[', ']', ':', ',', ';', '\n', '\r', '\t', ' ',
    '-', '#', '=', '&', '%', 0x7f, 0x80, 0xc3, 0xe2, 0xef, 0xbf, 0xff, '0', '9', 'e', 'E', '.' };

void mutate(Bytes &b, const std::vector<Bytes> &seeds, std::mt19937_64 &random)
{
    auto pick = [&random](std::size_t n) { return n ? std::size_t(random() % n) : 0; };
    const int steps = 1 + int(random() % 4);
    for (int i = 0; i < steps; ++i) {
        switch (random() % 8) {
        case 0: // flip one bit
            if (!b.empty())
                b[pick(b.size())] ^= uint8_t(1u << (random() % 8));
            break;
        case 1: // one byte from the interesting set
            if (!b.empty())
                b[pick(b.size())] = Interesting[pick(std::size(Interesting))];
            break;
        case 2: { // insert a few bytes
            const std::size_t at = pick(b.size() + 1), n = 1 + pick(8);
            Bytes extra(n);
            for (uint8_t &x : extra)
                x = random() % 2 ? Interesting[pick(std::size(Interesting))] : uint8_t(random());
            b.insert(b.begin() + std::ptrdiff_t(at), extra.begin(), extra.end());
            break;
        }
        case 3: // delete a range
            if (!b.empty()) {
                const std::size_t at = pick(b.size()), n = 1 + pick(std::min<std::size_t>(16, b.size() - at));
                b.erase(b.begin() + std::ptrdiff_t(at), b.begin() + std::ptrdiff_t(std::min(b.size(), at + n)));
            }
            break;
        case 4: // repeat a range (deep nesting, long lines)
            if (!b.empty() && b.size() < 1 << 20) {
                const std::size_t at = pick(b.size()), n = 1 + pick(std::min<std::size_t>(64, b.size() - at));
                const Bytes part(b.begin() + std::ptrdiff_t(at), b.begin() + std::ptrdiff_t(at + n));
                for (std::size_t r = 0, times = 1 + pick(32); r < times; ++r)
                    b.insert(b.begin() + std::ptrdiff_t(at), part.begin(), part.end());
            }
            break;
        case 5: // cut the tail
            if (!b.empty())
                b.resize(pick(b.size()));
            break;
        case 6: { // splice in part of another seed
            const Bytes &other = seeds[pick(seeds.size())];
            if (!other.empty()) {
                const std::size_t from = pick(other.size()), n = 1 + pick(other.size() - from);
                b.insert(b.begin() + std::ptrdiff_t(pick(b.size() + 1)), other.begin() + std::ptrdiff_t(from),
                    other.begin() + std::ptrdiff_t(from + n));
            }
            break;
        }
        default: // a random byte
            if (!b.empty())
                b[pick(b.size())] = uint8_t(random());
            break;
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR [--seconds N] [--seed N]\n", argv[0]);
        return 2;
    }
    double seconds = 5;
    unsigned long long seed = std::random_device {}();
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--seconds") == 0)
            seconds = std::atof(argv[i + 1]);
        else if (std::strcmp(argv[i], "--seed") == 0)
            seed = std::strtoull(argv[i + 1], nullptr, 10);
    }
    const std::string name = std::filesystem::path(argv[0]).filename().string();
    g_crashFile = "fuzz-crash-" + name + ".bin";
    __sanitizer_set_death_callback(writeCurrentInput);

    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(argv[1]))
        if (entry.is_regular_file())
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<Bytes> seeds;
    for (const auto &file : files) {
        std::ifstream in(file, std::ios::binary);
        seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (seeds.empty()) {
        std::fprintf(stderr, "fuzz: no seeds in %s\n", argv[1]);
        return 1;
    }
    for (const Bytes &s : seeds)
        run(s);
    run({});

    // The seed is printed first, so a failure can be run again with the same inputs.
    std::fprintf(stderr, "fuzz: %s, %zu seeds, random seed %llu\n", name.c_str(), seeds.size(), seed);
    std::mt19937_64 random(seed);
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    unsigned long long inputs = seeds.size() + 1;
    while (std::chrono::steady_clock::now() < end) {
        for (int batch = 0; batch < 16; ++batch, ++inputs) {
            Bytes input = seeds[std::size_t(random() % seeds.size())];
            mutate(input, seeds, random);
            run(input);
        }
    }
    std::printf("FUZZ %s inputs=%llu seconds=%.0f crashes=0\n", name.c_str(), inputs, seconds);
    return 0;
}
