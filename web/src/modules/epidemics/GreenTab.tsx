// Green classification of residential groups, households and businesses on a day (rules are
// data: clear days per kind), and a certificate with a QR code for a green subject, which anyone
// can check at its public address.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GREEN_SUBJECTS, type Certificate, type GreenList } from '../../../../shared/contracts/epidemics.ts';
import { api } from '../../app/api.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';

type Kind = (typeof GREEN_SUBJECTS)[number];

export function GreenTab({ day, lang }: { day: string; lang: Language }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('residential_group');
  const q = useQuery({ queryKey: ['epidemics', 'green', kind, day], queryFn: ({ signal }) => api<GreenList>(`/epidemics/green/${kind}`, { query: { day, limit: 300 }, signal }) });
  const issue = useMutation({ mutationFn: (key: string) => api<Certificate>(`/epidemics/green/${kind}/certificates`, { method: 'POST', body: { key } }) });
  const cert = issue.data;
  return (
    <div className="epi-cols">
      <section className="epi-card" data-testid="epi-green">
        <div className="epi-head">
          <h2>{t('epidemics.greenTab.title', { day: formatDate(day, lang) })}</h2>
          <select className="ctl" value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="green-kind">
            {GREEN_SUBJECTS.map((k) => <option key={k} value={k}>{t(`epidemics.green.${k}`)}</option>)}
          </select>
        </div>
        {q.error && <p className="epi-error">{errorMessage(t, q.error)}</p>}
        {q.data && <p>{t('epidemics.greenTab.summary', { green: formatNumber(q.data.green, lang, 0), notGreen: formatNumber(q.data.notGreen, lang, 0) })}</p>}
        <table className="epi-table">
          <thead><tr><th>{t('epidemics.greenTab.subject')}</th><th>{t('epidemics.greenTab.status')}</th><th>{t('epidemics.greenTab.lastCase')}</th><th /></tr></thead>
          <tbody>
            {(q.data?.subjects ?? []).slice(0, 200).map((s) => (
              <tr key={s.subjectKey}>
                <td>{s.label}</td>
                <td><span className={`epi-level epi-level--${s.green ? 1 : 4}`} style={{ background: s.green ? '#16a34a' : '#dc2626' }}>{s.green ? t('epidemics.greenTab.green') : t('epidemics.greenTab.notGreen')}</span></td>
                <td>{s.lastCaseOn ? formatDate(s.lastCaseOn, lang) : '—'}</td>
                <td>{s.green && <button onClick={() => issue.mutate(s.subjectKey)} disabled={issue.isPending}>{t('epidemics.greenTab.issue')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="epi-card">
        <h2>{t('epidemics.greenTab.certificate')}</h2>
        {issue.error && <p className="epi-error">{errorMessage(t, issue.error)}</p>}
        {cert ? (
          <div data-testid="green-cert">
            <p><b>{cert.label}</b> · {t('epidemics.public.valid', { from: formatDate(cert.issuedOn, lang), to: formatDate(cert.validUntil, lang) })}</p>
            <div className="epi-qr" dangerouslySetInnerHTML={{ __html: cert.qrSvg }} />
            <p><a href={cert.verifyPath} target="_blank" rel="noopener">{t('epidemics.greenTab.verify')}</a></p>
          </div>
        ) : <p className="epi-muted">{t('epidemics.greenTab.pick')}</p>}
      </section>
    </div>
  );
}
