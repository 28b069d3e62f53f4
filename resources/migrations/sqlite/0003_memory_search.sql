-- Sextant schema version 3 (SQLite): search and server-side sorting for the memory grid.
-- memory_text is an FTS5 index over the memories' text with external content (the text lives only in
-- memories; FTS5 keeps the index, keyed by the memories rowid). Triggers keep it in step; the rebuild
-- below indexes the rows that exist already. memories has no INTEGER PRIMARY KEY, so a VACUUM may
-- renumber its rowids: run INSERT INTO memory_text(memory_text) VALUES ('rebuild') after one.

CREATE VIRTUAL TABLE memory_text USING fts5(
    user_prompt, agent_reply, summary, context_tags,
    content = 'memories', content_rowid = 'rowid', tokenize = 'unicode61'
);

CREATE TRIGGER memory_text_insert AFTER INSERT ON memories BEGIN
    INSERT INTO memory_text (rowid, user_prompt, agent_reply, summary, context_tags)
    VALUES (new.rowid, new.user_prompt, new.agent_reply, new.summary, new.context_tags);
END;

CREATE TRIGGER memory_text_delete AFTER DELETE ON memories BEGIN
    INSERT INTO memory_text (memory_text, rowid, user_prompt, agent_reply, summary, context_tags)
    VALUES ('delete', old.rowid, old.user_prompt, old.agent_reply, old.summary, old.context_tags);
END;

CREATE TRIGGER memory_text_update AFTER UPDATE OF user_prompt, agent_reply, summary, context_tags ON memories BEGIN
    INSERT INTO memory_text (memory_text, rowid, user_prompt, agent_reply, summary, context_tags)
    VALUES ('delete', old.rowid, old.user_prompt, old.agent_reply, old.summary, old.context_tags);
    INSERT INTO memory_text (rowid, user_prompt, agent_reply, summary, context_tags)
    VALUES (new.rowid, new.user_prompt, new.agent_reply, new.summary, new.context_tags);
END;

INSERT INTO memory_text (memory_text) VALUES ('rebuild');

-- Keyset paging under every sortable grid column: (sort expression, id), the same expressions
-- MemoryQuery orders by. A never-accessed memory sorts as the oldest access.
CREATE INDEX memories_effective_priority_idx ON memories (COALESCE(priority_override, priority), id);
CREATE INDEX memories_last_accessed_idx ON memories (COALESCE(last_accessed, ''), id);
CREATE INDEX memories_session_sort_idx ON memories (session_id, id);
CREATE INDEX memories_user_sort_idx ON memories (user_id, id);
CREATE INDEX memories_tone_sort_idx ON memories (tone, id);
CREATE INDEX memories_summary_sort_idx ON memories (substr(summary, 1, 120), id);
