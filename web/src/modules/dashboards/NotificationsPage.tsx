// /notifications: my notifications (alerts that matched my preferences and that I may see),
// mark read, and the preferences themselves: which alert types and lowest severity reach me,
// and where (in the app, a webhook URL; e-mail is recorded but not sent in this version).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_CATEGORIES } from '../../../../shared/contracts/alerts.ts';
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import type { UserNotification } from '../../../../shared/contracts/notifications.ts';
import { formatTime } from './format.ts';
import { getPreferences, listNotifications, markRead, savePreferences } from './notifications-api.ts';
import { UNREAD_EVENT } from './NotificationBell.tsx';
import './notifications.css';

const SEVERITY_COLOURS: Record<string, string> = { Extreme: '#7f1d1d', Severe: '#dc2626', Moderate: '#d97706', Minor: '#2563eb' };

export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [items, setItems] = useState<UserNotification[] | null>(null);
  const [prefs, setPrefs] = useState<NotificationPreferences | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'unsupported'));

  const load = () => listNotifications(false, 100).then((r) => {
    setItems(r.notifications);
    window.dispatchEvent(new CustomEvent(UNREAD_EVENT, { detail: r.unread }));
  }).catch((e: unknown) => setMessage((e as Error).message));
  useEffect(() => {
    document.title = `${t('dashboards.notifications.title')} · cityops`;
    void load();
    getPreferences().then(setPrefs).catch((e: unknown) => setMessage((e as Error).message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const read = async (ids?: number[]) => {
    const r = await markRead(ids);
    window.dispatchEvent(new CustomEvent(UNREAD_EVENT, { detail: r.unread }));
    await load();
  };
  const save = async () => {
    if (!prefs) return;
    try {
      setPrefs(await savePreferences(prefs));
      setMessage(t('dashboards.saved'));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const toggleType = (c: string) => prefs && setPrefs({ ...prefs, alertTypes: prefs.alertTypes.includes(c) ? prefs.alertTypes.filter((x) => x !== c) : [...prefs.alertTypes, c] });

  return (
    <div className="notif-page" data-testid="notifications-page">
      <section className="notif-list">
        <header className="notif-list__head">
          <h1>{t('dashboards.notifications.title')}</h1>
          <button type="button" className="button button--small" onClick={() => void read()} data-testid="notifications-read-all">{t('dashboards.notifications.readAll')}</button>
        </header>
        {!items ? <p>{t('app.loading')}</p> : !items.length ? <p className="notif-empty">{t('dashboards.notifications.none')}</p> : (
          <ul>
            {items.map((n) => (
              <li key={n.id} className={n.readAt ? 'is-read' : 'is-unread'} style={{ borderLeftColor: SEVERITY_COLOURS[n.severity] ?? '#64748b' }} data-testid={`notification-${n.id}`}>
                <strong>{lang === 'en' ? n.titleEn : n.titleVi}</strong>
                <span>{t(`dashboards.notifications.change.${n.change}`, { defaultValue: n.change })} · {n.severity} · {n.category} · {n.place ?? n.areaCode ?? ''} · {formatTime(n.createdAt, lang)}
                  {n.webhookStatus && <> · webhook: {n.webhookStatus}</>}</span>
                {!n.readAt && <button type="button" className="button button--small" onClick={() => void read([n.id])}>{t('dashboards.notifications.markRead')}</button>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="notif-prefs" data-testid="notification-preferences">
        <h2>{t('dashboards.notifications.preferences')}</h2>
        {prefs && (
          <>
            <fieldset>
              <legend>{t('dashboards.notifications.types')}</legend>
              <p className="notif-hint">{t('dashboards.notifications.typesHint')}</p>
              <div className="notif-types">
                {ALERT_CATEGORIES.map((c) => (
                  <label key={c}><input type="checkbox" checked={prefs.alertTypes.includes(c)} onChange={() => toggleType(c)} /> {t(`dashboards.notifications.category.${c}`, { defaultValue: c })}</label>
                ))}
              </div>
            </fieldset>
            <label>{t('dashboards.notifications.minSeverity')}
              <select value={prefs.minSeverity} onChange={(e) => setPrefs({ ...prefs, minSeverity: e.target.value as NotificationPreferences['minSeverity'] })} data-testid="pref-min-severity">
                {(['info', 'warning', 'critical'] as const).map((s) => <option key={s} value={s}>{t(`dashboards.notifications.severity.${s}`)}</option>)}
              </select>
            </label>
            <fieldset>
              <legend>{t('dashboards.notifications.channels')}</legend>
              <label><input type="checkbox" checked={prefs.channels.inApp} onChange={(e) => setPrefs({ ...prefs, channels: { ...prefs.channels, inApp: e.target.checked } })} /> {t('dashboards.notifications.inApp')}</label>
              <label><input type="checkbox" checked={prefs.channels.webhook} onChange={(e) => setPrefs({ ...prefs, channels: { ...prefs.channels, webhook: e.target.checked } })} /> {t('dashboards.notifications.webhook')}</label>
              <input type="url" placeholder="https://…" value={prefs.webhookUrl ?? ''} onChange={(e) => setPrefs({ ...prefs, webhookUrl: e.target.value || null })} />
              <label><input type="checkbox" checked={prefs.channels.email} onChange={(e) => setPrefs({ ...prefs, channels: { ...prefs.channels, email: e.target.checked } })} /> {t('dashboards.notifications.email')}</label>
              <input type="email" placeholder="ten@example.vn" value={prefs.email ?? ''} onChange={(e) => setPrefs({ ...prefs, email: e.target.value || null })} />
            </fieldset>
            {permission !== 'unsupported' && permission !== 'granted' && (
              <button type="button" className="button button--small" onClick={() => void Notification.requestPermission().then(setPermission)}>{t('dashboards.notifications.browser')}</button>
            )}
            <button type="button" className="button button--primary" onClick={() => void save()} data-testid="pref-save">{t('dashboards.save')}</button>
          </>
        )}
        {message && <p className="notif-hint" role="status">{message}</p>}
      </section>
    </div>
  );
}
