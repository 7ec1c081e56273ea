// Staff list of dossiers (/procedures/dossiers, open ones first by due date) and one dossier
// (/procedures/dossiers/:id, where the KPIs' drill-down lands). Applicants masked unless the
// role needs them.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import type { Dossier } from '../../../../shared/contracts/procedures.ts';
import { fetchDossier, fetchDossiers, formatDateTime } from './procedures-api.ts';
import { StaffTabs } from './StaffTabs.tsx';
import './procedures.css';

function DossierDetail({ d }: { d: Dossier }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rows: [string, string][] = [
    [t('procedures.public.code'), d.code],
    [t('procedures.public.procedure'), `${d.procedureName ?? ''} (${d.procedureCode})`],
    [t('procedures.dossiers.status'), t(`procedures.status.s${d.status}`)],
    [t('procedures.public.channel'), t(`procedures.channel.c${d.channel ?? 0}`)],
    [t('procedures.step.received'), formatDateTime(d.receivedAt, lang)],
    [t('procedures.public.due'), formatDateTime(d.dueAt, lang)],
    [t('procedures.public.finished'), formatDateTime(d.finishedAt, lang)],
    [t('procedures.dossiers.supplements'), d.supplements.map((s) => `${formatDateTime(s.requestedAt, lang)} → ${formatDateTime(s.suppliedAt, lang)}`).join('; ') || '—'],
    [t('procedures.public.official'), d.officialName ?? '—'],
    [t('procedures.dossiers.applicant'), `${d.applicantName ?? '—'} · ${d.applicantPhone ?? '—'}${d.masked ? ` (${t('procedures.dossiers.masked')})` : ''}`],
  ];
  return <table className="pr-table" data-testid="proc-dossier"><tbody>{rows.map(([k, v]) => <tr key={k}><th>{k}</th><td>{v}</td></tr>)}</tbody></table>;
}

export function DossiersPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(true);
  const [offset, setOffset] = useState(0);
  const one = useQuery({ queryKey: ['procedures', 'dossier', id], queryFn: ({ signal }) => fetchDossier(Number(id), signal), enabled: !!id });
  const list = useQuery({ queryKey: ['procedures', 'dossiers', open, offset], queryFn: ({ signal }) => fetchDossiers(open, offset, signal), placeholderData: keepPreviousData, enabled: !id });
  const error = one.error ?? list.error;
  return (
    <div className="pr-staff" data-testid="proc-dossiers">
      <StaffTabs />
      <h1>{t('procedures.dossiers.title')}</h1>
      {error && <div className="pr-error" role="alert">{errorMessage(t, error)}</div>}
      {id ? (
        <>
          <p><Link to="/procedures/dossiers">← {t('procedures.dossiers.back')}</Link></p>
          {one.data && <DossierDetail d={one.data} />}
        </>
      ) : (
        <>
          <div className="pr-filters">
            <label><input type="checkbox" checked={open} onChange={(e) => { setOpen(e.target.checked); setOffset(0); }} /> {t('procedures.dossiers.openOnly')}</label>
            {list.data && <span className="pr-muted">{t('procedures.dossiers.count', { n: list.data.total })}</span>}
            <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 50))}>‹</button>
            <button type="button" className="button" disabled={!list.data || offset + 50 >= list.data.total} onClick={() => setOffset(offset + 50)}>›</button>
          </div>
          <table className="pr-table">
            <thead><tr><th>{t('procedures.public.code')}</th><th>{t('procedures.public.procedure')}</th><th>{t('procedures.dossiers.status')}</th><th>{t('procedures.public.due')}</th><th>{t('procedures.dossiers.applicant')}</th></tr></thead>
            <tbody>
              {list.data?.dossiers.map((d) => (
                <tr key={d.id}><td><Link to={`/procedures/dossiers/${d.id}`}>{d.code}</Link></td><td>{d.procedureName ?? d.procedureCode}</td><td>{t(`procedures.status.s${d.status}`)}</td>
                  <td>{formatDateTime(d.dueAt, i18n.language)}</td><td>{d.applicantName ?? '—'}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
