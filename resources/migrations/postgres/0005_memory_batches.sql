-- Sextant schema version 5 (PostgreSQL): batches of memory changes, for audit and one-click restore.
-- One row per (batch, memory): a pruning pass, a bulk archive or delete, a decay pass or a bulk flag
-- change. archived_at is the time the batch stamped on the memory, so a restore brings back only the
-- rows the batch archived and that are still archived by it; previous_priority lets a decay pass be
-- undone. Purging a memory drops its rows here (the audit log keeps the record).

CREATE TABLE {{EUMAS}}.memory_batches (
    batch_id uuid NOT NULL,
    memory_id uuid NOT NULL REFERENCES {{EUMAS}}.memories (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('prune','archive','delete','restore','pin','unpin','tag_add','tag_remove','decay')),
    reason text NOT NULL DEFAULT '',
    actor text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz,
    previous_priority double precision,
    restored_at timestamptz,
    restored_by text,
    PRIMARY KEY (batch_id, memory_id)
);
CREATE INDEX memory_batches_memory_idx ON {{EUMAS}}.memory_batches (memory_id);

GRANT SELECT ON {{EUMAS}}.memory_batches TO sextant_viewer;
GRANT SELECT, INSERT, UPDATE, DELETE ON {{EUMAS}}.memory_batches TO sextant_admin;
