// Client of the feedback API (citizen and staff), and the query keys its pages cache under.
import { api, ApiError } from '../../app/api.ts';
import type { CallCentreReceipt, FeedbackBulkAssign, FeedbackCannedReply, FeedbackCannedReplyInput, FeedbackNearby, FeedbackCategory, FeedbackDetail, FeedbackListItem, FeedbackPublicPoint, FeedbackPublicView, FeedbackReceipt, FeedbackRoutingRule, FeedbackStatsRow, FeedbackUnitRef, Open311Key } from '../../../../shared/contracts/feedback.ts';

/** TanStack Query keys of the feedback pages (everything under ['feedback'] is invalidated after a change). */
export const feedbackKeys = {
  all: ['feedback'] as const,
  categories: ['feedback', 'categories'] as const,
  reports: (query: Record<string, unknown>) => ['feedback', 'reports', query] as const,
  report: (id: number) => ['feedback', 'report', id] as const,
  stats: (by: string, from: string, to: string) => ['feedback', 'stats', by, from, to] as const,
  units: ['feedback', 'units'] as const,
  rules: ['feedback', 'rules'] as const,
  keys: ['feedback', 'open311-keys'] as const,
  publicPoints: (days: number) => ['feedback', 'public-points', days] as const,
  track: (code: string) => ['feedback', 'track', code] as const,
  cannedReplies: ['feedback', 'canned-replies'] as const,
  nearby: (lat: number, lon: number) => ['feedback', 'nearby', lat, lon] as const,
};

export const fetchCategories = (signal?: AbortSignal) => api<{ categories: FeedbackCategory[] }>('/feedback/categories', { signal }).then((r) => r.categories);
export const suggestCategory = (text: string) => api<{ category: string; confidence: number }>('/feedback/suggest-category', { method: 'POST', body: { text } });
export const trackReport = (code: string, signal?: AbortSignal) => api<FeedbackPublicView>(`/feedback/track/${encodeURIComponent(code)}`, { signal });
export const rateReport = (code: string, rating: number, comment: string, phoneLast4?: string) =>
  api<FeedbackPublicView>(`/feedback/track/${encodeURIComponent(code)}/rating`, { method: 'POST', body: { rating, comment, ...(phoneLast4 ? { phoneLast4 } : {}) } });
export const publicPoints = (days = 90, signal?: AbortSignal) => api<{ points: FeedbackPublicPoint[] }>('/feedback/public-map', { query: { days }, signal }).then((r) => r.points);
export const listReports = (query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) => api<{ total: number; reports: FeedbackListItem[] }>('/feedback/reports', { query, signal });
export const getReport = (id: number, signal?: AbortSignal) => api<FeedbackDetail>(`/feedback/reports/${id}`, { signal });
export const actOnReport = (id: number, action: string, body: Record<string, string>) => api<FeedbackDetail>(`/feedback/reports/${id}/${action}`, { method: 'POST', body });
export const revealContact = (id: number) => api<{ name: string | null; phone: string | null; email: string | null }>(`/feedback/reports/${id}/reveal`, { method: 'POST' });
export const changeCategory = (id: number, category: string, reason: string) => api<FeedbackDetail>(`/feedback/reports/${id}/category`, { method: 'PUT', body: { category, ...(reason.trim() ? { reason } : {}) } });
export const mergeReport = (id: number, into: number) => api<FeedbackDetail>(`/feedback/reports/${id}/merge`, { method: 'POST', body: { into } });
export const bulkAssign = (ids: number[], unitCode: string) => api<FeedbackBulkAssign>('/feedback/reports/bulk-assign', { method: 'POST', body: { ids, unitCode } });
export const addNote = (id: number, text: string) => api<FeedbackDetail>(`/feedback/reports/${id}/notes`, { method: 'POST', body: { text } });
export const fetchCannedReplies = (signal?: AbortSignal) => api<{ replies: FeedbackCannedReply[] }>('/feedback/canned-replies', { signal }).then((r) => r.replies);
export const saveCannedReply = (id: number | null, body: FeedbackCannedReplyInput) =>
  api<{ replies: FeedbackCannedReply[] }>(id === null ? '/feedback/canned-replies' : `/feedback/canned-replies/${id}`, { method: id === null ? 'POST' : 'PUT', body }).then((r) => r.replies);
export const deleteCannedReply = (id: number) => api<{ replies: FeedbackCannedReply[] }>(`/feedback/canned-replies/${id}`, { method: 'DELETE' }).then((r) => r.replies);
export const fetchNearby = (lat: number, lon: number, signal?: AbortSignal) => api<FeedbackNearby>('/feedback/nearby', { query: { lat, lon }, signal });
export const supportReport = (publicId: string) => api<{ supporters: number }>(`/feedback/nearby/${encodeURIComponent(publicId)}/support`, { method: 'POST' });
export const reopenReport = (code: string, reason: string, phoneLast4?: string) =>
  api<FeedbackPublicView>(`/feedback/track/${encodeURIComponent(code)}/reopen`, { method: 'POST', body: { reason, ...(phoneLast4 ? { phoneLast4 } : {}) } });
export const fetchStats = (by: string, from?: string, to?: string, signal?: AbortSignal) => api<{ rows: FeedbackStatsRow[]; total: FeedbackStatsRow; from: string; to: string }>('/feedback/stats', { query: { by, from, to }, signal });

export const fetchUnits = (signal?: AbortSignal) => api<{ units: FeedbackUnitRef[] }>('/units', { signal }).then((r) => r.units);
export const fetchRules = (signal?: AbortSignal) => api<{ rules: FeedbackRoutingRule[] }>('/feedback/rules', { signal }).then((r) => r.rules);
export const saveRule = (categoryCode: string, wardCode: string | null, unitCode: string) => api<{ rules: FeedbackRoutingRule[] }>('/feedback/rules', { method: 'PUT', body: { categoryCode, wardCode, unitCode } }).then((r) => r.rules);
export const deleteRule = (id: number) => api<{ rules: FeedbackRoutingRule[] }>(`/feedback/rules/${id}`, { method: 'DELETE' }).then((r) => r.rules);
export const fetchOpen311Keys = (signal?: AbortSignal) => api<{ keys: Open311Key[] }>('/open311/keys', { signal }).then((r) => r.keys);
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
