-- Sextant schema version 5 (SQLite): cluster runs saved for reopening at once and for reuse.
-- cluster_run_keys: per run, what finds it again (a hash of its parameters and seed, and a fingerprint of
-- the data it ran on), its point count and the cluster names (JSON object: cluster id → name; a rename
-- rewrites it). cluster_run_chunks: the per-point results packed in chunks of up to 65,536 points (ids as
-- 16-byte RFC 4122 UUIDs, clusters as int32, x and y as float32, all little-endian), so a million
-- points load as a few dozen blobs instead of a million rows. cluster_members stays the queryable form.

CREATE TABLE cluster_run_keys (
    run_id TEXT PRIMARY KEY REFERENCES cluster_runs (id) ON DELETE CASCADE,
    params_hash TEXT NOT NULL,
    data_fingerprint TEXT NOT NULL,
    seed INTEGER NOT NULL DEFAULT 0,
    point_count INTEGER NOT NULL CHECK (point_count >= 0),
    cluster_names TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX cluster_run_keys_lookup_idx ON cluster_run_keys (params_hash, data_fingerprint);

CREATE TABLE cluster_run_chunks (
    run_id TEXT NOT NULL REFERENCES cluster_runs (id) ON DELETE CASCADE,
    chunk INTEGER NOT NULL,
    point_count INTEGER NOT NULL CHECK (point_count > 0),
    member_ids BLOB NOT NULL,
    clusters BLOB NOT NULL,
    xs BLOB NOT NULL,
    ys BLOB NOT NULL,
    PRIMARY KEY (run_id, chunk)
);
