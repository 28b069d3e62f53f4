-- Sextant schema version 6 (SQLite): match runs, versioned matching and one active model per type.
-- Same changes as PostgreSQL's 0007_matching.sql (which explains them); timestamps are ISO-8601 UTC text.

ALTER TABLE core_jobs ADD COLUMN experience_level TEXT
    CHECK (experience_level IS NULL OR experience_level IN ('entry','intermediate','expert'));

CREATE TABLE ai_match_runs (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('open_jobs','job','jobs','freelancer')),
    parameters TEXT NOT NULL DEFAULT '{}',
    model_version TEXT NOT NULL,
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','cancelled','failed')),
    queries INTEGER NOT NULL DEFAULT 0,
    pairs_scored INTEGER NOT NULL DEFAULT 0,
    proposals INTEGER NOT NULL DEFAULT 0,
    timings TEXT NOT NULL DEFAULT '{}',
    error TEXT
);
CREATE INDEX ai_match_runs_started_idx ON ai_match_runs (started_at DESC);

ALTER TABLE ai_match_results ADD COLUMN semantic_match REAL;
ALTER TABLE ai_match_results ADD COLUMN budget_match REAL;
ALTER TABLE ai_match_results ADD COLUMN run_id TEXT REFERENCES ai_match_runs (id) ON DELETE SET NULL;
ALTER TABLE ai_match_results ADD COLUMN superseded_at TEXT;
CREATE INDEX ai_match_results_current_idx ON ai_match_results (job_id, ranking) WHERE superseded_at IS NULL;
CREATE INDEX ai_match_results_freelancer_current_idx ON ai_match_results (freelancer_id)
    WHERE superseded_at IS NULL;
CREATE INDEX ai_match_results_run_idx ON ai_match_results (run_id);

ALTER TABLE ai_model_versions ADD COLUMN parameters TEXT NOT NULL DEFAULT '{}';
ALTER TABLE ai_model_versions ADD COLUMN created_at TEXT;
ALTER TABLE ai_model_versions ADD COLUMN created_by TEXT;
ALTER TABLE ai_model_versions ADD COLUMN notes TEXT NOT NULL DEFAULT '';

INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after)
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'sextant-migration-6', 'model_version.deactivate', 'model_version', id,
    '{"is_active":true}', '{"is_active":false}'
FROM (SELECT id, row_number() OVER (PARTITION BY model_type ORDER BY deployed_at IS NULL, deployed_at DESC, id) AS n
      FROM ai_model_versions WHERE is_active = 1)
WHERE n > 1;
UPDATE ai_model_versions SET is_active = 0
WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY model_type
                                 ORDER BY deployed_at IS NULL, deployed_at DESC, id) AS n
                             FROM ai_model_versions WHERE is_active = 1)
             WHERE n > 1);
CREATE UNIQUE INDEX ai_model_versions_one_active_idx ON ai_model_versions (model_type) WHERE is_active = 1;
CREATE UNIQUE INDEX ai_model_versions_name_idx ON ai_model_versions (model_type, version);

INSERT INTO ai_model_versions (id, model_type, version, is_active, parameters, created_at, created_by, notes)
SELECT '5e000000-0000-4000-8000-000000000001', 'matching', 'seed-1', 0,
    '{"weights":{"semantic":1,"skills":0,"experience":0,"success_rate":0,"region":0,"budget":0},"threshold":0.7,"top_k":10}',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'sextant-migration-6',
    '8thDegree''s matcher: cosine similarity only, threshold 0.7, top 10.'
WHERE NOT EXISTS (SELECT 1 FROM ai_model_versions WHERE model_type = 'matching' AND version = 'seed-1');
INSERT INTO ai_model_versions (id, model_type, version, is_active, deployed_at, parameters, created_at,
    created_by, notes)
SELECT '5e000000-0000-4000-8000-000000000002', 'matching', 'sextant-1', vacant.free,
    CASE WHEN vacant.free THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
    '{"weights":{"semantic":0.25,"skills":0.35,"experience":0.1,"success_rate":0.1,"region":0.1,"budget":0.1},"threshold":0.55,"top_k":10}',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'sextant-migration-6',
    'Sextant''s multi-component matcher: every component weighed.'
FROM (SELECT NOT EXISTS (SELECT 1 FROM ai_model_versions WHERE model_type = 'matching' AND is_active = 1) AS free)
    AS vacant
WHERE NOT EXISTS (SELECT 1 FROM ai_model_versions WHERE model_type = 'matching' AND version = 'sextant-1');
