// Map of reports for the citizen and staff pages: the outlines of the wards the centre serves
// (client configuration, from the areas API) for orientation and framing, report points, an
// optional pin the citizen places by tapping. Works without internet.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Marker, type GeoJSONSource, type LngLatBoundsLike } from 'maplibre-gl';
import { useClientConfig } from '../../app/client-config.tsx';
import { api } from '../../app/api.ts';
import { useSmallMap } from '../map/use-small-map.ts';

export interface MapPoint {
  id: string | number;
  lat: number;
  lon: number;
  color: string;
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const toFc = (points: MapPoint[]): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { id: String(p.id), color: p.color } })),
});

/** [[west, south], [east, north]] of every coordinate of the collection, or null when it has none. */
function boundsOf(fc: GeoJSON.FeatureCollection): [[number, number], [number, number]] | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      [w, s, e, n] = [Math.min(w, c[0]), Math.min(s, c[1]), Math.max(e, c[0]), Math.max(n, c[1])];
    } else for (const x of c) visit(x);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(w) ? [[w, s], [e, n]] : null;
}

interface FeedbackMapProps {
  points?: MapPoint[];
  pin?: { lat: number; lon: number } | null;
  onPick?: (p: { lat: number; lon: number }) => void;
  onSelect?: (id: string) => void;
  /** Opens centred on this place at street level (a report's page) instead of framing the wards. */
  focus?: { lat: number; lon: number } | null;
  testId?: string;
  className?: string;
}

/**
 * The map once the served wards' outlines are in (every ward in force when the server names
 * none), so that it opens framed on them; an empty placeholder of the same size until then.
 */
export function FeedbackMap(props: FeedbackMapProps) {
  const codes = useClientConfig()?.wards;
  const wards = useQuery({
    queryKey: ['areas', 'served-wards-geojson', codes?.join(',') ?? null],
    queryFn: ({ signal }) => api<GeoJSON.FeatureCollection>('/areas', { query: { level: 'ward', code: codes?.length ? codes.join(',') : undefined, format: 'geojson' }, signal }),
    enabled: codes !== undefined,
    staleTime: Infinity,
  });
  // Without the outlines (a failed request) the map still works, showing the whole world until the user zooms.
  if (wards.isPending) return <div className={props.className ?? 'fb-map'} aria-busy="true" />;
  return <ReportsMap {...props} wards={wards.data ?? EMPTY} />;
}

function ReportsMap({ points = [], pin, onPick, onSelect, testId, className, wards, focus }: FeedbackMapProps & { wards: GeoJSON.FeatureCollection }) {
  const container = useRef<HTMLDivElement>(null);
  const marker = useRef<Marker | null>(null);
  const latest = useRef({ points, onPick, onSelect, wards });
  latest.current = { points, onPick, onSelect, wards };
  const bounds = boundsOf(wards);
  const { map } = useSmallMap(container, {
    center: focus ? [focus.lon, focus.lat] : bounds ? [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2] : [0, 0],
    zoom: focus ? 16 : bounds ? 12 : 1,
    onLoad: (m) => {
      // Framed on the wards before the first idle (data-ready), so the first view is already the final one.
      const frame = boundsOf(latest.current.wards);
      if (focus) m.jumpTo({ center: [focus.lon, focus.lat], zoom: 16 });
      else if (frame) m.fitBounds(frame as LngLatBoundsLike, { padding: 8, duration: 0 });
      m.addSource('wards', { type: 'geojson', data: latest.current.wards });
      m.addLayer({ id: 'wards-fill', type: 'fill', source: 'wards', paint: { 'fill-color': '#1971c2', 'fill-opacity': 0.05 } });
      m.addLayer({ id: 'wards-line', type: 'line', source: 'wards', paint: { 'line-color': '#1971c2', 'line-width': 1.2, 'line-opacity': 0.6 } });
      m.addSource('reports', { type: 'geojson', data: toFc(latest.current.points) });
      m.addLayer({ id: 'reports', type: 'circle', source: 'reports', paint: { 'circle-radius': 5, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
      m.on('click', 'reports', (e) => {
        const id = e.features?.[0]?.properties?.id;
        if (id !== undefined) latest.current.onSelect?.(String(id));
      });
      m.on('click', (e) => latest.current.onPick?.({ lat: e.lngLat.lat, lon: e.lngLat.lng }));
    },
  });

  useEffect(() => {
    const m = map.current;
    const src = m?.getSource('reports') as GeoJSONSource | undefined;
    if (src) src.setData(points.length ? toFc(points) : EMPTY);
  }, [points, map]);

  useEffect(() => {
    const m = map.current;
    if (!pin) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    const place = () => {
      if (!map.current) return;
      marker.current ??= new Marker({ color: '#d9480f' });
      marker.current.setLngLat([pin.lon, pin.lat]).addTo(map.current);
    };
    if (m) place();
    else {
      const t = window.setTimeout(place, 800);
      return () => window.clearTimeout(t);
    }
  }, [pin, map]);

  return <div ref={container} className={className ?? 'fb-map'} data-testid={testId} />;
}
