#!/usr/bin/python3
# Baseline for `tests/bench/run compute`: FAISS IndexFlatIP exact top-k on the same data file the Sextant
# benchmark reads. Usage: faiss_topk.py DATA N D NQ K OUT_INDICES
# Prints: batch_s single_ms peak_mb. Run with OPENBLAS_NUM_THREADS=1 (faiss oversubscribes otherwise).
import resource, sys, time
import numpy as np
import faiss

path, n, d, nq, k, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
x = np.fromfile(path, dtype=np.float32, count=n * d).reshape(n, d)
queries = np.ascontiguousarray(x[:nq])
index = faiss.IndexFlatIP(d)
index.add(x)
best = 1e30
for _ in range(2):
    t = time.perf_counter()
    _, found = index.search(queries, k)
    best = min(best, time.perf_counter() - t)
found.astype(np.int64).tofile(out)
singles = []
for i in range(50):
    t = time.perf_counter()
    index.search(queries[i:i + 1], k)
    singles.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print("%.4f %.3f %.0f" % (best, 1000 * float(np.median(singles)), peak))
