-- 0023 reporting (issue 18): periodic report forms as versioned data, submissions and their
-- approval, lock exceptions, reminders, targets, the working-day calendar, consolidated report
-- templates and issued runs. Frozen once landed.

-- A form version: a change makes a new row (code, version+1); submissions keep theirs.
CREATE TABLE report_forms (
  id serial PRIMARY KEY,
  code text NOT NULL,
  version int NOT NULL,
  title_vi text NOT NULL,
  title_en text NOT NULL,
  period_type text NOT NULL CHECK (period_type IN ('month', 'quarter', 'six-month', 'nine-month', 'year')),
  cutoff_day int NOT NULL DEFAULT 15,
  deadline_working_days int NOT NULL DEFAULT 2,
  grace_days int NOT NULL DEFAULT 5,
  units text[] NOT NULL,
  elements jsonb NOT NULL,
  rules jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by int,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version)
);

-- One submission per form, unit (a ward: an area version) and period.
CREATE TABLE report_submissions (
  id bigserial PRIMARY KEY,
  form_id int NOT NULL REFERENCES report_forms(id),
  form_code text NOT NULL,
  area_id int NOT NULL,
  area_code text NOT NULL,
  period text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'accepted', 'rejected')),
  "values" jsonb NOT NULL DEFAULT '{}'::jsonb,
  deadline timestamptz NOT NULL,
  first_submitted_at timestamptz,
  submitted_at timestamptz,
  approved_at timestamptz,
  approved_by int,
  accepted_at timestamptz,
  accepted_by int,
  rejection_reason text,
  source text NOT NULL DEFAULT 'web',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (form_code, area_id, period)
);
CREATE INDEX report_submissions_period_idx ON report_submissions (form_code, period);

CREATE TABLE report_submission_events (
  id bigserial PRIMARY KEY,
  submission_id bigint NOT NULL REFERENCES report_submissions(id) ON DELETE CASCADE,
  action text NOT NULL,
  at timestamptz NOT NULL,
  user_id int,
  username text,
  note text
);
CREATE INDEX report_submission_events_sub_idx ON report_submission_events (submission_id, at);

-- Entry reopened by an admin for a unit and period after the lock, until a time.
CREATE TABLE report_lock_exceptions (
  form_code text NOT NULL,
  area_id int NOT NULL,
  period text NOT NULL,
  until timestamptz NOT NULL,
  granted_by int,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (form_code, area_id, period)
);

-- One reminder per late report and day.
CREATE TABLE report_reminders (
  form_code text NOT NULL,
  area_id int NOT NULL,
  period text NOT NULL,
  day date NOT NULL,
  recipients int NOT NULL,
  PRIMARY KEY (form_code, area_id, period, day)
);

-- Plan targets per year (area_code '' = the whole territory of the form's units).
CREATE TABLE report_targets (
  form_code text NOT NULL,
  element text NOT NULL,
  area_code text NOT NULL DEFAULT '',
  year int NOT NULL,
  target double precision NOT NULL,
  PRIMARY KEY (form_code, element, area_code, year)
);

-- The working-day calendar of deadlines (public holidays incl. Tết), as data.
CREATE TABLE report_holidays (
  day date PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL
);

CREATE TABLE report_templates (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- An issued consolidated report: its figures are frozen at issue (with their source
-- submissions); files are rendered from them on download, so they never change.
CREATE TABLE report_runs (
  id serial PRIMARY KEY,
  template_id int NOT NULL REFERENCES report_templates(id),
  period text NOT NULL,
  seq int NOT NULL,
  number text NOT NULL,
  issued_at timestamptz NOT NULL,
  issued_by int,
  scheduled boolean NOT NULL DEFAULT false,
  figures jsonb NOT NULL,
  missing jsonb NOT NULL DEFAULT '[]'::jsonb,
  delivery jsonb NOT NULL DEFAULT '{"inApp":0,"webhook":null}'::jsonb,
  UNIQUE (template_id, period)
);

-- Read view for other modules (KPIs, analysis): approved values only.
CREATE VIEW v_report_submissions AS
  SELECT id, form_code, area_id, area_code, period, status, "values", first_submitted_at, submitted_at, deadline
  FROM report_submissions;
