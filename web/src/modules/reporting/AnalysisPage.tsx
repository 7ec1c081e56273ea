// Socio-economic analysis (/reporting/analysis): one indicator from approved values over a
// year — by period with last year's and the change, plan vs actual, wards ranked, and every
// figure drilling down to the submissions it sums.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EChart, type EChartsOption } from '../../app/EChart.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { fetchAnalysis, fetchForms, fetchSubmissions, reportingKeys } from './reporting-api.ts';
import { nameOf, num, pct, periodText, ReportingNav, reportingError, titleOf } from './common.tsx';
import './reporting.css';

export function AnalysisPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const forms = useQuery({ queryKey: reportingKeys.forms, queryFn: ({ signal }) => fetchForms(signal) });
  const [sel, setSel] = useState<{ form: string; element: string; year: number | undefined }>({ form: '', element: '', year: undefined });
  const form = forms.data?.find((f) => f.code === sel.form) ?? forms.data?.[0];
  const numeric = (form?.elements ?? []).filter((e) => e.type === 'number' || e.type === 'percent');
  const element = numeric.find((e) => e.code === sel.element) ?? numeric[0];
  const q = { form: form?.code ?? '', element: element?.code ?? '', year: sel.year };
  const a = useQuery({ queryKey: reportingKeys.analysis(q), enabled: !!q.form && !!q.element, queryFn: ({ signal }) => fetchAnalysis(q, signal) });
  const [drill, setDrill] = useState<string | null>(null);
  const drillQ = { form: q.form, period: drill ?? undefined };
  const drilled = useQuery({ queryKey: reportingKeys.submissions(drillQ), enabled: !!drill, queryFn: ({ signal }) => fetchSubmissions(drillQ, signal) });
  const d = a.data;
  const unit = d ? (lang === 'en' ? d.unitEn : d.unitVi) : '';
  const chart = useMemo<EChartsOption | null>(() => !d ? null : {
    animation: false, tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? num(v, lang) : '—') }, legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: d.series.map((s) => periodText(s.period, t)) },
    yAxis: { type: 'value', name: unit, axisLabel: { formatter: (v: number) => num(v, lang) } },
    series: [
      { name: String(d.year), type: 'bar', data: d.series.map((s) => s.value), itemStyle: { color: '#1d4ed8' } },
      { name: String(d.year - 1), type: 'line', data: d.series.map((s) => s.lastYear), itemStyle: { color: '#9ca3af' } },
    ],
  }, [d, t, unit, lang]);
  const year = d?.year ?? new Date().getFullYear();
  return (
    <div className="rep-page" data-testid="reporting-analysis">
      <h1>{t('reporting.nav.analysis')}</h1>
      <ReportingNav />
      <div className="rep-filters">
        <select aria-label={t('reporting.form')} value={form?.code ?? ''} onChange={(e) => setSel({ form: e.target.value, element: '', year: sel.year })} data-testid="analysis-form">
          {(forms.data ?? []).map((f) => <option key={f.code} value={f.code}>{titleOf(f, lang)}</option>)}
        </select>
        <select aria-label={t('reporting.element')} value={element?.code ?? ''} onChange={(e) => setSel({ ...sel, form: form?.code ?? '', element: e.target.value })} data-testid="analysis-element">
          {numeric.map((e) => <option key={e.code} value={e.code}>{nameOf(e, lang)}</option>)}
        </select>
        <select aria-label={t('reporting.year')} value={year} onChange={(e) => setSel({ ...sel, form: form?.code ?? '', element: element?.code ?? '', year: Number(e.target.value) })}>
          {[year + 1, year, year - 1, year - 2].map((y) => <option key={y} value={y}>{y}</option>)}
        </select>
      </div>
      {a.error && <p className="rep-error" role="alert">{reportingError(t, a.error)}</p>}
      {d && (
        <>
          <div className="rep-kpis">
            <div className="rep-kpi"><span>{t(d.aggregation === 'sum' ? 'reporting.yearTotal' : 'reporting.yearAverage', { year: d.year })}</span><b data-testid="analysis-total">{num(d.yearTotal, lang)}</b><span className="rep-muted">{unit}</span></div>
            <div className="rep-kpi"><span>{t('reporting.target')}</span><b data-testid="analysis-target">{num(d.yearTarget, lang)}</b><span className="rep-muted">{d.yearTarget && d.yearTotal !== null ? t('reporting.ofTarget', { pct: pct(Math.round((d.yearTotal / d.yearTarget) * 1000) / 10, lang) }) : ''}</span></div>
          </div>
          {chart && <div className="rep-card"><EChart option={chart} className="rep-chart" /></div>}
          <section className="rep-card rep-scroll">
            <h2>{t('reporting.byPeriod')}</h2>
            <table className="rep-table"><thead><tr><th>{t('reporting.periodLabel')}</th><th className="num">{d.year}</th><th className="num">{d.year - 1}</th><th className="num">{t('reporting.change')}</th></tr></thead>
              <tbody>{d.series.map((s) => (
                <tr key={s.period}>
                  <td><button type="button" className="link-button" onClick={() => setDrill(s.period)}>{periodText(s.period, t)}</button></td>
                  <td className="num">{num(s.value, lang)}</td><td className="num">{num(s.lastYear, lang)}</td><td className="num">{s.change === null ? '—' : `${s.change > 0 ? '+' : ''}${num(s.change, lang, 1)} %`}</td>
                </tr>
              ))}</tbody></table>
          </section>
          {drill && (
            <section className="rep-card rep-scroll" data-testid="analysis-drill">
              <h2>{t('reporting.sources', { period: periodText(drill, t) })}</h2>
              <ul>{(drilled.data?.submissions ?? []).filter((s) => s.status === 'approved' || s.status === 'accepted').map((s) => (
                <li key={s.id}><Link to={`/reporting/submissions/${s.id}`}>{nameOf(s.unit, lang)} · {t(`reporting.status.${s.status}`)}</Link></li>
              ))}</ul>
            </section>
          )}
          <section className="rep-card rep-scroll">
            <h2>{t('reporting.ranking')}</h2>
            <table className="rep-table" data-testid="analysis-wards"><thead><tr><th>#</th><th>{t('reporting.unit')}</th><th className="num">{t('reporting.total')}</th><th className="num">{t('reporting.target')}</th><th className="num">{t('reporting.planShare')}</th></tr></thead>
              <tbody>{[...d.byUnit].sort((x, y) => x.rank - y.rank).map((u) => (
                <tr key={u.unit.code}>
                  <td>{u.rank}</td><td>{nameOf(u.unit, lang)} <span className="rep-muted">({t('reporting.reportsCount', { count: u.submissionIds.length })})</span></td>
                  <td className="num">{num(u.total, lang)}</td><td className="num">{num(u.target, lang)}</td>
                  <td className="num">{u.target && u.total !== null ? pct(Math.round((u.total / u.target) * 1000) / 10, lang) : '—'}</td>
                </tr>
              ))}</tbody></table>
          </section>
        </>
      )}
    </div>
  );
}
