-- 0009 kpis: KPI definitions and dashboards stored as data (built-ins loaded at start,
-- editable by admins), and each user's notification preferences.
-- Frozen once landed: change the schema in a new migration, never here.

-- One row per KPI: the definition (titles, unit, whitelisted computation, thresholds…) as
-- JSON; domain copied out for filtering.
CREATE TABLE kpi_definitions (
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,62}$'),
  definition jsonb NOT NULL,
  domain text NOT NULL,
  built_in boolean NOT NULL DEFAULT false,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- Dashboards: titles, domain and the ordered widgets (kind, KPI, size) as JSON.
CREATE TABLE dashboards (
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,62}$'),
  definition jsonb NOT NULL,
  built_in boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- Which alerts reach a user, and where (in-app, e-mail, webhook).
CREATE TABLE notification_preferences (
  user_id int PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  preferences jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
