-- Sextant schema version 12 (SQLite): the fairness report's pre-aggregated counts, the same tables as PostgreSQL's
-- 0013_fairness_rollup.sql (which explains them). SQLite has no functions and only row triggers, so each of the
-- three steps is a trigger on a scratch table, called by inserting a row (which the step then deletes):
--   ai_fairness_person_step (user_id)       bring a person's class and eligibility up to date, moving their
--                                            current proposals (and the decisions on them) between cells;
--   ai_fairness_match_step (match_id, sign, with_reviews)
--                                            add sign × a proposal as its row is now (taken out BEFORE an update or
--                                            a delete, put back AFTER an update or insert);
--   ai_fairness_review_step (match_id, reviewer, decision, level, sign)
--                                            add sign × one decision on a current proposal.
-- Upserts, not INSERT OR IGNORE: a statement that fires a trigger imposes its own conflict resolution on it (a
-- foreign key's SET NULL aborts).
-- Class attributes are a JSON object written in attribute order, so one combination is always the same text.
-- Days are the first ten characters of the ISO-8601 UTC created_at.

CREATE TABLE ai_fairness_classes (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL,
    attributes TEXT NOT NULL,
    UNIQUE (region, attributes)
);

CREATE TABLE ai_fairness_people (
    user_id TEXT PRIMARY KEY,
    class_id INTEGER NOT NULL,
    eligible INTEGER NOT NULL,
    current_matches INTEGER NOT NULL DEFAULT 0,
    moving INTEGER NOT NULL DEFAULT 0 -- set while ai_fairness_person_step moves the person's proposals
);

CREATE TABLE ai_fairness_class_people (
    class_id INTEGER PRIMARY KEY,
    eligible INTEGER NOT NULL,
    proposed INTEGER NOT NULL
);

CREATE TABLE ai_fairness_jobs (
    job_id TEXT PRIMARY KEY,
    region TEXT NOT NULL
);

CREATE TABLE ai_fairness_freelancer_runs (
    run_id TEXT PRIMARY KEY
);

CREATE TABLE ai_fairness_match_cells (
    class_id INTEGER NOT NULL,
    job_region TEXT NOT NULL,
    day TEXT NOT NULL,
    position INTEGER NOT NULL,
    job_scope INTEGER NOT NULL,
    n INTEGER NOT NULL,
    applied INTEGER NOT NULL,
    hired INTEGER NOT NULL,
    applied_hired INTEGER NOT NULL,
    score_sum REAL NOT NULL,
    PRIMARY KEY (class_id, job_region, day, position, job_scope)
);

CREATE TABLE ai_fairness_review_cells (
    class_id INTEGER NOT NULL,
    job_region TEXT NOT NULL,
    day TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    n INTEGER NOT NULL,
    approved INTEGER NOT NULL,
    hired INTEGER NOT NULL,
    approved_hired INTEGER NOT NULL,
    PRIMARY KEY (class_id, job_region, day, reviewer)
);

CREATE TABLE ai_fairness_ranked_jobs (
    job_id TEXT NOT NULL,
    day TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (job_id, day)
);

CREATE TABLE ai_fairness_person_step (user_id TEXT NOT NULL);
CREATE TABLE ai_fairness_match_step (match_id TEXT NOT NULL, sign INTEGER NOT NULL, with_reviews INTEGER NOT NULL);
CREATE TABLE ai_fairness_review_step (match_id TEXT NOT NULL, reviewer TEXT NOT NULL, decision TEXT NOT NULL,
    level INTEGER NOT NULL, sign INTEGER NOT NULL);

CREATE TRIGGER ai_fairness_person_step_run AFTER INSERT ON ai_fairness_person_step BEGIN
    INSERT INTO ai_fairness_classes (region, attributes)
    SELECT COALESCE((SELECT location FROM core_freelancer_profiles WHERE user_id = NEW.user_id), ''),
        (SELECT COALESCE(json_group_object(attribute, value), '{}') FROM (SELECT attribute, value FROM ai_audit_attributes
            WHERE user_id = NEW.user_id ORDER BY attribute))
    WHERE true ON CONFLICT DO NOTHING;
    -- A new person (class -1) has nothing counted yet. A deleted person keeps their class: the cascade deleting
    -- their proposals takes them out of the cells they were counted in.
    INSERT INTO ai_fairness_people (user_id, class_id, eligible, current_matches) VALUES (NEW.user_id, -1, 0, 0)
    ON CONFLICT DO NOTHING;
    UPDATE ai_fairness_people SET moving = 1
    WHERE user_id = NEW.user_id AND class_id <> -1 AND EXISTS (SELECT 1 FROM auth_users WHERE id = NEW.user_id);
    INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews)
    SELECT m.id, -1, 1 FROM ai_match_results m JOIN ai_fairness_people f ON f.user_id = m.freelancer_id AND f.moving = 1
    WHERE m.freelancer_id = NEW.user_id AND m.superseded_at IS NULL;
    UPDATE ai_fairness_people
    SET class_id = CASE WHEN class_id = -1 OR moving = 1
            THEN (SELECT c.id FROM ai_fairness_classes c
                  WHERE c.region = COALESCE((SELECT location FROM core_freelancer_profiles WHERE user_id = NEW.user_id), '')
                      AND c.attributes = (SELECT COALESCE(json_group_object(attribute, value), '{}') FROM (SELECT attribute,
                          value FROM ai_audit_attributes WHERE user_id = NEW.user_id ORDER BY attribute)))
            ELSE class_id END,
        eligible = EXISTS (SELECT 1 FROM auth_users u JOIN core_freelancer_profiles p ON p.user_id = u.id
            WHERE u.id = NEW.user_id AND u.is_active = 1)
    WHERE user_id = NEW.user_id;
    INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews)
    SELECT m.id, 1, 1 FROM ai_match_results m JOIN ai_fairness_people f ON f.user_id = m.freelancer_id AND f.moving = 1
    WHERE m.freelancer_id = NEW.user_id AND m.superseded_at IS NULL;
    UPDATE ai_fairness_people SET moving = 0 WHERE user_id = NEW.user_id AND moving = 1;
    DELETE FROM ai_fairness_person_step WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER ai_fairness_match_step_run AFTER INSERT ON ai_fairness_match_step BEGIN
    INSERT INTO ai_fairness_person_step (user_id)
    SELECT m.freelancer_id FROM ai_match_results m WHERE m.id = NEW.match_id
        AND NOT EXISTS (SELECT 1 FROM ai_fairness_people f WHERE f.user_id = m.freelancer_id);
    INSERT INTO ai_fairness_jobs (job_id, region)
    SELECT m.job_id, COALESCE(j.region, '') FROM ai_match_results m LEFT JOIN core_jobs j ON j.id = m.job_id
    WHERE m.id = NEW.match_id ON CONFLICT DO NOTHING;
    INSERT INTO ai_fairness_match_cells
        (class_id, job_region, day, position, job_scope, n, applied, hired, applied_hired, score_sum)
    SELECT f.class_id, j.region, substr(m.created_at, 1, 10),
        CASE WHEN m.ranking IS NULL THEN -2147483648 ELSE min(m.ranking, 51) END,
        m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id FROM ai_fairness_freelancer_runs),
        NEW.sign, NEW.sign * (m.was_applied = 1), NEW.sign * (m.was_hired = 1),
        NEW.sign * (m.was_applied = 1 AND m.was_hired = 1), NEW.sign * m.score
    FROM ai_match_results m
    JOIN ai_fairness_people f ON f.user_id = m.freelancer_id
    JOIN ai_fairness_jobs j ON j.job_id = m.job_id
    WHERE m.id = NEW.match_id AND m.superseded_at IS NULL
    ON CONFLICT (class_id, job_region, day, position, job_scope) DO UPDATE
    SET n = n + excluded.n, applied = applied + excluded.applied, hired = hired + excluded.hired,
        applied_hired = applied_hired + excluded.applied_hired, score_sum = score_sum + excluded.score_sum;
    DELETE FROM ai_fairness_match_cells WHERE n <= 0 AND NEW.sign < 0;
    INSERT INTO ai_fairness_ranked_jobs (job_id, day, n)
    SELECT m.job_id, substr(m.created_at, 1, 10), NEW.sign FROM ai_match_results m
    WHERE m.id = NEW.match_id AND m.superseded_at IS NULL AND m.ranking BETWEEN 1 AND 50
        AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id FROM ai_fairness_freelancer_runs))
    ON CONFLICT (job_id, day) DO UPDATE SET n = n + excluded.n;
    DELETE FROM ai_fairness_ranked_jobs WHERE n <= 0 AND NEW.sign < 0;
    UPDATE ai_fairness_people SET current_matches = current_matches + NEW.sign
    WHERE user_id = (SELECT freelancer_id FROM ai_match_results WHERE id = NEW.match_id AND superseded_at IS NULL);
    INSERT INTO ai_fairness_review_step (match_id, reviewer, decision, level, sign)
    SELECT r.match_id, r.reviewer, r.decision, r.level, NEW.sign FROM ai_review_current r
    WHERE NEW.with_reviews = 1 AND r.match_id = NEW.match_id AND r.level = 1;
    DELETE FROM ai_fairness_match_step WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER ai_fairness_review_step_run AFTER INSERT ON ai_fairness_review_step BEGIN
    INSERT INTO ai_fairness_review_cells (class_id, job_region, day, reviewer, n, approved, hired, approved_hired)
    SELECT f.class_id, j.region, substr(m.created_at, 1, 10), NEW.reviewer, NEW.sign,
        NEW.sign * (NEW.decision = 'approve'), NEW.sign * (m.was_hired = 1),
        NEW.sign * (NEW.decision = 'approve' AND m.was_hired = 1)
    FROM ai_match_results m
    JOIN ai_fairness_people f ON f.user_id = m.freelancer_id
    JOIN ai_fairness_jobs j ON j.job_id = m.job_id
    WHERE m.id = NEW.match_id AND m.superseded_at IS NULL AND NEW.level = 1
    ON CONFLICT (class_id, job_region, day, reviewer) DO UPDATE
    SET n = n + excluded.n, approved = approved + excluded.approved, hired = hired + excluded.hired,
        approved_hired = approved_hired + excluded.approved_hired;
    DELETE FROM ai_fairness_review_cells WHERE n <= 0 AND NEW.sign < 0;
    DELETE FROM ai_fairness_review_step WHERE rowid = NEW.rowid;
