// The live screen: sensors on a map coloured by state and updated from the live stream, the
// alert panel (visual + sound cue, acknowledge / resolve with a comment, escalate to incident).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Alert, LiveMessage } from '../../../../shared/contracts/alerts.ts';
import { errorMessage } from '../../app/errors.ts';
import { pageLink } from '../../../../shared/routes.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { useServedWards, wardName } from '../../app/wards.ts';
import type { AreaFeatureCollection } from '../../../../shared/contracts/index.ts';
import { api } from '../../app/api.ts';
import { fetchDatasets } from '../map/map-api.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { acknowledgeAlert, acknowledgeAlerts, beep, createIncident, getAlert, listAlerts, listSensors, listSops, listUnits, liveKeys, openLiveStream, resolveAlert, type SensorItem } from './live-api.ts';
import { LiveMap, STATE_COLOURS, type MapPoint, type OverlayKind } from './live-map.ts';
import './live.css';

type Action = { kind: 'acknowledge' | 'resolve' | 'escalate'; alert: Alert };
type AlertSort = 'newest' | 'oldest' | 'severity' | 'ward';
const SEVERITY_RANK: Record<string, number> = { Extreme: 0, Severe: 1, Moderate: 2, Minor: 3 };

/** Metres between two points (haversine). */
function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
/** Cameras (sensors of type camera_status) within this distance of an alert are offered. */
const CAMERA_RADIUS_M = 2000;

/** The alerts the panel lists (open and acknowledged). */
const PANEL_STATUS = 'open,acknowledged';
type AlertsAnswer = { alerts: Alert[] };

function sensorState(s: SensorItem, value: number | undefined): string {
  if (value === undefined) return s.state;
  const lowIsBad = s.type === 'camera_status';
  if (lowIsBad) return value < 0.5 ? 'alarm' : 'ok';
  if (s.alarmThreshold !== null && value >= s.alarmThreshold) return 'alarm';
  if (s.warnThreshold !== null && value >= s.warnThreshold) return 'warn';
  return 'ok';
}

