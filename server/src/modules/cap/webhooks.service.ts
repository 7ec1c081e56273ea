// Outbound webhooks: every alert change is queued as one delivery per registered URL (JSON, or
// the CAP document), POSTed at once and retried with exponential backoff; every attempt's
// outcome is recorded. Deliveries live in the database, so a restart resumes the pending ones.
import { createHmac } from 'node:crypto';
import type { Alert, AlertChange, Webhook, WebhookDelivery } from '../../../../shared/contracts/alerts.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { readModuleSettings } from '../../config.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { capRepository, type DeliveryRow, type WebhookRow } from './cap.repository.ts';
import type { CapService } from './cap.service.ts';
import type { Actor } from '../../platform/actor.ts';
import { outboundUrlProblem, postOutbound, readOutboundPolicy, type OutboundPolicy } from '../../platform/http/outbound.ts';

export function readWebhookSettings(ctx: AppContext) {
  return readModuleSettings(ctx.config, (env) => ({
    maxAttempts: env.int('WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
    retryBaseMs: env.int('WEBHOOK_RETRY_BASE_MS', 5000, 10, 3_600_000),
    timeoutMs: env.int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    publicUrl: env.str('CITYOPS_PUBLIC_URL', ''),
  }));
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
/** The secret itself is never sent back: only whether there is one. */
const toWebhook = (w: WebhookRow): Webhook => ({
  id: w.id, url: w.url, format: w.format, includePrivate: w.include_private, enabled: w.enabled, createdAt: iso(w.created_at)!, createdBy: w.created_by,
  hasSecret: w.secret !== null,
});

/** A webhook target must pass the outbound guard (https, not this server's network unless allow-listed). */
function checkUrl(url: string, policy: OutboundPolicy) {
  const problem = outboundUrlProblem(url, policy);
  if (problem) throw badRequest(`webhook URL ${problem}: ${url}`, [{ instancePath: '/url', message: problem }]);
}
const toDelivery = (d: DeliveryRow): WebhookDelivery => ({
  id: Number(d.id), webhookId: d.webhook_id, alertId: Number(d.alert_id), event: d.event, status: d.status, attempts: d.attempts,
  nextAttemptAt: iso(d.next_attempt_at)!, lastStatusCode: d.last_status_code, lastError: d.last_error, createdAt: iso(d.created_at)!,
  deliveredAt: iso(d.delivered_at),
});

/** How long the list of webhooks is reused for new alert changes. */
const HOOKS_CACHE_MS = 10_000;

export function createWebhooks(ctx: AppContext, cap: CapService) {
  const repo = capRepository(ctx.db.kysely);
  const settings = readWebhookSettings(ctx);
  const outbound = { ...readOutboundPolicy(ctx.config), timeoutMs: settings.timeoutMs };
  let timer: NodeJS.Timeout | null = null;
  let pumping = false;
  let again = false;
  let closed = false;

  function schedule(at: Date | null) {
    if (closed || !at) return;
    const delay = Math.max(0, at.getTime() - ctx.clock.now().getTime());
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void pump(), Math.min(delay, 60_000));
    timer.unref();
  }

  async function attempt(d: DeliveryRow & { url: string; secret: string | null }) {
    const headers: Record<string, string> = {
      'content-type': d.content_type,
      'user-agent': 'cityops-webhooks/1',
      'x-cityops-event': d.event,
      'x-cityops-delivery': String(d.id),
    };
    if (d.secret) headers['x-cityops-signature'] = `sha256=${createHmac('sha256', d.secret).update(d.body).digest('hex')}`;
    let code: number | null = null;
    let error: string | null = null;
    const outcome = await postOutbound(d.url, { headers, body: d.body }, outbound);
    code = outcome.status;
    // Stored and shown as a code (`HTTP 500`, `unreachable`, `timeout`, `blocked_address`): never the answer.
    if (!outcome.ok) error = outcome.reason === 'http_status' ? `HTTP ${outcome.status}` : outcome.reason;
    const attempts = d.attempts + 1;
    const now = ctx.clock.now();
    const status = error === null ? 'delivered' : attempts >= settings.maxAttempts ? 'failed' : 'pending';
    const next = new Date(now.getTime() + settings.retryBaseMs * 2 ** (attempts - 1));
    await repo.recordAttempt(Number(d.id), { status, code, error, next, at: now });
    if (status === 'failed') ctx.log.warn({ delivery: d.id, url: d.url, error }, 'webhook delivery failed for good');
  }

  async function pump(): Promise<void> {
    if (closed) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        const due = await repo.due(ctx.clock.now(), 20);
        await Promise.all(due.map((d) => attempt(d)));
        if (due.length === 20) again = true;
      } while (again && !closed);
      schedule(await repo.nextDue());
    } catch (err) {
      ctx.log.error({ err }, 'webhook pump failed');
    } finally {
      pumping = false;
    }
  }

  /**
   * The webhooks, cached: every alert change asks for them, and after a burst the rules update
   * hundreds of alerts at once. Changes through this instance drop the cache; another instance's
   * reach this one within HOOKS_CACHE_MS.
   */
  let hooksCache: { rows: Awaited<ReturnType<typeof repo.listWebhooks>>; at: number } | null = null;
  async function currentHooks() {
    // Elapsed time, not the time of day: a monotonic clock that a test clock does not move.
    if (!hooksCache || performance.now() - hooksCache.at > HOOKS_CACHE_MS) hooksCache = { rows: await repo.listWebhooks(), at: performance.now() };
    return hooksCache.rows;
  }

  async function enqueue(change: AlertChange, alert: Alert) {
    const hooks = (await currentHooks()).filter((w) => w.enabled && (alert.public || w.include_private));
    if (!hooks.length) return;
    const base = settings.publicUrl || `http://${ctx.config.host}:${ctx.config.port}`;
    const json = JSON.stringify({ event: `alert.${change}`, alert, cap: alert.public ? `${base}/cap/alerts/${alert.id}.xml` : null });
    const xml = hooks.some((h) => h.format === 'cap') ? await cap.xmlFor(alert, base) : '';
    const now = ctx.clock.now();
    await repo.insertDeliveries(hooks.map((h) => ({
      webhookId: h.id, alertId: alert.id, event: `alert.${change}`,
      contentType: h.format === 'cap' ? 'application/cap+xml' : 'application/json', body: h.format === 'cap' ? xml : json, at: now,
    })));
    await pump();
  }

  return {
    enqueue,
    pump,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
    async list() {
      return { webhooks: (await repo.listWebhooks()).map(toWebhook) };
    },
    async create(actor: Actor, user: AuthenticatedUser, b: { url: string; format?: 'json' | 'cap'; secret?: string; includePrivate?: boolean; enabled?: boolean }) {
      checkUrl(b.url, outbound);
      const w = await repo.insertWebhook({ url: b.url, format: b.format ?? 'json', secret: b.secret ?? null, includePrivate: b.includePrivate ?? false, enabled: b.enabled ?? true }, user.username);
      hooksCache = null;
      await ctx.audit.record(actor, { action: 'webhook.create', targetType: 'webhook', targetId: w.id, details: { url: b.url } });
      return toWebhook(w);
    },
    /** Changes a webhook; a secret left out is kept, null removes it. Queued deliveries keep their body. */
    async update(actor: Actor, id: number, b: { url: string; format?: 'json' | 'cap'; secret?: string | null; includePrivate?: boolean; enabled?: boolean }) {
      checkUrl(b.url, outbound);
      const w = await repo.updateWebhook(id, { url: b.url, format: b.format ?? 'json', secret: b.secret, includePrivate: b.includePrivate ?? false, enabled: b.enabled ?? true });
      hooksCache = null;
      if (!w) throw notFound('webhook');
      await ctx.audit.record(actor, { action: 'webhook.update', targetType: 'webhook', targetId: id, details: { url: b.url, enabled: w.enabled } });
      return toWebhook(w);
    },
    async remove(actor: Actor, id: number) {
      const deleted = await repo.deleteWebhook(id);
      hooksCache = null;
      if (!deleted) throw notFound('webhook');
      await ctx.audit.record(actor, { action: 'webhook.delete', targetType: 'webhook', targetId: id });
    },
    async deliveries(id: number) {
      return { deliveries: (await repo.deliveries(id, 200)).map(toDelivery) };
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
