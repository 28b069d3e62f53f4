-- Sextant canonical schema, version 1 (PostgreSQL). Same tables as the SQLite migration.
-- {{EUMAS}}, {{AUTH}}, {{CORE}}, {{AI}} are the configured schema names; {{VECTOR}} is vector(1536)
-- where the server has pgvector, real[] where it does not. The three tables the seed plan's DDL also
-- creates (users, jobs, embeddings) say IF NOT EXISTS: the adopt/ steps have already upgraded them.

CREATE SCHEMA IF NOT EXISTS {{EUMAS}};
CREATE SCHEMA IF NOT EXISTS {{AUTH}};
CREATE SCHEMA IF NOT EXISTS {{CORE}};
CREATE SCHEMA IF NOT EXISTS {{AI}};

CREATE TABLE {{EUMAS}}.memories (
    id uuid PRIMARY KEY,
    user_prompt text NOT NULL DEFAULT '',
    agent_reply text NOT NULL DEFAULT '',
    summary text NOT NULL DEFAULT '',
    session_id text NOT NULL DEFAULT '',
    user_id text NOT NULL DEFAULT '',
    context_tags text[] NOT NULL DEFAULT '{}',
    tone text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    duration_s double precision NOT NULL DEFAULT 0,
    last_accessed timestamptz,
    priority double precision NOT NULL DEFAULT 0.5 CHECK (priority >= 0 AND priority <= 1),
    priority_override double precision CHECK (priority_override IS NULL OR (priority_override >= 0 AND priority_override <= 1)),
    decay_rate double precision NOT NULL DEFAULT 0.1,
    long_term boolean NOT NULL DEFAULT false,
    core boolean NOT NULL DEFAULT false,
    archived_at timestamptz,
    embedding {{VECTOR}},
    embedding_model text,
    metadata jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX memories_created_idx ON {{EUMAS}}.memories (created_at DESC, id DESC);
CREATE INDEX memories_session_idx ON {{EUMAS}}.memories (session_id);
CREATE INDEX memories_priority_idx ON {{EUMAS}}.memories (priority);

CREATE TABLE {{EUMAS}}.evaluations (
    memory_id uuid NOT NULL REFERENCES {{EUMAS}}.memories (id) ON DELETE CASCADE,
    archetype text NOT NULL CHECK (archetype IN ('Ella-M','Ella-O','Ella-D','Ella-X','Ella-H','Ella-R','Ella-A','Ella-F')),
    metrics jsonb NOT NULL DEFAULT '{}',
    justifications jsonb NOT NULL DEFAULT '{}',
    annotation text NOT NULL DEFAULT '',
    archetype_priority double precision NOT NULL CHECK (archetype_priority >= 0 AND archetype_priority <= 1),
    confidence double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    model text NOT NULL DEFAULT '',
    prompt_version text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (memory_id, archetype)
);

CREATE TABLE {{EUMAS}}.links (
    id bigserial PRIMARY KEY,
    source_id uuid NOT NULL REFERENCES {{EUMAS}}.memories (id) ON DELETE CASCADE,
    target_id uuid NOT NULL REFERENCES {{EUMAS}}.memories (id) ON DELETE CASCADE,
    link_type text NOT NULL CHECK (link_type IN ('emotional_link','conceptual_link','contradictory_link',
        'chronological_link','research_link','analytical_link','risk_link','semantic_cluster','manual')),
    strength double precision NOT NULL CHECK (strength >= 0 AND strength <= 1),
    archetype text,
    origin text NOT NULL CHECK (origin IN ('evaluator','cluster','affinity','manual')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX links_source_idx ON {{EUMAS}}.links (source_id);
CREATE INDEX links_target_idx ON {{EUMAS}}.links (target_id);

CREATE TABLE {{EUMAS}}.archetype_states (
    archetype text PRIMARY KEY,
    state jsonb NOT NULL DEFAULT '{}',
    influence double precision NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{EUMAS}}.archetype_state_history (
    archetype text NOT NULL,
    at timestamptz NOT NULL,
    state jsonb NOT NULL,
    influence double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (archetype, at)
);

CREATE TABLE {{EUMAS}}.cluster_runs (
    id uuid PRIMARY KEY,
    name text NOT NULL DEFAULT '',
    algorithm text NOT NULL,
    params jsonb NOT NULL DEFAULT '{}',
    quality jsonb NOT NULL DEFAULT '{}',
    timings jsonb NOT NULL DEFAULT '{}',
    created_by text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{EUMAS}}.cluster_members (
    run_id uuid NOT NULL REFERENCES {{EUMAS}}.cluster_runs (id) ON DELETE CASCADE,
    memory_id uuid NOT NULL,
    cluster integer NOT NULL,
    x real NOT NULL,
    y real NOT NULL,
    PRIMARY KEY (run_id, memory_id)
);

CREATE TABLE IF NOT EXISTS {{AUTH}}.users (
    id uuid PRIMARY KEY,
    email text NOT NULL UNIQUE,
    full_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('user_freelancer','user_client','admin','superadmin')),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    shard_region text NOT NULL,
    shard_key text NOT NULL
);

CREATE TABLE {{CORE}}.freelancer_profiles (
    user_id uuid PRIMARY KEY REFERENCES {{AUTH}}.users (id) ON DELETE CASCADE,
    title text NOT NULL DEFAULT '',
    bio text NOT NULL DEFAULT '',
    skills text[] NOT NULL DEFAULT '{}',
    hourly_rate double precision NOT NULL DEFAULT 0,
    experience_years integer NOT NULL DEFAULT 0,
    success_rate double precision NOT NULL DEFAULT 0,
    location text NOT NULL DEFAULT '',
    timezone text NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS {{CORE}}.jobs (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    description text NOT NULL,
    budget numeric(10,2) NOT NULL,
    category text NOT NULL DEFAULT '',
    required_skills text[] NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('draft','open','in_progress','completed','cancelled','dispute')),
    client_id uuid NOT NULL REFERENCES {{AUTH}}.users (id) ON DELETE CASCADE,
    region text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS jobs_status_idx ON {{CORE}}.jobs (status);

CREATE TABLE IF NOT EXISTS {{AI}}.embeddings (
    id bigserial PRIMARY KEY,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    vector {{VECTOR}} NOT NULL,
    model text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (entity_type, entity_id, model)
);

CREATE TABLE {{AI}}.match_results (
    id uuid PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES {{CORE}}.jobs (id) ON DELETE CASCADE,
    freelancer_id uuid NOT NULL REFERENCES {{AUTH}}.users (id) ON DELETE CASCADE,
    score double precision NOT NULL,
    confidence double precision NOT NULL,
    ranking integer,
    skill_match double precision,
    experience_match double precision,
    success_rate_match double precision,
    region_match double precision,
    match_factors jsonb NOT NULL DEFAULT '{}',
    model_version text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    was_viewed boolean NOT NULL DEFAULT false,
    was_applied boolean NOT NULL DEFAULT false,
    was_hired boolean NOT NULL DEFAULT false
);
CREATE INDEX match_results_job_idx ON {{AI}}.match_results (job_id, ranking);

CREATE TABLE {{AI}}.match_reviews (
    id uuid PRIMARY KEY,
    match_id uuid NOT NULL REFERENCES {{AI}}.match_results (id) ON DELETE CASCADE,
    reviewer text NOT NULL,
    decision text NOT NULL CHECK (decision IN ('approve','reject','flag')),
    reason_code text NOT NULL DEFAULT '',
    note text NOT NULL DEFAULT '',
    decided_at timestamptz NOT NULL DEFAULT now(),
    level integer NOT NULL DEFAULT 1 CHECK (level IN (1, 2))
);
CREATE INDEX match_reviews_match_idx ON {{AI}}.match_reviews (match_id);

CREATE TABLE {{AI}}.bias_reports (
    id uuid PRIMARY KEY,
    entity_type text NOT NULL CHECK (entity_type IN ('job','user','review')),
    entity_id uuid NOT NULL,
    bias_score double precision NOT NULL,
    confidence double precision NOT NULL,
    categories text[] NOT NULL DEFAULT '{}',
    findings jsonb NOT NULL DEFAULT '{}',
    recommendations jsonb NOT NULL DEFAULT '{}',
    requires_review boolean NOT NULL DEFAULT false,
    reviewed_by text,
    review_notes text,
    decision text,
    decided_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{AI}}.model_versions (
    id uuid PRIMARY KEY,
    model_type text NOT NULL CHECK (model_type IN ('embedding','matching','bias','learning')),
    version text NOT NULL,
    accuracy double precision,
    latency double precision,
    throughput double precision,
    is_active boolean NOT NULL DEFAULT false,
    deployed_at timestamptz,
    retired_at timestamptz,
    training_metrics jsonb NOT NULL DEFAULT '{}',
    validation_metrics jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE {{AI}}.learning_metrics (
    id bigserial PRIMARY KEY,
    metric_type text NOT NULL,
    value double precision NOT NULL,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    timestamp timestamptz NOT NULL DEFAULT now(),
    context jsonb NOT NULL DEFAULT '{}',
    metadata jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE {{AI}}.audit_attributes (
    user_id uuid NOT NULL REFERENCES {{AUTH}}.users (id) ON DELETE CASCADE,
    attribute text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (user_id, attribute)
);

CREATE TABLE {{EUMAS}}.audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text NOT NULL,
    before jsonb,
    after jsonb
);

-- Append-only tables refuse UPDATE and DELETE from everyone, the table owner included.
CREATE FUNCTION {{EUMAS}}.sextant_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {{EUMAS}}.audit_log
    FOR EACH ROW EXECUTE FUNCTION {{EUMAS}}.sextant_append_only();
CREATE TRIGGER match_reviews_append_only BEFORE UPDATE ON {{AI}}.match_reviews
    FOR EACH ROW EXECUTE FUNCTION {{EUMAS}}.sextant_append_only();
