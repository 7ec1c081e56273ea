// Imports into datasets: preview (sheets, header, suggested or saved mapping, row errors,
// geometry in WGS 84), jobs that validate every row and upsert the good ones by natural
// key in batches, rejected rows kept with their reasons and downloadable for fixing.
import ExcelJS from 'exceljs';
import type { ImportJob, ImportPreview, ImportReportRow } from '../../../../shared/contracts/imports.ts';
import type { AppContext } from '../../platform/context.ts';
import { toCsv } from '../../platform/csv.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import { readModuleSettings } from '../../config.ts';
import type { DatasetDecl, DatasetsService } from '../datasets/index.ts';
import { DEFAULT_TERRITORY_MARGIN_M, territoryChecker } from '../areas/index.ts';
import {
  ImportFileError,
  crsInfo,
  normaliseCrs,
  readImportFile,
  suggestMapping,
  supportedCrs,
  toWkt,
  WGS84,
  VN2000_HCMC,
  type ParsedFile,
} from './parsing/index.ts';
import { headerSignature, mappingProblems, prepareRows, reasonText, rowLocator, type ImportMapping, type RowOutcome } from './import-rows.ts';
import { importsRepository, type JobRow, type RejectRow } from './imports.repository.ts';
import { readImportFileIsolated, type IsolationLimits } from './parsing/read-isolated.ts';
import type { Actor } from '../../platform/actor.ts';

export interface ImportSettings {
  maxBytes: number;
  batchSize: number;
  readLimits: IsolationLimits;
  territoryMarginM: number;
}

export function importSettings(ctx: AppContext): ImportSettings {
  return readModuleSettings(ctx.config, (env) => ({
    maxBytes: env.int('IMPORT_MAX_MB', 50, 1, 2048) * 1024 * 1024,
    batchSize: env.int('IMPORT_BATCH_SIZE', 2000, 50, 50_000),
    // A file is read in a worker thread within these bounds (a crafted file cannot freeze the server).
    readLimits: { timeoutMs: env.int('IMPORT_READ_TIMEOUT_SECONDS', 60, 5, 3600) * 1000, maxMemoryMb: env.int('IMPORT_READ_MEMORY_MB', 1024, 128, 16_384) },
    // How far outside the loaded areas a position still counts as inside the territory.
    territoryMarginM: env.int('TERRITORY_MARGIN_M', DEFAULT_TERRITORY_MARGIN_M, 0, 100_000),
  }));
}

export interface Upload {
  bytes: Uint8Array;
  fileName: string;
}

export interface ImportOptions {
  sheet?: string | undefined;
  crs?: string | undefined;
  mapping?: ImportMapping | undefined;
  dryRun?: boolean | undefined;
  headerRow?: number | undefined;
}

declare module '../../platform/events.ts' {
  interface AppEvents {
    /** An import job finished (done or failed); dry runs included. */
    'import.finished': { jobId: number; datasetId: string; status: 'done' | 'failed'; dryRun: boolean; inserted: number; updated: number; unchanged: number; rejected: number };
  }
}

const userOf = (actor: Actor): AuthenticatedUser => {
  if (!actor.user) throw new HttpError(401, 'unauthorized', 'sign in or send a Bearer token');
  return actor.user;
};

export function toJob(j: JobRow): ImportJob {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: j.id,
    datasetId: j.dataset_id,
    fileName: j.file_name,
    fileSize: j.file_size,
    format: j.format,
    sheet: j.sheet,
    crs: j.crs,
    mapping: j.mapping,
    dryRun: j.dry_run,
    status: j.status,
    total: j.total,
    processed: j.processed,
    progress: j.status === 'done' ? 1 : j.total ? Math.min(1, j.processed / j.total) : 0,
    accepted: j.accepted,
    rejected: j.rejected,
    inserted: j.inserted,
    updated: j.updated,
    unchanged: j.unchanged,
    skipped: j.skipped,
    flagged: j.flagged,
    repaired: j.repaired,
    error: j.error,
    errors: j.errors,
    createdBy: j.created_by,
    createdAt: new Date(j.created_at).toISOString(),
    startedAt: iso(j.started_at),
    finishedAt: iso(j.finished_at),
  };
}

