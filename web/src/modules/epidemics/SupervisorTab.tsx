// The contact supervisor's day: per team, contacts due, visited, missed, pending, lost to
// follow-up and turned symptomatic, with each contact's days left and visits.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Outbreak } from '../../../../shared/contracts/epidemics.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';
import { epiKeys, fetchSupervisor } from './epidemics-api.ts';

export function SupervisorTab({ outbreak, day, lang }: { outbreak: Outbreak; day: string; lang: Language }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: epiKeys.supervisor(outbreak.id, day), queryFn: ({ signal }) => fetchSupervisor(outbreak.id, day, signal) });
  const n = (x: number) => formatNumber(x, lang, 0);
  return (
    <section className="epi-card" data-testid="epi-supervisor">
      <h2>{t('epidemics.sup.title', { day: formatDate(day, lang) })}</h2>
      {q.error && <p className="epi-error">{errorMessage(t, q.error)}</p>}
      <table className="epi-table">
        <thead><tr><th>{t('epidemics.sup.team')}</th><th className="num">{t('epidemics.sup.under')}</th><th className="num">{t('epidemics.sup.due')}</th><th className="num">{t('epidemics.sup.visited')}</th><th className="num">{t('epidemics.sup.missed')}</th><th className="num">{t('epidemics.sup.pending')}</th><th className="num">{t('epidemics.sup.lost')}</th><th className="num">{t('epidemics.sup.symptomatic')}</th></tr></thead>
        <tbody>
          {(q.data?.teams ?? []).map((tm) => (
            <tr key={tm.teamId} data-testid={`team-${tm.code}`}>
              <td>{tm.name}</td><td className="num">{n(tm.underFollowUp)}</td><td className="num">{n(tm.due)}</td><td className="num">{n(tm.visited)}</td><td className="num">{n(tm.missed)}</td>
              <td className="num">{n(tm.pending)}</td><td className={`num${tm.lost ? ' epi-bad' : ''}`}>{n(tm.lost)}</td><td className={`num${tm.symptomatic ? ' epi-bad' : ''}`}>{n(tm.symptomatic)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(q.data?.teams ?? []).filter((tm) => tm.contacts.length).map((tm) => (
        <details key={tm.teamId}>
          <summary>{tm.name} · {n(tm.contacts.length)}</summary>
          <table className="epi-table">
            <thead><tr><th>{t('epidemics.persons.code')}</th><th className="num">{t('epidemics.sup.daysLeft')}</th><th className="num">{t('epidemics.sup.visitsDone')}</th><th className="num">{t('epidemics.sup.visitsMissed')}</th><th>{t('epidemics.sup.today')}</th></tr></thead>
            <tbody>{tm.contacts.map((c) => <tr key={c.personId} className={c.lost ? 'epi-bad' : ''}><td>{c.code}{c.lost ? ` · ${t('epidemics.sup.lostFlag')}` : ''}</td><td className="num">{n(c.daysLeft)}</td><td className="num">{n(c.visitsDone)}</td><td className="num">{n(c.visitsMissed)}</td><td>{c.todayStatus ? t(`epidemics.visit.${c.todayStatus}`) : '—'}</td></tr>)}</tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
