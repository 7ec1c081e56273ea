// Calls of the map workspace: dataset list, TileJSON, thematic maps and spatial tools
// (server modules `datasets`, `tiles` and `spatial`; types in shared/contracts/spatial.ts).
import type {
  AreaScheme,
  ChoroplethMeasure,
  ChoroplethResponse,
  ClassificationMethod,
  MeasuresResponse,
  NearestResponse,
  SpatialSelectRequest,
  SpatialSelectResponse,
  TileJson,
} from '../../../../shared/contracts/index.ts';
import { api, ApiError } from '../../app/api.ts';

import type { DatasetDetail, DatasetRecord, DatasetSummary, FieldDecl as DatasetField, GeometryType as DatasetGeometryType, RecordPage } from '../../../../shared/contracts/datasets.ts';

export type { DatasetDetail, DatasetField, DatasetGeometryType, DatasetRecord, DatasetSummary, RecordPage };

/** TanStack Query keys of the map workspace. */
export const mapKeys = {
  /** A dataset's declaration (fields and their types): read once per page load. */
  dataset: (id: string) => ['map', 'dataset', id] as const,
  record: (datasetId: string, recordId: string) => ['map', 'record', datasetId, recordId] as const,
  search: (text: string, datasetIds: string) => ['map', 'search', text, datasetIds] as const,
  count: (datasetId: string, area: string, date: string) => ['map', 'count', datasetId, area, date] as const,
  choropleth: (params: ChoroplethParams | null) => ['map', 'choropleth', params] as const,
  timeRange: (datasetIds: string, lang: string) => ['map', 'time-range', datasetIds, lang] as const,
};

/** Query options of a dataset's declaration, shared by the record popup and the time slider. */
export const datasetDetailQuery = (id: string) => ({
  queryKey: mapKeys.dataset(id),
  queryFn: ({ signal }: { signal: AbortSignal }) => fetchDataset(id, signal),
  staleTime: Infinity,
});

export async function fetchDatasets(signal?: AbortSignal): Promise<DatasetSummary[]> {
  const body = await api<{ datasets: DatasetSummary[] }>('/datasets', { signal });
  return body.datasets;
}

export function fetchDataset(id: string, signal?: AbortSignal): Promise<DatasetDetail> {
  return api<DatasetDetail>(`/datasets/${encodeURIComponent(id)}`, { signal });
}

export function fetchRecord(datasetId: string, recordId: number | string, signal?: AbortSignal): Promise<DatasetRecord> {
  return api<DatasetRecord>(`/datasets/${encodeURIComponent(datasetId)}/records/${encodeURIComponent(String(recordId))}`, { signal });
}

export function fetchRecords(
  datasetId: string,
  query: Record<string, string | number | boolean | undefined>,
  signal?: AbortSignal,
): Promise<RecordPage> {
  return api<RecordPage>(`/datasets/${encodeURIComponent(datasetId)}/records`, { query, signal });
}

export function createZone(body: { properties: Record<string, unknown>; geometry: GeoJSON.Geometry }): Promise<DatasetRecord> {
  return api<DatasetRecord>('/datasets/operational-zones/records', { method: 'POST', body });
}

/** TileJSON of a dataset (served outside /api). */
export async function fetchTileJson(datasetId: string, signal?: AbortSignal): Promise<TileJson> {
  const response = await fetch(tileJsonUrl(datasetId), { credentials: 'same-origin', signal, headers: { Accept: 'application/json' } });
  if (!response.ok) throw new ApiError(response.status, 'http', `TileJSON of ${datasetId}: HTTP ${response.status}`);
  return (await response.json()) as TileJson;
}

export function tileJsonUrl(datasetId: string): string {
  return `/tiles/${encodeURIComponent(datasetId)}.json`;
}

export function fetchMeasures(signal?: AbortSignal): Promise<MeasuresResponse> {
  return api<MeasuresResponse>('/spatial/measures', { signal });
}

export interface ChoroplethParams {
  dataset: string;
  measure: ChoroplethMeasure;
  field?: string;
  scheme: AreaScheme;
  date?: string;
  method: ClassificationMethod;
  classes: number;
}

export function fetchChoropleth(params: ChoroplethParams, signal?: AbortSignal): Promise<ChoroplethResponse> {
  return api<ChoroplethResponse>('/spatial/choropleth', { query: { ...params }, signal });
}

export function selectInside(body: SpatialSelectRequest, signal?: AbortSignal): Promise<SpatialSelectResponse> {
  return api<SpatialSelectResponse>('/spatial/select', { method: 'POST', body, signal });
}

export function fetchNearest(dataset: string, lonLat: [number, number], n: number, signal?: AbortSignal): Promise<NearestResponse> {
  return api<NearestResponse>('/spatial/nearest', { query: { dataset, lon: lonLat[0], lat: lonLat[1], n }, signal });
}
