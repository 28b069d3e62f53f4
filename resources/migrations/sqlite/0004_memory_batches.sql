-- Sextant schema version 4 (SQLite): batches of memory changes, for audit and one-click restore.
-- One row per (batch, memory): a pruning pass, a bulk archive or delete, a decay pass or a bulk flag
-- change. archived_at is the time the batch stamped on the memory, so a restore brings back only the
-- rows the batch archived and that are still archived by it; previous_priority lets a decay pass be
-- undone. Purging a memory drops its rows here (the audit log keeps the record).

CREATE TABLE memory_batches (
    batch_id TEXT NOT NULL,
    memory_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('prune','archive','delete','restore','pin','unpin','tag_add','tag_remove','decay')),
    reason TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    archived_at TEXT,
    previous_priority REAL,
    restored_at TEXT,
    restored_by TEXT,
    PRIMARY KEY (batch_id, memory_id)
);
CREATE INDEX memory_batches_memory_idx ON memory_batches (memory_id);
