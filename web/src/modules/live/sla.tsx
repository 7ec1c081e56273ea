// The SLA timer of an incident: time left before its deadline, or how late it is (in red).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Incident } from '../../../../shared/contracts/alerts.ts';
import { formatDateTime } from '../../i18n/format.ts';

/** "2 ngày 3 giờ" / "2 d 3 h" style duration, the two largest units. */
export function durationText(t: TFunction, ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d) return h ? `${t('live.sla.days', { count: d })} ${t('live.sla.hours', { count: h })}` : t('live.sla.days', { count: d });
  if (h) return m ? `${t('live.sla.hours', { count: h })} ${t('live.sla.minutes', { count: m })}` : t('live.sla.hours', { count: h });
  return t('live.sla.minutes', { count: m });
}

/** Re-renders every 30 s so the timer moves. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

export function SlaTimer({ incident }: { incident: Pick<Incident, 'dueAt' | 'status' | 'overdue' | 'closedAt'> }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (!incident.dueAt) return <span className="sla sla--none">{t('live.sla.none')}</span>;
  const due = new Date(incident.dueAt).getTime();
  const title = t('live.sla.due', { at: formatDateTime(incident.dueAt, i18n.language) });
  if (incident.status === 'closed') {
    const closedAt = incident.closedAt ? new Date(incident.closedAt).getTime() : due;
    const inTime = closedAt <= due;
    return <span className={`sla ${inTime ? 'sla--ok' : 'sla--late'}`} title={title} data-testid="sla-timer">{t(inTime ? 'live.sla.closedInTime' : 'live.sla.closedLate')}</span>;
  }
  const left = due - now;
  const late = left < 0 || incident.overdue;
  const soon = !late && left < 60 * 60_000;
  return (
    <span className={`sla ${late ? 'sla--late' : soon ? 'sla--soon' : 'sla--ok'}`} title={title} data-testid="sla-timer" data-overdue={late ? 'true' : 'false'}>
      {t(late ? 'live.sla.late' : 'live.sla.left', { time: durationText(t, left) })}
    </span>
  );
}
