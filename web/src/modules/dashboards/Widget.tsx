// One dashboard widget: a KPI tile, a chart (time series with alert periods shaded, bar, pie),
// a table or a choropleth map of a KPI, or the open alerts / latest feedback lists. Every
// figure opens the drill-down of the records behind it; KPI widgets export PNG, CSV, XLSX.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardWidget, KpiDetail } from '../../../../shared/contracts/kpis.ts';
import { errorMessage } from '../../app/errors.ts';
import { dashboardKeys, exportUrl, getKpi, listAlerts, listFeedback, type KpiDetailOrError, type KpiFilters } from './dashboards-api.ts';
import type { EChartHandle, EChartsOption } from '../../app/EChart.tsx';
import type { ChoroplethHandle } from './ChoroplethMap.tsx';
import { changeIsGood, changePct, formatTime, formatValue, STATUS_COLOURS, title } from './format.ts';
import { unitLabel } from '../../i18n/units.ts';
import { useWardNameOf } from '../../app/wards.ts';

// ECharts (~0.5 MB) and the MapLibre map load after the first paint: tiles and titles do not wait for them.
const EChart = lazy(() => import('../../app/EChart.tsx').then((m) => ({ default: m.EChart })));
const ChoroplethMap = lazy(() => import('./ChoroplethMap.tsx').then((m) => ({ default: m.ChoroplethMap })));

export interface DrillRequest {
  kpiId: string;
  area?: string | undefined;
}

export interface WidgetProps {
  widget: DashboardWidget;
  filters: KpiFilters;
  dark?: boolean;
  onDrill?: (r: DrillRequest) => void;
  /** Controls shown in the header (edit mode). */
  controls?: ReactNode;
  /**
   * The KPI's detail fetched by the page for all widgets at once: absent = the widget fetches
   * it itself; null = the page's request is on its way.
   */
  preloaded?: KpiDetailOrError | null | undefined;
}

/** The widget's KPI: the page's batched answer when it has one, else the widget's own query (refetched live by the KPI stream). */
function useKpi(id: string | undefined, filters: KpiFilters, preloaded: KpiDetailOrError | null | undefined): { detail: KpiDetail | null; error: string | null } {
  const { t } = useTranslation();
  const external = preloaded !== undefined;
  const own = useQuery({
    queryKey: dashboardKeys.kpi(id ?? '', filters),
    queryFn: ({ signal }) => getKpi(id!, filters, signal),
    enabled: !!id && !external,
    placeholderData: keepPreviousData,
  });
  if (!external) return { detail: own.data ?? null, error: own.error ? errorMessage(t, own.error) : null };
  // The batch carries the server's own (English) text for a KPI that failed: shown as the generic error.
  if (preloaded && 'error' in preloaded) return { detail: null, error: errorMessage(t, null) };
  return { detail: preloaded ?? null, error: null };
}

function download(dataUrl: string, name: string) {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = name;
  a.click();
}

