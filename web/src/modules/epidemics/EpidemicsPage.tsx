// The epidemic page (/epidemics): an outbreak's dashboard (new cases per day, 7-day rate per
// 100,000, positivity, contacts under follow-up, capacity, coverage, ward levels with their
// history), case and contact entry, chains, the map and the contact supervisor's day.
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dashboard, Outbreak } from '../../../../shared/contracts/epidemics.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';
import { epiKeys, fetchDashboard, fetchHistory, fetchLevels, fetchOutbreaks, LEVEL_COLOURS, mondayOf } from './epidemics-api.ts';
import { CasesTab } from './CasesTab.tsx';
import { SupervisorTab } from './SupervisorTab.tsx';
import { GreenTab } from './GreenTab.tsx';
import './epidemics.css';
import { DateField } from '../../app/DateField.tsx';

const EChart = lazy(() => import('../../app/EChart.tsx').then((m) => ({ default: m.EChart })));
const ChainsTab = lazy(() => import('./ChainsTab.tsx').then((m) => ({ default: m.ChainsTab })));
const EpiMap = lazy(() => import('./EpiMap.tsx').then((m) => ({ default: m.EpiMap })));

const TABS = ['overview', 'cases', 'chains', 'map', 'supervisor', 'green'] as const;
type Tab = (typeof TABS)[number];

export function LevelChip({ level }: { level: number | null }) {
  const { t } = useTranslation();
  if (level === null) return <span className="epi-muted">—</span>;
  return <span className={`epi-level epi-level--${level}`} style={{ background: LEVEL_COLOURS[level] }} data-testid={`level-${level}`}>{t(`epidemics.level.l${level}`)}</span>;
}

function Tile({ label, value, testId }: { label: string; value: string; testId: string }) {
  return <div className="epi-tile" data-testid={testId}><div className="epi-tile-value">{value}</div><div className="epi-tile-label">{label}</div></div>;
}

