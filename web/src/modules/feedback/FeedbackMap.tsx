// Map of reports for the citizen and staff pages: the outlines of the wards the centre serves
// (client configuration, drawn from the areas API) for orientation,
// report points, an optional pin the citizen places by tapping. Works without internet.
import { useEffect, useRef } from 'react';
import { Marker, type GeoJSONSource } from 'maplibre-gl';
import { useClientConfig } from '../../app/client-config.tsx';
import { apiUrl } from '../../app/api.ts';
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

export function FeedbackMap({ points = [], pin, onPick, onSelect, testId, className }: {
  points?: MapPoint[];
  pin?: { lat: number; lon: number } | null;
  onPick?: (p: { lat: number; lon: number }) => void;
  onSelect?: (id: string) => void;
  testId?: string;
  className?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const marker = useRef<Marker | null>(null);
  // The served wards' outlines (every ward in force when the server names none); null until the configuration is in.
  const codes = useClientConfig()?.wards;
  const wardsUrl = codes ? apiUrl('/areas', { level: 'ward', code: codes.length ? codes.join(',') : undefined, format: 'geojson' }) : null;
  const latest = useRef({ points, onPick, onSelect, wardsUrl });
  latest.current = { points, onPick, onSelect, wardsUrl };
  const { map } = useSmallMap(container, {
    center: [106.715, 10.735],
    zoom: 12.3,
    onLoad: (m) => {
      m.addSource('wards', { type: 'geojson', data: latest.current.wardsUrl ?? EMPTY });
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
    const src = map.current?.getSource('wards') as GeoJSONSource | undefined;
    if (src && wardsUrl) src.setData(wardsUrl);
  }, [wardsUrl, map]);

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
