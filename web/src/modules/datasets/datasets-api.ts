// Client of the datasets API (catalogue, records, history, quality, export links).
import { api, apiUrl } from '../../app/api.ts';

import type {
  DatasetDetail,
  DatasetRecord,
  DatasetSummary,
  DeclarationVersion,
  FieldDecl,
  GeometryType,
  HistoryEntry,
  QualityFinding,
  QualityReport,
  RecordPage,
} from '../../../../shared/contracts/datasets.ts';

export type { DatasetDetail, DatasetRecord, DatasetSummary, DeclarationVersion, FieldDecl, GeometryType, HistoryEntry, QualityFinding, QualityReport, RecordPage };

export type ListQuery = Record<string, string | number | boolean | undefined>;

const ds = (id: string) => `/datasets/${encodeURIComponent(id)}`;

/** TanStack Query keys of the dataset pages (a record change invalidates its dataset's keys). */
export const datasetKeys = {
  all: ['datasets'] as const,
  list: ['datasets', 'list'] as const,
  units: ['datasets', 'units'] as const,
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
  /** Organisational units (GET /api/units): owners are shown by name, not code. */
  units: (signal?: AbortSignal) => api<{ units: { code: string; nameVi: string; nameEn: string }[] }>('/units', { signal }).then((r) => r.units),
  get: (id: string, signal?: AbortSignal) => api<DatasetDetail>(ds(id), { signal }),
  records: (id: string, query: ListQuery, signal?: AbortSignal) => api<RecordPage>(`${ds(id)}/records`, { query, signal }),
  record: (id: string, rid: number, signal?: AbortSignal) => api<DatasetRecord>(`${ds(id)}/records/${rid}`, { signal }),
  update: (id: string, rid: number, body: { properties?: Record<string, unknown>; geometry?: GeoJSON.Geometry | null }) =>
    api<DatasetRecord>(`${ds(id)}/records/${rid}`, { method: 'PATCH', body }),
  create: (id: string, body: { properties: Record<string, unknown>; geometry?: GeoJSON.Geometry | null }) =>
    api<DatasetRecord>(`${ds(id)}/records`, { method: 'POST', body }),
  remove: (id: string, rid: number) => api<void>(`${ds(id)}/records/${rid}`, { method: 'DELETE' }),
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
/**
 * Whether the user may import into the dataset: admins and operators always, officers into the
 * datasets of their own unit (the server's rule, imports.service.ts).
 */
export const mayImport = (user: { role: string; unit: { code: string } | null } | null | undefined, dataset: { ownerUnit: string }) =>
  !!user && ((IMPORTER_ROLES as readonly string[]).includes(user.role) || (user.role === 'officer' && user.unit?.code === dataset.ownerUnit));
