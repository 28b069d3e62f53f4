-- Sextant schema version 7 (PostgreSQL): match runs, versioned matching and one active model per type.
-- match_results gains the two components the seed lacked (semantic, budget), the run that proposed a row
-- and superseded_at: NULL while the row is a current proposal, set when a later finished run of the same
-- job (or, for freelancer runs, the same freelancer) replaced it. Superseded rows stay, with their reviews.
-- match_runs: one row per run (scope, parameters, model version, who, when, status, counts, timings).
-- model_versions gains parameters (a matching version's weights, threshold and top-k), who made it and
-- when; the database refuses a second active version of one model type and a repeated version name.

ALTER TABLE {{CORE}}.jobs ADD COLUMN experience_level text
    CHECK (experience_level IS NULL OR experience_level IN ('entry','intermediate','expert'));

CREATE TABLE {{AI}}.match_runs (
    id uuid PRIMARY KEY,
    scope text NOT NULL CHECK (scope IN ('open_jobs','job','jobs','freelancer')),
    parameters jsonb NOT NULL DEFAULT '{}',
    model_version text NOT NULL,
    started_by text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','cancelled','failed')),
    queries integer NOT NULL DEFAULT 0,
    pairs_scored bigint NOT NULL DEFAULT 0,
    proposals integer NOT NULL DEFAULT 0,
    timings jsonb NOT NULL DEFAULT '{}',
    error text
);
CREATE INDEX match_runs_started_idx ON {{AI}}.match_runs (started_at DESC);

ALTER TABLE {{AI}}.match_results ADD COLUMN semantic_match double precision;
ALTER TABLE {{AI}}.match_results ADD COLUMN budget_match double precision;
ALTER TABLE {{AI}}.match_results ADD COLUMN run_id uuid REFERENCES {{AI}}.match_runs (id) ON DELETE SET NULL;
ALTER TABLE {{AI}}.match_results ADD COLUMN superseded_at timestamptz;
CREATE INDEX match_results_current_idx ON {{AI}}.match_results (job_id, ranking) WHERE superseded_at IS NULL;
CREATE INDEX match_results_freelancer_current_idx ON {{AI}}.match_results (freelancer_id)
    WHERE superseded_at IS NULL;
CREATE INDEX match_results_run_idx ON {{AI}}.match_results (run_id);

ALTER TABLE {{AI}}.model_versions ADD COLUMN parameters jsonb NOT NULL DEFAULT '{}';
ALTER TABLE {{AI}}.model_versions ADD COLUMN created_at timestamptz;
ALTER TABLE {{AI}}.model_versions ADD COLUMN created_by text;
ALTER TABLE {{AI}}.model_versions ADD COLUMN notes text NOT NULL DEFAULT '';

-- Nothing enforced one active version per type before: where several are active, the most recently
-- deployed stays active and each other one is deactivated, with an audit-log entry saying so.
INSERT INTO {{EUMAS}}.audit_log (at, actor, action, entity, entity_id, before, after)
SELECT now(), 'sextant-migration-7', 'model_version.deactivate', 'model_version', id::text,
    jsonb_build_object('is_active', true), jsonb_build_object('is_active', false)
FROM (SELECT id, row_number() OVER (PARTITION BY model_type ORDER BY deployed_at DESC NULLS LAST, id) AS n
      FROM {{AI}}.model_versions WHERE is_active) AS ranked
WHERE n > 1;
UPDATE {{AI}}.model_versions SET is_active = false
WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY model_type
                                 ORDER BY deployed_at DESC NULLS LAST, id) AS n
                             FROM {{AI}}.model_versions WHERE is_active) AS ranked
             WHERE n > 1);
CREATE UNIQUE INDEX model_versions_one_active_idx ON {{AI}}.model_versions (model_type) WHERE is_active;
CREATE UNIQUE INDEX model_versions_name_idx ON {{AI}}.model_versions (model_type, version);

-- Two matching versions to start from (ARCHITECTURE.md, "Matching"). seed-1 is 8thDegree's own matcher:
-- cosine similarity alone, threshold 0.7, top 10; kept inactive, for replay and comparison. sextant-1
-- weighs all six components and becomes the active version where no matching version is active yet.
INSERT INTO {{AI}}.model_versions (id, model_type, version, is_active, parameters, created_at, created_by, notes)
SELECT '5e000000-0000-4000-8000-000000000001', 'matching', 'seed-1', false,
    '{"weights":{"semantic":1,"skills":0,"experience":0,"success_rate":0,"region":0,"budget":0},"threshold":0.7,"top_k":10}',
    now(), 'sextant-migration-7', '8thDegree''s matcher: cosine similarity only, threshold 0.7, top 10.'
WHERE NOT EXISTS (SELECT 1 FROM {{AI}}.model_versions WHERE model_type = 'matching' AND version = 'seed-1');
INSERT INTO {{AI}}.model_versions (id, model_type, version, is_active, deployed_at, parameters, created_at,
    created_by, notes)
SELECT '5e000000-0000-4000-8000-000000000002', 'matching', 'sextant-1', vacant.free,
    CASE WHEN vacant.free THEN now() END,
    '{"weights":{"semantic":0.25,"skills":0.35,"experience":0.1,"success_rate":0.1,"region":0.1,"budget":0.1},"threshold":0.55,"top_k":10}',
    now(), 'sextant-migration-7', 'Sextant''s multi-component matcher: every component weighed.'
FROM (SELECT NOT EXISTS (SELECT 1 FROM {{AI}}.model_versions WHERE model_type = 'matching' AND is_active) AS free)
    AS vacant
WHERE NOT EXISTS (SELECT 1 FROM {{AI}}.model_versions WHERE model_type = 'matching' AND version = 'sextant-1');

GRANT SELECT ON {{AI}}.match_runs TO sextant_viewer;
GRANT SELECT, INSERT, UPDATE, DELETE ON {{AI}}.match_runs TO sextant_admin;
