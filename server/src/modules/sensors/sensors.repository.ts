// SQL of the sensors module: the sensors (records of the `sensors` dataset) with today's
// areas, the batched ingest statement, series, aggregates, dead letters and retention.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { SENSORS_DATASET_ID } from './sensors.dataset.ts';
import { deadLetterPayload, storableText } from './payload.ts';

type Db = Kysely<DB>;

export interface SensorRow {
  record_id: number;
  sensor_id: string;
  props: Record<string, unknown>;
  lon: number | null;
  lat: number | null;
  /** Today's areas containing the sensor, largest first. */
  area_codes: string[];
  ward_code: string | null;
  ward_name: string | null;
}

export interface ReadingRow {
  sensorId: string;
  metric: string;
  /** ISO-8601 */
  ts: string;
  value: number;
}

/** Readings as the columns of one batch statement (position i of each array is one reading). */
export interface ReadingColumns {
  sensorIds: string[];
  metrics: string[];
  /** ISO-8601 */
  tss: string[];
  values: number[];
}

export function readingColumns(rows: ReadingRow[]): ReadingColumns {
  return { sensorIds: rows.map((r) => r.sensorId), metrics: rows.map((r) => r.metric), tss: rows.map((r) => r.ts), values: rows.map((r) => r.value) };
}

export interface DeadLetterRow {
  channel: 'mqtt' | 'http';
  topic: string;
  sensorId: string | null;
  payload: string;
  reason: string;
}

export interface AggRow {
  bucket: Date;
  count: number;
  min: number;
  max: number;
  avg: number;
}

// Array parameters of the ingest statement, written as PostgreSQL array literals here: node-postgres
// quotes and escapes every element with two regular expressions, which showed in profiles at
// tens of thousands of readings/s, while sensor ids and metrics repeat throughout a batch.
/** A text[] literal; each distinct text is escaped once. */
function textArray(values: string[]): string {
  const quoted = new Map<string, string>();
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let q = quoted.get(v);
    if (q === undefined) quoted.set(v, (q = `"${v.replace(/[\\"]/g, '\\$&')}"`));
    out += i ? `,${q}` : q;
  }
  return `${out}}`;
}
/** A literal of elements that need no quoting: finite numbers and ISO-8601 timestamps. */
const plainArray = (values: (string | number)[]): string => `{${values.join(',')}}`;

const bucketOf = (interval: '1m' | '1h', col = sql.ref('ts')) =>
  sql`date_bin(${interval === '1m' ? '1 minute' : '1 hour'}::interval, ${col}, timestamptz '2000-01-01 00:00:00+00')`;

