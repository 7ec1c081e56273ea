-- 0019 direction and e-documents (issue 16): the document register of Decree 30/2020/NĐ-CP
-- (incoming and outgoing documents, their files, case files, yearly numbering) and the tasks
-- leaders assign to units, with progress reports, extensions and confirmation.
-- Frozen once landed: change the schema in a new migration, never here.

-- ── documents module ──

-- Case files (hồ sơ công việc) that group documents (Appendix VI: Title, Maintenance, Creator…).
CREATE TABLE case_files (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  title text NOT NULL,
  year int NOT NULL,
  maintenance text NOT NULL DEFAULT 'permanent',
  creator_unit_id int REFERENCES units(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Numbering counters: one per direction, year and series (Art. 15: from 01 on 1 January;
-- secret documents in their own series).
CREATE TABLE document_counters (
  direction text NOT NULL,
  year int NOT NULL,
  series text NOT NULL,
  last_number int NOT NULL,
  PRIMARY KEY (direction, year, series)
);

CREATE TABLE documents (
  id bigserial PRIMARY KEY,
  direction text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  doc_type text NOT NULL,
  -- số and ký hiệu as written on the document ("12", "UBND-VP"); for outgoing documents the
  -- number is the register number the system gave.
  number text NOT NULL,
  notation text NOT NULL DEFAULT '',
  issuer text NOT NULL,
  issued_date date NOT NULL,
  subject text NOT NULL,
  signer_name text,
  signer_position text,
  urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'khan', 'thuong-khan', 'hoa-toc')),
  secrecy text NOT NULL DEFAULT 'normal' CHECK (secrecy IN ('normal', 'mat', 'toi-mat', 'tuyet-mat')),
  recipients text[] NOT NULL DEFAULT '{}',
  due_date date,
  series text NOT NULL CHECK (series IN ('regular', 'secret')),
  register_year int NOT NULL,
  -- Arrival number (incoming) or the outgoing register number, per direction, year and series.
  register_number int NOT NULL,
  arrival_date date,
  handler_unit_id int REFERENCES units(id),
  handling_due date,
  routing_note text,
  case_file_id bigint REFERENCES case_files(id) ON DELETE SET NULL,
  -- Folded (no diacritics, lower case) metadata and extracted text of the files, for search.
  search_folded text NOT NULL DEFAULT '',
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_folded)) STORED,
  synthetic boolean NOT NULL DEFAULT false,
  created_by int REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT documents_register_unique UNIQUE (direction, register_year, series, register_number)
);
CREATE INDEX documents_search_idx ON documents USING gin (search_vector);
CREATE INDEX documents_identity_idx ON documents (lower(number), lower(notation));
CREATE INDEX documents_date_idx ON documents (direction, issued_date DESC, id DESC);
CREATE INDEX documents_case_file_idx ON documents (case_file_id);

-- Files kept unaltered (bytes and SHA-256) with the text read from them.
CREATE TABLE document_files (
  id bigserial PRIMARY KEY,
  document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  filename text NOT NULL,
  media_type text NOT NULL,
  bytes int NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  text_content text NOT NULL DEFAULT '',
  text_source text NOT NULL CHECK (text_source IN ('text-layer', 'ocr', 'docx', 'none')),
  created_by int REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_files_document_idx ON document_files (document_id);

-- ── tasks module ──

CREATE TABLE tasks (
  id bigserial PRIMARY KEY,
  title text NOT NULL,
  content text NOT NULL DEFAULT '',
  source_kind text NOT NULL CHECK (source_kind IN ('document', 'meeting', 'manual')),
  source_document_id bigint REFERENCES documents(id) ON DELETE SET NULL,
  source_note text,
  assigner_id int NOT NULL REFERENCES users(id),
  lead_unit_id int NOT NULL REFERENCES units(id),
  coordinating_unit_ids int[] NOT NULL DEFAULT '{}',
  assignee_id int REFERENCES users(id),
  parent_id bigint REFERENCES tasks(id) ON DELETE CASCADE,
  priority int NOT NULL DEFAULT 1 CHECK (priority IN (1, 2, 3)),
  -- Null deadlines: a standing task (không hạn). The original deadline is never changed.
  original_due_at timestamptz,
  due_at timestamptz,
  status text NOT NULL CHECK (status IN ('open', 'in_progress', 'awaiting_confirmation', 'done', 'refused', 'cancelled')),
  progress int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  reported_done_at timestamptz,
  completed_at timestamptz,
  -- Set when an extension is granted after the deadline had passed: that lateness stays.
  late_incurred boolean NOT NULL DEFAULT false,
  -- Reminders already sent (days before: 7, 3, 1; 0 = overdue), escalation to the assigner.
  reminded_stage int,
  escalated_at timestamptz,
  synthetic boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tasks_deadlines CHECK ((original_due_at IS NULL) = (due_at IS NULL))
);
CREATE INDEX tasks_lead_unit_idx ON tasks (lead_unit_id);
CREATE INDEX tasks_due_idx ON tasks (due_at);
CREATE INDEX tasks_parent_idx ON tasks (parent_id);
CREATE INDEX tasks_source_document_idx ON tasks (source_document_id);
CREATE INDEX tasks_coordinating_idx ON tasks USING gin (coordinating_unit_ids);

CREATE TABLE task_events (
  id bigserial PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  kind text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  by_user_id int REFERENCES users(id),
  progress int,
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX task_events_task_idx ON task_events (task_id, id);

CREATE TABLE task_extensions (
  id bigserial PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  requested_by int NOT NULL REFERENCES users(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  previous_due_at timestamptz NOT NULL,
  new_due_at timestamptz NOT NULL,
  reason text NOT NULL,
  decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'rejected')),
  decided_by int REFERENCES users(id),
  decided_at timestamptz,
  decision_note text
);
CREATE INDEX task_extensions_task_idx ON task_extensions (task_id);

CREATE TABLE task_files (
  id bigserial PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  event_id bigint REFERENCES task_events(id) ON DELETE CASCADE,
  filename text NOT NULL,
  media_type text NOT NULL,
  bytes int NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_files_task_idx ON task_files (task_id);

-- Published read views. v_tasks carries the official reporting bucket at the time of reading:
-- done on time / done late / open within the deadline / open overdue, standing tasks (no
-- deadline) apart; cancelled tasks have none. A task done after an extension that came once
-- the deadline had passed is done late (lateness already incurred stays).
CREATE VIEW v_tasks AS
  SELECT id, title, source_kind, source_document_id, assigner_id, lead_unit_id, coordinating_unit_ids, assignee_id,
         parent_id, priority, original_due_at, due_at, status, progress, reported_done_at, completed_at, late_incurred,
         synthetic, created_at, updated_at,
         CASE
           WHEN status = 'cancelled' THEN NULL
           WHEN due_at IS NULL THEN 'standing'
           WHEN status = 'done' AND completed_at <= due_at AND NOT late_incurred THEN 'done-on-time'
           WHEN status = 'done' THEN 'done-late'
           WHEN now() > due_at THEN 'open-overdue'
           ELSE 'open-in-time'
         END AS bucket
  FROM tasks;
CREATE VIEW v_task_events AS
  SELECT id, task_id, kind, at, by_user_id, progress FROM task_events;
CREATE VIEW v_documents AS
  SELECT id, direction, doc_type, number, notation, issuer, issued_date, subject, urgency, secrecy, due_date,
         register_year, register_number, arrival_date, handler_unit_id, handling_due, case_file_id, created_at, updated_at
  FROM documents;
