-- 0014 tile grid: the points of every dataset counted on a pyramid of grid cells, kept exact
-- by statement-level triggers on records (whatever the write path: API, imports, bulk SQL).
-- An aggregated vector tile of zoom z (z <= 13) reads the 64×64 cells of level z + 6 under it
-- (at most 4,096 rows) instead of aggregating every point of the tile at request time.
-- Cells of level L are the Web Mercator tiles of zoom L; levels 6–19 serve zooms 0–13. A cell
-- keeps the count, the sum of the record ids (the record's id when it holds one record) and the
-- sums of the Web Mercator coordinates (the mean position of a cluster). Only points and
-- multipoints are counted (what point layers hold); a multipoint counts at ST_PointOnSurface.
-- A cell emptied by deletes stays with n = 0 (readers skip it) and is reused when points return.
-- Frozen once landed: change the schema in a new migration, never here.
CREATE TABLE tile_point_grid (
  dataset_id text NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  level smallint NOT NULL,
  cx integer NOT NULL,
  cy integer NOT NULL,
  n integer NOT NULL,
  id_sum bigint NOT NULL,
  sx double precision NOT NULL,
  sy double precision NOT NULL,
  PRIMARY KEY (dataset_id, level, cx, cy)
);

-- Level-19 cell of a point (x, y in EPSG:3857); the cell of level L is this one >> (19 - L),
-- so the levels nest exactly whatever the rounding.
CREATE FUNCTION tile_grid_cell19(v double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least(524287, greatest(0, floor((v + 20037508.342789244::float8) / (40075016.685578488::float8 / 524288))))::integer
$$;

-- Applies the records that came in (+1) or went out (-1), read from the trigger's transition
-- tables (EXECUTE sees them; a nested function call would not): level 19 from the points, each
-- lower level from the one above (a few thousand rows each, not one row per point and level).
CREATE FUNCTION records_tile_grid() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  src text;
  ctes text := '';
  parts text := '';
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM tile_point_grid;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    src := 'SELECT 1 AS sign, dataset_id, id, geom FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    src := 'SELECT -1 AS sign, dataset_id, id, geom FROM old_rows';
  ELSE
    -- Only the records whose point or dataset changed (most updates touch properties only).
    src := 'SELECT 1 AS sign, n.dataset_id, n.id, n.geom FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
              WHERE o.id IS NULL OR o.dataset_id <> n.dataset_id OR NOT (o.geom IS NOT DISTINCT FROM n.geom)
            UNION ALL
            SELECT -1, o.dataset_id, o.id, o.geom FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
              WHERE n.id IS NULL OR o.dataset_id <> n.dataset_id OR NOT (o.geom IS NOT DISTINCT FROM n.geom)';
  END IF;
  FOR lvl IN REVERSE 18..6 LOOP
    ctes := ctes || format(', l%s AS MATERIALIZED (SELECT dataset_id, cx >> 1 AS cx, cy >> 1 AS cy, sum(n) AS n, sum(id_sum)::bigint AS id_sum, sum(sx) AS sx, sum(sy) AS sy FROM l%s GROUP BY 1, 2, 3)', lvl, lvl + 1);
    parts := parts || format(' UNION ALL SELECT %s AS level, * FROM l%s', lvl, lvl);
  END LOOP;
  EXECUTE format($q$
    WITH pts AS MATERIALIZED (
      SELECT s.sign, s.dataset_id, s.id, ST_X(s.p) AS x, ST_Y(s.p) AS y
      FROM (
        SELECT c.sign, c.dataset_id, c.id,
               ST_Transform(CASE WHEN GeometryType(c.geom) = 'POINT' THEN c.geom ELSE ST_PointOnSurface(c.geom) END, 3857) AS p
        FROM (%s) c
        WHERE GeometryType(c.geom) IN ('POINT', 'MULTIPOINT') AND NOT ST_IsEmpty(c.geom)
          AND ST_YMin(c.geom) >= -85.0511287798066 AND ST_YMax(c.geom) <= 85.0511287798066
      ) s
    ), l19 AS MATERIALIZED (
      SELECT dataset_id, tile_grid_cell19(x) AS cx, tile_grid_cell19(-y) AS cy,
             sum(sign) AS n, sum(sign * id)::bigint AS id_sum, sum(sign * x) AS sx, sum(sign * y) AS sy
      FROM pts GROUP BY 1, 2, 3
    )%s
    INSERT INTO tile_point_grid AS g (level, dataset_id, cx, cy, n, id_sum, sx, sy)
    SELECT * FROM (SELECT 19 AS level, * FROM l19%s) d
    WHERE d.n <> 0 OR d.id_sum <> 0 OR d.sx <> 0 OR d.sy <> 0
    ON CONFLICT (dataset_id, level, cx, cy) DO UPDATE
      SET n = g.n + excluded.n, id_sum = g.id_sum + excluded.id_sum, sx = g.sx + excluded.sx, sy = g.sy + excluded.sy
  $q$, src, ctes, parts);
  RETURN NULL;
END $$;

-- Named after records_stamp_*: triggers fire by name, so a writer always takes its dataset's
-- stamp row first and writers of one dataset never meet on the cells in another order.
CREATE TRIGGER records_tile_grid_insert AFTER INSERT ON records
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_tile_grid();
CREATE TRIGGER records_tile_grid_update AFTER UPDATE ON records
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_tile_grid();
CREATE TRIGGER records_tile_grid_delete AFTER DELETE ON records
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION records_tile_grid();
CREATE TRIGGER records_tile_grid_truncate AFTER TRUNCATE ON records
  FOR EACH STATEMENT EXECUTE FUNCTION records_tile_grid();

-- The grid of what is already there: level 19 from the records, each level from the one below.
INSERT INTO tile_point_grid (dataset_id, level, cx, cy, n, id_sum, sx, sy)
WITH pts AS MATERIALIZED (
  SELECT s.dataset_id, s.id, ST_X(s.p) AS x, ST_Y(s.p) AS y
  FROM (
    SELECT r.dataset_id, r.id,
           ST_Transform(CASE WHEN GeometryType(r.geom) = 'POINT' THEN r.geom ELSE ST_PointOnSurface(r.geom) END, 3857) AS p
    FROM records r
    WHERE GeometryType(r.geom) IN ('POINT', 'MULTIPOINT') AND NOT ST_IsEmpty(r.geom)
      AND ST_YMin(r.geom) >= -85.0511287798066 AND ST_YMax(r.geom) <= 85.0511287798066
  ) s
)
SELECT dataset_id, 19, tile_grid_cell19(x), tile_grid_cell19(-y), count(*), sum(id), sum(x), sum(y)
FROM pts GROUP BY 1, 2, 3, 4;

DO $$
BEGIN
  FOR lvl IN REVERSE 18..6 LOOP
    INSERT INTO tile_point_grid (dataset_id, level, cx, cy, n, id_sum, sx, sy)
    SELECT dataset_id, lvl, cx >> 1, cy >> 1, sum(n), sum(id_sum), sum(sx), sum(sy)
    FROM tile_point_grid WHERE level = lvl + 1 GROUP BY 1, 2, 3, 4;
  END LOOP;
END $$;
