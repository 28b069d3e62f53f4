-- Sextant schema version 8 (SQLite): fairness reports (services/fairness, issue #18).
-- Same table as PostgreSQL's 0009_fairness.sql (which explains it); no roles in a local file.
-- Timestamps are ISO-8601 UTC text, so they compare as strings.

CREATE TABLE fairness_reports (
    id TEXT PRIMARY KEY,
    parameters TEXT NOT NULL,
    result TEXT NOT NULL,
    data_fingerprint TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX fairness_reports_created_idx ON fairness_reports (created_at DESC);
