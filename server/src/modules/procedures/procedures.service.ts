// Rules of the procedures module: catalogue and dossier ingest (file, API, connector) that loses
// nothing, the Decision 766 index with its drill-down, the watch list and due alerts, the
// public lookup and rating, and the officials' ranking. Personal data of applicants is shown
// in clear only to admins and to officers of the handling unit, and such reads are audited.
import { randomUUID } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type {
  DrillAnswer, Dossier, DossierList, IndexAnswer, IngestResult, OfficialRanking, Procedure, ProcedureImportResult, PublicDossier, RatingBody, WatchAnswer,
} from '../../../../shared/contracts/procedures.ts';
import type { Actor } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import { badRequest, HttpError, notFound } from '../../platform/http/errors.ts';
import { readModuleSettings } from '../../config.ts';
import { toCsv } from '../../platform/csv.ts';
import { getOutbound, outboundUrlProblem, readOutboundPolicy } from '../../platform/http/outbound.ts';
import { SYSTEM_ACTOR } from '../../platform/actor.ts';
import { addWorkingDays, maskName, maskPhone } from '../feedback/index.ts';
import { procedureFacts, scorecardOf } from './index-calc.ts';
import { INDICATORS } from './indicators.ts';
import { proceduresRepository, type DossierRow, type GroupBy, type Scope } from './procedures.repository.ts';
import { parsePeriod, readDossierRow, readProcedureRow, type DossierInput } from './procedures.rules.ts';

export interface ProceduresSettings {
  /** Working days ahead of the due date when the unit is alerted. */
  alertWorkingDays: number;
  checkMinutes: number;
  connectorUrl: string | null;
  connectorMinutes: number;
  /** Sent as `Authorization: Bearer …` to the connector's endpoint when set. */
  connectorToken: string | null;
  connectorMaxMb: number;
  maxRows: number;
}

export function readProceduresSettings(ctx: AppContext): ProceduresSettings {
  return readModuleSettings(ctx.config, (env) => ({
    alertWorkingDays: env.int('PROCEDURES_ALERT_WORKING_DAYS', 1, 0, 10),
    checkMinutes: env.int('PROCEDURES_CHECK_MINUTES', 30, 1, 1440),
    connectorUrl: env.optional('PROCEDURES_CONNECTOR_URL') ?? null,
    connectorMinutes: env.int('PROCEDURES_CONNECTOR_MINUTES', 15, 1, 1440),
    connectorToken: env.optional('PROCEDURES_CONNECTOR_TOKEN') ?? null,
    connectorMaxMb: env.int('PROCEDURES_CONNECTOR_MAX_MB', 50, 1, 500),
    maxRows: env.int('PROCEDURES_MAX_ROWS', 200_000, 100, 2_000_000),
  }));
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const BATCH = 2000;
/** Roles that see every unit's dossiers; officers see their unit's. */
const LEADING_ROLES = new Set(['admin', 'leader', 'operator']);

/** Rows of an uploaded file: CSV, XLSX (first sheet, header in row 1) or JSON (an array, or {data|HoSo|items: [...]}). */
export async function readRowsFile(bytes: Buffer, fileName: string): Promise<Record<string, unknown>[]> {
  const name = fileName.toLowerCase();
  const head = bytes.subarray(0, 4).toString('latin1');
  if (name.endsWith('.xlsx') || head.startsWith('PK')) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw badRequest('the file is not a readable XLSX workbook');
    }
    const ws = wb.worksheets[0];
    if (!ws) throw badRequest('the workbook has no sheet');
    const header: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (c, col) => (header[col] = String(c.text ?? '').trim()));
    const rows: Record<string, unknown>[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (n === 1) return;
      const o: Record<string, unknown> = {};
      row.eachCell({ includeEmpty: false }, (c, col) => {
        const h = header[col];
        if (!h) return;
        const v = c.value;
        o[h] = v instanceof Date ? v : v !== null && typeof v === 'object' ? c.text : v;
      });
      if (Object.keys(o).length) rows.push(o);
    });
    return rows;
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (name.endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw badRequest(`the JSON file cannot be read: ${(e as Error).message}`);
    }
    const list = Array.isArray(data) ? data : data && typeof data === 'object' ? ((data as Record<string, unknown>).data ?? (data as Record<string, unknown>).HoSo ?? (data as Record<string, unknown>).items) : null;
    if (!Array.isArray(list)) throw badRequest('the JSON must be an array of dossiers, or an object with a "data" (or "HoSo") array');
    return list.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : { value: x }));
  }
  try {
    const delimiter = (text.split('\n')[0] ?? '').split(';').length > (text.split('\n')[0] ?? '').split(',').length ? ';' : ',';
    return parseCsv(text, { columns: (h: string[]) => h.map((x) => x.trim()), skip_empty_lines: true, delimiter, relax_column_count: true, trim: true }) as Record<string, unknown>[];
  } catch (e) {
    throw badRequest(`the CSV file cannot be read: ${(e as Error).message}`);
  }
}

