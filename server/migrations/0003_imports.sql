-- 0003 imports: import jobs (with the uploaded file, so a job survives a restart), the rows
-- each job rejected with their reasons, and column mappings saved per dataset and header set.
-- Frozen once landed: change the schema in a new migration, never here.

CREATE TABLE import_jobs (
  id bigserial PRIMARY KEY,
  dataset_id text NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  file_name text NOT NULL,
  file_size int NOT NULL,
  format text,
  sheet text,
  crs text,
  -- The file's headers in order (rejected rows are written back with them).
  headers jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- { fields: { <field>: <header> }, geometry: { kind: 'coordinates'|'wkt'|'file'|'none', … } }
  mapping jsonb NOT NULL,
  dry_run boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  total int,
  processed int NOT NULL DEFAULT 0,
  accepted int NOT NULL DEFAULT 0,
  rejected int NOT NULL DEFAULT 0,
  inserted int NOT NULL DEFAULT 0,
  updated int NOT NULL DEFAULT 0,
  unchanged int NOT NULL DEFAULT 0,
  -- Why the job failed (whole-file problems), or null.
  error text,
  -- The most frequent row problems: [{ column, message, count }].
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by text NOT NULL,
  created_by_id int REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX import_jobs_dataset_idx ON import_jobs (dataset_id, id DESC);
CREATE INDEX import_jobs_status_idx ON import_jobs (status, id);

-- The uploaded bytes, kept until the job is deleted (re-runs and restarts read them here).
CREATE TABLE import_files (
  job_id bigint PRIMARY KEY REFERENCES import_jobs(id) ON DELETE CASCADE,
  content bytea NOT NULL
);

-- Every rejected row: its original cells (by header) and why, so it can be fixed and re-imported.
CREATE TABLE import_rejects (
  job_id bigint NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  row_number int NOT NULL,
  cells jsonb NOT NULL,
  -- [{ column, field, message }]
  reasons jsonb NOT NULL,
  PRIMARY KEY (job_id, row_number)
);

-- The last mapping used for a dataset and a set of headers (signature = folded, sorted headers).
CREATE TABLE import_mappings (
  dataset_id text NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  signature text NOT NULL,
  headers jsonb NOT NULL,
  mapping jsonb NOT NULL,
  crs text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (dataset_id, signature)
);
