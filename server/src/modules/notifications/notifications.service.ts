// Delivery of alerts to people: on every `alert.changed` that is news (opened, re-fired,
// escalated) each active staff user whose notification preferences match (alert type, lowest
// severity, in-app or webhook) and who may see the alert's area (the alerts module's own
// visibility rule: officers only their areas) gets a stored notification, pushed at once to
// their open notification streams, and POSTed to their webhook URL when they asked for one.
// E-mail goes through the configured SMTP server (SMTP_URL) as one digest per recipient per
// window (EMAIL_DIGEST_SECONDS, see email.ts); SMS/Zalo are not sent in this version.
import type { ServerResponse } from 'node:http';
import type { Alert, AlertChange } from '../../../../shared/contracts/alerts.ts';
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import type { NotificationEvent, UserNotification } from '../../../../shared/contracts/notifications.ts';
import type { AppContext } from '../../platform/context.ts';
import { SseHub, type SseStream } from '../../platform/sse.ts';
import { canSeeArea, type AlertsService } from '../alerts/index.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { outboundUrlProblem, outcomeText, postOutbound, readOutboundPolicy } from '../../platform/http/outbound.ts';
import { notificationsRepository, type Recipient } from './notifications.repository.ts';
import { afterFailedSend, createTransport, digestMessage, failedAttempts, readEmailSettings } from './email.ts';
import { pageLink } from '../../../../shared/routes.ts';

/** Changes that tell a user something new; updates of a value or acknowledgements do not. */
export const NOTIFYING_CHANGES: readonly AlertChange[] = ['opened', 'refired', 'escalated'];

/** CAP severities on the preferences' three steps. */
const SEVERITY_STEP: Record<string, number> = { Minor: 0, Moderate: 1, Severe: 2, Extreme: 2 };
const MIN_STEP: Record<NotificationPreferences['minSeverity'], number> = { info: 0, warning: 1, critical: 2 };

const WEBHOOK_TIMEOUT_MS = 5_000;
const HEARTBEAT_MS = 15_000;

/** Whether an alert is of a type and severity the preferences ask for (channels aside). */
export function matchesPreferences(p: NotificationPreferences, alert: Pick<Alert, 'severity' | 'category' | 'sensorType'>): boolean {
  if ((SEVERITY_STEP[alert.severity] ?? 0) < MIN_STEP[p.minSeverity]) return false;
  if (!p.alertTypes.length) return true;
  const types = new Set(p.alertTypes.map((t) => t.toLowerCase()));
  return types.has(alert.category.toLowerCase()) || (!!alert.sensorType && types.has(alert.sensorType.toLowerCase()));
}

/**
 * Escalation climbs levels, not severity: an alert left unacknowledged reaches, from level 1 on,
 * the roles above the operators whatever severity they filter on (issue 20: escalation
 * notifies higher levels, it never changes what the alert is).
 */
export const ESCALATION_ROLES: readonly string[] = ['leader', 'admin'];
export function reachedByEscalation(role: string, change: AlertChange, level: number): boolean {
  return change === 'escalated' && level >= 1 && ESCALATION_ROLES.includes(role);
}

