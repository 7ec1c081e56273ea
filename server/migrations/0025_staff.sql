-- 0025 staff (issue 20, daily use): incidents worked by named people with notes, attachments and
-- SLA timers; alert e-mails delivered as digests.
-- Frozen once landed: change the schema in a new migration, never here.

-- Named people (usernames) working an incident beside its unit.
ALTER TABLE incidents ADD COLUMN assignees text[] NOT NULL DEFAULT '{}';
-- The SLA deadline, set when the incident is opened (and when its severity changes) from incident_sla.
ALTER TABLE incidents ADD COLUMN due_at timestamptz;
CREATE INDEX incidents_due_idx ON incidents (due_at) WHERE status <> 'closed';

-- How long an incident of each severity may stay unclosed: configurable data, not code (no
-- national rule fixes these; admins change them with PUT /api/incident-sla).
CREATE TABLE incident_sla (
  severity text PRIMARY KEY CHECK (severity IN ('Extreme', 'Severe', 'Moderate', 'Minor')),
  minutes int NOT NULL CHECK (minutes > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
INSERT INTO incident_sla (severity, minutes, updated_by) VALUES
  ('Extreme', 60, 'system'), ('Severe', 240, 'system'), ('Moderate', 1440, 'system'), ('Minor', 4320, 'system');

-- Existing incidents get the deadline their severity gives.
UPDATE incidents i SET due_at = i.created_at + make_interval(mins => s.minutes)
  FROM incident_sla s WHERE s.severity = i.severity;

-- Files attached to an incident (photos, reports), stored in the database like the other modules' files.
CREATE TABLE incident_attachments (
  id bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  filename text NOT NULL,
  media_type text NOT NULL,
  size_bytes int NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);
CREATE INDEX incident_attachments_incident_idx ON incident_attachments (incident_id, id);

-- E-mail of a notification: null = not asked; 'pending' until the digest of its window is sent,
-- then 'sent' or 'failed: …'.
ALTER TABLE notifications ADD COLUMN email_status text;
ALTER TABLE notifications ADD COLUMN email_to text;
CREATE INDEX notifications_email_pending_idx ON notifications (user_id) WHERE email_status = 'pending';
