// Leader view (/feedback/stats): received, on-time %, overdue, average resolution time and
// satisfaction by category, unit (ranked by citizens' ratings), ward or month.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { feedbackKeys, fetchStats } from './feedback-api.ts';
import './feedback.css';
import { DateField } from '../../app/DateField.tsx';
import { localeOf, currentLanguage } from '../../i18n/index.ts';

const DIMENSIONS = ['category', 'unit', 'ward', 'month'] as const;

export function StatsPage() {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<(typeof DIMENSIONS)[number]>('unit');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const stats = useQuery({ queryKey: feedbackKeys.stats(by, from, to), queryFn: ({ signal }) => fetchStats(by, from || undefined, to || undefined, signal), placeholderData: keepPreviousData });
  const data = stats.data ?? null;
  const tot = data?.total;
  const fmt = (v: number | null, suffix = '') => (v === null ? '—' : `${v.toLocaleString(localeOf(currentLanguage(i18n.language)))}${suffix}`);
  return (
    <div className="fb-staff" data-testid="feedback-stats">
      <p><Link to="/feedback">← {t('feedback.staff.inbox')}</Link></p>
      <h1>{t('feedback.stats.title')}</h1>
      {stats.error && <div className="fb-error" role="alert" data-testid="stats-error">{errorMessage(t, stats.error)}</div>}
      {tot && (
        <div className="fb-kpis" data-testid="stats-kpis">
          <div><b>{fmt(tot.received)}</b><span>{t('feedback.stats.received')}</span></div>
          <div><b>{fmt(tot.onTimePct, '%')}</b><span>{t('feedback.stats.onTime')}</span></div>
          <div><b>{fmt(tot.overdue)}</b><span>{t('feedback.stats.overdue')}</span></div>
          <div><b>{fmt(tot.avgResolutionHours === null ? null : Math.round(tot.avgResolutionHours))}</b><span>{t('feedback.stats.avgHours')}</span></div>
          <div><b>{tot.avgRating === null ? '—' : `${tot.avgRating.toFixed(2)} ★`}</b><span>{t('feedback.stats.rating')}</span></div>
        </div>
      )}
      <div className="fb-filters">
        <div className="segmented">{DIMENSIONS.map((d) => <button key={d} type="button" aria-pressed={by === d} className={by === d ? 'active' : ''} onClick={() => setBy(d)} data-testid={`stats-by-${d}`}>{t(`feedback.stats.by.${d}`)}</button>)}</div>
        <label>{t('feedback.stats.from')} <DateField value={from} onChange={setFrom} /></label>
        <label>{t('feedback.stats.to')} <DateField value={to} onChange={setTo} /></label>
      </div>
      {by === 'unit' && <p className="fb-muted">{t('feedback.stats.ranking')}</p>}
      <table className="fb-table" data-testid="stats-table">
        <thead><tr>{by === 'unit' && <th>#</th>}<th>{t(`feedback.stats.by.${by}`)}</th><th>{t('feedback.stats.received')}</th><th>{t('feedback.stats.resolved')}</th><th>{t('feedback.stats.onTime')}</th><th>{t('feedback.stats.overdue')}</th><th>{t('feedback.stats.avgHours')}</th><th>{t('feedback.stats.rating')}</th></tr></thead>
        <tbody>
          {data?.rows.map((r, i) => (
            <tr key={r.key}>
              {by === 'unit' && <td>{i + 1}</td>}
              <td>{r.key === '-' ? t('feedback.stats.unassigned') : r.label || r.key}</td><td className="num">{fmt(r.received)}</td><td className="num">{fmt(r.resolved)}</td>
              <td className="num">{fmt(r.onTimePct, '%')}</td><td className="num">{fmt(r.overdue)}</td>
              <td className="num">{fmt(r.avgResolutionHours)}</td><td className="num">{r.avgRating === null ? '—' : `${r.avgRating.toFixed(2)} ★ (${r.ratings})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
