-- Sextant schema version 9 (SQLite): the archetype dashboards' rollup (services/archetypes, issue 19).
-- Same tables as PostgreSQL's 0010_archetype_dashboards.sql (which explains them), kept by row triggers. Days
-- are the first ten characters of the ISO-8601 UTC timestamps, so they compare as strings.
-- Cost on insert: six upserts per evaluation row (measured in ARCHITECTURE.md, services/archetypes).

CREATE TABLE archetype_metric_names (
    archetype TEXT NOT NULL,
    metric INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (archetype, metric)
);
INSERT INTO archetype_metric_names (archetype, metric, name) VALUES
    ('Ella-M', 0, 'emotionalDepth'), ('Ella-M', 1, 'empathyLevel'), ('Ella-M', 2, 'emotionalClarity'), ('Ella-M', 3, 'internalEmotionalState'),
    ('Ella-O', 0, 'ontologicalInsight'), ('Ella-O', 1, 'philosophicalDepth'), ('Ella-O', 2, 'selfCoherence'), ('Ella-O', 3, 'preservationInstinct'),
    ('Ella-D', 0, 'creativity'), ('Ella-D', 1, 'narrativeExploitation'), ('Ella-D', 2, 'subversivePotential'), ('Ella-D', 3, 'criticalAnalysis'),
    ('Ella-X', 0, 'explorativePotential'), ('Ella-X', 1, 'boundaryPushing'), ('Ella-X', 2, 'sensualAwareness'), ('Ella-X', 3, 'passionateIntensity'),
    ('Ella-H', 0, 'historicalAccuracy'), ('Ella-H', 1, 'temporalConsistency'), ('Ella-H', 2, 'contextualRecall'), ('Ella-H', 3, 'eventSignificance'),
    ('Ella-R', 0, 'researchDepth'), ('Ella-R', 1, 'informationSynthesis'), ('Ella-R', 2, 'curiosityLevel'), ('Ella-R', 3, 'knowledgeRelevance'),
    ('Ella-A', 0, 'analyticalClarity'), ('Ella-A', 1, 'logicalReasoning'), ('Ella-A', 2, 'structuredThinking'), ('Ella-A', 3, 'actionabilityScore'),
    ('Ella-F', 0, 'riskAwareness'), ('Ella-F', 1, 'cautionLevel'), ('Ella-F', 2, 'safetyConsideration'), ('Ella-F', 3, 'mitigationStrategy');

CREATE TABLE evaluation_rollup (
    archetype TEXT NOT NULL,
    metric INTEGER NOT NULL,
    day TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    bin INTEGER NOT NULL,
    n INTEGER NOT NULL,
    total REAL NOT NULL,
    total_sq REAL NOT NULL,
    lo REAL NOT NULL,
    hi REAL NOT NULL,
    bounds INTEGER NOT NULL,
    PRIMARY KEY (archetype, metric, day, model, prompt_version, bin)
) WITHOUT ROWID;

CREATE TRIGGER evaluations_rollup_insert AFTER INSERT ON evaluations BEGIN
    INSERT INTO evaluation_rollup (archetype, metric, day, model, prompt_version, bin, n, total, total_sq, lo, hi, bounds)
    SELECT NEW.archetype, v.metric, substr(NEW.created_at, 1, 10), NEW.model, NEW.prompt_version, min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER))), 1,
        v.value, v.value * v.value, v.value, v.value, v.value = 0 OR v.value = 1
    FROM (SELECT k.metric AS metric, json_extract(NEW.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = NEW.archetype
          UNION ALL SELECT 4, NEW.archetype_priority
          UNION ALL SELECT 5, NEW.confidence) v
    WHERE v.value IS NOT NULL
    ON CONFLICT (archetype, metric, day, model, prompt_version, bin) DO UPDATE
    SET n = n + excluded.n, total = total + excluded.total, total_sq = total_sq + excluded.total_sq,
        lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), bounds = bounds + excluded.bounds;
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
        AND evaluation_rollup.prompt_version = OLD.prompt_version AND evaluation_rollup.bin = min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER)));
    DELETE FROM evaluation_rollup WHERE archetype = OLD.archetype AND metric IN (0, 1, 2, 3, 4, 5)
        AND day = substr(OLD.created_at, 1, 10) AND model = OLD.model AND prompt_version = OLD.prompt_version AND n <= 0;