END;

-- The Proposed stage's counts per class follow the people rows.
CREATE TRIGGER ai_fairness_people_insert AFTER INSERT ON ai_fairness_people BEGIN
    INSERT INTO ai_fairness_class_people (class_id, eligible, proposed)
    VALUES (NEW.class_id, NEW.eligible, NEW.eligible AND NEW.current_matches > 0)
    ON CONFLICT (class_id) DO UPDATE SET eligible = eligible + excluded.eligible, proposed = proposed + excluded.proposed;
END;
CREATE TRIGGER ai_fairness_people_update AFTER UPDATE OF class_id, eligible, current_matches ON ai_fairness_people BEGIN
    INSERT INTO ai_fairness_class_people (class_id, eligible, proposed)
    VALUES (OLD.class_id, -OLD.eligible, -(OLD.eligible AND OLD.current_matches > 0))
    ON CONFLICT (class_id) DO UPDATE SET eligible = eligible + excluded.eligible, proposed = proposed + excluded.proposed;
    INSERT INTO ai_fairness_class_people (class_id, eligible, proposed)
    VALUES (NEW.class_id, NEW.eligible, NEW.eligible AND NEW.current_matches > 0)
    ON CONFLICT (class_id) DO UPDATE SET eligible = eligible + excluded.eligible, proposed = proposed + excluded.proposed;
