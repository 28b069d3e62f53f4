-- Sextant schema version 7 (SQLite): the match review console (services/review, issue #17).
-- Same tables as PostgreSQL's 0008_review.sql (which explains them); no roles in a local file.
-- Timestamps are ISO-8601 UTC text, so they compare as strings.

CREATE TABLE ai_review_leases (
    match_id TEXT PRIMARY KEY REFERENCES ai_match_results (id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level IN (1, 2)),
    claimed_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX ai_review_leases_reviewer_idx ON ai_review_leases (reviewer);

CREATE TABLE ai_review_reason_codes (
    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40 AND code NOT GLOB '*[^a-z0-9_]*'),
    label TEXT NOT NULL,
    applies_to TEXT NOT NULL CHECK (applies_to IN ('approve','reject','flag')),
    position INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);
INSERT OR IGNORE INTO ai_review_reason_codes (code, label, applies_to, position) VALUES
    ('strong_fit', 'Strong overall fit', 'approve', 1),
    ('skills_match', 'Skills cover the job', 'approve', 2),
    ('good_value', 'Rate fits the budget', 'approve', 3),
    ('skills_gap', 'Missing required skills', 'reject', 1),
    ('budget_mismatch', 'Rate outside the budget', 'reject', 2),
    ('experience_mismatch', 'Experience does not fit', 'reject', 3),
    ('region_mismatch', 'Region or timezone does not fit', 'reject', 4),
    ('stale', 'Duplicate or stale proposal', 'reject', 5),
    ('bias_concern', 'Possible bias', 'flag', 1),
    ('second_opinion', 'Needs a second opinion', 'flag', 2),
    ('data_problem', 'Job or profile data looks wrong', 'flag', 3);

ALTER TABLE ai_match_reviews ADD COLUMN supersedes TEXT REFERENCES ai_match_reviews (id);
CREATE UNIQUE INDEX ai_match_reviews_supersedes_idx ON ai_match_reviews (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX ai_match_reviews_reviewer_idx ON ai_match_reviews (reviewer, decided_at);

CREATE TABLE ai_review_assignments (
    match_id TEXT NOT NULL REFERENCES ai_match_results (id) ON DELETE CASCADE,
    slot INTEGER NOT NULL CHECK (slot IN (1, 2)),
    reviewer TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (match_id, slot)
);

CREATE TABLE ai_review_routes (
    match_id TEXT PRIMARY KEY REFERENCES ai_match_results (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('flag','disagreement','sample')),
    routed_at TEXT NOT NULL
);

CREATE TABLE ai_review_settings (
    key TEXT PRIMARY KEY CHECK (key IN ('level2_sample_rate','double_review_share','lease_minutes')),
    value REAL NOT NULL
);
INSERT OR IGNORE INTO ai_review_settings (key, value) VALUES
    ('level2_sample_rate', 0.05), ('double_review_share', 0.10), ('lease_minutes', 15);

CREATE VIEW ai_review_current AS
SELECT r.id, r.match_id, r.reviewer, r.decision, r.reason_code, r.note, r.decided_at, r.level, r.supersedes
FROM ai_match_reviews r
WHERE r.supersedes IS NULL
  AND NOT EXISTS (SELECT 1 FROM ai_match_reviews u WHERE u.supersedes = r.id);
