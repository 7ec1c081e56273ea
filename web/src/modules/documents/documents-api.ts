// Calls of the document register page (server module documents).
import { api, ApiError } from '../../app/api.ts';
import type { Document, DocumentCreate, DocumentList } from '../../../../shared/contracts/documents.ts';

export const documentsKeys = {
  list: (q: Record<string, string | undefined>) => ['documents', 'list', q] as const,
  one: (id: number) => ['documents', 'one', id] as const,
};
export const fetchDocuments = (q: Record<string, string | undefined>, signal?: AbortSignal) => api<DocumentList>('/documents', { query: { ...q, limit: 30 }, signal });
export const fetchDocument = (id: number, signal?: AbortSignal) => api<Document>(`/documents/${id}`, { signal });
export const createDocument = (body: DocumentCreate) => api<Document>('/documents', { method: 'POST', body });

export async function uploadFile(id: number, file: File): Promise<Document> {
  const form = new FormData();
  form.set('file', file, file.name);
  const res = await fetch(`/api/documents/${id}/files`, { method: 'POST', body: form, credentials: 'same-origin' });
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? 'http', body.message ?? String(res.status));
  return body as unknown as Document;
}
