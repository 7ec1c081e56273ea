// Administrative areas are data: loaded from GeoJSON boundary files, any depth of hierarchy.
// The built-in set (assets/geo, see its SOURCES.md) is loaded at first start.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { areasRepository, type AreasRepository } from './areas.repository.ts';
import { readMarker, writeMarker } from '../../platform/db/app-state.ts';

export const GEO_DIR = fileURLToPath(new URL('../../../../assets/geo/', import.meta.url));
/** Bump when the built-in boundary set changes, so existing installations reload it. */
export const BUILT_IN_BOUNDARIES_VERSION = 1;

export const REFORM_2025 = '2025-07-01';
const LEGAL_BASIS_2025 = 'Nghị quyết 1685/NQ-UBTVQH15 (16/6/2025)';

interface FeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: GeoJSON.Geometry }[];
}

export interface BoundaryFileOptions {
  scheme: string;
  level?: string | undefined;
  validFrom: string;
  validTo?: string | null | undefined;
  /** Code of the parent area (valid on validFrom), unless features carry `parent_code`. */
  parentCode?: string | undefined;
  approximate?: boolean | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

export function readGeoJson(path: string): FeatureCollection {
  const fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection;
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error(`${path}: not a GeoJSON FeatureCollection`);
  return fc;
}

/**
 * Loads (or reloads) every feature of a boundary file as one version of an area.
 * Properties used: code (required), name / name_vi, name_en, level, parent_code, approximate.
 */
export async function loadBoundaryFeatures(
  repo: AreasRepository,
  fc: FeatureCollection,
  opts: BoundaryFileOptions,
  extra: (p: Record<string, unknown>) => Record<string, unknown> = () => ({}),
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const parentIds = new Map<string, number | null>();
  for (const [i, f] of fc.features.entries()) {
    const p = f.properties ?? {};
    const code = str(p.code);
    if (!code) throw new Error(`feature ${i}: property "code" is required`);
    // Full official names ("Phường Tân Hưng") where the file has them; the short one is kept too.
    const nameVi = str(p.full_name) ?? str(p.name_vi) ?? str(p.name);
    if (!nameVi) throw new Error(`feature ${i} (${code}): property "name" is required`);
    const level = str(p.level) ?? opts.level;
    if (!level) throw new Error(`feature ${i} (${code}): no level (property "level" or the level option)`);
    if (!f.geometry || !['Polygon', 'MultiPolygon'].includes(f.geometry.type)) {
      throw new Error(`feature ${i} (${code}): geometry must be a Polygon or MultiPolygon`);
    }
    const parentCode = str(p.parent_code) ?? opts.parentCode;
    let parentId: number | null = null;
    if (parentCode) {
      if (!parentIds.has(parentCode)) parentIds.set(parentCode, (await repo.findVersion(parentCode, opts.validFrom))?.id ?? null);
      parentId = parentIds.get(parentCode) ?? null;
      if (parentId === null) throw new Error(`feature ${i} (${code}): parent area ${parentCode} is not valid on ${opts.validFrom}`);
    }
    const id = await repo.upsert({
      code,
      scheme: opts.scheme,
      nameVi,
      nameEn: str(p.full_name_en) ?? str(p.name_en) ?? nameVi,
      level,
      parentId,
      validFrom: opts.validFrom,
      validTo: opts.validTo ?? null,
      approximate: p.approximate === true || opts.approximate === true,
      properties: { name_short: str(p.name_short) ?? str(p.name) ?? nameVi, ...extra(p) },
      geometry: f.geometry,
    });
    ids.set(code, id);
  }
  return ids;
}

interface AdminUnits {
  district: { code: string; name: string; name_en: string };
  old_wards: { code: string; merged_into: string[]; merged_whole: boolean }[];
  legal_basis: string[];
}

/** The built-in set: Ho Chi Minh City's 168 units since 2025-07-01, and former District 7 before. */
export async function loadBuiltInBoundaries(db: Kysely<DB>): Promise<{ loaded: boolean; count: number }> {
  const state = await readMarker<{ version?: number }>(db, 'seed.boundaries');
  if (state?.version === BUILT_IN_BOUNDARIES_VERSION) return { loaded: false, count: 0 };

  return db.transaction().execute(async (tx) => {
    const repo = areasRepository(tx);
    const keep = (keys: string[]) => (p: Record<string, unknown>) =>
      Object.fromEntries(keys.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));

    // Ho Chi Minh City since the 2025 reform; its outline is the union of its 168 units.
    const city = readGeoJson(`${GEO_DIR}/hcmc_wards_2025.geojson`);
    const d7New = readGeoJson(`${GEO_DIR}/d7_new_wards_2025.geojson`);
    const d7Outline = readGeoJson(`${GEO_DIR}/d7_district_outline.geojson`);
    const cityId = await repo.upsert({
      code: '79',
      scheme: 'vn2025',
      nameVi: 'Thành phố Hồ Chí Minh',
      nameEn: 'Ho Chi Minh City',
      level: 'city',
      parentId: null,
      validFrom: REFORM_2025,
      validTo: null,
      approximate: false,
      properties: { note: 'outline = union of its 168 commune-level units' },
      geometry: d7Outline.features[0]!.geometry, // replaced by the union below
    });
    // The four former-District-7 wards come from the less simplified District 7 file.
    const d7Codes = new Set(d7New.features.map((f) => String(f.properties.code)));
    const cityUnits: FeatureCollection = {
      type: 'FeatureCollection',
      features: [...city.features.filter((f) => !d7Codes.has(String(f.properties.code))), ...d7New.features],
    };
    const newIds = await loadBoundaryFeatures(
      repo,
      cityUnits,
      { scheme: 'vn2025', level: 'ward', validFrom: REFORM_2025, parentCode: '79' },
      (p) => ({
        ...keep(['kind', 'name_short', 'source_area_km2'])(p),
        ...(d7Codes.has(String(p.code)) ? { former_district: '778' } : {}),
      }),
    );
    await repo.unionOfChildren(cityId, REFORM_2025);

    // Former District 7 (Quận 7, 1997-04-01 → 2025-07-01) and its ten wards (approximate).
    const units = JSON.parse(readFileSync(`${GEO_DIR}/d7_admin_units.json`, 'utf8')) as AdminUnits;
    await loadBoundaryFeatures(
      repo,
      { type: 'FeatureCollection', features: d7Outline.features.map((f) => ({ ...f, properties: { ...f.properties, parent_code: undefined } })) },
      { scheme: 'vn2008', level: 'district', validFrom: '1997-04-01', validTo: REFORM_2025 },
      () => ({ province_code: '79', note: 'outline = union of the four 2025 wards that replaced it' }),
    );
    const oldIds = await loadBoundaryFeatures(
      repo,
      readGeoJson(`${GEO_DIR}/d7_old_wards_approx.geojson`),
      { scheme: 'vn2008', level: 'ward', validFrom: '1997-04-01', validTo: REFORM_2025, parentCode: units.district.code, approximate: true },
      keep(['approx_method']),
    );

    // Lineage: each old ward merged (wholly or in part) into its 2025 successor(s).
    for (const w of units.old_wards) {
      for (const successor of w.merged_into) {
        const predecessorId = oldIds.get(w.code);
        const successorId = newIds.get(successor);
        if (!predecessorId || !successorId) throw new Error(`lineage ${w.code} → ${successor}: unknown area`);
        await repo.addLineage({ predecessorId, successorId, whole: w.merged_whole, effectiveDate: REFORM_2025, legalBasis: LEGAL_BASIS_2025 });
      }
    }

    await writeMarker(tx, 'seed.boundaries', { version: BUILT_IN_BOUNDARIES_VERSION });
    return { loaded: true, count: newIds.size + oldIds.size + 2 };
  });
}
