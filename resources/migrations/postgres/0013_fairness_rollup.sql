-- Sextant schema version 13 (PostgreSQL): the fairness report's counts, kept pre-aggregated (services/fairness,
-- issue 18). A report over a million match results had to join every current proposal to the audit attributes
-- (6.6 s even as a plain GROUP BY); these tables answer the same counts from a few hundred cells.
--   fairness_classes        every combination of region (freelancer_profiles.location) and audit attributes
--                           (as one jsonb object) that some freelancer has; a report groups classes, not people.
--   fairness_people         each freelancer's class, whether the Proposed stage counts them (active, with a
--                           profile) and how many current proposals they have.
--   fairness_class_people   per class, how many people the Proposed stage counts and how many have a proposal.
--   fairness_jobs           each proposed job's region as the cells counted it.
--   fairness_freelancer_runs  the runs of scope 'freelancer' (their rankings are no job's ranking); kept after
--                           a run is deleted so the proposals it leaves behind are taken out of the right cells.
--   fairness_match_cells    current proposals per class, job region, UTC day of created_at, position (ranking;
--                           NULL as -2147483648, above 50 as 51) and whether a job's run ranked them: how many,
--                           applied, hired, applied and hired, the sum of their scores.
--   fairness_review_cells   level-1 decisions in force on current proposals per class, job region, day and
--                           reviewer: how many, approved, on a hired proposal, both.
--   fairness_ranked_jobs    per job and day, its current proposals ranked 1..50 by a job's run.
-- Statement triggers on match_results, match_reviews, audit_attributes, freelancer_profiles, users (is_active),
-- jobs (region) and match_runs keep them exact: each change takes the rows' old contribution out and puts the new
-- one in; a freelancer or job whose class or region changes moves their proposals between cells. A cell that
-- empties is removed. Deleting a proposal takes its decisions out before the row goes (a cascade would delete
-- them before a statement trigger could read them). The functions run as the migration's owner (SECURITY
-- DEFINER) so a reviewer deciding or a matcher proposing needs no right on these tables.
-- Privacy: fairness_people links a person to their attributes' combination and the cells hold counts by the
-- protected attributes, so these tables have exactly the grants of ai.audit_attributes (the viewer is refused).
-- Cost on insert (PostgreSQL 15 on the test server, bench_fairness's insert_triggers rows at 10,000 proposals): one
-- job's ten proposals in one statement took 1.38 ms instead of 0.45 ms; one statement of 10,000 proposals ran at
-- 11,500 rows/s instead of 17,700/s. Nothing is added to the raw tables themselves.

CREATE TABLE {{AI}}.fairness_classes (
    id serial PRIMARY KEY,
    region text NOT NULL,
    attributes jsonb NOT NULL,
    UNIQUE (region, attributes)
);

CREATE TABLE {{AI}}.fairness_people (
    user_id uuid PRIMARY KEY,
    class_id integer NOT NULL,
    eligible boolean NOT NULL,
    current_matches integer NOT NULL DEFAULT 0
);

-- Per class: the Proposed stage's population (eligible people) and those of them with a current proposal, kept
-- by a trigger on fairness_people itself.
CREATE TABLE {{AI}}.fairness_class_people (
    class_id integer PRIMARY KEY,
    eligible bigint NOT NULL,
    proposed bigint NOT NULL
);

CREATE TABLE {{AI}}.fairness_jobs (
    job_id uuid PRIMARY KEY,
    region text NOT NULL
);

CREATE TABLE {{AI}}.fairness_freelancer_runs (
    run_id uuid PRIMARY KEY
);

CREATE TABLE {{AI}}.fairness_match_cells (
    class_id integer NOT NULL,
    job_region text NOT NULL,
    day date NOT NULL,
    position integer NOT NULL,
    job_scope boolean NOT NULL,
    n bigint NOT NULL,
    applied bigint NOT NULL,
    hired bigint NOT NULL,
    applied_hired bigint NOT NULL,
    score_sum double precision NOT NULL,
    PRIMARY KEY (class_id, job_region, day, position, job_scope)
);
CREATE INDEX fairness_match_cells_empty_idx ON {{AI}}.fairness_match_cells (class_id) WHERE n <= 0;

CREATE TABLE {{AI}}.fairness_review_cells (
    class_id integer NOT NULL,
    job_region text NOT NULL,
    day date NOT NULL,
    reviewer text NOT NULL,
    n bigint NOT NULL,
    approved bigint NOT NULL,
    hired bigint NOT NULL,
    approved_hired bigint NOT NULL,
    PRIMARY KEY (class_id, job_region, day, reviewer)
);
CREATE INDEX fairness_review_cells_empty_idx ON {{AI}}.fairness_review_cells (class_id) WHERE n <= 0;

CREATE TABLE {{AI}}.fairness_ranked_jobs (
    job_id uuid NOT NULL,
    day date NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (job_id, day)
);
CREATE INDEX fairness_ranked_jobs_empty_idx ON {{AI}}.fairness_ranked_jobs (job_id) WHERE n <= 0;

-- Brings the given people's rows to their current class and eligibility, moving their current proposals (and
-- the decisions on them) from the old class's cells to the new one's.
CREATE FUNCTION {{AI}}.fairness_refresh_people(ids uuid[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    moved uuid[];
    proposals {{AI}}.match_results[];
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS fairness_target (user_id uuid PRIMARY KEY, region text, attributes jsonb,
        eligible boolean, class_id integer) ON COMMIT DROP;
    DELETE FROM fairness_target;
    -- IN (SELECT unnest(…)) below, not = ANY (…): = ANY scans the array for every row, which for the 200,000
    -- people of a bulk attribute load is quadratic.
    INSERT INTO fairness_target (user_id, region, attributes, eligible)
    SELECT i.id, COALESCE(p.location, ''),
        COALESCE((SELECT jsonb_object_agg(a.attribute, a.value) FROM {{AI}}.audit_attributes a WHERE a.user_id = i.id),
            '{}'::jsonb),
        COALESCE(u.is_active, false) AND p.user_id IS NOT NULL
    FROM (SELECT DISTINCT unnest(ids) AS id) i
    LEFT JOIN {{CORE}}.freelancer_profiles p ON p.user_id = i.id
    LEFT JOIN {{AUTH}}.users u ON u.id = i.id;
    INSERT INTO {{AI}}.fairness_classes (region, attributes)
    SELECT DISTINCT region, attributes FROM fairness_target ORDER BY 1, 2 ON CONFLICT DO NOTHING;
    UPDATE fairness_target t SET class_id = c.id FROM {{AI}}.fairness_classes c
    WHERE c.region = t.region AND c.attributes = t.attributes;

    INSERT INTO {{AI}}.fairness_people (user_id, class_id, eligible)
    SELECT t.user_id, t.class_id, t.eligible FROM fairness_target t ORDER BY 1 ON CONFLICT (user_id) DO NOTHING;
    UPDATE {{AI}}.fairness_people f SET eligible = t.eligible FROM fairness_target t
    WHERE f.user_id = t.user_id AND f.eligible <> t.eligible;

    -- A deleted person keeps their class: their proposals are being deleted by the same cascade, and the
    -- proposals' trigger takes them out of the cells they were counted in.
    SELECT array_agg(t.user_id) INTO moved FROM fairness_target t JOIN {{AI}}.fairness_people f ON f.user_id = t.user_id
    WHERE f.class_id <> t.class_id AND EXISTS (SELECT 1 FROM {{AUTH}}.users u WHERE u.id = t.user_id);
    IF moved IS NULL THEN
        RETURN;
    END IF;
    proposals := ARRAY(SELECT m FROM {{AI}}.match_results m WHERE m.freelancer_id IN (SELECT unnest(moved))
        AND m.superseded_at IS NULL);
    PERFORM {{AI}}.fairness_apply_matches(proposals, -1, true);
    UPDATE {{AI}}.fairness_people f SET class_id = t.class_id FROM fairness_target t
    WHERE f.user_id = t.user_id AND t.user_id IN (SELECT unnest(moved));
    PERFORM {{AI}}.fairness_apply_matches(proposals, 1, true);
END;
$$;

-- Adds sign × the contribution of these proposal rows (as they were or are) to the cells, and with_reviews also
-- that of the level-1 decisions in force on them. Rows that are not current contribute nothing.
CREATE FUNCTION {{AI}}.fairness_apply_matches(rows {{AI}}.match_results[], sign integer, with_reviews boolean)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    missing uuid[];
BEGIN
    IF rows IS NULL OR cardinality(rows) = 0 THEN
        RETURN;
    END IF;
    SELECT array_agg(DISTINCT m.freelancer_id) INTO missing FROM unnest(rows) m
    WHERE NOT EXISTS (SELECT 1 FROM {{AI}}.fairness_people f WHERE f.user_id = m.freelancer_id);
    IF missing IS NOT NULL THEN
        PERFORM {{AI}}.fairness_refresh_people(missing);
    END IF;
    INSERT INTO {{AI}}.fairness_jobs (job_id, region)
    SELECT DISTINCT m.job_id, COALESCE(j.region, '') FROM unnest(rows) m LEFT JOIN {{CORE}}.jobs j ON j.id = m.job_id
    ORDER BY 1 ON CONFLICT (job_id) DO NOTHING;

    INSERT INTO {{AI}}.fairness_match_cells AS c
        (class_id, job_region, day, position, job_scope, n, applied, hired, applied_hired, score_sum)
    SELECT f.class_id, j.region, (m.created_at AT TIME ZONE 'UTC')::date,
        CASE WHEN m.ranking IS NULL THEN -2147483648 ELSE least(m.ranking, 51) END,
        m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id FROM {{AI}}.fairness_freelancer_runs),
        sign * count(*), sign * count(*) FILTER (WHERE m.was_applied), sign * count(*) FILTER (WHERE m.was_hired),
        sign * count(*) FILTER (WHERE m.was_applied AND m.was_hired), sign * sum(m.score)
    FROM unnest(rows) m
    JOIN {{AI}}.fairness_people f ON f.user_id = m.freelancer_id
    JOIN {{AI}}.fairness_jobs j ON j.job_id = m.job_id
    WHERE m.superseded_at IS NULL
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (class_id, job_region, day, position, job_scope) DO UPDATE
    SET n = c.n + excluded.n, applied = c.applied + excluded.applied, hired = c.hired + excluded.hired,
        applied_hired = c.applied_hired + excluded.applied_hired, score_sum = c.score_sum + excluded.score_sum;
    DELETE FROM {{AI}}.fairness_match_cells WHERE n <= 0;

    INSERT INTO {{AI}}.fairness_ranked_jobs AS c (job_id, day, n)
    SELECT m.job_id, (m.created_at AT TIME ZONE 'UTC')::date, sign * count(*)
    FROM unnest(rows) m
    WHERE m.superseded_at IS NULL AND m.ranking BETWEEN 1 AND 50
        AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id FROM {{AI}}.fairness_freelancer_runs))
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (job_id, day) DO UPDATE SET n = c.n + excluded.n;
    DELETE FROM {{AI}}.fairness_ranked_jobs WHERE n <= 0;

    UPDATE {{AI}}.fairness_people f SET current_matches = f.current_matches + d.n
    FROM (SELECT m.freelancer_id, sign * count(*) AS n FROM unnest(rows) m WHERE m.superseded_at IS NULL
          GROUP BY 1 ORDER BY 1) d
    WHERE f.user_id = d.freelancer_id;

    IF with_reviews THEN
        PERFORM {{AI}}.fairness_apply_reviews(ARRAY(SELECT r FROM {{AI}}.match_reviews r
            WHERE r.match_id IN (SELECT m.id FROM unnest(rows) m WHERE m.superseded_at IS NULL) AND r.level = 1
                AND r.supersedes IS NULL
                AND NOT EXISTS (SELECT 1 FROM {{AI}}.match_reviews u WHERE u.supersedes = r.id)), sign, rows);
    END IF;
