-- Sextant schema version 13 (SQLite): each job's own ranking for the fairness report's per-job measures, the same
-- table as PostgreSQL's 0015_fairness_job_rankings.sql (which explains it).
-- Reading a million proposals with their people's classes took seconds; this is one row per job and day.
-- SQLite has only row triggers, so every change that can alter a job's ranking inserts the job into a scratch
-- table, whose trigger rebuilds that job's rows from the proposals (at most 50 ranked per job) and deletes the
-- step. The order in which SQLite fires this file's triggers and 0012's does not matter: a person first counted
-- has class -1 until 0012 gives them theirs, and that update rebuilds their jobs again.

CREATE TABLE ai_fairness_job_rankings (
    job_id TEXT NOT NULL,
    day TEXT NOT NULL,
    items TEXT NOT NULL,
    PRIMARY KEY (job_id, day)
);

CREATE TABLE ai_fairness_job_step (job_id TEXT NOT NULL);

-- Scores with 17 digits; SQLite's printf may still miss the last bit, some 1e-16.
CREATE TRIGGER ai_fairness_job_step_run AFTER INSERT ON ai_fairness_job_step BEGIN
    DELETE FROM ai_fairness_job_rankings WHERE job_id = NEW.job_id;
    INSERT INTO ai_fairness_job_rankings (job_id, day, items)
    SELECT NEW.job_id, day, group_concat(item, ',')
    FROM (SELECT substr(m.created_at, 1, 10) AS day, m.ranking || ':' || f.class_id || ':' || printf('%.17g', m.score) AS item
          FROM ai_match_results m JOIN ai_fairness_people f ON f.user_id = m.freelancer_id
          WHERE m.job_id = NEW.job_id AND m.superseded_at IS NULL AND m.ranking BETWEEN 1 AND 50
              AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id FROM ai_fairness_freelancer_runs))
          ORDER BY m.ranking, m.id)
    GROUP BY day;
    DELETE FROM ai_fairness_job_step WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER ai_match_results_fairness_insert_job_rankings AFTER INSERT ON ai_match_results BEGIN
    INSERT INTO ai_fairness_job_step (job_id) VALUES (NEW.job_id);
END;
CREATE TRIGGER ai_match_results_fairness_update_job_rankings AFTER UPDATE ON ai_match_results BEGIN
    INSERT INTO ai_fairness_job_step (job_id) SELECT OLD.job_id WHERE OLD.job_id <> NEW.job_id;
    INSERT INTO ai_fairness_job_step (job_id) VALUES (NEW.job_id);
END;
CREATE TRIGGER ai_match_results_fairness_delete_job_rankings AFTER DELETE ON ai_match_results BEGIN
    INSERT INTO ai_fairness_job_step (job_id) VALUES (OLD.job_id);
END;
CREATE TRIGGER ai_fairness_people_update_job_rankings AFTER UPDATE OF class_id ON ai_fairness_people
    WHEN OLD.class_id <> NEW.class_id BEGIN
    INSERT INTO ai_fairness_job_step (job_id)
    SELECT DISTINCT m.job_id FROM ai_match_results m WHERE m.freelancer_id = NEW.user_id AND m.superseded_at IS NULL;
END;
CREATE TRIGGER ai_fairness_freelancer_runs_insert_job_rankings AFTER INSERT ON ai_fairness_freelancer_runs BEGIN
    INSERT INTO ai_fairness_job_step (job_id) SELECT DISTINCT m.job_id FROM ai_match_results m WHERE m.run_id = NEW.run_id;
END;

-- What is already stored.
INSERT INTO ai_fairness_job_step (job_id) SELECT DISTINCT job_id FROM ai_match_results WHERE superseded_at IS NULL;
