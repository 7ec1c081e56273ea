// /wall: the operations centre's wall screen. Dark, dense, sized with viewport units so that
// 1920×1080 and 3840×2160 both fill the screen without scrolling; pages rotate on a timer
// (?rotate=seconds, 0 = stay; ?page=n to start on a page); values arrive live over SSE; the
// clock and each panel's data freshness are always visible.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { DashboardWidget, KpiDefinition, KpiValue } from '../../../../shared/contracts/kpis.ts';
import { dashboardKeys, listKpis, type KpiFilters } from './dashboards-api.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatTime, formatValue, STATUS_COLOURS, title } from './format.ts';
import { useKpiStream } from './useKpiStream.ts';
import { AlertList, FeedbackList, Widget } from './Widget.tsx';
import './dashboards.css';
import './wall.css';

interface WallPanel {
  id: string;
  kind: 'tiles' | 'widget' | 'alerts' | 'feedback';
  kpis?: string[];
  widget?: DashboardWidget;
  col: string;
  row: string;
  titleVi?: string;
  titleEn?: string;
}

/** The pages of the wall: a 6 × 4 grid each; every panel states where it sits. */
const PAGES: { titleVi: string; titleEn: string; panels: WallPanel[] }[] = [
  {
    titleVi: 'Toàn cảnh địa bàn', titleEn: 'District overview',
    panels: [
      { id: 'tiles', kind: 'tiles', kpis: ['household-businesses', 'enterprises', 'food-service-licensed', 'security-cameras', 'alerts-open', 'feedback-open'], col: '1 / 7', row: '1 / 2' },
      { id: 'map', kind: 'widget', widget: { id: 'wall-map', kind: 'map', kpiId: 'household-businesses', w: 1, h: 1 }, col: '1 / 3', row: '2 / 5' },
      { id: 'trend', kind: 'widget', widget: { id: 'wall-trend', kind: 'timeseries', kpiId: 'new-enterprises', w: 1, h: 1 }, col: '3 / 5', row: '2 / 4' },
      { id: 'bar', kind: 'widget', widget: { id: 'wall-bar', kind: 'bar', kpiId: 'schools', w: 1, h: 1 }, col: '3 / 5', row: '4 / 5' },
      { id: 'alerts', kind: 'alerts', col: '5 / 7', row: '2 / 5', titleVi: 'Cảnh báo đang mở', titleEn: 'Open alerts' },
    ],
  },
  {
    titleVi: 'Vận hành trực tuyến và phản ánh', titleEn: 'Live operations and feedback',
    panels: [
      { id: 'tiles', kind: 'tiles', kpis: ['sensors-reporting', 'alerts-open-severe', 'incidents-open', 'feedback-received', 'feedback-overdue', 'feedback-on-time'], col: '1 / 7', row: '1 / 2' },
      { id: 'fb-trend', kind: 'widget', widget: { id: 'wall-fb-trend', kind: 'timeseries', kpiId: 'feedback-received', w: 1, h: 1 }, col: '1 / 4', row: '2 / 4' },
      { id: 'alerts-trend', kind: 'widget', widget: { id: 'wall-al-trend', kind: 'timeseries', kpiId: 'alerts-raised', w: 1, h: 1 }, col: '1 / 4', row: '4 / 5' },
      { id: 'feedback', kind: 'feedback', col: '4 / 7', row: '2 / 5', titleVi: 'Phản ánh mới', titleEn: 'Latest feedback' },
    ],
  },
  {
    titleVi: 'Kinh tế, y tế, giáo dục', titleEn: 'Economy, health, education',
    panels: [
      { id: 'tiles', kind: 'tiles', kpis: ['enterprises-active-share', 'cameras-online', 'fire-hydrants-working', 'pharmacies', 'schools', 'public-service-points'], col: '1 / 7', row: '1 / 2' },
      { id: 'pie', kind: 'widget', widget: { id: 'wall-pie', kind: 'pie', kpiId: 'enterprises', w: 1, h: 1 }, col: '1 / 3', row: '2 / 5' },
      { id: 'bar-hb', kind: 'widget', widget: { id: 'wall-bar-hb', kind: 'bar', kpiId: 'household-businesses', w: 1, h: 1 }, col: '3 / 5', row: '2 / 5' },
      { id: 'map-food', kind: 'widget', widget: { id: 'wall-map-food', kind: 'map', kpiId: 'food-service-licensed', w: 1, h: 1 }, col: '5 / 7', row: '2 / 5' },
    ],
  },
];

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
  const [page, setPage] = useState(() => Math.min(PAGES.length - 1, Math.max(0, Number(params.get('page') ?? 1) - 1)));
  const now = useClock();
  const allIds = useMemo(() => [...new Set(PAGES.flatMap((p) => p.panels.flatMap((x) => x.kpis ?? [])))], []);
  const stream = useKpiStream(allIds);

  useEffect(() => {
    document.documentElement.classList.add('wall-mode');
    document.title = `${t('dashboards.wall.title')} · cityops`;
    return () => document.documentElement.classList.remove('wall-mode');
  }, [t]);
  const kpiList = useQuery({ queryKey: dashboardKeys.kpis(WALL_FILTERS), queryFn: ({ signal }) => listKpis(WALL_FILTERS, undefined, signal) });
  const defs = useMemo(() => new Map<string, KpiDefinition>((kpiList.data ?? []).map((k) => [k.definition.id, k.definition])), [kpiList.data]);
  useEffect(() => {
    if (!rotate) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % PAGES.length), rotate * 1000);
    return () => clearInterval(timer);
  }, [rotate]);

  const current = PAGES[page]!;
  return (
    <div className="wall" data-testid="wall" data-page={page + 1}>
      <header className="wall__head">
        <span className="wall__brand">cityops</span>
        <h1 className="wall__title">{title(current, lang)}</h1>
        {kpiList.error && <span className="wall__error" role="alert" data-testid="wall-error">{errorMessage(t, kpiList.error)}</span>}
        <span className="wall__page" data-testid="wall-page">{t('dashboards.wall.page', { n: page + 1, total: PAGES.length })}</span>
        <span className={`wall__live ${stream.connected ? 'is-live' : 'is-off'}`} data-testid="wall-live">
          ● {stream.connected ? t('dashboards.wall.live') : t('dashboards.wall.offline')} {stream.receivedAt ? formatTime(stream.receivedAt, lang).split(' ').pop() : ''}
        </span>
        <time className="wall__clock" data-testid="wall-clock">
          {now.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit' })}
          <small>{now.toLocaleDateString(lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' })}</small>
        </time>
      </header>
      <main className="wall__grid">
        {current.panels.map((p) => (
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
        {value ? formatValue(value.value, lang) : value === undefined ? '…' : t('dashboards.noValue')}
        <small>{def.unit}</small>
      </span>
      <span className="wall-tile__fresh">
        {def.target !== null && def.target !== undefined && <>{t('dashboards.target')} {formatValue(def.target, lang)} · </>}
        {value ? formatTime(value.asOf, lang) : ''}
      </span>
    </div>
  );
}
