// Calls of the task pages (server module tasks) and the units list (auth).
import { api, ApiError } from '../../app/api.ts';
import type { TaskCreate, TaskDetail, TaskList, TaskStats } from '../../../../shared/contracts/tasks.ts';

export interface UnitItem { id: number; code: string; nameVi: string; nameEn: string }

export const tasksKeys = {
  list: (q: Record<string, string | undefined>) => ['tasks', 'list', q] as const,
  detail: (id: number) => ['tasks', 'detail', id] as const,
  stats: (q: Record<string, string | undefined>) => ['tasks', 'stats', q] as const,
  units: ['units'] as const,
};

export const fetchTasks = (q: Record<string, string | undefined>, signal?: AbortSignal) => api<TaskList>('/tasks', { query: { ...q, limit: 100 }, signal });
export const fetchTask = (id: number, signal?: AbortSignal) => api<TaskDetail>(`/tasks/${id}`, { signal });
export const fetchStats = (q: Record<string, string | undefined>, signal?: AbortSignal) => api<TaskStats>('/tasks/stats', { query: q, signal });
export const fetchUnits = (signal?: AbortSignal) => api<{ units: UnitItem[] }>('/units', { signal }).then((r) => r.units);
export const createTask = (body: TaskCreate) => api<TaskDetail>('/tasks', { method: 'POST', body });
export const updateTask = (id: number, body: Record<string, unknown>) => api<TaskDetail>(`/tasks/${id}`, { method: 'PATCH', body });
export const confirmTask = (id: number, accept: boolean, note?: string) => api<TaskDetail>(`/tasks/${id}/confirm`, { method: 'POST', body: { accept, ...(note ? { note } : {}) } });
export const requestExtension = (id: number, newDueDate: string, reason: string) => api<TaskDetail>(`/tasks/${id}/extensions`, { method: 'POST', body: { newDueDate, reason } });
export const decideExtension = (id: number, extensionId: number, decision: 'approved' | 'rejected') =>
  api<TaskDetail>(`/tasks/${id}/extensions/${extensionId}`, { method: 'PATCH', body: { decision } });

/** A progress report, with files as multipart when there are any. */
export async function reportProgress(id: number, r: { note: string; progress?: number; action: 'report' | 'done' | 'refuse'; files: File[] }): Promise<TaskDetail> {
  if (!r.files.length) return api<TaskDetail>(`/tasks/${id}/progress`, { method: 'POST', body: { note: r.note, action: r.action, ...(r.progress !== undefined ? { progress: r.progress } : {}) } });
  const form = new FormData();
  form.set('note', r.note);
  form.set('action', r.action);
  if (r.progress !== undefined) form.set('progress', String(r.progress));
  for (const f of r.files) form.append('files', f, f.name);
  const res = await fetch(`/api/tasks/${id}/progress`, { method: 'POST', body: form, credentials: 'same-origin' });
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? 'http', body.message ?? String(res.status));
  return body as unknown as TaskDetail;
}
