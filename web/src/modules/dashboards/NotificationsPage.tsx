// /notifications: my notifications (alerts that matched my preferences and that I may see),
// mark read, and the preferences themselves: which alert types and lowest severity reach me,
// and where (in the app, a webhook URL, e-mail digests through the configured SMTP server).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_CATEGORIES } from '../../../../shared/contracts/alerts.ts';
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import { errorMessage } from '../../app/errors.ts';
import { formatTime } from './format.ts';
import { useWardNameOf } from '../../app/wards.ts';
import { getPreferences, listNotifications, markRead, notificationKeys, savePreferences } from './notifications-api.ts';
import { UNREAD_EVENT } from './NotificationBell.tsx';
import './notifications.css';

const SEVERITY_COLOURS: Record<string, string> = { Extreme: '#7f1d1d', Severe: '#dc2626', Moderate: '#d97706', Minor: '#2563eb' };

export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const wardNameOf = useWardNameOf(lang);
  const queryClient = useQueryClient();
  // The preferences being edited (null: as saved).
  const [draft, setPrefs] = useState<NotificationPreferences | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'unsupported'));

  const listKey = notificationKeys.list(false, 100);
  const list = useQuery({ queryKey: listKey, queryFn: ({ signal }) => listNotifications(false, 100, signal) });
  const prefsQuery = useQuery({ queryKey: notificationKeys.preferences, queryFn: ({ signal }) => getPreferences(signal) });
  const items = list.data?.notifications ?? null;
  const prefs = draft ?? prefsQuery.data ?? null;
  const unread = list.data?.unread;

  useEffect(() => {
    document.title = `${t('dashboards.notifications.title')} · cityops`;
  }, [t]);
  // The bell in the top bar follows the count read here.
  useEffect(() => {
    if (unread !== undefined) window.dispatchEvent(new CustomEvent(UNREAD_EVENT, { detail: unread }));
  }, [unread]);

  const readMutation = useMutation({
    mutationFn: (ids?: number[]) => markRead(ids),
    onSuccess: (r) => window.dispatchEvent(new CustomEvent(UNREAD_EVENT, { detail: r.unread })),
    onError: (e) => setMessage(errorMessage(t, e)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
  });
  const read = (ids?: number[]) => readMutation.mutate(ids);
  const saveMutation = useMutation({
    mutationFn: (p: NotificationPreferences) => savePreferences(p),
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationKeys.preferences, saved);
      setPrefs(null);
      setMessage(t('dashboards.saved'));
    },
    onError: (e) => setMessage(errorMessage(t, e)),
  });
  const save = () => {
    if (prefs) saveMutation.mutate(prefs);
  };
  const loadError = list.error ?? prefsQuery.error;
  const toggleType = (c: string) => prefs && setPrefs({ ...prefs, alertTypes: prefs.alertTypes.includes(c) ? prefs.alertTypes.filter((x) => x !== c) : [...prefs.alertTypes, c] });

  return (
    <div className="notif-page" data-testid="notifications-page">
      <section className="notif-list">
        <header className="notif-list__head">
          <h1>{t('dashboards.notifications.title')}</h1>
          <button type="button" className="button button--small" onClick={() => read()} data-testid="notifications-read-all">{t('dashboards.notifications.readAll')}</button>
        </header>
        {!items ? <p>{t('app.loading')}</p> : !items.length ? <p className="notif-empty">{t('dashboards.notifications.none')}</p> : (
          <ul>
            {items.map((n) => (
              <li key={n.id} className={n.readAt ? 'is-read' : 'is-unread'} style={{ borderLeftColor: SEVERITY_COLOURS[n.severity] ?? '#64748b' }} data-testid={`notification-${n.id}`}>
                <strong>{lang === 'en' ? n.titleEn : n.titleVi}</strong>
                <span>{t(`dashboards.notifications.change.${n.change}`, { defaultValue: n.change })} · {t(`live.severity.${n.severity}`, { defaultValue: n.severity })} · {t(`dashboards.notifications.category.${n.category}`, { defaultValue: n.category })} · {n.place ?? wardNameOf(n.areaCode)} · {formatTime(n.createdAt, lang)}
                  {n.webhookStatus && <> · <span title={n.webhookStatus}>{t(`dashboards.notifications.webhookStatus.${n.webhookStatus.startsWith('failed') ? 'failed' : n.webhookStatus === 'delivered' ? 'delivered' : 'pending'}`)}</span></>}</span>
                {!n.readAt && <button type="button" className="button button--small" onClick={() => read([n.id])}>{t('dashboards.notifications.markRead')}</button>}
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
              <label>{t('dashboards.notifications.emailLanguage')}
                <select value={prefs.language ?? 'vi'} onChange={(e) => setPrefs({ ...prefs, language: e.target.value as 'vi' | 'en' })} data-testid="pref-email-language">
                  <option value="vi">Tiếng Việt</option>
                  <option value="en">English</option>
                </select>
              </label>
            </fieldset>
            {permission !== 'unsupported' && permission !== 'granted' && (
              <button type="button" className="button button--small" onClick={() => void Notification.requestPermission().then(setPermission)}>{t('dashboards.notifications.browser')}</button>
            )}
            <button type="button" className="button button--primary" onClick={save} disabled={saveMutation.isPending} data-testid="pref-save">{t('dashboards.save')}</button>
          </>
        )}
        {message && <p className="notif-hint" role="status">{message}</p>}
        {loadError && <p className="notif-hint" role="alert" data-testid="notifications-error">{errorMessage(t, loadError)}</p>}
      </section>
    </div>
  );
}
