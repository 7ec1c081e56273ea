// KPI rules: definitions (built-in and admin-made), values for an area and a period, the
// previous period, trend, per-area breakdown (2025 wards or the former ones) and drill-down.
// Each KPI's source is aggregated once into a small cube (ward × day × numerator → rows) kept
// in memory and rebuilt when the source's change stamp moves, so reading a value with any
// filter is arithmetic over the cube, not a scan of the records.
import type { AppContext } from '../../platform/context.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import type {
  Dashboard, KpiAreaValue, KpiDefinition, KpiDetail, KpiDrilldown, KpiListItem, KpiStatus, KpiValue,
} from '../../../../shared/contracts/kpis.ts';
import type { DatasetDecl } from '../datasets/index.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { BUILT_IN_DASHBOARDS, BUILT_IN_KPIS } from './builtin-kpis.ts';
import { kpisRepository, type CubeRow, type SliceWhere, type WardMeta } from './kpis.repository.ts';
import { compileSource, type CompiledSource } from './kpis.sources.ts';
import { kpiSourcesRepository, STAMP_TABLES } from './kpis-sources.repository.ts';

export interface KpiQuery {
  area?: string | undefined;
  scheme?: 'vn2025' | 'vn2008' | undefined;
  from?: string | undefined;
  /** Inclusive last day. */
  to?: string | undefined;
  compare?: 'previous' | undefined;
}

/**
 * Who reads a KPI. Officers (role `officer`) see KPIs with an area dimension only over their
 * own wards (`areaIds`: the area versions of `user_areas`); everyone else sees every area.
 */
export interface KpiViewer {
  role: AuthenticatedUser['role'];
  areaIds: number[];
}

/** Sources whose rows their own modules show officers only for their areas (see docs/modules/kpis.md). */
const OFFICER_SCOPED_SOURCES = new Set(['feedback', 'alerts', 'incidents']);

const isOfficerScoped = (def: KpiDefinition, v: KpiViewer) => v.role === 'officer' && def.dimensions.includes('area');
/** A KPI without an area dimension over officer-scoped rows would list other wards' rows: hidden from officers. */
const isHiddenFrom = (def: KpiDefinition, v: KpiViewer) =>
  v.role === 'officer' && !def.dimensions.includes('area') && OFFICER_SCOPED_SOURCES.has(def.computation.source);

interface Cube {
  stamp: string;
  builtAt: number;
  rows: CubeRow[];
  lastChange: Date | null;
}

/** A cube is also rebuilt after this long, for sources whose meaning moves with the clock (overdue). */
const CUBE_MAX_AGE_MS = 60_000;
/** Change stamps are read at most this often per source. */
const STAMP_CHECK_MS = 1_000;
const META_MAX_AGE_MS = 5 * 60_000;

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The period just before [from, to] (inclusive days): whole calendar years or months shift by
 * as many years or months (2024 → 2023, not 366 days back); any other span by its length.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const monthEnd = to === iso(ty, tm, lastDay(ty, tm));
  if (fd === 1 && monthEnd) {
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    const start = new Date(Date.UTC(fy, fm - 1 - months, 1));
    const end = new Date(Date.UTC(fy, fm - 1, 0));
    return { from: isoDay(start), to: isoDay(end) };
  }
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

/** Today in Ho Chi Minh City (UTC+7, no daylight saving). */
function todayHcm(now: Date): string {
  return isoDay(new Date(now.getTime() + 7 * 3_600_000));
}

export function statusOf(def: KpiDefinition, value: number | null): KpiStatus {
  const t = def.thresholds;
  if (value === null || !t) return 'none';
  if (def.higherIsBetter) return value >= t.green ? 'green' : value >= t.amber ? 'amber' : 'red';
  return value <= t.green ? 'green' : value <= t.amber ? 'amber' : 'red';
}

