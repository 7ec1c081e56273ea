-- 0002 datasets: every inventory declared once (versioned declarations), records of all
-- datasets in one generic table, and the history of every record change.
-- Frozen once landed: change the schema in a new migration, never here.

-- The current declaration of each dataset; a few columns are copied out of the JSON for
-- filtering and for the foreign key to the owner unit.
CREATE TABLE datasets (
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,62}$'),
  version int NOT NULL,
  declaration jsonb NOT NULL,
  domain text NOT NULL,
  owner_unit text NOT NULL REFERENCES units(code) ON UPDATE CASCADE,
  geometry_type text NOT NULL CHECK (geometry_type IN ('point', 'line', 'polygon', 'none')),
  public_read boolean NOT NULL DEFAULT false,
  built_in boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- Every version of every declaration, kept forever.
CREATE TABLE dataset_versions (
  dataset_id text NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  version int NOT NULL,
  declaration jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  PRIMARY KEY (dataset_id, version)
);

-- One generic table for the records of every dataset. props holds the declared fields;
-- search is a normalised (lower-case, unaccented) text computed when the record is written;
-- area_ids are the ward-level areas (any period) the record lies in.
CREATE TABLE records (
  id bigserial PRIMARY KEY,
  dataset_id text NOT NULL REFERENCES datasets(id),
  natural_key text,
  props jsonb NOT NULL DEFAULT '{}'::jsonb,
  geom geometry(Geometry, 4326),
  area_ids int[] NOT NULL DEFAULT '{}',
  search text NOT NULL DEFAULT '',
  synthetic boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT records_natural_key UNIQUE (dataset_id, natural_key)
);
CREATE INDEX records_geom_idx ON records USING gist (geom);
CREATE INDEX records_dataset_idx ON records (dataset_id, id);
CREATE INDEX records_area_ids_idx ON records USING gin (area_ids);

-- Who changed which record when, with the record before and after (no foreign key to
-- records, so the history of a deleted record stays).
CREATE TABLE record_history (
  id bigserial PRIMARY KEY,
  record_id bigint NOT NULL,
  dataset_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id int REFERENCES users(id) ON DELETE SET NULL,
  actor text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX record_history_record_idx ON record_history (record_id, id);