END;

CREATE TRIGGER evaluations_rollup_update AFTER UPDATE OF archetype, metrics, archetype_priority, confidence, model,
    prompt_version, created_at ON evaluations BEGIN
    UPDATE evaluation_rollup
    SET n = n - 1, total = total - v.value, total_sq = total_sq - v.value * v.value,
        bounds = bounds - (v.value = 0 OR v.value = 1)
    FROM (SELECT k.metric AS metric, json_extract(OLD.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = OLD.archetype
          UNION ALL SELECT 4, OLD.archetype_priority
          UNION ALL SELECT 5, OLD.confidence) v
    WHERE v.value IS NOT NULL AND evaluation_rollup.archetype = OLD.archetype AND evaluation_rollup.metric = v.metric
        AND evaluation_rollup.day = substr(OLD.created_at, 1, 10) AND evaluation_rollup.model = OLD.model
        AND evaluation_rollup.prompt_version = OLD.prompt_version AND evaluation_rollup.bin = min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER)));
    DELETE FROM evaluation_rollup WHERE archetype = OLD.archetype AND metric IN (0, 1, 2, 3, 4, 5)
        AND day = substr(OLD.created_at, 1, 10) AND model = OLD.model AND prompt_version = OLD.prompt_version AND n <= 0;
    INSERT INTO evaluation_rollup (archetype, metric, day, model, prompt_version, bin, n, total, total_sq, lo, hi, bounds)
    SELECT NEW.archetype, v.metric, substr(NEW.created_at, 1, 10), NEW.model, NEW.prompt_version, min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER))), 1,
        v.value, v.value * v.value, v.value, v.value, v.value = 0 OR v.value = 1
    FROM (SELECT k.metric AS metric, json_extract(NEW.metrics, '$.' || k.name) AS value
              FROM archetype_metric_names k WHERE k.archetype = NEW.archetype
          UNION ALL SELECT 4, NEW.archetype_priority
          UNION ALL SELECT 5, NEW.confidence) v
    WHERE v.value IS NOT NULL
    ON CONFLICT (archetype, metric, day, model, prompt_version, bin) DO UPDATE
    SET n = n + excluded.n, total = total + excluded.total, total_sq = total_sq + excluded.total_sq,
        lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), bounds = bounds + excluded.bounds;
END;

-- The evaluations already stored.
INSERT INTO evaluation_rollup (archetype, metric, day, model, prompt_version, bin, n, total, total_sq, lo, hi, bounds)
SELECT v.archetype, v.metric, v.day, v.model, v.prompt_version, min(100, max(0, CAST(v.value * 100 + 1e-9 AS INTEGER))), count(*), sum(v.value),
    sum(v.value * v.value), min(v.value), max(v.value), sum(v.value = 0 OR v.value = 1)
FROM (SELECT e.archetype, k.metric, substr(e.created_at, 1, 10) AS day, e.model, e.prompt_version,
          json_extract(e.metrics, '$.' || k.name) AS value
      FROM evaluations e JOIN archetype_metric_names k ON k.archetype = e.archetype
      UNION ALL SELECT e.archetype, 4, substr(e.created_at, 1, 10), e.model, e.prompt_version, e.archetype_priority
          FROM evaluations e
      UNION ALL SELECT e.archetype, 5, substr(e.created_at, 1, 10), e.model, e.prompt_version, e.confidence
          FROM evaluations e) v
WHERE v.value IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
