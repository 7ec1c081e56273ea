// Incidents: made from an alert or any report (free text, a feedback id, a record), located in
// an area, assigned to a unit, worked through the SOP checklist of their type, with a timeline.
import type { AlertSeverity, Incident, IncidentDetail, IncidentStatus, SopStep, SopTemplate } from '../../../../shared/contracts/alerts.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import { areasRepository, localToday } from '../areas/index.ts';
import type { AlertsService, Visibility } from '../alerts/index.ts';
import { incidentsRepository, type IncidentRow, type SopRow, type StepRow } from './incidents.repository.ts';
import { DEFAULT_SOPS, incidentTypeFor } from './sop-templates.ts';
import type { Actor } from '../../platform/actor.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function toIncident(r: IncidentRow): Incident {
  return {
    id: Number(r.id), type: r.type, title: r.title, description: r.description, severity: r.severity as AlertSeverity,
    status: r.status, point: r.point, areaCode: r.area_code, areaName: r.area_name, assignedUnit: r.assigned_unit,
    sourceKind: r.source_kind, sourceRef: r.source_ref, alertId: r.alert_id === null ? null : Number(r.alert_id),
    createdAt: iso(r.created_at)!, createdBy: r.created_by, updatedAt: iso(r.updated_at)!, closedAt: iso(r.closed_at),
    closedBy: r.closed_by, resolution: r.resolution, stepsDone: r.steps_done, stepsTotal: r.steps_total,
  };
}

const toStep = (s: StepRow) => ({
  id: Number(s.id), position: s.position, textVi: s.text_vi, textEn: s.text_en, done: s.done,
  doneAt: iso(s.done_at), doneBy: s.done_by, note: s.note,
});

const toSop = (s: SopRow): SopTemplate => ({
  incidentType: s.incident_type, nameVi: s.name_vi, nameEn: s.name_en, steps: s.steps, builtIn: s.built_in,
  updatedAt: iso(s.updated_at)!, updatedBy: s.updated_by,
});

export function canSeeIncident(v: Visibility, i: { areaCode: string | null; assignedUnit: string | null }): boolean {
  return v.all || (i.areaCode !== null && v.areaCodes.includes(i.areaCode)) || (v.unitCode !== null && i.assignedUnit === v.unitCode);
}

export interface IncidentInput {
  type?: string;
  title?: string;
  description?: string;
  severity?: AlertSeverity;
  point?: { type: 'Point'; coordinates: [number, number] };
  assignedUnit?: string;
  alertId?: number;
  feedbackId?: string;
  recordId?: number;
  comment?: string;
}

/** A change of an incident (PATCH /api/incidents/:id). */
export interface IncidentUpdate {
  status?: IncidentStatus;
  severity?: AlertSeverity;
  assignedUnit?: string | null;
  comment?: string;
  /** How it was resolved: required to close. */
  resolution?: string;
  /** What becomes of its unresolved alerts when it closes: required when there are some. */
  alerts?: 'resolve' | 'keep';
}

