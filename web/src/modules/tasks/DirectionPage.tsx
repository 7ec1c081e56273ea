// The leaders' direction dashboard (/direction): tasks due, completion rate = done ÷ (done +
// open overdue), on-time rate = done on time ÷ tasks due, tasks by unit and bucket, the
// monthly trend, units ranked and the overdue list with days late — each figure links to its
// tasks. The same figures are KPIs of the catalogue (wall, phone, exports).
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EChart, type EChartsOption } from '../../app/EChart.tsx';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import { TASK_BUCKETS, type TaskBucket, type TaskBucketCounts } from '../../../../shared/contracts/tasks.ts';
import { fetchStats, tasksKeys } from './tasks-api.ts';
import { dateText, pct, taskError, unitName } from './common.tsx';
import './tasks.css';
import { DateField } from '../../app/DateField.tsx';

const KEY: Record<TaskBucket, keyof TaskBucketCounts> = { 'done-on-time': 'doneOnTime', 'done-late': 'doneLate', 'open-in-time': 'openInTime', 'open-overdue': 'openOverdue', standing: 'standing' };
const COLOURS: Record<TaskBucket, string> = { 'done-on-time': '#15803d', 'done-late': '#ca8a04', 'open-in-time': '#2563eb', 'open-overdue': '#dc2626', standing: '#6b7280' };

export function DirectionPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const locale = localeOf(lang);
  const [range, setRange] = useState({ from: '', to: '' });
  const query = { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
  const stats = useQuery({ queryKey: tasksKeys.stats(query), queryFn: ({ signal }) => fetchStats(query, signal) });
  const s = stats.data;
  const link = (q: Record<string, string>) => `/tasks?${new URLSearchParams(q).toString()}`;

  const byUnit = useMemo<EChartsOption | null>(() => !s ? null : {
    animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value' }, yAxis: { type: 'category', data: s.byUnit.map((u) => unitName(u.unit, lang)), inverse: true },
    series: TASK_BUCKETS.map((b) => ({ name: t(`tasks.bucket.${b}`), type: 'bar', stack: 'all', itemStyle: { color: COLOURS[b] }, data: s.byUnit.map((u) => u.buckets[KEY[b]]) })),
  }, [s, lang, t]);
  const trend = useMemo<EChartsOption | null>(() => !s ? null : {
    animation: false, tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toLocaleString(locale)} %` : '—') }, legend: { top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: s.monthly.map((m) => new Date(`${m.month}-15T00:00:00Z`).toLocaleDateString(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' })) }, yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      { name: t('tasks.dash.completion'), type: 'line', data: s.monthly.map((m) => m.completionRate), itemStyle: { color: '#15803d' } },
      { name: t('tasks.dash.onTime'), type: 'line', data: s.monthly.map((m) => m.onTimeRate), itemStyle: { color: '#2563eb' } },
    ],
  }, [s, locale, t]);

  return (
    <div className="tasks-page direction-page" data-testid="direction-page">
      <div className="tasks-head">
        <h1>{t('tasks.dash.title')}</h1>
        <label>{t('tasks.dash.from')} <DateField value={range.from} onChange={(from) => setRange({ ...range, from })} /></label>
        <label>{t('tasks.dash.to')} <DateField value={range.to} onChange={(to) => setRange({ ...range, to })} /></label>
      </div>
      {stats.error && <p className="tasks-error" role="alert">{taskError(t, stats.error)}</p>}
      {s && (
        <>
          <div className="direction-tiles">
            <div className="direction-tile" data-testid="dash-completion"><span>{t('tasks.dash.completion')}</span><strong>{pct(s.completionRate, lang)}</strong><small>{t('tasks.dash.completionHint')}</small></div>
            <div className="direction-tile" data-testid="dash-on-time"><span>{t('tasks.dash.onTime')}</span><strong>{pct(s.onTimeRate, lang)}</strong><small>{t('tasks.dash.onTimeHint')}</small></div>
            <div className="direction-tile"><span>{t('tasks.dash.due')}</span><strong data-testid="dash-due">{s.due.toLocaleString(locale)}</strong></div>
            {TASK_BUCKETS.map((b) => (
              <Link key={b} className={`direction-tile direction-tile--${b}`} to={link({ bucket: b, ...query })} data-testid={`dash-bucket-${b}`}>
                <span>{t(`tasks.bucket.${b}`)}</span><strong>{s.buckets[KEY[b]].toLocaleString(locale)}</strong>
              </Link>
            ))}
          </div>
          <div className="direction-grid">
            <section className="tasks-card"><h2>{t('tasks.dash.byUnit')}</h2>{byUnit && <EChart option={byUnit} className="direction-chart" testId="dash-by-unit" />}</section>
            <section className="tasks-card"><h2>{t('tasks.dash.trend')}</h2>{trend && <EChart option={trend} className="direction-chart" testId="dash-trend" />}</section>
            <section className="tasks-card">
              <h2>{t('tasks.dash.ranking')}</h2>
              <table className="tasks-table" data-testid="dash-ranking">
                <thead><tr><th className="num">{t('tasks.dash.rank')}</th><th>{t('tasks.dash.unit')}</th><th className="num">{t('tasks.dash.due')}</th><th className="num">{t('tasks.dash.completion')}</th><th className="num">{t('tasks.dash.onTime')}</th></tr></thead>
                <tbody>{s.byUnit.map((u) => (
                  <tr key={u.unit.id}><td className="num">{u.rank}</td><td><Link to={link({ unit: u.unit.code, ...query })}>{unitName(u.unit, lang)}</Link></td><td className="num">{u.due}</td><td className="num">{pct(u.completionRate, lang)}</td><td className="num">{pct(u.onTimeRate, lang)}</td></tr>
                ))}</tbody>
              </table>
            </section>
            <section className="tasks-card">
              <h2>{t('tasks.dash.overdue')} ({s.buckets.openOverdue.toLocaleString(locale)})</h2>
              <table className="tasks-table" data-testid="dash-overdue">
                <thead><tr><th>{t('tasks.col.title')}</th><th>{t('tasks.col.lead')}</th><th>{t('tasks.col.due')}</th><th className="num">{t('tasks.dash.daysLate')}</th></tr></thead>
                <tbody>{s.overdue.slice(0, 30).map((o) => (
                  <tr key={o.id}><td><Link to={`/tasks/${o.id}`}>{o.title}</Link></td><td>{unitName(o.unit, lang)}</td><td>{dateText(o.dueAt, lang)}</td><td className="num tasks-late">{o.daysLate.toLocaleString(locale)}</td></tr>
                ))}</tbody>
              </table>
            </section>
          </div>
        </>
      )}
    </div>
  );
}