export function Widget({ widget, filters, dark, onDrill, controls, preloaded }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { detail, error } = useKpi(widget.kpiId, filters, preloaded);
  const chartRef = useRef<EChartHandle>(null);
  const mapRef = useRef<ChoroplethHandle>(null);
  const def = detail?.definition;
  const heading = widget.titleVi ? title({ titleVi: widget.titleVi, titleEn: widget.titleEn ?? widget.titleVi }, lang)
    : def ? title(def, lang) : t(`dashboards.kind.${widget.kind}`);

  const [help, setHelp] = useState(false);
  const [full, setFull] = useState(false);
  useEffect(() => {
    if (!full) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setFull(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [full]);
  const definition = def ? (lang === 'en' ? def.descriptionEn : def.descriptionVi) : undefined;

  const exportPng = () => {
    const url = widget.kind === 'map' ? mapRef.current?.toPng() : chartRef.current?.toPng(dark ? '#0b1220' : '#ffffff');
    if (url) download(url, `${widget.kpiId ?? widget.id}.png`);
  };

  let body: ReactNode;
  if (error) body = <p className="widget__error" role="alert">{error}</p>;
  else if (widget.kind === 'alerts') body = <AlertList />;
  else if (widget.kind === 'feedback') body = <FeedbackList />;
  else if (!detail) body = <p className="widget__loading">{t('app.loading')}</p>;
  else if (widget.kind === 'kpi') body = <KpiTileBody detail={detail} compare={!!filters.compare} onDrill={onDrill} />;
  else if ((widget.kind === 'map' || widget.kind === 'table') && detail.byArea.length === 0) body = <p className="widget__empty" data-testid={`widget-empty-${widget.id}`}>{t('dashboards.emptyKpi')}</p>;
  else if (widget.kind === 'timeseries' && detail.trend.length === 0) body = <p className="widget__empty" data-testid={`widget-empty-${widget.id}`}>{t('dashboards.emptyKpi')}</p>;
  else if (widget.kind === 'map') {
    body = <ChoroplethMap ref={mapRef} byArea={detail.byArea} scheme={detail.scheme} lang={lang} dark={dark} testId={`map-${widget.id}`}
      onArea={(code) => onDrill?.({ kpiId: detail.id, area: code })} />;
  } else if (widget.kind === 'table') body = <AreaTable detail={detail} onDrill={onDrill} />;
  else body = <ChartBody ref={chartRef} detail={detail} kind={widget.kind} dark={dark} compare={!!filters.compare} onDrill={onDrill} />;

  const exportable = !!widget.kpiId && ['timeseries', 'bar', 'pie', 'map', 'kpi', 'table'].includes(widget.kind);
  return (
    <section
      className={`widget widget--${widget.kind}${full ? ' widget--full' : ''}`}
      style={{ gridColumn: `span ${widget.w}`, gridRow: `span ${widget.h}` }}
      role={full ? 'dialog' : undefined}
      aria-modal={full ? true : undefined}
      aria-label={full ? heading : undefined}
      data-testid={`widget-${widget.id}`}
      data-kpi={widget.kpiId}
    >
      <header className="widget__head">
        <h3 className="widget__title" title={heading}>{heading}</h3>
        {!controls && (
          <span className="widget__tools widget__tools--always no-print">
            {widget.kpiId && (
              <button type="button" aria-expanded={help} onClick={() => setHelp((h) => !h)} data-testid={`help-${widget.id}`} title={t('dashboards.helpTitle')} aria-label={t('dashboards.helpTitle')}>
                ?
              </button>
            )}
            {widget.kind !== 'kpi' && (
              <button type="button" onClick={() => setFull((f) => !f)} data-testid={`fullscreen-${widget.id}`} aria-pressed={full} title={full ? t('dashboards.exitFullscreen') : t('dashboards.fullscreen')} aria-label={full ? t('dashboards.exitFullscreen') : t('dashboards.fullscreen')}>
                {full ? '✕' : '⤢'}
              </button>
            )}
          </span>
        )}
        {exportable && !controls && (
          <span className="widget__tools no-print">
            {['timeseries', 'bar', 'pie', 'map'].includes(widget.kind) && (
              <button type="button" onClick={exportPng} data-testid={`export-png-${widget.id}`}>{t('dashboards.export.png')}</button>
            )}
            <a href={exportUrl(widget.kpiId!, filters, 'csv')} data-testid={`export-csv-${widget.id}`}>{t('dashboards.export.csv')}</a>
            <a href={exportUrl(widget.kpiId!, filters, 'xlsx')} data-testid={`export-xlsx-${widget.id}`}>{t('dashboards.export.xlsx')}</a>
          </span>
        )}
        {controls}
      </header>
      {help && (
        <div className="widget__help" role="note" data-testid={`help-text-${widget.id}`}>
          <strong>{heading}</strong>
          <p>{definition || t('dashboards.noHelp')}</p>
        </div>
      )}
      <div className="widget__body"><Suspense fallback={<p className="widget__loading">{t('app.loading')}</p>}>{body}</Suspense></div>
      {detail && widget.kind !== 'kpi' && (
        <footer className="widget__foot">{t('dashboards.asOf', { time: formatTime(detail.asOf, lang) })}</footer>
      )}
    </section>
  );
}

function KpiTileBody({ detail, compare, onDrill }: { detail: KpiDetail; compare: boolean; onDrill?: ((r: DrillRequest) => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const def = detail.definition;
  const pct = compare ? changePct(detail.value, detail.previous?.value) : null;
  const spark = useMemo<EChartsOption | null>(() => detail.trend.length > 1 ? {
    grid: { left: 0, right: 0, top: 2, bottom: 0 },
    xAxis: { type: 'category', show: false, data: detail.trend.map((p) => p.t) },
    yAxis: { type: 'value', show: false, min: 'dataMin' },
    series: [{ type: 'line', data: detail.trend.map((p) => p.value), showSymbol: false, lineStyle: { width: 2, color: STATUS_COLOURS[detail.status] === STATUS_COLOURS.none ? '#2563eb' : STATUS_COLOURS[detail.status] }, areaStyle: { opacity: 0.12 } }],
    animation: false,
  } : null, [detail]);
  return (
    <button type="button" className="kpi-tile" onClick={() => onDrill?.({ kpiId: detail.id })} data-testid={`kpi-tile-${detail.id}`}
      style={{ borderLeftColor: STATUS_COLOURS[detail.status] }}>
      <span className="kpi-tile__value" data-testid={`kpi-value-${detail.id}`} data-value={detail.value ?? ''} data-count={detail.count}>
        {formatValue(detail.value, lang)}
        <span className="kpi-tile__unit">{unitLabel(def.unit, i18n.language)}</span>
      </span>
      <span className="kpi-tile__meta">
        {detail.status !== 'none' && <span className="kpi-status" style={{ background: STATUS_COLOURS[detail.status] }}>{t(`dashboards.status.${detail.status}`)}</span>}
        {def.target !== null && def.target !== undefined && <span>{t('dashboards.target')}: {formatValue(def.target, lang)}</span>}
        {pct !== null && (
          <span className={changeIsGood(def, pct) ? 'kpi-change kpi-change--good' : 'kpi-change kpi-change--bad'}>
            {pct > 0 ? '▲' : pct < 0 ? '▼' : '■'} {Math.abs(pct)}% {t('dashboards.previous').toLowerCase()}
          </span>
        )}
        {detail.period.from && <span>{detail.period.from} → {detail.period.to}</span>}
      </span>
      {spark && <Suspense fallback={<span className="kpi-tile__spark" />}><EChart option={spark} className="kpi-tile__spark" /></Suspense>}
      <span className="kpi-tile__asof">{t('dashboards.asOf', { time: formatTime(detail.asOf, lang) })}</span>
    </button>
  );
}

const ChartBody = function ChartBody({ detail, kind, dark, compare, onDrill, ref }: {
  detail: KpiDetail; kind: string; dark?: boolean | undefined; compare: boolean; onDrill?: ((r: DrillRequest) => void) | undefined; ref: React.Ref<EChartHandle>;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const first = detail.trend[0]?.t;
  // Alert periods over the chart's span, shaded on it. Decoration only: when they cannot be
  // read (no alerts module, no right to see them) the chart is drawn without shading.
  const alertsQuery = { from: `${first}T00:00:00Z`, limit: 200 };
  const shading = useQuery({
    queryKey: dashboardKeys.alerts(alertsQuery),
    queryFn: ({ signal }) => listAlerts(alertsQuery, signal),
    enabled: kind === 'timeseries' && !!first,
    placeholderData: keepPreviousData,
  });
  const alerts = useMemo(() => (shading.isError ? [] : shading.data?.alerts ?? []), [shading.isError, shading.data]);

  const option = useMemo<EChartsOption>(() => {
    const text = dark ? '#e2e8f0' : '#334155';
    // On the wall, text scales with the screen (readable from five metres on 1080p and 4K).
    const fontSize = dark ? Math.max(14, Math.round(window.innerWidth / 105)) : 12;
    const base = { animation: false, textStyle: { color: text, fontSize }, tooltip: { trigger: kind === 'pie' ? 'item' : 'axis' } };
    if (kind === 'timeseries') {
      const markArea = alerts.length ? {
        silent: true, itemStyle: { color: 'rgba(220, 38, 38, 0.14)' },
        data: alerts.map((a) => [{ xAxis: a.openedAt, name: lang === 'en' ? a.titleEn : a.titleVi }, { xAxis: a.resolvedAt ?? new Date().toISOString() }]),
      } : undefined;
      const target = detail.definition.target;
      return {
        ...base,
        grid: { left: 48, right: 16, top: 16, bottom: 28 },
        xAxis: { type: 'time', axisLabel: { color: text, fontSize } },
        yAxis: { type: 'value', axisLabel: { color: text, fontSize }, splitLine: { lineStyle: { color: dark ? '#1e293b' : '#e2e8f0' } } },
        series: [{
          type: 'line', name: title(detail.definition, lang), data: detail.trend.map((p) => [p.t, p.value]), smooth: true, showSymbol: detail.trend.length < 40,
          lineStyle: { width: dark ? Math.max(3, Math.round(window.innerWidth / 500)) : 2 }, areaStyle: { opacity: 0.1 },
          ...(markArea ? { markArea } : {}),
          ...(target !== null && target !== undefined ? { markLine: { silent: true, symbol: 'none', data: [{ yAxis: target }], lineStyle: { color: '#16a34a', type: 'dashed' } } } : {}),
        }],
      };
    }
    const rows = detail.byCategory.length ? detail.byCategory.map((c) => ({ name: (lang === 'en' ? c.labelEn : c.labelVi) ?? c.category, value: c.count, code: undefined as string | undefined }))
      : detail.byArea.map((a) => ({ name: a.nameVi.replace(/^Phường\s+/, ''), value: a.value, code: a.code }));
    if (kind === 'pie') {
      // On the wall the slice labels name the categories; the scrolling legend only got cut off at the panel's foot.
      return { ...base, legend: { show: !dark, type: 'scroll', bottom: 0, textStyle: { color: text, fontSize } }, series: [{ type: 'pie', radius: ['35%', '68%'], center: ['50%', '45%'], data: rows, label: { color: text, fontSize, formatter: '{b}: {d}%' } }] };
    }
    return {
      ...base,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { color: text, fontSize }, splitLine: { lineStyle: { color: dark ? '#1e293b' : '#e2e8f0' } } },
      yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { color: text, fontSize, width: dark ? Math.round(window.innerWidth / 12) : 160, overflow: 'break', lineHeight: Math.round(fontSize * 1.15) }, inverse: true },
      series: [{ type: 'bar', data: rows.map((r) => r.value), itemStyle: { color: '#2563eb', borderRadius: [0, 4, 4, 0] }, label: { show: true, position: 'right', color: text, fontSize } }],
    };
  }, [detail, kind, dark, alerts, lang]);
  void compare;
  void onDrill;
  return <EChart ref={ref} option={option} dark={dark} testId={`chart-${detail.id}-${kind}`} />;
};

function AreaTable({ detail, onDrill }: { detail: KpiDetail; onDrill?: ((r: DrillRequest) => void) | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="widget-table">
      <thead><tr><th>{t('dashboards.table.area')}</th><th>{t('dashboards.table.value')}</th><th>{t('dashboards.table.count')}</th></tr></thead>
      <tbody>
        {detail.byArea.map((a) => (
          <tr key={a.areaId} onClick={() => onDrill?.({ kpiId: detail.id, area: a.code })} data-testid={`area-row-${detail.id}-${a.code}`}>
            <td>{a.nameVi}</td><td>{formatValue(a.value, i18n.language)} {unitLabel(detail.definition.unit, i18n.language)}</td><td>{formatValue(a.count, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SEVERITY_COLOURS: Record<string, string> = { Extreme: '#7f1d1d', Severe: '#dc2626', Moderate: '#d97706', Minor: '#2563eb' };

export function AlertList({ limit = 8 }: { limit?: number }) {
  const { t, i18n } = useTranslation();
  const wardNameOf = useWardNameOf(i18n.language);
  const query = { status: 'open,acknowledged', limit };
  const list = useQuery({ queryKey: dashboardKeys.alerts(query), queryFn: ({ signal }) => listAlerts(query, signal) });
  const alerts = list.data?.alerts ?? null;
  if (list.isError && !alerts) return <p className="widget__loading">{t('dashboards.unavailable')}</p>;
  if (!alerts) return <p className="widget__loading">{t('app.loading')}</p>;
  if (!alerts.length) return <p className="widget__empty">{t('dashboards.alerts.none')}</p>;
  return (
    <ul className="alert-list" data-testid="alert-list">
      {alerts.map((a) => (
        <li key={a.id} style={{ borderLeftColor: SEVERITY_COLOURS[a.severity] ?? '#64748b' }}>
          <strong>{i18n.language === 'en' ? a.titleEn : a.titleVi}</strong>
          <span>{a.place ?? wardNameOf(a.areaCode)} · {formatTime(a.openedAt, i18n.language)} · {t(`live.status.${a.status}`, { defaultValue: a.status })}</span>
        </li>
      ))}
    </ul>
  );
}

export function FeedbackList({ limit = 8 }: { limit?: number }) {
  const { t, i18n } = useTranslation();
  const list = useQuery({ queryKey: dashboardKeys.feedback(limit), queryFn: ({ signal }) => listFeedback(limit, signal) });
  const items = list.data?.reports ?? null;
  if (list.isError && !items) return <p className="widget__loading">{t('dashboards.unavailable')}</p>;
  if (!items) return <p className="widget__loading">{t('app.loading')}</p>;
  if (!items.length) return <p className="widget__empty">{t('dashboards.feedback.none')}</p>;
  return (
    <ul className="feedback-list" data-testid="feedback-list">
      {items.map((f) => (
        <li key={f.id}>
          <strong>{f.trackingCode}</strong> {f.overdue && <span className="kpi-status" style={{ background: STATUS_COLOURS.red }}>{t('dashboards.feedback.overdue')}</span>}
          <span className="feedback-list__text">{f.description}</span>
          <span>{f.wardName ?? ''} · {formatTime(f.createdAt, i18n.language)} · {t(`feedback.status.${f.status}`, { defaultValue: f.status })}</span>
        </li>
      ))}
    </ul>
  );
}
