// Vector tiles, thematic maps and spatial tools (issue 4). Types only.

/** Code list of administrative units: 2025 units (today) or the pre-2025 units. */
export type AreaScheme = 'vn2025' | 'vn2008';

/**
 * GET /tiles/{datasetId}.json — TileJSON 3.0.0.
 * The MVT layer inside each tile is named after the dataset id.
 * Feature properties: `id` (record id), `name` (title), `count`, plus a few key fields.
 * Point layers at zooms ≤ `clusterMaxZoom` are aggregated on a grid of the tile: a feature with
 * `count` > 1 stands for that many records (no id/name/fields then); `count` = 1 is one record.
 * The MVT feature id is the record id for single records.
 */
export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description?: string;
  attribution?: string;
  /** Absolute URLs: ['<origin>/tiles/{datasetId}/{z}/{x}/{y}.mvt']. */
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  center?: [number, number, number];
  vector_layers: TileJsonVectorLayer[];
  /** cityops extras. */
  geometryType?: 'point' | 'line' | 'polygon' | null;
  featureCount?: number;
  /** Highest zoom at which point features may be aggregated (count > 1); null when never. */
  clusterMaxZoom?: number | null;
}

export interface TileJsonVectorLayer {
  id: string;
  description?: string;
  minzoom?: number;
  maxzoom?: number;
  /** Field name → 'String' | 'Number' | 'Boolean'. Always includes `id` and `name`. */
  fields: Record<string, string>;
}

/** Measures for GET /api/spatial/choropleth. */
export type ChoroplethMeasure = 'count' | 'density' | 'per10k' | 'sum' | 'avg';
export type ClassificationMethod = 'quantile' | 'jenks' | 'equal';

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

export interface ChoroplethArea {
  code: string;
  name: string;
  nameEn?: string;
  /** Value of the measure; null when it cannot be computed (e.g. per10k without population). */
  value: number | null;
  /** Number of records inside the area. */
  count: number;
  areaKm2: number;
  population?: number | null;
}

export interface ChoroplethResponse {
  dataset: string;
  scheme: AreaScheme;
  date: string;
  measure: ChoroplethMeasure;
  field?: string | null;
  /** Human-readable unit, e.g. 'records', 'records/km²', 'records per 10,000 residents'. */
  unit: string;
  areas: ChoroplethArea[];
  /**
   * Class boundaries from the minimum to the maximum value, ascending: class i holds values in
   * [breaks[i], breaks[i+1]] — length classes + 1 (fewer with few distinct values; [] when no value).
   */
  breaks: number[];
  method: ClassificationMethod;
  classes: number;
  /** Explains missing values, e.g. 'no population data for these areas'. */
  note?: string;
}

/** Query of GET /api/spatial/heatmap: weighted points for a heatmap (optional helper). */
export interface HeatmapResponse {
  dataset: string;
  /** [lon, lat, weight]. Aggregated to a grid when there are many points. */
  points: [number, number, number][];
  cellDeg: number | null;
  total: number;
}

/** POST /api/spatial/select body: a polygon, or a circle (center + radiusM). */
export interface SpatialSelectRequest {
  geometry?: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  center?: [number, number];
  radiusM?: number;
  /** Limit to these datasets; default every spatial dataset the caller may read. */
  datasets?: string[];
}

export interface SpatialSelectCount {
  datasetId: string;
  title: string;
  count: number;
}

export interface SpatialSelectResponse {
  counts: SpatialSelectCount[];
  /** Geodesic area of the selection in m². */
  areaM2: number;
}

/** GET /api/spatial/nearest?dataset=&lon=&lat=&n=3 */
export interface NearestFeature {
  id: string;
  name: string | null;
  /** Geodesic distance (geography) in metres. */
  distanceM: number;
  geometry: GeoJSON.Geometry;
}

export interface NearestResponse {
  dataset: string;
  features: NearestFeature[];
}

/** GET /api/spatial/measures: which datasets / fields can be mapped. */
export interface MeasurableDataset {
  datasetId: string;
  title: string;
  domain: string | null;
  geometryType: string | null;
  count: number;
  numericFields: { name: string; label: string }[];
  dateFields: { name: string; label: string }[];
  /** URL of the TileJSON (relative to the origin). */
  tilejson: string;
}

export interface MeasuresResponse {
  datasets: MeasurableDataset[];
  measures: ChoroplethMeasure[];
  methods: ClassificationMethod[];
  schemes: AreaScheme[];
  /** True when areas carry population (per10k possible). */
  populationKnown: boolean;
}
