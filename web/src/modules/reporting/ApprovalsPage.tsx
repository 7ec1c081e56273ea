// The approval queue (/reporting/approvals): reports submitted (to approve at the ward) and
// approved (to accept at the district/city level), oldest period first.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import { fetchForms, fetchSubmissions, reportingKeys } from './reporting-api.ts';
import { dateTimeText, nameOf, periodText, ReportingNav, reportingError, titleOf } from './common.tsx';
import './reporting.css';

export function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const forms = useQuery({ queryKey: reportingKeys.forms, queryFn: ({ signal }) => fetchForms(signal) });
  const submitted = useQuery({ queryKey: reportingKeys.submissions({ status: 'submitted' }), queryFn: ({ signal }) => fetchSubmissions({ status: 'submitted' }, signal) });
  const approved = useQuery({ queryKey: reportingKeys.submissions({ status: 'approved' }), queryFn: ({ signal }) => fetchSubmissions({ status: 'approved' }, signal) });
  const title = (code: string) => { const f = forms.data?.find((x) => x.code === code); return f ? titleOf(f, lang) : code; };
  const table = (rows: NonNullable<typeof submitted.data>['submissions'], testId: string) => (
    <div className="rep-scroll">
      <table className="rep-table" data-testid={testId}>
        <thead><tr><th>{t('reporting.form')}</th><th>{t('reporting.unit')}</th><th>{t('reporting.periodLabel')}</th><th>{t('reporting.submittedAt')}</th><th /></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colSpan={5} className="rep-muted">{t('reporting.nothing')}</td></tr>}
          {[...rows].sort((a, b) => a.period.localeCompare(b.period)).map((s) => (
            <tr key={s.id}>
              <td>{title(s.formCode)}</td><td>{nameOf(s.unit, lang)}</td><td>{periodText(s.period, t)}</td>
              <td>{dateTimeText(s.submittedAt, lang)}{s.onTime === false && <span className="rep-error"> · {t('reporting.late')}</span>}</td>
              <td><Link to={`/reporting/submissions/${s.id}`} data-testid={`review-${s.id}`}>{t('reporting.review')}</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <div className="rep-page" data-testid="reporting-approvals">
      <h1>{t('reporting.nav.approvals')}</h1>
      <ReportingNav />
      {(submitted.error || approved.error) && <p className="rep-error" role="alert">{reportingError(t, submitted.error ?? approved.error)}</p>}
      <section className="rep-card"><h2>{t('reporting.toApprove')}</h2>{table(submitted.data?.submissions ?? [], 'queue-submitted')}</section>
      <section className="rep-card"><h2>{t('reporting.toAccept')}</h2>{table(approved.data?.submissions ?? [], 'queue-approved')}</section>
    </div>
  );
}
