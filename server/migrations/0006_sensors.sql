-- 0006 sensors: readings (raw), latest value per sensor and metric, 1-minute and 1-hour
-- aggregates maintained on insert, and the dead letters of rejected readings.
-- The sensors themselves are records of the declared dataset `sensors` (natural key sensor_id).
-- Frozen once landed: change the schema in a new migration, never here.

-- Raw readings; a repeated (sensor, metric, ts) is a duplicate and ignored.
CREATE TABLE sensor_readings (
  sensor_id text NOT NULL,
  metric text NOT NULL,
  ts timestamptz NOT NULL,
  value double precision NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sensor_id, metric, ts)
);

-- Latest reading per sensor and metric (read by lists, maps and "no data" rules).
CREATE TABLE sensor_latest (
  sensor_id text NOT NULL,
  metric text NOT NULL,
  ts timestamptz NOT NULL,
  value double precision NOT NULL,
  PRIMARY KEY (sensor_id, metric)
);

-- Aggregates per bucket (bucket = start of the minute / hour, UTC-aligned).
CREATE TABLE sensor_readings_1m (
  sensor_id text NOT NULL,
  metric text NOT NULL,
  bucket timestamptz NOT NULL,
  count int NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  avg double precision NOT NULL,
  sum double precision NOT NULL,
  PRIMARY KEY (sensor_id, metric, bucket)
);
CREATE INDEX sensor_readings_1m_bucket_idx ON sensor_readings_1m (bucket);

CREATE TABLE sensor_readings_1h (
  sensor_id text NOT NULL,
  metric text NOT NULL,
  bucket timestamptz NOT NULL,
  count int NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  avg double precision NOT NULL,
  sum double precision NOT NULL,
  PRIMARY KEY (sensor_id, metric, bucket)
);
CREATE INDEX sensor_readings_1h_bucket_idx ON sensor_readings_1h (bucket);

-- Rejected readings, kept with the reason (nothing sent is lost silently).
CREATE TABLE sensor_dead_letters (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  channel text NOT NULL CHECK (channel IN ('mqtt', 'http')),
  topic text NOT NULL,
  sensor_id text,
  payload text NOT NULL,
  reason text NOT NULL
);
CREATE INDEX sensor_dead_letters_received_idx ON sensor_dead_letters (received_at);
