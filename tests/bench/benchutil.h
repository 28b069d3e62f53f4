#pragma once
// Small helpers shared by the compute benchmark rows: wall clock, peak memory, size labels, running a
// baseline process and reading the raw files it writes.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace bench {

inline double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// This process's peak resident set. Each row runs in its own process, so it is that row's peak.
inline double peakMb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

inline std::string label(std::size_t n)
{
    return n >= 1000 ? std::to_string(n / 1000) + "k" : std::to_string(n);
}

// Runs a baseline command and reads the numbers it prints on stdout; empty if it failed.
inline std::vector<double> runBaseline(const std::string &command)
{
    std::vector<double> values;
    if (FILE *p = popen(command.c_str(), "r")) {
        double v = 0;
        while (std::fscanf(p, "%lf", &v) == 1)
            values.push_back(v);
        if (pclose(p) != 0)
            values.clear();
    }
    if (values.empty())
        std::fprintf(stderr, "bench_compute: the baseline failed: %s\n", command.c_str());
    return values;
}

template<typename T> std::vector<T> readRaw(const std::string &path, std::size_t count)
{
    std::vector<T> data(count);
    FILE *f = std::fopen(path.c_str(), "rb");
    if (!f || std::fread(data.data(), sizeof(T), count, f) != count)
        data.clear();
    if (f)
        std::fclose(f);
    return data;
}

// "/usr/bin/python3 <bench dir>/baseline.py what data n d" plus the rest.
inline std::string python(const std::string &what, const std::string &data, std::size_t n, int d, bool faiss = false)
{
    std::ostringstream s;
    s << (faiss ? "OPENBLAS_NUM_THREADS=1 " : "") << "/usr/bin/python3 " << BENCH_DIR << "/baseline.py " << what << ' '
      << data << ' ' << n << ' ' << d;
    return s.str();
}

} // namespace bench
