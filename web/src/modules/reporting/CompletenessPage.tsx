// Completeness dashboard (/reporting/completeness): reporting rate = received ÷ expected and
// on-time rate = received by the deadline ÷ expected, by form, unit and period, the late
// reports, and reminders to the late units.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EChart, type EChartsOption } from '../../app/EChart.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import type { CompletenessRate } from '../../../../shared/contracts/reporting.ts';
import { fetchCompleteness, fetchForms, reportingKeys, sendReminders } from './reporting-api.ts';
import { dateTimeText, nameOf, pct, periodText, ReportingNav, reportingError, titleOf } from './common.tsx';
import './reporting.css';

export function CompletenessPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { user } = useAuth();
  const [form, setForm] = useState('');
  const q = { ...(form ? { form } : {}) };
  const forms = useQuery({ queryKey: reportingKeys.forms, queryFn: ({ signal }) => fetchForms(signal) });
  const c = useQuery({ queryKey: reportingKeys.completeness(q), queryFn: ({ signal }) => fetchCompleteness(q, signal) });
  const remind = useMutation({ mutationFn: () => sendReminders(form ? { form } : {}) });
  const d = c.data;
  const chart = useMemo<EChartsOption | null>(() => !d ? null : {
    animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: d.byPeriod.map((p) => periodText(p.period, t)) }, yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      { name: t('reporting.reportingRate'), type: 'line', data: d.byPeriod.map((p) => p.reportingRate), itemStyle: { color: '#15803d' } },
      { name: t('reporting.onTimeRate'), type: 'line', data: d.byPeriod.map((p) => p.onTimeRate), itemStyle: { color: '#2563eb' } },
    ],
  }, [d, t]);
  const cells = (r: CompletenessRate) => (
    <><td className="num">{r.expected}</td><td className="num">{r.received}</td><td className="num">{r.onTime}</td><td className="num">{pct(r.reportingRate, lang)}</td><td className="num">{pct(r.onTimeRate, lang)}</td></>
  );
  const head = <><th className="num">{t('reporting.expected')}</th><th className="num">{t('reporting.received')}</th><th className="num">{t('reporting.receivedOnTime')}</th><th className="num">{t('reporting.reportingRate')}</th><th className="num">{t('reporting.onTimeRate')}</th></>;
  return (
    <div className="rep-page" data-testid="reporting-completeness">
      <h1>{t('reporting.nav.completeness')}</h1>
      <ReportingNav />
      <div className="rep-filters">
        <select aria-label={t('reporting.form')} value={form} onChange={(e) => setForm(e.target.value)}>
          <option value="">{t('reporting.allForms')}</option>
          {(forms.data ?? []).map((f) => <option key={f.code} value={f.code}>{titleOf(f, lang)}</option>)}
        </select>
        {d && <span className="rep-muted">{periodText(d.from, t)} – {periodText(d.to, t)}</span>}
        {(user?.role === 'leader' || user?.role === 'admin') && <button type="button" className="button" onClick={() => remind.mutate()} data-testid="remind">{t('reporting.remind')}</button>}
        {remind.data && <span className="rep-ok" role="status">{t('reporting.reminded', { reports: remind.data.reports, recipients: remind.data.recipients })}</span>}
      </div>
      {(c.error || remind.error) && <p className="rep-error" role="alert">{reportingError(t, c.error ?? remind.error)}</p>}
      {d && (
        <>
          <div className="rep-kpis">
            <div className="rep-kpi"><span>{t('reporting.reportingRate')}</span><b data-testid="rate-reporting">{pct(d.overall.reportingRate, lang)}</b><span className="rep-muted">{d.overall.received}/{d.overall.expected}</span></div>
            <div className="rep-kpi"><span>{t('reporting.onTimeRate')}</span><b data-testid="rate-ontime">{pct(d.overall.onTimeRate, lang)}</b><span className="rep-muted">{d.overall.onTime}/{d.overall.expected}</span></div>
          </div>
          {chart && <div className="rep-card"><EChart option={chart} className="rep-chart" /></div>}
          <section className="rep-card rep-scroll"><h2>{t('reporting.byForm')}</h2>
            <table className="rep-table"><thead><tr><th>{t('reporting.form')}</th>{head}</tr></thead>
              <tbody>{d.byForm.map((f) => <tr key={f.form}><td>{titleOf(f, lang)}</td>{cells(f)}</tr>)}</tbody></table>
          </section>
          <section className="rep-card rep-scroll"><h2>{t('reporting.byUnit')}</h2>
            <table className="rep-table" data-testid="completeness-units"><thead><tr><th>{t('reporting.unit')}</th>{head}</tr></thead>
              <tbody>{d.byUnit.map((u) => <tr key={u.unit.code}><td>{nameOf(u.unit, lang)}</td>{cells(u)}</tr>)}</tbody></table>
          </section>
          <section className="rep-card rep-scroll"><h2>{t('reporting.lateReports')}</h2>
            <table className="rep-table"><thead><tr><th>{t('reporting.form')}</th><th>{t('reporting.unit')}</th><th>{t('reporting.periodLabel')}</th><th>{t('reporting.deadline')}</th><th>{t('reporting.statusLabel')}</th></tr></thead>
              <tbody>{d.late.slice(0, 50).map((l) => (
                <tr key={`${l.form}-${l.unit.code}-${l.period}`}>
                  <td>{titleOf(l, lang)}</td><td>{nameOf(l.unit, lang)}</td><td>{periodText(l.period, t)}</td><td>{dateTimeText(l.deadline, lang)}</td>
                  <td>{l.status ? <Link to={`/reporting/submissions?form=${l.form}`}>{t(`reporting.status.${l.status}`)}</Link> : t('reporting.notReceived')}{l.submittedAt && ` · ${dateTimeText(l.submittedAt, lang)}`}</td>
                </tr>
              ))}</tbody></table>
          </section>
        </>
      )}
    </div>
  );
}