END;
$$;

-- Adds sign × the contribution of these level-1 decisions (taken to be in force) on the proposals as `proposals`
-- gives them (NULL: as they are now); decisions on a proposal that is not current contribute nothing.
CREATE FUNCTION {{AI}}.fairness_apply_reviews(reviews {{AI}}.match_reviews[], sign integer,
    proposals {{AI}}.match_results[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF reviews IS NULL OR cardinality(reviews) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO {{AI}}.fairness_review_cells AS c
        (class_id, job_region, day, reviewer, n, approved, hired, approved_hired)
    SELECT f.class_id, j.region, (m.created_at AT TIME ZONE 'UTC')::date, r.reviewer,
        sign * count(*), sign * count(*) FILTER (WHERE r.decision = 'approve'), sign * count(*) FILTER (WHERE m.was_hired),
        sign * count(*) FILTER (WHERE r.decision = 'approve' AND m.was_hired)
    FROM unnest(reviews) r
    JOIN (SELECT * FROM unnest(proposals) UNION ALL SELECT * FROM {{AI}}.match_results x
          WHERE proposals IS NULL AND x.id IN (SELECT match_id FROM unnest(reviews))) m ON m.id = r.match_id
    JOIN {{AI}}.fairness_people f ON f.user_id = m.freelancer_id
    JOIN {{AI}}.fairness_jobs j ON j.job_id = m.job_id
    WHERE m.superseded_at IS NULL AND r.level = 1
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (class_id, job_region, day, reviewer) DO UPDATE
    SET n = c.n + excluded.n, approved = c.approved + excluded.approved, hired = c.hired + excluded.hired,
        approved_hired = c.approved_hired + excluded.approved_hired;
    DELETE FROM {{AI}}.fairness_review_cells WHERE n <= 0;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_matches_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- A deleted proposal's decisions were taken out row by row before it went (fairness_match_delete_row).
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM {{AI}}.fairness_apply_matches(ARRAY(SELECT ROW(o.*)::{{AI}}.match_results FROM old_rows o), -1, TG_OP = 'UPDATE');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM {{AI}}.fairness_apply_matches(ARRAY(SELECT ROW(n.*)::{{AI}}.match_results FROM new_rows n), 1, TG_OP = 'UPDATE');
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_match_delete_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.superseded_at IS NULL THEN
        PERFORM {{AI}}.fairness_apply_reviews(ARRAY(SELECT r FROM {{AI}}.match_reviews r
            WHERE r.match_id = OLD.id AND r.level = 1 AND r.supersedes IS NULL
                AND NOT EXISTS (SELECT 1 FROM {{AI}}.match_reviews u WHERE u.supersedes = r.id)), -1, ARRAY[OLD]);
    END IF;
    RETURN OLD;
END;
$$;

-- Decisions are appended (an undo is a row that supersedes another); only a cascade or an admin deletes them.
-- A decision is in force when it supersedes nothing and nothing supersedes it.
CREATE FUNCTION {{AI}}.fairness_reviews_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM {{AI}}.fairness_apply_reviews(ARRAY(SELECT ROW(n.*)::{{AI}}.match_reviews FROM new_rows n WHERE n.supersedes IS NULL
            AND NOT EXISTS (SELECT 1 FROM {{AI}}.match_reviews u WHERE u.supersedes = n.id)), 1, NULL);
        PERFORM {{AI}}.fairness_apply_reviews(ARRAY(SELECT r FROM {{AI}}.match_reviews r
            WHERE r.id IN (SELECT n.supersedes FROM new_rows n) AND r.id NOT IN (SELECT n.id FROM new_rows n)
                AND r.supersedes IS NULL
                AND NOT EXISTS (SELECT 1 FROM {{AI}}.match_reviews u WHERE u.supersedes = r.id
                    AND u.id NOT IN (SELECT n.id FROM new_rows n))), -1, NULL);
    ELSE
        PERFORM {{AI}}.fairness_apply_reviews(ARRAY(SELECT ROW(o.*)::{{AI}}.match_reviews FROM old_rows o WHERE o.supersedes IS NULL
            AND NOT EXISTS (SELECT 1 FROM {{AI}}.match_reviews u WHERE u.supersedes = o.id)
            AND NOT EXISTS (SELECT 1 FROM old_rows u WHERE u.supersedes = o.id)), -1, NULL);
        PERFORM {{AI}}.fairness_apply_reviews(ARRAY(SELECT r FROM {{AI}}.match_reviews r
            WHERE r.id IN (SELECT o.supersedes FROM old_rows o) AND r.supersedes IS NULL
                AND NOT EXISTS (SELECT 1 FROM {{AI}}.match_reviews u WHERE u.supersedes = r.id)), 1, NULL);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_people_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ids uuid[];
BEGIN
    IF TG_TABLE_NAME = 'users' THEN
        SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.is_active <> n.is_active;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.user_id) INTO ids FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.user_id) INTO ids FROM old_rows o;
    ELSE
        SELECT array_agg(x.user_id) INTO ids FROM (SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows) x;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM {{AI}}.fairness_refresh_people(ids);
    END IF;
    RETURN NULL;
