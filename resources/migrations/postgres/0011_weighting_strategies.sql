-- Sextant schema version 11 (PostgreSQL): weighting strategies for memory priority (issue #19, items 5–7).
-- weighting_strategies: the strategies operators saved (the built-in default is not stored: it is
-- Archetypes::defaultWeights()); weights is a JSON array of eight numbers in archetype order M O D X H R A F
-- that the service has checked to add up to 1.
-- strategy_applications: every apply of a strategy to the stored priorities, keyed by its memory_batches
-- batch (kind 'reweight', previous_priority per memory, so an undo restores each priority exactly). The
-- weights and name are copied, so removing a strategy keeps the record of what was applied. The newest
-- finished and not undone application is the strategy the stored priorities follow; none means the default.
-- Only admins may change either table (the database refuses everyone else); viewers read both.

CREATE TABLE {{EUMAS}}.weighting_strategies (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
    weights jsonb NOT NULL CHECK (jsonb_typeof(weights) = 'array' AND jsonb_array_length(weights) = 8),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{EUMAS}}.strategy_applications (
    batch_id uuid PRIMARY KEY,
    strategy_id uuid,
    strategy_name text NOT NULL,
    weights jsonb NOT NULL CHECK (jsonb_typeof(weights) = 'array' AND jsonb_array_length(weights) = 8),
    actor text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    memories bigint NOT NULL DEFAULT 0,
    finished boolean NOT NULL DEFAULT false,
    undone_at timestamptz,
    undone_by text
);
CREATE INDEX strategy_applications_applied_idx ON {{EUMAS}}.strategy_applications (applied_at DESC);

-- A reweight batch records the priorities it replaced, as a decay pass does.
ALTER TABLE {{EUMAS}}.memory_batches DROP CONSTRAINT memory_batches_kind_check;
ALTER TABLE {{EUMAS}}.memory_batches ADD CONSTRAINT memory_batches_kind_check
    CHECK (kind IN ('prune','archive','delete','restore','pin','unpin','tag_add','tag_remove','decay','reweight'));

GRANT SELECT ON {{EUMAS}}.weighting_strategies, {{EUMAS}}.strategy_applications TO sextant_viewer;
GRANT SELECT, INSERT, UPDATE, DELETE ON {{EUMAS}}.weighting_strategies, {{EUMAS}}.strategy_applications
    TO sextant_admin;
