-- 0028 each dataset's record count, count of records with a geometry and last change, kept by
-- statement-level triggers (as the change stamps of 0005), so that the catalogue, the map's
-- layer list and its thematic choices read them with one primary-key row per dataset instead of
-- counting every record on every visit (a full scan of the records, ~70 ms for the demo's 68,000
-- on the embedded engine, during which it answers nothing else). Counts are exact within the
-- writing transaction: an update adds its new rows and removes its old ones, so a record moved
-- to another dataset, or given or stripped of its geometry, is counted where it now is.
CREATE TABLE dataset_record_stats (
  dataset_id text PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  record_count bigint NOT NULL DEFAULT 0,
  geometry_count bigint NOT NULL DEFAULT 0,
  -- The newest updated_at of an inserted or changed record, or the time of the last deletion.
  last_record_update timestamptz
);

CREATE FUNCTION records_stats_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dataset_record_stats AS s (dataset_id, record_count, geometry_count, last_record_update)
  SELECT dataset_id, count(*), count(geom), max(updated_at) FROM new_rows GROUP BY dataset_id
  ON CONFLICT (dataset_id) DO UPDATE SET
    record_count = s.record_count + excluded.record_count,
    geometry_count = s.geometry_count + excluded.geometry_count,
    last_record_update = greatest(s.last_record_update, excluded.last_record_update);
  RETURN NULL;
END $$;

CREATE FUNCTION records_stats_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dataset_record_stats AS s (dataset_id, record_count, geometry_count, last_record_update)
  SELECT dataset_id, -count(*), -count(geom), now() FROM old_rows GROUP BY dataset_id
  ON CONFLICT (dataset_id) DO UPDATE SET
    record_count = s.record_count + excluded.record_count,
    geometry_count = s.geometry_count + excluded.geometry_count,
    -- An update's new rows carry its time; a deletion has none but now.
    last_record_update = CASE WHEN TG_OP = 'DELETE' THEN greatest(s.last_record_update, excluded.last_record_update) ELSE s.last_record_update END;
  RETURN NULL;
END $$;

CREATE TRIGGER records_stats_insert AFTER INSERT ON records
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_stats_add();
CREATE TRIGGER records_stats_update_new AFTER UPDATE ON records
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_stats_add();
CREATE TRIGGER records_stats_update_old AFTER UPDATE ON records
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION records_stats_remove();
CREATE TRIGGER records_stats_delete AFTER DELETE ON records
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION records_stats_remove();

-- What is already there.
INSERT INTO dataset_record_stats (dataset_id, record_count, geometry_count, last_record_update)
SELECT dataset_id, count(*), count(geom), max(updated_at) FROM records GROUP BY dataset_id;

-- The datasets module's published read of them (the spatial module's layer counts).
CREATE VIEW v_dataset_record_stats AS
  SELECT dataset_id, record_count, geometry_count, last_record_update FROM dataset_record_stats;
