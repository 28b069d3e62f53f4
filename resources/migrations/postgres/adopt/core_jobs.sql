-- Upgrades core.jobs as the seed plan creates it (id, title, description, budget) to the canonical
-- shape, keeping its rows. The seed's jobs have no client, so client_id stays nullable here.
ALTER TABLE {{CORE}}.jobs ALTER COLUMN title TYPE text, ALTER COLUMN description TYPE text;
ALTER TABLE {{CORE}}.jobs ADD COLUMN IF NOT EXISTS category text NOT NULL DEFAULT '';
ALTER TABLE {{CORE}}.jobs ADD COLUMN IF NOT EXISTS required_skills text[] NOT NULL DEFAULT '{}';
ALTER TABLE {{CORE}}.jobs ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('draft','open','in_progress','completed','cancelled','dispute'));
ALTER TABLE {{CORE}}.jobs ADD COLUMN IF NOT EXISTS client_id uuid REFERENCES {{AUTH}}.users (id) ON DELETE CASCADE;
ALTER TABLE {{CORE}}.jobs ADD COLUMN IF NOT EXISTS region text NOT NULL DEFAULT '';
ALTER TABLE {{CORE}}.jobs ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