export function LivePage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const isAdmin = useAuth().user?.role === 'admin';
  const mapEl = useRef<HTMLDivElement>(null);
  const map = useRef<LiveMap | null>(null);
  const queryClient = useQueryClient();
  const alertsQuery = useQuery({ queryKey: liveKeys.alerts(PANEL_STATUS), queryFn: ({ signal }) => listAlerts(PANEL_STATUS, signal) });
  const sensorsQuery = useQuery({ queryKey: liveKeys.sensors, queryFn: ({ signal }) => listSensors(signal) });
  // Alerts carry the 2025 ward code: shown by the ward's name.
  const served = useServedWards().wards;
  const areaLabel = (a: Alert) => {
    const w = a.areaCode ? served?.find((x) => x.code === a.areaCode) : undefined;
    return w ? wardName(w, i18n.language) : (a.place ?? '');
  };
  const panelAlerts = useMemo(() => alertsQuery.data?.alerts ?? [], [alertsQuery.data]);
  // `?alert=ID` (a KPI drill-down link, shared/routes.ts) picks one alert out: it is highlighted,
  // and shown on top even when it is no longer open.
  const [params, setParams] = useSearchParams();
  const focusId = Number(params.get('alert')) || null;
  const focusQuery = useQuery({
    queryKey: ['live', 'alert', focusId],
    queryFn: ({ signal }) => getAlert(focusId!, signal),
    enabled: focusId !== null && alertsQuery.isSuccess && !panelAlerts.some((a) => a.id === focusId),
  });
  const alerts = useMemo(() => (focusQuery.data && !panelAlerts.some((a) => a.id === focusQuery.data.id) ? [focusQuery.data, ...panelAlerts] : panelAlerts), [panelAlerts, focusQuery.data]);
  useEffect(() => {
    if (focusId !== null) document.querySelector(`[data-testid="alert-${focusId}"]`)?.scrollIntoView({ block: 'center' });
  }, [focusId, alerts]);
  const sensors = useMemo(() => sensorsQuery.data ?? [], [sensorsQuery.data]);
  const loadError = alertsQuery.error ?? sensorsQuery.error;
  // The live stream and the dialogs change the cached lists in place.
  const setAlerts = useCallback((f: (prev: Alert[]) => Alert[]) => {
    queryClient.setQueryData<AlertsAnswer>(liveKeys.alerts(PANEL_STATUS), (prev) => (prev ? { ...prev, alerts: f(prev.alerts) } : prev));
  }, [queryClient]);
  const setSensors = useCallback((f: (prev: SensorItem[]) => SensorItem[]) => {
    queryClient.setQueryData<SensorItem[]>(liveKeys.sensors, (prev) => (prev ? f(prev) : prev));
  }, [queryClient]);
  const [connected, setConnected] = useState(false);
  const [muted, setMuted] = useState(() => localStorage.getItem('cityops.live.muted') === '1');
  const [flash, setFlash] = useState<number | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  // Panel filters and order; the selection for bulk acknowledgement.
  // Filters and sort live in the URL (?severity=&ward=&status=&sort=): a link or a reload keeps the
  // operator's view (changes replace the history entry rather than add to it).
  const sevFilter = params.get('severity') ?? '';
  const wardFilter = params.get('ward') ?? '';
  const statusFilter = params.get('status') ?? '';
  const sortParam = params.get('sort');
  const sortBy: AlertSort = sortParam === 'oldest' || sortParam === 'severity' || sortParam === 'ward' ? sortParam : 'newest';
  const setParam = useCallback(
    (key: 'severity' | 'ward' | 'status' | 'sort', value: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value && !(key === 'sort' && value === 'newest')) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setSevFilter = (value: string) => setParam('severity', value);
  const setWardFilter = (value: string) => setParam('ward', value);
  const setStatusFilter = (value: string) => setParam('status', value);
  const setSortBy = (value: AlertSort) => setParam('sort', value);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [bulk, setBulk] = useState(false);
  // Map overlays: ward boundaries, sensors, alerts, one dataset layer.
  const [shown, setShown] = useState<Record<OverlayKind, boolean>>({ wards: true, sensors: true, alerts: true });
  const [overlay, setOverlay] = useState('');
  const wardCodes = useMemo(() => (served ?? []).map((w) => w.code), [served]);
  const wardShapes = useQuery({
    queryKey: ['live', 'ward-shapes', wardCodes.join(',')],
    queryFn: ({ signal }) => api<AreaFeatureCollection>('/areas', { query: { format: 'geojson', level: 'ward', code: wardCodes.join(',') }, signal }),
    enabled: wardCodes.length > 0,
    staleTime: Infinity,
  });
  const datasets = useQuery({ queryKey: ['live', 'datasets'], queryFn: ({ signal }) => fetchDatasets(signal), staleTime: 300_000 });
  const mutedRef = useRef(muted);
  mutedRef.current = muted;

  useEffect(() => {
    if (!mapEl.current) return;
    map.current = new LiveMap(mapEl.current);
    return () => map.current?.remove();
  }, []);

  const onMessage = useCallback((m: LiveMessage) => {
    if (m.type === 'alert') {
      setAlerts((prev) => {
        const rest = prev.filter((a) => a.id !== m.alert.id);
        return m.alert.status === 'resolved' ? rest : [m.alert, ...rest];
      });
      if (m.change === 'opened' || m.change === 'refired' || m.change === 'escalated') {
        setFlash(m.alert.id);
        if (!mutedRef.current) beep();
        setTimeout(() => setFlash((f) => (f === m.alert.id ? null : f)), 4000);
      }
    } else if (m.type === 'incident') {
      void queryClient.invalidateQueries({ queryKey: liveKeys.incidents });
    } else if (m.type === 'readings') {
      setSensors((prev) => prev.map((s) => {
        const r = m.readings.filter((x) => x.sensorId === s.sensorId);
        if (!r.length) return s;
        const latest = [...s.latest];
        for (const x of r) {
          const i = latest.findIndex((l) => l.metric === x.metric);
          if (i >= 0) latest[i] = { metric: x.metric, ts: x.ts, value: x.value };
          else latest.push({ metric: x.metric, ts: x.ts, value: x.value });
        }
        return { ...s, latest, state: sensorState(s, r[r.length - 1]!.value) };
      }));
    }
  }, [queryClient, setAlerts, setSensors]);

  useEffect(() => openLiveStream(onMessage, setConnected), [onMessage]);

  useEffect(() => {
    const pts: MapPoint[] = sensors.filter((s) => s.coordinates).map((s) => ({ id: s.sensorId, lon: s.coordinates![0], lat: s.coordinates![1], state: s.state, label: s.name }));
    const al: MapPoint[] = alerts.filter((a) => a.point).map((a) => ({ id: String(a.id), lon: a.point!.coordinates[0], lat: a.point!.coordinates[1], state: 'alarm', label: a.titleVi }));
    map.current?.update(pts, al);
  }, [sensors, alerts]);

  useEffect(() => {
    const fc = wardShapes.data;
    if (!fc) return;
    map.current?.setWards({
      type: 'FeatureCollection',
      features: fc.features.map((f) => ({ ...f, properties: { code: f.properties.code, label: en ? f.properties.nameEn : f.properties.nameVi } })),
    });
  }, [wardShapes.data, en]);
  // Once sensors, alerts and ward shapes have all come (and been given to the map above).
  const mapDataComplete = sensorsQuery.isSuccess && alertsQuery.isSuccess && (wardShapes.isSuccess || wardCodes.length === 0);
  useEffect(() => {
    if (mapDataComplete) map.current?.markDataComplete();
  }, [mapDataComplete]);
  useEffect(() => {
    for (const k of Object.keys(shown) as OverlayKind[]) map.current?.setVisible(k, shown[k]);
  }, [shown]);
  useEffect(() => {
    map.current?.setOverlay(overlay || null);
  }, [overlay]);

  const cameras = useMemo(() => sensors.filter((s) => s.type === 'camera_status' && s.coordinates), [sensors]);
  const nearCameras = (a: Alert) => {
    if (!a.point) return [];
    const at = a.point.coordinates as [number, number];
    return cameras.map((c) => ({ c, d: metres(at, c.coordinates!) })).filter((x) => x.d <= CAMERA_RADIUS_M).sort((x, y) => x.d - y.d).slice(0, 3);
  };
  const distance = (m: number) => (m < 1000 ? `${formatNumber(m, currentLanguage(), 0)} m` : `${formatNumber(m / 1000, currentLanguage(), 1)} km`);

  const shownAlerts = useMemo(() => {
    const list = alerts.filter((a) => (!sevFilter || a.severity === sevFilter) && (!wardFilter || a.areaCode === wardFilter) && (!statusFilter || a.status === statusFilter));
    const by: Record<AlertSort, (x: Alert, y: Alert) => number> = {
      newest: (x, y) => y.lastFiredAt.localeCompare(x.lastFiredAt),
      oldest: (x, y) => x.openedAt.localeCompare(y.openedAt),
      severity: (x, y) => (SEVERITY_RANK[x.severity] ?? 9) - (SEVERITY_RANK[y.severity] ?? 9) || y.lastFiredAt.localeCompare(x.lastFiredAt),
      ward: (x, y) => (x.areaCode ?? '~').localeCompare(y.areaCode ?? '~') || y.lastFiredAt.localeCompare(x.lastFiredAt),
    };
    // The picked-out alert stays on top.
    return [...list].sort((x, y) => (x.id === focusId ? -1 : y.id === focusId ? 1 : by[sortBy](x, y)));
  }, [alerts, sevFilter, wardFilter, statusFilter, sortBy, focusId]);
  const selectable = shownAlerts.filter((a) => a.status === 'open');
  const chosen = selectable.filter((a) => selected.has(a.id));
  const toggle = (id: number, on: boolean) => setSelected((prev) => {
    const next = new Set(prev);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });

  const toggleMute = () => {
    setMuted((m) => {
      localStorage.setItem('cityops.live.muted', m ? '0' : '1');
      return !m;
    });
  };

  const counts = sensors.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.state]: (acc[s.state] ?? 0) + 1 }), {});

  return (
    <div className="live-page">
      <div className="live-map-wrap">
        <div ref={mapEl} className="live-map" data-testid="live-map" />
        <div className="live-layers" data-testid="live-layers">
          <b>{t('live.layers.title')}</b>
          {(['wards', 'sensors', 'alerts'] as const).map((k) => (
            <label key={k} className="inline"><input type="checkbox" checked={shown[k]} onChange={(e) => setShown((p) => ({ ...p, [k]: e.target.checked }))} data-testid={`layer-${k}`} /> {t(`live.layers.${k}`)}</label>
          ))}
          <select className="ctl" value={overlay} onChange={(e) => setOverlay(e.target.value)} aria-label={t('live.layers.dataset')} data-testid="layer-dataset">
            <option value="">{t('live.layers.noDataset')}</option>
            {(datasets.data ?? []).filter((d) => d.geometryType !== 'none' && d.recordCount > 0).map((d) => <option key={d.id} value={d.id}>{en ? d.titleEn : d.titleVi}</option>)}
          </select>
        </div>
        <div className="live-legend">
          {(['ok', 'warn', 'alarm', 'silent'] as const).map((k) => (
            <span key={k}><i style={{ background: STATE_COLOURS[k] }} />{t(`live.state.${k}`)} {counts[k] ?? 0}</span>
          ))}
        </div>
      </div>
      <aside className="live-panel" data-testid="alert-panel">
        <header>
          <h2>{t('live.alerts')} <span className="live-count" data-testid="alert-count">{alerts.length}</span></h2>
          <span className={connected ? 'live-dot on' : 'live-dot'} data-testid="live-connection" data-connected={connected ? 'true' : 'false'}>
            {connected ? t('live.connected') : t('live.disconnected')}
          </span>
          <button type="button" className="button button--small" onClick={toggleMute} data-testid="live-mute" aria-pressed={muted}>{muted ? t('live.unmute') : t('live.mute')}</button>
        </header>
        {/* The rule and webhook screens (alerts web module) have no top-bar link: they start here. */}
        <nav className="live-admin-links">
          <Link to="/alert-rules" data-testid="live-to-rules">{t('live.rulesLink')}</Link>
          {isAdmin && <Link to="/webhooks" data-testid="live-to-webhooks">{t('live.webhooksLink')}</Link>}
        </nav>
        <div className="live-filters" data-testid="live-filters">
          <select className="ctl" value={sevFilter} onChange={(e) => setSevFilter(e.target.value)} aria-label={t('live.filters.severity')} data-testid="live-filter-severity">
            <option value="">{t('live.panel.allSeverities')}</option>
            {Object.keys(SEVERITY_RANK).map((s) => <option key={s} value={s}>{t(`live.severity.${s}`)}</option>)}
          </select>
          <select className="ctl" value={wardFilter} onChange={(e) => setWardFilter(e.target.value)} aria-label={t('live.filters.ward')} data-testid="live-filter-ward">
            <option value="">{t('live.panel.allWards')}</option>
            {(served ?? []).map((w) => <option key={w.code} value={w.code}>{wardName(w, i18n.language)}</option>)}
          </select>
          <select className="ctl" value={statusFilter} onChange={(e) => setStatusFilter(e.target.value)} aria-label={t('live.filters.status')} data-testid="live-filter-status">
            <option value="">{t('live.panel.allStatuses')}</option>
            <option value="open">{t('live.status.open')}</option>
            <option value="acknowledged">{t('live.status.acknowledged')}</option>
          </select>
          <select className="ctl" value={sortBy} onChange={(e) => setSortBy(e.target.value as AlertSort)} aria-label={t('live.panel.sort')} data-testid="live-sort">
            {(['newest', 'oldest', 'severity', 'ward'] as const).map((k) => <option key={k} value={k}>{t(`live.panel.sortBy.${k}`)}</option>)}
          </select>
        </div>
        <div className="live-bulk">
          <label className={`toggle${chosen.length && chosen.length === selectable.length ? ' is-on' : ''}`}>
            <input type="checkbox" data-testid="live-select-all" disabled={!selectable.length}
              checked={selectable.length > 0 && chosen.length === selectable.length}
              onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((a) => a.id)) : new Set())} />
            {t('live.panel.selectAll', { count: selectable.length })}
          </label>
          <button type="button" className="button button--small button--primary" disabled={!chosen.length} onClick={() => setBulk(true)} data-testid="live-bulk-ack">
            {t('live.panel.ackSelected', { count: chosen.length })}
          </button>
        </div>
        {loadError && <p className="error" role="alert" data-testid="live-error">{errorMessage(t, loadError)}</p>}
        {alerts.length === 0 && !alertsQuery.error && <p className="live-empty">{t('live.noAlerts')}</p>}
        {alerts.length > 0 && shownAlerts.length === 0 && <p className="live-empty">{t('live.panel.noneFiltered')}</p>}
        <ul>
          {shownAlerts.map((a) => (
            <li key={a.id} className={`live-alert sev-${a.severity}${flash === a.id ? ' flash' : ''}${focusId === a.id ? ' focus' : ''}`} aria-current={focusId === a.id ? 'true' : undefined} data-testid={`alert-${a.id}`} data-status={a.status}>
              <div className="live-alert-head">
                {a.status === 'open' && <input type="checkbox" className="live-pick" checked={selected.has(a.id)} onChange={(e) => toggle(a.id, e.target.checked)} aria-label={t('live.panel.select')} data-testid={`alert-pick-${a.id}`} />}
                <span className="sev">{t(`live.severity.${a.severity}`)}</span>
                <span className="status">{t(`live.status.${a.status}`)}</span>
                {a.clearedAt && <span className="cleared">{t('live.cleared')}</span>}
              </div>
              <button type="button" className="title" onClick={() => a.point && map.current?.flyTo(a.point.coordinates[0], a.point.coordinates[1])}>
                {en ? a.titleEn : a.titleVi}
              </button>
              <p>{en ? a.descriptionEn : a.descriptionVi}</p>
              <small>{formatDateTime(a.lastFiredAt, i18n.language)}{areaLabel(a) ? ` · ${areaLabel(a)}` : ''}</small>
              <div className="live-context">
                {a.sensorId && <Link to={pageLink.sensor(a.sensorId)} data-testid={`alert-${a.id}-sensor`}>{t('live.panel.sensorChart', { id: a.sensorId })}</Link>}
                {a.point && (() => {
                  const near = nearCameras(a);
                  return near.length
                    ? <span data-testid={`alert-${a.id}-cameras`}>{t('live.panel.cameras')}: {near.map(({ c, d }, i) => <span key={c.sensorId}>{i ? ', ' : ''}<Link to={pageLink.sensor(c.sensorId)}>{c.name}</Link> ({distance(d)})</span>)}</span>
                    : <span className="muted">{t('live.panel.noCamera', { distance: distance(CAMERA_RADIUS_M) })}</span>;
                })()}
              </div>
              {a.status !== 'resolved' && <div className="actions">
                {a.status === 'open' && <button type="button" className="button button--small" data-testid="alert-ack" onClick={() => setAction({ kind: 'acknowledge', alert: a })}>{t('live.acknowledge')}</button>}
                <button type="button" className="button button--small" data-testid="alert-resolve" onClick={() => setAction({ kind: 'resolve', alert: a })}>{t('live.resolve')}</button>
                {a.incidentId === null
                  ? <button type="button" className="button button--small" data-testid="alert-escalate" onClick={() => setAction({ kind: 'escalate', alert: a })}>{t('live.escalate')}</button>
                  : <button type="button" className="button button--small" onClick={() => navigate(pageLink.incident(a.incidentId!))}>{t('live.openIncident')}</button>}
              </div>}
            </li>
          ))}
        </ul>
      </aside>
      {bulk && (
        <BulkAckDialog
          alerts={chosen}
          onClose={() => setBulk(false)}
          onDone={(ids) => {
            setBulk(false);
            setSelected(new Set());
            const done = new Set(ids);
            setAlerts((prev) => prev.map((x) => (done.has(x.id) ? { ...x, status: 'acknowledged' } : x)));
            void queryClient.invalidateQueries({ queryKey: liveKeys.alerts(PANEL_STATUS) });
          }}
        />
      )}
      {action && (
        <ActionDialog
          action={action}
          onClose={() => setAction(null)}
          onDone={(updated, incidentId) => {
            setAction(null);
            if (updated) setAlerts((prev) => (updated.status === 'resolved' ? prev.filter((x) => x.id !== updated.id) : prev.map((x) => (x.id === updated.id ? updated : x))));
            if (incidentId) navigate(pageLink.incident(incidentId));
          }}
        />
      )}
    </div>
  );
}

