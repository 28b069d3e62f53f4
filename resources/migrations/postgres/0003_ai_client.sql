-- Sextant schema version 3 (PostgreSQL): what the AI client keeps in the workspace.
-- embedding_cache: one vector per (model, dimensions, SHA-256 of the exact text), so re-embedding
-- unchanged text costs nothing (real[], since cached dimensions vary). api_usage: one row per request
-- with the tokens the server reported. evaluation_failures: replies that failed validation twice, kept
-- raw for inspection, never written as scores.

CREATE TABLE {{EUMAS}}.embedding_cache (
    model text NOT NULL,
    dimensions integer NOT NULL CHECK (dimensions > 0),
    text_hash text NOT NULL,
    embedding real[] NOT NULL CHECK (cardinality(embedding) = dimensions),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, dimensions, text_hash)
);

CREATE TABLE {{EUMAS}}.api_usage (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    day date NOT NULL,
    task text NOT NULL DEFAULT '',
    endpoint text NOT NULL,
    model text NOT NULL,
    inputs integer NOT NULL DEFAULT 0,
    cached_inputs integer NOT NULL DEFAULT 0,
    prompt_tokens bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0
);
CREATE INDEX api_usage_day_idx ON {{EUMAS}}.api_usage (day);

CREATE TABLE {{EUMAS}}.evaluation_failures (
    id bigserial PRIMARY KEY,
    memory_id uuid NOT NULL REFERENCES {{EUMAS}}.memories (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now(),
    model text NOT NULL,
    prompt_version text NOT NULL,
    reason text NOT NULL,
    raw_reply text NOT NULL DEFAULT '',
    attempts integer NOT NULL DEFAULT 1
);
CREATE INDEX evaluation_failures_memory_idx ON {{EUMAS}}.evaluation_failures (memory_id);

GRANT SELECT ON {{EUMAS}}.embedding_cache, {{EUMAS}}.api_usage, {{EUMAS}}.evaluation_failures TO sextant_viewer;
GRANT SELECT, INSERT, UPDATE, DELETE ON {{EUMAS}}.embedding_cache, {{EUMAS}}.api_usage,
    {{EUMAS}}.evaluation_failures TO sextant_admin;
GRANT USAGE ON SEQUENCE {{EUMAS}}.api_usage_id_seq, {{EUMAS}}.evaluation_failures_id_seq TO sextant_admin;
