// Areas: which units are valid on a day, their shapes, and which unit contains a point.
import type { Area, AreaFeatureCollection } from '../../../../shared/contracts/areas.ts';
import type { AppContext } from '../../platform/context.ts';
import { notFound } from '../../platform/http/errors.ts';
import { createHash } from 'node:crypto';
import { areasRepository, territoryRepository, type AreaRow } from './areas.repository.ts';

export function toArea(r: AreaRow): Area & { properties: Record<string, unknown> } {
  return {
    id: r.id,
    code: r.code,
    scheme: r.scheme,
    nameVi: r.name_vi,
    nameEn: r.name_en,
    level: r.level,
    parentId: r.parent_id,
    parentCode: r.parent_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    approximate: r.approximate,
    areaKm2: Math.round(r.area_km2 * 1000) / 1000,
    properties: r.properties,
  };
}

/** Today's date where the operations centre is (the day that decides which units are valid). */
export function localToday(now: Date, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

type AreaQuery = { date?: string | undefined; level?: string | undefined; parent?: string | undefined; code?: string | undefined };

/** Boundary documents kept serialised; boundaries change only when areas are loaded. */
const GEOJSON_CACHE_SIZE = 32;

export function createAreasService(ctx: AppContext) {
  const repo = areasRepository(ctx.db.kysely);
  const territory = territoryRepository(ctx.db.kysely);
  // Every map of the client asks for the same few boundary documents (~1 MB each): they are
  // built and serialised once per set of loaded areas (the areas' signature changes when areas
  // are loaded or replaced) and revalidated by clients with their ETag.
  const geoJsonCache = new Map<string, { signature: string; body: string; etag: string }>();
  return {
    async list(q: { date?: string | undefined; level?: string | undefined; parent?: string | undefined; code?: string | undefined }) {
      const date = q.date ?? localToday(ctx.clock.now());
      const rows = await repo.list({ date, level: q.level, parentCode: q.parent, codes: q.code?.split(','), withGeometry: false });
      return { date, areas: rows.map(toArea) };
    },

    async listGeoJson(q: { date?: string | undefined; level?: string | undefined; parent?: string | undefined; code?: string | undefined }): Promise<AreaFeatureCollection & { date: string }> {
      const date = q.date ?? localToday(ctx.clock.now());
      const rows = await repo.list({ date, level: q.level, parentCode: q.parent, codes: q.code?.split(','), withGeometry: true });
      return {
        type: 'FeatureCollection',
        date,
        features: rows.map((r) => ({ type: 'Feature', id: r.id, properties: toArea(r), geometry: r.geometry! })),
      };
    },

    /** The GeoJSON document of `listGeoJson`, serialised, with an ETag for conditional requests. */
    async listGeoJsonText(q: AreaQuery): Promise<{ body: string; etag: string }> {
      const date = q.date ?? localToday(ctx.clock.now());
      const key = JSON.stringify([date, q.level ?? null, q.parent ?? null, q.code ?? null]);
      const signature = await territory.signature();
      const hit = geoJsonCache.get(key);
      if (hit && hit.signature === signature) return hit;
      const body = JSON.stringify(await this.listGeoJson({ ...q, date }));
      const entry = { signature, body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"` };
      geoJsonCache.delete(key);
      geoJsonCache.set(key, entry);
      if (geoJsonCache.size > GEOJSON_CACHE_SIZE) geoJsonCache.delete(geoJsonCache.keys().next().value!);
      return entry;
    },

    async get(id: number, withGeometry: boolean) {
      const row = await repo.get(id, withGeometry);
      if (!row) throw notFound('area');
      const lineage = await repo.lineage(id);
      const link = (l: (typeof lineage)[number]) => ({ id: l.id, code: l.code, nameVi: l.name_vi, validFrom: l.valid_from, whole: l.whole, effectiveDate: l.effective_date, legalBasis: l.legal_basis });
      return {
        ...toArea(row),
        ...(withGeometry ? { geometry: row.geometry } : {}),
        predecessors: lineage.filter((l) => l.direction === 'predecessor').map(link),
        successors: lineage.filter((l) => l.direction === 'successor').map(link),
      };
    },

    /** The areas containing a point on a day (largest first). */
    async locate(lon: number, lat: number, date?: string, level?: string) {
      const day = date ?? localToday(ctx.clock.now());
      return { date: day, areas: (await repo.containing(lon, lat, day, level)).map(toArea) };
    },
  };
}

export type AreasService = ReturnType<typeof createAreasService>;
