-- Sextant schema version 11 (SQLite): the archetype dashboards' page load at a million memories (issue 19).
-- Same tables as PostgreSQL's 0012_archetype_rollup_archived.sql (which explains them): evaluations.memory_archived,
-- evaluation_totals (the rollup over all days, per model, prompt version and archived flag) and memory_counts (one
-- slot per state here: SQLite has one writer at a time). Row triggers keep them; the rollup's three triggers of
-- 0009 are made again to keep evaluation_totals as well. SQLite cannot change a new row in its own trigger, so the
-- insert trigger marks the evaluations of an already archived memory with an UPDATE after counting them (the update
-- trigger then moves their values), as PostgreSQL's does.

DROP TRIGGER evaluations_rollup_insert;
DROP TRIGGER evaluations_rollup_update;
DROP TRIGGER evaluations_rollup_delete;

ALTER TABLE evaluations ADD COLUMN memory_archived INTEGER NOT NULL DEFAULT 0;
UPDATE evaluations SET memory_archived = 1
WHERE memory_id IN (SELECT id FROM memories WHERE archived_at IS NOT NULL);

CREATE TABLE evaluation_totals (
    archetype TEXT NOT NULL,
    metric INTEGER NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    archived INTEGER NOT NULL,
    bin INTEGER NOT NULL,
    n INTEGER NOT NULL,
    total REAL NOT NULL,
    total_sq REAL NOT NULL,
    lo REAL NOT NULL,
    hi REAL NOT NULL,
    bounds INTEGER NOT NULL,
    PRIMARY KEY (archetype, metric, model, prompt_version, archived, bin)
) WITHOUT ROWID;

CREATE TABLE memory_counts (
    archived INTEGER NOT NULL,
    slot INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (archived, slot)
) WITHOUT ROWID;

CREATE TRIGGER evaluations_rollup_insert AFTER INSERT ON evaluations BEGIN
    INSERT INTO evaluation_rollup (archetype, metric, day, model, prompt_version, bin, n, total, total_sq, lo, hi, bounds)
    SELECT NEW.archetype, v.metric, substr(NEW.created_at, 1, 10), NEW.model, NEW.prompt_version,
        min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER))), 1, v.value, v.value * v.value, v.value, v.value,
        v.value = 0 OR v.value = 1
    FROM (SELECT k.metric AS metric, json_extract(NEW.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = NEW.archetype
          UNION ALL SELECT 4, NEW.archetype_priority
          UNION ALL SELECT 5, NEW.confidence) v
    WHERE v.value IS NOT NULL
    ON CONFLICT (archetype, metric, day, model, prompt_version, bin) DO UPDATE
    SET n = n + excluded.n, total = total + excluded.total, total_sq = total_sq + excluded.total_sq,
        lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), bounds = bounds + excluded.bounds;
    INSERT INTO evaluation_totals (archetype, metric, model, prompt_version, archived, bin, n, total, total_sq, lo, hi, bounds)
    SELECT NEW.archetype, v.metric, NEW.model, NEW.prompt_version, NEW.memory_archived,
        min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER))), 1, v.value, v.value * v.value, v.value, v.value,
        v.value = 0 OR v.value = 1
    FROM (SELECT k.metric AS metric, json_extract(NEW.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = NEW.archetype
          UNION ALL SELECT 4, NEW.archetype_priority
          UNION ALL SELECT 5, NEW.confidence) v
    WHERE v.value IS NOT NULL
    ON CONFLICT (archetype, metric, model, prompt_version, archived, bin) DO UPDATE
    SET n = n + excluded.n, total = total + excluded.total, total_sq = total_sq + excluded.total_sq,
        lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), bounds = bounds + excluded.bounds;
    UPDATE evaluations SET memory_archived = 1
    WHERE NEW.memory_archived = 0 AND memory_id = NEW.memory_id AND archetype = NEW.archetype
        AND EXISTS (SELECT 1 FROM memories WHERE id = NEW.memory_id AND archived_at IS NOT NULL);
END;

