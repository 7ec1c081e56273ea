// Client of the feedback API (citizen and staff).
import { api, ApiError } from '../../app/api.ts';
import type { FeedbackCategory, FeedbackDetail, FeedbackListItem, FeedbackPublicPoint, FeedbackPublicView, FeedbackReceipt, FeedbackStatsRow } from '../../../../shared/contracts/feedback.ts';

export const fetchCategories = () => api<{ categories: FeedbackCategory[] }>('/feedback/categories').then((r) => r.categories);
export const suggestCategory = (text: string) => api<{ category: string; confidence: number }>('/feedback/suggest-category', { method: 'POST', body: { text } });
export const trackReport = (code: string) => api<FeedbackPublicView>(`/feedback/track/${encodeURIComponent(code)}`);
export const rateReport = (code: string, rating: number, comment: string) => api<FeedbackPublicView>(`/feedback/track/${encodeURIComponent(code)}/rating`, { method: 'POST', body: { rating, comment } });
export const publicPoints = (days = 90) => api<{ points: FeedbackPublicPoint[] }>('/feedback/public-map', { query: { days } }).then((r) => r.points);
export const listReports = (query: Record<string, string | number | boolean | undefined>) => api<{ total: number; reports: FeedbackListItem[] }>('/feedback/reports', { query });
export const getReport = (id: number) => api<FeedbackDetail>(`/feedback/reports/${id}`);
export const actOnReport = (id: number, action: string, body: Record<string, string>) => api<FeedbackDetail>(`/feedback/reports/${id}/${action}`, { method: 'POST', body });
export const revealContact = (id: number) => api<{ name: string | null; phone: string | null; email: string | null }>(`/feedback/reports/${id}/reveal`, { method: 'POST' });
export const mergeReport = (id: number, into: number) => api<FeedbackDetail>(`/feedback/reports/${id}/merge`, { method: 'POST', body: { into } });
export const bulkAssign = (ids: number[], unitCode: string) => api<{ results: { id: number; ok: boolean; error?: string }[] }>('/feedback/reports/bulk-assign', { method: 'POST', body: { ids, unitCode } });
export const fetchStats = (by: string, from?: string, to?: string) => api<{ rows: FeedbackStatsRow[]; total: FeedbackStatsRow; from: string; to: string }>('/feedback/stats', { query: { by, from, to } });

/** Sends the citizen's form (multipart, with photos). */
export async function submitReport(form: FormData): Promise<FeedbackReceipt> {
  let res: Response;
  try {
    res = await fetch('/api/feedback', { method: 'POST', body: form, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? 'http', body.message ?? `${res.status}`);
  return body as unknown as FeedbackReceipt;
}

/** Units a report can be assigned to (wards of District 7 and the departments). */
export const ASSIGNABLE_UNITS = ['ubnd-27475', 'ubnd-27478', 'ubnd-27484', 'ubnd-27487', 'phong-qldt', 'phong-tnmt', 'phong-yte', 'phong-kinh-te', 'cong-an', 'van-phong-ubnd'];
