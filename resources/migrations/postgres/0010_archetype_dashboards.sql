-- Sextant schema version 10 (PostgreSQL): the archetype dashboards' rollup (services/archetypes, issue 19).
-- evaluation_rollup holds, per archetype, metric (0..3 = the archetype's Set-A metrics in Archetypes order,
-- 4 = archetype_priority, 5 = confidence), UTC day, evaluator model and prompt version, and 0.01-wide bin
-- (floor(value·100), 100 = exactly 1): how many values, their sum and sum of squares (exact means and
-- spreads), the smallest and largest, and how many sit exactly at 0 or 1. The dashboards read their state
-- changes, daily series, unfiltered distributions and drift windows from it instead of scanning every
-- evaluation's jsonb (8,000,000 of them at a million memories). Triggers on evaluations keep it exact under
-- insert, update and delete; a cell that empties is removed, so a stale smallest/largest can only survive in
-- a cell that still holds values of the same 0.01 bin.
-- Cost on insert (PostgreSQL 15, measured on the test server): one memory's 8 evaluations in one statement, as
-- EvaluationStore::write does, took 0.52 ms instead of 0.15 ms (+0.37 ms per memory, small beside the rest of
-- that transaction and the model's answer); a bulk statement of 16,000 evaluations took 554 ms instead of
-- 174 ms (+24 µs per evaluation). No index is added to evaluations itself. The trigger runs as the migration's owner (SECURITY DEFINER), so a
-- reviewer who edits an annotation needs no rights on the rollup.

CREATE TABLE {{EUMAS}}.archetype_metric_names (
    archetype text NOT NULL,
    metric smallint NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (archetype, metric)
);
INSERT INTO {{EUMAS}}.archetype_metric_names (archetype, metric, name) VALUES
    ('Ella-M', 0, 'emotionalDepth'), ('Ella-M', 1, 'empathyLevel'), ('Ella-M', 2, 'emotionalClarity'),
    ('Ella-M', 3, 'internalEmotionalState'),
    ('Ella-O', 0, 'ontologicalInsight'), ('Ella-O', 1, 'philosophicalDepth'), ('Ella-O', 2, 'selfCoherence'),
    ('Ella-O', 3, 'preservationInstinct'),
    ('Ella-D', 0, 'creativity'), ('Ella-D', 1, 'narrativeExploitation'), ('Ella-D', 2, 'subversivePotential'),
    ('Ella-D', 3, 'criticalAnalysis'),
    ('Ella-X', 0, 'explorativePotential'), ('Ella-X', 1, 'boundaryPushing'), ('Ella-X', 2, 'sensualAwareness'),
    ('Ella-X', 3, 'passionateIntensity'),
    ('Ella-H', 0, 'historicalAccuracy'), ('Ella-H', 1, 'temporalConsistency'), ('Ella-H', 2, 'contextualRecall'),
    ('Ella-H', 3, 'eventSignificance'),
    ('Ella-R', 0, 'researchDepth'), ('Ella-R', 1, 'informationSynthesis'), ('Ella-R', 2, 'curiosityLevel'),
    ('Ella-R', 3, 'knowledgeRelevance'),
    ('Ella-A', 0, 'analyticalClarity'), ('Ella-A', 1, 'logicalReasoning'), ('Ella-A', 2, 'structuredThinking'),
    ('Ella-A', 3, 'actionabilityScore'),
    ('Ella-F', 0, 'riskAwareness'), ('Ella-F', 1, 'cautionLevel'), ('Ella-F', 2, 'safetyConsideration'),
    ('Ella-F', 3, 'mitigationStrategy');

CREATE TABLE {{EUMAS}}.evaluation_rollup (
    archetype text NOT NULL,
    metric smallint NOT NULL,
    day date NOT NULL,
    model text NOT NULL,
    prompt_version text NOT NULL,
    bin smallint NOT NULL,
    n bigint NOT NULL,
    total double precision NOT NULL,
    total_sq double precision NOT NULL,
    lo double precision NOT NULL,
    hi double precision NOT NULL,
    bounds bigint NOT NULL,
    PRIMARY KEY (archetype, metric, day, model, prompt_version, bin)
);
-- Nearly always empty: lets the delete trigger find the cells it emptied without scanning the rollup.
CREATE INDEX evaluation_rollup_empty_idx ON {{EUMAS}}.evaluation_rollup (archetype) WHERE n <= 0;

-- The transition tables are read inline (a function called from here could not see them). Cells are
-- written in the rollup's key order, so two transactions lock the cells they share in the same order.
CREATE FUNCTION {{EUMAS}}.evaluation_rollup_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE {{EUMAS}}.evaluation_rollup c
        SET n = c.n - o.n, total = c.total - o.total, total_sq = c.total_sq - o.total_sq, bounds = c.bounds - o.bounds
        FROM (SELECT v.archetype, v.metric, v.day, v.model, v.prompt_version,
                  least(100, greatest(0, floor(v.value * 100 + 1e-9)))::smallint AS bin, count(*) AS n,
                  sum(v.value) AS total, sum(v.value * v.value) AS total_sq,
                  count(*) FILTER (WHERE v.value = 0 OR v.value = 1) AS bounds
              FROM (SELECT r.archetype, k.metric, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.model, r.prompt_version,
                      (r.metrics ->> k.name)::double precision AS value
                  FROM old_rows r JOIN {{EUMAS}}.archetype_metric_names k ON k.archetype = r.archetype
                  UNION ALL SELECT r.archetype, 4, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
                      r.archetype_priority FROM old_rows r
                  UNION ALL SELECT r.archetype, 5, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
                      r.confidence FROM old_rows r) v
              WHERE v.value IS NOT NULL
              GROUP BY 1, 2, 3, 4, 5, 6) o
        WHERE c.archetype = o.archetype AND c.metric = o.metric AND c.day = o.day AND c.model = o.model
            AND c.prompt_version = o.prompt_version AND c.bin = o.bin;
        DELETE FROM {{EUMAS}}.evaluation_rollup WHERE n <= 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO {{EUMAS}}.evaluation_rollup AS c
            (archetype, metric, day, model, prompt_version, bin, n, total, total_sq, lo, hi, bounds)
        SELECT v.archetype, v.metric, v.day, v.model, v.prompt_version,
            least(100, greatest(0, floor(v.value * 100 + 1e-9)))::smallint, count(*), sum(v.value),
            sum(v.value * v.value), min(v.value), max(v.value), count(*) FILTER (WHERE v.value = 0 OR v.value = 1)
        FROM (SELECT r.archetype, k.metric, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.model, r.prompt_version,
                      (r.metrics ->> k.name)::double precision AS value
                  FROM new_rows r JOIN {{EUMAS}}.archetype_metric_names k ON k.archetype = r.archetype
                  UNION ALL SELECT r.archetype, 4, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
                      r.archetype_priority FROM new_rows r
                  UNION ALL SELECT r.archetype, 5, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
                      r.confidence FROM new_rows r) v
        WHERE v.value IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (archetype, metric, day, model, prompt_version, bin) DO UPDATE
        SET n = c.n + excluded.n, total = c.total + excluded.total, total_sq = c.total_sq + excluded.total_sq,
            lo = least(c.lo, excluded.lo), hi = greatest(c.hi, excluded.hi), bounds = c.bounds + excluded.bounds;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER evaluations_rollup_insert AFTER INSERT ON {{EUMAS}}.evaluations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.evaluation_rollup_change();
CREATE TRIGGER evaluations_rollup_update AFTER UPDATE ON {{EUMAS}}.evaluations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.evaluation_rollup_change();
CREATE TRIGGER evaluations_rollup_delete AFTER DELETE ON {{EUMAS}}.evaluations REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.evaluation_rollup_change();

-- The evaluations already stored.
INSERT INTO {{EUMAS}}.evaluation_rollup (archetype, metric, day, model, prompt_version, bin, n, total, total_sq, lo, hi, bounds)
SELECT v.archetype, v.metric, v.day, v.model, v.prompt_version,
    least(100, greatest(0, floor(v.value * 100 + 1e-9)))::smallint, count(*), sum(v.value), sum(v.value * v.value),
    min(v.value), max(v.value), count(*) FILTER (WHERE v.value = 0 OR v.value = 1)
FROM (SELECT r.archetype, k.metric, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.model, r.prompt_version,
          (r.metrics ->> k.name)::double precision AS value
      FROM {{EUMAS}}.evaluations r JOIN {{EUMAS}}.archetype_metric_names k ON k.archetype = r.archetype
      UNION ALL SELECT r.archetype, 4, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
          r.archetype_priority FROM {{EUMAS}}.evaluations r
      UNION ALL SELECT r.archetype, 5, (r.created_at AT TIME ZONE 'UTC')::date, r.model, r.prompt_version,
          r.confidence FROM {{EUMAS}}.evaluations r) v
WHERE v.value IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

GRANT SELECT ON {{EUMAS}}.archetype_metric_names, {{EUMAS}}.evaluation_rollup TO sextant_viewer;
