-- Upgrades auth.users as the 8thDegree seed plan creates it (id, email, full_name, role user_role) to
-- Sextant's canonical shape. Existing rows are kept: new columns get defaults, the role enum becomes
-- text, and the role check applies to new rows only (NOT VALID) so unknown legacy roles stay readable.
ALTER TABLE {{AUTH}}.users ALTER COLUMN email TYPE text, ALTER COLUMN full_name TYPE text,
    ALTER COLUMN role TYPE text USING role::text;
ALTER TABLE {{AUTH}}.users ADD COLUMN IF NOT EXISTS is_active boolean NOT NULL DEFAULT true;
ALTER TABLE {{AUTH}}.users ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE {{AUTH}}.users ADD COLUMN IF NOT EXISTS shard_region text NOT NULL DEFAULT 'unassigned';
ALTER TABLE {{AUTH}}.users ADD COLUMN IF NOT EXISTS shard_key text;
UPDATE {{AUTH}}.users SET shard_key = shard_region || '_' || id WHERE shard_key IS NULL;
ALTER TABLE {{AUTH}}.users ALTER COLUMN shard_key SET NOT NULL;
ALTER TABLE {{AUTH}}.users ADD CONSTRAINT users_role_check
    CHECK (role IN ('user_freelancer','user_client','admin','superadmin')) NOT VALID;
