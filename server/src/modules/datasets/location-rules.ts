// What a record's position means for its write (issue 15): outside the territory → rejected
// (outside_territory) unless the declaration allows it; no geometry → rejected when the
// declaration requires one (missing_geometry), else accepted and flagged; a point outside the
// ward its row names → flagged with the distance, or repaired when swapping longitude and
// latitude puts it inside that ward (the swap is then certain). Pure: the areas module supplies
// the facts (territory, claimed ward) for a whole batch in one query.
import type { RecordFlag } from '../../../../shared/contracts/datasets.ts';
import type { LocationVerdict } from '../areas/index.ts';
import type { DatasetDecl } from './declarations.ts';

export type LocationOutcome =
  | { ok: true; geometry: GeoJSON.Geometry | null; flags: RecordFlag[]; repaired: boolean }
  | { ok: false; code: 'outside_territory' | 'missing_geometry'; params: Record<string, string | number> };

function swapped(g: GeoJSON.Geometry): GeoJSON.Geometry | null {
  if (g.type === 'Point') return { type: 'Point', coordinates: [g.coordinates[1]!, g.coordinates[0]!, ...g.coordinates.slice(2)] };
  if (g.type === 'MultiPoint') return { type: 'MultiPoint', coordinates: g.coordinates.map((c) => [c[1]!, c[0]!, ...c.slice(2)]) };
  return null;
}

export function locationOutcome(decl: Pick<DatasetDecl, 'geometryType' | 'geometryRequired' | 'allowOutsideTerritory'>, geometry: GeoJSON.Geometry | null, v: LocationVerdict | null): LocationOutcome {
  if (decl.geometryType === 'none') return { ok: true, geometry, flags: [], repaired: false };
  if (!geometry) {
    if (decl.geometryRequired) return { ok: false, code: 'missing_geometry', params: {} };
    return { ok: true, geometry, flags: [{ code: 'missing_geometry' }], repaired: false };
  }
  if (!v) return { ok: true, geometry, flags: [], repaired: false };
  const ward = v.claimName ?? v.claim ?? '';
  if (v.claimResolved && v.inClaim === false && v.swappedInClaim) {
    const s = swapped(geometry);
    if (s) return { ok: true, geometry: s, flags: [{ code: 'swapped_coordinates_repaired', params: { ward } }], repaired: true };
  }
  if (!v.inTerritory && !decl.allowOutsideTerritory) {
    return { ok: false, code: 'outside_territory', params: v.swappedInTerritory ? { swapInside: 1 } : {} };
  }
  const flags: RecordFlag[] = [];
  if (v.claimResolved && v.inClaim === false) flags.push({ code: 'outside_claimed_ward', params: { ward, distanceM: Math.round(v.claimDistanceM ?? 0) } });
  if (v.claim && !v.claimResolved) flags.push({ code: 'unresolved_ward_claim', params: { claim: v.claim.slice(0, 120) } });
  return { ok: true, geometry, flags, repaired: false };
}

/** English wording of a flag (logs, import reports, scripts); clients word the code themselves. */
export function flagText(f: RecordFlag): string {
  const p = f.params ?? {};
  switch (f.code) {
    case 'swapped_coordinates_repaired': return `the two coordinates were swapped (longitude and latitude, or X and Y); repaired (the point now lies in ${p.ward})`;
    case 'outside_claimed_ward': return `the point lies ${p.distanceM} m outside ${p.ward}, the ward the row names`;
    case 'missing_geometry': return 'no location';
    case 'unresolved_ward_claim': return `"${p.claim}" names no known ward`;
  }
}
