-- Sextant schema version 8 (PostgreSQL): the match review console (services/review, issue #17).
-- review_leases: who holds which proposal for now; a lease whose expires_at has passed is free again.
-- review_reason_codes: the configurable list of reasons offered per decision (seeded, admins edit it).
-- match_reviews gains supersedes: undo appends a row naming the row it cancels (reviews stay append-only;
-- one undo per row). Its client-made id stays the primary key, so a journalled decision sent twice is
-- written once (INSERT … ON CONFLICT DO NOTHING).
-- review_assignments: the proposals chosen for blind double review (agreement), one row per reviewer slot.
-- review_routes: the proposals routed to level 2 and why (a flag, level-1 disagreement, the sample).
-- review_settings: the level-2 sample rate, the double-review share and the lease length.
-- review_current: the decisions in force (neither an undo nor undone).
-- Roles: sextant_reviewer_l2 (a reviewer who may decide at level 2; admins are members). The database, not
-- only the UI, refuses a level-2 decision or lease from a level-1 reviewer, and a viewer has no INSERT.

CREATE TABLE {{AI}}.review_leases (
    match_id uuid PRIMARY KEY REFERENCES {{AI}}.match_results (id) ON DELETE CASCADE,
    reviewer text NOT NULL,
    level integer NOT NULL CHECK (level IN (1, 2)),
    claimed_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX review_leases_reviewer_idx ON {{AI}}.review_leases (reviewer);

CREATE TABLE {{AI}}.review_reason_codes (
    code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{1,40}$'),
    label text NOT NULL,
    applies_to text NOT NULL CHECK (applies_to IN ('approve','reject','flag')),
    position integer NOT NULL DEFAULT 0,
    active boolean NOT NULL DEFAULT true
);
INSERT INTO {{AI}}.review_reason_codes (code, label, applies_to, position) VALUES
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
    ('data_problem', 'Job or profile data looks wrong', 'flag', 3)
ON CONFLICT (code) DO NOTHING;

ALTER TABLE {{AI}}.match_reviews ADD COLUMN supersedes uuid REFERENCES {{AI}}.match_reviews (id);
CREATE UNIQUE INDEX match_reviews_supersedes_idx ON {{AI}}.match_reviews (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX match_reviews_reviewer_idx ON {{AI}}.match_reviews (reviewer, decided_at);

CREATE TABLE {{AI}}.review_assignments (
    match_id uuid NOT NULL REFERENCES {{AI}}.match_results (id) ON DELETE CASCADE,
    slot integer NOT NULL CHECK (slot IN (1, 2)),
    reviewer text NOT NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (match_id, slot)
);

CREATE TABLE {{AI}}.review_routes (
    match_id uuid PRIMARY KEY REFERENCES {{AI}}.match_results (id) ON DELETE CASCADE,
    reason text NOT NULL CHECK (reason IN ('flag','disagreement','sample')),
    routed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{AI}}.review_settings (
    key text PRIMARY KEY CHECK (key IN ('level2_sample_rate','double_review_share','lease_minutes')),
    value double precision NOT NULL
);
INSERT INTO {{AI}}.review_settings (key, value) VALUES
    ('level2_sample_rate', 0.05), ('double_review_share', 0.10), ('lease_minutes', 15)
ON CONFLICT (key) DO NOTHING;

CREATE VIEW {{AI}}.review_current AS
SELECT r.id, r.match_id, r.reviewer, r.decision, r.reason_code, r.note, r.decided_at, r.level, r.supersedes
FROM {{AI}}.match_reviews r
WHERE r.supersedes IS NULL
  AND NOT EXISTS (SELECT 1 FROM {{AI}}.match_reviews u WHERE u.supersedes = r.id);

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sextant_reviewer_l2') THEN
        CREATE ROLE sextant_reviewer_l2 NOLOGIN;
    END IF;
END
$$;
GRANT sextant_reviewer TO sextant_reviewer_l2;
GRANT sextant_reviewer_l2 TO sextant_admin;

GRANT SELECT ON {{AI}}.review_leases, {{AI}}.review_reason_codes, {{AI}}.review_assignments, {{AI}}.review_routes,
    {{AI}}.review_settings, {{AI}}.review_current TO sextant_viewer;
GRANT INSERT, UPDATE, DELETE ON {{AI}}.review_leases, {{AI}}.review_assignments, {{AI}}.review_routes
    TO sextant_reviewer;
GRANT INSERT, UPDATE, DELETE ON {{AI}}.review_reason_codes, {{AI}}.review_settings TO sextant_admin;

-- Level 2 is for sextant_reviewer_l2 (admins included). RESTRICTIVE: it narrows the INSERT policies of 0002.
CREATE POLICY match_reviews_level2 ON {{AI}}.match_reviews AS RESTRICTIVE FOR INSERT TO sextant_reviewer
    WITH CHECK (level = 1 OR pg_has_role(current_user, 'sextant_reviewer_l2', 'MEMBER'));

-- Leases: anyone may read them; a reviewer claims in their own name, takes over only an expired lease and
-- releases their own (or an expired one); an admin may release anyone's.
ALTER TABLE {{AI}}.review_leases ENABLE ROW LEVEL SECURITY;
CREATE POLICY review_leases_read ON {{AI}}.review_leases FOR SELECT TO sextant_viewer USING (true);
CREATE POLICY review_leases_claim ON {{AI}}.review_leases FOR INSERT TO sextant_reviewer
    WITH CHECK (reviewer = current_user
                AND (level = 1 OR pg_has_role(current_user, 'sextant_reviewer_l2', 'MEMBER')));
CREATE POLICY review_leases_takeover ON {{AI}}.review_leases FOR UPDATE TO sextant_reviewer
    USING (reviewer = current_user OR expires_at <= now())
    WITH CHECK (reviewer = current_user
                AND (level = 1 OR pg_has_role(current_user, 'sextant_reviewer_l2', 'MEMBER')));
CREATE POLICY review_leases_release ON {{AI}}.review_leases FOR DELETE TO sextant_reviewer
    USING (reviewer = current_user OR expires_at <= now());
CREATE POLICY review_leases_admin ON {{AI}}.review_leases FOR ALL TO sextant_admin USING (true) WITH CHECK (true);

-- Live: other consoles see leases come and go (decisions already notify through match_reviews' triggers).
CREATE TRIGGER review_leases_notify_insert AFTER INSERT ON {{AI}}.review_leases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('match_id');
CREATE TRIGGER review_leases_notify_delete AFTER DELETE ON {{AI}}.review_leases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('match_id');

-- Claiming locks the candidate proposals with FOR UPDATE SKIP LOCKED, so concurrent claimers pass each other
-- by instead of queueing on the same rows. Row locks need UPDATE on match_results, which reviewers must not
-- have: this function (run as the tables' owner) does only the locking and returns the ids it locked, in the
-- order given; the locks last until the caller's transaction ends.
CREATE FUNCTION {{AI}}.review_lock_candidates(candidates uuid[], wanted integer) RETURNS SETOF uuid
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT m.id FROM {{AI}}.match_results m
    WHERE m.id = ANY (candidates)
    ORDER BY array_position(candidates, m.id)
    LIMIT wanted
    FOR UPDATE OF m SKIP LOCKED
$$;
REVOKE ALL ON FUNCTION {{AI}}.review_lock_candidates(uuid[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {{AI}}.review_lock_candidates(uuid[], integer) TO sextant_reviewer;
