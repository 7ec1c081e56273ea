// Choropleth of a KPI per ward (2025 wards or the former ones): MapLibre over the boundaries
// of /api/areas?format=geojson, with the value of each ward written on it, over the offline
// OpenStreetMap base map (dark on the wall), with a legend of its classes; the canvas keeps its
// buffer so the widget can be exported as PNG.
import { useQuery } from '@tanstack/react-query';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { KpiAreaValue } from '../../../../shared/contracts/kpis.ts';
import { api } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { dashboardKeys } from './dashboards-api.ts';
import { formatValue } from './format.ts';
import { resolveBaseStyle, useBaseMapChoice } from '../map/base-style.ts';
import { addAttribution } from '../map/attribution.ts';
import { createMap, whenStyleLoaded } from '../map/create-map.ts';
import { useClientConfig } from '../../app/client-config.tsx';
import { choroplethClasses } from './choropleth-legend.ts';

const COLOURS = ['#dbeafe', '#93c5fd', '#3b82f6', '#1d4ed8', '#1e3a8a'];

type Fc = GeoJSON.FeatureCollection<GeoJSON.MultiPolygon, { code: string; nameVi: string; properties?: { name_short?: string } }>;

function ringCentre(g: GeoJSON.MultiPolygon): [number, number] {
  // Centre of the largest ring's bounding box: good enough to place a label inside a ward.
  let best: number[][] = [];
  for (const poly of g.coordinates) if ((poly[0]?.length ?? 0) > best.length) best = poly[0] ?? [];
  const xs = best.map((p) => p[0]!);
  const ys = best.map((p) => p[1]!);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

/** The ward layers, once the base style is in. */
function installChoropleth(m: MapLibreMap, dark: boolean, onArea: (code: string) => void, onReady: () => void) {
  whenStyleLoaded(m, () => {
    m.addSource('areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    m.addLayer({ id: 'fill', type: 'fill', source: 'areas', paint: { 'fill-color': ['coalesce', ['get', 'colour'], '#cbd5e1'], 'fill-opacity': 0.72 } });
    m.addLayer({ id: 'line', type: 'line', source: 'areas', paint: { 'line-color': dark ? '#e2e8f0' : '#0f172a', 'line-width': 1.2 } });
    m.on('click', 'fill', (e) => {
      const code = e.features?.[0]?.properties?.code;
      if (code) onArea(String(code));
    });
    onReady();
  });
}

export interface ChoroplethHandle {
  toPng(): string | null;
}

export const ChoroplethMap = forwardRef<ChoroplethHandle, {
  byArea: KpiAreaValue[];
  scheme: 'vn2025' | 'vn2008';
  lang: string;
  dark?: boolean;
  onArea?: (code: string) => void;
  testId?: string;
}>(function ChoroplethMap({ byArea, scheme, lang, dark, onArea, testId }, ref) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const markers = useRef<Marker[]>([]);
  const [ready, setReady] = useState(false);
  const onAreaRef = useRef(onArea);
  onAreaRef.current = onArea;

  useImperativeHandle(ref, () => ({ toPng: () => map.current?.getCanvas().toDataURL('image/png') ?? null }));

  const onlineUrl = useClientConfig()?.baseMapStyleUrl ?? null;
  const [choice] = useBaseMapChoice();
  useEffect(() => {
    if (!container.current) return;
    const controller = new AbortController();
    let m: MapLibreMap | null = null;
    let ro: ResizeObserver | null = null;
    void resolveBaseStyle({ onlineUrl, choice, theme: dark ? 'dark' : 'day', lang }, controller.signal).then(({ style }) => {
      if (controller.signal.aborted || !container.current) return;
      m = createMap({
        container: container.current,
        style,
        center: [106.72, 10.735], zoom: 12, attributionControl: false, interactive: true,
        canvasContextAttributes: { preserveDrawingBuffer: true },
      });
      map.current = m;
      addAttribution(m);
      installChoropleth(m, !!dark, (code) => onAreaRef.current?.(code), () => setReady(true));
      ro = new ResizeObserver(() => m?.resize());
      ro.observe(container.current);
    }).catch(() => undefined);
    return () => {
      controller.abort();
      ro?.disconnect();
      m?.remove();
      map.current = null;
      setReady(false);
    };
  }, [dark, onlineUrl, choice, lang]);

  // The boundaries of the wards with a value (a date's boundaries do not change).
  const codes = byArea.map((a) => a.code).join(',');
  const boundaries = useQuery({
    queryKey: dashboardKeys.boundaries(scheme, codes),
    queryFn: ({ signal }) => api<Fc>('/areas', { query: { format: 'geojson', level: 'ward', code: codes, date: scheme === 'vn2008' ? '2025-06-30' : undefined }, signal }),
    enabled: codes !== '',
    staleTime: Infinity,
    // Thousands of coordinates: compared by identity, not deeply.
    structuralSharing: false,
  });
  const boundaryData = boundaries.data;
  const classes = useMemo(() => choroplethClasses(byArea.map((a) => a.value), COLOURS.length), [byArea]);

  useEffect(() => {
    const m = map.current;
    if (!ready || !m || !byArea.length || !boundaryData) return;
    const colourOf = (v: number) => COLOURS[classes.classOf(v)]!;
    const byCode = new Map(byArea.map((a) => [a.code, a]));
    // Coloured copies: the cached collection is shared with other widgets.
    const fc: Fc = {
      ...boundaryData,
      features: boundaryData.features.map((f) => {
        const v = byCode.get(f.properties.code);
        return { ...f, properties: { ...f.properties, colour: v ? colourOf(v.value) : null } };
      }),
    };
    (m.getSource('areas') as GeoJSONSource).setData(fc);
    markers.current.forEach((mk) => mk.remove());
    markers.current = fc.features.map((f) => {
      const el = document.createElement('div');
      el.className = 'choropleth-label';
      const v = byCode.get(f.properties.code);
      const name = f.properties.properties?.name_short ?? f.properties.nameVi.replace(/^Phường\s+/, '');
      el.textContent = `${name}: ${formatValue(v?.value ?? null, lang)}`;
      el.dataset.testid = `choropleth-label-${f.properties.code}`;
      return new Marker({ element: el }).setLngLat(ringCentre(f.geometry)).addTo(m);
    });
    let minX = 180, minY = 90, maxX = -180, maxY = -90;
    for (const f of fc.features) for (const poly of f.geometry.coordinates) for (const [x, y] of poly[0] ?? []) {
      minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!);
    }
    if (minX < maxX) m.fitBounds([[minX, minY], [maxX, maxY]], { padding: 16, duration: 0 });
    m.once('idle', () => container.current?.setAttribute('data-map-ready', 'true'));
  }, [ready, boundaryData, byArea, lang, classes]);

  return (
    <>
      <div className="choropleth-wrap">
        <div ref={container} className="choropleth" data-testid={testId} data-map-ready="false" />
        {byArea.length > 0 && (
          <ul className="choropleth-key" data-testid={testId ? `${testId}-legend` : 'choropleth-key'} aria-label={t('dashboards.legend')}>
            {classes.ranges.map((r, i) => (
              <li key={i}>
                <span className="choropleth-key__swatch" style={{ background: COLOURS[r.index] }} aria-hidden="true" />
                {r.from === r.to ? formatValue(r.from, lang) : `${formatValue(r.from, lang)} – ${formatValue(r.to, lang)}`}
              </li>
            ))}
          </ul>
        )}
      </div>
      {boundaries.error && <p className="widget__error" role="alert">{errorMessage(t, boundaries.error)}</p>}
    </>
  );
});
