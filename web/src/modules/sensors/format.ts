// Formatting helpers of the sensor pages.
import type { Sensor, SensorState } from '../../../../shared/contracts/sensors.ts';
import { SENSOR_TYPE_INFO, type SensorType } from '../../../../shared/contracts/sensors.ts';

export const STATE_CLASS: Record<SensorState, string> = {
  ok: 'sensors-state--ok',
  warn: 'sensors-state--warn',
  alarm: 'sensors-state--alarm',
  silent: 'sensors-state--silent',
  unknown: 'sensors-state--unknown',
};

export function mainValue(s: Sensor): { value: number; ts: string } | null {
  const metric = SENSOR_TYPE_INFO[s.type as SensorType]?.metric;
  const l = s.latest.find((x) => x.metric === metric) ?? s.latest[0];
  return l ? { value: l.value, ts: l.ts } : null;
}

export const timeFormat = (locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' });

export function formatValue(v: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(v);
}