CREATE TRIGGER evaluations_rollup_delete AFTER DELETE ON evaluations BEGIN
    UPDATE evaluation_rollup
    SET n = n - 1, total = total - v.value, total_sq = total_sq - v.value * v.value,
        bounds = bounds - (v.value = 0 OR v.value = 1)
    FROM (SELECT k.metric AS metric, json_extract(OLD.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = OLD.archetype
          UNION ALL SELECT 4, OLD.archetype_priority
          UNION ALL SELECT 5, OLD.confidence) v
    WHERE v.value IS NOT NULL AND evaluation_rollup.archetype = OLD.archetype AND evaluation_rollup.metric = v.metric
        AND evaluation_rollup.day = substr(OLD.created_at, 1, 10) AND evaluation_rollup.model = OLD.model
        AND evaluation_rollup.prompt_version = OLD.prompt_version
        AND evaluation_rollup.bin = min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER)));
    DELETE FROM evaluation_rollup WHERE archetype = OLD.archetype AND metric IN (0, 1, 2, 3, 4, 5)
        AND day = substr(OLD.created_at, 1, 10) AND model = OLD.model AND prompt_version = OLD.prompt_version AND n <= 0;
    UPDATE evaluation_totals
    SET n = n - 1, total = total - v.value, total_sq = total_sq - v.value * v.value,
        bounds = bounds - (v.value = 0 OR v.value = 1)
    FROM (SELECT k.metric AS metric, json_extract(OLD.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = OLD.archetype
          UNION ALL SELECT 4, OLD.archetype_priority
          UNION ALL SELECT 5, OLD.confidence) v
    WHERE v.value IS NOT NULL AND evaluation_totals.archetype = OLD.archetype AND evaluation_totals.metric = v.metric
        AND evaluation_totals.model = OLD.model AND evaluation_totals.prompt_version = OLD.prompt_version
        AND evaluation_totals.archived = OLD.memory_archived
        AND evaluation_totals.bin = min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER)));
    DELETE FROM evaluation_totals WHERE archetype = OLD.archetype AND metric IN (0, 1, 2, 3, 4, 5)
        AND model = OLD.model AND prompt_version = OLD.prompt_version AND archived = OLD.memory_archived AND n <= 0;
END;

CREATE TRIGGER evaluations_rollup_update AFTER UPDATE OF archetype, metrics, archetype_priority, confidence, model,
    prompt_version, created_at, memory_archived ON evaluations BEGIN
    UPDATE evaluation_rollup
    SET n = n - 1, total = total - v.value, total_sq = total_sq - v.value * v.value,
        bounds = bounds - (v.value = 0 OR v.value = 1)
    FROM (SELECT k.metric AS metric, json_extract(OLD.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = OLD.archetype
          UNION ALL SELECT 4, OLD.archetype_priority
          UNION ALL SELECT 5, OLD.confidence) v
    WHERE v.value IS NOT NULL AND evaluation_rollup.archetype = OLD.archetype AND evaluation_rollup.metric = v.metric
        AND evaluation_rollup.day = substr(OLD.created_at, 1, 10) AND evaluation_rollup.model = OLD.model
        AND evaluation_rollup.prompt_version = OLD.prompt_version
        AND evaluation_rollup.bin = min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER)));
    DELETE FROM evaluation_rollup WHERE archetype = OLD.archetype AND metric IN (0, 1, 2, 3, 4, 5)
        AND day = substr(OLD.created_at, 1, 10) AND model = OLD.model AND prompt_version = OLD.prompt_version AND n <= 0;
    UPDATE evaluation_totals
    SET n = n - 1, total = total - v.value, total_sq = total_sq - v.value * v.value,
        bounds = bounds - (v.value = 0 OR v.value = 1)
    FROM (SELECT k.metric AS metric, json_extract(OLD.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = OLD.archetype
          UNION ALL SELECT 4, OLD.archetype_priority
          UNION ALL SELECT 5, OLD.confidence) v
    WHERE v.value IS NOT NULL AND evaluation_totals.archetype = OLD.archetype AND evaluation_totals.metric = v.metric
        AND evaluation_totals.model = OLD.model AND evaluation_totals.prompt_version = OLD.prompt_version
        AND evaluation_totals.archived = OLD.memory_archived
        AND evaluation_totals.bin = min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER)));
    DELETE FROM evaluation_totals WHERE archetype = OLD.archetype AND metric IN (0, 1, 2, 3, 4, 5)
        AND model = OLD.model AND prompt_version = OLD.prompt_version AND archived = OLD.memory_archived AND n <= 0;
    INSERT INTO evaluation_rollup (archetype, metric, day, model, prompt_version, bin, n, total, total_sq, lo, hi, bounds)
    SELECT NEW.archetype, v.metric, substr(NEW.created_at, 1, 10), NEW.model, NEW.prompt_version,
        min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER))), 1, v.value, v.value * v.value, v.value, v.value,
        v.value = 0 OR v.value = 1
    FROM (SELECT k.metric AS metric, json_extract(NEW.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = NEW.archetype
          UNION ALL SELECT 4, NEW.archetype_priority
          UNION ALL SELECT 5, NEW.confidence) v
    WHERE v.value IS NOT NULL
    ON CONFLICT (archetype, metric, day, model, prompt_version, bin) DO UPDATE
    SET n = n + excluded.n, total = total + excluded.total, total_sq = total_sq + excluded.total_sq,
        lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), bounds = bounds + excluded.bounds;
    INSERT INTO evaluation_totals (archetype, metric, model, prompt_version, archived, bin, n, total, total_sq, lo, hi, bounds)
    SELECT NEW.archetype, v.metric, NEW.model, NEW.prompt_version, NEW.memory_archived,
        min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER))), 1, v.value, v.value * v.value, v.value, v.value,
        v.value = 0 OR v.value = 1
    FROM (SELECT k.metric AS metric, json_extract(NEW.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = NEW.archetype
          UNION ALL SELECT 4, NEW.archetype_priority
          UNION ALL SELECT 5, NEW.confidence) v
    WHERE v.value IS NOT NULL
    ON CONFLICT (archetype, metric, model, prompt_version, archived, bin) DO UPDATE
    SET n = n + excluded.n, total = total + excluded.total, total_sq = total_sq + excluded.total_sq,
        lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), bounds = bounds + excluded.bounds;
