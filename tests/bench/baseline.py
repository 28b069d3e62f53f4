#!/usr/bin/python3
# Baselines for `tests/bench/run compute`, on the data file the Sextant benchmark reads (N × D float32).
#   baseline.py kmeans DATA N D K ITERATIONS OUT   FAISS k-means on all rows (no subsampling); OUT: centroids
#   baseline.py pca DATA N D OUT                   scikit-learn randomized PCA(2); OUT: coordinates
#   baseline.py knn DATA N D K OUT                 pynndescent k-NN graph (cosine); OUT: int32 N × K, self dropped
#   baseline.py umap DATA N D OUT                  umap-learn (cosine, 15 neighbours); OUT: coordinates
# Prints: seconds peak_mb [quality]. Outputs are float32/int32 raw files the C++ side scores, so both
# sides are measured by the same code. Run FAISS with OPENBLAS_NUM_THREADS=1 (it oversubscribes otherwise).
import resource, sys, time
import numpy as np


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load(path, n, d):
    return np.fromfile(path, dtype=np.float32, count=n * d).reshape(n, d)


def main(argv):
    what, path, n, d = argv[1], argv[2], int(argv[3]), int(argv[4])
    x = load(path, n, d)
    if what == "kmeans":
        import faiss
        k, iterations, out = int(argv[5]), int(argv[6]), argv[7]
        kmeans = faiss.Kmeans(d, k, niter=iterations, seed=1234, max_points_per_centroid=n, verbose=False)
        t = time.perf_counter()
        kmeans.train(x)
        elapsed = time.perf_counter() - t
        kmeans.centroids.astype(np.float32).tofile(out)
        print("%.4f %.0f" % (elapsed, peak_mb()))
    elif what == "pca":
        from sklearn.decomposition import PCA
        out = argv[5]
        pca = PCA(n_components=2, svd_solver="randomized", random_state=0)
        t = time.perf_counter()
        y = pca.fit_transform(x)
        elapsed = time.perf_counter() - t
        y.astype(np.float32).tofile(out)
        print("%.4f %.0f %.6f" % (elapsed, peak_mb(), float(pca.explained_variance_ratio_.sum())))
    elif what == "knn":
        from pynndescent import NNDescent
        k, out = int(argv[5]), argv[6]
        NNDescent(x[:2000], n_neighbors=k + 1, metric="cosine")  # compile numba kernels outside the timing
        t = time.perf_counter()
        index = NNDescent(x, n_neighbors=k + 1, metric="cosine")
        indices, _ = index.neighbor_graph
        elapsed = time.perf_counter() - t
        graph = np.empty((n, k), dtype=np.int32)
        for i in range(n):
            row = [j for j in indices[i] if j != i and j >= 0][:k]
            row += [i] * (k - len(row))
            graph[i] = row
        graph.tofile(out)
        print("%.4f %.0f" % (elapsed, peak_mb()))
    elif what == "umap":
        import umap
        out = argv[5]
        umap.UMAP(n_neighbors=15, metric="cosine").fit_transform(x[:2000])  # numba compilation, untimed
        t = time.perf_counter()
        y = umap.UMAP(n_neighbors=15, metric="cosine").fit_transform(x)
        elapsed = time.perf_counter() - t
        y.astype(np.float32).tofile(out)
        print("%.4f %.0f" % (elapsed, peak_mb()))
    else:
        sys.exit("unknown baseline: " + what)


if __name__ == "__main__":
    main(sys.argv)
