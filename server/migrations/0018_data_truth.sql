-- 0018 data truth (issue 15): what an import or a write learnt about a record's position, kept
-- beside the record; import rows that are not data; the installation's territory.

-- Flags on a record, set where it is written (import, API): [{ code, params }] with codes such
-- as swapped_coordinates_repaired, outside_claimed_ward (params: ward, distanceM),
-- missing_geometry. Shown on the record page and counted on the data-quality page.
ALTER TABLE records ADD COLUMN flags jsonb NOT NULL DEFAULT '[]'::jsonb;
CREATE OR REPLACE VIEW v_records AS
  SELECT id, dataset_id, natural_key, props, geom, area_ids, search, synthetic, created_at, created_by, updated_at, updated_by, flags
  FROM records;

-- Rows of an import that are not records or rejections: skipped (not data: a title, a blank
-- row, a repeated header, a note, a totals row), or accepted with a flag or a repair. One line
-- per row and code; params word the reason on the client.
CREATE TABLE import_row_notes (
  job_id bigint NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  row_number int NOT NULL,
  kind text NOT NULL CHECK (kind IN ('skipped', 'flagged', 'repaired')),
  code text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (job_id, row_number, code)
);
ALTER TABLE import_jobs
  ADD COLUMN skipped int NOT NULL DEFAULT 0,
  ADD COLUMN flagged int NOT NULL DEFAULT 0,
  ADD COLUMN repaired int NOT NULL DEFAULT 0;

-- The installation's territory: the union of its loaded areas, buffered by a margin, computed
-- once per set of areas (signature) and margin and reused by every check.
CREATE TABLE area_territory (
  signature text NOT NULL,
  margin_m double precision NOT NULL,
  geom geometry(Geometry, 4326) NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (signature, margin_m)
);
