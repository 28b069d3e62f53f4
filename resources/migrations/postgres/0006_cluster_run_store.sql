-- Sextant schema version 6 (PostgreSQL): cluster runs saved for reopening at once and for reuse.
-- cluster_run_keys: per run, what finds it again (a hash of its parameters and seed, and a fingerprint of
-- the data it ran on), its point count and the cluster names (jsonb: cluster id → name; a rename
-- rewrites it). cluster_run_chunks: the per-point results packed in chunks of up to 65,536 points (ids as
-- 16-byte RFC 4122 UUIDs, clusters as int32, x and y as float32, all little-endian), so a million
-- points load as a few dozen values instead of a million rows. cluster_members stays the queryable form.

CREATE TABLE {{EUMAS}}.cluster_run_keys (
    run_id uuid PRIMARY KEY REFERENCES {{EUMAS}}.cluster_runs (id) ON DELETE CASCADE,
    params_hash text NOT NULL,
    data_fingerprint text NOT NULL,
    seed bigint NOT NULL DEFAULT 0,
    point_count integer NOT NULL CHECK (point_count >= 0),
    cluster_names jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX cluster_run_keys_lookup_idx ON {{EUMAS}}.cluster_run_keys (params_hash, data_fingerprint);

CREATE TABLE {{EUMAS}}.cluster_run_chunks (
    run_id uuid NOT NULL REFERENCES {{EUMAS}}.cluster_runs (id) ON DELETE CASCADE,
    chunk integer NOT NULL,
    point_count integer NOT NULL CHECK (point_count > 0),
    member_ids bytea NOT NULL,
    clusters bytea NOT NULL,
    xs bytea NOT NULL,
    ys bytea NOT NULL,
    PRIMARY KEY (run_id, chunk)
);

GRANT SELECT ON {{EUMAS}}.cluster_run_keys, {{EUMAS}}.cluster_run_chunks TO sextant_viewer;
GRANT SELECT, INSERT, UPDATE, DELETE ON {{EUMAS}}.cluster_run_keys, {{EUMAS}}.cluster_run_chunks TO sextant_admin;
