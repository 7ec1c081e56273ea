// Synthetic but plausible sensor series for District 7, as pure functions of time, used both
// for the demo history and by the live simulator: semi-diurnal tides with a spring-neap
// cycle, rain events, rush hours, a daily PM2.5 pattern, noise, rare fire alarms and camera
// outages. Deterministic (hash-based noise), so a restart continues the same story.
import type { SensorType } from '../../../../shared/contracts/sensors.ts';

export interface DemoSensor {
  sensorId: string;
  type: SensorType;
  /** 0..1, fixed per sensor: varies levels between sensors of one type. */
  bias: number;
  /** Stops sending (a device gone silent). */
  silent: boolean;
}

const HOUR = 3_600_000;
const M2_PERIOD = 12.42 * HOUR;
const SPRING_NEAP = 14.77 * 24 * HOUR;
/** A spring tide (anchor of the spring-neap cycle). */
const SPRING_ANCHOR = Date.UTC(2026, 0, 3, 3, 0, 0);

/** A number in [0, 1) from integers (stable across runs). */
export function hash01(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h ^= p | 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return ((h >>> 0) % 1_000_000) / 1_000_000;
}

export const idHash = (s: string): number => {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
};

/** Local hour of day in Ho Chi Minh City (UTC+7), fractional. */
const localHour = (t: number) => (((t / HOUR + 7) % 24) + 24) % 24;
const bump = (h: number, centre: number, width: number) => Math.exp(-((h - centre) ** 2) / (2 * width * width));

/** Tide level in metres (the Sài Gòn river at District 7): ~1.0-1.8 m, above 1.6 m only near spring tides. */
export function tideLevel(t: number): number {
  const spring = Math.cos((2 * Math.PI * (t - SPRING_ANCHOR)) / SPRING_NEAP);
  const amp = 0.33 + 0.14 * spring;
  const semi = Math.cos((2 * Math.PI * (t - SPRING_ANCHOR)) / M2_PERIOD);
  const diurnal = 0.06 * Math.cos((2 * Math.PI * (t - SPRING_ANCHOR)) / (24.84 * HOUR));
  return 1.36 + amp * semi + diurnal;
}

/** Rain in the last 5 minutes (mm): a few showers a week, more in the afternoon. */
export function rainfall(t: number, bias: number): number {
  const slot = Math.floor(t / (6 * HOUR));
  const slotStart = slot * 6 * HOUR;
  const afternoon = localHour(slotStart + 3 * HOUR) >= 12 && localHour(slotStart + 3 * HOUR) < 19;
  if (hash01(slot, 11) > (afternoon ? 0.45 : 0.12)) return 0;
  const start = slotStart + hash01(slot, 12) * 4 * HOUR;
  const duration = (0.5 + hash01(slot, 13) * 1.5) * HOUR;
  if (t < start || t > start + duration) return 0;
  const x = (t - start) / duration;
  const peak = 2 + hash01(slot, 14) * 10;
  return Math.max(0, peak * Math.sin(Math.PI * x) * (0.7 + 0.6 * bias));
}

function jitter(t: number, seed: number, stepMs: number): number {
  return hash01(Math.floor(t / stepMs), seed) * 2 - 1;
}

/** Vehicles in 5 minutes on an arterial road: morning and evening rush hours. */
export function trafficCount(t: number, bias: number, seed: number): number {
  const h = localHour(t);
  const base = 15 + 70 * bump(h, 12.5, 3.5) + 210 * bump(h, 7.6, 0.9) + 240 * bump(h, 17.7, 1.1);
  return Math.max(0, Math.round(base * (0.6 + 0.8 * bias) * (1 + 0.12 * jitter(t, seed, 60_000))));
}

export function pm25(t: number, bias: number, seed: number): number {
  const h = localHour(t);
  const v = 18 + 22 * bump(h, 7.5, 1.5) + 18 * bump(h, 19.5, 2) + 10 * bump(h, 2, 3) + 12 * bias;
  const day = Math.floor((t + 7 * HOUR) / (24 * HOUR));
  return Math.max(2, v * (0.75 + 0.6 * hash01(day, seed, 3)) + 2 * jitter(t, seed, 60_000));
}

export function noise(t: number, bias: number, seed: number): number {
  const h = localHour(t);
  const v = 47 + 14 * Math.min(1, bump(h, 7.6, 1.2) + bump(h, 17.7, 1.4) + 0.6 * bump(h, 13, 4)) + 6 * bias;
  return Math.round((v + 2.5 * jitter(t, seed, 10_000)) * 10) / 10;
}

/** A fire-alarm panel: 1 for a few minutes, rarely (about once a week per panel). */
export function fireAlarm(t: number, seed: number): number {
  const slot = Math.floor(t / (6 * HOUR));
  if (hash01(slot, seed, 21) > 0.035) return 0;
  const start = slot * 6 * HOUR + hash01(slot, seed, 22) * 5 * HOUR;
  return t >= start && t < start + 4 * 60_000 ? 1 : 0;
}

/** A camera: online, except a short outage now and then. */
export function cameraStatus(t: number, seed: number): number {
  const slot = Math.floor(t / (12 * HOUR));
  if (hash01(slot, seed, 31) > 0.12) return 1;
  const start = slot * 12 * HOUR + hash01(slot, seed, 32) * 11 * HOUR;
  return t >= start && t < start + 25 * 60_000 ? 0 : 1;
}

/** The value a demo sensor reports at time t (ms). */
export function demoValue(s: DemoSensor, t: number): number {
  const seed = idHash(s.sensorId);
  const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  switch (s.type) {
    case 'water_level': {
      // Canals near the river follow the tide, a little lower and later; heavy rain adds to it.
      const lag = s.bias * 40 * 60_000;
      const rain = rainfall(t - 30 * 60_000, 0.5);
      return round(tideLevel(t - lag) - 0.08 * s.bias + 0.015 * rain + 0.01 * jitter(t, seed, 30_000), 3);
    }
    case 'rainfall':
      return round(rainfall(t, s.bias), 1);
    case 'pm25':
      return round(pm25(t, s.bias, seed), 1);
    case 'noise':
      return noise(t, s.bias, seed);
    case 'traffic_count':
      return trafficCount(t, s.bias, seed);
    case 'fire_alarm':
      return fireAlarm(t, seed);
    case 'camera_status':
      return cameraStatus(t, seed);
  }
}
