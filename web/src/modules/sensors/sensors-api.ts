// Client of the sensors API (server module sensors).
import type { IngestStatus, Sensor, SensorList, SensorSeries, SeriesInterval } from '../../../../shared/contracts/sensors.ts';
import { api } from '../../app/api.ts';

/** TanStack Query keys of the sensor pages (each page polls its own). */
export const sensorKeys = {
  all: ['sensors'] as const,
  list: (type: string, state: string) => ['sensors', 'list', type, state] as const,
  detail: (sensorId: string, range: string) => ['sensors', 'detail', sensorId, range] as const,
  ingest: ['sensors', 'ingest-status'] as const,
};

export const sensorsApi = {
  list: (query: { type?: string; state?: string; area?: string } = {}, signal?: AbortSignal) =>
    api<SensorList>('/sensors', { query: { type: query.type || undefined, state: query.state || undefined, area: query.area || undefined }, signal }),
  get: (sensorId: string, signal?: AbortSignal) => api<Sensor>(`/sensors/${encodeURIComponent(sensorId)}`, { signal }),
  series: (sensorId: string, q: { from: string; to?: string; interval?: SeriesInterval; metric?: string }, signal?: AbortSignal) =>
    api<SensorSeries>(`/sensors/${encodeURIComponent(sensorId)}/readings`, { query: q, signal }),
  ingestStatus: (signal?: AbortSignal) => api<IngestStatus>('/sensors/ingest-status', { signal }),
};
