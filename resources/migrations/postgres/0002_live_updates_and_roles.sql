-- Sextant schema version 2 (PostgreSQL only): HNSW indexes where pgvector exists, change notifications
-- for live updates, and the three Sextant roles with their grants and row-level security.

{{IF_VECTOR}}
CREATE INDEX IF NOT EXISTS memories_embedding_hnsw ON {{EUMAS}}.memories USING hnsw (embedding vector_cosine_ops);
CREATE INDEX IF NOT EXISTS embeddings_vector_hnsw ON {{AI}}.embeddings USING hnsw (vector vector_cosine_ops);
{{END_IF}}

-- Live updates: one compact notification per statement (not per row, so a bulk load of 100k rows sends
-- one message): {"schema","table","op","rows","keys"}; keys are the first 20 values of the key column
-- named by the trigger's argument. Sextant LISTENs on the channel sextant_changes.
CREATE FUNCTION {{EUMAS}}.sextant_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    affected bigint;
    keys jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT count(*) INTO affected FROM old_rows;
        SELECT coalesce(jsonb_agg(k), '[]'::jsonb) INTO keys
            FROM (SELECT to_jsonb(r) ->> TG_ARGV[0] AS k FROM old_rows r LIMIT 20) s;
    ELSE
        SELECT count(*) INTO affected FROM new_rows;
        SELECT coalesce(jsonb_agg(k), '[]'::jsonb) INTO keys
            FROM (SELECT to_jsonb(r) ->> TG_ARGV[0] AS k FROM new_rows r LIMIT 20) s;
    END IF;
    IF affected > 0 THEN
        PERFORM pg_notify('sextant_changes', json_build_object('schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME,
            'op', TG_OP, 'rows', affected, 'keys', keys)::text);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER memories_notify_insert AFTER INSERT ON {{EUMAS}}.memories REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('id');
CREATE TRIGGER memories_notify_update AFTER UPDATE ON {{EUMAS}}.memories REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('id');
CREATE TRIGGER memories_notify_delete AFTER DELETE ON {{EUMAS}}.memories REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('id');
CREATE TRIGGER evaluations_notify_insert AFTER INSERT ON {{EUMAS}}.evaluations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('memory_id');
CREATE TRIGGER evaluations_notify_update AFTER UPDATE ON {{EUMAS}}.evaluations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('memory_id');
CREATE TRIGGER evaluations_notify_delete AFTER DELETE ON {{EUMAS}}.evaluations REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('memory_id');
CREATE TRIGGER links_notify_insert AFTER INSERT ON {{EUMAS}}.links REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('source_id');
CREATE TRIGGER links_notify_update AFTER UPDATE ON {{EUMAS}}.links REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('source_id');
CREATE TRIGGER links_notify_delete AFTER DELETE ON {{EUMAS}}.links REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('source_id');
CREATE TRIGGER match_reviews_notify_insert AFTER INSERT ON {{AI}}.match_reviews REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('match_id');
CREATE TRIGGER match_reviews_notify_delete AFTER DELETE ON {{AI}}.match_reviews REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('match_id');
CREATE TRIGGER bias_reports_notify_insert AFTER INSERT ON {{AI}}.bias_reports REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('id');
CREATE TRIGGER bias_reports_notify_update AFTER UPDATE ON {{AI}}.bias_reports REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('id');
CREATE TRIGGER bias_reports_notify_delete AFTER DELETE ON {{AI}}.bias_reports REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {{EUMAS}}.sextant_notify_change('id');

-- Roles (cluster-wide, so created only when missing). Membership chains them: an admin is a reviewer,
-- a reviewer is a viewer. Give people LOGIN roles that are members of one of these.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sextant_viewer') THEN
        CREATE ROLE sextant_viewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sextant_reviewer') THEN
        CREATE ROLE sextant_reviewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sextant_admin') THEN
        CREATE ROLE sextant_admin NOLOGIN;
    END IF;
END
$$;
GRANT sextant_viewer TO sextant_reviewer;
GRANT sextant_reviewer TO sextant_admin;

-- Viewer: reads everything except the protected audit attributes.
GRANT USAGE ON SCHEMA {{EUMAS}}, {{AUTH}}, {{CORE}}, {{AI}} TO sextant_viewer;
GRANT SELECT ON {{EUMAS}}.memories, {{EUMAS}}.evaluations, {{EUMAS}}.links, {{EUMAS}}.archetype_states,
    {{EUMAS}}.archetype_state_history, {{EUMAS}}.cluster_runs, {{EUMAS}}.cluster_members, {{EUMAS}}.audit_log,
    {{EUMAS}}.schema_migrations, {{AUTH}}.users, {{CORE}}.freelancer_profiles, {{CORE}}.jobs, {{AI}}.embeddings,
    {{AI}}.match_results, {{AI}}.match_reviews, {{AI}}.bias_reports, {{AI}}.model_versions,
    {{AI}}.learning_metrics TO sextant_viewer;

-- Reviewer: decides matches and bias reports, writes annotations, reads audit attributes (aggregated
-- in the UI, never per person), and records what it did in the audit log.
GRANT SELECT ON {{AI}}.audit_attributes TO sextant_reviewer;
GRANT INSERT ON {{AI}}.match_reviews TO sextant_reviewer;
GRANT UPDATE (decision, decided_at, reviewed_by, review_notes, requires_review) ON {{AI}}.bias_reports TO sextant_reviewer;
GRANT UPDATE (annotation) ON {{EUMAS}}.evaluations TO sextant_reviewer;
GRANT INSERT ON {{EUMAS}}.audit_log TO sextant_reviewer;
GRANT USAGE ON SEQUENCE {{EUMAS}}.audit_log_id_seq TO sextant_reviewer;

-- Admin: every row operation on every Sextant table (migrations stay with the tables' owner).
GRANT SELECT, INSERT, UPDATE, DELETE ON {{EUMAS}}.memories, {{EUMAS}}.evaluations, {{EUMAS}}.links,
    {{EUMAS}}.archetype_states, {{EUMAS}}.archetype_state_history, {{EUMAS}}.cluster_runs, {{EUMAS}}.cluster_members,
    {{AUTH}}.users, {{CORE}}.freelancer_profiles, {{CORE}}.jobs, {{AI}}.embeddings, {{AI}}.match_results,
    {{AI}}.match_reviews, {{AI}}.bias_reports, {{AI}}.model_versions, {{AI}}.learning_metrics,
    {{AI}}.audit_attributes TO sextant_admin;
GRANT INSERT ON {{EUMAS}}.audit_log TO sextant_admin;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA {{EUMAS}}, {{AI}} TO sextant_admin;

-- Row-level security: nobody below admin can write a review or an audit entry in someone else's name.
-- (The tables' owner, who runs migrations and publishes demo data, is not subject to these policies.)
ALTER TABLE {{AI}}.match_reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY match_reviews_read ON {{AI}}.match_reviews FOR SELECT TO sextant_viewer USING (true);
CREATE POLICY match_reviews_own ON {{AI}}.match_reviews FOR INSERT TO sextant_reviewer
    WITH CHECK (reviewer = current_user);
CREATE POLICY match_reviews_admin ON {{AI}}.match_reviews FOR INSERT TO sextant_admin WITH CHECK (true);
ALTER TABLE {{EUMAS}}.audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON {{EUMAS}}.audit_log FOR SELECT TO sextant_viewer USING (true);
CREATE POLICY audit_log_own ON {{EUMAS}}.audit_log FOR INSERT TO sextant_reviewer WITH CHECK (actor = current_user);