END;

CREATE TRIGGER memories_counts_insert AFTER INSERT ON memories BEGIN
    INSERT INTO memory_counts (archived, slot, n) VALUES (NEW.archived_at IS NOT NULL, 0, 1)
    ON CONFLICT (archived, slot) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER memories_counts_delete AFTER DELETE ON memories BEGIN
    UPDATE memory_counts SET n = n - 1 WHERE archived = (OLD.archived_at IS NOT NULL) AND slot = 0;
END;

-- Only when a memory is archived or brought back; its evaluations' update trigger moves their values.
CREATE TRIGGER memories_archived_evaluations AFTER UPDATE OF archived_at ON memories
    WHEN (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL) BEGIN
    UPDATE memory_counts SET n = n - 1 WHERE archived = (OLD.archived_at IS NOT NULL) AND slot = 0;
    INSERT INTO memory_counts (archived, slot, n) VALUES (NEW.archived_at IS NOT NULL, 0, 1)
    ON CONFLICT (archived, slot) DO UPDATE SET n = n + 1;
    UPDATE evaluations SET memory_archived = (NEW.archived_at IS NOT NULL) WHERE memory_id = NEW.id;
END;

-- What is already stored.
INSERT INTO memory_counts (archived, slot, n) SELECT archived_at IS NOT NULL, 0, count(*) FROM memories GROUP BY 1;
INSERT INTO evaluation_totals (archetype, metric, model, prompt_version, archived, bin, n, total, total_sq, lo, hi, bounds)
SELECT v.archetype, v.metric, v.model, v.prompt_version, v.archived, min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER))),
    count(*), sum(v.value), sum(v.value * v.value), min(v.value), max(v.value), sum(v.value = 0 OR v.value = 1)
FROM (SELECT e.archetype, k.metric, e.model, e.prompt_version, e.memory_archived AS archived,
          json_extract(e.metrics, '$.' || k.name) AS value
      FROM evaluations e JOIN archetype_metric_names k ON k.archetype = e.archetype
      UNION ALL SELECT e.archetype, 4, e.model, e.prompt_version, e.memory_archived, e.archetype_priority FROM evaluations e
      UNION ALL SELECT e.archetype, 5, e.model, e.prompt_version, e.memory_archived, e.confidence FROM evaluations e) v
WHERE v.value IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