export function sensorsRepository(db: Db) {
  return {
    /** Every sensor with its place and today's areas (`day` = YYYY-MM-DD). */
    async listSensors(day: string): Promise<SensorRow[]> {
      const r = await sql<SensorRow>`
        select r.id::int as record_id, r.natural_key as sensor_id, r.props,
               ST_X(r.geom) as lon, ST_Y(r.geom) as lat,
               coalesce(array(select a.code from v_areas a
                 where r.geom is not null and a.valid_from <= ${day}::date and (a.valid_to is null or a.valid_to > ${day}::date)
                   and ST_Intersects(a.geom, r.geom) order by a.area_km2 desc, a.code), '{}') as area_codes,
               w.code as ward_code, w.name_vi as ward_name
        from v_records r
        left join lateral (select a.code, a.name_vi from v_areas a
          where r.geom is not null and a.level = 'ward' and a.valid_from <= ${day}::date and (a.valid_to is null or a.valid_to > ${day}::date)
            and ST_Intersects(a.geom, r.geom) order by a.code limit 1) w on true
        where r.dataset_id = ${SENSORS_DATASET_ID} and r.natural_key is not null
        order by r.natural_key`.execute(db);
      return r.rows;
    },

    /**
     * Stores readings and dead letters in ONE statement (atomic, one round trip): raw rows
     * (duplicates skipped), the 1-minute and 1-hour aggregates and the latest values of the
     * new rows only. The readings must not repeat a (sensor, metric, ts) among themselves.
     * Returns the positions of the readings that were NOT inserted (already stored): usually
     * none, so nothing comes back over the wire in the common case.
     */
    async storeBatch(readings: ReadingColumns, deadLetters: DeadLetterRow[]): Promise<number[]> {
      const aggUpsert = (table: '1m' | '1h') => sql`
        insert into ${sql.table(`sensor_readings_${table}`)} (sensor_id, metric, bucket, count, min, max, avg, sum)
        select sensor_id, metric, ${bucketOf(table)}, count(*), min(value), max(value), avg(value), sum(value)
        from ins group by 1, 2, 3
        -- One lock order for every batch, so two commits in flight never deadlock on aggregate rows.
        order by 1, 2, 3
        on conflict (sensor_id, metric, bucket) do update set
          count = ${sql.table(`sensor_readings_${table}`)}.count + excluded.count,
          min = least(${sql.table(`sensor_readings_${table}`)}.min, excluded.min),
          max = greatest(${sql.table(`sensor_readings_${table}`)}.max, excluded.max),
          sum = ${sql.table(`sensor_readings_${table}`)}.sum + excluded.sum,
          avg = (${sql.table(`sensor_readings_${table}`)}.sum + excluded.sum) / (${sql.table(`sensor_readings_${table}`)}.count + excluded.count)`;
      const r = await sql<{ n: number }>`
        with input as (
          select * from unnest(${textArray(readings.sensorIds)}::text[], ${textArray(readings.metrics)}::text[],
                               ${plainArray(readings.tss)}::timestamptz[], ${plainArray(readings.values)}::float8[]) with ordinality as t(sensor_id, metric, ts, value, n)
        ),
        ins as (
          insert into sensor_readings (sensor_id, metric, ts, value)
          select sensor_id, metric, ts, value from input
          on conflict (sensor_id, metric, ts) do nothing
          returning sensor_id, metric, ts, value
        ),
        m1 as (${aggUpsert('1m')}),
        h1 as (${aggUpsert('1h')}),
        lat as (
          insert into sensor_latest (sensor_id, metric, ts, value)
          select distinct on (sensor_id, metric) sensor_id, metric, ts, value from ins order by sensor_id, metric, ts desc
          on conflict (sensor_id, metric) do update set ts = excluded.ts, value = excluded.value
          where excluded.ts > sensor_latest.ts
        ),
        dl as (
          insert into sensor_dead_letters (channel, topic, sensor_id, payload, reason)
          -- What a client sent is kept as text PostgreSQL can store (NUL escaped) and bounded in size.
          select * from unnest(${deadLetters.map((d) => d.channel)}::text[], ${deadLetters.map((d) => storableText(d.topic))}::text[],
                               ${deadLetters.map((d) => (d.sensorId === null ? null : storableText(d.sensorId)))}::text[], ${deadLetters.map((d) => deadLetterPayload(d.payload))}::text[],
                               ${deadLetters.map((d) => d.reason)}::text[])
        )
        select (n - 1)::int as n from input i
        where not exists (select 1 from ins where ins.sensor_id = i.sensor_id and ins.metric = i.metric and ins.ts = i.ts)`.execute(db);
      return r.rows.map((x) => x.n);
    },

    async latest(sensorIds?: string[]): Promise<{ sensor_id: string; metric: string; ts: Date; value: number }[]> {
      const r = await sql<{ sensor_id: string; metric: string; ts: Date; value: number }>`
        select sensor_id, metric, ts, value from sensor_latest
        ${sensorIds ? sql`where sensor_id = any(${sensorIds}::text[])` : sql``}
        order by sensor_id, metric`.execute(db);
      return r.rows;
    },

    async rawSeries(sensorId: string, metric: string, from: Date, to: Date, limit: number) {
      const r = await sql<{ ts: Date; value: number }>`
        select ts, value from sensor_readings
        where sensor_id = ${sensorId} and metric = ${metric} and ts >= ${from} and ts < ${to}
        order by ts limit ${limit}`.execute(db);
      return r.rows;
    },

    async aggSeries(sensorIds: string[], metric: string, interval: '1m' | '1h', from: Date, to: Date, limit: number): Promise<AggRow[]> {
      const r = await sql<AggRow>`
        select bucket, sum(count)::int as count, min(min) as min, max(max) as max, sum(sum) / sum(count) as avg
        from ${sql.table(`sensor_readings_${interval}`)}
        where sensor_id = any(${sensorIds}::text[]) and metric = ${metric} and bucket >= ${bucketOf(interval, sql`${from}::timestamptz`)} and bucket < ${to}
        group by bucket order by bucket limit ${limit}`.execute(db);
      return r.rows;
    },

    async metricsOf(sensorId: string): Promise<string[]> {
      const r = await sql<{ metric: string }>`select metric from sensor_latest where sensor_id = ${sensorId} order by metric`.execute(db);
      return r.rows.map((x) => x.metric);
    },

    async deadLetterCounts(since: Date): Promise<{ total: number; last_hour: number; by_reason: Record<string, number> }> {
      const r = await sql<{ total: number; last_hour: number }>`
        select count(*)::int as total, count(*) filter (where received_at >= ${since})::int as last_hour from sensor_dead_letters`.execute(db);
      const by = await sql<{ reason: string; n: number }>`select reason, count(*)::int as n from sensor_dead_letters group by reason order by reason`.execute(db);
      return { total: r.rows[0]?.total ?? 0, last_hour: r.rows[0]?.last_hour ?? 0, by_reason: Object.fromEntries(by.rows.map((x) => [x.reason, x.n])) };
    },

    async recentDeadLetters(limit: number) {
      const r = await sql<{ id: string; received_at: Date; channel: 'mqtt' | 'http'; topic: string; sensor_id: string | null; payload: string; reason: string }>`
        select id, received_at, channel, topic, sensor_id, payload, reason from sensor_dead_letters order by id desc limit ${limit}`.execute(db);
      return r.rows;
    },

    /** Deletes what is older than the retention of each table; returns the counts. */
    async applyRetention(now: Date, days: { raw: number; minute: number; hour: number; deadLetters: number }) {
      const before = (d: number) => new Date(now.getTime() - d * 86_400_000);
      const raw = await sql`delete from sensor_readings where ts < ${before(days.raw)}`.execute(db);
      const m = await sql`delete from sensor_readings_1m where bucket < ${before(days.minute)}`.execute(db);
      const h = await sql`delete from sensor_readings_1h where bucket < ${before(days.hour)}`.execute(db);
      const dl = await sql`delete from sensor_dead_letters where received_at < ${before(days.deadLetters)}`.execute(db);
      return { raw: Number(raw.numAffectedRows ?? 0), minute: Number(m.numAffectedRows ?? 0), hour: Number(h.numAffectedRows ?? 0), deadLetters: Number(dl.numAffectedRows ?? 0) };
    },

    async sensorExists(sensorId: string): Promise<boolean> {
      const r = await sql<{ one: number }>`select 1 as one from v_records where dataset_id = ${SENSORS_DATASET_ID} and natural_key = ${sensorId}`.execute(db);
      return r.rows.length > 0;
    },

    async hasReadings(): Promise<boolean> {
      const r = await sql<{ one: number }>`select 1 as one from sensor_readings limit 1`.execute(db);
      return r.rows.length > 0;
    },
  };
}

export type SensorsRepository = ReturnType<typeof sensorsRepository>;
