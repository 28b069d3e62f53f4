-- Sextant schema version 12 (PostgreSQL): the archetype dashboards' page load at a million memories (issue 19).
-- The page opens under the memory browser's default filter ("not archived"), and its monitor counts the unarchived
-- memories still waiting for each archetype. Both joined every evaluation to its memory (13 s and 17 s at
-- 1,000,000 memories / 8,000,000 evaluations), and counting the unarchived memories alone scanned them all.
--
-- evaluation_totals: 0010's rollup without the day, split by model, prompt version and whether the memory is
-- archived (some 20,000 cells). The default filter's distributions and the monitor's evaluated and pending counts
-- read it. Kept exact by the same statement triggers as evaluation_rollup (its function is rewritten here; one
-- pass over the transition rows feeds both).
-- evaluations.memory_archived: "the memory is archived", copied onto its evaluations so the triggers know a row's
-- cell from the row alone, also when the row goes with its memory (ON DELETE CASCADE runs after the memory row is
-- gone). Kept by triggers, never written by the application:
--  - memories_archived_evaluations, a statement trigger on memories, finds the memories a statement archived or
--    brought back (old and new rows joined by id), flips their evaluations in one UPDATE (whose trigger moves the
--    values between cells) and moves their counts;
--  - the insert trigger marks new evaluations of a memory that is already archived after counting them (rare;
--    memories_archived_idx finds those memories), which moves them the same way.
-- memory_counts: how many memories are archived and not, in 16 slots per state (chosen by the writing session's
-- process id), so sessions writing memories at the same time rarely wait on the same row; kept by statement
-- triggers on insert, update and delete, and emptied with the table on TRUNCATE.
-- Indexes added: memories_archived_idx (partial: archived memories only, nothing to write for the others),
-- evaluation_rollup_confidence_idx (partial: confidence cells, written only when a day's new cell appears; the
-- window's counts read 14 days of them) and evaluation_totals_empty_idx (as 0010's). None on evaluations.
-- Cost (test server, 2 cores shared with other builds, so noisy): one INSERT of 80,000 evaluations took about as
-- long with this function as with 0010's (2.3 s against 2.1-2.4 s, triggers alone); archetypes.insert_triggers_1m gave
-- 25,000/s and 18,500/s with the triggers in two runs (0010's: 18,600/s the same day), against 29,700/s and 68,000/s
-- without; 5 % of them for archived memories add 0.3 s. Archiving 475 memories in one statement at 1,000,000 memories: 1.3 s. Migrating a workspace of 8,000,000
-- evaluations: about 3.5 minutes (mostly building evaluation_totals).

ALTER TABLE {{EUMAS}}.evaluations ADD COLUMN memory_archived boolean NOT NULL DEFAULT false;
CREATE INDEX memories_archived_idx ON {{EUMAS}}.memories (id) WHERE archived_at IS NOT NULL;
ALTER TABLE {{EUMAS}}.evaluations DISABLE TRIGGER evaluations_rollup_update;
UPDATE {{EUMAS}}.evaluations e SET memory_archived = true
FROM {{EUMAS}}.memories m WHERE m.id = e.memory_id AND m.archived_at IS NOT NULL;
ALTER TABLE {{EUMAS}}.evaluations ENABLE TRIGGER evaluations_rollup_update;

CREATE INDEX evaluation_rollup_confidence_idx ON {{EUMAS}}.evaluation_rollup (day) WHERE metric = 5;

CREATE TABLE {{EUMAS}}.evaluation_totals (
    archetype text NOT NULL,
    metric smallint NOT NULL,
    model text NOT NULL,
    prompt_version text NOT NULL,
    archived boolean NOT NULL,
    bin smallint NOT NULL,
    n bigint NOT NULL,
    total double precision NOT NULL,
    total_sq double precision NOT NULL,
    lo double precision NOT NULL,
    hi double precision NOT NULL,
    bounds bigint NOT NULL,
    PRIMARY KEY (archetype, metric, model, prompt_version, archived, bin)
);
CREATE INDEX evaluation_totals_empty_idx ON {{EUMAS}}.evaluation_totals (archetype) WHERE n <= 0;

CREATE TABLE {{EUMAS}}.memory_counts (
    archived boolean NOT NULL,
    slot smallint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (archived, slot)
);

-- The transition tables are read inline (a function called from here could not see them). Cells are written in
-- their keys' order, so two transactions lock the cells they share in the same order. work_mem: with the default
-- 4 MB a bulk statement's values (480,000 for 80,000 evaluations) were sorted on disk, twice the time of hashing.
CREATE OR REPLACE FUNCTION {{EUMAS}}.evaluation_rollup_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp SET work_mem = '64MB' AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        WITH o AS (
            SELECT v.archetype, v.metric, v.day, v.model, v.prompt_version, v.archived,
                least(100, greatest(0, floor(v.value * 100 + 1e-9)))::smallint AS bin, count(*) AS n, sum(v.value) AS total,
                sum(v.value * v.value) AS total_sq, count(*) FILTER (WHERE v.value = 0 OR v.value = 1) AS bounds
            FROM (SELECT r.archetype, k.metric, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.model, r.prompt_version,
                      r.memory_archived AS archived, (r.metrics ->> k.name)::double precision AS value
                  FROM old_rows r JOIN {{EUMAS}}.archetype_metric_names k ON k.archetype = r.archetype
                  UNION ALL SELECT r.archetype, 4, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
                      r.memory_archived, r.archetype_priority FROM old_rows r
                  UNION ALL SELECT r.archetype, 5, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
                      r.memory_archived, r.confidence FROM old_rows r) v
            WHERE v.value IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5, 6, 7),
        days AS (
            UPDATE {{EUMAS}}.evaluation_rollup c
            SET n = c.n - x.n, total = c.total - x.total, total_sq = c.total_sq - x.total_sq, bounds = c.bounds - x.bounds
            FROM (SELECT archetype, metric, day, model, prompt_version, bin, sum(n) AS n, sum(total) AS total,
                      sum(total_sq) AS total_sq, sum(bounds) AS bounds
                  FROM o GROUP BY 1, 2, 3, 4, 5, 6) x
            WHERE c.archetype = x.archetype AND c.metric = x.metric AND c.day = x.day AND c.model = x.model
                AND c.prompt_version = x.prompt_version AND c.bin = x.bin)
        UPDATE {{EUMAS}}.evaluation_totals c
        SET n = c.n - x.n, total = c.total - x.total, total_sq = c.total_sq - x.total_sq, bounds = c.bounds - x.bounds
        FROM (SELECT archetype, metric, model, prompt_version, archived, bin, sum(n) AS n, sum(total) AS total,
                  sum(total_sq) AS total_sq, sum(bounds) AS bounds
              FROM o GROUP BY 1, 2, 3, 4, 5, 6) x
        WHERE c.archetype = x.archetype AND c.metric = x.metric AND c.model = x.model
            AND c.prompt_version = x.prompt_version AND c.archived = x.archived AND c.bin = x.bin;
        DELETE FROM {{EUMAS}}.evaluation_rollup WHERE n <= 0;
        DELETE FROM {{EUMAS}}.evaluation_totals WHERE n <= 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        -- One pass over the new values to the finest cells (day and archived flag), summed again for each table:
        -- grouping the values a second time for evaluation_totals sorted them on disk (2.5 s for 80,000 rows).
        WITH v AS (
            SELECT archetype, metric, day, model, prompt_version, archived,
                least(100, greatest(0, floor(value * 100 + 1e-9)))::smallint AS bin, count(*) AS n, sum(value) AS total,
                sum(value * value) AS total_sq, min(value) AS lo, max(value) AS hi,
                count(*) FILTER (WHERE value = 0 OR value = 1) AS bounds
            FROM (SELECT r.archetype, k.metric, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.model, r.prompt_version,
                      r.memory_archived AS archived, (r.metrics ->> k.name)::double precision AS value
                  FROM new_rows r JOIN {{EUMAS}}.archetype_metric_names k ON k.archetype = r.archetype
                  UNION ALL SELECT r.archetype, 4, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
                      r.memory_archived, r.archetype_priority FROM new_rows r
                  UNION ALL SELECT r.archetype, 5, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
                      r.memory_archived, r.confidence FROM new_rows r) x
            WHERE value IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5, 6, 7),
        days AS (
            INSERT INTO {{EUMAS}}.evaluation_rollup AS c
                (archetype, metric, day, model, prompt_version, bin, n, total, total_sq, lo, hi, bounds)
            SELECT archetype, metric, day, model, prompt_version, bin, sum(n), sum(total), sum(total_sq), min(lo), max(hi),
                sum(bounds)
            FROM v GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (archetype, metric, day, model, prompt_version, bin) DO UPDATE
            SET n = c.n + excluded.n, total = c.total + excluded.total, total_sq = c.total_sq + excluded.total_sq,
                lo = least(c.lo, excluded.lo), hi = greatest(c.hi, excluded.hi), bounds = c.bounds + excluded.bounds)
        INSERT INTO {{EUMAS}}.evaluation_totals AS c
            (archetype, metric, model, prompt_version, archived, bin, n, total, total_sq, lo, hi, bounds)
        SELECT archetype, metric, model, prompt_version, archived, bin, sum(n), sum(total), sum(total_sq), min(lo), max(hi),
            sum(bounds)
        FROM v GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (archetype, metric, model, prompt_version, archived, bin) DO UPDATE
        SET n = c.n + excluded.n, total = c.total + excluded.total, total_sq = c.total_sq + excluded.total_sq,
            lo = least(c.lo, excluded.lo), hi = greatest(c.hi, excluded.hi), bounds = c.bounds + excluded.bounds;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- New evaluations of an archived memory: counted as not archived above, moved by the update this makes.
        UPDATE {{EUMAS}}.evaluations e SET memory_archived = true
        FROM new_rows r JOIN {{EUMAS}}.memories m ON m.id = r.memory_id AND m.archived_at IS NOT NULL
        WHERE NOT r.memory_archived AND e.memory_id = r.memory_id AND e.archetype = r.archetype;
    END IF;
    RETURN NULL;
END;
$$;

-- DELETE, not TRUNCATE: a TRUNCATE that names these tables as well is still running when this fires.
CREATE FUNCTION {{EUMAS}}.evaluation_totals_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'memories' THEN
        DELETE FROM {{EUMAS}}.memory_counts;
    ELSE
        DELETE FROM {{EUMAS}}.evaluation_rollup;
        DELETE FROM {{EUMAS}}.evaluation_totals;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER evaluations_rollup_truncate AFTER TRUNCATE ON {{EUMAS}}.evaluations
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.evaluation_totals_truncate();
CREATE TRIGGER memories_counts_truncate AFTER TRUNCATE ON {{EUMAS}}.memories
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.evaluation_totals_truncate();

CREATE FUNCTION {{EUMAS}}.memory_counts_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {{EUMAS}}.memory_counts AS c (archived, slot, n)
        SELECT archived_at IS NOT NULL, pg_backend_pid() % 16, count(*) FROM new_rows GROUP BY 1 ORDER BY 1
        ON CONFLICT (archived, slot) DO UPDATE SET n = c.n + excluded.n;
    ELSE
        INSERT INTO {{EUMAS}}.memory_counts AS c (archived, slot, n)
        SELECT archived_at IS NOT NULL, pg_backend_pid() % 16, -count(*) FROM old_rows GROUP BY 1 ORDER BY 1
        ON CONFLICT (archived, slot) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER memories_counts_insert AFTER INSERT ON {{EUMAS}}.memories REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.memory_counts_change();
CREATE TRIGGER memories_counts_delete AFTER DELETE ON {{EUMAS}}.memories REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.memory_counts_change();

-- One statement for all the memories a statement archived or brought back: a row trigger ran the rollup triggers
-- once per memory (36 ms each at a million memories: 9,500 archived at once took 6 minutes, now 15 s).
CREATE FUNCTION {{EUMAS}}.memory_archived_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    WITH moved AS (
        SELECT n.id, n.archived_at IS NOT NULL AS archived FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (o.archived_at IS NULL) <> (n.archived_at IS NULL)),
    counted AS (
        INSERT INTO {{EUMAS}}.memory_counts AS c (archived, slot, n)
        SELECT archived, pg_backend_pid() % 16, sum(d)
        FROM (SELECT archived, 1 AS d FROM moved UNION ALL SELECT NOT archived, -1 FROM moved) x
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (archived, slot) DO UPDATE SET n = c.n + excluded.n)
    UPDATE {{EUMAS}}.evaluations e SET memory_archived = m.archived FROM moved m
    WHERE e.memory_id = m.id AND e.memory_archived <> m.archived;
    RETURN NULL;
END;
$$;

CREATE TRIGGER memories_archived_evaluations AFTER UPDATE ON {{EUMAS}}.memories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.memory_archived_change();

-- What is already stored.
INSERT INTO {{EUMAS}}.memory_counts (archived, slot, n)
SELECT archived_at IS NOT NULL, 0, count(*) FROM {{EUMAS}}.memories GROUP BY 1;
-- The planner expects millions of groups where there are some 20,000 and would sort every value (9 minutes at
-- 8,000,000 evaluations on the test server, against 3 by hashing).
SET LOCAL enable_sort = off;
INSERT INTO {{EUMAS}}.evaluation_totals
    (archetype, metric, model, prompt_version, archived, bin, n, total, total_sq, lo, hi, bounds)
SELECT v.archetype, v.metric, v.model, v.prompt_version, v.archived,
    least(100, greatest(0, floor(v.value * 100 + 1e-9)))::smallint, count(*), sum(v.value), sum(v.value * v.value),
    min(v.value), max(v.value), count(*) FILTER (WHERE v.value = 0 OR v.value = 1)
FROM (SELECT r.archetype, k.metric, r.model, r.prompt_version, r.memory_archived AS archived,
          (r.metrics ->> k.name)::double precision AS value
      FROM {{EUMAS}}.evaluations r JOIN {{EUMAS}}.archetype_metric_names k ON k.archetype = r.archetype
      UNION ALL SELECT r.archetype, 4, r.model, r.prompt_version, r.memory_archived, r.archetype_priority
          FROM {{EUMAS}}.evaluations r
      UNION ALL SELECT r.archetype, 5, r.model, r.prompt_version, r.memory_archived, r.confidence
          FROM {{EUMAS}}.evaluations r) v
WHERE v.value IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
RESET enable_sort;

GRANT SELECT ON {{EUMAS}}.evaluation_totals, {{EUMAS}}.memory_counts TO sextant_viewer;
