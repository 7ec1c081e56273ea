import type { AreaFeatureCollection } from '../../../../shared/contracts/index.ts';
import { api } from '../../app/api.ts';
import { todayInHcmc } from '../../i18n/format.ts';
import { OLD_UNITS_DATE, type UnitsMode } from './units.ts';

/** Areas in force on `date` (YYYY-MM-DD) at `level`, as GeoJSON. */
export function fetchAreas(date: string, level: string, signal?: AbortSignal): Promise<AreaFeatureCollection> {
  return api<AreaFeatureCollection>('/areas', { query: { format: 'geojson', date, level }, signal });
}

/** The wards of a units set, as the map page draws them. */
export interface LoadedAreas {
  mode: UnitsMode;
  date: string;
  collection: AreaFeatureCollection;
}

/**
 * The map page's query of the wards of a units set: one definition for the page and for its
 * early start (map-preload.ts), so that a prefetched answer is the one the page reads.
 */
export function mapAreasQuery(mode: UnitsMode) {
  const date = mode === 'old' ? OLD_UNITS_DATE : todayInHcmc();
  return {
    queryKey: ['map', 'areas', mode, date] as const,
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<LoadedAreas> => ({ mode, date, collection: await fetchAreas(date, 'ward', signal) }),
    // Thousands of coordinates: compared by identity, not deeply.
    structuralSharing: false,
    // A date's boundaries do not change: switching back to a units set redraws it from the cache.
    staleTime: Infinity,
  };
}
