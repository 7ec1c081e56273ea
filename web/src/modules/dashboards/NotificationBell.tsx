// The bell of the top bar: how many of my notifications are unread, live over
// /api/notifications/stream; a link to /notifications. When the page is in the background and
// the user allowed it, a new notification also shows as a browser notification.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { NotificationEvent } from '../../../../shared/contracts/notifications.ts';
import { notificationStreamUrl } from './notifications-api.ts';
import { useWardNameOf } from '../../app/wards.ts';
// The bell is in the top bar on every page: its styles load with it, not with the notifications page.
import './notifications.css';

/** Fired on window when the unread count changes elsewhere (the list marked some read). */
export const UNREAD_EVENT = 'cityops:notifications-unread';

export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const [unread, setUnread] = useState<number | null>(null);
  // Read by the stream's handler (made once per language), so it sees the names once loaded.
  const wardNameOf = useWardNameOf(i18n.language);
  const wardNameOfRef = useRef(wardNameOf);
  useEffect(() => {
    wardNameOfRef.current = wardNameOf;
  });
  useEffect(() => {
    const source = new EventSource(notificationStreamUrl(), { withCredentials: true });
    source.addEventListener('hello', (e) => setUnread((JSON.parse((e as MessageEvent<string>).data) as { unread: number }).unread));
    source.addEventListener('notification', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as NotificationEvent;
      setUnread(data.unread);
      if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
        const n = data.notification;
        new Notification(i18n.language === 'en' ? n.titleEn : n.titleVi, { body: `${i18n.t(`live.severity.${n.severity}`, { defaultValue: n.severity })} · ${n.place ?? wardNameOfRef.current(n.areaCode)}`, tag: `cityops-${n.id}` });
      }
    });
    const onUnread = (e: Event) => setUnread((e as CustomEvent<number>).detail);
    window.addEventListener(UNREAD_EVENT, onUnread);
    return () => {
      source.close();
      window.removeEventListener(UNREAD_EVENT, onUnread);
    };
  }, [i18n]);
  const label = t('dashboards.notifications.bell', { count: unread ?? 0 });
  return (
    <Link to="/notifications" className="notification-bell" aria-label={label} title={label} data-testid="notification-bell">
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" /></svg>
      {!!unread && <span className="notification-bell__count" data-testid="notification-unread">{unread > 99 ? '99+' : unread}</span>}
    </Link>
  );
}
