-- 0020 procedures: administrative procedures (thủ tục hành chính) and their dossiers (hồ sơ)
-- as the national public-service portal names them, citizens' ratings, rejected import rows
-- and due-date alerts; read by the 766 index (Decision 766/QĐ-TTg).
-- Frozen once landed: change the schema in a new migration, never here.

-- The procedure catalogue (MaTTHC).
CREATE TABLE proc_procedures (
  code text PRIMARY KEY,
  name text NOT NULL,
  field text,
  -- Level that handles it: commune (xã/phường), province, ministry.
  level text NOT NULL DEFAULT 'commune' CHECK (level IN ('commune', 'province', 'ministry')),
  time_limit numeric CHECK (time_limit IS NULL OR time_limit >= 0),
  time_unit text NOT NULL DEFAULT 'working_days' CHECK (time_unit IN ('hours', 'days', 'working_days', 'months')),
  fee numeric CHECK (fee IS NULL OR fee >= 0),
  paper_result boolean NOT NULL DEFAULT true,
  -- Online service: none, partial (một phần) or full (toàn trình).
  online text NOT NULL DEFAULT 'none' CHECK (online IN ('none', 'partial', 'full')),
  online_payment boolean NOT NULL DEFAULT false,
  published boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per dossier (MaHoSo), upserted by its code.
CREATE TABLE proc_dossiers (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  procedure_code text NOT NULL,
  -- KenhThucHien: 1 in person, 2 online, 3 post; null when the source did not say.
  channel smallint CHECK (channel IN (1, 2, 3)),
  submitted_at timestamptz,
  received_at timestamptz,
  due_at timestamptz,
  finished_at timestamptz,
  -- TrangThaiHoSo 1–10 (the portal's status codes).
  status smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  -- Supplementary requests [{requestedAt, suppliedAt|null}], oldest first.
  supplements jsonb NOT NULL DEFAULT '[]',
  supplement_count int NOT NULL DEFAULT 0,
  paid_online boolean NOT NULL DEFAULT false,
  digitised boolean NOT NULL DEFAULT false,
  e_result boolean NOT NULL DEFAULT false,
  unit_code text,
  ward_code text,
  official_code text,
  official_name text,
  -- Personal data of the applicant: never public, masked for staff who do not need it.
  applicant_name text,
  applicant_phone text,
  -- Handling time (received → finished, citizen's supplementary time excluded), kept at ingest.
  handling_hours numeric,
  handling_working_days numeric,
  source text NOT NULL DEFAULT 'api',
  synthetic boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The index reads whole periods (most of the table for recent months): few indexes keep ingest fast.
CREATE INDEX proc_dossiers_unit_idx ON proc_dossiers (unit_code, received_at);
CREATE INDEX proc_dossiers_ward_idx ON proc_dossiers (ward_code, received_at);
CREATE INDEX proc_dossiers_open_idx ON proc_dossiers (due_at) WHERE finished_at IS NULL;

-- A citizen's rating of a finished dossier: the service and the official (once per dossier).
CREATE TABLE proc_ratings (
  dossier_id bigint PRIMARY KEY REFERENCES proc_dossiers(id) ON DELETE CASCADE,
  service_score smallint NOT NULL CHECK (service_score BETWEEN 1 AND 5),
  official_score smallint NOT NULL CHECK (official_score BETWEEN 1 AND 5),
  comment text,
  official_code text,
  official_name text,
  unit_code text,
  ward_code text,
  rated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proc_ratings_official_idx ON proc_ratings (official_code, rated_at);

-- Rows that could not be stored, with their reasons (file, API or connector batches).
CREATE TABLE proc_rejected_rows (
  id bigserial PRIMARY KEY,
  batch text NOT NULL,
  source text NOT NULL,
  row_number int NOT NULL,
  data jsonb NOT NULL,
  reasons jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proc_rejected_rows_batch_idx ON proc_rejected_rows (batch, row_number);

-- Alerts to the handling unit before a dossier becomes late (and when it did).
CREATE TABLE proc_due_alerts (
  id bigserial PRIMARY KEY,
  dossier_id bigint NOT NULL REFERENCES proc_dossiers(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  unit_code text,
  due_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (dossier_id, kind)
);

-- Published read views: no applicant's personal data, no rating comments.
CREATE VIEW v_proc_procedures AS
  SELECT code, name, field, level, time_limit, time_unit, fee, paper_result, online, online_payment, published FROM proc_procedures;
-- citizen_pause: the citizen's time on the first supplementary request (up to the end of handling).
CREATE VIEW v_proc_dossiers AS
  SELECT id, code, procedure_code, channel, submitted_at, received_at, due_at, finished_at, status, supplement_count,
    CASE WHEN supplement_count > 0 THEN greatest(
      least(coalesce((supplements->0->>'suppliedAt')::timestamptz, finished_at, now()), coalesce(finished_at, now())) - (supplements->0->>'requestedAt')::timestamptz,
      interval '0') END AS citizen_pause,
    paid_online, digitised, e_result, unit_code, ward_code, official_code, handling_hours, handling_working_days, synthetic, updated_at
  FROM proc_dossiers;
CREATE VIEW v_proc_ratings AS
  SELECT dossier_id, service_score, official_score, official_code, unit_code, ward_code, rated_at FROM proc_ratings;
