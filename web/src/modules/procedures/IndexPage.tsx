// The Decision 766 index (/procedures): scorecards of the units or wards for a month, quarter
// or year; each indicator with its rate, points, threshold and formula; each figure drills
// down to its dossiers (or procedures). CSV/XLSX export.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import type { Scorecard } from '../../../../shared/contracts/procedures.ts';
import { exportUrl, fetchDrill, fetchIndex, formatDateTime, formatNum, indicatorKey, lastMonth, localName, procKeys, type By } from './procedures-api.ts';
import { StaffTabs } from './StaffTabs.tsx';
import './procedures.css';

export function IndexPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [period, setPeriod] = useState(lastMonth());
  const [by, setBy] = useState<By>('area');
  const [selected, setSelected] = useState<string | null | undefined>(undefined);
  const [indicator, setIndicator] = useState<string | null>(null);
  const index = useQuery({ queryKey: procKeys.index(period, by), queryFn: ({ signal }) => fetchIndex(period, by, signal), placeholderData: keepPreviousData, enabled: /^\d{4}(-\d{2}|-Q[1-4])?$/.test(period) });
  const cards = index.data?.scorecards ?? [];
  const card: Scorecard | undefined = selected === undefined ? cards[0] : cards.find((c) => c.key === selected);
  const drill = useQuery({
    queryKey: procKeys.drill(period, card?.key ?? null, by, indicator ?? ''),
    queryFn: ({ signal }) => fetchDrill(period, by, card?.key ?? null, indicator!, signal),
    enabled: !!indicator && !!card,
  });
  const name = (c: Scorecard) => localName(c, lang, t('procedures.index.all'));
  return (
    <div className="pr-staff" data-testid="proc-index">
      <StaffTabs />
      <h1>{t('procedures.index.title')}</h1>
      <p className="pr-muted">{t('procedures.index.intro')}</p>
      <div className="pr-filters">
        <label>{t('procedures.index.period')} <input value={period} onChange={(e) => setPeriod(e.target.value.trim())} size={9} data-testid="proc-period" placeholder="2026-11" /></label>
        <span className="pr-muted">{t('procedures.index.periodHint')}</span>
        <div className="segmented">
          {(['area', 'unit', 'none'] as const).map((b) => <button key={b} type="button" className={by === b ? 'active' : ''} aria-pressed={by === b} onClick={() => { setBy(b); setSelected(undefined); setIndicator(null); }} data-testid={`proc-by-${b}`}>{t(`procedures.index.by.${b}`)}</button>)}
        </div>
        <a href={exportUrl(period, by, 'csv')} data-testid="proc-export-csv">CSV</a>
        <a href={exportUrl(period, by, 'xlsx')}>XLSX</a>
      </div>
      {index.error && <div className="pr-error" role="alert">{errorMessage(t, index.error)}</div>}
      <table className="pr-table" data-testid="proc-scorecards">
        <thead><tr><th>#</th><th>{t(`procedures.index.by.${by}`)}</th><th className="num">{t('procedures.index.dossiers')}</th><th className="num">{t('procedures.index.points')}</th><th className="num">{t('procedures.index.total')}</th><th>{t('procedures.index.grade')}</th><th className="num">{t('procedures.index.avgDays')}</th><th className="num">{t('procedures.index.rating')}</th></tr></thead>
        <tbody>
          {cards.map((c, i) => (
            <tr key={c.key ?? 'all'} className={`pr-click ${card?.key === c.key ? 'pr-selected' : ''}`} onClick={() => { setSelected(c.key); setIndicator(null); }} data-testid="proc-scorecard-row">
              <td>{i + 1}</td><td>{name(c)}</td><td className="num">{formatNum(c.dossiers, lang)}</td>
              <td className="num">{formatNum(c.points, lang)} / {c.maxPoints}</td><td className="num"><b>{formatNum(c.total, lang, 1)}</b></td>
              <td>{c.grade && <span className={`pr-grade pr-grade-${c.grade}`}>{t(`procedures.grade.${c.grade}`)}</span>}</td>
              <td className="num">{formatNum(c.averageHandlingDays, lang, 1)}</td><td className="num">{c.averageRating === null ? '—' : `${formatNum(c.averageRating, lang)} ★`}</td>
            </tr>
          ))}
          {!cards.length && !index.isLoading && <tr><td colSpan={8} className="pr-muted">{t('procedures.index.empty')}</td></tr>}
        </tbody>
      </table>
      {card && (
        <>
          <h2 data-testid="proc-card-title">{name(card)} · {period}</h2>
          <table className="pr-table" data-testid="proc-indicators">
            <thead><tr><th>{t('procedures.index.indicator')}</th><th className="num">{t('procedures.index.figure')}</th><th className="num">{t('procedures.index.rate')}</th><th className="num">{t('procedures.index.threshold')}</th><th className="num">{t('procedures.index.points')}</th><th>{t('procedures.index.formula')}</th></tr></thead>
            <tbody>
              {card.indicators.map((x) => (
                <tr key={x.id} className={`pr-click ${indicator === x.id ? 'pr-selected' : ''}`} onClick={() => setIndicator(x.id)} data-testid={`proc-ind-${x.id}`}>
                  <td><b>{x.id}</b> {t(`procedures.ind.${indicatorKey(x.id)}.name`)}<div className="pr-muted">{t(`procedures.group.g${x.group}`)}</div></td>
                  <td className="num">{formatNum(x.numerator, lang)} / {formatNum(x.denominator, lang)}</td>
                  <td className="num">{x.rate === null ? t('procedures.index.na') : `${formatNum(x.rate, lang)} %`}</td>
                  <td className="num">{formatNum(x.threshold, lang)} %</td>
                  <td className="num">{x.points === null ? '—' : formatNum(x.points, lang)} / {x.maxPoints}</td>
                  <td className="pr-formula">{t(`procedures.ind.${indicatorKey(x.id)}.formula`)}<br />{t('procedures.index.scoreRule', { max: x.maxPoints, threshold: x.threshold })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="pr-muted">{t('procedures.index.totalRule')}</p>
        </>
      )}
      {indicator && (
        <section data-testid="proc-drill">
          <h2>{t('procedures.index.drillTitle', { id: indicator })}</h2>
          {drill.error && <div className="pr-error" role="alert">{errorMessage(t, drill.error)}</div>}
          {drill.data && <p className="pr-muted">{t('procedures.index.drillCount', { n: drill.data.total, shown: drill.data.rows.length })}</p>}
          <table className="pr-table">
            <thead><tr><th>{drill.data?.kind === 'procedures' ? t('procedures.index.procedure') : t('procedures.index.dossier')}</th><th>{t('procedures.index.label')}</th><th>{t('procedures.index.counted')}</th><th>{t('procedures.index.detail')}</th></tr></thead>
            <tbody>
              {drill.data?.rows.map((r) => (
                <tr key={r.code} data-testid="proc-drill-row"><td>{r.code}</td><td>{r.label}</td><td>{r.counted ? <span className="pr-yes">✓</span> : <span className="pr-no">✗</span>}</td><td className="pr-muted">{r.endAt !== null
                  ? [`${t('procedures.public.due')}: ${formatDateTime(r.dueAt, lang)}`, `${t(r.ended ? 'procedures.drill.ended' : 'procedures.drill.openAtEnd')}: ${formatDateTime(r.endAt, lang)}`,
                    r.supplements ? t('procedures.drill.supplements', { n: r.supplements }) : null, t(`procedures.channel.c${r.channel ?? 0}`),
                    r.rating ? t('procedures.drill.rating', { n: r.rating }) : null].filter(Boolean).join(' · ')
                  : [r.average !== null ? t('procedures.drill.average', { avg: formatNum(r.average, lang), limit: formatNum(r.timeLimit, lang), unit: r.timeUnit ? t(`procedures.unit.${r.timeUnit}`) : '' }) : null,
                    r.online ? `${t('procedures.public.online')}: ${t(`procedures.online.${r.online}`)}` : null].filter(Boolean).join(' · ')}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
