// Client of the datasets API (catalogue, records, history, quality, export links).
import { api, apiUrl } from '../../app/api.ts';

export type GeometryType = 'point' | 'line' | 'polygon' | 'none';

export interface DatasetSummary {
  id: string;
  titleVi: string;
  titleEn: string;
  domain: string;
  ownerUnit: string;
  geometryType: GeometryType;
  publicRead: boolean;
  version: number;
  builtIn: boolean;
  recordCount: number;
  lastUpdate: string;
  /** Null while the server computes it. */
  qualityScore: number | null;
}

export interface FieldDecl {
  name: string;
  type: 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'enum' | 'phone' | 'email' | 'url';
  titleVi: string;
  titleEn: string;
  unit?: string;
  required?: boolean;
  values?: string[];
  personal?: boolean;
}

export interface DatasetDetail extends DatasetSummary {
  descriptionVi: string | null;
  descriptionEn: string | null;
  fields: FieldDecl[];
  naturalKey: string[];
}

export interface DatasetRecord {
  id: number;
  datasetId: string;
  naturalKey: string | null;
  properties: Record<string, unknown>;
  geometry: GeoJSON.Geometry | null;
  areaIds: number[];
  synthetic: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface RecordPage {
  total: number;
  limit: number;
  offset: number;
  personalData: string;
  records: DatasetRecord[];
}

export interface HistoryEntry {
  id: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  at: string;
  actor: string;
  restoredFrom: number | null;
  before: { properties: Record<string, unknown>; geometry: GeoJSON.Geometry | null } | null;
  after: { properties: Record<string, unknown>; geometry: GeoJSON.Geometry | null } | null;
}

export interface QualityFinding {
  check: 'missing-required' | 'outside-area' | 'duplicates' | 'stale';
  count: number;
  detail: Record<string, unknown>;
  records: string;
}

export interface QualityReport {
  score: number;
  total: number;
  flagged: number;
  findings: QualityFinding[];
}

export interface DeclarationVersion {
  version: number;
  createdAt: string;
  createdBy: string;
  declaration: Record<string, unknown>;
}

export type ListQuery = Record<string, string | number | boolean | undefined>;

const ds = (id: string) => `/datasets/${encodeURIComponent(id)}`;

/** TanStack Query keys of the dataset pages (a record change invalidates its dataset's keys). */
export const datasetKeys = {
  all: ['datasets'] as const,
  list: ['datasets', 'list'] as const,
  dataset: (id: string) => ['datasets', 'dataset', id] as const,
  detail: (id: string) => ['datasets', 'dataset', id, 'detail'] as const,
  quality: (id: string) => ['datasets', 'dataset', id, 'quality'] as const,
  versions: (id: string) => ['datasets', 'dataset', id, 'versions'] as const,
  records: (id: string, query: ListQuery) => ['datasets', 'dataset', id, 'records', query] as const,
  record: (id: string, rid: number) => ['datasets', 'dataset', id, 'record', rid] as const,
  history: (id: string, rid: number) => ['datasets', 'dataset', id, 'record', rid, 'history'] as const,
  wards: ['datasets', 'wards'] as const,
};

export const datasetsApi = {
  list: (signal?: AbortSignal) => api<{ datasets: DatasetSummary[] }>('/datasets', { signal }),
  get: (id: string, signal?: AbortSignal) => api<DatasetDetail>(ds(id), { signal }),
  records: (id: string, query: ListQuery, signal?: AbortSignal) => api<RecordPage>(`${ds(id)}/records`, { query, signal }),
  record: (id: string, rid: number, signal?: AbortSignal) => api<DatasetRecord>(`${ds(id)}/records/${rid}`, { signal }),
  update: (id: string, rid: number, body: { properties?: Record<string, unknown>; geometry?: GeoJSON.Geometry | null }) =>
    api<DatasetRecord>(`${ds(id)}/records/${rid}`, { method: 'PATCH', body }),
  history: (id: string, rid: number, signal?: AbortSignal) => api<{ entries: HistoryEntry[] }>(`${ds(id)}/records/${rid}/history`, { signal }),
  restore: (id: string, rid: number, hid: number) => api<DatasetRecord>(`${ds(id)}/records/${rid}/history/${hid}/restore`, { method: 'POST' }),
  quality: (id: string, signal?: AbortSignal) => api<QualityReport>(`${ds(id)}/quality`, { signal }),
  versions: (id: string, signal?: AbortSignal) => api<{ versions: DeclarationVersion[] }>(`${ds(id)}/versions`, { signal }),
  saveDeclaration: (id: string, declaration: unknown) => api<unknown>(ds(id), { method: 'PUT', body: declaration }),
  exportUrl: (id: string, format: 'csv' | 'xlsx' | 'geojson', query: ListQuery) => apiUrl(`${ds(id)}/export`, { ...query, format }),
};

/** Roles that may write records (officers: their unit's datasets and their own area). */
export const WRITER_ROLES = ['admin', 'operator', 'officer'] as const;
/** Roles that may import files (the import wizard lives at /data/:datasetId/import). */
export const IMPORTER_ROLES = ['admin', 'operator'] as const;

export const mayWrite = (role: string | undefined) => !!role && (WRITER_ROLES as readonly string[]).includes(role);
export const mayImport = (role: string | undefined) => !!role && (IMPORTER_ROLES as readonly string[]).includes(role);