END;
$$;

-- A person's contribution to their class's counts (the Proposed stage without a period).
CREATE FUNCTION {{AI}}.fairness_class_people_add(people {{AI}}.fairness_people[], sign integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF people IS NULL OR cardinality(people) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO {{AI}}.fairness_class_people AS c (class_id, eligible, proposed)
    SELECT p.class_id, sign * count(*) FILTER (WHERE p.eligible),
        sign * count(*) FILTER (WHERE p.eligible AND p.current_matches > 0)
    FROM unnest(people) p GROUP BY 1 ORDER BY 1
    ON CONFLICT (class_id) DO UPDATE SET eligible = c.eligible + excluded.eligible, proposed = c.proposed + excluded.proposed;
END;
$$;

-- Every updated row's old contribution out and new one in (unchanged ones cancel in the sums). Filtering the
-- changed rows by joining old_rows to new_rows looked cheaper, but the planner does not know the transition
-- tables' sizes and chose a nested loop: 200,000 people changing class took minutes.
CREATE FUNCTION {{AI}}.fairness_class_people_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM {{AI}}.fairness_class_people_add(ARRAY(SELECT ROW(o.*)::{{AI}}.fairness_people FROM old_rows o), -1);
    END IF;
    PERFORM {{AI}}.fairness_class_people_add(ARRAY(SELECT ROW(n.*)::{{AI}}.fairness_people FROM new_rows n), 1);
    RETURN NULL;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_jobs_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    moved uuid[];
    proposals {{AI}}.match_results[];
BEGIN
    SELECT array_agg(n.id) INTO moved FROM new_rows n JOIN {{AI}}.fairness_jobs j ON j.job_id = n.id
    WHERE j.region <> n.region;
    IF moved IS NULL THEN
        RETURN NULL;
    END IF;
    proposals := ARRAY(SELECT m FROM {{AI}}.match_results m WHERE m.job_id IN (SELECT unnest(moved)) AND m.superseded_at IS NULL);
    PERFORM {{AI}}.fairness_apply_matches(proposals, -1, true);
    UPDATE {{AI}}.fairness_jobs j SET region = n.region FROM new_rows n WHERE j.job_id = n.id AND n.id IN (SELECT unnest(moved));
    PERFORM {{AI}}.fairness_apply_matches(proposals, 1, true);
    RETURN NULL;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_runs_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO {{AI}}.fairness_freelancer_runs (run_id)
    SELECT n.id FROM new_rows n WHERE n.scope = 'freelancer' ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER fairness_people_insert AFTER INSERT ON {{AI}}.fairness_people REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_class_people_change();
CREATE TRIGGER fairness_people_update AFTER UPDATE ON {{AI}}.fairness_people
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_class_people_change();
CREATE TRIGGER match_results_fairness_insert AFTER INSERT ON {{AI}}.match_results REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_matches_change();
CREATE TRIGGER match_results_fairness_update AFTER UPDATE ON {{AI}}.match_results
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_matches_change();
CREATE TRIGGER match_results_fairness_delete AFTER DELETE ON {{AI}}.match_results REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_matches_change();
CREATE TRIGGER match_results_fairness_delete_row BEFORE DELETE ON {{AI}}.match_results
    FOR EACH ROW EXECUTE FUNCTION {{AI}}.fairness_match_delete_row();
CREATE TRIGGER match_reviews_fairness_insert AFTER INSERT ON {{AI}}.match_reviews REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_reviews_change();
CREATE TRIGGER match_reviews_fairness_delete AFTER DELETE ON {{AI}}.match_reviews REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_reviews_change();
CREATE TRIGGER audit_attributes_fairness_insert AFTER INSERT ON {{AI}}.audit_attributes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_people_change();
CREATE TRIGGER audit_attributes_fairness_update AFTER UPDATE ON {{AI}}.audit_attributes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_people_change();
CREATE TRIGGER audit_attributes_fairness_delete AFTER DELETE ON {{AI}}.audit_attributes
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_people_change();
CREATE TRIGGER freelancer_profiles_fairness_insert AFTER INSERT ON {{CORE}}.freelancer_profiles
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_people_change();
CREATE TRIGGER freelancer_profiles_fairness_update AFTER UPDATE ON {{CORE}}.freelancer_profiles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_people_change();
CREATE TRIGGER freelancer_profiles_fairness_delete AFTER DELETE ON {{CORE}}.freelancer_profiles
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_people_change();
CREATE TRIGGER users_fairness_update AFTER UPDATE ON {{AUTH}}.users
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_people_change();
CREATE TRIGGER jobs_fairness_update AFTER UPDATE ON {{CORE}}.jobs
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_jobs_change();
CREATE TRIGGER match_runs_fairness_insert AFTER INSERT ON {{AI}}.match_runs REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_runs_change();

-- Everything again from the raw tables: what is already stored, and after a TRUNCATE (which fires no row or
-- delete trigger) of any table the cells are counted from.
CREATE FUNCTION {{AI}}.fairness_rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    TRUNCATE {{AI}}.fairness_people, {{AI}}.fairness_class_people, {{AI}}.fairness_jobs, {{AI}}.fairness_freelancer_runs,
        {{AI}}.fairness_match_cells, {{AI}}.fairness_review_cells, {{AI}}.fairness_ranked_jobs;
    INSERT INTO {{AI}}.fairness_freelancer_runs (run_id) SELECT id FROM {{AI}}.match_runs WHERE scope = 'freelancer';
    PERFORM {{AI}}.fairness_refresh_people(ARRAY(SELECT user_id FROM {{CORE}}.freelancer_profiles
        UNION SELECT freelancer_id FROM {{AI}}.match_results UNION SELECT user_id FROM {{AI}}.audit_attributes));
    PERFORM {{AI}}.fairness_apply_matches(ARRAY(SELECT m FROM {{AI}}.match_results m WHERE m.superseded_at IS NULL),
        1, true);
END;
$$;

CREATE FUNCTION {{AI}}.fairness_truncated() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM {{AI}}.fairness_rebuild();
    RETURN NULL;
END;
$$;

CREATE TRIGGER match_results_fairness_truncate AFTER TRUNCATE ON {{AI}}.match_results
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_truncated();
CREATE TRIGGER match_reviews_fairness_truncate AFTER TRUNCATE ON {{AI}}.match_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_truncated();
CREATE TRIGGER audit_attributes_fairness_truncate AFTER TRUNCATE ON {{AI}}.audit_attributes
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_truncated();
CREATE TRIGGER freelancer_profiles_fairness_truncate AFTER TRUNCATE ON {{CORE}}.freelancer_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_truncated();
CREATE TRIGGER users_fairness_truncate AFTER TRUNCATE ON {{AUTH}}.users
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_truncated();
CREATE TRIGGER jobs_fairness_truncate AFTER TRUNCATE ON {{CORE}}.jobs
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_truncated();

SELECT {{AI}}.fairness_rebuild();

REVOKE ALL ON {{AI}}.fairness_classes, {{AI}}.fairness_people, {{AI}}.fairness_class_people, {{AI}}.fairness_jobs, {{AI}}.fairness_freelancer_runs,
    {{AI}}.fairness_match_cells, {{AI}}.fairness_review_cells, {{AI}}.fairness_ranked_jobs FROM PUBLIC;
GRANT SELECT ON {{AI}}.fairness_classes, {{AI}}.fairness_people, {{AI}}.fairness_class_people, {{AI}}.fairness_jobs, {{AI}}.fairness_match_cells,
    {{AI}}.fairness_review_cells, {{AI}}.fairness_ranked_jobs TO sextant_reviewer, sextant_admin;