export function createKpisService(ctx: AppContext) {
  const repo = kpisRepository(ctx.db.kysely);
  const sourcesRepo = kpiSourcesRepository(ctx.db.kysely);
  let defs: Map<string, { def: KpiDefinition; builtIn: boolean }> | null = null;
  let decls: { at: number; map: Map<string, DatasetDecl> } | null = null;
  let meta: { at: number; byId: Map<number, WardMeta>; children: Map<number, number[]> } | null = null;
  let tables: { at: number; set: Set<string> } | null = null;
  let lineageLinks: { at: number; links: { p: number; s: number }[] } | null = null;
  const stamps = new Map<string, { stamp: string; at: number }>();
  const cubes = new Map<string, Cube>();
  const building = new Map<string, Promise<Cube>>();

  async function definitions() {
    if (!defs) {
      const rows = await repo.listKpis();
      defs = new Map(rows.map((r) => [r.id, { def: r.definition, builtIn: r.built_in }]));
    }
    return defs;
  }

  async function datasetDecl(): Promise<(id: string) => DatasetDecl | undefined> {
    if (!decls || Date.now() - decls.at > 30_000) {
      decls = { at: Date.now(), map: new Map((await repo.datasetDeclarations()).map((d) => [d.id, d])) };
    }
    const map = decls.map;
    return (id) => map.get(id);
  }

  async function areaMeta() {
    if (!meta || Date.now() - meta.at > META_MAX_AGE_MS) {
      const rows = await repo.areasMeta();
      const children = new Map<number, number[]>();
      for (const r of rows) if (r.parent_id !== null) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
      meta = { at: Date.now(), byId: new Map(rows.map((r) => [r.id, r])), children };
    }
    return meta;
  }

  async function lineage() {
    if (!lineageLinks || Date.now() - lineageLinks.at > META_MAX_AGE_MS) lineageLinks = { at: Date.now(), links: await repo.lineage() };
    return lineageLinks.links;
  }

  async function installedTables(): Promise<Set<string>> {
    if (!tables || Date.now() - tables.at > 30_000) {
      tables = { at: Date.now(), set: await repo.existingTables(Object.values(STAMP_TABLES)) };
    }
    return tables.set;
  }

  async function compile(def: KpiDefinition): Promise<CompiledSource | null> {
    const src = compileSource(def.computation, await datasetDecl());
    return (await installedTables()).has(src.requiresTable) ? src : null;
  }

  async function currentStamp(key: CompiledSource['stampKey']): Promise<string> {
    const known = stamps.get(key);
    if (known && Date.now() - known.at < STAMP_CHECK_MS) return known.stamp;
    const stamp = await sourcesRepo.stamp(key);
    stamps.set(key, { stamp, at: Date.now() });
    return stamp;
  }

  async function cubeOf(def: KpiDefinition, src: CompiledSource): Promise<Cube> {
    const stamp = await currentStamp(src.stampKey);
    const key = `${def.id}:${JSON.stringify(def.computation)}`;
    const known = cubes.get(key);
    if (known && known.stamp === stamp && Date.now() - known.builtAt < CUBE_MAX_AGE_MS) return known;
    let pending = building.get(key);
    if (!pending) {
      pending = repo.cube(src).then((c) => {
        const cube = { stamp, builtAt: Date.now(), rows: c.rows, lastChange: c.lastChange };
        cubes.set(key, cube);
        return cube;
      }).finally(() => building.delete(key));
      building.set(key, pending);
    }
    return pending;
  }

  // The category breakdown is a query over the records (the cube has no categories): it is kept
  // with the cube it was read beside, so it is read again exactly when the cube is rebuilt.
  const categoryCache = new WeakMap<Cube, Map<string, Awaited<ReturnType<typeof repo.categories>>>>();
  async function categoriesOf(cube: Cube, src: CompiledSource, slice: Parameters<typeof repo.categories>[1]) {
    let bySlice = categoryCache.get(cube);
    if (!bySlice) categoryCache.set(cube, (bySlice = new Map()));
    const key = JSON.stringify(slice);
    const known = bySlice.get(key);
    if (known) return known;
    const read = await repo.categories(src, slice);
    if (bySlice.size < 256) bySlice.set(key, read);
    return read;
  }

  interface Scope {
    area: { id: number; code: string; nameVi: string; scheme: string; level: string; km2: number } | null;
    /** Ward ids the value is summed over; null = every row. */
    wardIds: number[] | null;
    scheme: 'vn2025' | 'vn2008';
    /** Set when the value is limited to an officer's wards (codes in `scheme`). */
    scopedTo: string[] | null;
  }

  /** Ward-level descendants (or itself) of an area version. */
  function wardsUnder(m: Awaited<ReturnType<typeof areaMeta>>, id: number): number[] {
    const node = m.byId.get(id);
    if (node?.level === 'ward') return [id];
    return (m.children.get(id) ?? []).flatMap((c) => wardsUnder(m, c));
  }

  /**
   * An officer's wards in `scheme`. Wards of the other scheme are mapped through area_lineage
   * only when the mapping is clean: the wards reached cover exactly the officer's territory
   * (no ward reached is also part of a ward the officer does not hold). Otherwise 400.
   */
  async function officerWards(viewer: KpiViewer, scheme: 'vn2025' | 'vn2008'): Promise<number[]> {
    const m = await areaMeta();
    const own = [...new Set(viewer.areaIds.flatMap((id) => wardsUnder(m, id)))];
    const same = own.filter((w) => m.byId.get(w)?.scheme === scheme);
    const other = own.filter((w) => m.byId.get(w)?.scheme !== scheme);
    const mapped = new Set<number>();
    if (other.length) {
      const links = await lineage();
      const neighbours = (id: number) => links.flatMap((l) => (l.p === id ? [l.s] : l.s === id ? [l.p] : []));
      const otherSet = new Set(other);
      const codes = other.map((w) => m.byId.get(w)?.code).join(', ');
      let clean = true;
      for (const w of other) {
        const n = neighbours(w).filter((x) => m.byId.get(x)?.scheme === scheme);
        if (!n.length) clean = false;
        for (const x of n) mapped.add(x);
      }
      for (const t of mapped) if (neighbours(t).some((b) => !otherSet.has(b))) clean = false;
      if (!clean) {
        throw badRequest(`scheme ${scheme}: your wards (${codes}) do not map cleanly onto the ${scheme} wards (area_lineage: a ward was split between yours and others), so a value over your wards cannot be given in ${scheme}; ask in the scheme of your wards`);
      }
    }
    const wards = [...new Set([...same, ...mapped])].sort((a, b) => a - b);
    if (!wards.length) throw new HttpError(403, 'forbidden', 'your account has no areas: officers see area KPIs of their own wards only (ask an admin to assign your wards)');
    return wards;
  }

  /** The area the value is for: the one asked, and for officers (area KPIs) within their wards. */
  async function scopeOf(q: KpiQuery, def: KpiDefinition, viewer: KpiViewer): Promise<Scope> {
    const asked = await askedScope(q);
    if (!isOfficerScoped(def, viewer)) return asked;
    const allowed = await officerWards(viewer, asked.scheme);
    const m = await areaMeta();
    const codes = allowed.map((w) => m.byId.get(w)!.code);
    if (asked.wardIds) {
      const set = new Set(allowed);
      if (!asked.wardIds.every((w) => set.has(w))) {
        throw new HttpError(403, 'area_outside_scope', `area ${q.area} (${asked.scheme}) is outside your wards (${codes.join(', ')}): officers see KPIs of their own wards only`);
      }
      return { ...asked, scopedTo: codes };
    }
    // No area asked: the value is over the officer's wards; one ward is shown as the area.
    const one = allowed.length === 1 ? m.byId.get(allowed[0]!)! : null;
    return {
      area: one && { id: one.id, code: one.code, nameVi: one.name_vi, scheme: one.scheme, level: one.level, km2: one.area_km2 },
      wardIds: allowed, scheme: asked.scheme, scopedTo: codes,
    };
  }

  async function askedScope(q: KpiQuery): Promise<Scope> {
    const scheme = q.scheme ?? 'vn2025';
    if (!q.area) return { area: null, wardIds: null, scheme, scopedTo: null };
    const m = await areaMeta();
    const candidates = [...m.byId.values()].filter((a) => a.code === q.area && a.scheme === scheme);
    const a = candidates.sort((x, y) => y.id - x.id)[0];
    if (!a) throw badRequest(`area: no area with code ${q.area} in scheme ${scheme}`);
    const wards: number[] = [];
    const walk = (id: number) => {
      const node = m.byId.get(id);
      if (node?.level === 'ward') wards.push(id);
      else for (const c of m.children.get(id) ?? []) walk(c);
    };
    walk(a.id);
    return { area: { id: a.id, code: a.code, nameVi: a.name_vi, scheme: a.scheme, level: a.level, km2: a.area_km2 }, wardIds: wards, scheme, scopedTo: null };
  }

  interface Period {
    from: string | null;
    to: string | null;
    toExcl: string | null;
  }

  function periodOf(def: KpiDefinition, src: CompiledSource, q: KpiQuery): Period {
    const check = (v: string | undefined, name: string) => {
      if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw badRequest(`${name} must be YYYY-MM-DD`);
    };
    check(q.from, 'from');
    check(q.to, 'to');
    if (!src.time) return { from: null, to: null, toExcl: null };
    const today = todayHcm(ctx.clock.now());
    let from = q.from ?? null;
    let to = q.to ?? null;
    if (!from && !to && src.flow) {
      const year = Number(today.slice(0, 4));
      switch (def.defaultPeriod ?? 'last-12-months') {
        case 'last-full-year':
          from = `${year - 1}-01-01`;
          to = `${year - 1}-12-31`;
          break;
        case 'last-30-days':
          from = addDays(today, -29);
          to = today;
          break;
        case 'last-7-days':
          from = addDays(today, -6);
          to = today;
          break;
        default:
          from = addDays(today, -364);
          to = today;
      }
    }
    if (from && to && from > to) throw badRequest('from is after to');
    return { from, to, toExcl: to ? addDays(to, 1) : null };
  }

  function aggregate(cube: Cube, src: CompiledSource, wardIds: number[] | null, p: Period) {
    const set = wardIds ? new Set(wardIds) : null;
    let den = 0;
    let num = 0;
    for (const r of cube.rows) {
      if (set ? !set.has(r.a) : r.a !== 0) continue;
      if (src.time) {
        if (src.flow) {
          if (!r.d || (p.from && r.d < p.from) || (p.toExcl && r.d >= p.toExcl)) continue;
        } else if (p.toExcl && r.d && r.d >= p.toExcl) continue;
      }
      den += r.n;
      if (r.num) num += r.n;
    }
    return { den, num };
  }

  function valueOf(def: KpiDefinition, src: CompiledSource, agg: { den: number; num: number }, km2: number): { value: number | null; count: number } {
    const kind = def.computation.source === 'records' ? def.computation.agg : src.numerator ? 'share' : 'count';
    if (kind === 'share') return { value: agg.den ? round((100 * agg.num) / agg.den) : null, count: agg.num };
    if (kind === 'per_km2') return { value: km2 > 0 ? round(agg.den / km2) : null, count: agg.den };
    return { value: agg.den, count: agg.den };
  }

  /** The wards of the breakdown: those of the chosen area, else every ward of the scheme holding data. */
  async function breakdownWards(cube: Cube, scope: Scope): Promise<WardMeta[]> {
    const m = await areaMeta();
    const ids = scope.wardIds ?? [...new Set(cube.rows.map((r) => r.a))].filter((a) => a !== 0);
    return ids.map((id) => m.byId.get(id)).filter((w): w is WardMeta => !!w && w.scheme === scope.scheme && w.level === 'ward')
      .sort((x, y) => x.code.localeCompare(y.code));
  }

  async function km2Of(cube: Cube, scope: Scope): Promise<number> {
    if (scope.area) return scope.area.km2;
    return (await breakdownWards(cube, scope)).reduce((s, w) => s + w.area_km2, 0);
  }

  function trendOf(def: KpiDefinition, src: CompiledSource, cube: Cube, wardIds: number[] | null, p: Period, km2: number) {
    if (!src.time || !p.to) return [];
    const gran = def.granularity ?? 'month';
    const start = (day: string) => (gran === 'year' ? `${day.slice(0, 4)}-01-01` : gran === 'month' ? `${day.slice(0, 7)}-01` : day);
    const next = (b: string) => {
      if (gran === 'day') return addDays(b, 1);
      const [y, mo] = [Number(b.slice(0, 4)), Number(b.slice(5, 7))];
      if (gran === 'year') return `${y + 1}-01-01`;
      return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
    };
    const buckets: string[] = [];
    let b = start(p.from ?? p.to);
    while (b <= p.to && buckets.length < 400) {
      buckets.push(b);
      b = next(b);
    }
    // A period of one bucket shows the ones before it too, so the line has a shape.
    const minBuckets = gran === 'day' ? 30 : gran === 'month' ? 12 : 10;
    while (buckets.length < minBuckets) {
      const first = buckets[0]!;
      const prev = gran === 'day' ? addDays(first, -1) : gran === 'month' ? start(addDays(first, -1)) : `${Number(first.slice(0, 4)) - 1}-01-01`;
      buckets.unshift(prev);
    }
    return buckets.map((t) => {
      const range: Period = src.flow ? { from: t, to: null, toExcl: next(t) } : { from: null, to: null, toExcl: next(t) };
      return { t, value: valueOf(def, src, aggregate(cube, src, wardIds, range), km2).value ?? 0 };
    });
  }

  async function computeValue(def: KpiDefinition, src: CompiledSource, q: KpiQuery, viewer: KpiViewer): Promise<{ value: KpiValue; cube: Cube; scope: Scope; period: Period; km2: number }> {
    const scope = await scopeOf(q, def, viewer);
    const period = periodOf(def, src, q);
    const cube = await cubeOf(def, src);
    const km2 = await km2Of(cube, scope);
    const v = valueOf(def, src, aggregate(cube, src, scope.wardIds, period), km2);
    return {
      value: {
        id: def.id, value: v.value, count: v.count, status: statusOf(def, v.value),
        period: { from: period.from, to: period.to },
        asOf: (cube.lastChange ?? new Date(cube.builtAt)).toISOString(),
        computedAt: new Date(cube.builtAt).toISOString(),
      },
      cube, scope, period, km2,
    };
  }

  async function getDef(id: string, viewer: KpiViewer): Promise<{ def: KpiDefinition; builtIn: boolean }> {
    const d = (await definitions()).get(id);
    if (!d) throw notFound(`KPI ${id}`);
    if (isHiddenFrom(d.def, viewer)) {
      throw new HttpError(403, 'forbidden', `KPI ${id} has no area dimension and its ${d.def.computation.source} rows are shown to officers only for their areas`);
    }
    return d;
  }

  async function compiledOrUnavailable(def: KpiDefinition): Promise<CompiledSource> {
    const src = await compile(def);
    if (!src) throw new HttpError(409, 'source_unavailable', `the source of KPI ${def.id} (${def.computation.source}) is not installed`);
    return src;
  }

  async function validate(def: KpiDefinition): Promise<void> {
    compileSource(def.computation, await datasetDecl());
    if (def.thresholds) {
      const { green, amber } = def.thresholds;
      if (def.higherIsBetter ? green < amber : green > amber) {
        throw badRequest(`thresholds: green must be ${def.higherIsBetter ? 'at or above' : 'at or below'} amber when higher is ${def.higherIsBetter ? '' : 'not '}better`);
      }
    }
  }

  return {
    async prepare(): Promise<void> {
      for (const k of BUILT_IN_KPIS) await repo.upsertBuiltInKpi(k);
      for (const d of BUILT_IN_DASHBOARDS) await repo.upsertBuiltInDashboard(d);
      defs = null;
    },

    /** Builds every KPI's cube, so that the first screen after a start is fast. */
    async warm(): Promise<void> {
      for (const { def } of (await definitions()).values()) {
        const src = await compile(def).catch(() => null);
        if (src) await cubeOf(def, src);
      }
    },

    /** What a signed-in user may see; officers carry their areas (read with the caller, once per request). */
    async viewerOf(user: AuthenticatedUser): Promise<KpiViewer> {
      return { role: user.role, areaIds: user.role === 'officer' ? [...user.areaIds] : [] };
    },

    async list(q: KpiQuery, viewer: KpiViewer, ids?: string[]): Promise<KpiListItem[]> {
      const out: KpiListItem[] = [];
      for (const [id, { def, builtIn }] of await definitions()) {
        if (ids && !ids.includes(id)) continue;
        if (isHiddenFrom(def, viewer)) continue;
        const src = await compile(def).catch(() => null);
        out.push({ definition: def, builtIn, available: !!src, current: src ? (await computeValue(def, src, q, viewer)).value : null });
      }
      return out;
    },

    async detail(id: string, q: KpiQuery, viewer: KpiViewer): Promise<KpiDetail> {
      const { def } = await getDef(id, viewer);
      const src = await compiledOrUnavailable(def);
      const c = await computeValue(def, src, q, viewer);
      let previous: KpiDetail['previous'] = null;
      if (c.period.from && c.period.to) {
        const p = previousPeriod(c.period.from, c.period.to);
        const prev: Period = { ...p, toExcl: c.period.from };
        const v = valueOf(def, src, aggregate(c.cube, src, c.scope.wardIds, prev), c.km2);
        previous = { value: v.value, count: v.count, period: { from: prev.from, to: prev.to } };
      }
      const byArea: KpiAreaValue[] = (await breakdownWards(c.cube, c.scope)).map((w) => {
        const v = valueOf(def, src, aggregate(c.cube, src, [w.id], c.period), w.area_km2);
        return { areaId: w.id, code: w.code, nameVi: w.name_vi, scheme: w.scheme, value: v.value ?? 0, count: v.count };
      });
      const labels = src.categoryLabels;
      const byCategory = (
        src.category ? await categoriesOf(c.cube, src, { areaIds: c.scope.wardIds, from: src.flow ? c.period.from : null, toExcl: c.period.toExcl, numeratorOnly: false }) : []
      ).map((row) => (labels ? { ...row, ...labels(row.category) } : row));
      return {
        ...c.value, definition: def, previous, trend: trendOf(def, src, c.cube, c.scope.wardIds, c.period, c.km2),
        byArea, byCategory, area: c.scope.area && { id: c.scope.area.id, code: c.scope.area.code, nameVi: c.scope.area.nameVi, scheme: c.scope.area.scheme, level: c.scope.area.level },
        scheme: c.scope.scheme, scopedTo: c.scope.scopedTo,
      };
    },

    async drilldown(id: string, q: KpiQuery, viewer: KpiViewer, limit: number, offset: number): Promise<KpiDrilldown> {
      const { def } = await getDef(id, viewer);
      const src = await compiledOrUnavailable(def);
      const c = await computeValue(def, src, q, viewer);
      const slice: SliceWhere = { areaIds: c.scope.wardIds, from: src.flow ? c.period.from : null, toExcl: c.period.toExcl, numeratorOnly: !!src.numerator };
      const r = await repo.drilldown(src, slice, limit, offset);
      const m = await areaMeta();
      return {
        kpiId: id, total: r.total, value: c.value.value, definition: def, limit, offset,
        listLink: src.listLink({ area: q.area ?? (c.scope.scopedTo ? c.scope.area?.code : undefined), date: q.scheme === 'vn2008' ? '2025-06-30' : undefined }),
        items: r.items.map((it) => ({
          id: it.id, label: it.label, link: src.link(it.key),
          areaCodes: it.area_ids.map((a) => m.byId.get(a)).filter((a) => a && a.scheme === c.scope.scheme).map((a) => a!.code),
        })),
      };
    },

    async create(def: KpiDefinition, actor: string): Promise<KpiDefinition> {
      await validate(def);
      if (!(await repo.insertKpi(def, actor))) throw new HttpError(409, 'conflict', `KPI ${def.id} already exists`);
      defs = null;
      return def;
    },

    async update(def: KpiDefinition, actor: string): Promise<KpiDefinition> {
      await validate(def);
      if (!(await repo.updateKpi(def, actor))) throw notFound(`KPI ${def.id}`);
      defs = null;
      return def;
    },

    async remove(id: string): Promise<void> {
      if (!(await repo.deleteKpi(id))) throw notFound(`KPI ${id}`);
      defs = null;
    },

    async dashboards(): Promise<Dashboard[]> {
      return (await repo.listDashboards()).map((d) => ({ ...d.definition, builtIn: d.built_in, updatedAt: d.updated_at.toISOString(), updatedBy: d.updated_by }));
    },

    async dashboard(id: string): Promise<Dashboard> {
      const d = (await this.dashboards()).find((x) => x.id === id);
      if (!d) throw notFound(`dashboard ${id}`);
      return d;
    },

    async saveDashboard(d: Dashboard, actor: string, mode: 'create' | 'update'): Promise<Dashboard> {
      const known = await definitions();
      for (const w of d.widgets) {
        if (w.kpiId && !known.has(w.kpiId)) throw badRequest(`widget ${w.id}: no KPI ${w.kpiId}`);
        if (['kpi', 'timeseries', 'bar', 'pie', 'table', 'map'].includes(w.kind) && !w.kpiId) throw badRequest(`widget ${w.id}: a ${w.kind} widget needs a kpiId`);
      }
      const { builtIn: _b, updatedAt: _u, updatedBy: _by, ...clean } = d;
      if (!(await repo.saveDashboard(clean, actor, mode))) {
        throw mode === 'create' ? new HttpError(409, 'conflict', `dashboard ${d.id} already exists`) : notFound(`dashboard ${d.id}`);
      }
      return this.dashboard(d.id);
    },

    async removeDashboard(id: string): Promise<void> {
      if (!(await repo.deleteDashboard(id))) throw notFound(`dashboard ${id}`);
    },
  };
}

export type KpisService = ReturnType<typeof createKpisService>;
