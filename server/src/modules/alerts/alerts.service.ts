// Alerts: the rule engine (readings → open / update / clear), the lifecycle open →
// acknowledged → resolved with a timeline, manual alerts and escalation of unacknowledged ones.
import type {
  Alert, AlertChange, AlertDetail, AlertRule, AlertRuleListItem, AlertSeverity, AlertCategory, RuleCondition, TimelineEntry,
} from '../../../../shared/contracts/alerts.ts';
import type { SensorReadingEvent } from '../../../../shared/contracts/sensors.ts';
import type { AppContext } from '../../platform/context.ts';
import { readModuleSettings } from '../../config.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { alertsRepository, type AlertRow, type EventRow, type RuleRow, type RuleWrite } from './alerts.repository.ts';
import { conditionIssue, conditionUsesMetric, evaluateReading, evaluateSilence, hasNoData, type ConditionState } from './conditions.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/actor.ts';

/** A sensor reading as published by the sensors module on `sensor.readings`. */
export type SensorReading = SensorReadingEvent;

export interface AlertSettings {
  escalateMinutes: number;
  /** How often the background job checks for silent sensors and due escalations. */
  checkSeconds: number;
}

export function readAlertSettings(ctx: AppContext): AlertSettings {
  return readModuleSettings(ctx.config, (env) => ({
    escalateMinutes: env.int('ALERT_ESCALATE_MINUTES', 10, 1, 24 * 60),
    checkSeconds: env.int('ALERT_CHECK_SECONDS', 30, 1, 3600),
  }));
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function toAlert(r: AlertRow): Alert {
  return {
    id: Number(r.id),
    ruleId: r.rule_id,
    sensorId: r.sensor_id,
    sensorType: r.sensor_type,
    metric: r.metric,
    source: r.source,
    status: r.status,
    severity: r.severity as AlertSeverity,
    category: r.category as AlertCategory,
    titleVi: r.title_vi,
    titleEn: r.title_en,
    descriptionVi: r.description_vi,
    descriptionEn: r.description_en,
    instructionVi: r.instruction_vi,
    instructionEn: r.instruction_en,
    areaCode: r.area_code,
    place: r.place,
    point: r.point,
    public: r.public,
    value: r.value,
    peakValue: r.peak_value,
    updateCount: r.update_count,
    openedAt: iso(r.opened_at)!,
    lastFiredAt: iso(r.last_fired_at)!,
    clearedAt: iso(r.cleared_at),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: iso(r.resolved_at),
    resolvedBy: r.resolved_by,
    escalationLevel: r.escalation_level,
    escalatedAt: iso(r.escalated_at),
    incidentId: r.incident_id === null ? null : Number(r.incident_id),
    createdBy: r.created_by,
    updatedAt: iso(r.updated_at)!,
  };
}

export function toTimeline(e: EventRow): TimelineEntry {
  return { id: Number(e.id), at: iso(e.at)!, actor: e.actor, action: e.action, comment: e.comment, details: e.details ?? {} };
}

export function toRule(r: RuleRow): AlertRule {
  return {
    id: r.id,
    key: r.key,
    nameVi: r.name_vi,
    nameEn: r.name_en,
    enabled: r.enabled,
    sensorType: r.sensor_type,
    sensorId: r.sensor_id,
    areaCode: r.area_code,
    condition: r.condition,
    severity: r.severity as AlertSeverity,
    category: r.category as AlertCategory,
    public: r.public,
    autoResolve: r.auto_resolve,
    instructionVi: r.instruction_vi,
    instructionEn: r.instruction_en,
    updatedAt: iso(r.updated_at)!,
    updatedBy: r.updated_by,
  };
}

/** What a user may see: everything, or (officers) only their areas and unit. */
export interface Visibility {
  all: boolean;
  areaCodes: string[];
  unitCode: string | null;
}

export function canSeeArea(v: Visibility, areaCode: string | null): boolean {
  return v.all || (areaCode !== null && v.areaCodes.includes(areaCode));
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

export function createAlertsService(ctx: AppContext) {
  const db = ctx.db.kysely;
  const repo = alertsRepository(db);
  let rulesCache: RuleRow[] | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs engine work one batch at a time, in arrival order (no two batches race on one alert). */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  /** The evaluation waiting for its turn, which later batches join (null when none waits). */
  let waiting: { readings: SensorReading[]; batches: number; done: Promise<void> } | null = null;
  const stats = { batches: 0, readings: 0, evaluations: 0, merged: 0, maxMerged: 0 };

  async function rules(): Promise<RuleRow[]> {
    rulesCache ??= (await repo.listRules()).filter((r) => r.enabled);
    return rulesCache;
  }

  async function emit(id: number, change: AlertChange, actor: string) {
    const row = await repo.getAlert(id);
    if (row) ctx.events.emit('alert.changed', { change, actor, alert: toAlert(row) });
  }

  function matches(rule: RuleRow, sensorId: string, sensorType: string, areaCodes: string[]): boolean {
    return (rule.sensor_type === null || rule.sensor_type === sensorType)
      && (rule.sensor_id === null || rule.sensor_id === sensorId)
      && (rule.area_code === null || areaCodes.includes(rule.area_code));
  }

  function describe(rule: RuleRow, sensorName: string, metric: string | null, value: number | null, silentMinutes?: number) {
    if (silentMinutes !== undefined) {
      return {
        vi: `${sensorName}: không có dữ liệu trong ${Math.round(silentMinutes)} phút.`,
        en: `${sensorName}: no data for ${Math.round(silentMinutes)} minutes.`,
      };
    }
    const v = value === null ? '' : ` ${metric ?? ''} = ${fmt(value)}`;
    return { vi: `${sensorName}:${v} (quy tắc «${rule.name_vi}»).`, en: `${sensorName}:${v} (rule "${rule.name_en}").` };
  }

  /** A rule became (or stays) active for a sensor: open an alert, or update the unresolved one. */
  async function fire(rule: RuleRow, sensor: { id: string; type: string; areaCodes: string[] }, metric: string | null, value: number | null, at: Date, silentMinutes?: number, peak: number | null = value) {
    const info = (await repo.sensorInfo([sensor.id])).get(sensor.id);
    const name = info?.name ?? sensor.id;
    const d = describe(rule, name, metric, value, silentMinutes);
    const result = await db.transaction().execute(async (trx) => {
      const r = alertsRepository(trx);
      const existing = await r.unresolvedFor(rule.id, sensor.id);
      if (existing) {
        const reopen = existing.cleared_at !== null;
        await r.refire(Number(existing.id), value, peak, d.vi, d.en, at, reopen);
        if (reopen) await r.addEvent(Number(existing.id), { at, actor: 'system', action: 'refired', details: { value, metric } });
        return { id: Number(existing.id), change: (reopen ? 'refired' : 'updated') as AlertChange };
      }
      const id = await r.insertAlert({
        ruleId: rule.id, sensorId: sensor.id, sensorType: sensor.type, metric, source: 'rule',
        severity: rule.severity, category: rule.category,
        titleVi: `${rule.name_vi} — ${name}`, titleEn: `${rule.name_en} — ${name}`,
        descriptionVi: d.vi, descriptionEn: d.en, instructionVi: rule.instruction_vi, instructionEn: rule.instruction_en,
        // Area codes run from the city down to the ward: the alert belongs to the most specific one.
        areaCode: sensor.areaCodes[sensor.areaCodes.length - 1] ?? null, place: name, lon: info?.lon ?? null, lat: info?.lat ?? null,
        public: rule.public, value, peak, at, createdBy: 'system',
      });
      await r.addEvent(id, { at, actor: 'system', action: 'opened', details: { ruleId: rule.id, sensorId: sensor.id, metric, value } });
      return { id, change: 'opened' as AlertChange };
    });
    await emit(result.id, result.change, 'system');
  }

  /** The condition ended: mark the alert cleared (and resolve it when the rule says so). */
  async function clear(rule: RuleRow, sensorId: string, value: number | null, at: Date) {
    const done = await db.transaction().execute(async (trx) => {
      const r = alertsRepository(trx);
      const existing = await r.unresolvedFor(rule.id, sensorId);
      if (!existing || existing.cleared_at !== null) return null;
      const id = Number(existing.id);
      await r.setCleared(id, at);
      await r.addEvent(id, { at, actor: 'system', action: 'cleared', details: { value } });
      if (rule.auto_resolve) {
        await r.setStatus(id, 'resolved', 'system', at);
        await r.addEvent(id, { at, actor: 'system', action: 'resolved', comment: 'Điều kiện đã hết / condition ended' });
        return { id, change: 'resolved' as AlertChange };
      }
      return { id, change: 'cleared' as AlertChange };
    });
    if (done) await emit(done.id, done.change, 'system');
  }

  async function evaluateBatch(readings: SensorReading[]): Promise<void> {
    if (!readings.length) return;
    const latestBySensor = new Map<string, SensorReading>();
    for (const r of readings) {
      const prev = latestBySensor.get(r.sensorId);
      if (!prev || prev.ts < r.ts) latestBySensor.set(r.sensorId, r);
    }
    const seen = [...latestBySensor.values()].map((r) => ({ sensorId: r.sensorId, sensorType: r.sensorType, areaCodes: r.areaCodes, ts: r.ts }));
    const active = await rules();
    // Which rules apply depends on the sensor and the metric only: decided once per pair, not per reading.
    const pairs = new Map<string, { rule: RuleRow; readings: SensorReading[] }>();
    const pairsOf = new Map<string, { rule: RuleRow; readings: SensorReading[] }[]>();
    for (const r of readings) {
      const mk = `${r.sensorId}\u0000${r.metric}`;
      let targets = pairsOf.get(mk);
      if (!targets) {
        targets = [];
        for (const rule of active) {
          if (!matches(rule, r.sensorId, r.sensorType, r.areaCodes) || !conditionUsesMetric(rule.condition, r.metric)) continue;
          const k = `${rule.id}|${r.sensorId}`;
          let p = pairs.get(k);
          if (!p) pairs.set(k, (p = { rule, readings: [] }));
          targets.push(p);
        }
        pairsOf.set(mk, targets);
      }
      for (const p of targets) p.readings.push(r);
    }
    if (!pairs.size) {
      await repo.markSeen(seen);
      return;
    }
    const states = new Map(
      (await repo.loadStates([...new Set([...pairs.values()].map((p) => p.rule.id))], [...latestBySensor.keys()]))
        .map((s): [string, ConditionState] => [`${s.rule_id}|${s.sensor_id}`, s.state]),
    );
    const save: { ruleId: number; sensorId: string; state: ConditionState }[] = [];
    const transitions: (() => Promise<void>)[] = [];
    /** Runs that continue an alert already active before this evaluation: updated in one statement. */
    const stillActive: { rule: RuleRow; reading: SensorReading; peak: number }[] = [];
    for (const [k, { rule, readings: rs }] of pairs) {
      const before = states.get(k);
      let state = before;
      // A merged evaluation holds many batches: every reading is applied in time order, and each
      // activation inside it is replayed (opened at its first reading, updated with its last one,
      // cleared where it ended), so a crossing that starts and ends within the merge is not lost.
      rs.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
      let run: SensorReading[] = [];
      let wasActive = before?.active ?? false;
      const sensorOf = (r: SensorReading) => ({ id: r.sensorId, type: r.sensorType, areaCodes: r.areaCodes });
      const transitionsBefore = transitions.length;
      const endRun = (opened: boolean) => {
        if (!run.length) return;
        const first = run[0]!;
        const last = run[run.length - 1]!;
        // The peak is the highest value of the run's readings of the alert's metric.
        let peak = -Infinity;
        for (const r of run) if (r.metric === last.metric && r.value > peak) peak = r.value;
        if (!opened && transitions.length === transitionsBefore) {
          stillActive.push({ rule, reading: last, peak });
          return;
        }
        if (opened && run.length > 1) transitions.push(() => fire(rule, sensorOf(first), first.metric, first.value, new Date(first.ts), undefined, first.value));
        transitions.push(() => fire(rule, sensorOf(last), last.metric, last.value, new Date(last.ts), undefined, peak));
      };
      let opened = false;
      for (const r of rs) {
        state = evaluateReading(rule.condition, state, { metric: r.metric, t: Date.parse(r.ts), value: r.value });
        if (state.active) {
          if (!wasActive) {
            run = [];
            opened = true;
          }
          run.push(r);
        } else if (wasActive) {
          endRun(opened);
          run = [];
          opened = false;
          transitions.push(() => clear(rule, r.sensorId, r.value, new Date(r.ts)));
        }
        wasActive = state.active;
      }
      if (wasActive) endRun(opened);
      save.push({ ruleId: rule.id, sensorId: rs[0]!.sensorId, state: state! });
    }
    await repo.saveEvaluation(seen, save, ctx.clock.now());
    await refireStillActive(stillActive);
    for (const t of transitions) await t();
  }

  /**
   * Updates the alerts of rules that stayed active, in one statement: after a burst, hundreds of
   * sensors stay above a threshold and updating them one by one kept the engine seconds behind.
   */
  async function refireStillActive(items: { rule: RuleRow; reading: SensorReading; peak: number }[]): Promise<void> {
    if (!items.length) return;
    const info = await repo.sensorInfo([...new Set(items.map((x) => x.reading.sensorId))]);
    const rows = items.map(({ rule, reading: r, peak }) => {
      const d = describe(rule, info.get(r.sensorId)?.name ?? r.sensorId, r.metric, r.value);
      return { ruleId: rule.id, sensorId: r.sensorId, value: r.value, peak, descVi: d.vi, descEn: d.en, at: new Date(r.ts) };
    });
    const updated = await repo.refireActive(rows);
    const done = new Set(updated.map((a) => `${a.rule_id}|${a.sensor_id}`));
    for (const a of updated) ctx.events.emit('alert.changed', { change: 'updated', actor: 'system', alert: toAlert(a) });
    // No open alert to update (resolved by an operator, or cleared meanwhile): the usual path opens or re-fires one.
    for (const { rule, reading: r, peak } of items) {
      if (!done.has(`${rule.id}|${r.sensorId}`)) await fire(rule, { id: r.sensorId, type: r.sensorType, areaCodes: r.areaCodes }, r.metric, r.value, new Date(r.ts), undefined, peak);
    }
  }

  /** Checks silent sensors against the rules that have a no-data condition. */
  async function checkSilence(): Promise<void> {
    const silenceRules = (await rules()).filter((r) => hasNoData(r.condition));
    if (!silenceRules.length) return;
    const now = ctx.clock.now();
    const sensors = await repo.lastSeen();
    const states = new Map(
      (await repo.loadStates(silenceRules.map((r) => r.id), sensors.map((s) => s.sensor_id))).map((s): [string, ConditionState] => [`${s.rule_id}|${s.sensor_id}`, s.state]),
    );
    const save: { ruleId: number; sensorId: string; state: ConditionState }[] = [];
    for (const s of sensors) {
      for (const rule of silenceRules) {
        if (!matches(rule, s.sensor_id, s.sensor_type, s.area_codes)) continue;
        const k = `${rule.id}|${s.sensor_id}`;
        const before = states.get(k);
        const silent = (now.getTime() - new Date(s.last_ts).getTime()) / 60_000;
        const after = evaluateSilence(rule.condition, before, silent);
        if (after.active === (before?.active ?? false)) continue;
        save.push({ ruleId: rule.id, sensorId: s.sensor_id, state: after });
        if (after.active) await fire(rule, { id: s.sensor_id, type: s.sensor_type, areaCodes: s.area_codes }, null, null, now, silent);
      }
    }
    await repo.saveStates(save, now);
  }

  function actorOf(user: AuthenticatedUser) {
    return user.username;
  }

  async function transition(actor: Actor, user: AuthenticatedUser, id: number, to: 'acknowledged' | 'resolved', comment: string | undefined): Promise<AlertDetail> {
    const now = ctx.clock.now();
    await db.transaction().execute(async (trx) => {
      const r = alertsRepository(trx);
      const a = await r.getAlert(id, true);
      if (!a) throw notFound('alert');
      if (a.status === 'resolved') throw new HttpError(409, 'conflict', 'the alert is already resolved');
      if (to === 'acknowledged' && a.status === 'acknowledged') throw new HttpError(409, 'conflict', 'the alert is already acknowledged');
      if (to === 'resolved' && a.status === 'open') {
        // Resolving directly implies the acknowledgement: the timeline says so.
        await r.setStatus(id, 'acknowledged', actorOf(user), now);
        await r.addEvent(id, { at: now, actor: actorOf(user), action: 'acknowledged', comment: null, details: { implicit: true } });
      }
      await r.setStatus(id, to, actorOf(user), now);
      await r.addEvent(id, { at: now, actor: actorOf(user), action: to, comment: comment ?? null });
    });
    await ctx.audit.record(actor, { action: `alert.${to === 'acknowledged' ? 'acknowledge' : 'resolve'}`, targetType: 'alert', targetId: id, details: { comment: comment ?? null } });
    await emit(id, to, actorOf(user));
    return detail(id);
  }

  async function detail(id: number): Promise<AlertDetail> {
    const a = await repo.getAlert(id);
    if (!a) throw notFound('alert');
    return { ...toAlert(a), timeline: (await repo.events(id)).map(toTimeline) };
  }

  async function visibility(user: AuthenticatedUser): Promise<Visibility> {
    if (user.role !== 'officer') return { all: true, areaCodes: [], unitCode: null };
    return { all: false, areaCodes: await repo.userAreaCodes(user.id), unitCode: await repo.unitCode(user.unitId) };
  }

  function ruleWrite(input: Omit<AlertRule, 'id' | 'key' | 'updatedAt' | 'updatedBy'>): RuleWrite {
    // Details in the shape of the schema validator's errors, so clients place them by field.
    const issue = conditionIssue(input.condition);
    if (issue) throw badRequest(issue.message, [{ instancePath: issue.path, message: issue.message }]);
    return {
      // Empty strings (JSON null coerced by the schema) mean "any".
      nameVi: input.nameVi, nameEn: input.nameEn, enabled: input.enabled, sensorType: input.sensorType || null,
      sensorId: input.sensorId || null, areaCode: input.areaCode || null, condition: input.condition as RuleCondition,
      severity: input.severity, category: input.category, public: input.public, autoResolve: input.autoResolve,
      instructionVi: input.instructionVi || null, instructionEn: input.instructionEn || null,
    };
  }

  return {
    repo,
    /**
     * Evaluates readings, serialised with the other engine work. At most one evaluation waits:
     * batches arriving while another runs join it, so the queue never outgrows the engine.
     */
    evaluate(readings: SensorReading[]): Promise<void> {
      stats.batches++;
      stats.readings += readings.length;
      if (waiting) {
        for (const r of readings) waiting.readings.push(r);
        waiting.batches++;
        stats.merged++;
        return waiting.done;
      }
      const w: { readings: SensorReading[]; batches: number; done: Promise<void> } = { readings: [...readings], batches: 1, done: Promise.resolve() };
      w.done = serial(() => {
        if (waiting === w) waiting = null;
        stats.evaluations++;
        stats.maxMerged = Math.max(stats.maxMerged, w.batches);
        return evaluateBatch(w.readings);
      });
      waiting = w;
      return w.done;
    },
    /** Engine queue counters: waiting is 0 or 1 by construction; merged batches joined a waiting one. */
    engineStats: () => ({ ...stats, waiting: waiting ? 1 : 0, waitingReadings: waiting?.readings.length ?? 0 }),
    checkSilence: () => serial(() => checkSilence()),
    /** Escalates every alert left unacknowledged for the configured minutes; returns their ids. */
    escalateDue: () => serial(async () => {
      const { escalateMinutes } = readAlertSettings(ctx);
      const now = ctx.clock.now();
      const ids = await repo.dueForEscalation(new Date(now.getTime() - escalateMinutes * 60_000));
      for (const id of ids) {
        const changed = await db.transaction().execute(async (trx) => {
          const r = alertsRepository(trx);
          const a = await r.getAlert(id, true);
          if (!a || a.status !== 'open') return false;
          // Escalation tells higher levels (notifications reach leaders at level ≥ 1); the alert
          // stays what it is: its severity is the rule's, never raised by waiting.
          await r.setEscalated(id, a.escalation_level + 1, now);
          await r.addEvent(id, {
            at: now, actor: 'system', action: 'escalated',
            comment: `Chưa được xác nhận sau ${escalateMinutes} phút / not acknowledged after ${escalateMinutes} minutes`,
            details: { level: a.escalation_level + 1, severity: a.severity },
          });
          return true;
        });
        if (changed) {
          await ctx.audit.record(SYSTEM_ACTOR, { action: 'alert.escalate', targetType: 'alert', targetId: id });
          await emit(id, 'escalated', 'system');
        }
      }
      return ids;
    }),
    invalidateRules() {
      rulesCache = null;
    },
    visibility,
    async list(user: AuthenticatedUser, q: { status?: string; severity?: string; area?: string; from?: string; to?: string; limit?: number; offset?: number }) {
      const v = await visibility(user);
      const split = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
      let areaCodes = split(q.area);
      if (!v.all) areaCodes = areaCodes ? areaCodes.filter((c) => v.areaCodes.includes(c)) : v.areaCodes;
      const { rows, total } = await repo.listAlerts({
        status: split(q.status), severity: split(q.severity), areaCodes, from: q.from, to: q.to,
        limit: q.limit ?? 100, offset: q.offset ?? 0,
      });
      return { total, alerts: rows.map(toAlert) };
    },
    async get(user: AuthenticatedUser, id: number): Promise<AlertDetail> {
      const d = await detail(id);
      if (!canSeeArea(await visibility(user), d.areaCode)) throw notFound('alert');
      return d;
    },
    detail,
    acknowledge: (actor: Actor, user: AuthenticatedUser, id: number, comment?: string) => transition(actor, user, id, 'acknowledged', comment),
    /**
     * Acknowledges several alerts at once (the live screen's bulk action): each open alert the user
     * may see is acknowledged with the comment; the others are listed with the reason they were skipped.
     */
    async acknowledgeMany(actor: Actor, user: AuthenticatedUser, ids: number[], comment?: string) {
      const v = await visibility(user);
      const acknowledged: number[] = [];
      const skipped: { id: number; reason: 'not_found' | 'not_open' }[] = [];
      for (const id of [...new Set(ids)]) {
        const a = await repo.getAlert(id);
        if (!a || !canSeeArea(v, a.area_code)) skipped.push({ id, reason: 'not_found' });
        else if (a.status !== 'open') skipped.push({ id, reason: 'not_open' });
        else {
          await transition(actor, user, id, 'acknowledged', comment);
          acknowledged.push(id);
        }
      }
      return { acknowledged, skipped };
    },
    resolve: (actor: Actor, user: AuthenticatedUser, id: number, comment?: string) => transition(actor, user, id, 'resolved', comment),
    async createManual(actor: Actor, user: AuthenticatedUser, input: {
      titleVi: string; titleEn?: string; descriptionVi?: string; descriptionEn?: string; severity: AlertSeverity; category: AlertCategory;
      areaCode?: string; place?: string; point?: { type: 'Point'; coordinates: [number, number] }; public?: boolean;
      instructionVi?: string; instructionEn?: string; comment?: string;
    }): Promise<AlertDetail> {
      const now = ctx.clock.now();
      const [lon, lat] = input.point?.coordinates ?? [null, null];
      const id = await db.transaction().execute(async (trx) => {
        const r = alertsRepository(trx);
        const id = await r.insertAlert({
          ruleId: null, sensorId: null, sensorType: null, metric: null, source: 'manual', severity: input.severity, category: input.category,
          titleVi: input.titleVi, titleEn: input.titleEn ?? input.titleVi, descriptionVi: input.descriptionVi ?? '',
          descriptionEn: input.descriptionEn ?? input.descriptionVi ?? '', instructionVi: input.instructionVi ?? null,
          instructionEn: input.instructionEn ?? null, areaCode: input.areaCode ?? null, place: input.place ?? null,
          lon: lon ?? null, lat: lat ?? null, public: input.public ?? false, value: null, peak: null, at: now, createdBy: user.username,
        });
        await r.addEvent(id, { at: now, actor: user.username, action: 'opened', comment: input.comment ?? null, details: { manual: true } });
        return id;
      });
      await ctx.audit.record(actor, { action: 'alert.create', targetType: 'alert', targetId: id });
      await emit(id, 'opened', user.username);
      return detail(id);
    },
    /** The alerts linked to an incident (called by the incidents module). */
    async ofIncident(incidentId: number): Promise<Alert[]> {
      return (await repo.ofIncident(incidentId)).map(toAlert);
    },
    /** Links an alert to the incident made from it (called by the incidents module). */
    async linkIncident(alertId: number, incidentId: number, actor: string, comment: string | null) {
      const now = ctx.clock.now();
      await repo.setIncident(alertId, incidentId, now);
      await repo.addEvent(alertId, { at: now, actor, action: 'incident', comment, details: { incidentId } });
      await emit(alertId, 'incident', actor);
    },
    /** Takes an alert out of an incident (called by the incidents module). */
    async unlinkIncident(alertId: number, incidentId: number, actor: string) {
      const now = ctx.clock.now();
      await repo.setIncident(alertId, null, now);
      await repo.addEvent(alertId, { at: now, actor, action: 'incident.unlinked', comment: null, details: { incidentId } });
      await emit(alertId, 'incident', actor);
    },

    // ---- rules CRUD
    /** Every rule with the number of its unresolved alerts (`unresolvedAlerts`). */
    async listRules(): Promise<{ rules: AlertRuleListItem[] }> {
      const [rows, counts] = await Promise.all([repo.listRules(), repo.unresolvedCountsByRule()]);
      return { rules: rows.map((r) => ({ ...toRule(r), unresolvedAlerts: counts.get(r.id) ?? 0 })) };
    },
    async getRule(id: number) {
      const r = await repo.getRule(id);
      if (!r) throw notFound('alert rule');
      return toRule(r);
    },
    async createRule(actor: Actor, user: AuthenticatedUser, input: Omit<AlertRule, 'id' | 'key' | 'updatedAt' | 'updatedBy'>) {
      const row = await repo.insertRule(ruleWrite(input), user.username);
      rulesCache = null;
      await ctx.audit.record(actor, { action: 'alert-rule.create', targetType: 'alert-rule', targetId: row.id });
      return toRule(row);
    },
    async updateRule(actor: Actor, user: AuthenticatedUser, id: number, input: Omit<AlertRule, 'id' | 'key' | 'updatedAt' | 'updatedBy'>) {
      const row = await repo.updateRule(id, ruleWrite(input), user.username);
      if (!row) throw notFound('alert rule');
      rulesCache = null;
      await ctx.audit.record(actor, { action: 'alert-rule.update', targetType: 'alert-rule', targetId: id });
      return toRule(row);
    },
    async deleteRule(actor: Actor, id: number) {
      if (!(await repo.deleteRule(id))) throw notFound('alert rule');
      rulesCache = null;
      await ctx.audit.record(actor, { action: 'alert-rule.delete', targetType: 'alert-rule', targetId: id });
    },
    async seedRules(defs: (RuleWrite & { key: string })[]) {
      let added = 0;
      for (const d of defs) if (await repo.insertRule(d, 'system')) added++;
      rulesCache = null;
      return added;
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
