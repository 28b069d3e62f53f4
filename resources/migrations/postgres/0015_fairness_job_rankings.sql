-- Sextant schema version 15 (PostgreSQL): each job's own ranking, kept for the fairness report's per-job measures
-- (services/fairness, issue 18). Reading the current proposals ranked per job with their freelancers' classes took
-- 1.6 s at a million proposals (a scan of every proposal joined to fairness_people); the report has a second.
--   fairness_job_rankings  per job and UTC day of created_at: its current proposals that a job's run ranked 1..50,
--                          in ranking order as "position:class:score" joined by commas (class: fairness_classes;
--                          the score as float8 text, which reads back as the same double). One row per job and day,
--                          so a report over 100,000 jobs reads 100,000 strings and maps the few classes to its
--                          groups itself. Text, not arrays: printing a million numbers took the server 240 ms of
--                          the report's second; the triggers print each proposal once, when it changes.
-- Kept by rebuilding the rows of every job a change touches: proposals inserted, updated or deleted (the jobs of
-- their old and new rows), people whose class changes or who are first counted (fairness_people, kept by 0013's
-- triggers, which fire first: their names sort before these), and a run that turns out to be a freelancer's.
-- A TRUNCATE of a table the classes or proposals come from rebuilds everything, after 0013's own rebuild.
-- Privacy: a row links a job's ranking to the protected attributes' classes, so the table has the grants of
-- fairness_match_cells (reviewer and admin read it; the viewer is refused and the report falls back to the raw
-- tables on the region).

CREATE TABLE {{AI}}.fairness_job_rankings (
    job_id uuid NOT NULL,
    day date NOT NULL,
    items text NOT NULL,
    PRIMARY KEY (job_id, day)
);

-- The rows of these jobs again from match_results and fairness_people. A few jobs (a matcher's statement) by
-- = ANY, which the index on (job_id, ranking) answers; many through a keyed temporary table, not = ANY nor
-- IN (SELECT unnest(…)): inside a trigger the planner knows neither the array's length nor, after a bulk load into
-- an emptied table, the proposals', and rescanned the array once per proposal (a million proposals × 100,000 jobs
-- ran for over a quarter of an hour). With the key every plan is a lookup per row.
CREATE FUNCTION {{AI}}.fairness_refresh_job_rankings(jobs uuid[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF jobs IS NULL OR cardinality(jobs) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(jobs) <= 100 THEN
        DELETE FROM {{AI}}.fairness_job_rankings WHERE job_id = ANY (jobs);
        INSERT INTO {{AI}}.fairness_job_rankings (job_id, day, items)
        SELECT m.job_id, (m.created_at AT TIME ZONE 'UTC')::date,
            string_agg(m.ranking || ':' || f.class_id || ':' || m.score::float8::text, ',' ORDER BY m.ranking, m.id)
        FROM {{AI}}.match_results m
        JOIN {{AI}}.fairness_people f ON f.user_id = m.freelancer_id
        WHERE m.job_id = ANY (jobs) AND m.superseded_at IS NULL AND m.ranking BETWEEN 1 AND 50
            AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id FROM {{AI}}.fairness_freelancer_runs))
        GROUP BY 1, 2 ORDER BY 1, 2;
        RETURN;
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS fairness_touched_jobs (job_id uuid PRIMARY KEY) ON COMMIT DROP;
    DELETE FROM fairness_touched_jobs;
    INSERT INTO fairness_touched_jobs (job_id) SELECT DISTINCT j FROM unnest(jobs) AS j WHERE j IS NOT NULL;
    DELETE FROM {{AI}}.fairness_job_rankings k USING fairness_touched_jobs t WHERE k.job_id = t.job_id;
    INSERT INTO {{AI}}.fairness_job_rankings (job_id, day, items)
    SELECT m.job_id, (m.created_at AT TIME ZONE 'UTC')::date,
        string_agg(m.ranking || ':' || f.class_id || ':' || m.score::float8::text, ',' ORDER BY m.ranking, m.id)
    FROM fairness_touched_jobs t
    JOIN {{AI}}.match_results m ON m.job_id = t.job_id
    JOIN {{AI}}.fairness_people f ON f.user_id = m.freelancer_id
    WHERE m.superseded_at IS NULL AND m.ranking BETWEEN 1 AND 50
        AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id FROM {{AI}}.fairness_freelancer_runs))
    GROUP BY 1, 2 ORDER BY 1, 2;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_job_rankings_matches_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM {{AI}}.fairness_refresh_job_rankings(ARRAY(SELECT DISTINCT job_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM {{AI}}.fairness_refresh_job_rankings(ARRAY(SELECT job_id FROM old_rows UNION SELECT job_id FROM new_rows));
    ELSE
        PERFORM {{AI}}.fairness_refresh_job_rankings(ARRAY(SELECT DISTINCT job_id FROM old_rows));
    END IF;
    RETURN NULL;
END;
$$;

-- People counted for the first time or moved to another class: their current proposals' jobs. Every proposal
-- statement updates fairness_people (current_matches), so an update looks for the rows whose class changed; by
-- EXCEPT, which hashes, not by joining the transition tables (0013 found the planner nests loops over those).
CREATE FUNCTION {{AI}}.fairness_job_rankings_people_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    moved uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        moved := ARRAY(SELECT user_id FROM new_rows);
    ELSE
        moved := ARRAY(SELECT user_id FROM (SELECT user_id, class_id FROM new_rows
            EXCEPT SELECT user_id, class_id FROM old_rows) x);
    END IF;
    IF cardinality(moved) = 0 THEN
        RETURN NULL;
    END IF;
    -- A keyed temporary table again (see fairness_refresh_job_rankings): 200,000 people may change class at once.
    CREATE TEMP TABLE IF NOT EXISTS fairness_touched_people (user_id uuid PRIMARY KEY) ON COMMIT DROP;
    DELETE FROM fairness_touched_people;
    INSERT INTO fairness_touched_people (user_id) SELECT DISTINCT u FROM unnest(moved) AS u WHERE u IS NOT NULL;
    PERFORM {{AI}}.fairness_refresh_job_rankings(ARRAY(SELECT DISTINCT m.job_id FROM fairness_touched_people p
        JOIN {{AI}}.match_results m ON m.freelancer_id = p.user_id WHERE m.superseded_at IS NULL));
    RETURN NULL;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_job_rankings_runs_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM {{AI}}.fairness_refresh_job_rankings(ARRAY(SELECT DISTINCT m.job_id FROM {{AI}}.match_results m
        WHERE m.run_id IN (SELECT run_id FROM new_rows)));
    RETURN NULL;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_job_rankings_rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    TRUNCATE {{AI}}.fairness_job_rankings;
    INSERT INTO {{AI}}.fairness_job_rankings (job_id, day, items)
    SELECT m.job_id, (m.created_at AT TIME ZONE 'UTC')::date,
        string_agg(m.ranking || ':' || f.class_id || ':' || m.score::float8::text, ',' ORDER BY m.ranking, m.id)
    FROM {{AI}}.match_results m
    JOIN {{AI}}.fairness_people f ON f.user_id = m.freelancer_id
    WHERE m.superseded_at IS NULL AND m.ranking BETWEEN 1 AND 50
        AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id FROM {{AI}}.fairness_freelancer_runs))
    GROUP BY 1, 2 ORDER BY 1, 2;