END;

CREATE TRIGGER ai_match_results_fairness_insert AFTER INSERT ON ai_match_results BEGIN
    INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews) VALUES (NEW.id, 1, 0);
END;
CREATE TRIGGER ai_match_results_fairness_before_update BEFORE UPDATE ON ai_match_results BEGIN
    INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews) VALUES (OLD.id, -1, 1);
END;
CREATE TRIGGER ai_match_results_fairness_update AFTER UPDATE ON ai_match_results BEGIN
    INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews) VALUES (NEW.id, 1, 1);
END;
-- Before the row goes, with its decisions: the cascade deletes them after the proposal is gone.
CREATE TRIGGER ai_match_results_fairness_delete BEFORE DELETE ON ai_match_results BEGIN
    INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews) VALUES (OLD.id, -1, 1);
END;

-- A decision is in force when it supersedes nothing and nothing supersedes it (at most one row supersedes another).
CREATE TRIGGER ai_match_reviews_fairness_insert AFTER INSERT ON ai_match_reviews BEGIN
    INSERT INTO ai_fairness_review_step (match_id, reviewer, decision, level, sign)
    SELECT NEW.match_id, NEW.reviewer, NEW.decision, NEW.level, 1
    WHERE NEW.supersedes IS NULL AND NOT EXISTS (SELECT 1 FROM ai_match_reviews u WHERE u.supersedes = NEW.id);
    INSERT INTO ai_fairness_review_step (match_id, reviewer, decision, level, sign)
    SELECT r.match_id, r.reviewer, r.decision, r.level, -1 FROM ai_match_reviews r
    WHERE r.id = NEW.supersedes AND r.supersedes IS NULL
        AND NOT EXISTS (SELECT 1 FROM ai_match_reviews u WHERE u.supersedes = r.id AND u.id <> NEW.id);
