// Periodic report forms (/reporting): each form, its period and deadline rule, and for each
// unit the report of the current period (status, link to enter or review it).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { fetchForms, fetchSubmissions, reportingKeys } from './reporting-api.ts';
import { nameOf, periodText, ReportingNav, reportingError, titleOf } from './common.tsx';
import './reporting.css';

export function FormsPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { user } = useAuth();
  const forms = useQuery({ queryKey: reportingKeys.forms, queryFn: ({ signal }) => fetchForms(signal) });
  const period = forms.data?.[0]?.currentPeriod;
  const subs = useQuery({
    queryKey: reportingKeys.submissions({ period }), enabled: !!period,
    queryFn: ({ signal }) => fetchSubmissions({ period }, signal),
  });
  const mine = new Set((user?.areas ?? []).map((a) => a.id));
  const enters = (areaId: number) => user?.role === 'admin' || (user?.role === 'officer' && mine.has(areaId));
  return (
    <div className="rep-page" data-testid="reporting-forms">
      <h1>{t('reporting.title')}</h1>
      <ReportingNav />
      {forms.error && <p className="rep-error" role="alert">{reportingError(t, forms.error)}</p>}
      <div className="rep-forms">
        {(forms.data ?? []).map((f) => (
          <section key={f.code} className="rep-card" data-testid={`form-${f.code}`}>
            <h2>{titleOf(f, lang)}</h2>
            <p className="rep-muted">
              {t(`reporting.periodType.${f.periodType}`)} · {t('reporting.cutoff', { day: f.cutoffDay })} · {t('reporting.deadlineRule', { count: f.deadlineWorkingDays })} · {t('reporting.version', { version: f.version })}
            </p>
            <p className="rep-muted">{t('reporting.currentPeriod')}: <b>{periodText(f.currentPeriod, t)}</b></p>
            <ul>
              {f.unitRefs.filter((u) => user?.role !== 'officer' || mine.has(u.areaId)).map((u) => {
                const s = subs.data?.submissions.find((x) => x.formCode === f.code && x.unit.areaId === u.areaId && x.period === f.currentPeriod);
                return (
                  <li key={u.code}>
                    {nameOf(u, lang)}{' '}
                    <span className={`rep-status rep-status--${s?.status ?? 'missing'}`}>{t(`reporting.status.${s?.status ?? 'none'}`)}</span>{' '}
                    {enters(u.areaId) && (!s || s.status === 'draft' || s.status === 'rejected')
                      ? <Link to={`/reporting/entry?form=${f.code}&unit=${u.code}&period=${f.currentPeriod}`} data-testid={`enter-${f.code}-${u.code}`}>{t('reporting.enter')}</Link>
                      : s && <Link to={`/reporting/submissions/${s.id}`}>{t('reporting.open')}</Link>}
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
