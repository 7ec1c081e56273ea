// Watching the work (/procedures/watch): open dossiers due today, in 1–3 working days and
// overdue by unit, the day's intake by channel, the monthly trend, and the due alerts.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors.ts';
import { fetchWatch, formatDateTime, formatNum, procKeys } from './procedures-api.ts';
import { StaffTabs } from './StaffTabs.tsx';
import './procedures.css';

export function WatchPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const watch = useQuery({ queryKey: procKeys.watch, queryFn: ({ signal }) => fetchWatch(signal), refetchInterval: 60_000 });
  const w = watch.data;
  const maxReceived = Math.max(1, ...(w?.trend.map((m) => m.received) ?? [1]));
  const unitName = (u: { unitCode: string | null; unitNameVi: string | null; unitNameEn: string | null }) => (lang === 'en' ? u.unitNameEn : u.unitNameVi) ?? u.unitCode ?? t('procedures.watch.noUnit');
  return (
    <div className="pr-staff" data-testid="proc-watch">
      <StaffTabs />
      <h1>{t('procedures.watch.title')}</h1>
      {watch.error && <div className="pr-error" role="alert">{errorMessage(t, watch.error)}</div>}
      {w && (
        <>
          <table className="pr-table" data-testid="proc-watch-units">
            <thead><tr><th>{t('procedures.watch.unit')}</th><th className="num">{t('procedures.watch.dueToday')}</th><th className="num">{t('procedures.watch.dueSoon')}</th><th className="num">{t('procedures.watch.overdue')}</th><th className="num">{t('procedures.watch.open')}</th></tr></thead>
            <tbody>
              {w.units.map((u) => (
                <tr key={u.unitCode ?? '-'}><td>{unitName(u)}</td><td className="num">{formatNum(u.dueToday, lang)}</td><td className="num">{formatNum(u.dueSoon, lang)}</td><td className="num"><b className={u.overdue ? 'pr-no' : ''}>{formatNum(u.overdue, lang)}</b></td><td className="num">{formatNum(u.open, lang)}</td></tr>
              ))}
            </tbody>
          </table>
          <div className="pr-cols">
            <section>
              <h2>{t('procedures.watch.intake')}</h2>
              <table className="pr-table" data-testid="proc-watch-intake">
                <tbody>
                  {w.intake.map((c) => <tr key={String(c.channel)}><td>{t(`procedures.channel.c${c.channel ?? 0}`)}</td><td className="num">{formatNum(c.count, lang)}</td></tr>)}
                  {!w.intake.length && <tr><td className="pr-muted">{t('procedures.watch.noIntake')}</td></tr>}
                </tbody>
              </table>
              <h2>{t('procedures.watch.alerts')}</h2>
              <table className="pr-table" data-testid="proc-watch-alerts">
                <tbody>
                  {w.alerts.slice(0, 15).map((a) => <tr key={`${a.dossierCode}-${a.kind}`}><td>{a.dossierCode}</td><td>{t(`procedures.watch.alert.${a.kind}`)}</td><td>{formatDateTime(a.dueAt, lang)}</td></tr>)}
                  {!w.alerts.length && <tr><td className="pr-muted">{t('procedures.watch.noAlerts')}</td></tr>}
                </tbody>
              </table>
            </section>
            <section>
              <h2>{t('procedures.watch.trend')}</h2>
              <table className="pr-table" data-testid="proc-watch-trend">
                <thead><tr><th>{t('procedures.watch.month')}</th><th>{t('procedures.watch.received')}</th><th className="num">{t('procedures.watch.onlineShare')}</th><th className="num">{t('procedures.watch.onTime')}</th></tr></thead>
                <tbody>
                  {w.trend.map((m) => (
                    <tr key={m.month}>
                      <td>{m.month}</td>
                      <td><span className="pr-bar online" style={{ width: `${(m.online / maxReceived) * 120}px` }} /><span className="pr-bar" style={{ width: `${((m.received - m.online) / maxReceived) * 120}px` }} /> {formatNum(m.received, lang)}</td>
                      <td className="num">{m.received ? `${formatNum((m.online / m.received) * 100, lang, 1)} %` : '—'}</td>
                      <td className="num">{m.onTimeRate === null ? '—' : `${formatNum(m.onTimeRate, lang, 1)} %`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        </>
      )}
    </div>
  );
}
