// The geometries of a preview on a small MapLibre map (WGS 84), before anything is written.
import { useEffect, useRef } from 'react';
import type { GeoJSONSource } from 'maplibre-gl';
import { useSmallMap } from '../map/use-small-map.ts';

function extent(fc: GeoJSON.FeatureCollection): [[number, number], [number, number]] | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  if (!Number.isFinite(minX)) return null;
  return [[minX - 0.003, minY - 0.003], [maxX + 0.003, maxY + 0.003]];
}

export function PreviewMap({ features }: { features: GeoJSON.FeatureCollection }) {
  const container = useRef<HTMLDivElement>(null);
  const data = useRef(features);
  data.current = features;
  const { map } = useSmallMap(container, {
    center: [106.72, 10.74],
    zoom: 12,
    onLoad: (m) => {
      m.addSource('preview', { type: 'geojson', data: data.current });
      m.addLayer({ id: 'pv-fill', type: 'fill', source: 'preview', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#1971c2', 'fill-opacity': 0.25 } });
      m.addLayer({ id: 'pv-line', type: 'line', source: 'preview', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#1971c2', 'line-width': 2 } });
      m.addLayer({ id: 'pv-point', type: 'circle', source: 'preview', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 6, 'circle-color': '#d9480f', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
      const b = extent(data.current);
      if (b) m.fitBounds(b, { duration: 0, maxZoom: 16, padding: 20 });
    },
  });

  useEffect(() => {
    const m = map.current;
    const src = m?.getSource('preview') as GeoJSONSource | undefined;
    if (!m || !src) return;
    src.setData(features);
    const b = extent(features);
    if (b) m.fitBounds(b, { duration: 0, maxZoom: 16, padding: 20 });
  }, [features, map]);

  return <div ref={container} className="import-map" data-testid="import-map" />;
}