/** Acknowledging several alerts asks for confirmation (and one comment for all). */
function BulkAckDialog({ alerts, onClose, onDone }: { alerts: Alert[]; onClose: () => void; onDone: (ids: number[]) => void }) {
  const { t, i18n } = useTranslation();
  const [comment, setComment] = useState('');
  const run = useMutation({ mutationFn: () => acknowledgeAlerts(alerts.map((a) => a.id), comment), onSuccess: (r) => onDone(r.acknowledged) });
  return (
    <div className="live-dialog-backdrop" role="presentation">
      <form className="live-dialog" role="dialog" aria-modal="true" data-testid="bulk-dialog" onSubmit={(e) => { e.preventDefault(); run.mutate(); }}>
        <h3>{t('live.bulk.title', { count: alerts.length })}</h3>
        <ul className="bulk-list">
          {alerts.slice(0, 8).map((a) => <li key={a.id}>{i18n.language === 'en' ? a.titleEn : a.titleVi}</li>)}
          {alerts.length > 8 && <li className="muted">{t('live.bulk.more', { count: alerts.length - 8 })}</li>}
        </ul>
        <label>{t('live.dialog.comment')}
          <textarea className="ctl" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} data-testid="bulk-comment" />
        </label>
        {run.error && <p className="error" role="alert">{errorMessage(t, run.error)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('live.dialog.cancel')}</button>
          <button type="submit" className="button button--primary" disabled={run.isPending || run.isSuccess} data-testid="bulk-submit">{t('live.bulk.confirm', { count: alerts.length })}</button>
        </div>
      </form>
    </div>
  );
}

