// Calls of the import wizard: multipart uploads (preview, job) and job polling.
import type { ImportJob, ImportMapping, ImportPreview } from '../../../../shared/contracts/index.ts';
import type { ImportReportRow } from '../../../../shared/contracts/imports.ts';
import type { DatasetDetail } from '../../../../shared/contracts/datasets.ts';
import { api, ApiError } from '../../app/api.ts';

export interface UploadChoice {
  file: File;
  sheet?: string | undefined;
  crs?: string | undefined;
  mapping?: ImportMapping | undefined;
  dryRun?: boolean;
}

async function postForm<T>(path: string, choice: UploadChoice): Promise<T> {
  const form = new FormData();
  if (choice.sheet) form.set('sheet', choice.sheet);
  if (choice.crs) form.set('crs', choice.crs);
  if (choice.mapping) form.set('mapping', JSON.stringify(choice.mapping));
  if (choice.dryRun !== undefined) form.set('dryRun', String(choice.dryRun));
  form.set('file', choice.file, choice.file.name);
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? 'http', body.message ?? `${res.status}`);
  return body as T;
}

export const previewImport = (datasetId: string, choice: UploadChoice) =>
  postForm<ImportPreview>(`/datasets/${encodeURIComponent(datasetId)}/imports/preview`, choice);

export const startImport = (datasetId: string, choice: UploadChoice) =>
  postForm<ImportJob>(`/datasets/${encodeURIComponent(datasetId)}/imports`, choice);

export const fetchJob = (jobId: number, signal?: AbortSignal) => api<ImportJob>(`/imports/${jobId}`, signal ? { signal } : {});

/** The report row by row (rejected, skipped, flagged, repaired), first `limit` rows. */
export const fetchReportRows = (jobId: number, signal?: AbortSignal) =>
  api<{ rows: ImportReportRow[] }>(`/imports/${jobId}/rows?limit=500`, signal ? { signal } : {});

export const rejectedUrl = (jobId: number, format: 'csv' | 'xlsx') => `/api/imports/${jobId}/rejected${format === 'xlsx' ? '?format=xlsx' : ''}`;

export type DatasetInfo = Pick<DatasetDetail, 'id' | 'titleVi' | 'titleEn' | 'geometryType'>;

export const fetchDatasetInfo = (id: string, signal?: AbortSignal) => api<DatasetInfo>(`/datasets/${encodeURIComponent(id)}`, signal ? { signal } : {});

/** TanStack Query keys of the import pages. */
export const importKeys = {
  dataset: (id: string) => ['imports', 'dataset', id] as const,
  job: (id: number) => ['imports', 'job', id] as const,
  rows: (id: number) => ['imports', 'rows', id] as const,
};
