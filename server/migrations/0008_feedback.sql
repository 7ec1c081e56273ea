-- 0008 feedback: citizens' reports (phản ánh hiện trường), their timeline, photos, the
-- category catalogue, routing rules, and the API keys of Open311 client applications.
-- Frozen once landed: change the schema in a new migration, never here.

-- What a citizen can report about; deadline_days are working days (weekends and public
-- holidays excluded, see feedback/holidays.ts).
CREATE TABLE feedback_categories (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,40}$'),
  name_vi text NOT NULL,
  name_en text NOT NULL,
  description_vi text NOT NULL DEFAULT '',
  deadline_days int NOT NULL CHECK (deadline_days BETWEEN 1 AND 60),
  sort_order int NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true
);

-- Editable routing: a category (optionally restricted to one ward code) goes to a unit.
-- The most specific rule wins (ward-specific before ward-less).
CREATE TABLE feedback_routing_rules (
  id serial PRIMARY KEY,
  category_code text NOT NULL REFERENCES feedback_categories(code) ON UPDATE CASCADE,
  ward_code text,
  unit_id int NOT NULL REFERENCES units(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT feedback_routing_rules_key UNIQUE NULLS NOT DISTINCT (category_code, ward_code)
);

-- One report. status: received → verified | rejected → assigned → in_progress → resolved → closed.
-- ward_area_id is the ward valid on the day of the report (kept even after a later reform);
-- ward_unit_id is its People's Committee, department_unit_id the responsible department (rules),
-- assigned_unit_id who handles it now. A merged report follows its primary (merged_into_id).
CREATE TABLE feedback_reports (
  id serial PRIMARY KEY,
  tracking_code text NOT NULL UNIQUE,
  category_code text NOT NULL REFERENCES feedback_categories(code) ON UPDATE CASCADE,
  description text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('web', 'open311', 'call-centre')),
  status text NOT NULL CHECK (status IN ('received', 'verified', 'rejected', 'assigned', 'in_progress', 'resolved', 'closed')),
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  geom geometry(Point, 4326) NOT NULL,
  address text,
  location_source text NOT NULL CHECK (location_source IN ('pin', 'device', 'exif', 'address', 'operator')),
  ward_area_id int REFERENCES areas(id),
  ward_code text,
  ward_unit_id int REFERENCES units(id),
  department_unit_id int REFERENCES units(id),
  assigned_unit_id int REFERENCES units(id),
  reporter_name text,
  reporter_phone text,
  reporter_email text,
  source_ip text,
  open311_key_id int,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deadline_at timestamptz NOT NULL,
  verified_at timestamptz,
  assigned_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  reminded_at timestamptz,
  escalated_at timestamptz,
  reject_reason text,
  answer text,
  rating int CHECK (rating BETWEEN 1 AND 5),
  rating_comment text,
  rated_at timestamptz,
  merged_into_id int REFERENCES feedback_reports(id),
  synthetic boolean NOT NULL DEFAULT false
);
CREATE INDEX feedback_reports_geom_idx ON feedback_reports USING gist (geom);
CREATE INDEX feedback_reports_status_idx ON feedback_reports (status, deadline_at);
CREATE INDEX feedback_reports_created_idx ON feedback_reports (created_at DESC);
CREATE INDEX feedback_reports_units_idx ON feedback_reports (assigned_unit_id, ward_unit_id, department_unit_id);
CREATE INDEX feedback_reports_ip_idx ON feedback_reports (source_ip, created_at);
CREATE INDEX feedback_reports_phone_idx ON feedback_reports (reporter_phone, created_at);
CREATE INDEX feedback_reports_merged_idx ON feedback_reports (merged_into_id);

-- The timeline: every transition, assignment, answer, reminder, escalation, merge, rating.
CREATE TABLE feedback_events (
  id bigserial PRIMARY KEY,
  report_id int NOT NULL REFERENCES feedback_reports(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  from_status text,
  to_status text,
  actor text NOT NULL,
  actor_id int REFERENCES users(id) ON DELETE SET NULL,
  unit_id int REFERENCES units(id),
  note text,
  public boolean NOT NULL DEFAULT true
);
CREATE INDEX feedback_events_report_idx ON feedback_events (report_id, at);

-- Photos are stored re-encoded (no EXIF) in the database, in the report's transaction.
CREATE TABLE feedback_photos (
  id serial PRIMARY KEY,
  report_id int NOT NULL REFERENCES feedback_reports(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('report', 'answer')),
  mime text NOT NULL,
  width int NOT NULL,
  height int NOT NULL,
  bytes int NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX feedback_photos_report_idx ON feedback_photos (report_id);

-- Open311 client applications; only a SHA-256 of the key is stored.
CREATE TABLE open311_keys (
  id serial PRIMARY KEY,
  app_name text NOT NULL,
  contact text,
  key_hash text NOT NULL UNIQUE,
  key_hint text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  revoked_at timestamptz
);
