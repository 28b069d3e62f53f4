-- Sextant schema version 16 (PostgreSQL): every role books what its own AI requests cost.
-- 0003 let only admins insert into api_usage, but viewers and reviewers call the AI endpoint too (a semantic search
-- embeds its query, a bias scan asks the chat model): their requests were made and paid for, and the ledger refused
-- to record them. Viewers (and through them reviewers) may now add rows, never change or remove one, and each row
-- names the role that booked it: the insert grant leaves booked_by out, so its default (current_user) always holds. The embedding cache stays admin-only: a cached vector is reused for everyone's
-- searches and imports, so only those trusted to curate content may write one.

ALTER TABLE {{EUMAS}}.api_usage ADD COLUMN booked_by text NOT NULL DEFAULT current_user;
GRANT INSERT (at, day, task, endpoint, model, inputs, cached_inputs, prompt_tokens, completion_tokens)
    ON {{EUMAS}}.api_usage TO sextant_viewer;
GRANT USAGE ON SEQUENCE {{EUMAS}}.api_usage_id_seq TO sextant_viewer;