END;
CREATE TRIGGER ai_match_reviews_fairness_delete AFTER DELETE ON ai_match_reviews BEGIN
    INSERT INTO ai_fairness_review_step (match_id, reviewer, decision, level, sign)
    SELECT OLD.match_id, OLD.reviewer, OLD.decision, OLD.level, -1
    WHERE OLD.supersedes IS NULL AND NOT EXISTS (SELECT 1 FROM ai_match_reviews u WHERE u.supersedes = OLD.id);
    INSERT INTO ai_fairness_review_step (match_id, reviewer, decision, level, sign)
    SELECT r.match_id, r.reviewer, r.decision, r.level, 1 FROM ai_match_reviews r
    WHERE r.id = OLD.supersedes AND r.supersedes IS NULL
        AND NOT EXISTS (SELECT 1 FROM ai_match_reviews u WHERE u.supersedes = r.id);
END;

CREATE TRIGGER ai_audit_attributes_fairness_insert AFTER INSERT ON ai_audit_attributes BEGIN
    INSERT INTO ai_fairness_person_step (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER ai_audit_attributes_fairness_update AFTER UPDATE ON ai_audit_attributes BEGIN
    INSERT INTO ai_fairness_person_step (user_id) SELECT OLD.user_id WHERE OLD.user_id <> NEW.user_id;
    INSERT INTO ai_fairness_person_step (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER ai_audit_attributes_fairness_delete AFTER DELETE ON ai_audit_attributes BEGIN
    INSERT INTO ai_fairness_person_step (user_id) VALUES (OLD.user_id);
END;
CREATE TRIGGER core_freelancer_profiles_fairness_insert AFTER INSERT ON core_freelancer_profiles BEGIN
    INSERT INTO ai_fairness_person_step (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER core_freelancer_profiles_fairness_update AFTER UPDATE OF user_id, location ON core_freelancer_profiles BEGIN
    INSERT INTO ai_fairness_person_step (user_id) SELECT OLD.user_id WHERE OLD.user_id <> NEW.user_id;
    INSERT INTO ai_fairness_person_step (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER core_freelancer_profiles_fairness_delete AFTER DELETE ON core_freelancer_profiles BEGIN
    INSERT INTO ai_fairness_person_step (user_id) VALUES (OLD.user_id);
END;
CREATE TRIGGER auth_users_fairness_update AFTER UPDATE OF is_active ON auth_users WHEN OLD.is_active <> NEW.is_active BEGIN
    INSERT INTO ai_fairness_person_step (user_id) VALUES (NEW.id);
END;
CREATE TRIGGER core_jobs_fairness_update AFTER UPDATE OF region ON core_jobs WHEN OLD.region <> NEW.region BEGIN
    INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews)
    SELECT m.id, -1, 1 FROM ai_match_results m WHERE m.job_id = NEW.id AND m.superseded_at IS NULL;
    UPDATE ai_fairness_jobs SET region = NEW.region WHERE job_id = NEW.id;
    INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews)
    SELECT m.id, 1, 1 FROM ai_match_results m WHERE m.job_id = NEW.id AND m.superseded_at IS NULL;
END;
CREATE TRIGGER ai_match_runs_fairness_insert AFTER INSERT ON ai_match_runs WHEN NEW.scope = 'freelancer' BEGIN
    INSERT INTO ai_fairness_freelancer_runs (run_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
END;

-- What is already stored.
INSERT INTO ai_fairness_freelancer_runs (run_id) SELECT id FROM ai_match_runs WHERE scope = 'freelancer';
INSERT INTO ai_fairness_person_step (user_id)
SELECT user_id FROM core_freelancer_profiles UNION SELECT user_id FROM ai_audit_attributes
UNION SELECT freelancer_id FROM ai_match_results;
INSERT INTO ai_fairness_match_step (match_id, sign, with_reviews)
SELECT id, 1, 1 FROM ai_match_results WHERE superseded_at IS NULL;
