// /dashboards and /dashboards/:id: the district overview and one dashboard per domain, with
// filters (area in 2025 units or former wards, period, comparison with the previous period),
// drill-down from every figure, exports, print to PDF, and arranging widgets (admins).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Dashboard, DashboardWidget, WidgetKind } from '../../../../shared/contracts/kpis.ts';
import { WIDGET_KINDS } from '../../../../shared/contracts/kpis.ts';
import { api } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { dashboardKeys, getKpiDetails, listDashboards, listKpis, saveDashboard, type KpiFilters } from './dashboards-api.ts';
import { DrillPanel } from './DrillPanel.tsx';
import { title } from './format.ts';
import { Widget, type DrillRequest } from './Widget.tsx';
import { PERIOD_PRESETS, presetOf, presetRange, type PeriodPreset } from './period-presets.ts';
import { todayInHcmc } from '../../i18n/format.ts';
import './dashboards.css';
import { DateField } from '../../app/DateField.tsx';

interface AreaOption {
  code: string;
  nameVi: string;
  level: string;
}

function useFilters(): [KpiFilters, (f: KpiFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters: KpiFilters = {
    area: params.get('area') ?? undefined,
    scheme: params.get('scheme') === 'vn2008' ? 'vn2008' : 'vn2025',
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    compare: params.get('compare') === '1',
  };
  const set = (f: KpiFilters) => {
    const p = new URLSearchParams();
    if (f.area) p.set('area', f.area);
    if (f.scheme === 'vn2008') p.set('scheme', 'vn2008');
    if (f.from) p.set('from', f.from);
    if (f.to) p.set('to', f.to);
    if (f.compare) p.set('compare', '1');
    setParams(p, { replace: true });
  };
  return [filters, set];
}

const NO_AREAS: AreaOption[] = [];

/** Districts then wards of the scheme, for the area filter; a failure is reported through `error`. */
function useAreas(scheme: 'vn2025' | 'vn2008', ready: boolean): { areas: AreaOption[]; error: Error | null } {
  const date = scheme === 'vn2008' ? '2025-06-30' : undefined;
  // Only once the figures are in: the area list must not delay the first paint.
  const districts = useQuery({
    queryKey: [...dashboardKeys.areas(scheme), 'district'],
    queryFn: ({ signal }) => api<{ areas: AreaOption[] }>('/areas', { query: { level: 'district', date }, signal }),
    enabled: ready,
  });
  const wards = useQuery({
    queryKey: [...dashboardKeys.areas(scheme), 'ward'],
    queryFn: async ({ signal }) => (await api<{ areas: AreaOption[] }>('/areas', { query: { level: 'ward', date }, signal })).areas.sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi')),
    enabled: ready,
  });
  // The wards are listed even when the districts could not be read (the error is still shown).
  const areas = useMemo(() => (wards.data ? [...(districts.data?.areas ?? []), ...wards.data] : NO_AREAS), [districts.data, wards.data]);
  return { areas, error: wards.error ?? districts.error };
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { id = 'overview' } = useParams();
  const navigate = useNavigate();
  const { user } = useAuth();
  const [filters, setFilters] = useFilters();
  const queryClient = useQueryClient();
  const dashboardsQuery = useQuery({ queryKey: dashboardKeys.list, queryFn: ({ signal }) => listDashboards(signal) });
  const dashboards = dashboardsQuery.data ?? null;
  const [editing, setEditing] = useState<DashboardWidget[] | null>(null);
  // The KPI list for adding widgets, asked for when arranging starts.
  const kpisQuery = useQuery({ queryKey: dashboardKeys.kpis({}), queryFn: ({ signal }) => listKpis({}, undefined, signal), enabled: editing !== null });
  const kpis = kpisQuery.data ?? [];
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [newKind, setNewKind] = useState<WidgetKind>('kpi');
  const [newKpi, setNewKpi] = useState('');
  const isAdmin = user?.role === 'admin';


  const dashboard = dashboards?.find((d) => d.id === id);
  useEffect(() => {
    if (dashboards && !dashboard) navigate('/dashboards/overview', { replace: true });
  }, [dashboards, dashboard, navigate]);
  useEffect(() => {
    if (dashboard) document.title = `${title(dashboard, lang)} · cityops`;
  }, [dashboard, lang]);

  const widgets = editing ?? dashboard?.widgets ?? [];
  // Every KPI of the dashboard in one request, asked by dashboard id at the same time as the
  // dashboards themselves: the tiles paint one round trip after the page's code arrives, not
  // after one request per widget queued behind the browser's six connections.
  const batchQuery = useQuery({
    queryKey: dashboardKeys.details(id, filters),
    queryFn: async ({ signal }) => new Map((await getKpiDetails({ dashboard: id }, filters, signal)).map((d) => [d.id, d])),
  });
  // When the batch failed, each widget asks for its own KPI.
  const batch = batchQuery.isPending ? null : { map: batchQuery.data ?? null };
  const preloadedOf = (kpiId: string | undefined) => {
    if (!kpiId) return undefined;
    if (!batch) return null;
    // A KPI added while arranging is not in the batch: that widget asks for itself.
    return batch.map?.get(kpiId);
  };
  const { areas, error: areasError } = useAreas(filters.scheme ?? 'vn2025', batch !== null);
  // An officer's figures are limited by the server to their wards (`scopedTo`): name them in the title.
  const scopedTo = useMemo(() => {
    for (const d of batchQuery.data?.values() ?? []) if ('scopedTo' in d && d.scopedTo?.length) return { codes: d.scopedTo, areaName: d.area?.nameVi };
    return null;
  }, [batchQuery.data]);
  const scope = scopedTo ? (scopedTo.areaName ?? scopedTo.codes.join(', ')) : null;
  // An officer may filter by their own wards only (any other answers 403); the former wards'
  // lineage is checked by the server, so that scheme keeps its full list.
  const areaOptions = useMemo(
    () => (scopedTo && (filters.scheme ?? 'vn2025') === 'vn2025' ? areas.filter((a) => scopedTo.codes.includes(a.code)) : areas),
    [areas, scopedTo, filters.scheme],
  );

  const drillFilters = useMemo<KpiFilters>(() => ({ ...filters, area: drill?.area ?? filters.area }), [filters, drill]);

  const change = (i: number, f: (w: DashboardWidget) => DashboardWidget | null) => {
    if (!editing) return;
    const next = [...editing];
    const w = f(next[i]!);
    if (w) next[i] = w;
    else next.splice(i, 1);
    setEditing(next);
  };
  const move = (i: number, d: -1 | 1) => {
    if (!editing || i + d < 0 || i + d >= editing.length) return;
    const next = [...editing];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    setEditing(next);
  };
  const saveMutation = useMutation({
    mutationFn: (d: Dashboard) => saveDashboard(d),
    onSuccess: (saved) => {
      queryClient.setQueryData<Dashboard[]>(dashboardKeys.list, (ds) => ds?.map((d) => (d.id === saved.id ? saved : d)));
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.details(saved.id, filters) });
      setEditing(null);
      setMessage(t('dashboards.saved'));
    },
    onError: (e) => setMessage(errorMessage(t, e)),
  });
  const save = () => {
    if (!dashboard || !editing) return;
    setMessage(null);
    saveMutation.mutate({ ...dashboard, widgets: editing });
  };
  const loadError = dashboardsQuery.error ?? kpisQuery.error ?? areasError;

  return (
    <div className="dash-page">
      <nav className="dash-tabs no-print" aria-label={t('dashboards.list')}>
        {/* The wall's pages and the phone's KPIs are dashboards too (opened here by their address to arrange them), not tabs. */}
        {dashboards?.filter((d) => !d.screen || d.id === id).map((d) => (
          <NavLink key={d.id} to={`/dashboards/${d.id}${window.location.search}`} className={({ isActive }) => `dash-tab${isActive || (d.id === 'overview' && id === 'overview') ? ' is-active' : ''}`} data-testid={`dash-tab-${d.id}`}>
            {title(d, lang)}
          </NavLink>
        ))}
      </nav>
      <div className="dash-main">
        <div className="dash-filters no-print" data-testid="dash-filters">
          <label>{t('dashboards.scheme')}
            <select value={filters.scheme} onChange={(e) => setFilters({ ...filters, scheme: e.target.value as 'vn2025' | 'vn2008', area: undefined })} data-testid="filter-scheme">
              <option value="vn2025">{t('dashboards.vn2025')}</option>
              <option value="vn2008">{t('dashboards.vn2008')}</option>
            </select>
          </label>
          <label>{t('dashboards.area')}
            <select value={filters.area ?? ''} onChange={(e) => setFilters({ ...filters, area: e.target.value || undefined })} data-testid="filter-area">
              <option value="">{t('dashboards.allAreas')}</option>
              {areaOptions.map((a) => <option key={`${a.level}-${a.code}`} value={a.code}>{a.nameVi}</option>)}
            </select>
          </label>
          <label>{t('dashboards.preset')}
            <select value={presetOf(filters.from, filters.to, todayInHcmc()) ?? ''} data-testid="filter-preset"
              onChange={(e) => setFilters(e.target.value ? { ...filters, ...presetRange(e.target.value as PeriodPreset, todayInHcmc()) } : { ...filters, from: undefined, to: undefined })}>
              <option value="">{filters.from || filters.to ? t('dashboards.presets.custom') : t('dashboards.presets.default')}</option>
              {PERIOD_PRESETS.map((p) => <option key={p} value={p}>{t(`dashboards.presets.${p}`)}</option>)}
            </select>
          </label>
          <label>{t('dashboards.from')}<DateField value={filters.from ?? ''} onChange={(from) => setFilters({ ...filters, from: from || undefined })} testId="filter-from" /></label>
          <label>{t('dashboards.to')}<DateField value={filters.to ?? ''} onChange={(to) => setFilters({ ...filters, to: to || undefined })} testId="filter-to" /></label>
          <label className="dash-filters__check"><input type="checkbox" checked={!!filters.compare} onChange={(e) => setFilters({ ...filters, compare: e.target.checked })} data-testid="filter-compare" />{t('dashboards.compare')}</label>
          <span className="dash-filters__spacer" />
          <button type="button" onClick={() => window.print()} data-testid="print">{t('dashboards.export.pdf')}</button>
          {isAdmin && !editing && <button type="button" onClick={() => setEditing(dashboard?.widgets ?? [])} data-testid="edit">{t('dashboards.edit')}</button>}
          {editing && <>
            <button type="button" className="primary" onClick={save} disabled={saveMutation.isPending} data-testid="save">{t('dashboards.save')}</button>
            <button type="button" onClick={() => setEditing(null)}>{t('dashboards.cancel')}</button>
          </>}
          {message && <span className="dash-message" role="status">{message}</span>}
          {loadError && <span className="dash-message" role="alert" data-testid="dash-error">{errorMessage(t, loadError)}</span>}
        </div>
        {editing && (
          <div className="dash-add no-print">
            <span>{t('dashboards.addWidget')}:</span>
            <select value={newKind} onChange={(e) => setNewKind(e.target.value as WidgetKind)} data-testid="add-kind">
              {WIDGET_KINDS.map((k) => <option key={k} value={k}>{t(`dashboards.kind.${k}`)}</option>)}
            </select>
            {!['alerts', 'feedback'].includes(newKind) && (
              <select value={newKpi} onChange={(e) => setNewKpi(e.target.value)} data-testid="add-kpi">
                <option value="">—</option>
                {kpis.filter((k) => k.available).map((k) => <option key={k.definition.id} value={k.definition.id}>{title(k.definition, lang)}</option>)}
              </select>
            )}
            <button type="button" data-testid="add" disabled={!['alerts', 'feedback'].includes(newKind) && !newKpi} onClick={() => setEditing([...editing, {
              id: `${newKind}-${Date.now().toString(36)}`, kind: newKind, ...(['alerts', 'feedback'].includes(newKind) ? {} : { kpiId: newKpi }),
              w: newKind === 'kpi' ? 2 : 4, h: newKind === 'kpi' ? 1 : 2,
            }])}>{t('dashboards.add')}</button>
          </div>
        )}
        {dashboard && <h1 className="dash-title">{title(dashboard, lang)}{filters.area ? ` · ${areas.find((a) => a.code === filters.area)?.nameVi ?? filters.area}` : scope ? <span data-testid="dash-scope">{` · ${scope}`}</span> : ''}</h1>}
        <div className="dash-grid" data-testid="dash-grid" data-dashboard={dashboard?.id}>
          {widgets.map((w, i) => (
            <Widget key={w.id} widget={w} filters={filters} onDrill={setDrill} preloaded={preloadedOf(w.kpiId)}
              controls={editing ? (
                <span className="widget__edit">
                  <button type="button" title={t('dashboards.moveUp')} onClick={() => move(i, -1)} data-testid={`up-${w.id}`}>↑</button>
                  <button type="button" title={t('dashboards.moveDown')} onClick={() => move(i, 1)} data-testid={`down-${w.id}`}>↓</button>
                  <button type="button" title={t('dashboards.narrower')} onClick={() => change(i, (x) => ({ ...x, w: Math.max(1, x.w - 1) }))}>−W</button>
                  <button type="button" title={t('dashboards.wider')} onClick={() => change(i, (x) => ({ ...x, w: Math.min(12, x.w + 1) }))} data-testid={`wider-${w.id}`}>+W</button>
                  <button type="button" title={t('dashboards.shorter')} onClick={() => change(i, (x) => ({ ...x, h: Math.max(1, x.h - 1) }))}>−H</button>
                  <button type="button" title={t('dashboards.taller')} onClick={() => change(i, (x) => ({ ...x, h: Math.min(6, x.h + 1) }))}>+H</button>
                  <button type="button" title={t('dashboards.remove')} onClick={() => change(i, () => null)} data-testid={`remove-${w.id}`}>✕</button>
                </span>
              ) : undefined}
            />
          ))}
        </div>
      </div>
      {drill && <DrillPanel kpiId={drill.kpiId} filters={drillFilters} onClose={() => setDrill(null)} />}
    </div>
  );
}
