-- 0001 foundation: areas as data, units, users, credentials, audit log.
-- Frozen once landed: change the schema in a new migration, never here.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE units (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- An administrative area is identified by its code AND its validity period: the 2025
-- reorganisation reused old codes for different units. valid_to is exclusive.
CREATE TABLE areas (
  id serial PRIMARY KEY,
  code text NOT NULL,
  scheme text NOT NULL,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  level text NOT NULL,
  parent_id int REFERENCES areas(id),
  valid_from date NOT NULL,
  valid_to date,
  approximate boolean NOT NULL DEFAULT false,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  geom geometry(MultiPolygon, 4326) NOT NULL,
  area_km2 double precision NOT NULL,
  CONSTRAINT areas_valid_period CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT areas_code_period UNIQUE (code, valid_from)
);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_parent_idx ON areas (parent_id);
CREATE INDEX areas_level_idx ON areas (level, valid_from);

-- Lineage between units across reorganisations (merged from / split into).
CREATE TABLE area_lineage (
  predecessor_id int NOT NULL REFERENCES areas(id),
  successor_id int NOT NULL REFERENCES areas(id),
  whole boolean NOT NULL,
  effective_date date NOT NULL,
  legal_basis text,
  PRIMARY KEY (predecessor_id, successor_id)
);

CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'operator', 'officer', 'device')),
  unit_id int REFERENCES units(id),
  password_hash text,
  password_is_demo boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_officer_has_unit CHECK (role <> 'officer' OR unit_id IS NOT NULL)
);

-- Officers act for one or more areas (a specific version of each area).
CREATE TABLE user_areas (
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  area_id int NOT NULL REFERENCES areas(id),
  PRIMARY KEY (user_id, area_id)
);

-- Browser sessions and API tokens share one shape: only a SHA-256 of the secret is kept.
CREATE TABLE credentials (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('session', 'api')),
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX credentials_user_idx ON credentials (user_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id int REFERENCES users(id) ON DELETE SET NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target_type text,
  target_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);

-- Small key/value facts about this installation (e.g. which seeds have run).
CREATE TABLE app_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