/** What reaches a user who never saved preferences: alerts of every type from "warning" up, in the app. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = Object.freeze({
  alertTypes: [], minSeverity: 'warning', channels: { inApp: true, email: false, webhook: false }, email: null, webhookUrl: null,
});

export function createNotificationsService(ctx: AppContext, deps: { alerts: AlertsService }) {
  const repo = notificationsRepository(ctx.db.kysely);
  const sse = new SseHub({ heartbeatMs: HEARTBEAT_MS, now: () => ctx.clock.now() });
  const streams = new Map<number, Set<SseStream>>();
  /** Deliveries in flight (tests and shutdown wait for them). */
  const inFlight = new Set<Promise<unknown>>();
  const outbound = { ...readOutboundPolicy(ctx.config), timeoutMs: WEBHOOK_TIMEOUT_MS };
  const email = readEmailSettings(ctx);
  const transport = createTransport(email);
  /** One digest timer per recipient: the window opens with their first pending e-mail. */
  const digestTimers = new Map<number, NodeJS.Timeout>();
  let closed = false;

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  function scheduleDigest(userId: number, lang: 'vi' | 'en', delaySeconds = email.digestSeconds) {
    if (digestTimers.has(userId) || closed) return;
    const timer = setTimeout(() => {
      digestTimers.delete(userId);
      void track(sendDigest(userId, lang).catch((err: unknown) => ctx.log.error({ err, userId }, 'notifications: e-mail digest failed')));
    }, delaySeconds * 1000);
    timer.unref();
    digestTimers.set(userId, timer);
  }

  /**
   * Sends the user's pending e-mail notifications (new ones and those due for another try) as one
   * message; marks them sent, or due again later (the delay doubling), or failed after
   * EMAIL_MAX_ATTEMPTS sends.
   */
  async function sendDigest(userId: number, lang: 'vi' | 'en'): Promise<void> {
    if (!transport) return;
    const rows = await repo.pendingEmails(userId);
    if (!rows.length) return;
    const to = rows[rows.length - 1]!.email_to!;
    const items = rows.slice(-email.maxItems).reverse().map((r) => ({
      severity: r.severity, titleVi: r.title_vi, titleEn: r.title_en, place: r.place, change: r.change, createdAt: new Date(r.created_at),
    }));
    const link = ctx.config.publicUrl ? `${ctx.config.publicUrl}${pageLink.live()}` : null;
    const m = digestMessage(lang, items, rows.length, link);
    const ids = rows.map((r) => Number(r.id));
    try {
      await transport.sendMail({ from: email.from, to, subject: m.subject, text: m.text, textEncoding: 'base64', headers: { 'Content-Language': lang } });
      await repo.setEmailStatus(ids, 'sent');
    } catch (err) {
      const failures = Math.max(...rows.map((r) => failedAttempts(r.email_status)));
      const next = afterFailedSend(failures, err instanceof Error ? err.message : String(err), email);
      ctx.log.warn({ err, userId, attempt: failures + 1, retryInSeconds: next.retryInSeconds }, 'notifications: SMTP server refused or unreachable');
      await repo.setEmailStatus(ids, next.status);
      if (next.retryInSeconds !== null) scheduleDigest(userId, lang, next.retryInSeconds);
    }
  }

  function push(userId: number, event: NotificationEvent) {
    for (const stream of streams.get(userId) ?? []) stream.send({ event: 'notification', data: event });
  }

  /** The outcome shown to the user: a status code or a coarse reason, never the answer (SSRF). */
  async function webhook(url: string, n: UserNotification, alert: Alert): Promise<string> {
    const body = JSON.stringify({ type: 'cityops.notification', notification: n, alert });
    return outcomeText(await postOutbound(url, { headers: { 'content-type': 'application/json', 'user-agent': 'cityops-notifications' }, body }, outbound));
  }

  async function deliverTo(r: Recipient, change: AlertChange, alert: Alert): Promise<void> {
    const p = r.preferences ?? DEFAULT_NOTIFICATION_PREFERENCES;
    const webhookUrl = p.channels.webhook && p.webhookUrl ? p.webhookUrl : null;
    const emailTo = transport && p.channels.email && p.email ? p.email : null;
    if (!p.channels.inApp && !webhookUrl && !emailTo) return;
    if (!matchesPreferences(p, alert) && !reachedByEscalation(r.role, change, alert.escalationLevel)) return;
    const visibility = await deps.alerts.visibility({ id: r.id, username: r.username, role: r.role, unitId: r.unit_id, areaIds: r.area_ids });
    if (!canSeeArea(visibility, alert.areaCode)) return;
    const n = await repo.insert({
      userId: r.id, alertId: alert.id, change, severity: alert.severity, category: alert.category, titleVi: alert.titleVi,
      titleEn: alert.titleEn, areaCode: alert.areaCode, place: alert.place, webhook: !!webhookUrl, emailTo,
    });
    if (emailTo) scheduleDigest(r.id, p.language ?? 'vi');
    if (p.channels.inApp) push(r.id, { notification: n, unread: await repo.unread(r.id) });
    if (webhookUrl) {
      const status = await webhook(webhookUrl, n, alert);
      await repo.setWebhookStatus(n.id, status);
    }
  }

  async function deliver(change: AlertChange, alert: Alert): Promise<void> {
    if (!NOTIFYING_CHANGES.includes(change)) return;
    for (const r of await repo.recipients()) {
      await deliverTo(r, change, alert).catch((err: unknown) => ctx.log.warn({ err, user: r.username, alert: alert.id }, 'notification delivery failed'));
    }
  }

  return {
    /** Which alerts reach the user and where; the defaults until they save their own. */
    async preferences(userId: number): Promise<NotificationPreferences> {
      return (await repo.getPreferences(userId)) ?? DEFAULT_NOTIFICATION_PREFERENCES;
    },

    async savePreferences(userId: number, p: NotificationPreferences): Promise<NotificationPreferences> {
      if (p.channels.email && !p.email) throw badRequest('an e-mail address is needed for e-mail notifications', [{ instancePath: '/email', message: 'required' }]);
      if (p.channels.webhook && !p.webhookUrl) throw badRequest('a webhook URL is needed for webhook notifications');
      const problem = p.webhookUrl ? outboundUrlProblem(p.webhookUrl, outbound) : null;
      if (problem) throw badRequest(`webhookUrl ${problem}`, [{ instancePath: '/webhookUrl', message: problem }]);
      await repo.savePreferences(userId, p, ctx.clock.now());
      return p;
    },

    /**
     * A notification that is not an alert (task reminders and escalations of the tasks module):
     * stored in the user's in-app list and pushed to their open streams.
     */
    async notifyUser(userId: number, n: { change: string; severity: string; category: string; titleVi: string; titleEn: string }): Promise<void> {
      const stored = await repo.insert({ userId, alertId: null, ...n, areaCode: null, place: null, webhook: false });
      push(userId, { notification: stored, unread: await repo.unread(userId) });
    },

    /** Subscribes to the bus; returns how to unsubscribe. */
    listen(): () => void {
      return ctx.events.on('alert.changed', ({ change, alert }) => {
        void track(deliver(change, alert).catch((err: unknown) => ctx.log.error({ err }, 'notifications: delivering an alert failed')));
      });
    },
    /** Resolves once the deliveries started so far are done. */
    async idle(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    async list(userId: number, opts: { unreadOnly: boolean; limit: number; offset: number }) {
      return { notifications: await repo.list(userId, opts), unread: await repo.unread(userId) };
    },
    async markRead(userId: number, ids: number[] | null) {
      const changed = await repo.markRead(userId, ids);
      return { changed, unread: await repo.unread(userId) };
    },
    /** Streams the user's new notifications over a hijacked HTTP response (SSE). */
    attach(res: ServerResponse, userId: number, unread: number) {
      const stream = sse.open(res, { retryMs: 5000 });
      if (stream.closed) return;
      stream.send({ event: 'hello', data: { unread } });
      let set = streams.get(userId);
      if (!set) streams.set(userId, (set = new Set()));
      set.add(stream);
      stream.onClose(() => {
        set.delete(stream);
        if (!set.size) streams.delete(userId);
      });
    },
    /** Sends every digest now (shutdown, tests); the windows start again with the next notification. */
    async flushEmails(): Promise<void> {
      for (const t of digestTimers.values()) clearTimeout(t);
      digestTimers.clear();
      for (const userId of await repo.usersWithPendingEmail()) {
        const lang = (await repo.getPreferences(userId))?.language ?? 'vi';
        await track(sendDigest(userId, lang));
      }
    },
    /** Digests left pending by a stop are sent one window after the start. */
    resumeEmails(): void {
      if (!transport) return;
      void repo.usersWithPendingEmail().then(async (users) => {
        for (const userId of users) scheduleDigest(userId, (await repo.getPreferences(userId))?.language ?? 'vi');
      }).catch((err: unknown) => ctx.log.error({ err }, 'notifications: resuming e-mail digests failed'));
    },
    close() {
      closed = true;
      for (const t of digestTimers.values()) clearTimeout(t);
      digestTimers.clear();
      transport?.close();
      sse.close();
      streams.clear();
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