/** A whole-file problem as a 400 naming row and column. */
export function fileError(e: unknown): never {
  if (e instanceof ImportFileError) {
    const status = e.code === 'too_large' ? 413 : 400;
    throw new HttpError(status, e.code, e.message, { row: e.row ?? null, column: e.column ?? null });
  }
  throw e;
}

export async function parseUpload(
  upload: Upload,
  opts: { sheet?: string | null | undefined; headerRow?: number | undefined },
  maxBytes: number,
  limits: IsolationLimits,
): Promise<ParsedFile> {
  try {
    if (upload.bytes.byteLength > maxBytes) return await readImportFile(upload.bytes, { maxBytes }); // the size error, without a thread
    return await readImportFileIsolated(upload.bytes, {
      filename: upload.fileName,
      maxBytes,
      ...(opts.sheet ? { sheet: opts.sheet } : {}),
      ...(opts.headerRow ? { headerRow: opts.headerRow } : {}),
    }, limits);
  } catch (e) {
    return fileError(e);
  }
}

function resolveCrs(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const code = normaliseCrs(raw);
  if (!code) {
    try {
      crsInfo(raw);
    } catch (e) {
      throw badRequest(`crs: ${(e as Error).message}`);
    }
  }
  return code ?? undefined;
}

/** The mapping to use: the caller's, else the saved one adapted to these headers, else the suggestion. */
function suggested(decl: DatasetDecl, file: ParsedFile, crs: string | undefined) {
  const s = suggestMapping(file.headers, decl.fields.map((f) => ({ name: f.name, titleVi: f.titleVi, titleEn: f.titleEn })), {
    ...(crs ? { crs } : {}),
    sampleRows: file.rows.slice(0, 50).map((r) => r.values),
  });
  const fields: Record<string, string> = {};
  for (const c of s.columns) fields[c.field] = c.header;
  let geometry: ImportMapping['geometry'] = { kind: 'none' };
  let crsHint: string | undefined;
  if (decl.geometryType !== 'none') {
    if (file.geometryPerRow) geometry = { kind: 'file' };
    else if (s.geometry?.kind === 'coordinates') {
      geometry = { kind: 'coordinates', eastColumn: s.geometry.eastColumn, northColumn: s.geometry.northColumn };
      if (s.geometry.axisOrder === 'survey') crsHint = VN2000_HCMC;
    } else if (s.geometry?.kind === 'wkt') geometry = { kind: 'wkt', column: s.geometry.column };
  }
  const note = s.geometry && 'note' in s.geometry ? (s.geometry.note ?? null) : null;
  return { mapping: { fields, geometry }, crsHint, note, unmapped: s.unmapped };
}

function adapt(saved: ImportMapping, headers: string[]): ImportMapping {
  const has = new Set(headers);
  const fields = Object.fromEntries(Object.entries(saved.fields).filter(([, h]) => has.has(h)));
  const g = saved.geometry;
  const geometryOk = g.kind === 'coordinates' ? has.has(g.eastColumn) && has.has(g.northColumn) : g.kind === 'wkt' ? has.has(g.column) : true;
  return { fields, geometry: geometryOk ? g : { kind: 'none' } };
}

function unmappedHeaders(m: ImportMapping, headers: string[]): string[] {
  const used = new Set(Object.values(m.fields));
  if (m.geometry.kind === 'coordinates') used.add(m.geometry.eastColumn).add(m.geometry.northColumn);
  if (m.geometry.kind === 'wkt') used.add(m.geometry.column);
  return headers.filter((h) => !used.has(h));
}

