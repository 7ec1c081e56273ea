// SQL of the datasets module: declarations (with versions), the generic records table and
// record history. Plain SQL that runs unchanged on PGlite and PostgreSQL.
import type { RecordFlag } from '../../../../shared/contracts/datasets.ts';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { DatasetDecl } from './declarations.ts';
import type { Props } from './validation.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface DatasetRow {
  id: string;
  version: number;
  declaration: DatasetDecl;
  built_in: boolean;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
}

export interface DatasetSummaryRow extends DatasetRow {
  record_count: number;
  last_record_update: Date | null;
}

export interface RecordRow {
  id: number;
  dataset_id: string;
  natural_key: string | null;
  props: Props;
  geometry: GeoJSON.Geometry | null;
  area_ids: number[];
  synthetic: boolean;
  flags: RecordFlag[];
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export interface HistoryRow {
  id: number;
  record_id: number;
  dataset_id: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  at: Date;
  restored_from: number | null;
  actor: string;
  before: RecordSnapshot | null;
  after: RecordSnapshot | null;
}

export interface RecordSnapshot {
  properties: Props;
  geometry: GeoJSON.Geometry | null;
}

export interface RecordWrite {
  naturalKey: string | null;
  props: Props;
  geometry: GeoJSON.Geometry | null;
  search: string;
  actor: string;
  /** What the write learnt about the position (issue 15). */
  flags?: RecordFlag[] | undefined;
}

export interface RecordQuery {
  datasetId: string;
  where: RawBuilder<unknown>[];
  orderBy: RawBuilder<unknown>;
  limit: number;
  offset: number;
  withGeometry: boolean;
}

/** How an export carries geometries: GeoJSON text, lon/lat columns (points), WKT, or not at all. */
export type ExportGeometry = 'geojson' | 'lonlat' | 'wkt' | 'none';
export interface ExportRow {
  id: number;
  props: Record<string, unknown>;
  geometry_json: string | null;
  lon: number | null;
  lat: number | null;
  wkt: string | null;
}
const RECORD_COLUMNS = sql`r.id, r.dataset_id, r.natural_key, r.props, r.area_ids, r.synthetic, r.flags, r.created_at, r.created_by, r.updated_at, r.updated_by`;
const geomFromGeoJson = (g: GeoJSON.Geometry | null) =>
  g ? sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326)` : sql`null::geometry`;

/** Ward-level areas of any period that the geometry touches (a point: the wards it lies in). */
const wardsOf = (g: GeoJSON.Geometry | null) =>
  g
    ? sql`array(select a.id from v_areas a where a.level = 'ward' and ST_Intersects(a.geom, ${geomFromGeoJson(g)}) order by a.valid_from desc, a.id)`
    : sql`'{}'::int[]`;

/** The ward name an address claims ("…, phường Tân Hưng" → "Tân Hưng"), or null. */
export const claimedWard = (field: string) =>
  sql`nullif(trim(substring(r.props ->> ${field} from '[Pp]hường[[:space:]]+([^,]+)$')), '')`;

export function datasetsRepository(db: Db) {
  return {
    async listDatasets(): Promise<DatasetSummaryRow[]> {
      const r = await sql<DatasetSummaryRow>`
        select d.id, d.version, d.declaration, d.built_in, d.created_at, d.updated_at, d.updated_by,
               coalesce(s.record_count, 0)::int as record_count, s.last_record_update
        from datasets d
        left join dataset_record_stats s on s.dataset_id = d.id
        order by d.domain, d.id`.execute(db);
      return r.rows;
    },

    async getDataset(id: string): Promise<DatasetRow | undefined> {
      const r = await sql<DatasetRow>`
        select id, version, declaration, built_in, created_at, updated_at, updated_by from datasets where id = ${id}`.execute(db);
      return r.rows[0];
    },

    async datasetStats(id: string): Promise<{ record_count: number; last_record_update: Date | null }> {
      const r = await sql<{ record_count: number; last_record_update: Date | null }>`
        select record_count::int as record_count, last_record_update from dataset_record_stats where dataset_id = ${id}`.execute(db);
      return r.rows[0] ?? { record_count: 0, last_record_update: null };
    },

    /** Inserts a new dataset or a new version of one; returns the version number. */
    async saveDeclaration(d: DatasetDecl, actor: string, builtIn: boolean): Promise<number> {
      const json = JSON.stringify(d);
      const r = await sql<{ version: number }>`
        insert into datasets (id, version, declaration, domain, owner_unit, geometry_type, public_read, built_in, updated_by)
        values (${d.id}, 1, ${json}::jsonb, ${d.domain}, ${d.ownerUnit}, ${d.geometryType}, ${d.publicRead}, ${builtIn}, ${actor})
        on conflict (id) do update set
          version = datasets.version + 1, declaration = excluded.declaration, domain = excluded.domain,
          owner_unit = excluded.owner_unit, geometry_type = excluded.geometry_type, public_read = excluded.public_read,
          updated_at = now(), updated_by = excluded.updated_by
        returning version`.execute(db);
      const version = r.rows[0]!.version;
      await sql`insert into dataset_versions (dataset_id, version, declaration, created_by)
        values (${d.id}, ${version}, ${json}::jsonb, ${actor})`.execute(db);
      return version;
    },

    async listVersions(id: string) {
      const r = await sql<{ version: number; declaration: DatasetDecl; created_at: Date; created_by: string }>`
        select version, declaration, created_at, created_by from dataset_versions where dataset_id = ${id} order by version desc`.execute(db);
      return r.rows;
    },

    async unitExists(code: string): Promise<boolean> {
      const r = await sql<{ n: number }>`select count(*)::int as n from v_units where code = ${code}`.execute(db);
      return (r.rows[0]?.n ?? 0) > 0;
    },

    async listRecords(q: RecordQuery): Promise<{ rows: RecordRow[]; total: number }> {
      const where = sql.join([sql`r.dataset_id = ${q.datasetId}`, ...q.where], sql` and `);
      const rows = await sql<RecordRow>`
        select ${RECORD_COLUMNS} ${q.withGeometry ? sql`, ST_AsGeoJSON(r.geom, 7)::json as geometry` : sql`, null as geometry`}
        from records r where ${where}
        order by ${q.orderBy} limit ${q.limit} offset ${q.offset}`.execute(db);
      const total = await sql<{ n: number }>`select count(*)::int as n from records r where ${where}`.execute(db);
      return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
    },

    /**
     * Records of a dataset whose personal fields hold a person's identifiers: a phone field
     * equal by its digits, any other personal field equal ignoring case and surrounding spaces.
     */
    async recordsOfPerson(datasetId: string, fields: { name: string; phone: boolean }[], who: { phoneDigits: string | null; texts: string[] }): Promise<{ id: number; props: Props }[]> {
      const tests: RawBuilder<unknown>[] = [];
      for (const f of fields) {
        // The last 9 digits: 0977 111 222, +84 977 111 222 and 84977111222 are the same number.
        if (f.phone && who.phoneDigits) tests.push(sql`right(regexp_replace(coalesce(props ->> ${f.name}, ''), '[^0-9]', '', 'g'), 9) = ${who.phoneDigits.slice(-9)}`);
        for (const t of who.texts) tests.push(sql`lower(trim(props ->> ${f.name})) = lower(${t})`);
      }
      if (!tests.length) return [];
      const r = await sql<{ id: number; props: Props }>`
        select id::int as id, props from records where dataset_id = ${datasetId} and (${sql.join(tests, sql` or `)}) order by id limit 1000`.execute(db);
      return r.rows;
    },

    /**
     * Erasure of a person's data in one record: the personal fields are removed (or, when
     * required, replaced by `placeholder`) from the record AND from every snapshot of its
     * history, so no earlier version keeps them.
     */
    async erasePersonalFields(datasetId: string, id: number, remove: string[], replace: Record<string, string>, actor: string): Promise<void> {
      const keys = [...remove, ...Object.keys(replace)];
      await sql`update records set props = (props - ${remove}::text[]) || ${JSON.stringify(replace)}::jsonb, updated_at = now(), updated_by = ${actor}
        where dataset_id = ${datasetId} and id = ${id}`.execute(db);
      for (const side of ['before', 'after'] as const) {
        await sql`update record_history set ${sql.ref(side)} = jsonb_set(${sql.ref(side)}, '{properties}', (${sql.ref(side)} -> 'properties') - ${keys}::text[])
          where dataset_id = ${datasetId} and record_id = ${id} and ${sql.ref(side)} is not null and ${sql.ref(side)} ? 'properties'`.execute(db);
      }
    },

    async getRecord(datasetId: string, id: number, forUpdate = false): Promise<RecordRow | undefined> {
      const r = await sql<RecordRow>`
        select ${RECORD_COLUMNS}, ST_AsGeoJSON(r.geom, 7)::json as geometry
        from records r where r.dataset_id = ${datasetId} and r.id = ${id} ${forUpdate ? sql`for update` : sql``}`.execute(db);
      return r.rows[0];
    },

    async insertRecord(datasetId: string, w: RecordWrite): Promise<number> {
      const r = await sql<{ id: number }>`
        insert into records (dataset_id, natural_key, props, geom, area_ids, search, synthetic, created_by, updated_by, flags)
        values (${datasetId}, ${w.naturalKey}, ${JSON.stringify(w.props)}::jsonb, ${geomFromGeoJson(w.geometry)},
                ${wardsOf(w.geometry)}, ${w.search}, false, ${w.actor}, ${w.actor}, ${JSON.stringify(w.flags ?? [])}::jsonb)
        returning id`.execute(db);
      return r.rows[0]!.id;
    },

    async updateRecord(datasetId: string, id: number, w: RecordWrite): Promise<void> {
      await sql`
        update records set natural_key = ${w.naturalKey}, props = ${JSON.stringify(w.props)}::jsonb,
          geom = ${geomFromGeoJson(w.geometry)}, area_ids = ${wardsOf(w.geometry)}, search = ${w.search},
          updated_at = now(), updated_by = ${w.actor}, flags = ${JSON.stringify(w.flags ?? [])}::jsonb
        where dataset_id = ${datasetId} and id = ${id}`.execute(db);
    },

    async recordIdByKey(datasetId: string, key: string): Promise<number | undefined> {
      const r = await sql<{ id: number }>`select id from records where dataset_id = ${datasetId} and natural_key = ${key}`.execute(db);
      return r.rows[0] ? Number(r.rows[0].id) : undefined;
    },

    async deleteRecord(datasetId: string, id: number): Promise<void> {
      await sql`delete from records where dataset_id = ${datasetId} and id = ${id}`.execute(db);
    },

    async addHistory(h: { recordId: number; datasetId: string; action: HistoryRow['action']; actorId: number | null; actor: string; before: RecordSnapshot | null; after: RecordSnapshot | null; restoredFrom?: number }) {
      await sql`insert into record_history (record_id, dataset_id, action, actor_id, actor, before, after, restored_from)
        values (${h.recordId}, ${h.datasetId}, ${h.action}, ${h.actorId}, ${h.actor},
                ${h.before ? JSON.stringify(h.before) : null}::jsonb, ${h.after ? JSON.stringify(h.after) : null}::jsonb, ${h.restoredFrom ?? null})`.execute(db);
    },

    async getHistoryEntry(datasetId: string, recordId: number, historyId: number): Promise<HistoryRow | undefined> {
      const r = await sql<HistoryRow>`
        select id, record_id, dataset_id, action, at, actor, before, after, restored_from from record_history
        where dataset_id = ${datasetId} and record_id = ${recordId} and id = ${historyId}`.execute(db);
      return r.rows[0];
    },

    /** Puts a deleted record back under its old id (its history continues). */
    async reinsertRecord(datasetId: string, id: number, w: RecordWrite): Promise<void> {
      await sql`
        insert into records (id, dataset_id, natural_key, props, geom, area_ids, search, synthetic, created_by, updated_by)
        values (${id}, ${datasetId}, ${w.naturalKey}, ${JSON.stringify(w.props)}::jsonb, ${geomFromGeoJson(w.geometry)},
                ${wardsOf(w.geometry)}, ${w.search}, false, ${w.actor}, ${w.actor})`.execute(db);
    },

    /** Ward-level areas (any period) a geometry lies in, as stored in records.area_ids. */
    async wardIdsOf(g: GeoJSON.Geometry | null): Promise<number[]> {
      if (!g) return [];
      const r = await sql<{ ids: number[] }>`select ${wardsOf(g)} as ids`.execute(db);
      return r.rows[0]?.ids ?? [];
    },

    /** The code of a unit (an officer's), or null. */
    async unitCode(unitId: number | null): Promise<string | null> {
      if (unitId === null) return null;
      const r = await db.selectFrom('v_units').select('code').where('id', '=', unitId).executeTakeFirst();
      return r?.code ?? null;
    },

    /**
     * One batch of an export, in the list order. With `afterId` (id order) the batch starts
     * after that id (keyset: every batch costs the same); otherwise by offset.
     */
    /**
     * One batch of an export: only what the file carries. The geometry comes as the text the
     * file needs (GeoJSON text spliced into the output unparsed, lon/lat numbers for points,
     * WKT otherwise), which halves the cost of a large export against parsing and re-encoding it.
     */
    async exportBatch(q: Omit<RecordQuery, 'withGeometry'> & { afterId?: number | undefined; geometry: ExportGeometry }): Promise<ExportRow[]> {
      const where = sql.join([sql`r.dataset_id = ${q.datasetId}`, ...q.where, ...(q.afterId !== undefined ? [sql`r.id > ${q.afterId}`] : [])], sql` and `);
      const g = q.geometry;
      const rows = await sql<ExportRow>`
        select r.id, r.props,
          ${g === 'geojson' ? sql`ST_AsGeoJSON(r.geom, 7)` : sql`null`} as geometry_json,
          ${g === 'lonlat' ? sql`ST_X(r.geom)` : sql`null`} as lon,
          ${g === 'lonlat' ? sql`ST_Y(r.geom)` : sql`null`} as lat,
          ${g === 'wkt' ? sql`ST_AsText(r.geom)` : sql`null`} as wkt
        from records r where ${where}
        order by ${q.orderBy} limit ${q.limit} ${q.afterId !== undefined ? sql`` : sql`offset ${q.offset}`}`.execute(db);
      return rows.rows;
    },

    async countWhere(datasetId: string, where: RawBuilder<unknown>[]): Promise<number> {
      const w = sql.join([sql`r.dataset_id = ${datasetId}`, ...where], sql` and `);
      const r = await sql<{ n: number }>`select count(*)::int as n from records r where ${w}`.execute(db);
      return r.rows[0]?.n ?? 0;
    },

    /** Distinct "phường …" names claimed in the address field, with their counts. */
    async claimedWardNames(datasetId: string, field: string): Promise<{ claimed: string; n: number }[]> {
      const r = await sql<{ claimed: string; n: number }>`
        select claimed, count(*)::int as n from (
          select ${claimedWard(field)} as claimed from records r where r.dataset_id = ${datasetId}) t
        where claimed is not null group by claimed`.execute(db);
      return r.rows;
    },

    /** Total, records per check and records with any finding, in one pass over the dataset. */
    async qualityCounts(datasetId: string, checks: { key: string; where: RawBuilder<unknown> }[]): Promise<{ total: number; flagged: number; counts: Record<string, number> }> {
      const cols = checks.map((c, i) => sql`count(*) filter (where ${c.where})::int as ${sql.ref(`c${i}`)}`);
      const any = checks.length ? sql.join(checks.map((c) => c.where), sql` or `) : sql`false`;
      const r = await sql<Record<string, number>>`
        select count(*)::int as total, count(*) filter (where ${any})::int as flagged ${cols.length ? sql`, ${sql.join(cols, sql`, `)}` : sql``}
        from records r where r.dataset_id = ${datasetId}`.execute(db);
      const row = r.rows[0] ?? {};
      return { total: row.total ?? 0, flagged: row.flagged ?? 0, counts: Object.fromEntries(checks.map((c, i) => [c.key, row[`c${i}`] ?? 0])) };
    },

    /** Ward-level areas of any period, with their names (to resolve claimed ward names). */
    async wardNames(): Promise<{ id: number; name_vi: string }[]> {
      const r = await sql<{ id: number; name_vi: string }>`select id, name_vi from v_areas where level = 'ward'`.execute(db);
      return r.rows;
    },

    async listHistory(datasetId: string, recordId: number): Promise<HistoryRow[]> {
      const r = await sql<HistoryRow>`
        select id, record_id, dataset_id, action, at, actor, before, after, restored_from from record_history
        where dataset_id = ${datasetId} and record_id = ${recordId} order by id`.execute(db);
      return r.rows;
    },

    /** Resolves an area code to the version valid on a day. */
    async areaOn(code: string, date: string): Promise<{ id: number; level: string } | undefined> {
      const r = await sql<{ id: number; level: string }>`
        select id, level from v_areas where code = ${code} and valid_from <= ${date}::date and (valid_to is null or valid_to > ${date}::date)
        order by valid_from desc limit 1`.execute(db);
      return r.rows[0];
    },

    /**
     * Many records of one dataset in one statement (the demo seeder and, later, imports).
     * Geometries as WKT in WGS 84; area ids given by the caller.
     */
    async bulkInsert(
      datasetId: string,
      rows: { naturalKey: string | null; props: Props; wkt: string | null; areaIds: number[]; search: string }[],
      opts: { synthetic: boolean; actor: string },
    ): Promise<void> {
      if (!rows.length) return;
      await sql`
        insert into records (dataset_id, natural_key, props, geom, area_ids, search, synthetic, created_by, updated_by)
        select ${datasetId}, t.nk, t.props::jsonb, ST_GeomFromText(t.wkt, 4326), t.areas::int[], t.search, ${opts.synthetic}, ${opts.actor}, ${opts.actor}
        from unnest(${rows.map((r) => r.naturalKey)}::text[], ${rows.map((r) => JSON.stringify(r.props))}::text[],
                    ${rows.map((r) => r.wkt)}::text[], ${rows.map((r) => `{${r.areaIds.join(',')}}`)}::text[],
                    ${rows.map((r) => r.search)}::text[]) as t(nk, props, wkt, areas, search)`.execute(db);
    },
  };
}

export type DatasetsRepository = ReturnType<typeof datasetsRepository>;
