-- Sextant schema version 17 (PostgreSQL): the writers of the fairness rollups take turns.
-- 0013's and 0015's triggers keep the rollups (fairness_people, the match and review cells, the ranked jobs, each
-- job's ranking) in step with every statement that changes proposals, match runs, people or their protected
-- attributes, locking rollup rows in the order each statement meets them. Two such transactions at once (two match
-- runs writing, or a match run and an attribute import) met the same rows in different orders: three match runs and
-- an attribute import side by side on the test server, 70 transactions, ended 37 in PostgreSQL's deadlock detector
-- (everything rolled back, nothing lost, but the run failed). Now a transaction takes one lock before its first such
-- statement (a BEFORE … FOR EACH STATEMENT trigger, so before the statement locks any row) and holds it to its end:
-- the second writer waits for the first to commit, then goes on, and sees its rows.
-- Reviewers' decisions (match_reviews) do not take it: they change review cells only, in one short statement each,
-- and must never wait for a match run's transaction.

CREATE FUNCTION {{AI}}.fairness_writer_turn() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- One key for every rollup writer of this database: "sext" and 17.
    PERFORM pg_advisory_xact_lock(1936029812, 17);
    RETURN NULL;
END;
$$;

CREATE TRIGGER a_fairness_turn BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{AI}}.match_results
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_writer_turn();
CREATE TRIGGER a_fairness_turn BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{AI}}.match_runs
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_writer_turn();
CREATE TRIGGER a_fairness_turn BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{AI}}.audit_attributes
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_writer_turn();
CREATE TRIGGER a_fairness_turn BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{AUTH}}.users
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_writer_turn();
CREATE TRIGGER a_fairness_turn BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{CORE}}.freelancer_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_writer_turn();
CREATE TRIGGER a_fairness_turn BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{CORE}}.jobs
    FOR EACH STATEMENT EXECUTE FUNCTION {{AI}}.fairness_writer_turn();