export function createImportsService(
  ctx: AppContext,
  deps: { datasets: DatasetsService; queue: { kick(): void; remember(jobId: number, file: ParsedFile): void } },
) {
  const settings = importSettings(ctx);
  const repo = importsRepository(ctx.db.kysely);
  const locateRows = rowLocator(territoryChecker(ctx.db.kysely, settings.territoryMarginM));
  const { datasets, queue } = deps;

  async function declaration(id: string): Promise<DatasetDecl> {
    await datasets.ready();
    const decl = await repo.datasetDeclaration(id);
    if (!decl) throw notFound(`dataset ${id}`);
    return decl;
  }

  /** admin and operator import into any dataset; an officer only into datasets its unit owns. */
  async function assertMayImport(user: AuthenticatedUser, decl: DatasetDecl): Promise<void> {
    if (user.role === 'admin' || user.role === 'operator') return;
    if (user.role === 'officer' && (await repo.unitCodeOf(user.unitId)) === decl.ownerUnit) return;
    throw new HttpError(403, 'forbidden', `importing into ${decl.id} needs the admin or operator role, or an officer of the owner unit ${decl.ownerUnit}`);
  }

  async function readableJob(actor: Actor, jobId: number): Promise<{ job: JobRow; decl: DatasetDecl }> {
    const user = userOf(actor);
    const job = await repo.getJob(jobId);
    if (!job) throw notFound(`import job ${jobId}`);
    const decl = await declaration(job.dataset_id);
    if (job.created_by_id !== user.id) {
      try {
        await assertMayImport(user, decl);
      } catch {
        throw notFound(`import job ${jobId}`);
      }
    }
    return { job, decl };
  }

  async function plan(decl: DatasetDecl, file: ParsedFile, opts: ImportOptions) {
    const sig = headerSignature(file.headers);
    const saved = await repo.savedMapping(decl.id, sig);
    const fileCrs = file.fileCrs ? (normaliseCrs(file.fileCrs) ?? file.fileCrs) : undefined;
    const chosenCrs = resolveCrs(opts.crs);
    const sugg = suggested(decl, file, chosenCrs ?? fileCrs ?? (saved?.crs || undefined));
    let mapping: ImportMapping;
    let source: ImportPreview['mappingSource'];
    if (opts.mapping) {
      mapping = opts.mapping;
      source = 'request';
    } else if (saved) {
      const a = adapt(saved.mapping, file.headers);
      mapping = { fields: { ...sugg.mapping.fields, ...a.fields }, geometry: a.geometry.kind === 'none' ? sugg.mapping.geometry : a.geometry };
      // A field must come from one column only: the saved choice wins.
      const taken = new Map<string, string>();
      for (const [f, h] of Object.entries(a.fields)) taken.set(h, f);
      mapping.fields = Object.fromEntries(Object.entries(mapping.fields).filter(([f, h]) => !taken.has(h) || taken.get(h) === f));
      source = 'saved';
    } else {
      mapping = sugg.mapping;
      source = 'suggested';
    }
    const crs = chosenCrs ?? (mapping.geometry.kind === 'file' ? fileCrs : undefined) ?? (saved?.crs || undefined) ?? sugg.crsHint ?? fileCrs ?? WGS84;
    return { mapping, source, crs, sig, note: sugg.note };
  }

  function validateMapping(decl: DatasetDecl, m: unknown, headers: string[]): ImportMapping {
    const mm = m as ImportMapping;
    if (!mm || typeof mm !== 'object' || typeof mm.fields !== 'object' || !mm.geometry || typeof mm.geometry !== 'object') {
      throw badRequest('mapping must be {"fields": {"<field>": "<column>"}, "geometry": {"kind": "coordinates"|"wkt"|"file"|"none", …}}');
    }
    const problems = mappingProblems(decl, mm, headers);
    if (problems.length) throw badRequest(problems.join('; '), { problems });
    return mm;
  }

  return {
    settings,

    async preview(actor: Actor, datasetId: string, upload: Upload, opts: ImportOptions): Promise<ImportPreview> {
      const decl = await declaration(datasetId);
      await assertMayImport(userOf(actor), decl);
      const file = await parseUpload(upload, opts, settings.maxBytes, settings.readLimits);
      const p = await plan(decl, file, opts);
      const problems = mappingProblems(decl, p.mapping, file.headers);
      // The preview judges positions as the import will (territory, the ward a row names), so
      // that its counts and the import's agree.
      const prepared: RowOutcome[] = problems.length ? [] : prepareRows(decl, file, p.mapping, p.crs);
      const outcomes: RowOutcome[] = [];
      for (let i = 0; i < prepared.length; i += settings.batchSize) outcomes.push(...(await locateRows(decl, prepared.slice(i, i + settings.batchSize), p.mapping)));
      const errors: ImportPreview['errors'] = [];
      const features: ImportPreview['geometry']['features'] = [];
      let valid = 0;
      let skipped = 0;
      for (const o of outcomes) {
        if (!o.ok && o.skipped) skipped++;
        else if (o.ok) {
          valid++;
          if (o.geometry && features.length < 2000) features.push({ type: 'Feature', geometry: o.geometry, properties: { row: o.rowNumber } });
        } else {
          for (const r of o.reasons) {
            if (errors.length < 200) errors.push({ row: o.rowNumber, column: r.column ?? null, field: r.field ?? null, message: r.message, ...(r.code ? { code: r.code, params: r.params ?? {} } : {}) });
          }
        }
      }
      return {
        fileName: upload.fileName,
        format: file.format,
        sheets: file.sheets ?? [],
        sheet: file.sheet ?? null,
        headerRow: file.headerRow,
        headers: file.headers,
        encoding: file.encoding ?? null,
        fileCrs: file.fileCrs ?? null,
        crs: p.crs,
        crsOptions: supportedCrs().map((c) => ({ code: c.code, name: c.name, projected: c.projected })),
        mapping: p.mapping,
        mappingSource: p.source,
        geometryNote: p.note,
        unmapped: unmappedHeaders(p.mapping, file.headers),
        mappingProblems: problems,
        totalRows: file.rows.length,
        rows: file.rows.slice(0, 20).map((r) => ({ row: r.rowNumber, values: r.values })),
        valid,
        rejected: outcomes.length - valid - skipped,
        skipped: skipped + (file.notData?.length ?? 0),
        errors,
        geometry: { type: 'FeatureCollection', features },
        fields: decl.fields.map((f) => ({ name: f.name, titleVi: f.titleVi, titleEn: f.titleEn, type: f.type, required: !!f.required })),
      };
    },

    async create(actor: Actor, datasetId: string, upload: Upload, opts: ImportOptions): Promise<ImportJob> {
      const user = userOf(actor);
      const decl = await declaration(datasetId);
      await assertMayImport(user, decl);
      const file = await parseUpload(upload, opts, settings.maxBytes, settings.readLimits);
      const p = await plan(decl, file, opts);
      const mapping = validateMapping(decl, p.mapping, file.headers);
      const jobId = await ctx.db.kysely.transaction().execute(async (tx) => {
        const t = importsRepository(tx);
        const id = await t.createJob({
          datasetId, fileName: upload.fileName, content: upload.bytes, format: file.format, sheet: file.sheet ?? null, crs: p.crs,
          headers: file.headers, mapping, dryRun: !!opts.dryRun, actor: user.username, actorId: user.id,
        });
        await t.saveMapping({ datasetId, signature: p.sig, headers: file.headers, mapping, crs: p.crs, actor: user.username });
        return id;
      });
      await ctx.audit.record(actor, {
        action: 'import.create', targetType: 'dataset', targetId: datasetId,
        details: { jobId, fileName: upload.fileName, bytes: upload.bytes.byteLength, rows: file.rows.length, dryRun: !!opts.dryRun, crs: p.crs },
      });
      queue.remember(jobId, file);
      queue.kick();
      return toJob((await repo.getJob(jobId))!);
    },

    async get(actor: Actor, jobId: number): Promise<ImportJob> {
      return toJob((await readableJob(actor, jobId)).job);
    },

    async list(actor: Actor, datasetId: string, limit: number): Promise<{ jobs: ImportJob[] }> {
      const decl = await declaration(datasetId);
      const user = userOf(actor);
      const rows = await repo.listJobs(datasetId, limit);
      try {
        await assertMayImport(user, decl);
        return { jobs: rows.map(toJob) };
      } catch {
        return { jobs: rows.filter((j) => j.created_by_id === user.id).map(toJob) };
      }
    },

    /** The report row by row: rejected, skipped (not data), flagged and repaired rows with coded reasons. */
    async reportRows(actor: Actor, jobId: number, limit: number, offset: number): Promise<{ rows: ImportReportRow[] }> {
      await readableJob(actor, jobId);
      const rows = await repo.reportRows(jobId, limit, offset);
      return {
        rows: rows.map((r) => ({ row: r.row_number, outcome: r.outcome as ImportReportRow['outcome'], reasons: r.reasons as ImportReportRow['reasons'] })),
      };
    },

    /** Rejected rows with their original columns plus _row and _reasons, as CSV or XLSX. */
    async rejected(actor: Actor, jobId: number, format: 'csv' | 'xlsx'): Promise<{ body: Buffer; contentType: string; fileName: string; count: number }> {
      const { job, decl } = await readableJob(actor, jobId);
      const user = userOf(actor);
      // Personal fields are shown in clear to admins and to whoever uploaded the file; others see them masked.
      const clear = user.role === 'admin' || job.created_by_id === user.id;
      const personalHeaders = new Set(decl.fields.filter((f) => f.personal).map((f) => job.mapping.fields[f.name]).filter((h): h is string => !!h));
      const rows: RejectRow[] = [];
      for (let offset = 0; ; offset += 5000) {
        const page = await repo.listRejects(jobId, 5000, offset);
        rows.push(...page);
        if (page.length < 5000) break;
      }
      const headers = [...job.headers];
      if (job.mapping.geometry.kind === 'file' && rows.some((r) => 'WKT' in r.cells)) headers.push('WKT');
      const table = [
        [...headers, '_row', '_reasons'],
        ...rows.map((r) => [
          ...headers.map((h) => {
            const v = r.cells[h];
            if (v === null || v === undefined) return '';
            return !clear && personalHeaders.has(h) ? '***' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
          }),
          r.row_number,
          r.reasons.map((x) => reasonText(r.row_number, x).replace(/^row \d+, /, '').replace(/^row \d+: /, '')).join('; '),
        ]),
      ];
      await ctx.audit.record(actor, { action: 'import.rejected_download', targetType: 'import_job', targetId: jobId, details: { datasetId: job.dataset_id, rows: rows.length, format, personal: clear ? 'clear' : 'masked' } });
      const base = `${job.file_name.replace(/\.[^.]*$/, '')}-rejected`;
      if (format === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('rejected');
        for (const line of table) ws.addRow(line);
        ws.getRow(1).font = { bold: true };
        const buf = Buffer.from(await wb.xlsx.writeBuffer());
        return { body: buf, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${base}.xlsx`, count: rows.length };
      }
      // A BOM so spreadsheet programs read the Vietnamese text as UTF-8.
      return { body: Buffer.from(toCsv(table, { bom: true }), 'utf8'), contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv`, count: rows.length };
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;

/** Rebuilds the cells kept for a rejected row (file geometry written back as WKT in the file's CRS). */
export function rejectCells(file: ParsedFile, index: number, mapping: ImportMapping): Record<string, unknown> {
  const row = file.rows[index]!;
  const cells: Record<string, unknown> = { ...row.values };
  const g = file.geometryPerRow?.[index];
  if (mapping.geometry.kind === 'file' && g) cells.WKT = toWkt(g);
  return cells;
}

