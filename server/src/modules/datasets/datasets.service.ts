// Datasets: declarations (admins change them at runtime, every change a new version) and
// the records of every dataset, validated against the declaration, with history, masking
// of personal fields and an audit entry for every read of personal data in clear.
import type { FastifyRequest } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import { localToday } from '../areas/index.ts';
import { loadBuiltInDatasets } from './builtin-loader.ts';
import { declarationProblems, type DatasetDecl } from './declarations.ts';
import { datasetsRepository, type DatasetRow, type HistoryRow, type RecordRow, type RecordSnapshot } from './datasets.repository.ts';
import { applyView, personalFields, personalView, type PersonalView } from './masking.ts';
import { cleanProps, filterValue, naturalKey, recordProblems, searchTerms, searchText, type FieldProblem, type Props } from './validation.ts';

export interface RecordListQuery {
  limit?: number | undefined;
  offset?: number | undefined;
  sort?: string | undefined;
  area?: string | undefined;
  date?: string | undefined;
  q?: string | undefined;
  bbox?: string | undefined;
  geometry?: boolean | undefined;
  [key: string]: unknown;
}

export interface RecordInputBody {
  properties?: Props | undefined;
  geometry?: GeoJSON.Geometry | null | undefined;
}

const userOf = (req: FastifyRequest): AuthenticatedUser | null => (req.principal?.kind === 'user' ? req.principal.user : null);
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
  async function readable(req: FastifyRequest, id: string): Promise<DatasetRow> {
    await ready();
    const d = await repo.getDataset(id);
    if (!d || (!isStaff(userOf(req)) && !d.declaration.publicRead)) throw notFound(`dataset ${id}`);
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
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
      updatedAt: new Date(r.updated_at).toISOString(),
      updatedBy: r.updated_by,
    };
  }

  /** Every read of personal fields in clear leaves an audit entry. */
  async function auditClearRead(req: FastifyRequest, decl: DatasetDecl, view: PersonalView, recordIds: number[], what: string) {
    if (view !== 'clear' || !recordIds.length || !personalFields(decl).length) return;
    await ctx.audit.record(req, {
      action: 'dataset.personal_read',
      targetType: 'dataset',
      targetId: decl.id,
      details: { what, fields: personalFields(decl).map((f) => f.name), count: recordIds.length, recordIds: recordIds.slice(0, 200) },
    });
  }

  function buildWhere(decl: DatasetDecl, q: RecordListQuery, view: PersonalView, area: { id: number; level: string } | undefined) {
    const where: RawBuilder<unknown>[] = [];
    if (area) {
      where.push(area.level === 'ward'
        ? sql`r.area_ids @> array[${area.id}]::int[]`
        : sql`ST_Intersects(r.geom, (select a.geom from areas a where a.id = ${area.id}))`);
    }
    for (const term of searchTerms(q.q ?? '')) {
      const escaped = term.replace(/[\\%_]/g, (m) => `\\${m}`);
      where.push(sql`r.search like ${`%${escaped}%`}`);
    }
    if (q.bbox) {
      const b = q.bbox.split(',').map(Number);
      if (b.length !== 4 || b.some((x) => !Number.isFinite(x))) throw badRequest('bbox must be minLon,minLat,maxLon,maxLat');
      where.push(sql`r.geom && ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`);
    }
    for (const [key, raw] of Object.entries(q)) {
      if (!key.startsWith('f.')) continue;
      const name = key.slice(2);
      const field = decl.fields.find((f) => f.name === name);
      if (!field) throw badRequest(`${key}: ${name} is not a field of dataset ${decl.id}`);
      if (field.personal && view !== 'clear') throw badRequest(`${key}: filtering on a personal field needs the admin role`);
      const v = filterValue(field, String(Array.isArray(raw) ? raw[0] : raw));
      if ('problem' in v) throw badRequest(v.problem);
      where.push(sql`r.props ->> ${name} = ${v.value}`);
    }
    return where;
  }

  function buildOrder(decl: DatasetDecl, sort: string | undefined): RawBuilder<unknown> {
    const s = sort ?? 'id';
    const desc = s.startsWith('-');
    const key = desc ? s.slice(1) : s;
    const dir = desc ? sql`desc` : sql`asc`;
    if (key === 'id') return sql`r.id ${dir}`;
    if (key === 'updatedAt') return sql`r.updated_at ${dir}, r.id ${dir}`;
    if (key === 'createdAt') return sql`r.created_at ${dir}, r.id ${dir}`;
    const field = decl.fields.find((f) => f.name === key);
    if (!field || field.personal) throw badRequest(`sort: ${key} is not a sortable field of dataset ${decl.id} (id, updatedAt, createdAt or a non-personal field)`);
    const expr = field.type === 'integer' || field.type === 'number' ? sql`(r.props ->> ${key})::numeric` : sql`r.props ->> ${key}`;
    return sql`${expr} ${dir} nulls last, r.id ${dir}`;
  }

  const snapshot = (props: Props, geometry: GeoJSON.Geometry | null): RecordSnapshot => ({ properties: props, geometry });

  return {
    ready,

    async list(req: FastifyRequest) {
      await ready();
      const staff = isStaff(userOf(req));
      const rows = await repo.listDatasets();
      return {
        datasets: rows.filter((d) => staff || d.declaration.publicRead).map((d) => toSummary(d, d)),
      };
    },

    async get(req: FastifyRequest, id: string) {
      const d = await readable(req, id);
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

    async saveDeclaration(req: FastifyRequest, decl: DatasetDecl, mode: 'create' | 'update') {
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
      const user = userOf(req);
      const version = await repo.saveDeclaration(decl, user?.username ?? 'system', false);
      await ctx.audit.record(req, { action: `dataset.${mode}`, targetType: 'dataset', targetId: decl.id, details: { version } });
      const d = await repo.getDataset(decl.id);
      return { ...toSummary(d!, await repo.datasetStats(decl.id)), fields: decl.fields, naturalKey: decl.naturalKey };
    },

    async listRecords(req: FastifyRequest, id: string, q: RecordListQuery) {
      const d = await readable(req, id);
      const decl = d.declaration;
      const view = personalView(userOf(req));
      const date = q.date ?? localToday(ctx.clock.now());
      let area: { id: number; level: string } | undefined;
      if (q.area) {
        area = await repo.areaOn(q.area, date);
        if (!area) throw badRequest(`area: no area with code ${q.area} is valid on ${date}`);
      }
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const { rows, total } = await repo.listRecords({
        datasetId: id,
        where: buildWhere(decl, q, view, area),
        orderBy: buildOrder(decl, q.sort),
        limit,
        offset,
        withGeometry: q.geometry !== false,
      });
      await auditClearRead(req, decl, view, rows.map((r) => r.id), 'list');
      return {
        datasetId: id,
        total,
        limit,
        offset,
        personalData: personalFields(decl).length ? view : 'none',
        records: rows.map((r) => toRecord(decl, r, view)),
      };
    },

    async getRecord(req: FastifyRequest, id: string, rid: number) {
      const d = await readable(req, id);
      const r = await repo.getRecord(id, rid);
      if (!r) throw notFound(`record ${rid} of dataset ${id}`);
      const view = personalView(userOf(req));
      await auditClearRead(req, d.declaration, view, [r.id], 'record');
      return toRecord(d.declaration, r, view);
    },

    async createRecord(req: FastifyRequest, id: string, body: RecordInputBody) {
      const d = await readable(req, id);
      const decl = d.declaration;
      const props = cleanProps(body.properties ?? {});
      const geometry = body.geometry ?? null;
      const problems = recordProblems(decl, { properties: props, geometry });
      if (problems.length) throw invalid(problems);
      const user = userOf(req)!;
      try {
        const rid = await ctx.db.kysely.transaction().execute(async (tx) => {
          const t = datasetsRepository(tx);
          const newId = await t.insertRecord(id, { naturalKey: naturalKey(decl, props), props, geometry, search: searchText(decl, props), actor: user.username });
          await t.addHistory({ recordId: newId, datasetId: id, action: 'create', actorId: user.id, actor: user.username, before: null, after: snapshot(props, geometry) });
          return newId;
        });
        return toRecord(decl, (await repo.getRecord(id, rid))!, personalView(user));
      } catch (e) {
        if (isUniqueViolation(e)) throw new HttpError(409, 'conflict', `a record with ${decl.naturalKey.join(', ')} = ${naturalKey(decl, props)} already exists in ${id}`);
        throw e;
      }
    },

    /** Merges the given properties (null removes one) and replaces the geometry if given. */
    async updateRecord(req: FastifyRequest, id: string, rid: number, body: RecordInputBody) {
      const d = await readable(req, id);
      const decl = d.declaration;
      const user = userOf(req)!;
      try {
        await ctx.db.kysely.transaction().execute(async (tx) => {
          const t = datasetsRepository(tx);
          const current = await t.getRecord(id, rid, true);
          if (!current) throw notFound(`record ${rid} of dataset ${id}`);
          const input = body.properties ?? {};
          const props = cleanProps({ ...current.props, ...input });
          const geometry = body.geometry === undefined ? current.geometry : body.geometry;
          // Values left from an older declaration are kept; only the caller's keys must be declared.
          const problems = recordProblems(decl, { properties: props, geometry }).filter(
            (p) => !p.message.startsWith('is not a field') || p.field in input,
          );
          if (problems.length) throw invalid(problems);
          await t.updateRecord(id, rid, { naturalKey: naturalKey(decl, props), props, geometry, search: searchText(decl, props), actor: user.username });
          await t.addHistory({ recordId: rid, datasetId: id, action: 'update', actorId: user.id, actor: user.username, before: snapshot(current.props, current.geometry), after: snapshot(props, geometry) });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new HttpError(409, 'conflict', `another record of ${id} has the same ${decl.naturalKey.join(', ')}`);
        throw e;
      }
      return toRecord(decl, (await repo.getRecord(id, rid))!, personalView(user));
    },

    async deleteRecord(req: FastifyRequest, id: string, rid: number) {
      await readable(req, id);
      const user = userOf(req)!;
      await ctx.db.kysely.transaction().execute(async (tx) => {
        const t = datasetsRepository(tx);
        const current = await t.getRecord(id, rid, true);
        if (!current) throw notFound(`record ${rid} of dataset ${id}`);
        await t.deleteRecord(id, rid);
        await t.addHistory({ recordId: rid, datasetId: id, action: 'delete', actorId: user.id, actor: user.username, before: snapshot(current.props, current.geometry), after: null });
      });
    },

    async history(req: FastifyRequest, id: string, rid: number) {
      const d = await readable(req, id);
      const decl = d.declaration;
      const rows = await repo.listHistory(id, rid);
      if (!rows.length && !(await repo.getRecord(id, rid))) throw notFound(`record ${rid} of dataset ${id}`);
      const view = personalView(userOf(req));
      await auditClearRead(req, decl, view, rows.length ? [rid] : [], 'history');
      const side = (s: RecordSnapshot | null) => (s ? { properties: applyView(decl, s.properties, view), geometry: s.geometry } : null);
      return {
        recordId: rid,
        entries: rows.map((h: HistoryRow) => ({ id: h.id, action: h.action, at: new Date(h.at).toISOString(), actor: h.actor, before: side(h.before), after: side(h.after) })),
      };
    },
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;
