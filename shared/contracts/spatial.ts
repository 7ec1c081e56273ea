// Vector tiles, thematic maps and spatial tools (issue 4). TypeBox schemas of the responses
// (the server's route schemas) with their static types.
import { Type, type Static } from 'typebox';
import { GeometrySchema } from './geojson.ts';
import { lit, Nullable } from './schema.ts';

/** Code list of administrative units: 2025 units (today) or the pre-2025 units. */
export const AREA_SCHEMES = ['vn2025', 'vn2008'] as const;
export type AreaScheme = (typeof AREA_SCHEMES)[number];

/**
 * GET /tiles/{datasetId}.json — TileJSON 3.0.0.
 * The MVT layer inside each tile is named after the dataset id.
 * Feature properties: `id` (record id), `name` (title), `count`, plus a few key fields.
 * Point layers at zooms ≤ `clusterMaxZoom` are aggregated on a grid of the tile: a feature with
 * `count` > 1 stands for that many records (no id/name/fields then); `count` = 1 is one record.
 * The MVT feature id is the record id for single records.
 */
export const TileJsonVectorLayerSchema = Type.Object({
  id: Type.String(),
  description: Type.Optional(Type.String()),
  minzoom: Type.Optional(Type.Number()),
  maxzoom: Type.Optional(Type.Number()),
  /** Field name → 'String' | 'Number' | 'Boolean'. Always includes `id` and `name`. */
  fields: Type.Record(Type.String(), Type.String(), { description: "field name → 'String' | 'Number' | 'Boolean'; always includes id and name" }),
});
export type TileJsonVectorLayer = Static<typeof TileJsonVectorLayerSchema>;

export const TileJsonSchema = Type.Object({
  tilejson: Type.Literal('3.0.0'),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  attribution: Type.Optional(Type.String()),
  /** Absolute URLs: ['<origin>/tiles/{datasetId}/{z}/{x}/{y}.mvt']. */
  tiles: Type.Array(Type.String(), { description: 'absolute URLs: <origin>/tiles/{datasetId}/{z}/{x}/{y}.mvt' }),
  minzoom: Type.Number(),
  maxzoom: Type.Number(),
  /** [west, south, east, north] in degrees. */
  bounds: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], { description: '[west, south, east, north] in degrees' }),
  center: Type.Optional(Type.Tuple([Type.Number(), Type.Number(), Type.Number()])),
  vector_layers: Type.Array(TileJsonVectorLayerSchema),
  /** cityops extras. */
  geometryType: Type.Optional(Nullable(lit(['point', 'line', 'polygon'] as const))),
  featureCount: Type.Optional(Type.Number()),
  /** Highest zoom at which point features may be aggregated (count > 1); null when never. */
  clusterMaxZoom: Type.Optional(Nullable(Type.Number({ description: 'highest zoom at which point features may be aggregated (count > 1); null when never' }))),
});
export type TileJson = Static<typeof TileJsonSchema>;

/** Measures for GET /api/spatial/choropleth. */
export const CHOROPLETH_MEASURES = ['count', 'density', 'per10k', 'sum', 'avg'] as const;
export type ChoroplethMeasure = (typeof CHOROPLETH_MEASURES)[number];
export const CLASSIFICATION_METHODS = ['quantile', 'jenks', 'equal'] as const;
export type ClassificationMethod = (typeof CLASSIFICATION_METHODS)[number];

/** Query of GET /api/spatial/choropleth. */
export interface ChoroplethQuery {
  dataset: string;
  measure?: ChoroplethMeasure;
  /** Numeric field of the dataset (required for sum / avg). */
  field?: string;
  scheme?: AreaScheme;
  /** Areas valid on this day (YYYY-MM-DD); default today for vn2025, 2025-01-01 for vn2008. */
  date?: string;
  method?: ClassificationMethod;
  classes?: number;
}

export const ChoroplethAreaSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  /** Value of the measure; null when it cannot be computed (e.g. per10k without population). */
  value: Nullable(Type.Number()),
  /** Number of records inside the area. */
  count: Type.Number(),
  areaKm2: Type.Number(),
  population: Type.Optional(Nullable(Type.Number())),
});
export type ChoroplethArea = Static<typeof ChoroplethAreaSchema>;

