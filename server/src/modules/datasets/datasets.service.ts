// Datasets: declarations (admins change them at runtime, every change a new version) and
// the records of every dataset, validated against the declaration, with history, masking
// of personal fields and an audit entry for every read of personal data in clear.
import type { RawBuilder, Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import { localToday, territoryChecker, DEFAULT_TERRITORY_MARGIN_M } from '../areas/index.ts';
import { readModuleSettings } from '../../config.ts';
import { locationOutcome } from './location-rules.ts';
import { loadBuiltInDatasets } from './builtin-loader.ts';
import { declarationProblems, displayFieldOf, wardFieldOf, type DatasetDecl } from './declarations.ts';
import { bboxSql, inAreaSql, NO_RECORD_SQL, propEqualsSql, recordOrderSql, searchSql } from './record-list.repository.ts';
import { datasetsRepository, type DatasetsRepository, type DatasetRow, type HistoryRow, type RecordRow, type RecordSnapshot } from './datasets.repository.ts';
import { applyView, personalFields, personalView, PERSONAL_READ_ACTION, type PersonalView } from './masking.ts';
import { exportGeometry, type ExportFormat } from './export.ts';
import { QUALITY_CHECKS, qualityPredicates, qualityScore, type QualityCheck } from './quality.ts';
import { cleanProps, filterValue, naturalKey, problemText, recordProblems, searchTerms, searchText, type FieldProblem, type Props } from './validation.ts';
import type { Actor } from '../../platform/actor.ts';

export interface RecordListQuery {
  limit?: number | undefined;
  offset?: number | undefined;
  sort?: string | undefined;
  area?: string | undefined;
  date?: string | undefined;
  q?: string | undefined;
  bbox?: string | undefined;
  geometry?: boolean | undefined;
  quality?: string | undefined;
  [key: string]: unknown;
}

export interface RecordInputBody {
  properties?: Props | undefined;
  geometry?: GeoJSON.Geometry | null | undefined;
}

export type BulkItem =
  | { op: 'create'; properties?: Props; geometry?: GeoJSON.Geometry | null }
  | { op: 'update'; id: number; properties?: Props; geometry?: GeoJSON.Geometry | null }
  | { op: 'delete'; id: number };

export type { ExportFormat };

/** Rows read per query while exporting: memory stays flat for any dataset size. */
const EXPORT_BATCH = 2000;

const userOf = (actor: Actor): AuthenticatedUser | null => (actor.kind === 'user' ? actor.user : null);
const isStaff = (u: AuthenticatedUser | null) => !!u && u.role !== 'device';

function invalid(problems: FieldProblem[]): HttpError {
  const text = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  return new HttpError(400, 'invalid_record', `invalid record: ${text}`, { problems });
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === '23505';
}

export function createDatasetsService(ctx: AppContext) {
  const repo = datasetsRepository(ctx.db.kysely);
  const territory = territoryChecker(ctx.db.kysely, readModuleSettings(ctx.config, (env) => env.int('TERRITORY_MARGIN_M', DEFAULT_TERRITORY_MARGIN_M, 0, 100_000)));
  let builtIns: Promise<unknown> | null = null;
  /** The built-in declarations are put in place on first use (and by the demo seeding). */
  const ready = () => {
    builtIns ??= loadBuiltInDatasets(ctx.db.kysely).catch((e: unknown) => {
      builtIns = null;
      throw e;
    });
    return builtIns;
  };

  const toSummary = (d: DatasetRow, stats: { record_count: number; last_record_update: Date | null }) => {
    const decl = d.declaration;
    const last = stats.last_record_update && stats.last_record_update > d.updated_at ? stats.last_record_update : d.updated_at;
    return {
      id: d.id,
      titleVi: decl.titleVi,
      titleEn: decl.titleEn,
      domain: decl.domain,
      ownerUnit: decl.ownerUnit,
      geometryType: decl.geometryType,
      publicRead: decl.publicRead,
      version: d.version,
      builtIn: d.built_in,
      recordCount: stats.record_count,
      lastUpdate: new Date(last).toISOString(),
    };
  };

  /** The dataset if the caller may read it; 404 otherwise (its existence is not disclosed). */
  async function readable(actor: Actor, id: string): Promise<DatasetRow> {
    await ready();
    const d = await repo.getDataset(id);
    if (!d || (!isStaff(userOf(actor)) && !d.declaration.publicRead)) throw notFound(`dataset ${id}`);
    return d;
  }

  function toRecord(decl: DatasetDecl, r: RecordRow, view: PersonalView) {
    return {
      id: r.id,
      datasetId: r.dataset_id,
      naturalKey: r.natural_key,
      properties: applyView(decl, r.props, view),
      geometry: r.geometry,
      areaIds: r.area_ids,
      synthetic: r.synthetic,
      flags: r.flags ?? [],
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
      updatedAt: new Date(r.updated_at).toISOString(),
      updatedBy: r.updated_by,
    };
  }

  /** Every read of personal fields in clear leaves an audit entry. */
  async function auditClearRead(actor: Actor, decl: DatasetDecl, view: PersonalView, recordIds: number[], what: string) {
    if (view !== 'clear' || !recordIds.length || !personalFields(decl).length) return;
    await ctx.audit.record(actor, {
      action: PERSONAL_READ_ACTION,
      targetType: 'dataset',
      targetId: decl.id,
      details: { what, fields: personalFields(decl).map((f) => f.name), count: recordIds.length, recordIds: recordIds.slice(0, 200) },
    });
  }

  function buildWhere(decl: DatasetDecl, q: RecordListQuery, view: PersonalView, area: { id: number; level: string } | undefined) {
    const where: RawBuilder<unknown>[] = [];
    if (area) where.push(inAreaSql(area));
    for (const term of searchTerms(q.q ?? '')) {
      const escaped = term.replace(/[\\%_]/g, (m) => `\\${m}`);
      where.push(searchSql(escaped));
    }
    if (q.bbox) {
      const b = q.bbox.split(',').map(Number);
      if (b.length !== 4 || b.some((x) => !Number.isFinite(x))) throw badRequest('bbox must be minLon,minLat,maxLon,maxLat');
      where.push(bboxSql(b as [number, number, number, number]));
    }
    for (const [key, raw] of Object.entries(q)) {
      if (!key.startsWith('f.')) continue;
      const name = key.slice(2);
      const field = decl.fields.find((f) => f.name === name);
      if (!field) throw badRequest(`${key}: ${name} is not a field of dataset ${decl.id}`);
      if (field.personal && view !== 'clear') throw badRequest(`${key}: filtering on a personal field needs the admin role`);
      const v = filterValue(field, String(Array.isArray(raw) ? raw[0] : raw));
      if ('problem' in v) throw badRequest(v.problem);
      where.push(propEqualsSql(name, v.value));
    }
    return where;
  }

  function buildOrder(decl: DatasetDecl, sort: string | undefined): RawBuilder<unknown> {
    const s = sort ?? 'id';
    const desc = s.startsWith('-');
    const key = desc ? s.slice(1) : s;
    if (key === 'id' || key === 'updatedAt' || key === 'createdAt') return recordOrderSql({ column: key }, desc);
    const field = decl.fields.find((f) => f.name === key);
    if (!field || field.personal) throw badRequest(`sort: ${key} is not a sortable field of dataset ${decl.id} (id, updatedAt, createdAt or a non-personal field)`);
    return recordOrderSql({ prop: key, numeric: field.type === 'integer' || field.type === 'number' }, desc);
  }

  const snapshot = (props: Props, geometry: GeoJSON.Geometry | null): RecordSnapshot => ({ properties: props, geometry });

  /** Who may write which record. Admins and operators: every record. Officers: every record
   *  of a dataset their unit owns, and records lying in an area they act for (before and after
   *  the change). Others: none (the routes already refuse them). */
  async function assertMayWrite(t: DatasetsRepository, user: AuthenticatedUser, decl: DatasetDecl, before: number[] | null, after: GeoJSON.Geometry | null | undefined) {
    if (user.role === 'admin' || user.role === 'operator') return;
    if (user.role !== 'officer') throw new HttpError(403, 'forbidden', 'this role may not change records');
    const unitCode = await t.unitCode(user.unitId);
    if (unitCode && unitCode === decl.ownerUnit) return;
    const inScope = (ids: number[]) => ids.some((a) => user.areaIds.includes(a));
    if (before && !inScope(before)) throw new HttpError(403, 'forbidden', `officers may change records of ${decl.id} only inside their own area`);
    if (after !== undefined && !inScope(await t.wardIdsOf(after))) {
      throw new HttpError(403, 'forbidden', `officers may place records of ${decl.id} only inside their own area`);
    }
  }

  /**
   * Personal fields are written by those who may read them in clear (admins): anyone else sees
   * masked values, and writing them would overwrite data they cannot see (issue 14 #10).
   */
  function assertMayWritePersonal(user: AuthenticatedUser, decl: DatasetDecl, fields: string[]) {
    if (personalView(user) === 'clear') return;
    const personal = new Set(personalFields(decl).map((f) => f.name));
    const touched = fields.filter((f) => personal.has(f));
    if (touched.length) throw new HttpError(403, 'forbidden', `personal fields (${touched.join(', ')}) may be written by administrators only`);
  }

  /** Record writes inside one transaction; each checks everything before its first write. */
  function writer(tx: Kysely<DB> | Transaction<DB>, decl: DatasetDecl) {
    const t = datasetsRepository(tx);
    const id = decl.id;
    const assertKeyFree = async (props: Props, self: number | null) => {
      const key = naturalKey(decl, props);
      if (key === null || !decl.naturalKey.length) return;
      const other = await t.recordIdByKey(id, key);
      if (other !== undefined && other !== self) {
        throw new HttpError(409, 'conflict', `a record with ${decl.naturalKey.join(', ')} = ${key} already exists in ${id} (record ${other})`);
      }
    };
    const checked = (props: Props, geometry: GeoJSON.Geometry | null, callerKeys: string[] | null) => {
      // Values left from an older declaration are kept; only the caller's keys must be declared.
      const problems = recordProblems(decl, { properties: props, geometry }).filter(
        (p) => callerKeys === null || !p.message.startsWith('is not a field') || callerKeys.includes(p.field),
      );
      if (problems.length) throw invalid(problems);
    };
    /** The territory and claimed-ward rules (issue 15): rejects, or the geometry to store (maybe repaired) and its flags. */
    const located = async (props: Props, geometry: GeoJSON.Geometry | null) => {
      const claimField = wardFieldOf(decl);
      const [v] = await territory.check([{ geometry, claim: claimField ? (props[claimField] as string | undefined) : null }], tx);
      const r = locationOutcome(decl, geometry, v ?? null);
      if (!r.ok) throw invalid([{ field: 'geometry', code: r.code, params: r.params, message: problemText({ code: r.code, params: r.params }) }]);
      return r;
    };
    const write = async (props: Props, geometry: GeoJSON.Geometry | null, actor: string) => {
      const loc = await located(props, geometry);
      return { naturalKey: naturalKey(decl, props), props, geometry: loc.geometry, search: searchText(decl, props), actor, flags: loc.flags };
    };
    return {
      async create(user: AuthenticatedUser, body: RecordInputBody): Promise<number> {
        const props = cleanProps(body.properties ?? {});
        const geometry = body.geometry ?? null;
        assertMayWritePersonal(user, decl, Object.keys(props));
        checked(props, geometry, null);
        await assertMayWrite(t, user, decl, null, geometry);
        await assertKeyFree(props, null);
        const w = await write(props, geometry, user.username);
        const newId = await t.insertRecord(id, w);
        await t.addHistory({ recordId: newId, datasetId: id, action: 'create', actorId: user.id, actor: user.username, before: null, after: snapshot(props, w.geometry) });
        return newId;
      },
      async update(user: AuthenticatedUser, rid: number, body: RecordInputBody): Promise<number> {
        const current = await t.getRecord(id, rid, true);
        if (!current) throw notFound(`record ${rid} of dataset ${id}`);
        const input = body.properties ?? {};
        const props = cleanProps({ ...current.props, ...input });
        const geometry = body.geometry === undefined ? current.geometry : body.geometry;
        assertMayWritePersonal(user, decl, Object.keys(input));
        checked(props, geometry, Object.keys(input));
        await assertMayWrite(t, user, decl, current.area_ids, body.geometry === undefined ? undefined : geometry);
        await assertKeyFree(props, rid);
        const w = await write(props, geometry, user.username);
        await t.updateRecord(id, rid, w);
        await t.addHistory({ recordId: rid, datasetId: id, action: 'update', actorId: user.id, actor: user.username, before: snapshot(current.props, current.geometry), after: snapshot(props, w.geometry) });
        return rid;
      },
      async remove(user: AuthenticatedUser, rid: number): Promise<number> {
        const current = await t.getRecord(id, rid, true);
        if (!current) throw notFound(`record ${rid} of dataset ${id}`);
        await assertMayWrite(t, user, decl, current.area_ids, undefined);
        await t.deleteRecord(id, rid);
        await t.addHistory({ recordId: rid, datasetId: id, action: 'delete', actorId: user.id, actor: user.username, before: snapshot(current.props, current.geometry), after: null });
        return rid;
      },
      async restore(user: AuthenticatedUser, rid: number, target: RecordSnapshot, historyId: number): Promise<number> {
        const current = await t.getRecord(id, rid, true);
        const props = cleanProps(target.properties);
        const geometry = target.geometry ?? null;
        checked(props, geometry, []);
        // Restoring may change personal values only for those who may write them.
        const before: Props = current?.props ?? {};
        assertMayWritePersonal(user, decl, personalFields(decl).map((f) => f.name).filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(props[f] ?? null)));
        await assertMayWrite(t, user, decl, current ? current.area_ids : null, geometry);
        await assertKeyFree(props, rid);
        // A restore puts back what was: no territory rule applies to history.
        const w = { naturalKey: naturalKey(decl, props), props, geometry, search: searchText(decl, props), actor: user.username };
        if (current) await t.updateRecord(id, rid, w);
        else await t.reinsertRecord(id, rid, w);
        await t.addHistory({
          recordId: rid, datasetId: id, action: 'restore', actorId: user.id, actor: user.username,
          before: current ? snapshot(current.props, current.geometry) : null, after: snapshot(props, geometry), restoredFrom: historyId,
        });
        return rid;
      },
    };
  }
  type RecordWriter = ReturnType<typeof writer>;

  /** Runs writes in one transaction; a unique-key race becomes a 409. */
  async function write<T>(decl: DatasetDecl, fn: (w: RecordWriter, t: DatasetsRepository) => Promise<T>): Promise<T> {
    try {
      return await ctx.db.kysely.transaction().execute((tx) => fn(writer(tx, decl), datasetsRepository(tx)));
    } catch (e) {
      if (isUniqueViolation(e)) throw new HttpError(409, 'conflict', `another record of ${decl.id} has the same ${decl.naturalKey.join(', ')}`);
      throw e;
    }
  }

  /** The WHERE of a record list (and of its export): filters, search, bbox, area, quality. */
  async function listWhere(decl: DatasetDecl, q: RecordListQuery, view: PersonalView) {
    const date = q.date ?? localToday(ctx.clock.now());
    let area: { id: number; level: string } | undefined;
    if (q.area) {
      area = await repo.areaOn(q.area, date);
      if (!area) throw badRequest(`area: no area with code ${q.area} is valid on ${date}`);
    }
    const where = buildWhere(decl, q, view, area);
    if (q.quality) {
      if (!(QUALITY_CHECKS as readonly string[]).includes(q.quality)) throw badRequest(`quality: one of ${QUALITY_CHECKS.join(', ')}`);
      const preds = await qualityPredicates(repo, decl, ctx.clock.now());
      where.push(preds[q.quality as QualityCheck]?.where ?? NO_RECORD_SQL);
    }
    return where;
  }

  /** Quality scores for the catalogue, kept until the dataset changes (recomputed on demand). */
  const scoreCache = new Map<string, { key: string; score: number }>();
  const scoreKey = (d: DatasetRow, stats: { record_count: number; last_record_update: Date | null }) =>
    `${d.version}|${stats.record_count}|${stats.last_record_update ? new Date(stats.last_record_update).getTime() : 0}|${localToday(ctx.clock.now())}`;

  type QualityReport = Awaited<ReturnType<typeof computeQuality>>;
  /**
   * Whole quality reports, kept until the dataset changes (or the day does): the checks scan
   * every record, so a report is computed once per change, and callers asking while it is
   * being computed wait for that one computation (issue 14 #12, issue 20 #5).
   */
  const reportCache = new Map<string, { key: string; report: QualityReport }>();
  const reportsInFlight = new Map<string, Promise<QualityReport>>();
  async function qualityReport(d: DatasetRow): Promise<QualityReport> {
    const key = scoreKey(d, await repo.datasetStats(d.id));
    const hit = reportCache.get(d.id);
    if (hit && hit.key === key) return hit.report;
    const running = reportsInFlight.get(`${d.id}|${key}`);
    if (running) return running;
    const computing = computeQuality(d)
      .then((report) => {
        reportCache.set(d.id, { key, report });
        return report;
      })
      .finally(() => reportsInFlight.delete(`${d.id}|${key}`));
    reportsInFlight.set(`${d.id}|${key}`, computing);
    return computing;
  }

  async function computeQuality(d: DatasetRow) {
    const preds = await qualityPredicates(repo, d.declaration, ctx.clock.now());
    const checks = QUALITY_CHECKS.filter((c) => preds[c]).map((c) => ({ key: c, where: preds[c]!.where }));
    const counts = await repo.qualityCounts(d.id, checks);
    const score = qualityScore(counts.total, counts.flagged);
    const stats = await repo.datasetStats(d.id);
    scoreCache.set(d.id, { key: scoreKey(d, stats), score });
    return {
      score,
      total: counts.total,
      flagged: counts.flagged,
      findings: checks.map((c) => ({ check: c.key, count: counts.counts[c.key] ?? 0, detail: preds[c.key]!.detail })),
    };
  }

  /** The cached score, or null while it is (re)computed in the background, one dataset at a time. */
  let warming: Promise<unknown> = Promise.resolve();
  const queued = new Set<string>();
  function cachedScore(d: DatasetRow, stats: { record_count: number; last_record_update: Date | null }): number | null {
    const hit = scoreCache.get(d.id);
    if (hit && hit.key === scoreKey(d, stats)) return hit.score;
    // Never computed: left to the start-up warm-up or a quality request (a list must not queue
    // every dataset's checks in front of other queries). Outdated: recomputed in the background.
    if (hit && !queued.has(d.id)) {
      queued.add(d.id);
      warming = warming
        .then(() => computeQuality(d))
        .catch((e: unknown) => ctx.log.warn({ err: e, dataset: d.id }, 'quality score not computed'))
        .finally(() => queued.delete(d.id));
    }
    return hit?.score ?? null;
  }



  const service = {
    ready,

    /** Computes every dataset's score once (background service at start-up); stops when asked. */
    async warmScores(shouldStop: () => boolean) {
      await ready();
      for (const d of await repo.listDatasets()) {
        if (shouldStop()) return;
        if (scoreCache.get(d.id)?.key === scoreKey(d, d) && reportCache.get(d.id)?.key === scoreKey(d, d)) continue;
        // The whole report, so the first visit of a dataset's quality page is served from memory.
        await qualityReport(d);
      }
    },

    async list(actor: Actor) {
      await ready();
      const staff = isStaff(userOf(actor));
      const rows = await repo.listDatasets();
      const visible = rows.filter((d) => staff || d.declaration.publicRead);
      const out = [];
      for (const d of visible) out.push({ ...toSummary(d, d), qualityScore: cachedScore(d, d) });
      return { datasets: out };
    },

    async get(actor: Actor, id: string) {
      const d = await readable(actor, id);
      const stats = await repo.datasetStats(id);
      const decl = d.declaration;
      return {
        ...toSummary(d, stats),
        descriptionVi: decl.descriptionVi ?? null,
        descriptionEn: decl.descriptionEn ?? null,
        fields: decl.fields,
        naturalKey: decl.naturalKey,
      };
    },

    async versions(id: string) {
      await ready();
      if (!(await repo.getDataset(id))) throw notFound(`dataset ${id}`);
      const rows = await repo.listVersions(id);
      return { versions: rows.map((v) => ({ version: v.version, createdAt: new Date(v.created_at).toISOString(), createdBy: v.created_by, declaration: v.declaration })) };
    },

    async saveDeclaration(actor: Actor, decl: DatasetDecl, mode: 'create' | 'update') {
      await ready();
      const problems = declarationProblems(decl);
      if (problems.length) throw badRequest(`invalid declaration: ${problems.join('; ')}`, { problems });
      if (!(await repo.unitExists(decl.ownerUnit))) throw badRequest(`ownerUnit: unknown unit "${decl.ownerUnit}"`);
      const existing = await repo.getDataset(decl.id);
      if (mode === 'create' && existing) throw new HttpError(409, 'conflict', `dataset ${decl.id} already exists; change it with PUT /api/datasets/${decl.id}`);
      if (mode === 'update' && !existing) throw notFound(`dataset ${decl.id}`);
      if (existing && existing.declaration.geometryType !== decl.geometryType && (await repo.datasetStats(decl.id)).record_count > 0) {
        throw new HttpError(409, 'conflict', `geometryType cannot change while the dataset has records (${existing.declaration.geometryType} → ${decl.geometryType})`);
      }
      const user = userOf(actor);
      const version = await repo.saveDeclaration(decl, user?.username ?? 'system', false);
      await ctx.audit.record(actor, { action: `dataset.${mode}`, targetType: 'dataset', targetId: decl.id, details: { version } });
      const d = await repo.getDataset(decl.id);
      return { ...toSummary(d!, await repo.datasetStats(decl.id)), fields: decl.fields, naturalKey: decl.naturalKey };
    },

    async listRecords(actor: Actor, id: string, q: RecordListQuery) {
      const d = await readable(actor, id);
      const decl = d.declaration;
      const view = personalView(userOf(actor));
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const { rows, total } = await repo.listRecords({
        datasetId: id,
        where: await listWhere(decl, q, view),
        orderBy: buildOrder(decl, q.sort),
        limit,
        offset,
        withGeometry: q.geometry !== false,
      });
      await auditClearRead(actor, decl, view, rows.map((r) => r.id), 'list');
      return {
        datasetId: id,
        total,
        limit,
        offset,
        personalData: personalFields(decl).length ? view : 'none',
        records: rows.map((r) => toRecord(decl, r, view)),
      };
    },

    async getRecord(actor: Actor, id: string, rid: number) {
      const d = await readable(actor, id);
      const r = await repo.getRecord(id, rid);
      if (!r) throw notFound(`record ${rid} of dataset ${id}`);
      const view = personalView(userOf(actor));
      await auditClearRead(actor, d.declaration, view, [r.id], 'record');
      return toRecord(d.declaration, r, view);
    },

    async createRecord(actor: Actor, id: string, body: RecordInputBody) {
      const d = await readable(actor, id);
      const user = userOf(actor)!;
      const rid = await write(d.declaration, (w) => w.create(user, body));
      await auditClearRead(actor, d.declaration, personalView(user), [rid], 'create');
      return toRecord(d.declaration, (await repo.getRecord(id, rid))!, personalView(user));
    },

    /** Merges the given properties (null removes one) and replaces the geometry if given. */
    async updateRecord(actor: Actor, id: string, rid: number, body: RecordInputBody) {
      const d = await readable(actor, id);
      const user = userOf(actor)!;
      await write(d.declaration, (w) => w.update(user, rid, body));
      await auditClearRead(actor, d.declaration, personalView(user), [rid], 'update');
      return toRecord(d.declaration, (await repo.getRecord(id, rid))!, personalView(user));
    },

    async deleteRecord(actor: Actor, id: string, rid: number) {
      const d = await readable(actor, id);
      const user = userOf(actor)!;
      await write(d.declaration, (w) => w.remove(user, rid));
    },

    /**
     * Many creates, updates and deletes in one transaction: all are written or none. Every
     * failing item is reported with its index, so the caller can fix them all at once.
     */
    async bulk(actor: Actor, id: string, items: BulkItem[]) {
      const d = await readable(actor, id);
      const user = userOf(actor)!;
      const results: { index: number; op: string; id: number }[] = [];
      const failures: { index: number; op: string; id?: number; error: string; message: string; problems?: unknown }[] = [];
      try {
        await ctx.db.kysely.transaction().execute(async (tx) => {
          const w = writer(tx, d.declaration);
          for (const [index, item] of items.entries()) {
            try {
              if (item.op === 'create') results.push({ index, op: item.op, id: await w.create(user, item) });
              else if (item.op === 'update') results.push({ index, op: item.op, id: await w.update(user, item.id, item) });
              else results.push({ index, op: item.op, id: await w.remove(user, item.id) });
            } catch (e) {
              // Every check runs before the item's first write, so the transaction stays usable.
              if (!(e instanceof HttpError)) throw e;
              failures.push({ index, op: item.op, ...('id' in item ? { id: item.id } : {}), error: e.code, message: e.message, ...(e.details ? { problems: (e.details as { problems?: unknown }).problems } : {}) });
            }
          }
          if (failures.length) throw new BulkRejected();
        });
      } catch (e) {
        if (e instanceof BulkRejected) {
          throw new HttpError(400, 'bulk_rejected', `${failures.length} of ${items.length} items are invalid; nothing was written`, { items: failures });
        }
        if (isUniqueViolation(e)) throw new HttpError(409, 'conflict', `two items of the batch have the same ${d.declaration.naturalKey.join(', ')}; nothing was written`);
        throw e;
      }
      return { datasetId: id, written: results.length, results };
    },

    /**
     * Puts a record back as it was in one history entry (after it; for a deletion, before it).
     * A deleted record comes back under its old id. The restore is itself a history entry.
     */
    async restore(actor: Actor, id: string, rid: number, historyId: number) {
      const d = await readable(actor, id);
      const decl = d.declaration;
      const user = userOf(actor)!;
      await write(decl, async (w, t) => {
        const entry = await t.getHistoryEntry(id, rid, historyId);
        if (!entry) throw notFound(`history entry ${historyId} of record ${rid} in ${id}`);
        const target = entry.after ?? entry.before;
        if (!target) throw badRequest('this history entry holds no record to restore');
        return w.restore(user, rid, target, historyId);
      });
      await auditClearRead(actor, decl, personalView(user), [rid], 'restore');
      return toRecord(decl, (await repo.getRecord(id, rid))!, personalView(user));
    },

    /** Data quality: a score and one finding per applicable check, each with a list link. */
    async quality(actor: Actor, id: string) {
      const d = await readable(actor, id);
      const q = await qualityReport(d);
      return {
        datasetId: id,
        score: q.score,
        total: q.total,
        flagged: q.flagged,
        findings: q.findings.map((f) => ({ ...f, records: `/api/datasets/${id}/records?quality=${f.check}` })),
      };
    },

    /** Streams the records that match the list filters as CSV, XLSX or GeoJSON. */
    async exportRecords(actor: Actor, id: string, format: ExportFormat, q: RecordListQuery) {
      const d = await readable(actor, id);
      const decl = d.declaration;
      const view = personalView(userOf(actor));
      const where = await listWhere(decl, q, view);
      const orderBy = buildOrder(decl, q.sort);
      const total = await repo.countWhere(id, where);
      if (view === 'clear' && total && personalFields(decl).length) {
        await ctx.audit.record(actor, {
          action: PERSONAL_READ_ACTION,
          targetType: 'dataset',
          targetId: decl.id,
          details: { what: `export ${format}`, fields: personalFields(decl).map((f) => f.name), count: total, query: q },
        });
      }
      const fields = decl.fields.filter((f) => view !== 'hidden' || !f.personal);
      const byId = (q.sort ?? 'id') === 'id';
      const geometry = exportGeometry(format, decl);
      const batches = async function* () {
        let afterId = byId ? 0 : undefined;
        for (let offset = 0; ; offset += EXPORT_BATCH) {
          const rows = await repo.exportBatch({ datasetId: id, where, orderBy, limit: EXPORT_BATCH, offset, afterId, geometry });
          if (!rows.length) return;
          yield rows.map((r) => ({ ...r, props: applyView(decl, r.props, view) }));
          if (rows.length < EXPORT_BATCH) return;
          if (byId) afterId = Number(rows[rows.length - 1]!.id);
        }
      };
      return { decl, fields, total, batches };
    },

    /**
     * Data-subject requests (Law 91/2025): the records whose personal fields name a person (a
     * phone number by its digits; a name, ID number or e-mail exactly, ignoring case), with
     * those fields in clear. For the privacy module, which checks the role and audits.
     */
    async personalDataOf(who: PersonQuery): Promise<PersonRecord[]> {
      const out: PersonRecord[] = [];
      for (const d of await repo.listDatasets()) {
        const fields = personalFields(d.declaration);
        if (!fields.length) continue;
        const rows = await repo.recordsOfPerson(d.id, fields.map((f) => ({ name: f.name, phone: f.type === 'phone' })), who);
        const display = displayFieldOf(d.declaration);
        for (const r of rows) {
          out.push({
            datasetId: d.id, datasetTitleVi: d.declaration.titleVi, datasetTitleEn: d.declaration.titleEn, recordId: Number(r.id),
            display: display ? String(r.props[display] ?? '') : '',
            personal: Object.fromEntries(fields.filter((f) => r.props[f.name] !== undefined).map((f) => [f.name, r.props[f.name]])),
          });
        }
      }
      return out;
    },

    /**
     * Erases a person's personal fields from the records `personalDataOf` finds, and from
     * their history. A required personal field keeps a placeholder so the record stays valid.
     */
    async erasePersonalDataOf(actor: Actor, who: PersonQuery): Promise<PersonRecord[]> {
      const found = await service.personalDataOf(who);
      const actorName = actor.user?.username ?? 'system';
      await ctx.db.kysely.transaction().execute(async (tx) => {
        const t = datasetsRepository(tx);
        const decls = new Map((await t.listDatasets()).map((d) => [d.id, d.declaration]));
        for (const r of found) {
          const decl = decls.get(r.datasetId)!;
          const fields = personalFields(decl).filter((f) => f.name in r.personal);
          const replace = Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, ERASED_PLACEHOLDER]));
          await t.erasePersonalFields(r.datasetId, r.recordId, fields.filter((f) => !f.required).map((f) => f.name), replace, actorName);
        }
      });
      return found;
    },

    async history(actor: Actor, id: string, rid: number) {
      const d = await readable(actor, id);
      const decl = d.declaration;
      const rows = await repo.listHistory(id, rid);
      if (!rows.length && !(await repo.getRecord(id, rid))) throw notFound(`record ${rid} of dataset ${id}`);
      const view = personalView(userOf(actor));
      await auditClearRead(actor, decl, view, rows.length ? [rid] : [], 'history');
      const side = (s: RecordSnapshot | null) => (s ? { properties: applyView(decl, s.properties, view), geometry: s.geometry } : null);
      return {
        recordId: rid,
        entries: rows.map((h: HistoryRow) => ({ id: h.id, action: h.action, at: new Date(h.at).toISOString(), actor: h.actor, restoredFrom: h.restored_from === null ? null : Number(h.restored_from), before: side(h.before), after: side(h.after) })),
      };
    },
  };
  return service;
}

/** Who a data-subject request is about: a phone number (compared by digits) and exact texts (name, ID number, e-mail). */
export interface PersonQuery {
  phoneDigits: string | null;
  texts: string[];
}

/** A record naming the person, with its personal fields in clear. */
export interface PersonRecord {
  datasetId: string;
  datasetTitleVi: string;
  datasetTitleEn: string;
  recordId: number;
  display: string;
  personal: Record<string, unknown>;
}

/** What replaces a required personal field when it is erased (the record must stay valid). */
export const ERASED_PLACEHOLDER = 'Đã xóa theo yêu cầu của chủ thể dữ liệu';

export type DatasetsService = ReturnType<typeof createDatasetsService>;

/** Thrown inside the bulk transaction to roll it back after collecting every item's error. */
class BulkRejected extends Error {}
