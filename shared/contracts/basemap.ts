// The offline base map (issue 20): OpenStreetMap vector tiles of central HCMC (ODbL), its
// MapLibre styles and the address/place search. TypeBox schemas with their static types.
import { Type, type Static } from 'typebox';

export const BASEMAP_THEMES = ['day', 'dark'] as const;
export type BasemapTheme = (typeof BASEMAP_THEMES)[number];

/** The attribution every map shows (with a link to https://www.openstreetmap.org/copyright). */
export const OSM_ATTRIBUTION_TEXT = '© OpenStreetMap contributors (ODbL)';

export const PLACE_KINDS = ['road', 'poi', 'place'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const PlaceHitSchema = Type.Object({
  name: Type.String(),
  kind: Type.Union([Type.Literal('road'), Type.Literal('poi'), Type.Literal('place')], { description: 'road (a named street, all its pieces), poi or place (a named area)' }),
  /** OSM class: the road class (primary, residential…), the POI class (school, bank…) or the place class (suburb…). */
  cls: Type.String(),
  /** [lon, lat]. */
  at: Type.Tuple([Type.Number(), Type.Number()]),
  /** [west, south, east, north] of a road. */
  bbox: Type.Optional(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()])),
});
export type PlaceHit = Static<typeof PlaceHitSchema>;

export const PlaceSearchQuerySchema = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 120, description: 'words of a street, POI or place name, with or without diacritics' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});
export const PlaceSearchResultSchema = Type.Object({
  items: Type.Array(PlaceHitSchema),
  attribution: Type.String(),
});
export type PlaceSearchResult = Static<typeof PlaceSearchResultSchema>;

/** A MapLibre style (version 8); only the root is described. */
export const MapStyleSchema = Type.Object(
  { version: Type.Literal(8), name: Type.String(), sources: Type.Record(Type.String(), Type.Unknown()), layers: Type.Array(Type.Unknown()) },
  { additionalProperties: true },
);

/** POST /api/map/selection.csv — the rows of an attribute table the user selected, as CSV. */
export const SelectionExportSchema = Type.Object(
  {
    columns: Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 200 }),
    rows: Type.Array(Type.Array(Type.Union([Type.String({ maxLength: 10_000 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxItems: 200 }), { minItems: 1, maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export type SelectionExport = Static<typeof SelectionExportSchema>;
