-- Read views that modules publish for the others (issue 13: modules own their tables).
-- A module's SQL names only its own tables; another module that must read its rows inside a
-- query of its own (joins, spatial predicates, KPI aggregates, tiles) reads the owner's
-- published view `v_<table>` instead. A view is the owner's contract: it lists the columns
-- the owner promises to keep, and leaves out what others must not see (password hashes,
-- citizens' contact details, source addresses). Plain views are inlined by the planner, so
-- indexes on the underlying tables are used as before. Writes always go through the owner's
-- public entry (a function in its index.ts), never through a view.
-- Owners and views are listed in server/src/platform/db/table-owners.json.

-- areas: administrative units as data.
CREATE VIEW v_areas AS
  SELECT id, code, scheme, name_vi, name_en, level, parent_id, valid_from, valid_to, approximate, properties, geom, area_km2
  FROM areas;
CREATE VIEW v_area_lineage AS
  SELECT predecessor_id, successor_id, whole, effective_date, legal_basis
  FROM area_lineage;

-- auth: organisational units and accounts (never the password hash).
CREATE VIEW v_units AS
  SELECT id, code, name_vi, name_en
  FROM units;
CREATE VIEW v_users AS
  SELECT id, username, display_name, role, unit_id, disabled
  FROM users;

-- datasets: declarations, records and their history, change stamps.
CREATE VIEW v_datasets AS
  SELECT id, version, declaration, domain, owner_unit, geometry_type, public_read, built_in, created_at, updated_at, updated_by
  FROM datasets;
CREATE VIEW v_records AS
  SELECT id, dataset_id, natural_key, props, geom, area_ids, search, synthetic, created_at, created_by, updated_at, updated_by
  FROM records;
CREATE VIEW v_record_history AS
  SELECT * FROM record_history;
CREATE VIEW v_dataset_change_stamps AS
  SELECT * FROM dataset_change_stamps;

-- sensors: the latest value of each sensor and metric.
CREATE VIEW v_sensor_latest AS
  SELECT sensor_id, metric, ts, value
  FROM sensor_latest;

-- alerts and incidents.
CREATE VIEW v_alerts AS
  SELECT * FROM alerts;
CREATE VIEW v_alert_events AS
  SELECT * FROM alert_events;
CREATE VIEW v_incidents AS
  SELECT * FROM incidents;
CREATE VIEW v_incident_events AS
  SELECT * FROM incident_events;

-- feedback: reports without the citizen's contact details and address of origin.
CREATE VIEW v_feedback_reports AS
  SELECT id, tracking_code, category_code, description, channel, status, lon, lat, geom, address, location_source,
         ward_area_id, ward_code, ward_unit_id, department_unit_id, assigned_unit_id, open311_key_id,
         created_at, updated_at, deadline_at, verified_at, assigned_at, resolved_at, closed_at, reminded_at, escalated_at,
         reject_reason, answer, rating, rating_comment, rated_at, merged_into_id, synthetic
  FROM feedback_reports;
CREATE VIEW v_feedback_events AS
  SELECT * FROM feedback_events;
CREATE VIEW v_feedback_categories AS
  SELECT * FROM feedback_categories;
