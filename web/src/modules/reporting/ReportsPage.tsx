// Consolidated reports (/reporting/reports): the templates (schedule, recipients), issuing a
// period now, and the history of issued reports with their files (PDF, DOCX, XLSX).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { apiUrl } from '../../app/api.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { fetchForms, fetchRuns, fetchTemplates, issueRun, reportingKeys } from './reporting-api.ts';
import { dateTimeText, periodText, ReportingNav, reportingError, titleOf } from './common.tsx';
import './reporting.css';

/** The month identifier and the twelve before it (YYYYMM), newest first. */
function recentMonths(current: string): string[] {
  if (!/^\d{6}$/.test(current)) return current ? [current] : [];
  let y = Number(current.slice(0, 4)), m = Number(current.slice(4));
  const out: string[] = [];
  for (let i = 0; i < 13; i++) {
    out.push(`${y}${String(m).padStart(2, '0')}`);
    m--; if (m === 0) { m = 12; y--; }
  }
  return out;
}

export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { user } = useAuth();
  const qc = useQueryClient();
  const templates = useQuery({ queryKey: reportingKeys.templates, queryFn: ({ signal }) => fetchTemplates(signal) });
  const runs = useQuery({ queryKey: reportingKeys.runs, queryFn: ({ signal }) => fetchRuns(signal) });
  const forms = useQuery({ queryKey: reportingKeys.forms, queryFn: ({ signal }) => fetchForms(signal) });
  const current = forms.data?.[0]?.currentPeriod ?? '';
  const [period, setPeriod] = useState('');
  const issue = useMutation({
    mutationFn: (template: string) => issueRun(template, period || current),
    onSuccess: () => qc.invalidateQueries({ queryKey: reportingKeys.runs }),
  });
  const reviewer = user?.role === 'leader' || user?.role === 'admin';
  return (
    <div className="rep-page" data-testid="reporting-reports">
      <h1>{t('reporting.nav.reports')}</h1>
      <ReportingNav />
      {(templates.error || runs.error) && <p className="rep-error" role="alert">{reportingError(t, templates.error ?? runs.error)}</p>}
      {(templates.data ?? []).map((tp) => (
        <section key={tp.code} className="rep-card">
          <h2>{titleOf(tp, lang)}</h2>
          <p className="rep-muted">
            {tp.schedule ? t('reporting.schedule', { day: tp.schedule.dayOfMonth, time: `${String(tp.schedule.hour).padStart(2, '0')}:${String(tp.schedule.minute).padStart(2, '0')}` }) : t('reporting.noSchedule')}
            {' · '}{t('reporting.items', { count: tp.items.length })}
          </p>
          {reviewer && (
            <div className="rep-filters">
              <label>{t('reporting.periodLabel')}{' '}
                <select value={period || current} onChange={(e) => setPeriod(e.target.value)} data-testid="issue-period">
                  {recentMonths(current).map((p) => <option key={p} value={p}>{periodText(p, t)}</option>)}
                </select>
              </label>
              <button type="button" className="button button--primary" onClick={() => issue.mutate(tp.code)} disabled={issue.isPending} data-testid={`issue-${tp.code}`}>{t('reporting.issueNow')}</button>
            </div>
          )}
          {issue.error && <p className="rep-error" role="alert">{reportingError(t, issue.error)}</p>}
        </section>
      ))}
      <section className="rep-card rep-scroll">
        <h2>{t('reporting.issued')}</h2>
        <table className="rep-table" data-testid="runs">
          <thead><tr><th>{t('reporting.number')}</th><th>{t('reporting.reportTitle')}</th><th>{t('reporting.periodLabel')}</th><th>{t('reporting.issuedAt')}</th><th>{t('reporting.files')}</th></tr></thead>
          <tbody>
            {(runs.data ?? []).map((r) => (
              <tr key={r.id} data-testid={`run-${r.period}`}>
                <td><Link to={`/reporting/reports/${r.id}`}>{r.number}</Link></td>
                <td>{titleOf(r, lang)}</td>
                <td>{periodText(r.period, t)}</td>
                <td>{dateTimeText(r.issuedAt, lang)} · {r.scheduled ? t('reporting.bySchedule') : r.issuedBy ?? ''}</td>
                <td>{(['pdf', 'docx', 'xlsx'] as const).map((f) => <a key={f} href={apiUrl(`/reports/runs/${r.id}/files/${f}`)} style={{ marginRight: 8 }}>{f.toUpperCase()}</a>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