export function createIncidentsService(ctx: AppContext, deps: { alerts: AlertsService }) {
  const db = ctx.db.kysely;
  const repo = incidentsRepository(db);
  const { alerts } = deps;

  async function emit(id: number, change: string, actor: string) {
    const row = await repo.get(id);
    if (row) ctx.events.emit('incident.changed', { change, actor, incident: toIncident(row) });
  }

  async function detail(id: number): Promise<IncidentDetail> {
    const row = await repo.get(id);
    if (!row) throw notFound('incident');
    return {
      ...toIncident(row),
      steps: (await repo.steps(id)).map(toStep),
      timeline: (await repo.events(id)).map((e) => ({ id: Number(e.id), at: iso(e.at)!, actor: e.actor, action: e.action, comment: e.comment, details: e.details ?? {} })),
      alerts: (await alerts.ofIncident(id)).map((a) => ({ id: a.id, titleVi: a.titleVi, titleEn: a.titleEn, severity: a.severity, status: a.status })),
    };
  }

  async function visibleDetail(user: AuthenticatedUser, id: number) {
    const d = await detail(id);
    if (!canSeeIncident(await alerts.visibility(user), d)) throw notFound('incident');
    return d;
  }

  /** The smallest area containing the point today (the `/api/areas/locate` logic). */
  async function locate(lon: number, lat: number) {
    const areas = await areasRepository(db).containing(lon, lat, localToday(ctx.clock.now()));
    const a = areas[areas.length - 1];
    return a ? { code: a.code, name: a.name_vi } : null;
  }

  return {
    async seedSops(): Promise<number> {
      let n = 0;
      for (const s of DEFAULT_SOPS) if (await repo.seedSop(s)) n++;
      return n;
    },
    async listSops() {
      return { templates: (await repo.listSops()).map(toSop) };
    },
    async getSop(type: string) {
      const s = await repo.getSop(type);
      if (!s) throw notFound('SOP template');
      return toSop(s);
    },
    async saveSop(actor: Actor, user: AuthenticatedUser, type: string, body: { nameVi: string; nameEn: string; steps: SopStep[] }) {
      const s = await repo.saveSop({ incidentType: type, ...body }, user.username);
      await ctx.audit.record(actor, { action: 'sop-template.save', targetType: 'sop-template', targetId: type });
      return toSop(s);
    },

    async list(user: AuthenticatedUser, q: { status?: string; type?: string; limit?: number; offset?: number }) {
      const v = await alerts.visibility(user);
      const { rows, total } = await repo.list({
        status: q.status?.split(',').filter(Boolean), type: q.type, areaCodes: v.all ? undefined : v.areaCodes, unitCode: v.unitCode,
        limit: q.limit ?? 100, offset: q.offset ?? 0,
      });
      return { total, incidents: rows.map(toIncident) };
    },
    get: visibleDetail,

    async create(actor: Actor, user: AuthenticatedUser, input: IncidentInput): Promise<IncidentDetail> {
      const now = ctx.clock.now();
      let title = input.title;
      let description = input.description ?? '';
      let severity = input.severity;
      let point = input.point?.coordinates ?? null;
      let type = input.type;
      let areaCode: string | null = null;
      let areaName: string | null = null;
      let sourceKind: 'alert' | 'feedback' | 'record' | 'text' = 'text';
      let sourceRef: string | null = null;
      if (input.alertId !== undefined) {
        const a = await alerts.get(user, input.alertId);
        if (a.incidentId !== null) throw new HttpError(409, 'conflict', `the alert is already part of incident ${a.incidentId}`);
        title ??= a.titleVi;
        description ||= a.descriptionVi;
        severity ??= a.severity;
        point ??= a.point?.coordinates ?? null;
        type ??= incidentTypeFor(a.sensorType, a.category);
        areaCode = a.areaCode;
        sourceKind = 'alert';
        sourceRef = String(a.id);
      } else if (input.feedbackId !== undefined) {
        sourceKind = 'feedback';
        sourceRef = input.feedbackId;
      } else if (input.recordId !== undefined) {
        const p = await repo.recordPoint(input.recordId);
        if (p === undefined) throw badRequest(`record ${input.recordId} does not exist`);
        if (p && !point) point = [p.lon, p.lat];
        sourceKind = 'record';
        sourceRef = String(input.recordId);
      }
      if (!type) throw badRequest('type is required (or give an alertId)');
      if (!title) throw badRequest('title is required (or give an alertId)');
      const sop = await repo.getSop(type);
      if (!sop) throw badRequest(`unknown incident type ${type}: no SOP template (see /api/sop-templates)`);
      if (input.assignedUnit && !(await repo.unitExists(input.assignedUnit))) throw badRequest(`unknown unit ${input.assignedUnit}`);
      if (point) {
        const area = await locate(point[0], point[1]);
        if (area) {
          areaCode = area.code;
          areaName = area.name;
        }
      }
      const id = await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        const id = await r.insert({
          type, title: title!, description, severity: severity ?? 'Moderate', lon: point?.[0] ?? null, lat: point?.[1] ?? null,
          areaCode, areaName, assignedUnit: input.assignedUnit ?? null, sourceKind, sourceRef,
          alertId: input.alertId ?? null, at: now, actor: user.username,
        });
        await r.insertSteps(id, sop.steps);
        await r.addEvent(id, { at: now, actor: user.username, action: 'created', comment: input.comment ?? null, details: { sourceKind, sourceRef, sop: type } });
        return Number(id);
      });
      if (input.alertId !== undefined) await alerts.linkIncident(input.alertId, id, user.username, input.comment ?? null);
      await ctx.audit.record(actor, { action: 'incident.create', targetType: 'incident', targetId: id, details: { sourceKind, sourceRef } });
      await emit(id, 'created', user.username);
      return detail(id);
    },

    async update(actor: Actor, user: AuthenticatedUser, id: number, f: IncidentUpdate) {
      const before = await visibleDetail(user, id);
      if (f.assignedUnit && !(await repo.unitExists(f.assignedUnit))) throw badRequest(`unknown unit ${f.assignedUnit}`);
      const now = ctx.clock.now();
      const changes: Record<string, unknown> = {};
      if (f.status !== undefined && f.status !== before.status) changes.status = { from: before.status, to: f.status };
      const closing = f.status === 'closed' && before.status !== 'closed';
      const reopening = f.status !== undefined && f.status !== 'closed' && before.status === 'closed';
      const resolution = f.resolution?.trim() ?? '';
      const unresolvedAlerts = before.alerts.filter((a) => a.status !== 'resolved');
      if (closing) {
        // Closing is a decision: how it was resolved, why steps were left, what becomes of its alerts.
        if (!resolution) throw badRequest('a resolution is required to close an incident', [{ instancePath: '/resolution', message: 'required' }]);
        const openSteps = before.steps.filter((x) => !x.done).length;
        if (openSteps && !f.comment?.trim()) {
          throw badRequest(`${openSteps} of ${before.steps.length} steps are not done: give the reason in comment`, [{ instancePath: '/comment', message: 'required' }]);
        }
        if (unresolvedAlerts.length && !f.alerts) {
          throw badRequest(`the incident has ${unresolvedAlerts.length} unresolved alert(s): say whether to resolve or keep them (alerts)`, [{ instancePath: '/alerts', message: 'required' }]);
        }
        changes.resolution = resolution;
        if (openSteps) changes.openSteps = openSteps;
        if (unresolvedAlerts.length) changes.alerts = { action: f.alerts, ids: unresolvedAlerts.map((a) => a.id) };
      } else if (f.resolution !== undefined) {
        throw badRequest('a resolution is given only when closing', [{ instancePath: '/resolution', message: 'only with status closed' }]);
      }
      if (reopening && !f.comment?.trim()) throw badRequest('a reason (comment) is required to reopen an incident', [{ instancePath: '/comment', message: 'required' }]);
      if (before.status === 'closed' && !reopening && (f.severity !== undefined || f.assignedUnit !== undefined)) {
        throw new HttpError(409, 'conflict', 'the incident is closed: reopen it first');
      }
      if (f.severity !== undefined && f.severity !== before.severity) changes.severity = { from: before.severity, to: f.severity };
      if (f.assignedUnit !== undefined && f.assignedUnit !== before.assignedUnit) changes.assignedUnit = { from: before.assignedUnit, to: f.assignedUnit };
      if (!Object.keys(changes).length && !f.comment) return before;
      await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        await r.update(id, {
          ...(changes.status ? { status: f.status!, closedBy: user.username, resolution: closing ? resolution : null } : {}),
          ...(changes.severity ? { severity: f.severity! } : {}),
          ...(changes.assignedUnit ? { assignedUnit: f.assignedUnit ?? null } : {}),
        }, now);
        const action = reopening ? 'reopened' : changes.status ? `status:${f.status}` : Object.keys(changes).length ? 'updated' : 'comment';
        await r.addEvent(id, { at: now, actor: user.username, action, comment: f.comment ?? null, details: changes });
      });
      if (closing && f.alerts === 'resolve') {
        for (const a of unresolvedAlerts) await alerts.resolve(actor, user, a.id, `Sự cố #${id} đã đóng / incident #${id} closed: ${resolution}`);
      }
      await ctx.audit.record(actor, { action: 'incident.update', targetType: 'incident', targetId: id, details: changes });
      await emit(id, changes.status ? 'status' : 'updated', user.username);
      return detail(id);
    },

    async updateStep(actor: Actor, user: AuthenticatedUser, id: number, stepId: number, f: { done?: boolean; note?: string | null; textVi?: string; textEn?: string }) {
      const inc = await visibleDetail(user, id);
      if (inc.status === 'closed') throw new HttpError(409, 'conflict', 'the incident is closed');
      const step = await repo.step(id, stepId);
      if (!step) throw notFound('step');
      const now = ctx.clock.now();
      await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        await r.updateStep(stepId, f, user.username, now);
        // The first ticked step puts an open incident in progress.
        if (f.done && inc.status === 'open') await r.update(id, { status: 'in_progress' }, now);
        else await r.touch(id, now);
        const action = f.done === true ? 'step.done' : f.done === false ? 'step.undone' : 'step.edited';
        await r.addEvent(id, { at: now, actor: user.username, action, comment: f.note ?? null, details: { stepId, position: step.position, text: f.textVi ?? step.text_vi } });
      });
      await emit(id, 'step', user.username);
      return detail(id);
    },

    async addStep(user: AuthenticatedUser, id: number, s: { textVi: string; textEn?: string }) {
      const inc = await visibleDetail(user, id);
      if (inc.status === 'closed') throw new HttpError(409, 'conflict', 'the incident is closed');
      const now = ctx.clock.now();
      await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        await r.insertSteps(id, [{ vi: s.textVi, en: s.textEn ?? s.textVi }], (await r.maxPosition(id)) + 1);
        await r.touch(id, now);
        await r.addEvent(id, { at: now, actor: user.username, action: 'step.added', details: { text: s.textVi } });
      });
      await emit(id, 'step', user.username);
      return detail(id);
    },
  };
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;