export const ChoroplethResponseSchema = Type.Object({
  dataset: Type.String(),
  scheme: lit(AREA_SCHEMES),
  date: Type.String(),
  measure: lit(CHOROPLETH_MEASURES),
  field: Type.Optional(Nullable(Type.String())),
  /** Human-readable unit, e.g. 'records', 'records/km²', 'records per 10,000 residents'. */
  unit: Type.String(),
  areas: Type.Array(ChoroplethAreaSchema),
  /**
   * Class boundaries from the minimum to the maximum value, ascending: class i holds values in
   * [breaks[i], breaks[i+1]] — length classes + 1 (fewer with few distinct values; [] when no value).
   */
  breaks: Type.Array(Type.Number(), { description: 'class boundaries, ascending: class i holds values in [breaks[i], breaks[i+1]]' }),
  method: lit(CLASSIFICATION_METHODS),
  classes: Type.Integer(),
  /** How many areas have records (and a value): the classes are computed over these only. */
  areasWithData: Type.Integer({ description: 'areas with records and a value: the classes are computed over these only' }),
  /** Explains missing values, e.g. 'no population data for these areas'. */
  note: Type.Optional(Type.String()),
});
export type ChoroplethResponse = Static<typeof ChoroplethResponseSchema>;

/** GET /api/spatial/heatmap: weighted points for a heatmap (optional helper). */
export const HeatmapResponseSchema = Type.Object({
  dataset: Type.String(),
  /** [lon, lat, weight]. Aggregated to a grid when there are many points. */
  points: Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number()]), { description: '[lon, lat, weight]; aggregated to a grid when there are many points' }),
  cellDeg: Nullable(Type.Number()),
  total: Type.Number(),
});
export type HeatmapResponse = Static<typeof HeatmapResponseSchema>;

/** POST /api/spatial/select body: a polygon, or a circle (center + radiusM). */
export interface SpatialSelectRequest {
  geometry?: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  center?: [number, number];
  radiusM?: number;
  /** Limit to these datasets; default every spatial dataset the caller may read. */
  datasets?: string[];
}

export const SpatialSelectCountSchema = Type.Object({ datasetId: Type.String(), title: Type.String(), count: Type.Number() });
export type SpatialSelectCount = Static<typeof SpatialSelectCountSchema>;

export const SpatialSelectResponseSchema = Type.Object({
  counts: Type.Array(SpatialSelectCountSchema),
  /** Geodesic area of the selection in m². */
  areaM2: Type.Number({ description: 'geodesic area of the selection in m²' }),
});
export type SpatialSelectResponse = Static<typeof SpatialSelectResponseSchema>;

/** GET /api/spatial/nearest?dataset=&lon=&lat=&n=3 */
export const NearestFeatureSchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  /** Geodesic distance (geography) in metres. */
  distanceM: Type.Number(),
  geometry: GeometrySchema,
});
export type NearestFeature = Static<typeof NearestFeatureSchema>;

export const NearestResponseSchema = Type.Object({ dataset: Type.String(), features: Type.Array(NearestFeatureSchema) });
export type NearestResponse = Static<typeof NearestResponseSchema>;

/** GET /api/spatial/measures: which datasets / fields can be mapped. */
export const MeasurableDatasetSchema = Type.Object({
  datasetId: Type.String(),
  title: Type.String(),
  domain: Nullable(Type.String()),
  geometryType: Nullable(Type.String()),
  count: Type.Number(),
  numericFields: Type.Array(Type.Object({ name: Type.String(), label: Type.String() })),
  dateFields: Type.Array(Type.Object({ name: Type.String(), label: Type.String() })),
  /** URL of the TileJSON (relative to the origin). */
  tilejson: Type.String(),
});
export type MeasurableDataset = Static<typeof MeasurableDatasetSchema>;

export const MeasuresResponseSchema = Type.Object({
  datasets: Type.Array(MeasurableDatasetSchema),
  measures: Type.Array(lit(CHOROPLETH_MEASURES)),
  methods: Type.Array(lit(CLASSIFICATION_METHODS)),
  schemes: Type.Array(lit(AREA_SCHEMES)),
  /** True when areas carry population (per10k possible). */
  populationKnown: Type.Boolean(),
});
export type MeasuresResponse = Static<typeof MeasuresResponseSchema>;
