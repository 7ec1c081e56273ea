// The epidemic map: wards coloured by their level for the week, cases of the last 7 days as a
// heat map (positions rounded to ~200 m), the chains of the last 14 days as lines between
// codes, and lockdown / quarantine zones of the day with the households and people inside.
// No name or identifier is drawn.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { ChainGraph, Outbreak } from '../../../../shared/contracts/epidemics.ts';
import { api } from '../../app/api.ts';
import { useClientConfig } from '../../app/client-config.tsx';
import { formatNumber } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';
import { resolveBaseStyle, useBaseMapChoice } from '../map/base-style.ts';
import { addAttribution } from '../map/attribution.ts';
import { createMap, whenStyleLoaded } from '../map/create-map.ts';
import { epiKeys, fetchHeat, fetchLevels, fetchZones, LEVEL_COLOURS, mondayOf } from './epidemics-api.ts';

type Fc = GeoJSON.FeatureCollection;
const empty: Fc = { type: 'FeatureCollection', features: [] };

export function EpiMap({ outbreak, day, lang }: { outbreak: Outbreak; day: string; lang: Language }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  // True once the map has drawn the page's first data (data-ready: tests and the page benchmark).
  const [drawn, setDrawn] = useState(false);
  const onlineUrl = useClientConfig()?.baseMapStyleUrl ?? null;
  const [choice] = useBaseMapChoice();
  const codes = outbreak.areaCodes.join(',');
  const wards = useQuery({ queryKey: ['epidemics', 'ward-shapes', codes], queryFn: ({ signal }) => api<Fc>('/areas', { query: { format: 'geojson', level: 'ward', code: codes }, signal }), staleTime: Infinity });
  const levels = useQuery({ queryKey: epiKeys.levels(mondayOf(day), ''), queryFn: ({ signal }) => fetchLevels(mondayOf(day), '', signal), enabled: outbreak.disease === 'covid-19' });
  const heat = useQuery({ queryKey: epiKeys.heat(outbreak.id, day), queryFn: ({ signal }) => fetchHeat(outbreak.id, day, signal) });
  const zones = useQuery({ queryKey: epiKeys.zones(day), queryFn: ({ signal }) => fetchZones(day, signal) });
  const chains = useQuery({ queryKey: ['epidemics', 'recent-graph', outbreak.id, day], queryFn: ({ signal }) => api<ChainGraph>(`/epidemics/outbreaks/${outbreak.id}/graph`, { query: { day }, signal }) });

  useEffect(() => {
    if (!container.current) return;
    const controller = new AbortController();
    let m: MapLibreMap | null = null;
    void resolveBaseStyle({ onlineUrl, choice, theme: 'day', lang }, controller.signal).then(({ style }) => {
      if (controller.signal.aborted || !container.current) return;
      m = createMap({ container: container.current, style, center: [106.725, 10.735], zoom: 12.3, attributionControl: false, canvasContextAttributes: { preserveDrawingBuffer: true } });
      addAttribution(m);
      map.current = m;
      whenStyleLoaded(m, () => {
        for (const id of ['wards', 'zones', 'heat', 'chains']) m!.addSource(id, { type: 'geojson', data: empty });
        m!.addLayer({ id: 'wards-fill', type: 'fill', source: 'wards', paint: { 'fill-color': ['coalesce', ['get', 'colour'], '#cbd5e1'], 'fill-opacity': 0.35 } });
        m!.addLayer({ id: 'wards-line', type: 'line', source: 'wards', paint: { 'line-color': '#0f172a', 'line-width': 1.2 } });
        m!.addLayer({ id: 'zones-fill', type: 'fill', source: 'zones', paint: { 'fill-color': ['match', ['get', 'kind'], 'lockdown', '#b91c1c', 'quarantine', '#7c3aed', '#0e7490'], 'fill-opacity': 0.3 } });
        m!.addLayer({ id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': '#7f1d1d', 'line-width': 2, 'line-dasharray': [2, 1] } });
        m!.addLayer({ id: 'heat', type: 'heatmap', source: 'heat', paint: { 'heatmap-radius': 18, 'heatmap-opacity': 0.75 } });
        m!.addLayer({ id: 'chains', type: 'line', source: 'chains', paint: { 'line-color': '#1d4ed8', 'line-width': 1.4, 'line-opacity': 0.8 } });
        m!.addLayer({ id: 'chain-nodes', type: 'circle', source: 'chains', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 3, 'circle-color': ['match', ['get', 'kind'], 'case', '#ea580c', '#2563eb'] } });
        setReady(true);
      });
    });
    return () => {
      controller.abort();
      m?.remove();
      map.current = null;
      setReady(false);
      setDrawn(false);
    };
  }, [onlineUrl, choice, lang]);

  useEffect(() => {
    const m = map.current;
    if (!ready || !m || !wards.data) return;
    const byWard = new Map((levels.data?.levels ?? []).map((l) => [l.wardCode, l.level]));
    (m.getSource('wards') as GeoJSONSource).setData({ type: 'FeatureCollection', features: wards.data.features.map((f) => ({ ...f, properties: { ...f.properties, colour: LEVEL_COLOURS[byWard.get(String(f.properties?.code)) ?? 0] } })) });
  }, [ready, wards.data, levels.data]);
  useEffect(() => {
    const m = map.current;
    if (!ready || !m) return;
    (m.getSource('heat') as GeoJSONSource).setData({ type: 'FeatureCollection', features: (heat.data?.points ?? []).map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } })) });
    (m.getSource('zones') as GeoJSONSource).setData({ type: 'FeatureCollection', features: (zones.data ?? []).map((z) => ({ type: 'Feature', properties: { kind: z.kind }, geometry: z.geometry as GeoJSON.Geometry })) });
    const g = chains.data;
    const at = new Map((g?.nodes ?? []).filter((n) => n.lon !== null).map((n) => [n.code, [n.lon!, n.lat!] as [number, number]]));
    (m.getSource('chains') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: [
        ...(g?.edges ?? []).filter((e) => at.has(e.source) && at.has(e.target)).map((e) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: [at.get(e.source)!, at.get(e.target)!] } })),
        ...(g?.nodes ?? []).filter((n) => at.has(n.code)).map((n) => ({ type: 'Feature' as const, properties: { kind: n.kind, code: n.code }, geometry: { type: 'Point' as const, coordinates: at.get(n.code)! } })),
      ],
    });
  }, [ready, heat.data, zones.data, chains.data]);
  const dataIn = ready && !!wards.data && !!chains.data && !!heat.data;
  useEffect(() => {
    const m = map.current;
    if (!dataIn || !m) return;
    const done = () => setDrawn(true);
    m.once('idle', done);
    m.triggerRepaint();
    return () => {
      m.off('idle', done);
    };
  }, [dataIn]);

  return (
    <div className="epi-cols">
      <section className="epi-card epi-mapcard">
        <div ref={container} className="epi-map" data-testid="epi-map" data-ready={drawn ? 'yes' : 'no'} data-chain-edges={chains.data?.edges.length ?? 0} />
        <ul className="epi-legend">
          {[1, 2, 3, 4].map((l) => <li key={l}><span style={{ background: LEVEL_COLOURS[l] }} />{t(`epidemics.level.l${l}`)}</li>)}
          <li><span style={{ background: '#b91c1c' }} />{t('epidemics.map.lockdown')}</li>
          <li><span style={{ background: '#7c3aed' }} />{t('epidemics.map.quarantine')}</li>
          <li><span style={{ background: '#1d4ed8' }} />{t('epidemics.map.chains')}</li>
        </ul>
      </section>
      <section className="epi-card">
        <h2>{t('epidemics.map.zones')}</h2>
        <table className="epi-table" data-testid="epi-zones">
          <thead><tr><th>{t('epidemics.map.zone')}</th><th className="num">{t('epidemics.map.households')}</th><th className="num">{t('epidemics.map.people')}</th><th className="num">{t('epidemics.map.cases')}</th></tr></thead>
          <tbody>{zones.data?.length === 0 && <tr><td colSpan={4} className="epi-muted">{t('epidemics.map.noZones')}</td></tr>}{(zones.data ?? []).map((z) => <tr key={z.id}><td>{z.name}</td><td className="num">{formatNumber(z.households, lang, 0)}</td><td className="num">{formatNumber(z.people, lang, 0)}</td><td className="num">{formatNumber(z.cases, lang, 0)}</td></tr>)}</tbody>
        </table>
        <p className="epi-muted">{t('epidemics.map.note', { n: formatNumber(heat.data?.points.length ?? 0, lang, 0) })}</p>
      </section>
    </div>
  );
}
