-- Sextant schema version 4 (PostgreSQL): search and server-side sorting for the memory grid.
-- Full text: a GIN index over one tsvector expression of the memory's text and tags. The expression
-- is wrapped in an IMMUTABLE function because array_to_string is only STABLE (it is immutable for
-- text[]); MemoryQuery matches against the very same call so the planner uses the index. The 'simple'
-- configuration neither stems nor drops stop words: memories are in any language.

CREATE FUNCTION {{EUMAS}}.memory_document(prompt text, reply text, summary text, tags text[])
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple'::regconfig, coalesce(prompt, '') || ' ' || coalesce(reply, '') || ' '
        || coalesce(summary, '') || ' ' || coalesce(array_to_string(tags, ' '), ''))
$$;

CREATE INDEX memories_document_idx ON {{EUMAS}}.memories
    USING gin ({{EUMAS}}.memory_document(user_prompt, agent_reply, summary, context_tags));
CREATE INDEX memories_tags_idx ON {{EUMAS}}.memories USING gin (context_tags);

-- Keyset paging under every sortable grid column: (sort expression, id), the same expressions
-- MemoryQuery orders by. A never-accessed memory sorts as the oldest access.
CREATE INDEX memories_effective_priority_idx ON {{EUMAS}}.memories ((COALESCE(priority_override, priority)), id);
CREATE INDEX memories_last_accessed_idx ON {{EUMAS}}.memories ((COALESCE(last_accessed, '-infinity'::timestamptz)), id);
CREATE INDEX memories_session_sort_idx ON {{EUMAS}}.memories (session_id, id);
CREATE INDEX memories_user_sort_idx ON {{EUMAS}}.memories (user_id, id);
CREATE INDEX memories_tone_sort_idx ON {{EUMAS}}.memories (tone, id);
CREATE INDEX memories_summary_sort_idx ON {{EUMAS}}.memories ((left(summary, 120)), id);

GRANT EXECUTE ON FUNCTION {{EUMAS}}.memory_document(text, text, text, text[]) TO sextant_viewer, sextant_admin;
