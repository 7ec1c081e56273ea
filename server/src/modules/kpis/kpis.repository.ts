// SQL of the kpis module: stored definitions and dashboards, notification preferences, and
// the generic queries run over a compiled source (aggregate cube, categories, drill-down).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Dashboard, KpiDefinition } from '../../../../shared/contracts/kpis.ts';
import type { DatasetDecl } from '../datasets/index.ts';
import type { CompiledSource } from './kpis.sources.ts';

export interface StoredKpi {
  id: string;
  definition: KpiDefinition;
  built_in: boolean;
  version: number;
  updated_at: Date;
  updated_by: string;
}

export interface StoredDashboard {
  id: string;
  definition: Dashboard;
  built_in: boolean;
  updated_at: Date;
  updated_by: string;
}

/** One cell of a KPI's aggregate: ward area (0 = all rows), day, numerator flag, row count. */
export interface CubeRow {
  a: number;
  d: string | null;
  num: boolean;
  n: number;
}

export interface WardMeta {
  id: number;
  code: string;
  name_vi: string;
  name_en: string;
  scheme: string;
  level: string;
  area_km2: number;
  parent_id: number | null;
}

/** Who changes built-ins at start-up; a definition saved by anyone else is kept as it is. */
export const SYSTEM_ACTOR = 'system';

/** Area and period conditions shared by the category and drill-down queries. */
export interface SliceWhere {
  areaIds: number[] | null;
  from: string | null;
  /** Exclusive. */
  toExcl: string | null;
  numeratorOnly: boolean;
}

function sliceSql(src: CompiledSource, s: SliceWhere): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [src.where];
  if (s.areaIds) parts.push(sql`${src.areaIds} && ${s.areaIds}::int[]`);
  if (src.time) {
    if (src.flow) {
      parts.push(sql`${src.time} is not null`);
      if (s.from) parts.push(sql`${src.time} >= ${s.from}`);
      if (s.toExcl) parts.push(sql`${src.time} < ${s.toExcl}`);
    } else if (s.toExcl) {
      parts.push(sql`(${src.time} is null or ${src.time} < ${s.toExcl})`);
    }
  }
  if (s.numeratorOnly && src.numerator) parts.push(sql`coalesce(${src.numerator}, false)`);
  return sql.join(parts, sql` and `);
}

