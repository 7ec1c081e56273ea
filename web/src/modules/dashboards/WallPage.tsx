// /wall: the operations centre's wall screen. Dark, dense, sized with viewport units so that
// 1920×1080 and 3840×2160 both fill the screen without scrolling; pages rotate on a timer
// (?rotate=seconds, 0 = stay; ?page=n to start on a page); values arrive live over SSE; the
// clock and each panel's data freshness are always visible. The pages are the dashboards made
// for the wall (`screen: 'wall'`, GET /api/dashboards), laid out by wall-layout.ts.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { KpiDefinition, KpiValue } from '../../../../shared/contracts/kpis.ts';
import { dashboardKeys, listDashboards, listKpis, type KpiFilters } from './dashboards-api.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatTime, formatValue, STATUS_COLOURS, title } from './format.ts';
import { useKpiStream } from './useKpiStream.ts';
import { AlertList, FeedbackList, Widget } from './Widget.tsx';
import { wallPages, type WallPage as WallPageData } from './wall-layout.ts';
import './dashboards.css';
import './wall.css';
import { unitLabel } from '../../i18n/units.ts';
import { localeOf, currentLanguage } from '../../i18n/index.ts';

/** The wall shows the whole district (a constant, so its queries keep one key). */
const WALL_FILTERS: KpiFilters = {};

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function WallPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params] = useSearchParams();
  const rotate = Math.max(0, Number(params.get('rotate') ?? 45) || 0);
  const dashboards = useQuery({ queryKey: dashboardKeys.list, queryFn: ({ signal }) => listDashboards(signal) });
  const pages = useMemo<WallPageData[]>(() => wallPages(dashboards.data ?? []), [dashboards.data]);
  const [wanted, setPage] = useState(() => Math.max(0, Number(params.get('page') ?? 1) - 1));
  const page = Math.max(0, Math.min(pages.length - 1, wanted));
  const now = useClock();
  const allIds = useMemo(() => [...new Set(pages.flatMap((p) => p.panels.flatMap((x) => x.kpis ?? [])))], [pages]);
  const stream = useKpiStream(allIds);

  useEffect(() => {
    document.documentElement.classList.add('wall-mode');
    document.title = `${t('dashboards.wall.title')} · cityops`;
    return () => document.documentElement.classList.remove('wall-mode');
  }, [t]);
  const kpiList = useQuery({ queryKey: dashboardKeys.kpis(WALL_FILTERS), queryFn: ({ signal }) => listKpis(WALL_FILTERS, undefined, signal) });
  const defs = useMemo(() => new Map<string, KpiDefinition>((kpiList.data ?? []).map((k) => [k.definition.id, k.definition])), [kpiList.data]);
  const pageCount = pages.length;
  useEffect(() => {
    if (!rotate || pageCount < 2) return;
    const timer = setInterval(() => setPage((p) => (Math.min(p, pageCount - 1) + 1) % pageCount), rotate * 1000);
    return () => clearInterval(timer);
  }, [rotate, pageCount]);

  const current = pages[page];
  const error = dashboards.error ?? kpiList.error;
  return (
    <div className="wall" data-testid="wall" data-page={page + 1}>
      <header className="wall__head">
        <span className="wall__brand">cityops</span>
        <h1 className="wall__title">{current ? title(current, lang) : t('app.loading')}</h1>
        {error && <span className="wall__error" role="alert" data-testid="wall-error">{errorMessage(t, error)}</span>}
        {current && <span className="wall__page" data-testid="wall-page">{t('dashboards.wall.page', { n: page + 1, total: pageCount })}</span>}
        <span className={`wall__live ${stream.connected ? 'is-live' : 'is-off'}`} data-testid="wall-live">
          ● {stream.connected ? t('dashboards.wall.live') : t('dashboards.wall.offline')} {stream.receivedAt ? formatTime(stream.receivedAt, lang).split(' ').pop() : ''}
        </span>
        <time className="wall__clock" data-testid="wall-clock">
          {now.toLocaleTimeString(localeOf(currentLanguage(lang)), { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit' })}
          <small>{now.toLocaleDateString(localeOf(currentLanguage(lang)), { timeZone: 'Asia/Ho_Chi_Minh', weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' })}</small>
        </time>
      </header>
      <main className="wall__grid">
        {current?.panels.map((p) => (
          <section key={`${page}-${p.id}`} className={`wall-panel wall-panel--${p.kind}`} style={{ gridColumn: p.col, gridRow: p.row }} data-testid={`wall-panel-${p.id}`}>
            {p.kind === 'tiles' && (
              <div className="wall-tiles">
                {p.kpis!.map((id) => <WallTile key={id} def={defs.get(id)} value={stream.values.get(id)} lang={lang} />)}
              </div>
            )}
            {p.kind === 'widget' && <Widget widget={p.widget!} filters={WALL_FILTERS} dark />}
            {(p.kind === 'alerts' || p.kind === 'feedback') && (
              <>
                <h3 className="wall-panel__title">{title({ titleVi: p.titleVi!, titleEn: p.titleEn! }, lang)}</h3>
                <div className="wall-panel__list">{p.kind === 'alerts' ? <AlertList limit={10} /> : <FeedbackList limit={10} />}</div>
                <footer className="wall-panel__fresh">{t('dashboards.asOf', { time: formatTime(stream.receivedAt, lang) })}</footer>
              </>
            )}
          </section>
        ))}
      </main>
    </div>
  );
}

function WallTile({ def, value, lang }: { def: KpiDefinition | undefined; value: KpiValue | undefined; lang: string }) {
  const { t } = useTranslation();
  if (!def) return <div className="wall-tile" />;
  const status = value?.status ?? 'none';
  return (
    <div className="wall-tile" style={{ borderTopColor: STATUS_COLOURS[status] }} data-testid={`wall-tile-${def.id}`}>
      <span className="wall-tile__title">{title(def, lang)}</span>
      <span className="wall-tile__value" data-testid={`wall-value-${def.id}`} data-value={value?.value ?? ''} data-ready={value !== undefined}>
        <span className="wall-tile__number">{value ? formatValue(value.value, lang) : value === undefined ? '…' : t('dashboards.noValue')}</span>
        <small>{unitLabel(def.unit, lang)}</small>
      </span>
      <span className="wall-tile__fresh">
        {def.target !== null && def.target !== undefined && <>{t('dashboards.target')} {formatValue(def.target, lang)} · </>}
        {value ? formatTime(value.asOf, lang) : ''}
      </span>
    </div>
  );
}
