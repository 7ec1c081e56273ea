// A small MapLibre map of records (the current page of a table, or one record). Works without
// internet: the configured base map is used only when it loads, else a plain background.
// With `pin`, a draggable marker (moving a record's point, or placing a new one; a click on the
// map places it too) reports its position through `onPin`.
import { useEffect, useRef } from 'react';
import { Marker, type GeoJSONSource, type LngLatBoundsLike, type Map as MapLibreMap } from 'maplibre-gl';
import { useSmallMap } from '../map/use-small-map.ts';
import type { DatasetRecord } from './datasets-api.ts';

const SOURCE = 'records';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function toCollection(records: DatasetRecord[], selectedId: number | null): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: records
      .filter((r) => r.geometry)
      .map((r) => ({ type: 'Feature', id: r.id, geometry: r.geometry!, properties: { id: r.id, selected: r.id === selectedId } })),
  };
}

function bounds(fc: GeoJSON.FeatureCollection): LngLatBoundsLike | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  if (!Number.isFinite(minX)) return null;
  const pad = 0.002;
  return [[minX - pad, minY - pad], [maxX + pad, maxY + pad]];
}

export function RecordsMap({ records, selectedId = null, onSelect, testId, pin, onPin, className }: {
  records: DatasetRecord[];
  selectedId?: number | null;
  onSelect?: (id: number) => void;
  testId?: string;
  /** [lon, lat] of a draggable marker; undefined: none. null: none yet, a click places it. */
  pin?: [number, number] | null;
  onPin?: (lonLat: [number, number]) => void;
  className?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const marker = useRef<Marker | null>(null);
  const latest = useRef({ records, selectedId, onSelect, onPin, pin });
  latest.current = { records, selectedId, onSelect, onPin, pin };
  const { map, loaded } = useSmallMap(container, {
    center: [106.72, 10.74],
    zoom: 12,
    onLoad: (m) => {
      m.addSource(SOURCE, { type: 'geojson', data: EMPTY });
      m.addLayer({ id: 'rec-fill', type: 'fill', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': ['case', ['get', 'selected'], '#d9480f', '#1971c2'], 'fill-opacity': 0.25 } });
      m.addLayer({ id: 'rec-line', type: 'line', source: SOURCE, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': ['case', ['get', 'selected'], '#d9480f', '#1971c2'], 'line-width': 2 } });
      m.addLayer({ id: 'rec-point', type: 'circle', source: SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': ['case', ['get', 'selected'], 8, 5], 'circle-color': ['case', ['get', 'selected'], '#d9480f', '#1971c2'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
      for (const layer of ['rec-fill', 'rec-line', 'rec-point']) {
        m.on('click', layer, (e) => {
          const id = Number(e.features?.[0]?.properties?.id);
          if (Number.isFinite(id)) latest.current.onSelect?.(id);
        });
        m.on('mouseenter', layer, () => (m.getCanvas().style.cursor = 'pointer'));
        m.on('mouseleave', layer, () => (m.getCanvas().style.cursor = ''));
      }
      m.on('click', (e) => {
        if (latest.current.pin !== undefined) latest.current.onPin?.([e.lngLat.lng, e.lngLat.lat]);
      });
      update(m, true);
      placePin(m);
    },
  });

  function placePin(m: MapLibreMap) {
    const p = latest.current.pin;
    if (!p) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (!marker.current) {
      marker.current = new Marker({ color: '#d9480f', draggable: true });
      marker.current.on('dragend', () => {
        const ll = marker.current?.getLngLat();
        if (ll) latest.current.onPin?.([ll.lng, ll.lat]);
      });
      marker.current.getElement().dataset.testid = 'record-pin';
    }
    marker.current.setLngLat(p).addTo(m);
  }

  const pinKey = pin ? pin.join(',') : String(pin);
  useEffect(() => {
    if (map.current && loaded.current) placePin(map.current);
  }, [pinKey, map, loaded]);
  useEffect(() => () => { marker.current?.remove(); marker.current = null; }, []);

  function update(m: MapLibreMap, fit: boolean) {
    const fc = toCollection(latest.current.records, latest.current.selectedId);
    (m.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(fc);
    const b = fit ? bounds(fc) : null;
    if (b) m.fitBounds(b, { padding: 24, maxZoom: 17, duration: 0 });
  }

  const fingerprint = records.map((r) => r.id).join(',');
  useEffect(() => {
    if (map.current && loaded.current) update(map.current, true);
  }, [fingerprint, map, loaded]);
  useEffect(() => {
    if (map.current && loaded.current) update(map.current, false);
  }, [selectedId, map, loaded]);

  return <div ref={container} className={className ?? 'datasets-map'} data-testid={testId} />;
}
