#!/usr/bin/python3
# Baseline for `tests/bench/run compute`: FAISS k-means (all rows, no subsampling, random init as FAISS
# does) on the data file the Sextant benchmark reads. Usage: baseline_kmeans.py DATA N D K ITERATIONS OUT
# Writes the centroids (K × D float32) to OUT and prints: seconds peak_mb.
# Run with OPENBLAS_NUM_THREADS=1 (faiss oversubscribes otherwise).
import resource, sys, time
import numpy as np
import faiss

path, n, d, k, iterations, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
x = np.fromfile(path, dtype=np.float32, count=n * d).reshape(n, d)
kmeans = faiss.Kmeans(d, k, niter=iterations, seed=1234, max_points_per_centroid=n, verbose=False)
t = time.perf_counter()
kmeans.train(x)
elapsed = time.perf_counter() - t
kmeans.centroids.astype(np.float32).tofile(out)
print("%.4f %.0f" % (elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0))
