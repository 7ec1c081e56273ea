// Administrative areas: a hierarchy of any depth, each version valid for a period.
export interface Area {
  id: number;
  code: string;
  /** Code list the code belongs to, e.g. 'vn2008' (before 2025-07-01) or 'vn2025'. */
  scheme: string;
  nameVi: string;
  nameEn: string;
  /** e.g. 'city', 'district', 'ward'. */
  level: string;
  parentId: number | null;
  parentCode: string | null;
  /** First day in force (YYYY-MM-DD). */
  validFrom: string;
  /** First day no longer in force (exclusive), or null while in force. */
  validTo: string | null;
  /** True when the boundary is an approximation (shown as such in the UI). */
  approximate: boolean;
  areaKm2: number;
}

/** GeoJSON returned by GET /api/areas?format=geojson: each feature's properties are an Area. */
export interface AreaFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: number; properties: Area; geometry: GeoJSON.MultiPolygon }[];
}
