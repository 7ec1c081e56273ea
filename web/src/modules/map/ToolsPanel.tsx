import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, Polygon } from 'geojson';
import type { NearestResponse, SpatialSelectResponse } from '../../../../shared/contracts/index.ts';
import { isAbortError } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { circleRing, formatArea, formatDistance, lineLength, polygonArea } from './geodesy.ts';
import { datasetTitle } from './LayerPanel.tsx';
import { createZone, fetchNearest, selectInside, type DatasetSummary } from './map-api.ts';
import { SpatialTools, type DrawnShape, type ToolMode } from './spatial-tools.ts';
import { DateField } from '../../app/DateField.tsx';

const ZONE_KINDS = ['quarantine', 'lockdown', 'event', 'planning', 'other'] as const;
const DEFAULT_NEAREST_DATASET = 'fire-hydrants';

interface ToolsPanelProps {
  map: MapLibreMap | null;
  datasets: DatasetSummary[];
  /** The tools instance, so that the map page can route clicks to it. */
  onTools: (tools: SpatialTools | null) => void;
  canSaveZones: boolean;
}

type Selection = { kind: 'polygon' | 'radius'; bbox: [number, number, number, number]; response: SpatialSelectResponse };

function bboxOf(ring: readonly number[][]): [number, number, number, number] {
  const lons = ring.map((p) => p[0] ?? 0);
  const lats = ring.map((p) => p[1] ?? 0);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** Pause (ms) after drawing or editing a polygon before counting what it holds. */
const SELECT_DELAY_MS = 300;

/** Draw and edit zones, select by polygon or radius, nearest features, measures. */
export function ToolsPanel({ map, datasets, onTools, canSaveZones }: ToolsPanelProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.resolvedLanguage);
  const locale = localeOf(lang);
  const [tools, setTools] = useState<SpatialTools | null>(null);
  const [mode, setMode] = useState<ToolMode>('none');
  const [shape, setShape] = useState<DrawnShape | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [radiusM, setRadiusM] = useState(500);
  const [nearestDataset, setNearestDataset] = useState(DEFAULT_NEAREST_DATASET);
  const [nearestN, setNearestN] = useState(3);
  const [nearest, setNearest] = useState<NearestResponse | null>(null);
  // The last failure, shown in the user's language (null: none).
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ id: number; name: string } | null>(null);
  const [zoneName, setZoneName] = useState('');
  const [zoneKind, setZoneKind] = useState<(typeof ZONE_KINDS)[number]>('event');
  const [zoneStart, setZoneStart] = useState('');
  const [zoneEnd, setZoneEnd] = useState('');
  const pickRef = useRef<(mode: 'radius' | 'nearest', lonLat: [number, number]) => void>(() => {});
  const shapeRef = useRef<(shape: DrawnShape | null) => void>(() => {});
  const selectTimer = useRef<number | undefined>(undefined);
  const abortRef = useRef<AbortController | null>(null);

  const pointDatasets = datasets.filter((dataset) => dataset.geometryType === 'point');
  const nearestChoice = pointDatasets.some((dataset) => dataset.id === nearestDataset) ? nearestDataset : (pointDatasets[0]?.id ?? '');

  useEffect(() => {
    if (!map) return;
    const created = new SpatialTools(map, {
      onShape: (next) => shapeRef.current(next),
      onPick: (pickMode, lonLat) => pickRef.current(pickMode, lonLat),
    });
    setTools(created);
    onTools(created);
    return () => {
      window.clearTimeout(selectTimer.current);
      onTools(null);
      created.destroy();
      setTools(null);
    };
  }, [map, onTools]);

  const restart = () => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    return controller;
  };

  // A shape drawn or edited: counts inside a polygon (again after each edit, debounced).
  shapeRef.current = (next) => {
    setShape(next);
    window.clearTimeout(selectTimer.current);
    if (!next || next.geometry.type !== 'Polygon') return;
    const geometry = next.geometry;
    selectTimer.current = window.setTimeout(() => {
      const controller = restart();
      setBusy(true);
      selectInside({ geometry }, controller.signal)
        .then((response) => {
          setSelection({ kind: 'polygon', bbox: bboxOf(geometry.coordinates[0] ?? []), response });
          setError(null);
        })
        .catch((reason: unknown) => {
          if (!isAbortError(reason)) setError(reason);
        })
        .finally(() => {
          if (!controller.signal.aborted) setBusy(false);
        });
    }, SELECT_DELAY_MS);
  };

  pickRef.current = (pickMode, lonLat) => {
    const controller = restart();
    setError(null);
    setBusy(true);
    if (pickMode === 'radius') {
      const ring = circleRing(lonLat, radiusM);
      tools?.setOverlay([SpatialTools.circleFeature(ring), { type: 'Feature', geometry: { type: 'Point', coordinates: lonLat }, properties: {} }]);
      selectInside({ center: lonLat, radiusM }, controller.signal)
        .then((response) => setSelection({ kind: 'radius', bbox: bboxOf(ring), response }))
        .catch((reason: unknown) => {
          if (!isAbortError(reason)) setError(reason);
        })
        .finally(() => setBusy(false));
      return;
    }
    if (!nearestChoice) return;
    fetchNearest(nearestChoice, lonLat, nearestN, controller.signal)
      .then((response) => {
        setNearest(response);
        const overlay: Feature[] = [{ type: 'Feature', geometry: { type: 'Point', coordinates: lonLat }, properties: { color: '#dc2626' } }];
        for (const feature of response.features) {
          const target = feature.geometry.type === 'Point' ? feature.geometry.coordinates : null;
          if (!target) continue;
          overlay.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [lonLat, target] }, properties: {} });
          overlay.push({ type: 'Feature', geometry: { type: 'Point', coordinates: target }, properties: { color: '#2563eb' } });
        }
        tools?.setOverlay(overlay);
      })
      .catch((reason: unknown) => {
        if (!isAbortError(reason)) setError(reason);
      })
      .finally(() => setBusy(false));
  };

  const choose = (next: ToolMode) => {
    const target = mode === next ? 'none' : next;
    setMode(target);
    setError(null);
    setSaved(null);
    if (target === 'polygon' || target === 'linestring' || target === 'radius' || target === 'nearest') {
      setSelection(null);
      setNearest(null);
      tools?.setOverlay([]);
    }
    tools?.setMode(target);
  };

  const clear = () => {
    window.clearTimeout(selectTimer.current);
    abortRef.current?.abort();
    tools?.clear();
    tools?.setMode('none');
    setMode('none');
    setSelection(null);
    setNearest(null);
    setShape(null);
    setError(null);
    setSaved(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!shape || shape.geometry.type !== 'Polygon' || !zoneName.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const properties: Record<string, unknown> = { name: zoneName.trim(), kind: zoneKind };
      if (zoneStart) properties.starts_on = zoneStart;
      if (zoneEnd) properties.ends_on = zoneEnd;
      const record = await createZone({ properties, geometry: shape.geometry });
      setSaved({ id: record.id, name: zoneName.trim() });
      setZoneName('');
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const polygon = shape?.geometry.type === 'Polygon' ? (shape.geometry as Polygon) : null;
  const tool = (id: ToolMode, label: string) => (
    <button type="button" className={`tool-button${mode === id ? ' is-active' : ''}`} aria-pressed={mode === id} data-testid={`tool-${id}`} onClick={() => choose(id)}>
      {label}
    </button>
  );

  return (
    <div className="tools-panel" data-testid="tools-panel">
      <div className="tool-buttons" role="group" aria-label={t('map.tools.label')}>
        {tool('polygon', t('map.tools.polygon'))}
        {tool('linestring', t('map.tools.line'))}
        {tool('radius', t('map.tools.radius'))}
        {tool('nearest', t('map.tools.nearest'))}
        {shape && tool('edit', t('map.tools.edit'))}
        <button type="button" className="tool-button tool-button--quiet" data-testid="tool-clear" onClick={clear}>
          {t('map.tools.clear')}
        </button>
      </div>
      <p className="ws-note" data-testid="tool-hint">
        {t(`map.tools.hints.${mode}`)}
      </p>

      {mode === 'radius' && (
        <label className="ws-field">
          <span>{t('map.tools.radiusM')}</span>
          <input type="number" min={10} max={20000} step={50} value={radiusM} data-testid="tool-radius-m" onChange={(event) => setRadiusM(Math.max(10, Number(event.target.value) || 10))} />
        </label>
      )}
      {mode === 'nearest' && (
        <div className="ws-row">
          <label className="ws-field">
            <span>{t('map.tools.nearestLayer')}</span>
            <select value={nearestChoice} data-testid="tool-nearest-dataset" onChange={(event) => setNearestDataset(event.target.value)}>
              {pointDatasets.map((dataset) => (
                <option key={dataset.id} value={dataset.id}>
                  {datasetTitle(dataset, lang)}
                </option>
              ))}
            </select>
          </label>
          <label className="ws-field ws-field--narrow">
            <span>N</span>
            <input type="number" min={1} max={20} value={nearestN} data-testid="tool-nearest-n" onChange={(event) => setNearestN(Math.min(20, Math.max(1, Number(event.target.value) || 1)))} />
          </label>
        </div>
      )}

      {shape && (
        <dl className="measure" data-testid="measure">
          {shape.geometry.type === 'LineString' ? (
            <>
              <dt>{t('map.tools.length')}</dt>
              <dd data-testid="measure-length">{formatDistance(lineLength(shape.geometry.coordinates), locale)}</dd>
            </>
          ) : (
            <>
              <dt>{t('map.tools.area')}</dt>
              <dd data-testid="measure-area">{formatArea(polygonArea(shape.geometry.coordinates), locale)}</dd>
              <dt>{t('map.tools.perimeter')}</dt>
              <dd>{formatDistance(lineLength(shape.geometry.coordinates[0] ?? []), locale)}</dd>
            </>
          )}
        </dl>
      )}

      {busy && <p className="ws-note">{t('map.tools.working')}</p>}
      {error !== null && (
        <p className="ws-error" role="alert" data-testid="tool-error">
          {errorMessage(t, error)}
        </p>
      )}

      {selection && (
        <div className="tool-result" data-testid="select-result">
          <h3>
            {selection.kind === 'radius' ? t('map.tools.insideRadius', { radius: formatDistance(radiusM, locale) }) : t('map.tools.insidePolygon')}
            {' · '}
            {formatArea(selection.response.areaM2, locale)}
          </h3>
          <ul className="count-list">
            {selection.response.counts
              .filter((count) => count.count > 0)
              .map((count) => (
                <li key={count.datasetId} data-testid={`select-count-${count.datasetId}`}>
                  <Link to={`/data/${encodeURIComponent(count.datasetId)}?bbox=${selection.bbox.map((value) => value.toFixed(6)).join(',')}`}>{count.title}</Link>
                  <span className="count-list__value">{new Intl.NumberFormat(locale).format(count.count)}</span>
                </li>
              ))}
            {selection.response.counts.every((count) => count.count === 0) && <li className="ws-note">{t('map.tools.nothingInside')}</li>}
          </ul>
        </div>
      )}

      {nearest && (
        <div className="tool-result" data-testid="nearest-result">
          <h3>{t('map.tools.nearestTitle', { count: nearest.features.length })}</h3>
          <ol className="count-list">
            {nearest.features.map((feature) => (
              <li key={feature.id} data-testid="nearest-item">
                <Link to={`/data/${encodeURIComponent(nearest.dataset)}/records/${encodeURIComponent(feature.id)}`}>{feature.name ?? `#${feature.id}`}</Link>
                <span className="count-list__value" data-testid="nearest-distance" data-distance-m={feature.distanceM}>
                  {formatDistance(feature.distanceM, locale)}
                </span>
              </li>
            ))}
          </ol>
        </div>
      )}

      {polygon && canSaveZones && (
        <form className="zone-form" onSubmit={save} data-testid="zone-form">
          <h3>{t('map.tools.saveZone')}</h3>
          <label className="ws-field">
            <span>{t('map.tools.zoneName')}</span>
            <input value={zoneName} required maxLength={200} data-testid="zone-name" onChange={(event) => setZoneName(event.target.value)} />
          </label>
          <div className="ws-row">
            <label className="ws-field">
              <span>{t('map.tools.zoneKind')}</span>
              <select value={zoneKind} data-testid="zone-kind" onChange={(event) => setZoneKind(event.target.value as (typeof ZONE_KINDS)[number])}>
                {ZONE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`map.tools.kinds.${kind}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="ws-row">
            <label className="ws-field">
              <span>{t('map.tools.startsOn')}</span>
              <DateField value={zoneStart} onChange={setZoneStart} />
            </label>
            <label className="ws-field">
              <span>{t('map.tools.endsOn')}</span>
              <DateField value={zoneEnd} min={zoneStart || undefined} onChange={setZoneEnd} />
            </label>
          </div>
          <button type="submit" className="button button--small" disabled={busy || !zoneName.trim()} data-testid="zone-save">
            {t('map.tools.save')}
          </button>
        </form>
      )}
      {saved && (
        <p className="ws-success" role="status" data-testid="zone-saved" data-record-id={saved.id}>
          {t('map.tools.saved', { name: saved.name })}{' '}
          <Link to={`/data/operational-zones/records/${saved.id}`}>{t('map.tools.openRecord')}</Link>
        </p>
      )}
      {shape?.geometry.type === 'LineString' && <p className="ws-note">{t('map.tools.lineNotSaved')}</p>}
    </div>
  );
}
