// Personal data (/privacy, admins; Law 91/2025): the retention policies with their last run and
// a button to apply them now, and data-subject requests — find what is held about a person,
// hand it to them as a file, or erase it (with a confirmation), always with a legal basis.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';
import type { SubjectData, SubjectQuery } from '../../../../shared/contracts/privacy.ts';
import { fetchPersonalReads, fetchRetention, privacyKeys, runRetention, subjectData, subjectErasure } from './privacy-api.ts';
import './privacy.css';

const EMPTY = { phone: '', name: '', idNumber: '', email: '', legalBasis: '' };

export function PrivacyPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const locale = localeOf(lang);
  const queryClient = useQueryClient();
  const retention = useQuery({ queryKey: privacyKeys.retention, queryFn: ({ signal }) => fetchRetention(signal) });
  const reads = useQuery({ queryKey: privacyKeys.reads, queryFn: ({ signal }) => fetchPersonalReads(signal) });
  const run = useMutation({ mutationFn: runRetention, onSuccess: (list) => queryClient.setQueryData(privacyKeys.retention, list) });

  const [form, setForm] = useState(EMPTY);
  const [asked, setAsked] = useState<SubjectQuery | null>(null);
  const [found, setFound] = useState<SubjectData | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [erasedMessage, setErasedMessage] = useState<string | null>(null);
  const query = (): SubjectQuery => {
    const q: SubjectQuery = { legalBasis: form.legalBasis.trim() };
    for (const k of ['phone', 'name', 'idNumber', 'email'] as const) if (form[k].trim()) q[k] = form[k].trim();
    return q;
  };
  const search = useMutation({
    mutationFn: (q: SubjectQuery) => subjectData(q),
    onSuccess: (data, q) => { setFound(data); setAsked(q); setConfirming(false); setErasedMessage(null); },
  });
  const erase = useMutation({
    mutationFn: (q: SubjectQuery) => subjectErasure(q),
    onSuccess: (r) => {
      setConfirming(false);
      setFound(null);
      setErasedMessage(t('privacy.subject.erased', { records: r.records, reports: r.reports }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    search.mutate(query());
  };
  const download = () => {
    if (!found) return;
    const blob = new Blob([JSON.stringify(found, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'du-lieu-ca-nhan.json';
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const when = (iso: string) => new Date(iso).toLocaleString(locale);
  const failure = search.error ?? erase.error;

  return (
    <div className="privacy-page" data-testid="privacy-page">
      <h1>{t('privacy.title')}</h1>

      <section className="privacy-card" data-testid="retention">
        <h2>{t('privacy.retention.title')}</h2>
        <p className="privacy-muted">{t('privacy.retention.intro')}</p>
        {retention.error && <p className="privacy-error" role="alert">{errorMessage(t, retention.error)}</p>}
        <table className="privacy-table">
          <thead>
            <tr><th>{t('privacy.retention.what')}</th><th className="num">{t('privacy.retention.days')}</th><th>{t('privacy.retention.setting')}</th><th>{t('privacy.retention.lastRun')}</th></tr>
          </thead>
          <tbody>
            {(retention.data?.policies ?? []).map((p) => (
              <tr key={p.kind} data-testid={`retention-${p.kind}`}>
                <td>{lang === 'en' ? p.titleEn : p.titleVi}</td>
                <td className="num">{p.days.toLocaleString(locale)}</td>
                <td><code>{p.setting}</code></td>
                <td data-testid="retention-last">
                  {!p.lastRun ? t('privacy.retention.never')
                    : p.lastRun.error ? t('privacy.retention.failed', { at: when(p.lastRun.at) })
                      : t('privacy.retention.done', { at: when(p.lastRun.at), count: p.lastRun.changed })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="privacy-actions">
          <button type="button" className="button" onClick={() => run.mutate()} disabled={run.isPending} data-testid="retention-run">{t('privacy.retention.runNow')}</button>
        </div>
        {run.error && <p className="privacy-error" role="alert">{errorMessage(t, run.error)}</p>}
      </section>

      <section className="privacy-card" data-testid="personal-reads">
        <h2>{t('privacy.reads.title')}</h2>
        <p className="privacy-muted">
          {t('privacy.reads.intro', { min: (reads.data?.minItems ?? 0).toLocaleString(locale), factor: (reads.data?.factor ?? 0).toLocaleString(locale) })}
        </p>
        {reads.error && <p className="privacy-error" role="alert">{errorMessage(t, reads.error)}</p>}
        {reads.data && (
          <p data-testid="personal-reads-summary" className={reads.data.days.some((d) => d.unusual) ? 'privacy-error' : 'privacy-ok'}>
            {reads.data.days.some((d) => d.unusual)
              ? t('privacy.reads.found', { count: reads.data.days.filter((d) => d.unusual).length })
              : t('privacy.reads.none')}
          </p>
        )}
        {reads.data && reads.data.days.length > 0 && (
          <table className="privacy-table">
            <thead>
              <tr><th>{t('privacy.reads.day')}</th><th>{t('privacy.reads.account')}</th><th className="num">{t('privacy.reads.items')}</th><th className="num">{t('privacy.reads.usual')}</th><th>{t('privacy.reads.status')}</th></tr>
            </thead>
            <tbody>
              {[...reads.data.days].sort((a, b) => Number(b.unusual) - Number(a.unusual)).slice(0, 20).map((d) => (
                <tr key={`${d.day}-${d.actor}`} className={d.unusual ? 'privacy-unusual' : undefined}>
                  <td>{new Date(`${d.day}T00:00:00`).toLocaleDateString(locale)}</td>
                  <td>{d.actor}</td>
                  <td className="num">{d.items.toLocaleString(locale)}</td>
                  <td className="num">{d.usual.toLocaleString(locale, { maximumFractionDigits: 1 })}</td>
                  <td>{d.unusual ? t('privacy.reads.unusual') : t('privacy.reads.ordinary')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="privacy-card" data-testid="subject">
        <h2>{t('privacy.subject.title')}</h2>
        <p className="privacy-muted">{t('privacy.subject.intro')}</p>
        <form className="privacy-form" onSubmit={submit}>
          <label>{t('privacy.subject.phone')}<input value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} data-testid="subject-phone" /></label>
          <label>{t('privacy.subject.name')}<input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="subject-name" /></label>
          <label>{t('privacy.subject.idNumber')}<input value={form.idNumber} onChange={(e) => setForm({ ...form, idNumber: e.target.value })} data-testid="subject-id" /></label>
          <label>{t('privacy.subject.email')}<input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} data-testid="subject-email" /></label>
          <label className="wide">{t('privacy.subject.legalBasis')}<input required minLength={5} value={form.legalBasis} onChange={(e) => setForm({ ...form, legalBasis: e.target.value })} placeholder={t('privacy.subject.legalBasisHint')} data-testid="subject-basis" /></label>
          <div className="privacy-actions wide"><button type="submit" className="button button--primary" disabled={search.isPending} data-testid="subject-search">{t('privacy.subject.find')}</button></div>
        </form>
        {failure && <p className="privacy-error" role="alert">{errorMessage(t, failure)}</p>}
        {erasedMessage && <p className="privacy-ok" role="status" data-testid="subject-erased">{erasedMessage}</p>}
        {found && (
          <div data-testid="subject-results">
            <h3>{t('privacy.subject.records', { count: found.records.length })}</h3>
            {found.records.length > 0 && (
              <table className="privacy-table">
                <thead><tr><th>{t('privacy.subject.dataset')}</th><th>{t('privacy.subject.record')}</th><th>{t('privacy.subject.values')}</th></tr></thead>
                <tbody>
                  {found.records.map((r) => (
                    <tr key={`${r.datasetId}-${r.recordId}`}>
                      <td>{lang === 'en' ? r.datasetTitleEn : r.datasetTitleVi}</td>
                      <td>{r.display || `#${r.recordId}`}</td>
                      <td>{Object.values(r.personal).map(String).join(' · ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h3>{t('privacy.subject.reports', { count: found.reports.length })}</h3>
            {found.reports.length > 0 && (
              <table className="privacy-table">
                <thead><tr><th>{t('privacy.subject.code')}</th><th>{t('privacy.subject.sent')}</th><th>{t('privacy.subject.contact')}</th></tr></thead>
                <tbody>
                  {found.reports.map((r) => (
                    <tr key={r.id}><td>{r.trackingCode}</td><td>{when(r.createdAt)}</td><td>{[r.name, r.phone, r.email].filter(Boolean).join(' · ')}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="privacy-actions">
              <button type="button" className="button" onClick={download} data-testid="subject-download">{t('privacy.subject.download')}</button>
              {(found.records.length > 0 || found.reports.length > 0) && (
                <button type="button" className="button danger" onClick={() => setConfirming(true)} data-testid="subject-erase">{t('privacy.subject.erase')}</button>
              )}
            </div>
            {confirming && asked && (
              <div className="privacy-confirm" role="alertdialog" data-testid="subject-confirm">
                <p>{t('privacy.subject.confirm', { records: found.records.length, reports: found.reports.length })}</p>
                <div className="privacy-actions">
                  <button type="button" className="button danger" onClick={() => erase.mutate(asked)} disabled={erase.isPending} data-testid="subject-erase-confirm">{t('privacy.subject.eraseConfirm')}</button>
                  <button type="button" className="button" onClick={() => setConfirming(false)}>{t('privacy.subject.cancel')}</button>
                </div>
              </div>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
