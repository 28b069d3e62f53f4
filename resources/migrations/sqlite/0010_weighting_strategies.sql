-- Sextant schema version 10 (SQLite): weighting strategies for memory priority (issue #19, items 5–7).
-- Same tables as PostgreSQL's 0011_weighting_strategies.sql (which explains them); no roles in a local file.
-- Timestamps are ISO-8601 UTC text, so they compare as strings; weights are a JSON array as text.

CREATE TABLE weighting_strategies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    weights TEXT NOT NULL CHECK (json_valid(weights) AND json_array_length(weights) = 8),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE strategy_applications (
    batch_id TEXT PRIMARY KEY,
    strategy_id TEXT,
    strategy_name TEXT NOT NULL,
    weights TEXT NOT NULL CHECK (json_valid(weights) AND json_array_length(weights) = 8),
    actor TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    memories INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT,
    undone_by TEXT
);
CREATE INDEX strategy_applications_applied_idx ON strategy_applications (applied_at DESC);

-- memory_batches gains the kind 'reweight'. SQLite cannot alter a CHECK constraint, so the table is rebuilt
-- (the documented 12-step way, inside the migration's transaction): nothing references memory_batches, so
-- dropping the old one touches no other table; the index is made again on the new one.
CREATE TABLE memory_batches_rebuilt (
    batch_id TEXT NOT NULL,
    memory_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('prune','archive','delete','restore','pin','unpin','tag_add','tag_remove','decay','reweight')),
    reason TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    archived_at TEXT,
    previous_priority REAL,
    restored_at TEXT,
    restored_by TEXT,
    PRIMARY KEY (batch_id, memory_id)
);
INSERT INTO memory_batches_rebuilt (batch_id, memory_id, kind, reason, actor, created_at, archived_at,
    previous_priority, restored_at, restored_by)
    SELECT batch_id, memory_id, kind, reason, actor, created_at, archived_at, previous_priority, restored_at,
        restored_by FROM memory_batches;
DROP TABLE memory_batches;
ALTER TABLE memory_batches_rebuilt RENAME TO memory_batches;
CREATE INDEX memory_batches_memory_idx ON memory_batches (memory_id);
