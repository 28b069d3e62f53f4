#!/usr/bin/python3
# Baseline for `tests/bench/run matching`: FAISS IndexFlatIP exact top-k of every job against every
# freelancer on the embeddings alone (the semantic component), from the raw files bench_matching writes.
# Usage: faiss_match.py JOBS NJ FREELANCERS NF D K OUT_INDICES
# Prints: batch_s single_ms peak_mb. FAISS's BLAS uses every core here, as the engine does.
import resource, sys, time
import numpy as np
import faiss

jobs_path, nj, freelancers_path, nf, d, k, out = (sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]),
                                                  int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
jobs = np.fromfile(jobs_path, dtype=np.float32, count=nj * d).reshape(nj, d)
index = faiss.IndexFlatIP(d)
# Added in slices from a memory map, so the index holds the only full copy of the freelancers.
freelancers = np.memmap(freelancers_path, dtype=np.float32, mode="r", shape=(nf, d))
for start in range(0, nf, 10000):
    index.add(np.ascontiguousarray(freelancers[start:start + 10000]))
del freelancers
t = time.perf_counter()
_, found = index.search(jobs, k)
batch = time.perf_counter() - t
found.astype(np.int64).tofile(out)
singles = []
for i in range(21):
    t = time.perf_counter()
    index.search(jobs[i:i + 1], k)
    singles.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print("%.4f %.3f %.0f" % (batch, 1000 * float(np.median(singles)), peak))
