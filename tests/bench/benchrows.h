#pragma once
// The rows of `bench_compute`: each runs Sextant's implementation and its baseline on the same data
// file, in the same run, and prints one BENCH line per result (see tests/bench/run).
#include "compute/embeddingmatrix.h"

#include <string>

struct BenchContext
{
    const compute::EmbeddingMatrix &data;
    std::string path; // the raw float32 file both sides read
    std::string size; // "20k", "100k"
    double matrixMb = 0;
};

bool benchTopK(const BenchContext &context);
bool benchKMeans(const BenchContext &context);
bool benchKnnGraph(const BenchContext &context);
bool benchPca(const BenchContext &context);
bool benchLayout(const BenchContext &context);