function Overview({ outbreak, day, d, lang, onWard }: { outbreak: Outbreak; day: string; d: Dashboard; lang: Language; onWard: (code: string) => void }) {
  const { t } = useTranslation();
  const adults = d.coverage.filter((c) => ['18-49', '50-64', '65+'].includes(c.ageGroup));
  const adultPop = adults.reduce((a, c) => a + c.population, 0);
  const dose1 = adultPop ? adults.reduce((a, c) => a + c.dose1, 0) / adultPop : 0;
  const full = adultPop ? adults.reduce((a, c) => a + c.fullDose, 0) / adultPop : 0;
  const todayCases = d.daily.find((x) => x.day === day)?.cases ?? 0;
  const option = useMemo(() => ({
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: [t('epidemics.chart.cases'), t('epidemics.chart.deaths')] },
    xAxis: { type: 'category', data: d.daily.map((x) => formatDate(x.day, lang)) },
    yAxis: { type: 'value' },
    series: [
      { name: t('epidemics.chart.cases'), type: 'bar', data: d.daily.map((x) => x.cases), itemStyle: { color: '#f97316' } },
      { name: t('epidemics.chart.deaths'), type: 'line', data: d.daily.map((x) => x.deaths), itemStyle: { color: '#7f1d1d' }, showSymbol: false },
    ],
  }), [d, lang, t]);
  const pct = (x: number) => `${formatNumber(x * 100, lang, 1)} %`;
  return (
    <>
      <div className="epi-tiles">
        <Tile testId="tile-new" label={t('epidemics.kpi.newCases', { day: formatDate(day, lang) })} value={formatNumber(todayCases, lang, 0)} />
        <Tile testId="tile-rate" label={t('epidemics.kpi.rate7d')} value={formatNumber(d.rate7dPer100k, lang, 1)} />
        <Tile testId="tile-positivity" label={t('epidemics.kpi.positivity')} value={d.positivity7d === null ? '—' : pct(d.positivity7d)} />
        <Tile testId="tile-followup" label={t('epidemics.kpi.followUp')} value={`${formatNumber(d.contactsUnderFollowUp, lang, 0)} · ${t('epidemics.kpi.lost', { n: formatNumber(d.lostToFollowUp, lang, 0) })}`} />
        <Tile testId="tile-beds" label={t('epidemics.kpi.beds')} value={d.capacity.beds ? `${formatNumber(d.capacity.bedsUsed, lang, 0)} / ${formatNumber(d.capacity.beds, lang, 0)}` : '—'} />
        <Tile testId="tile-oxygen" label={t('epidemics.kpi.oxygen')} value={d.capacity.oxygen ? `${formatNumber(d.capacity.oxygenAvailable, lang, 0)} / ${formatNumber(d.capacity.oxygen, lang, 0)}` : '—'} />
        <Tile testId="tile-coverage" label={t('epidemics.kpi.coverage')} value={`${pct(dose1)} · ${pct(full)}`} />
      </div>
      <section className="epi-card">
        <h2>{t('epidemics.chart.title', { name: lang === 'en' ? outbreak.nameEn : outbreak.nameVi })}</h2>
        <Suspense fallback={<div className="epi-chart" />}><EChart option={option} className="epi-chart" testId="epi-daily-chart" /></Suspense>
      </section>
      <section className="epi-card">
        <h2>{t('epidemics.wards.title')}</h2>
        <table className="epi-table" data-testid="epi-wards">
          <thead><tr><th>{t('epidemics.wards.ward')}</th><th className="num">{t('epidemics.wards.cases7d')}</th><th className="num">{t('epidemics.wards.rate')}</th><th>{t('epidemics.wards.level')}</th></tr></thead>
          <tbody>
            {d.wards.map((w) => (
              <tr key={w.wardCode} className="epi-click" onClick={() => onWard(w.wardCode)} data-testid={`ward-row-${w.wardCode}`}>
                <td>{lang === 'en' ? w.wardNameEn : w.wardName}</td><td className="num">{formatNumber(w.cases7d, lang, 0)}</td><td className="num">{formatNumber(w.rate7dPer100k, lang, 1)}</td><td><LevelChip level={w.level} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="epi-muted">{t('epidemics.wards.hint')}</p>
      </section>
    </>
  );
}

function LevelsPanel({ week, ward, lang, onWard }: { week: string; ward: string | null; lang: Language; onWard: (c: string) => void }) {
  const { t } = useTranslation();
  const [rule, setRule] = useState('');
  const lv = useQuery({ queryKey: epiKeys.levels(week, rule), queryFn: ({ signal }) => fetchLevels(week, rule, signal) });
  const hist = useQuery({ queryKey: epiKeys.history(ward ?? ''), queryFn: ({ signal }) => fetchHistory(ward!, signal), enabled: !!ward });
  return (
    <section className="epi-card" data-testid="epi-levels">
      <div className="epi-head">
        <h2>{t('epidemics.levels.title', { week: formatDate(week, lang) })}</h2>
        <label>{t('epidemics.levels.rule')}{' '}
          <select className="ctl" value={rule} onChange={(e) => setRule(e.target.value)} data-testid="epi-rule">
            <option value="">{t('epidemics.levels.inForce')}</option>
            <option value="4800">{t('epidemics.levels.r4800')}</option>
            <option value="218">{t('epidemics.levels.r218')}</option>
          </select>
        </label>
      </div>
      {lv.error && <p className="epi-error">{errorMessage(t, lv.error)}</p>}
      <table className="epi-table">
        <thead><tr><th>{t('epidemics.wards.ward')}</th><th>{t('epidemics.wards.level')}</th><th className="num">{t('epidemics.levels.incidence')}</th><th className="num">{t('epidemics.levels.casesWeek')}</th><th className="num">{t('epidemics.levels.dose1')}</th><th className="num">{t('epidemics.levels.full')}</th><th className="num">{t('epidemics.levels.beds')}</th><th>{t('epidemics.levels.applied')}</th></tr></thead>
        <tbody>
          {(lv.data?.levels ?? []).map((l) => (
            <tr key={l.wardCode} className="epi-click" onClick={() => onWard(l.wardCode)} data-testid={`levels-row-${l.wardCode}`}>
              <td>{lang === 'en' ? l.wardNameEn : l.wardName}</td><td><LevelChip level={l.level} /></td>
              <td className="num" data-testid={`incidence-${l.wardCode}`}>{formatNumber(l.figures.incidence, lang, 2)}</td>
              <td className="num">{formatNumber(l.figures.casesWeek, lang, 0)} · {formatNumber(l.figures.casesPrevWeek, lang, 0)}</td>
              <td className="num">{l.figures.adultsDose1Share === null ? '—' : `${formatNumber(l.figures.adultsDose1Share * 100, lang, 1)} %`}</td>
              <td className="num">{l.figures.adultsFullShare === null ? '—' : `${formatNumber(l.figures.adultsFullShare * 100, lang, 1)} %`}</td>
              <td className="num">{l.figures.bedOccupancy === null ? '—' : `${formatNumber(l.figures.bedOccupancy * 100, lang, 1)} %`}</td>
              <td>{l.applied.length ? l.applied.map((a) => t(`epidemics.metric.${a.metric}`)).join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {ward && hist.data && (
        <div className="epi-history" data-testid="epi-history">
          <h3>{t('epidemics.levels.history', { ward: (lang === 'en' ? hist.data[0]?.wardNameEn : hist.data[0]?.wardName) ?? ward })}</h3>
          <div className="epi-strip">
            {hist.data.map((h) => <span key={h.weekStart} title={`${formatDate(h.weekStart, lang)} · ${t(`epidemics.level.l${h.level}`)} · ${t('epidemics.levels.rule')} ${h.ruleCode}`} style={{ background: LEVEL_COLOURS[h.level] }} />)}
          </div>
          <p className="epi-muted">{hist.data.length ? `${formatDate(hist.data[0]!.weekStart, lang)} – ${formatDate(hist.data.at(-1)!.weekStart, lang)}` : ''}</p>
        </div>
      )}
    </section>
  );
}

export function EpidemicsPage() {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en' ? 'en' : 'vi') as Language;
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'overview';
  const outbreaks = useQuery({ queryKey: epiKeys.outbreaks, queryFn: ({ signal }) => fetchOutbreaks(signal) });
  const list = outbreaks.data ?? [];
  const outbreak = list.find((o) => String(o.id) === params.get('outbreak')) ?? list.find((o) => o.disease === 'covid-19') ?? list[0];
  const day = params.get('day') ?? outbreak?.endsOn ?? new Date().toISOString().slice(0, 10);
  const [ward, setWard] = useState<string | null>(null);
  const set = (k: string, v: string) => setParams((p) => { const n = new URLSearchParams(p); n.set(k, v); return n; }, { replace: true });
  const dash = useQuery({ queryKey: epiKeys.dashboard(outbreak?.id ?? 0, day), queryFn: ({ signal }) => fetchDashboard(outbreak!.id, day, signal), enabled: !!outbreak && tab === 'overview' });
  return (
    <div className="epi-page" data-testid="epidemics-page">
      <div className="epi-head">
        <h1>{t('epidemics.title')}</h1>
        <select className="ctl" value={outbreak?.id ?? ''} onChange={(e) => set('outbreak', e.target.value)} data-testid="epi-outbreak" aria-label={t('epidemics.outbreak')}>
          {list.map((o) => <option key={o.id} value={o.id}>{lang === 'en' ? o.nameEn : o.nameVi}</option>)}
        </select>
        <label>{t('epidemics.day')} <DateField value={day} onChange={(d) => d && set('day', d)} testId="epi-day" /></label>
      </div>
      <nav className="epi-tabs" role="tablist">
        {TABS.map((k) => <button key={k} role="tab" aria-selected={tab === k} className={tab === k ? 'on' : ''} onClick={() => set('tab', k)} data-testid={`epi-tab-${k}`}>{t(`epidemics.tab.${k}`)}</button>)}
      </nav>
      {outbreaks.error && <p className="epi-error">{errorMessage(t, outbreaks.error)}</p>}
      {outbreak && tab === 'overview' && (
        <>
          {dash.error && <p className="epi-error">{errorMessage(t, dash.error)}</p>}
          {dash.data && <Overview outbreak={outbreak} day={day} d={dash.data} lang={lang} onWard={setWard} />}
          {outbreak.disease === 'covid-19' && <LevelsPanel week={mondayOf(day)} ward={ward} lang={lang} onWard={setWard} />}
        </>
      )}
      {outbreak && tab === 'cases' && <CasesTab outbreak={outbreak} day={day} lang={lang} />}
      {outbreak && tab === 'chains' && <Suspense fallback={null}><ChainsTab outbreak={outbreak} day={day} lang={lang} /></Suspense>}
      {outbreak && tab === 'map' && <Suspense fallback={null}><EpiMap outbreak={outbreak} day={day} lang={lang} /></Suspense>}
      {outbreak && tab === 'supervisor' && <SupervisorTab outbreak={outbreak} day={day} lang={lang} />}
      {tab === 'green' && <GreenTab day={day} lang={lang} />}
    </div>
  );
}
