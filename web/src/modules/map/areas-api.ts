import type { AreaFeatureCollection } from '../../../../shared/contracts/index.ts';
import { api } from '../../app/api.ts';

/** Areas in force on `date` (YYYY-MM-DD) at `level`, as GeoJSON. */
export function fetchAreas(date: string, level: string, signal?: AbortSignal): Promise<AreaFeatureCollection> {
  return api<AreaFeatureCollection>('/areas', { query: { format: 'geojson', date, level }, signal });
}
