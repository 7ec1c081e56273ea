// Public monthly scorecards of the wards (/thu-tuc/bang-diem): the 766 total, grade and the
// main rates, no personal data.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { fetchScorecards, formatNum, indicatorKey, lastMonth, localName, procKeys } from './procedures-api.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { localeOf, currentLanguage } from '../../i18n/index.ts';

const SHOWN = ['2.1', '3.3', '4.2', '5.4'];

export function PublicScorecardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [period, setPeriod] = useState(lastMonth());
  // The last 24 full months, newest first.
  const months = Array.from({ length: 24 }, (_, i) => {
    const [y, m] = lastMonth().split('-').map(Number) as [number, number];
    return new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7);
  });
  const q = useQuery({ queryKey: procKeys.scorecards(period), queryFn: ({ signal }) => fetchScorecards(period, signal), placeholderData: keepPreviousData, enabled: /^\d{4}-\d{2}$/.test(period) });
  return (
    <PublicLayout>
      <section className="pr-card" data-testid="pub-scorecards">
        <h1>{t('procedures.public.scorecardTitle')}</h1>
        <p className="pr-muted">{t('procedures.public.scorecardIntro')}</p>
        <label>{t('procedures.public.month')} <select value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="pub-month">
          {months.map((m) => <option key={m} value={m}>{new Intl.DateTimeFormat(localeOf(currentLanguage(lang)), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`))}</option>)}
        </select></label>
        {q.error && <div className="pr-error" role="alert">{errorMessage(t, q.error)}</div>}
        <table className="pr-table">
          <thead><tr><th>{t('procedures.public.ward')}</th><th className="num">{t('procedures.index.total')}</th><th>{t('procedures.index.grade')}</th>{SHOWN.map((id) => <th key={id} className="num">{t(`procedures.ind.${indicatorKey(id)}.short`)}</th>)}</tr></thead>
          <tbody>
            {q.data?.scorecards.filter((c) => c.nameVi).map((c) => (
              <tr key={c.key ?? '-'} data-testid="pub-scorecard-row">
                <td>{localName(c, lang, '')}</td><td className="num"><b>{formatNum(c.total, lang, 1)}</b></td>
                <td>{c.grade && <span className={`pr-grade pr-grade-${c.grade}`}>{t(`procedures.grade.${c.grade}`)}</span>}</td>
                {SHOWN.map((id) => { const x = c.indicators.find((i) => i.id === id); return <td key={id} className="num">{x?.rate === null || !x ? '—' : `${formatNum(x.rate, lang, 1)} %`}</td>; })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </PublicLayout>
  );
}
