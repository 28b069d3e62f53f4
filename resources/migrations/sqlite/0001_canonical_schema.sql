-- Sextant canonical schema, version 1 (SQLite).
-- PostgreSQL keeps EUMAS in one schema (default public) and 8thDegree in auth/core/ai; SQLite has no
-- schemas, so the 8thDegree tables carry the schema as a prefix (auth_users, core_jobs, ai_embeddings).
-- Types: uuid -> TEXT (lower-case, no braces); timestamptz -> TEXT ISO-8601 UTC with milliseconds;
-- text[] and jsonb -> TEXT holding JSON; vector(1536) -> BLOB of 1536 little-endian float32.

CREATE TABLE memories (
    id TEXT PRIMARY KEY,
    user_prompt TEXT NOT NULL DEFAULT '',
    agent_reply TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL DEFAULT '',
    user_id TEXT NOT NULL DEFAULT '',
    context_tags TEXT NOT NULL DEFAULT '[]',
    tone TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    duration_s REAL NOT NULL DEFAULT 0,
    last_accessed TEXT,
    priority REAL NOT NULL DEFAULT 0.5 CHECK (priority >= 0 AND priority <= 1),
    priority_override REAL CHECK (priority_override IS NULL OR (priority_override >= 0 AND priority_override <= 1)),
    decay_rate REAL NOT NULL DEFAULT 0.1,
    long_term INTEGER NOT NULL DEFAULT 0,
    core INTEGER NOT NULL DEFAULT 0,
    archived_at TEXT,
    embedding BLOB CHECK (embedding IS NULL OR length(embedding) = 6144),
    embedding_model TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE INDEX memories_created_idx ON memories (created_at DESC, id DESC);
CREATE INDEX memories_session_idx ON memories (session_id);
CREATE INDEX memories_priority_idx ON memories (priority);

CREATE TABLE evaluations (
    memory_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    archetype TEXT NOT NULL CHECK (archetype IN ('Ella-M','Ella-O','Ella-D','Ella-X','Ella-H','Ella-R','Ella-A','Ella-F')),
    metrics TEXT NOT NULL DEFAULT '{}',
    justifications TEXT NOT NULL DEFAULT '{}',
    annotation TEXT NOT NULL DEFAULT '',
    archetype_priority REAL NOT NULL CHECK (archetype_priority >= 0 AND archetype_priority <= 1),
    confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    model TEXT NOT NULL DEFAULT '',
    prompt_version TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    PRIMARY KEY (memory_id, archetype)
);

CREATE TABLE links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    target_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    link_type TEXT NOT NULL CHECK (link_type IN ('emotional_link','conceptual_link','contradictory_link',
        'chronological_link','research_link','analytical_link','risk_link','semantic_cluster','manual')),
    strength REAL NOT NULL CHECK (strength >= 0 AND strength <= 1),
    archetype TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('evaluator','cluster','affinity','manual')),
    created_at TEXT NOT NULL
);
CREATE INDEX links_source_idx ON links (source_id);
CREATE INDEX links_target_idx ON links (target_id);

CREATE TABLE archetype_states (
    archetype TEXT PRIMARY KEY,
    state TEXT NOT NULL DEFAULT '{}',
    influence REAL NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TABLE archetype_state_history (
    archetype TEXT NOT NULL,
    at TEXT NOT NULL,
    state TEXT NOT NULL,
    influence REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (archetype, at)
);

CREATE TABLE cluster_runs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    algorithm TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    quality TEXT NOT NULL DEFAULT '{}',
    timings TEXT NOT NULL DEFAULT '{}',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE cluster_members (
    run_id TEXT NOT NULL REFERENCES cluster_runs (id) ON DELETE CASCADE,
    memory_id TEXT NOT NULL,
    cluster INTEGER NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    PRIMARY KEY (run_id, memory_id)
);

CREATE TABLE auth_users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user_freelancer','user_client','admin','superadmin')),
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    shard_region TEXT NOT NULL,
    shard_key TEXT NOT NULL
);

CREATE TABLE core_freelancer_profiles (
    user_id TEXT PRIMARY KEY REFERENCES auth_users (id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '[]',
    hourly_rate REAL NOT NULL DEFAULT 0,
    experience_years INTEGER NOT NULL DEFAULT 0,
    success_rate REAL NOT NULL DEFAULT 0,
    location TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL DEFAULT ''
);

CREATE TABLE core_jobs (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    budget NUMERIC NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    required_skills TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('draft','open','in_progress','completed','cancelled','dispute')),
    client_id TEXT NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
    region TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX core_jobs_status_idx ON core_jobs (status);

CREATE TABLE ai_embeddings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    vector BLOB NOT NULL CHECK (length(vector) = 6144),
    model TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (entity_type, entity_id, model)
);

CREATE TABLE ai_match_results (
    id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL REFERENCES core_jobs (id) ON DELETE CASCADE,
    freelancer_id TEXT NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
    score REAL NOT NULL,
    confidence REAL NOT NULL,
    ranking INTEGER,
    skill_match REAL,
    experience_match REAL,
    success_rate_match REAL,
    region_match REAL,
    match_factors TEXT NOT NULL DEFAULT '{}',
    model_version TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    was_viewed INTEGER NOT NULL DEFAULT 0,
    was_applied INTEGER NOT NULL DEFAULT 0,
    was_hired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ai_match_results_job_idx ON ai_match_results (job_id, ranking);

-- Append-only: the application never updates or deletes a review; a later decision is a new row.
CREATE TABLE ai_match_reviews (
    id TEXT PRIMARY KEY,
    match_id TEXT NOT NULL REFERENCES ai_match_results (id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approve','reject','flag')),
    reason_code TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    level INTEGER NOT NULL DEFAULT 1 CHECK (level IN (1, 2))
);
CREATE INDEX ai_match_reviews_match_idx ON ai_match_reviews (match_id);
CREATE TRIGGER ai_match_reviews_no_update BEFORE UPDATE ON ai_match_reviews
BEGIN
    SELECT RAISE(ABORT, 'match reviews are append-only');
END;

CREATE TABLE ai_bias_reports (
    id TEXT PRIMARY KEY,
    entity_type TEXT NOT NULL CHECK (entity_type IN ('job','user','review')),
    entity_id TEXT NOT NULL,
    bias_score REAL NOT NULL,
    confidence REAL NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    findings TEXT NOT NULL DEFAULT '{}',
    recommendations TEXT NOT NULL DEFAULT '{}',
    requires_review INTEGER NOT NULL DEFAULT 0,
    reviewed_by TEXT,
    review_notes TEXT,
    decision TEXT,
    decided_at TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE ai_model_versions (
    id TEXT PRIMARY KEY,
    model_type TEXT NOT NULL CHECK (model_type IN ('embedding','matching','bias','learning')),
    version TEXT NOT NULL,
    accuracy REAL,
    latency REAL,
    throughput REAL,
    is_active INTEGER NOT NULL DEFAULT 0,
    deployed_at TEXT,
    retired_at TEXT,
    training_metrics TEXT NOT NULL DEFAULT '{}',
    validation_metrics TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE ai_learning_metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    metric_type TEXT NOT NULL,
    value REAL NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT '{}',
    metadata TEXT NOT NULL DEFAULT '{}'
);

-- Self-reported protected attributes, for group-level fairness audits only.
CREATE TABLE ai_audit_attributes (
    user_id TEXT NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
    attribute TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user_id, attribute)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
