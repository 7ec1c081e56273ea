// Client of the feedback API (citizen and staff).
import { api, ApiError } from '../../app/api.ts';
import type { CallCentreReceipt, FeedbackCategory, FeedbackDetail, FeedbackListItem, FeedbackPublicPoint, FeedbackPublicView, FeedbackReceipt, FeedbackRoutingRule, FeedbackStatsRow, FeedbackUnitRef, Open311Key } from '../../../../shared/contracts/feedback.ts';

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

export const fetchUnits = () => api<{ units: FeedbackUnitRef[] }>('/units').then((r) => r.units);
export const fetchRules = () => api<{ rules: FeedbackRoutingRule[] }>('/feedback/rules').then((r) => r.rules);
export const saveRule = (categoryCode: string, wardCode: string | null, unitCode: string) => api<{ rules: FeedbackRoutingRule[] }>('/feedback/rules', { method: 'PUT', body: { categoryCode, wardCode, unitCode } }).then((r) => r.rules);
export const deleteRule = (id: number) => api<{ rules: FeedbackRoutingRule[] }>(`/feedback/rules/${id}`, { method: 'DELETE' }).then((r) => r.rules);
export const fetchOpen311Keys = () => api<{ keys: Open311Key[] }>('/open311/keys').then((r) => r.keys);
export const issueOpen311Key = (appName: string, contact: string) => api<{ id: number; appName: string; apiKey: string }>('/open311/keys', { method: 'POST', body: { appName, ...(contact.trim() ? { contact: contact.trim() } : {}) } });
export const revokeOpen311Key = (id: number) => api<void>(`/open311/keys/${id}`, { method: 'DELETE' });
export interface CallCentreInput {
  callerNumber: string;
  callerName?: string;
  summary?: string;
  transcript?: string;
  category?: string;
  lat?: number;
  lon?: number;
  address?: string;
}
export const callCentreIntake = (body: CallCentreInput) => api<CallCentreReceipt>('/feedback/call-centre', { method: 'POST', body });

/** POSTs a multipart form (photos) and reads the JSON answer; errors as ApiError like api(). */
async function postForm<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method: 'POST', body: form, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? 'http', body.message ?? `${res.status}`);
  return body as unknown as T;
}

/** Sends the citizen's form (multipart, with photos). */
export const submitReport = (form: FormData) => postForm<FeedbackReceipt>('/feedback', form);

/** The resolve step: the answer and its photos (checked and EXIF-stripped by the server like the citizen's). */
export function resolveWithPhotos(id: number, answer: string, photos: File[]): Promise<FeedbackDetail> {
  const form = new FormData();
  form.set('answer', answer);
  for (const p of photos) form.append('photos', p, p.name);
  return postForm<FeedbackDetail>(`/feedback/reports/${id}/resolve`, form);
}

/** Wards of District 7 (today's units): the area an operator may name instead of a pin. */
export const D7_WARDS = ['27475', '27478', '27484', '27487'];

/** Units a report can be assigned to (wards of District 7 and the departments). */
export const ASSIGNABLE_UNITS = ['ubnd-27475', 'ubnd-27478', 'ubnd-27484', 'ubnd-27487', 'phong-qldt', 'phong-tnmt', 'phong-yte', 'phong-kinh-te', 'cong-an', 'van-phong-ubnd'];