export function kpisRepository(db: Kysely<DB>) {
  return {
    async listKpis(): Promise<StoredKpi[]> {
      return (await sql<StoredKpi>`select id, definition, built_in, version, updated_at, updated_by from kpi_definitions order by id`.execute(db)).rows;
    },

    /** Built-ins: inserted when missing, refreshed while nobody but the system changed them. */
    async upsertBuiltInKpi(d: KpiDefinition): Promise<void> {
      await sql`insert into kpi_definitions (id, definition, domain, built_in, updated_by)
        values (${d.id}, ${JSON.stringify(d)}::jsonb, ${d.domain}, true, ${SYSTEM_ACTOR})
        on conflict (id) do update set definition = excluded.definition, domain = excluded.domain, updated_at = now()
        where kpi_definitions.updated_by = ${SYSTEM_ACTOR} and kpi_definitions.definition <> excluded.definition`.execute(db);
    },

    async insertKpi(d: KpiDefinition, actor: string): Promise<boolean> {
      const r = await sql`insert into kpi_definitions (id, definition, domain, built_in, updated_by)
        values (${d.id}, ${JSON.stringify(d)}::jsonb, ${d.domain}, false, ${actor}) on conflict (id) do nothing returning id`.execute(db);
      return r.rows.length > 0;
    },

    async updateKpi(d: KpiDefinition, actor: string): Promise<boolean> {
      const r = await sql`update kpi_definitions set definition = ${JSON.stringify(d)}::jsonb, domain = ${d.domain},
        version = version + 1, updated_at = now(), updated_by = ${actor} where id = ${d.id} returning id`.execute(db);
      return r.rows.length > 0;
    },

    async deleteKpi(id: string): Promise<boolean> {
      const r = await sql`delete from kpi_definitions where id = ${id} returning id`.execute(db);
      return r.rows.length > 0;
    },

    async listDashboards(): Promise<StoredDashboard[]> {
      return (await sql<StoredDashboard>`select id, definition, built_in, updated_at, updated_by from dashboards order by id <> 'overview', built_in desc, id`.execute(db)).rows;
    },

    async upsertBuiltInDashboard(d: Dashboard): Promise<void> {
      await sql`insert into dashboards (id, definition, built_in, updated_by)
        values (${d.id}, ${JSON.stringify(d)}::jsonb, true, ${SYSTEM_ACTOR})
        on conflict (id) do update set definition = excluded.definition, updated_at = now()
        where dashboards.updated_by = ${SYSTEM_ACTOR} and dashboards.definition <> excluded.definition`.execute(db);
    },

    async saveDashboard(d: Dashboard, actor: string, mode: 'create' | 'update'): Promise<boolean> {
      const json = JSON.stringify(d);
      const r = mode === 'create'
        ? await sql`insert into dashboards (id, definition, built_in, updated_by) values (${d.id}, ${json}::jsonb, false, ${actor}) on conflict (id) do nothing`.execute(db)
        : await sql`update dashboards set definition = ${json}::jsonb, updated_at = now(), updated_by = ${actor} where id = ${d.id} returning id`.execute(db);
      return r.rows.length > 0;
    },

    async deleteDashboard(id: string): Promise<boolean> {
      const r = await sql`delete from dashboards where id = ${id} returning id`.execute(db);
      return r.rows.length > 0;
    },

    async datasetDeclarations(): Promise<DatasetDecl[]> {
      return (await sql<{ declaration: DatasetDecl }>`select declaration from v_datasets`.execute(db)).rows.map((r) => r.declaration);
    },

    async existingTables(names: string[]): Promise<Set<string>> {
      const r = await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname = any(${names}::text[])`.execute(db);
      return new Set(r.rows.map((x) => x.name));
    },

    /** Ward-level areas of every period, and their parents (for re-aggregation). */
    async areasMeta(): Promise<WardMeta[]> {
      return (await sql<WardMeta>`select id, code, name_vi, name_en, scheme, level, area_km2::float8 as area_km2, parent_id from v_areas order by scheme, code`.execute(db)).rows;
    },

    /** Every lineage link between area versions (a few dozen rows), for mapping an officer's wards across schemes. */
    async lineage(): Promise<{ p: number; s: number }[]> {
      return (await sql<{ p: number; s: number }>`select predecessor_id as p, successor_id as s from v_area_lineage`.execute(db)).rows;
    },

    async cube(src: CompiledSource): Promise<{ rows: CubeRow[]; lastChange: Date | null }> {
      const rows = await sql<CubeRow>`
        select u.area_id::int as a, ${src.time ?? sql`null::text`} as d, ${src.numerator ? sql`coalesce(${src.numerator}, false)` : sql`false`} as num, count(*)::int as n
        from ${src.from} cross join lateral unnest(array_append(${src.areaIds}, 0)) as u(area_id)
        where ${src.where}
        group by 1, 2, 3`.execute(db);
      const last = await sql<{ t: Date | null }>`select ${src.lastChange} as t`.execute(db);
      return { rows: rows.rows, lastChange: last.rows[0]?.t ?? null };
    },

    async categories(src: CompiledSource, s: SliceWhere): Promise<{ category: string; count: number }[]> {
      if (!src.category) return [];
      const r = await sql<{ category: string; count: number }>`
        select ${src.category} as category, count(*)::int as count from ${src.from}
        where ${sliceSql(src, s)} group by 1 order by 2 desc, 1 limit 50`.execute(db);
      return r.rows;
    },

    async drilldown(src: CompiledSource, s: SliceWhere, limit: number, offset: number): Promise<{ total: number; items: { id: number; key: string; label: string; area_ids: number[] }[] }> {
      const where = sliceSql(src, s);
      const total = await sql<{ n: number }>`select count(*)::int as n from ${src.from} where ${where}`.execute(db);
      const items = await sql<{ id: number; key: string; label: string; area_ids: number[] }>`
        select ${src.id} as id, ${src.key} as key, ${src.label} as label, ${src.areaIds} as area_ids from ${src.from}
        where ${where} order by 1 limit ${limit} offset ${offset}`.execute(db);
      return { total: total.rows[0]?.n ?? 0, items: items.rows };
    },
  };
}

export type KpisRepository = ReturnType<typeof kpisRepository>;
