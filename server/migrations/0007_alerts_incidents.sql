-- 0007 alerts and incidents: declarative alert rules and their per-sensor state, alerts with
-- their timeline, incidents with standard operating procedures (SOP) and their timeline,
-- outbound webhooks with recorded deliveries.

CREATE TABLE alert_rules (
  id serial PRIMARY KEY,
  -- Stable key of the built-in (demo) rules, so seeding is idempotent; null for rules made by admins.
  key text UNIQUE,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- Scope: every non-null field must match (null = any).
  sensor_type text,
  sensor_id text,
  area_code text,
  condition jsonb NOT NULL,
  severity text NOT NULL CHECK (severity IN ('Extreme', 'Severe', 'Moderate', 'Minor')),
  category text NOT NULL,
  public boolean NOT NULL DEFAULT false,
  auto_resolve boolean NOT NULL DEFAULT false,
  instruction_vi text,
  instruction_en text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- Evaluation state of a rule for one sensor (hysteresis, recent samples for rates), kept in the
-- database so a restart neither re-fires nor forgets an active condition.
CREATE TABLE alert_rule_state (
  rule_id int NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  sensor_id text NOT NULL,
  active boolean NOT NULL DEFAULT false,
  state jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, sensor_id)
);

-- Last reading seen per sensor by the rule engine (for "no data for N minutes").
CREATE TABLE alert_sensor_seen (
  sensor_id text PRIMARY KEY,
  sensor_type text NOT NULL,
  area_codes text[] NOT NULL DEFAULT '{}',
  last_ts timestamptz NOT NULL
);

CREATE TABLE alerts (
  id bigserial PRIMARY KEY,
  rule_id int REFERENCES alert_rules(id) ON DELETE SET NULL,
  sensor_id text,
  sensor_type text,
  metric text,
  source text NOT NULL CHECK (source IN ('rule', 'manual')),
  status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  severity text NOT NULL CHECK (severity IN ('Extreme', 'Severe', 'Moderate', 'Minor')),
  category text NOT NULL,
  title_vi text NOT NULL,
  title_en text NOT NULL,
  description_vi text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  instruction_vi text,
  instruction_en text,
  area_code text,
  place text,
  geom geometry(Point, 4326),
  public boolean NOT NULL DEFAULT false,
  value double precision,
  peak_value double precision,
  update_count int NOT NULL DEFAULT 0,
  opened_at timestamptz NOT NULL,
  last_fired_at timestamptz NOT NULL,
  cleared_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz,
  resolved_by text,
  escalation_level int NOT NULL DEFAULT 0,
  escalated_at timestamptz,
  incident_id bigint,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL
);
-- Never two unresolved alerts for the same rule and sensor: a re-firing rule updates the one it has.
CREATE UNIQUE INDEX alerts_one_unresolved_per_rule_sensor ON alerts (rule_id, sensor_id) WHERE status <> 'resolved' AND rule_id IS NOT NULL;
CREATE INDEX alerts_status_idx ON alerts (status, opened_at DESC);
CREATE INDEX alerts_area_idx ON alerts (area_code);
CREATE INDEX alerts_public_idx ON alerts (updated_at DESC) WHERE public;

CREATE TABLE alert_events (
  id bigserial PRIMARY KEY,
  alert_id bigint NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  comment text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, id);

CREATE TABLE sop_templates (
  incident_type text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  -- [{ "vi": "...", "en": "..." }, ...] in order
  steps jsonb NOT NULL,
  built_in boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

CREATE TABLE incidents (
  id bigserial PRIMARY KEY,
  type text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  severity text NOT NULL CHECK (severity IN ('Extreme', 'Severe', 'Moderate', 'Minor')),
  status text NOT NULL CHECK (status IN ('open', 'in_progress', 'closed')),
  geom geometry(Point, 4326),
  area_code text,
  area_name text,
  assigned_unit text,
  source_kind text NOT NULL CHECK (source_kind IN ('alert', 'feedback', 'record', 'text')),
  source_ref text,
  alert_id bigint REFERENCES alerts(id),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text
);
CREATE INDEX incidents_status_idx ON incidents (status, created_at DESC);
CREATE INDEX incidents_area_idx ON incidents (area_code);

CREATE TABLE incident_steps (
  id bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  position int NOT NULL,
  text_vi text NOT NULL,
  text_en text NOT NULL,
  done boolean NOT NULL DEFAULT false,
  done_at timestamptz,
  done_by text,
  note text
);
CREATE INDEX incident_steps_incident_idx ON incident_steps (incident_id, position);

CREATE TABLE incident_events (
  id bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  comment text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id);

CREATE TABLE webhooks (
  id serial PRIMARY KEY,
  url text NOT NULL,
  format text NOT NULL CHECK (format IN ('json', 'cap')),
  secret text,
  -- Only public alerts are sent unless include_private.
  include_private boolean NOT NULL DEFAULT false,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL
);

CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  webhook_id int NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  alert_id bigint NOT NULL,
  event text NOT NULL,
  content_type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_status_code int,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id DESC);
