// Compute-core benchmarks against FAISS, scikit-learn, pynndescent and umap-learn in the same run.
// Usage: bench_compute N DATAFILE ROW… (rows: topk kmeans knn pca layout). tests/bench/run compute
// runs every row in its own process, so each row's peak memory is its own.
#include "benchdata.h"
#include "benchrows.h"
#include "benchutil.h"

#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_compute N DATAFILE ROW... (rows: topk kmeans knn pca layout)\n");
        return 2;
    }
    const std::size_t n = std::stoul(argv[1]);
    constexpr int D = 1536;
    compute::EmbeddingMatrix data(n, D);
    if (!benchdata::readInto(argv[2], n, D, data.row(0), data.stride())) {
        std::fprintf(stderr, "bench_compute: cannot read or write %s\n", argv[2]);
        return 1;
    }
    const BenchContext context { data, argv[2], bench::label(n), double(data.bytes()) / 1048576.0 };
    for (int i = 3; i < argc; ++i) {
        const char *row = argv[i];
        bool ok = false;
        if (!std::strcmp(row, "topk"))
            ok = benchTopK(context);
        else if (!std::strcmp(row, "kmeans"))
            ok = benchKMeans(context);
        else if (!std::strcmp(row, "knn"))
            ok = benchKnnGraph(context);
        else if (!std::strcmp(row, "pca"))
            ok = benchPca(context);
        else if (!std::strcmp(row, "layout"))
            ok = benchLayout(context);
        else
            std::fprintf(stderr, "bench_compute: unknown row %s\n", row);
        if (!ok)
            return 1;
    }
    return 0;
}
