// The geometries of a preview on a small MapLibre map (WGS 84), before anything is written.
import { useEffect, useRef } from 'react';
import { Map as MapLibreMap, NavigationControl, setWorkerUrl, type GeoJSONSource } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useClientConfig } from '../../app/client-config.tsx';
import { resolveBaseStyle } from '../map/base-style.ts';

setWorkerUrl(workerUrl);

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
  const map = useRef<MapLibreMap | null>(null);
  const data = useRef(features);
  data.current = features;
  const config = useClientConfig();
  const styleUrl = config?.baseMapStyleUrl ?? null;

  useEffect(() => {
    const controller = new AbortController();
    let instance: MapLibreMap | null = null;
    void resolveBaseStyle(styleUrl, controller.signal).then(({ style }) => {
      if (controller.signal.aborted || !container.current) return;
      instance = new MapLibreMap({ container: container.current, style, center: [106.72, 10.74], zoom: 12, attributionControl: false });
      map.current = instance;
      instance.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      instance.on('load', () => {
        const m = instance!;
        m.addSource('preview', { type: 'geojson', data: data.current });
        m.addLayer({ id: 'pv-fill', type: 'fill', source: 'preview', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#1971c2', 'fill-opacity': 0.25 } });
        m.addLayer({ id: 'pv-line', type: 'line', source: 'preview', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#1971c2', 'line-width': 2 } });
        m.addLayer({ id: 'pv-point', type: 'circle', source: 'preview', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 6, 'circle-color': '#d9480f', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
        const b = extent(data.current);
        if (b) m.fitBounds(b, { duration: 0, maxZoom: 16, padding: 20 });
        m.once('idle', () => container.current?.setAttribute('data-ready', 'true'));
      });
    });
    return () => {
      controller.abort();
      instance?.remove();
      map.current = null;
    };
  }, [styleUrl]);

  useEffect(() => {
    const m = map.current;
    const src = m?.getSource('preview') as GeoJSONSource | undefined;
    if (!m || !src) return;
    src.setData(features);
    const b = extent(features);
    if (b) m.fitBounds(b, { duration: 0, maxZoom: 16, padding: 20 });
  }, [features]);

  return <div ref={container} className="import-map" data-testid="import-map" />;
}
