// Demo sensors (~60 across the four District 7 wards, placed inside the wards) and about
// 7 days of history for the charts, inserted in bulk once (idempotent through app_state).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { D7_WARD_CODES } from '../datasets/index.ts';
import { insertSyntheticRecords, type SyntheticRecord } from '../datasets/index.ts';
import { SENSOR_TYPE_INFO, type SensorType } from '../../../../shared/contracts/sensors.ts';
import { demoValue, hash01, idHash, type DemoSensor } from './demo-model.ts';
import { SENSORS_DATASET, SENSORS_DATASET_ID } from './sensors.dataset.ts';
import { readingColumns, sensorsRepository, type ReadingRow } from './sensors.repository.ts';

const STATE_KEY = 'seed.demo-sensors';
const HISTORY_DAYS = 7;
const HISTORY_STEP_MS = 10 * 60_000;

interface TypePlan {
  type: SensorType;
  prefix: string;
  count: number;
  nameVi: string;
  minValid: number;
  maxValid: number;
  warn: number | null;
  alarm: number | null;
}

const PLAN: TypePlan[] = [
  { type: 'water_level', prefix: 'WL', count: 10, nameVi: 'Trạm đo mực nước', minValid: -1, maxValid: 5, warn: 1.5, alarm: 1.6 },
  { type: 'rainfall', prefix: 'RF', count: 6, nameVi: 'Trạm đo mưa', minValid: 0, maxValid: 200, warn: 5, alarm: 10 },
  { type: 'pm25', prefix: 'PM', count: 10, nameVi: 'Trạm quan trắc bụi mịn', minValid: 0, maxValid: 1000, warn: 50, alarm: 75 },
  { type: 'noise', prefix: 'NS', count: 8, nameVi: 'Trạm đo tiếng ồn', minValid: 20, maxValid: 140, warn: 70, alarm: 80 },
  { type: 'traffic_count', prefix: 'TC', count: 12, nameVi: 'Cảm biến đếm xe', minValid: 0, maxValid: 3000, warn: 300, alarm: 400 },
  { type: 'fire_alarm', prefix: 'FA', count: 8, nameVi: 'Tủ báo cháy', minValid: 0, maxValid: 1, warn: null, alarm: 1 },
  { type: 'camera_status', prefix: 'CAM', count: 8, nameVi: 'Camera giám sát', minValid: 0, maxValid: 1, warn: null, alarm: 0 },
];

/** Two devices that went silent (no data for the last hours), so "silent" shows in the demo. */
export const SILENT_DEMO_SENSORS = ['PM-10', 'CAM-08'];

export interface DemoSensorPlan extends DemoSensor {
  name: string;
  wardIndex: number;
  plan: TypePlan;
}

export function demoSensorPlan(): DemoSensorPlan[] {
  const out: DemoSensorPlan[] = [];
  let k = 0;
  for (const p of PLAN) {
    for (let i = 1; i <= p.count; i++) {
      const sensorId = `${p.prefix}-${String(i).padStart(2, '0')}`;
      out.push({
        sensorId,
        type: p.type,
        bias: hash01(idHash(sensorId), 5),
        silent: SILENT_DEMO_SENSORS.includes(sensorId),
        name: `${p.nameVi} ${sensorId}`,
        wardIndex: k++ % D7_WARD_CODES.length,
        plan: p,
      });
    }
  }
  return out;
}

/** Creates the missing demo sensors, then (once) their history; returns what was done. */
export async function seedDemoSensors(db: Kysely<DB>, now: Date): Promise<{ sensors: number; readings: number }> {
  const plan = demoSensorPlan();
  const existing = await sql<{ natural_key: string }>`
    select natural_key from v_records where dataset_id = ${SENSORS_DATASET_ID} and natural_key = any(${plan.map((p) => p.sensorId)}::text[])`.execute(db);
  const have = new Set(existing.rows.map((r) => r.natural_key));
  const missing = plan.filter((p) => !have.has(p.sensorId));
  if (missing.length) {
    // Points inside each ward, deterministic (seeded), as many as the ward's sensors.
    const byWard = D7_WARD_CODES.map((_, w) => missing.filter((p) => p.wardIndex === w));
    const rows: SyntheticRecord[] = [];
    for (const [w, sensors] of byWard.entries()) {
      if (!sensors.length) continue;
      const pts = await sql<{ lon: number; lat: number }>`
        select ST_X(d.geom) as lon, ST_Y(d.geom) as lat
        from (select a.geom from v_areas a where a.level = 'ward' and a.code = ${D7_WARD_CODES[w]} and a.valid_to is null order by a.valid_from desc limit 1) a,
             lateral ST_Dump(ST_GeneratePoints(ST_Buffer(a.geom, -0.0005), ${sensors.length}, ${1000 + w})) d`.execute(db);
      for (const [i, s] of sensors.entries()) {
        const pt = pts.rows[i];
        if (!pt) throw new Error(`demo sensors: no point generated in ward ${D7_WARD_CODES[w]}`);
        const info = SENSOR_TYPE_INFO[s.type];
        const props = {
          sensor_id: s.sensorId,
          name: s.name,
          type: s.type,
          unit: info.unit,
          min_valid: s.plan.minValid,
          max_valid: s.plan.maxValid,
          ...(s.plan.warn !== null ? { warn_threshold: s.plan.warn } : {}),
          ...(s.plan.alarm !== null ? { alarm_threshold: s.plan.alarm } : {}),
          status: 'active',
          installed_on: `202${3 + Math.floor(hash01(idHash(s.sensorId), 9) * 3)}-0${1 + Math.floor(hash01(idHash(s.sensorId), 10) * 9)}-15`,
        };
        rows.push({ naturalKey: s.sensorId, props, point: [pt.lon, pt.lat] });
      }
    }
    await insertSyntheticRecords(db, SENSORS_DATASET, rows);
  }

  const done = await sql<{ key: string }>`select key from app_state where key = ${STATE_KEY}`.execute(db);
  if (done.rows.length) return { sensors: missing.length, readings: 0 };
  const readings = await insertHistory(db, plan, now);
  await sql`insert into app_state (key, value) values (${STATE_KEY}, ${JSON.stringify({ at: now.toISOString(), readings })}::jsonb)
    on conflict (key) do nothing`.execute(db);
  return { sensors: missing.length, readings };
}

async function insertHistory(db: Kysely<DB>, plan: DemoSensorPlan[], now: Date): Promise<number> {
  const repo = sensorsRepository(db);
  const end = Math.floor(now.getTime() / HISTORY_STEP_MS) * HISTORY_STEP_MS;
  const start = end - HISTORY_DAYS * 86_400_000;
  let batch: ReadingRow[] = [];
  let total = 0;
  for (const s of plan) {
    // A silent device stopped 3 hours ago.
    const last = s.silent ? end - 3 * 3_600_000 : end;
    const metric = SENSOR_TYPE_INFO[s.type].metric;
    for (let t = start; t <= last; t += HISTORY_STEP_MS) {
      batch.push({ sensorId: s.sensorId, metric, ts: new Date(t).toISOString(), value: demoValue(s, t) });
      if (batch.length >= 20_000) {
        await repo.storeBatch(readingColumns(batch), []);
        total += batch.length;
        batch = [];
      }
    }
  }
  if (batch.length) await repo.storeBatch(readingColumns(batch), []);
  return total + batch.length;
}