END;
$$;

CREATE FUNCTION {{AI}}.fairness_job_rankings_truncated() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM {{AI}}.fairness_job_rankings_rebuild();
    RETURN NULL;
END;
$$;

-- Named after 0013's triggers on the same tables (…_insert < …_insert_job_rankings), so they fire after them.
CREATE TRIGGER match_results_fairness_insert_job_rankings AFTER INSERT ON {{AI}}.match_results
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_matches_change();
CREATE TRIGGER match_results_fairness_update_job_rankings AFTER UPDATE ON {{AI}}.match_results
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_matches_change();
CREATE TRIGGER match_results_fairness_delete_job_rankings AFTER DELETE ON {{AI}}.match_results
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_matches_change();
CREATE TRIGGER fairness_people_insert_job_rankings AFTER INSERT ON {{AI}}.fairness_people
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_people_change();
CREATE TRIGGER fairness_people_update_job_rankings AFTER UPDATE ON {{AI}}.fairness_people
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_people_change();
CREATE TRIGGER fairness_freelancer_runs_insert_job_rankings AFTER INSERT ON {{AI}}.fairness_freelancer_runs
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_runs_change();

CREATE TRIGGER match_results_fairness_truncate_job_rankings AFTER TRUNCATE ON {{AI}}.match_results
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_truncated();
CREATE TRIGGER audit_attributes_fairness_truncate_job_rankings AFTER TRUNCATE ON {{AI}}.audit_attributes
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_truncated();
CREATE TRIGGER freelancer_profiles_fairness_truncate_job_rankings AFTER TRUNCATE ON {{CORE}}.freelancer_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_truncated();
CREATE TRIGGER users_fairness_truncate_job_rankings AFTER TRUNCATE ON {{AUTH}}.users
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_job_rankings_truncated();

SELECT {{AI}}.fairness_job_rankings_rebuild();

REVOKE ALL ON {{AI}}.fairness_job_rankings FROM PUBLIC;
GRANT SELECT ON {{AI}}.fairness_job_rankings TO sextant_reviewer, sextant_admin;
