// One submission (/reporting/submissions/:id): its values, rule problems and history; the
// ward leader approves, the district/city accepts, either returns it with a reason.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import { fetchForms, fetchSubmission, reportingKeys, transition } from './reporting-api.ts';
import { dateTimeText, nameOf, num, periodText, ReportingNav, reportingError, titleOf } from './common.tsx';
import './reporting.css';

export function SubmissionPage() {
  const id = Number(useParams().id);
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const qc = useQueryClient();
  const detail = useQuery({ queryKey: reportingKeys.submission(id), queryFn: ({ signal }) => fetchSubmission(id, signal) });
  const forms = useQuery({ queryKey: reportingKeys.forms, queryFn: ({ signal }) => fetchForms(signal) });
  const [reason, setReason] = useState('');
  const act = useMutation({
    mutationFn: (a: 'submit' | 'approve' | 'accept' | 'reject') => transition(id, a, a === 'reject' ? reason : undefined),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['reporting'] }),
  });
  const d = detail.data;
  const form = forms.data?.find((f) => f.code === d?.submission.formCode);
  return (
    <div className="rep-page" data-testid="reporting-submission">
      <ReportingNav />
      {detail.error && <p className="rep-error" role="alert">{reportingError(t, detail.error)}</p>}
      {d && (
        <>
          <h1>{form ? titleOf(form, lang) : d.submission.formCode}</h1>
          <dl className="rep-facts">
            <dt>{t('reporting.unit')}</dt><dd>{nameOf(d.submission.unit, lang)}</dd>
            <dt>{t('reporting.periodLabel')}</dt><dd>{periodText(d.submission.period, t)}</dd>
            <dt>{t('reporting.statusLabel')}</dt><dd><span className={`rep-status rep-status--${d.submission.status}`} data-testid="submission-status">{t(`reporting.status.${d.submission.status}`)}</span></dd>
            <dt>{t('reporting.deadline')}</dt><dd>{dateTimeText(d.submission.deadline, lang)}</dd>
            <dt>{t('reporting.submittedAt')}</dt><dd>{dateTimeText(d.submission.firstSubmittedAt, lang)}{d.submission.onTime !== null && ` · ${t(d.submission.onTime ? 'reporting.onTime' : 'reporting.late')}`}</dd>
            {d.submission.rejectionReason && <><dt>{t('reporting.returned')}</dt><dd>{d.submission.rejectionReason}</dd></>}
          </dl>
          <div className="rep-scroll">
            <table className="rep-table" data-testid="submission-values">
              <thead><tr><th>{t('reporting.element')}</th><th className="num">{t('reporting.value')}</th><th>{t('reporting.unitOfMeasure')}</th></tr></thead>
              <tbody>
                {(form?.elements ?? []).flatMap((e) => (e.disaggregation ? e.disaggregation.options.map((o) => ({ e, key: `${e.code}.${o.code}`, label: `${nameOf(e, lang)} — ${nameOf(o, lang)}` })) : [{ e, key: e.code, label: nameOf(e, lang) }]))
                  .map(({ e, key, label }) => {
                    const v = d.submission.values[key];
                    return (
                      <tr key={key} id={`v-${key}`}>
                        <td>{label}</td>
                        <td className="num">{v === undefined || v === null ? '—' : typeof v === 'boolean' ? t(v ? 'reporting.yes' : 'reporting.no') : typeof v === 'number' ? num(v, lang) : v}</td>
                        <td>{lang === 'en' ? e.unitEn ?? '' : e.unitVi ?? ''}</td>
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          </div>
          {d.problems.filter((p) => p.code === 'rule_failed').map((p, i) => (
            <p key={i} className="rep-error">{t(p.blocking ? 'reporting.ruleBlocking' : 'reporting.ruleWarning')}: {nameOf(form?.rules.find((r) => r.code === p.rule) ?? { nameVi: p.rule ?? '', nameEn: p.rule ?? '' }, lang)}</p>
          ))}
          {act.error && <p className="rep-error" role="alert">{reportingError(t, act.error)}</p>}
          <div className="rep-actions">
            {d.can.edit && <Link className="button" to={`/reporting/entry?form=${d.submission.formCode}&unit=${d.submission.unit.code}&period=${d.submission.period}`}>{t('reporting.edit')}</Link>}
            {d.can.submit && <button type="button" className="button button--primary" onClick={() => act.mutate('submit')}>{t('reporting.submit')}</button>}
            {d.can.approve && <button type="button" className="button button--primary" onClick={() => act.mutate('approve')} data-testid="approve">{t('reporting.approve')}</button>}
            {d.can.accept && <button type="button" className="button button--primary" onClick={() => act.mutate('accept')} data-testid="accept">{t('reporting.accept')}</button>}
            {d.can.reject && (
              <>
                <input aria-label={t('reporting.reason')} placeholder={t('reporting.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reject-reason" />
                <button type="button" className="button" disabled={!reason.trim()} onClick={() => act.mutate('reject')} data-testid="reject">{t('reporting.reject')}</button>
              </>
            )}
          </div>
          <section className="rep-card">
            <h2>{t('reporting.history')}</h2>
            <ul data-testid="submission-history">
              {d.events.map((e, i) => <li key={i}>{dateTimeText(e.at, lang)} · {t(`reporting.action.${e.action}`, { defaultValue: e.action })}{e.by ? ` · ${e.by}` : ''}{e.note ? ` · ${e.note}` : ''}</li>)}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
