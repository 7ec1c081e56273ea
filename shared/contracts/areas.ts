// Administrative areas: a hierarchy of any depth, each version valid for a period.
import { Type, type Static } from 'typebox';
import { GeometrySchema } from './geojson.ts';
import { Nullable } from './schema.ts';
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

/** An area as the API returns it: the fields of `Area` and its declared properties (open JSON). */
export const AreaSchema = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  scheme: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  level: Type.String(),
  parentId: Nullable(Type.Number()),
  parentCode: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Type.Union([Type.String(), Type.Null()], { description: 'first day no longer valid (exclusive)' }),
  approximate: Type.Boolean(),
  areaKm2: Type.Number(),
  properties: Type.Record(Type.String(), Type.Unknown()),
});
export type AreaWithProperties = Static<typeof AreaSchema>;

/** A link of an area's lineage: the version it was merged from or split into. */
export const AreaLinkSchema = Type.Object({
  id: Type.Number(),
  code: Type.String(),
  nameVi: Type.String(),
  validFrom: Type.String(),
  whole: Type.Boolean(),
  effectiveDate: Type.String(),
  legalBasis: Nullable(Type.String()),
});
export type AreaLink = Static<typeof AreaLinkSchema>;

export const AreaListSchema = Type.Object({ date: Type.String(), areas: Type.Array(AreaSchema) });
export type AreaList = Static<typeof AreaListSchema>;

/** GET /api/areas/{id}: one area version, its geometry when asked, and its lineage. */
export const AreaDetailSchema = Type.Object({
  ...AreaSchema.properties,
  geometry: Type.Optional(GeometrySchema),
  predecessors: Type.Array(AreaLinkSchema),
  successors: Type.Array(AreaLinkSchema),
});
export type AreaDetail = Static<typeof AreaDetailSchema>;
