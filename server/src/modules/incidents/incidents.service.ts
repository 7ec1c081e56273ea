// Incidents: made from an alert or any report (free text, a feedback id, a record), located in
// an area, assigned to a unit, worked through the SOP checklist of their type, with a timeline.
import type { AlertSeverity, Incident, IncidentDetail, IncidentSort, IncidentStatus, SopStep, SopTemplate } from '../../../../shared/contracts/alerts.ts';
import type { AppContext } from '../../platform/context.ts';
import { readModuleSettings } from '../../config.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import { areasRepository, localToday } from '../areas/index.ts';
import type { AlertsService, Visibility } from '../alerts/index.ts';
import { incidentsRepository, type IncidentRow, type SopRow, type StepRow } from './incidents.repository.ts';
import { DEFAULT_SOPS, incidentTypeFor } from './sop-templates.ts';
import type { Actor } from '../../platform/actor.ts';

/** Settings of the incidents module (environment variables). */
export function readIncidentSettings(ctx: AppContext): { maxAttachmentBytes: number } {
  return readModuleSettings(ctx.config, (env) => ({ maxAttachmentBytes: env.int('INCIDENT_ATTACHMENT_MAX_MB', 10, 1, 100) * 1024 * 1024 }));
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** An incident as the API gives it; `now` (ctx.clock) decides whether it is overdue. */
export function toIncident(r: IncidentRow, now: Date): Incident {
  const due = r.due_at === null ? null : new Date(r.due_at);
  return {
    id: Number(r.id), type: r.type, title: r.title, description: r.description, severity: r.severity as AlertSeverity,
    status: r.status, point: r.point, areaCode: r.area_code, areaName: r.area_name, assignedUnit: r.assigned_unit,
    sourceKind: r.source_kind, sourceRef: r.source_ref, alertId: r.alert_id === null ? null : Number(r.alert_id),
    createdAt: iso(r.created_at)!, createdBy: r.created_by, updatedAt: iso(r.updated_at)!, closedAt: iso(r.closed_at),
    closedBy: r.closed_by, resolution: r.resolution, stepsDone: r.steps_done, stepsTotal: r.steps_total,
    assignees: r.assignees, dueAt: iso(due), overdue: r.status !== 'closed' && due !== null && due.getTime() < now.getTime(),
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
  assignees?: string[];
  /** The ward when no point is given (a point decides the area itself). */
  areaCode?: string;
  alertId?: number;
  feedbackId?: string;
  recordId?: number;
  comment?: string;
}

/** Filters and order of the incident list (GET /api/incidents). */
export interface IncidentListFilter {
  status?: string; type?: string; severity?: string; area?: string; assignee?: string; unit?: string; overdue?: boolean;
  sort?: IncidentSort; order?: 'asc' | 'desc'; limit?: number; offset?: number;
}

/** Files an incident accepts: photos, PDF, plain text/CSV, office documents — checked by content where a signature exists. */
export const ATTACHMENT_TYPES: Record<string, { mediaType: string; magic?: number[] }> = {
  jpg: { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  png: { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  webp: { mediaType: 'image/webp', magic: [0x52, 0x49, 0x46, 0x46] },
  pdf: { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  txt: { mediaType: 'text/plain; charset=utf-8' },
  csv: { mediaType: 'text/csv; charset=utf-8' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b, 0x03, 0x04] },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b, 0x03, 0x04] },
};

/** The media type of an accepted attachment, or a 415 naming what is accepted. */
export function attachmentType(filename: string, data: Buffer): string {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const t = ATTACHMENT_TYPES[ext];
  const accepted = Object.keys(ATTACHMENT_TYPES).join(', ');
  if (!t) throw new HttpError(415, 'unsupported_file_type', `files of this type are not accepted (${accepted})`, [{ instancePath: '/file', message: accepted }]);
  const ok = t.magic ? t.magic.every((b, i) => data[i] === b) : !data.subarray(0, 4096).includes(0);
  if (!ok) throw new HttpError(415, 'unsupported_file_type', `the content of "${filename}" is not a ${ext} file`, [{ instancePath: '/file', message: accepted }]);
  return t.mediaType;
}

/** A change of an incident (PATCH /api/incidents/:id). */
export interface IncidentUpdate {
  status?: IncidentStatus;
  severity?: AlertSeverity;
  assignedUnit?: string | null;
  /** Named people working it (usernames of active staff), replacing the list. */
  assignees?: string[];
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
    if (row) ctx.events.emit('incident.changed', { change, actor, incident: toIncident(row, ctx.clock.now()) });
  }

  async function detail(id: number): Promise<IncidentDetail> {
    const row = await repo.get(id);
    if (!row) throw notFound('incident');
    return {
      ...toIncident(row, ctx.clock.now()),
      attachments: (await repo.attachments(id)).map((a) => ({
        id: Number(a.id), filename: a.filename, mediaType: a.media_type, sizeBytes: a.size_bytes, createdAt: iso(a.created_at)!, createdBy: a.created_by,
      })),
      steps: (await repo.steps(id)).map(toStep),
      timeline: (await repo.events(id)).map((e) => ({ id: Number(e.id), at: iso(e.at)!, actor: e.actor, action: e.action, comment: e.comment, details: e.details ?? {} })),
      alerts: (await alerts.ofIncident(id)).map((a) => ({ id: a.id, titleVi: a.titleVi, titleEn: a.titleEn, severity: a.severity, status: a.status })),
    };
  }

  /** Usernames of active staff, deduplicated in order; an unknown or disabled one is refused. */
  async function checkAssignees(usernames: string[]): Promise<string[]> {
    const wanted = [...new Set(usernames.map((u) => u.trim()).filter(Boolean))];
    if (!wanted.length) return [];
    const found = new Set((await repo.people(wanted)).map((p) => p.username));
    const unknown = wanted.filter((u) => !found.has(u));
    if (unknown.length) throw badRequest(`unknown or disabled account(s): ${unknown.join(', ')}`, [{ instancePath: '/assignees', message: 'unknown account' }]);
    return wanted;
  }

  /** The SLA deadline of a severity counted from `from`; null when no time is configured for it. */
  async function dueFrom(severity: string, from: Date): Promise<Date | null> {
    const minutes = await repo.slaMinutes(severity);
    return minutes === null ? null : new Date(from.getTime() + minutes * 60_000);
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

    async list(user: AuthenticatedUser, q: IncidentListFilter) {
      const v = await alerts.visibility(user);
      const split = (x?: string) => x?.split(',').map((y) => y.trim()).filter(Boolean);
      const now = ctx.clock.now();
      const { rows, total } = await repo.list({
        status: split(q.status), type: q.type, severity: split(q.severity), area: split(q.area), unit: q.unit,
        assignee: q.assignee === 'me' ? user.username : q.assignee, overdue: q.overdue, now, sort: q.sort, order: q.order,
        areaCodes: v.all ? undefined : v.areaCodes, unitCode: v.unitCode, limit: q.limit ?? 100, offset: q.offset ?? 0,
      });
      return { total, incidents: rows.map((r) => toIncident(r, now)) };
    },
    /** Active staff an incident can be assigned to. */
    async people() {
      return { people: (await repo.people()).map((p) => ({ username: p.username, displayName: p.display_name, role: p.role, unitCode: p.unit_code })) };
    },
    async slas() {
      return { slas: (await repo.slas()).map((x) => ({ severity: x.severity as AlertSeverity, minutes: x.minutes })) };
    },
    async saveSlas(actor: Actor, user: AuthenticatedUser, slas: { severity: AlertSeverity; minutes: number }[]) {
      for (const x of slas) await repo.saveSla(x.severity, x.minutes, user.username);
      await ctx.audit.record(actor, { action: 'incident-sla.save', targetType: 'incident-sla', details: { slas } });
      return this.slas();
    },
    /** A note in the incident's timeline (also on a closed incident: the record stays open to remarks). */
    async addNote(actor: Actor, user: AuthenticatedUser, id: number, text: string) {
      await visibleDetail(user, id);
      const now = ctx.clock.now();
      await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        await r.touch(id, now);
        await r.addEvent(id, { at: now, actor: user.username, action: 'note', comment: text });
      });
      await emit(id, 'note', user.username);
      return detail(id);
    },
    async addAttachment(actor: Actor, user: AuthenticatedUser, id: number, file: { filename: string; data: Buffer }) {
      await visibleDetail(user, id);
      const mediaType = attachmentType(file.filename, file.data);
      const now = ctx.clock.now();
      const filename = [...file.filename].map((c) => (c.charCodeAt(0) < 32 || c === '/' || c === '\\' || c === '"' ? '_' : c)).join('').slice(0, 200) || 'file';
      const attId = await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        const attId = await r.insertAttachment({ incidentId: id, filename, mediaType, content: file.data, at: now, actor: user.username });
        await r.touch(id, now);
        await r.addEvent(id, { at: now, actor: user.username, action: 'attachment.added', details: { attachmentId: attId, filename, sizeBytes: file.data.length } });
        return attId;
      });
      await ctx.audit.record(actor, { action: 'incident.attachment.add', targetType: 'incident', targetId: id, details: { attachmentId: attId, filename } });
      await emit(id, 'attachment', user.username);
      return detail(id);
    },
    async attachment(user: AuthenticatedUser, id: number, attachmentId: number) {
      await visibleDetail(user, id);
      const a = await repo.attachment(id, attachmentId);
      if (!a) throw notFound('attachment');
      return { filename: a.filename, mediaType: a.media_type, data: a.content };
    },
    async removeAttachment(actor: Actor, user: AuthenticatedUser, id: number, attachmentId: number) {
      await visibleDetail(user, id);
      const now = ctx.clock.now();
      const filename = await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        const filename = await r.deleteAttachment(id, attachmentId);
        if (filename === undefined) return undefined;
        await r.touch(id, now);
        await r.addEvent(id, { at: now, actor: user.username, action: 'attachment.removed', details: { attachmentId, filename } });
        return filename;
      });
      if (filename === undefined) throw notFound('attachment');
      await ctx.audit.record(actor, { action: 'incident.attachment.remove', targetType: 'incident', targetId: id, details: { attachmentId, filename } });
      await emit(id, 'attachment', user.username);
      return detail(id);
    },
    /** Links one more alert to the incident (an incident gathers several alerts). */
    async linkAlert(actor: Actor, user: AuthenticatedUser, id: number, alertId: number) {
      const inc = await visibleDetail(user, id);
      if (inc.status === 'closed') throw new HttpError(409, 'conflict', 'the incident is closed: reopen it first');
      const a = await alerts.get(user, alertId);
      if (a.incidentId === id) return inc;
      if (a.incidentId !== null) throw new HttpError(409, 'conflict', `the alert is already part of incident ${a.incidentId}`);
      const now = ctx.clock.now();
      await alerts.linkIncident(alertId, id, user.username, null);
      await repo.touch(id, now);
      await repo.addEvent(id, { at: now, actor: user.username, action: 'alert.linked', details: { alertId } });
      await ctx.audit.record(actor, { action: 'incident.alert.link', targetType: 'incident', targetId: id, details: { alertId } });
      await emit(id, 'alerts', user.username);
      return detail(id);
    },
    async unlinkAlert(actor: Actor, user: AuthenticatedUser, id: number, alertId: number) {
      await visibleDetail(user, id);
      const a = await alerts.get(user, alertId);
      if (a.incidentId !== id) throw notFound('alert of this incident');
      const now = ctx.clock.now();
      await alerts.unlinkIncident(alertId, id, user.username);
      await repo.touch(id, now);
      await repo.addEvent(id, { at: now, actor: user.username, action: 'alert.unlinked', details: { alertId } });
      await ctx.audit.record(actor, { action: 'incident.alert.unlink', targetType: 'incident', targetId: id, details: { alertId } });
      await emit(id, 'alerts', user.username);
      return detail(id);
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
      const assignees = await checkAssignees(input.assignees ?? []);
      const dueAt = await dueFrom(severity ?? 'Moderate', now);
      if (point) {
        const area = await locate(point[0], point[1]);
        if (area) {
          areaCode = area.code;
          areaName = area.name;
        }
      } else if (input.areaCode && !areaCode) {
        const area = (await areasRepository(db).list({ date: localToday(now), codes: [input.areaCode], withGeometry: false })).at(-1);
        if (!area) throw badRequest(`unknown area ${input.areaCode}`, [{ instancePath: '/areaCode', message: 'unknown area' }]);
        areaCode = area.code;
        areaName = area.name_vi;
      }
      const id = await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        const id = await r.insert({
          type, title: title!, description, severity: severity ?? 'Moderate', lon: point?.[0] ?? null, lat: point?.[1] ?? null,
          areaCode, areaName, assignedUnit: input.assignedUnit ?? null, sourceKind, sourceRef,
          alertId: input.alertId ?? null, at: now, actor: user.username, assignees, dueAt,
        });
        await r.insertSteps(id, sop.steps);
        await r.addEvent(id, { at: now, actor: user.username, action: 'created', comment: input.comment ?? null, details: { sourceKind, sourceRef, sop: type, ...(assignees.length ? { assignees } : {}) } });
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
      if (before.status === 'closed' && !reopening && (f.severity !== undefined || f.assignedUnit !== undefined || f.assignees !== undefined)) {
        throw new HttpError(409, 'conflict', 'the incident is closed: reopen it first');
      }
      if (f.severity !== undefined && f.severity !== before.severity) changes.severity = { from: before.severity, to: f.severity };
      if (f.assignedUnit !== undefined && f.assignedUnit !== before.assignedUnit) changes.assignedUnit = { from: before.assignedUnit, to: f.assignedUnit };
      const assignees = f.assignees !== undefined ? await checkAssignees(f.assignees) : undefined;
      if (assignees && assignees.join(',') !== before.assignees.join(',')) changes.assignees = { from: before.assignees, to: assignees };
      // The deadline follows a new severity (counted from opening) and restarts on reopening.
      let dueAt: Date | null | undefined;
      if (reopening) dueAt = await dueFrom(f.severity ?? before.severity, now);
      else if (changes.severity) dueAt = await dueFrom(f.severity!, new Date(before.createdAt));
      if (!Object.keys(changes).length && !f.comment) return before;
      await db.transaction().execute(async (trx) => {
        const r = incidentsRepository(trx);
        await r.update(id, {
          ...(changes.status ? { status: f.status!, closedBy: user.username, resolution: closing ? resolution : null } : {}),
          ...(changes.severity ? { severity: f.severity! } : {}),
          ...(changes.assignedUnit ? { assignedUnit: f.assignedUnit ?? null } : {}),
          ...(changes.assignees ? { assignees } : {}),
          ...(dueAt !== undefined ? { dueAt } : {}),
        }, now);
        const keys = Object.keys(changes);
        const assigning = keys.length > 0 && keys.every((k) => k === 'assignees' || k === 'assignedUnit');
        const action = reopening ? 'reopened' : changes.status ? `status:${f.status}` : assigning ? 'assigned' : keys.length ? 'updated' : 'comment';
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
