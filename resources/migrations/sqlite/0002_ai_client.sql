-- Sextant schema version 2 (SQLite): what the AI client keeps in the workspace.
-- embedding_cache: one vector per (model, dimensions, SHA-256 of the exact text), so re-embedding
-- unchanged text costs nothing. api_usage: one row per request with the tokens the server reported.
-- evaluation_failures: replies that failed validation twice, kept raw for inspection, never as scores.

CREATE TABLE embedding_cache (
    model TEXT NOT NULL,
    dimensions INTEGER NOT NULL CHECK (dimensions > 0),
    text_hash TEXT NOT NULL,
    embedding BLOB NOT NULL CHECK (length(embedding) = 4 * dimensions),
    created_at TEXT NOT NULL,
    PRIMARY KEY (model, dimensions, text_hash)
);

CREATE TABLE api_usage (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    task TEXT NOT NULL DEFAULT '',
    endpoint TEXT NOT NULL,
    model TEXT NOT NULL,
    inputs INTEGER NOT NULL DEFAULT 0,
    cached_inputs INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_usage_day_idx ON api_usage (day);

CREATE TABLE evaluation_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    memory_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw_reply TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX evaluation_failures_memory_idx ON evaluation_failures (memory_id);
