-- 0005 tiles: a change stamp per dataset, bumped by every write to its records through any
-- path (API, imports, bulk SQL), so cached vector tiles and thematic maps know when they are
-- stale with one primary-key read. Statement-level triggers: one bump per statement, not per row.
CREATE SEQUENCE dataset_change_stamp_seq;

CREATE TABLE dataset_change_stamps (
  dataset_id text PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  stamp bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION records_bump_stamp_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dataset_change_stamps (dataset_id, stamp, changed_at)
  SELECT s.dataset_id, nextval('dataset_change_stamp_seq'), now() FROM (SELECT DISTINCT dataset_id FROM new_rows) s
  ON CONFLICT (dataset_id) DO UPDATE SET stamp = excluded.stamp, changed_at = excluded.changed_at;
  RETURN NULL;
END $$;

CREATE FUNCTION records_bump_stamp_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dataset_change_stamps (dataset_id, stamp, changed_at)
  SELECT s.dataset_id, nextval('dataset_change_stamp_seq'), now() FROM (SELECT DISTINCT dataset_id FROM old_rows) s
  ON CONFLICT (dataset_id) DO UPDATE SET stamp = excluded.stamp, changed_at = excluded.changed_at;
  RETURN NULL;
END $$;

CREATE TRIGGER records_stamp_insert AFTER INSERT ON records
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_bump_stamp_new();
CREATE TRIGGER records_stamp_update AFTER UPDATE ON records
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_bump_stamp_new();
-- An update that moves a record to another dataset also changes the old one.
CREATE TRIGGER records_stamp_update_old AFTER UPDATE ON records
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION records_bump_stamp_old();
CREATE TRIGGER records_stamp_delete AFTER DELETE ON records
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION records_bump_stamp_old();

-- Stamps for what is already there.
INSERT INTO dataset_change_stamps (dataset_id, stamp)
SELECT s.dataset_id, nextval('dataset_change_stamp_seq') FROM (SELECT DISTINCT dataset_id FROM records) s;
