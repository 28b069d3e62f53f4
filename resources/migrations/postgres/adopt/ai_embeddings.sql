-- Upgrades ai.embeddings as the seed plan creates it (id uuid, entity_type, entity_id, vector) to the
-- canonical shape, keeping its rows: the uuid key gets a default, rows without a model are 'unknown'.
ALTER TABLE {{AI}}.embeddings ALTER COLUMN entity_type TYPE text;
ALTER TABLE {{AI}}.embeddings ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE {{AI}}.embeddings ADD COLUMN IF NOT EXISTS model text NOT NULL DEFAULT 'unknown';
ALTER TABLE {{AI}}.embeddings ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE {{AI}}.embeddings ADD CONSTRAINT embeddings_entity_model_key UNIQUE (entity_type, entity_id, model);