function typeFor(a: Alert): string {
  switch (a.sensorType) {
    case 'fire_alarm': return 'fire';
    case 'pm25': return 'air_pollution';
    case 'traffic_count': return 'traffic_accident';
    default: return a.category === 'Fire' ? 'fire' : a.category === 'Health' ? 'air_pollution' : 'flooding';
  }
}

function ActionDialog({ action, onClose, onDone }: { action: Action; onClose: () => void; onDone: (a: Alert | null, incidentId?: number) => void }) {
  const { t, i18n } = useTranslation();
  const [comment, setComment] = useState('');
  const [type, setType] = useState(typeFor(action.alert));
  const [unit, setUnit] = useState('');
  const queryClient = useQueryClient();
  const sops = useQuery({ queryKey: liveKeys.sops, queryFn: ({ signal }) => listSops(signal), enabled: action.kind === 'escalate' });
  const types = sops.data?.templates ?? [];
  const units = useQuery({ queryKey: liveKeys.units, queryFn: ({ signal }) => listUnits(signal), enabled: action.kind === 'escalate' });
  const run = useMutation({
    mutationFn: async (): Promise<{ alert: Alert | null; incidentId?: number }> => {
      if (action.kind === 'acknowledge') return { alert: await acknowledgeAlert(action.alert.id, comment) };
      if (action.kind === 'resolve') return { alert: await resolveAlert(action.alert.id, comment) };
      const inc = await createIncident({ alertId: action.alert.id, type, comment, ...(unit ? { assignedUnit: unit } : {}) });
      return { alert: null, incidentId: inc.id };
    },
    onSuccess: ({ alert, incidentId }) => {
      if (incidentId) void queryClient.invalidateQueries({ queryKey: liveKeys.incidents });
      onDone(alert, incidentId);
    },
  });
  // Kept disabled after success too: the dialog is closing.
  const busy = run.isPending || run.isSuccess;
  const failure = run.error ?? sops.error ?? units.error;
  const error = failure ? errorMessage(t, failure) : null;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    run.mutate();
  };

  return (
    <div className="live-dialog-backdrop" role="presentation">
      <form className="live-dialog" role="dialog" aria-modal="true" data-testid="alert-dialog" onSubmit={submit}>
        <h3>{t(`live.dialog.${action.kind}`)}</h3>
        <p className="muted">{i18n.language === 'en' ? action.alert.titleEn : action.alert.titleVi}</p>
        {action.kind === 'escalate' && (
          <>
            <label>{t('live.dialog.type')}
              <select className="ctl" value={type} onChange={(e) => setType(e.target.value)} data-testid="incident-type">
                {types.map((x) => <option key={x.incidentType} value={x.incidentType}>{i18n.language === 'en' ? x.nameEn : x.nameVi}</option>)}
              </select>
            </label>
            <label>{t('live.dialog.unit')}
              <select className="ctl" value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="incident-unit">
                <option value="">{t('live.dialog.noUnit')}</option>
                {units.data?.map((u) => <option key={u.code} value={u.code}>{i18n.language === 'en' ? u.nameEn : u.nameVi}</option>)}
              </select>
            </label>
          </>
        )}
        <label>{t('live.dialog.comment')}
          <textarea className="ctl" value={comment} onChange={(e) => setComment(e.target.value)} rows={3} data-testid="alert-comment" />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>{t('live.dialog.cancel')}</button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="alert-dialog-submit">{t('live.dialog.confirm')}</button>
        </div>
      </form>
    </div>
  );
}
