// /m: the leader's phone. Key KPIs and open alerts, light enough for a slow connection,
// installable (web manifest + service worker). Offline, the service worker serves the last
// answers; they are shown marked as stale with the time they were fetched. The key KPIs are
// those of the dashboard made for the phone (`screen: 'phone'`, GET /api/dashboards).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext.tsx';
import type { Dashboard, KpiListItem } from '../../../../shared/contracts/kpis.ts';
import { ApiError, apiUrl } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { dashboardKeys, type AlertItem } from './dashboards-api.ts';
import { formatTime, formatValue, STATUS_COLOURS, title } from './format.ts';
import './phone.css';
import { unitLabel } from '../../i18n/units.ts';
import { useWardNameOf } from '../../app/wards.ts';

const REFRESH_MS = 30_000;

interface Answer<T> {
  data: T;
  /** When the server produced it (ISO). */
  at: string;
  stale: boolean;
}

/** GET through the service worker; `stale` when the answer came from its cache. */
async function fetchAnswer<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new ApiError(response.status, 'http', `${response.status}`);
  const stale = response.headers.get('x-cityops-cache') === 'stale';
  const at = (stale && response.headers.get('x-cityops-stored-at')) || new Date().toISOString();
  return { data: (await response.json()) as T, at, stale };
}

function useInstallable() {
  useEffect(() => {
    // The manifest and theme are the phone view's own: added while it is shown.
    const link = document.createElement('link');
    link.rel = 'manifest';
    link.href = '/manifest.webmanifest';
    document.head.appendChild(link);
    const apple = document.createElement('link');
    apple.rel = 'apple-touch-icon';
    apple.href = '/icons/cityops-192.png';
    document.head.appendChild(apple);
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/sw.js', { scope: '/m' }).catch((e: unknown) => console.warn('service worker not registered', e));
    }
    return () => {
      link.remove();
      apple.remove();
    };
  }, []);
}

export function PhonePage() {
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const wardNameOf = useWardNameOf(lang);
  const [offline, setOffline] = useState(() => !navigator.onLine);
  useInstallable();

  // The key KPIs, in the order of the phone's dashboard (kept by the service worker like the values).
  const dashboardQuery = useQuery({
    queryKey: [...dashboardKeys.all, 'phone', 'dashboard'],
    queryFn: ({ signal }) => fetchAnswer<{ dashboards: Dashboard[] }>('/dashboards', {}, signal),
  });
  const keyKpis = useMemo(
    () => dashboardQuery.data?.data.dashboards.find((d) => d.screen === 'phone')?.widgets.flatMap((w) => (w.kind === 'kpi' && w.kpiId ? [w.kpiId] : [])) ?? null,
    [dashboardQuery.data],
  );
  // Polled every REFRESH_MS; a failed poll keeps the last answer, shown as stale.
  const kpisQuery = useQuery({
    queryKey: [...dashboardKeys.all, 'phone', 'kpis', keyKpis],
    queryFn: ({ signal }) => fetchAnswer<{ kpis: KpiListItem[] }>('/kpis', { ids: (keyKpis ?? []).join(',') }, signal),
    enabled: !!keyKpis?.length,
    refetchInterval: REFRESH_MS,
  });
  const alertsQuery = useQuery({
    queryKey: [...dashboardKeys.all, 'phone', 'alerts'],
    queryFn: ({ signal }) => fetchAnswer<{ total: number; alerts: AlertItem[] }>('/alerts', { status: 'open,acknowledged', limit: '20' }, signal),
    refetchInterval: REFRESH_MS,
  });
  const kpis = kpisQuery.data ?? null;
  const alerts = alertsQuery.data ?? null;
  const { refetch: refetchKpis } = kpisQuery;
  const { refetch: refetchDashboard } = dashboardQuery;
  const { refetch: refetchAlerts } = alertsQuery;

  useEffect(() => {
    document.title = `${t('dashboards.phone.title')} · cityops`;
  }, [t]);
  useEffect(() => {
    const on = () => {
      setOffline(false);
      void refetchDashboard();
      void refetchKpis();
      void refetchAlerts();
    };
    const off = () => setOffline(true);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, [refetchDashboard, refetchKpis, refetchAlerts]);

  const stale = offline || kpisQuery.isError || !!kpis?.stale;
  const order = keyKpis ?? [];
  const items = kpis?.data.kpis.filter((k) => k.available).sort((a, b) => order.indexOf(a.definition.id) - order.indexOf(b.definition.id)) ?? [];
  return (
    <div className={`phone${stale ? ' is-stale' : ''}`} data-testid="phone" data-stale={stale}>
      <header className="phone__head">
        {/* A way back to the full screens, and out (issue 20: the phone view had neither). */}
        <Link to="/dashboards" className="phone__back" aria-label={t('dashboards.phone.back')} title={t('dashboards.phone.back')} data-testid="phone-back">←</Link>
        <strong>cityops</strong>
        <span>{t('dashboards.phone.title')}</span>
        <button type="button" onClick={() => void i18n.changeLanguage(lang === 'en' ? 'vi' : 'en')}>{lang === 'en' ? 'VI' : 'EN'}</button>
        <button type="button" onClick={() => void logout().then(() => navigate('/login', { replace: true }))} data-testid="phone-logout">{t('dashboards.phone.logout')}</button>
      </header>
      <p className={`phone__fresh${stale ? ' phone__fresh--stale' : ''}`} data-testid="phone-freshness" role="status">
        {kpis ? t(stale ? 'dashboards.phone.stale' : 'dashboards.phone.fresh', { time: formatTime(kpis.at, lang) }) : t('app.loading')}
      </p>
      <h2 className="phone__section">{t('dashboards.phone.keyKpis')}</h2>
      {dashboardQuery.isError && !dashboardQuery.data && <p className="phone__fresh phone__fresh--stale" role="alert" data-testid="phone-error">{errorMessage(t, dashboardQuery.error)}</p>}
      <div className="phone__tiles">
        {items.map((k) => (
          <Link key={k.definition.id} to={`/dashboards/${k.definition.domain}`} className="phone-tile" style={{ borderLeftColor: STATUS_COLOURS[k.current?.status ?? 'none'] }} data-testid={`phone-kpi-${k.definition.id}`}>
            <span className="phone-tile__title">{title(k.definition, lang)}</span>
            <span className="phone-tile__value">{formatValue(k.current?.value, lang)} <small>{unitLabel(k.definition.unit, lang)}</small></span>
          </Link>
        ))}
      </div>
      <h2 className="phone__section">{t('dashboards.phone.openAlerts')} {alerts ? `(${alerts.data.total})` : ''}</h2>
      {alertsQuery.isError && !alerts && <p className="phone__fresh phone__fresh--stale" role="alert">{errorMessage(t, alertsQuery.error)}</p>}
      <ul className="phone__alerts" data-testid="phone-alerts">
        {alerts?.data.alerts.map((a) => (
          <li key={a.id} className={`sev-${a.severity}`}>
            <strong>{lang === 'en' ? a.titleEn : a.titleVi}</strong>
            <span>{a.place ?? wardNameOf(a.areaCode)} · {formatTime(a.openedAt, lang)}</span>
          </li>
        ))}
        {alerts && !alerts.data.alerts.length && <li>{t('dashboards.alerts.none')}</li>}
      </ul>
    </div>
  );
}