export function createProceduresService(ctx: AppContext) {
  const settings = readProceduresSettings(ctx);
  const db = ctx.db.kysely;
  const repo = proceduresRepository(db);
  /** Wrong phone digits per dossier, for the rating check (times in ms). */
  const ratingFailures = new Map<number, number[]>();
  const outbound = readOutboundPolicy(ctx.config);
  if (settings.connectorUrl) {
    const problem = outboundUrlProblem(settings.connectorUrl, outbound);
    if (problem) throw new Error(`PROCEDURES_CONNECTOR_URL ${problem}`);
  }
  let lastConnectorRun: { at: string; outcome: string; result: IngestResult | null } | null = null;
  let catalogueCache: { at: number; map: Map<string, Procedure> } | null = null;
  let namesCache: { units: Map<string, { vi: string; en: string }>; wards: Map<string, { vi: string; en: string }> } | null = null;

  async function catalogue(): Promise<Map<string, Procedure>> {
    if (catalogueCache && Date.now() - catalogueCache.at < 60_000) return catalogueCache.map;
    const map = new Map((await repo.procedures(false)).map((p) => [p.code, p]));
    catalogueCache = { at: Date.now(), map };
    return map;
  }
  async function names() {
    namesCache ??= { units: await repo.unitNames(), wards: await repo.wardNames() };
    return namesCache;
  }

  /** The units an actor may see: null = all; officers their own unit. */
  async function visibleUnits(actor: Actor): Promise<string[] | null> {
    const u = actor.user;
    if (!u) return [];
    if (LEADING_ROLES.has(u.role)) return null;
    const code = u.unitId === null ? null : await repo.unitCodeById(u.unitId);
    return code ? [code] : [];
  }

  function toDossier(r: DossierRow, clear: boolean): Dossier {
    return {
      id: r.id, code: r.code, procedureCode: r.procedure_code, procedureName: r.procedure_name, channel: r.channel,
      submittedAt: iso(r.submitted_at), receivedAt: iso(r.received_at), dueAt: iso(r.due_at), finishedAt: iso(r.finished_at), status: r.status,
      supplements: r.supplements.map((s) => ({ requestedAt: s.requestedAt, suppliedAt: s.suppliedAt })),
      paidOnline: r.paid_online, digitised: r.digitised, eResult: r.e_result, unitCode: r.unit_code, wardCode: r.ward_code,
      officialCode: r.official_code, officialName: r.official_name,
      applicantName: clear ? r.applicant_name : maskName(r.applicant_name), applicantPhone: clear ? r.applicant_phone : maskPhone(r.applicant_phone),
      masked: !clear,
    };
  }

  /** Applicants' data in clear for admins and for officers of the handling unit (who serve them). */
  async function seesClear(actor: Actor, unitCode: string | null): Promise<boolean> {
    const u = actor.user;
    if (!u) return false;
    if (u.role === 'admin') return true;
    if (u.role !== 'officer' || !unitCode) return false;
    const own = await visibleUnits(actor);
    return !!own?.includes(unitCode);
  }

  function scopeOf(q: { period: string; unit?: string | undefined; area?: string | undefined }): Scope & { period: string } {
    const p = parsePeriod(q.period);
    if (!p) throw badRequest(`period must be a month (2026-11), a quarter (2026-Q4) or a year (2026), not "${q.period}"`);
    return { period: q.period, from: p.from, to: p.to, unit: q.unit || undefined, area: q.area || undefined };
  }

  async function ingest(rows: readonly Record<string, unknown>[], source: string, synthetic = false): Promise<IngestResult> {
    if (rows.length > settings.maxRows) throw new HttpError(413, 'too_large', `at most ${settings.maxRows} dossiers per batch (PROCEDURES_MAX_ROWS)`);
    const batch = randomUUID();
    const rejected: IngestResult['rejected'] = [];
    const accepted = new Map<string, { row: number; dossier: DossierInput }>();
    rows.forEach((raw, i) => {
      const row = i + 1;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        rejected.push({ row, reasons: ['a dossier must be an object of the portal fields'], data: { value: raw as unknown } });
        return;
      }
      const r = readDossierRow(raw);
      if (!r.ok) {
        rejected.push({ row, reasons: r.reasons, data: raw });
        return;
      }
      const before = accepted.get(r.dossier.code);
      if (before) rejected.push({ row: before.row, reasons: [`MaHoSo ${r.dossier.code} appears again in row ${row}, which is kept`], data: rows[before.row - 1]! });
      accepted.set(r.dossier.code, { row, dossier: r.dossier });
    });
    const list = [...accepted.values()].map((a) => a.dossier);
    let inserted = 0;
    let updated = 0;
    const at = ctx.clock.now();
    for (let i = 0; i < list.length; i += BATCH) {
      const r = await repo.upsertDossiers(list.slice(i, i + BATCH), source, at, synthetic);
      inserted += r.inserted;
      updated += r.updated;
    }
    rejected.sort((a, b) => a.row - b.row);
    if (rejected.length) await repo.saveRejected(batch, source, rejected);
    return { batch, received: rows.length, inserted, updated, unchanged: list.length - inserted - updated, rejected: rejected.slice(0, 1000) };
  }

  const service = {
    settings,
    ingestRows: ingest,

    async importProcedures(actor: Actor, rows: readonly Record<string, unknown>[]): Promise<ProcedureImportResult> {
      const ok: Procedure[] = [];
      const rejected: ProcedureImportResult['rejected'] = [];
      rows.forEach((raw, i) => {
        const r = readProcedureRow(raw);
        if (r.ok) ok.push(r.procedure);
        else rejected.push({ row: i + 1, reasons: r.reasons, data: raw });
      });
      const unique = [...new Map(ok.map((p) => [p.code, p])).values()];
      await repo.upsertProcedures(unique, ctx.clock.now());
      catalogueCache = null;
      if (rejected.length) await repo.saveRejected(randomUUID(), 'procedures-file', rejected);
      await ctx.audit.record(actor, { action: 'procedures.import-catalogue', targetType: 'proc_procedures', details: { stored: unique.length, rejected: rejected.length } });
      return { received: rows.length, stored: unique.length, rejected };
    },

    async procedures(publishedOnly: boolean): Promise<Procedure[]> {
      return repo.procedures(publishedOnly);
    },

    async ingestDossiers(actor: Actor, rows: readonly Record<string, unknown>[], source: 'file' | 'api' | 'connector'): Promise<IngestResult> {
      const result = await ingest(rows, source);
      await ctx.audit.record(actor, { action: `procedures.ingest-${source}`, targetType: 'proc_dossiers', details: { batch: result.batch, inserted: result.inserted, updated: result.updated, rejected: result.rejected.length } });
      return result;
    },

    async rejected(batch: string) {
      return (await repo.rejected(batch)).map((r) => ({ row: r.row_number, reasons: r.reasons as string[], data: r.data as Record<string, unknown> }));
    },

    async dossiers(actor: Actor, f: { unit?: string | undefined; area?: string | undefined; code?: string | undefined; id?: number | undefined; open?: boolean; limit: number; offset: number }): Promise<DossierList> {
      const units = await visibleUnits(actor);
      const r = await repo.dossiers({ ...f, units: units ?? undefined });
      const out: Dossier[] = [];
      const clearIds: number[] = [];
      for (const row of r.rows) {
        const clear = await seesClear(actor, row.unit_code);
        if (clear && (row.applicant_name || row.applicant_phone)) clearIds.push(row.id);
        out.push(toDossier(row, clear));
      }
      if (clearIds.length) await ctx.audit.record(actor, { action: 'procedures.read-personal', targetType: 'proc_dossiers', details: { ids: clearIds.slice(0, 200), count: clearIds.length } });
      return { total: r.total, dossiers: out };
    },

    async dossier(actor: Actor, id: number): Promise<Dossier> {
      const r = await service.dossiers(actor, { id, limit: 1, offset: 0 });
      if (!r.dossiers[0]) throw notFound('dossier');
      return r.dossiers[0];
    },

    async index(actor: Actor, q: { period: string; unit?: string | undefined; area?: string | undefined; by?: GroupBy | undefined }): Promise<IndexAnswer> {
      const s = scopeOf(q);
      const by = q.by ?? 'none';
      const units = await visibleUnits(actor);
      const [counts, cat, n] = await Promise.all([repo.indexCounts({ ...s, units: units ?? undefined }, by), catalogue(), names()]);
      const groups = new Map<string | null, typeof counts>();
      for (const c of counts) groups.set(c.key, [...(groups.get(c.key) ?? []), c]);
      if (by === 'none' && !groups.size) groups.set(null, []);
      const scorecards = [...groups].map(([key, rows]) => scorecardOf(key, rows, cat, key === null ? null : (by === 'unit' ? n.units.get(key) : n.wards.get(key)) ?? null))
        .sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || String(a.key).localeCompare(String(b.key)));
      return { period: s.period, from: s.from.toISOString(), to: s.to.toISOString(), by, scorecards };
    },

    async indexCsv(actor: Actor, q: { period: string; unit?: string | undefined; area?: string | undefined; by?: GroupBy | undefined }): Promise<string> {
      const a = await service.index(actor, q);
      const rows: unknown[][] = [['period', 'key', 'name', 'indicator', 'numerator', 'denominator', 'rate_percent', 'points', 'max_points', 'threshold_percent']];
      for (const sc of a.scorecards) {
        for (const i of sc.indicators) rows.push([a.period, sc.key ?? '', sc.nameVi ?? '', i.id, i.numerator, i.denominator, i.rate ?? '', i.points ?? '', i.maxPoints, i.threshold]);
        rows.push([a.period, sc.key ?? '', sc.nameVi ?? '', 'total', sc.points, sc.maxPoints, sc.total ?? '', sc.grade ?? '', 100, '']);
      }
      return toCsv(rows, { bom: true });
    },

    async indexXlsx(actor: Actor, q: { period: string; unit?: string | undefined; area?: string | undefined; by?: GroupBy | undefined }): Promise<Buffer> {
      const a = await service.index(actor, q);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(`766 ${a.period}`);
      ws.addRow(['Kỳ', 'Mã', 'Tên', 'Chỉ số', 'Tử số', 'Mẫu số', 'Tỷ lệ (%)', 'Điểm', 'Điểm tối đa', 'Ngưỡng (%)']);
      for (const sc of a.scorecards) {
        for (const i of sc.indicators) ws.addRow([a.period, sc.key ?? '', sc.nameVi ?? '', i.id, i.numerator, i.denominator, i.rate, i.points, i.maxPoints, i.threshold]);
        ws.addRow([a.period, sc.key ?? '', sc.nameVi ?? '', 'Tổng', sc.points, sc.maxPoints, sc.total, sc.grade, 100, null]);
      }
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    async drill(actor: Actor, q: { period: string; unit?: string | undefined; area?: string | undefined; indicator: string; limit?: number | undefined }): Promise<DrillAnswer> {
      const s = scopeOf(q);
      const def = INDICATORS.find((i) => i.id === q.indicator);
      if (!def) throw badRequest(`indicator must be one of ${INDICATORS.map((i) => i.id).join(', ')}`);
      const units = await visibleUnits(actor);
      const scope = { ...s, units: units ?? undefined };
      const limit = q.limit ?? 500;
      if (def.drill === 'procedures') {
        const [counts, cat] = await Promise.all([repo.indexCounts(scope, 'none'), catalogue()]);
        const facts = procedureFacts(def.id, counts, cat);
        return { indicator: def.id, kind: 'procedures', total: facts.length, rows: facts.slice(0, limit).map((f) => {
          const p = cat.get(f.code);
          return { code: f.code, label: p?.name ?? null, counted: f.counted, dueAt: null, endAt: null, ended: null, supplements: null, channel: null, rating: null,
            average: f.average, timeLimit: p?.timeLimit ?? null, timeUnit: p?.timeUnit ?? null, online: p?.online ?? null };
        }) };
      }
      const cat = await catalogue();
      const feeCodes = [...cat.values()].filter((p) => (p.fee ?? 0) > 0).map((p) => p.code);
      const [base, counted] = ({
        '2.1': ['handled', 'on_time'], '3.3': ['received', 'online'], '3.6': ['received_fee', 'paid_online'], '4.1': ['ended_result', 'e_result'],
        '4.2': ['received', 'digitised'], '5.4': ['handled', 'satisfied'],
      } as const)[def.id as '2.1'];
      const rows = await repo.drill(scope, base, counted, feeCodes, limit);
      return {
        indicator: def.id, kind: 'dossiers', total: rows[0]?.total ?? 0,
        rows: rows.map((r) => ({
          code: r.code, label: cat.get(r.procedure_code)?.name ?? r.procedure_code, counted: r.counted,
          dueAt: iso(r.due_at), endAt: iso(r.end_at), ended: r.done, supplements: r.supplement_count, channel: r.channel, rating: r.service_score,
          average: null, timeLimit: null, timeUnit: null, online: null,
        })),
      };
    },

    /** Open dossiers due today, in the next 1–3 working days and overdue, by unit; the day's intake; monthly trend; recent alerts. */
    async watch(actor: Actor): Promise<WatchAnswer> {
      const units = await visibleUnits(actor);
      const now = ctx.clock.now();
      const day = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
      const dayStart = new Date(`${day}T00:00:00+07:00`);
      const dayEnd = new Date(dayStart.getTime() + 86_400_000);
      const soonEnd = new Date(addWorkingDays(dayStart, 3).getTime() + 1);
      const from = new Date(`${Number(day.slice(0, 4)) - 1}-${day.slice(5, 7)}-01T00:00:00+07:00`);
      const [w, trend, alerts, n] = await Promise.all([repo.watch(dayStart, dayEnd, soonEnd, now, units), repo.trend(from, units), repo.alerts(units, 50), names()]);
      return {
        day,
        units: w.units.map((u) => ({ unitCode: u.unit_code, unitNameVi: u.unit_code ? n.units.get(u.unit_code)?.vi ?? null : null, unitNameEn: u.unit_code ? n.units.get(u.unit_code)?.en ?? null : null, dueToday: u.due_today, dueSoon: u.due_soon, overdue: u.overdue, open: u.open })),
        intake: w.intake,
        trend: trend.map((t) => ({ month: t.month, received: t.received, online: t.online, onTimeRate: t.ended ? Math.round((t.on_time / t.ended) * 1000) / 10 : null })),
        alerts: alerts.map((a) => ({ dossierCode: a.code, kind: a.kind as 'due_soon' | 'overdue', unitCode: a.unit_code, dueAt: iso(a.due_at), createdAt: iso(a.created_at)! })),
      };
    },

    /** Alerts to the handling unit for open dossiers due within PROCEDURES_ALERT_WORKING_DAYS, and for the ones that became late. */
    async runDueAlerts(): Promise<number> {
      const now = ctx.clock.now();
      const until = addWorkingDays(now, settings.alertWorkingDays);
      const raised = await repo.raiseDueAlerts(now, until);
      if (raised.length) ctx.log.info({ alerts: raised.length }, 'procedure due alerts raised');
      return raised.length;
    },

    async publicDossier(code: string): Promise<PublicDossier> {
      const r = await repo.dossierByCode(code.trim());
      if (!r) throw notFound('dossier');
      const n = await names();
      const steps: PublicDossier['steps'] = [];
      if (r.submitted_at) steps.push({ kind: 'submitted', at: iso(r.submitted_at)! });
      if (r.received_at) steps.push({ kind: 'received', at: iso(r.received_at)! });
      for (const s of r.supplements) {
        steps.push({ kind: 'supplement_requested', at: s.requestedAt });
        if (s.suppliedAt) steps.push({ kind: 'supplement_given', at: s.suppliedAt });
      }
      if (r.finished_at) steps.push({ kind: 'finished', at: iso(r.finished_at)! });
      steps.sort((a, b) => a.at.localeCompare(b.at));
      const ended = r.finished_at !== null && [8, 9, 10].includes(r.status);
      return {
        code: r.code, procedureCode: r.procedure_code, procedureName: r.procedure_name, status: r.status, channel: r.channel,
        unitNameVi: r.unit_code ? n.units.get(r.unit_code)?.vi ?? null : null, unitNameEn: r.unit_code ? n.units.get(r.unit_code)?.en ?? null : null,
        wardNameVi: r.ward_code ? n.wards.get(r.ward_code)?.vi ?? null : null, wardNameEn: r.ward_code ? n.wards.get(r.ward_code)?.en ?? null : null,
        dueAt: iso(r.due_at), finishedAt: iso(r.finished_at), steps, canRate: ended && !r.rated && !!r.applicant_phone, rated: r.rated,
        // The official's name as the one-stop shop shows it at the counter; no applicant data.
        officialName: r.official_name,
      };
    },

    /** A citizen rates a finished dossier and its official, once, proving it with the phone number's last 4 digits. */
    async rate(actor: Actor, code: string, body: RatingBody): Promise<PublicDossier> {
      const r = await repo.dossierByCode(code.trim());
      if (!r) throw notFound('dossier');
      const digits = (r.applicant_phone ?? '').replace(/\D/g, '');
      const now = ctx.clock.now().getTime();
      const tries = (ratingFailures.get(r.id) ?? []).filter((t) => t > now - 15 * 60_000);
      if (tries.length >= 5) throw new HttpError(429, 'too_many_attempts', 'too many wrong phone digits: try again in 15 minutes', { retryAfterSeconds: Math.ceil((tries[0]! + 15 * 60_000 - now) / 1000) });
      if (digits.length < 4 || body.phoneLast4 !== digits.slice(-4)) {
        ratingFailures.set(r.id, [...tries, now]);
        throw new HttpError(403, 'phone_check_failed', 'the last 4 digits of the phone number given with the dossier do not match');
      }
      ratingFailures.delete(r.id);
      if (r.finished_at === null || ![8, 9, 10].includes(r.status)) throw new HttpError(409, 'not_finished', 'a dossier can be rated once its handling has ended');
      const stored = await repo.insertRating({
        dossierId: r.id, serviceScore: body.serviceScore, officialScore: body.officialScore, comment: body.comment?.trim().slice(0, 1000) || null,
        officialCode: r.official_code, officialName: r.official_name, unitCode: r.unit_code, wardCode: r.ward_code, at: ctx.clock.now(),
      });
      if (!stored) throw new HttpError(409, 'already_rated', 'this dossier was already rated');
      await ctx.audit.record(actor, { action: 'procedures.rate', targetType: 'proc_dossiers', targetId: r.id, details: { serviceScore: body.serviceScore, officialScore: body.officialScore } });
      return service.publicDossier(code);
    },

    async officials(actor: Actor, period: string | undefined): Promise<OfficialRanking> {
      const p = period ? parsePeriod(period) : null;
      if (period && !p) throw badRequest(`period must be a month (2026-11), a quarter (2026-Q4) or a year (2026), not "${period}"`);
      const units = await visibleUnits(actor);
      const [rows, n] = await Promise.all([repo.officialRanking(p?.from ?? null, p?.to ?? null, units), names()]);
      return {
        period: period ?? null,
        officials: rows.map((r) => ({ officialCode: r.official_code!, officialName: r.official_name, unitCode: r.unit_code, unitNameVi: r.unit_code ? n.units.get(r.unit_code)?.vi ?? null : null, unitNameEn: r.unit_code ? n.units.get(r.unit_code)?.en ?? null : null, ratings: Number(r.ratings), averageOfficialScore: Math.round(r.avg_official * 100) / 100, averageServiceScore: Math.round(r.avg_service * 100) / 100 })),
      };
    },

    /** The public scorecards: the index of every ward for a month (aggregates only). */
    async publicScorecards(period: string): Promise<IndexAnswer> {
      return service.index({ kind: 'system', user: { id: 0, username: 'public', role: 'leader', unitId: null, areaIds: [] }, ip: null }, { period, by: 'area' });
    },

    plainAggregate: (q: { period: string }) => repo.plainAggregate(scopeOf(q)),

    /**
     * The connector: GET the configured JSON endpoint (an array of dossiers in the portal field
     * names, or {data|HoSo: [...]}) through the outbound URL guard and ingest it (idempotent).
     */
    async pollConnector(actor: Actor = SYSTEM_ACTOR): Promise<{ at: string; outcome: string; result: IngestResult | null }> {
      const at = ctx.clock.now().toISOString();
      if (!settings.connectorUrl) throw badRequest('no connector is configured (PROCEDURES_CONNECTOR_URL)');
      const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'cityops-procedures' };
      if (settings.connectorToken) headers.authorization = `Bearer ${settings.connectorToken}`;
      const got = await getOutbound(settings.connectorUrl, { headers, maxBytes: settings.connectorMaxMb * 1024 * 1024 }, outbound);
      if (!got.ok || !('body' in got)) {
        lastConnectorRun = { at, outcome: got.ok ? 'failed: no body' : `failed: ${got.reason === 'http_status' ? `HTTP ${got.status}` : got.reason.replace('_', ' ')}`, result: null };
      } else {
        try {
          const rows = await readRowsFile(got.body, 'feed.json');
          const result = await ingest(rows, 'connector');
          await ctx.audit.record(actor, { action: 'procedures.ingest-connector', targetType: 'proc_dossiers', details: { batch: result.batch, inserted: result.inserted, updated: result.updated, rejected: result.rejected.length } });
          lastConnectorRun = { at, outcome: 'ok', result };
        } catch (e) {
          lastConnectorRun = { at, outcome: `failed: ${(e as Error).message}`.slice(0, 300), result: null };
        }
      }
      if (lastConnectorRun.outcome !== 'ok') ctx.log.warn({ outcome: lastConnectorRun.outcome }, 'procedures connector poll failed');
      return lastConnectorRun;
    },
    connectorStatus: () => ({ url: settings.connectorUrl, everyMinutes: settings.connectorMinutes, last: lastConnectorRun }),
  };
  return service;
}

export type ProceduresService = ReturnType<typeof createProceduresService>;
