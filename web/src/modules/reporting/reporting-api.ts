// Calls of the reporting pages (server module reporting: /api/reporting/*, /api/reports/*).
import { api } from '../../app/api.ts';
import type {
  Analysis, Completeness, Entry, ImportResult, ReportForm, ReportProblem, ReportRun, ReportRunList, ReportTemplate, ReportValue, SubmissionDetail, SubmissionList,
} from '../../../../shared/contracts/reporting.ts';

export const reportingKeys = {
  forms: ['reporting', 'forms'] as const,
  entry: (q: Record<string, string | undefined>) => ['reporting', 'entry', q] as const,
  submissions: (q: Record<string, string | undefined>) => ['reporting', 'submissions', q] as const,
  submission: (id: number) => ['reporting', 'submission', id] as const,
  completeness: (q: Record<string, string | undefined>) => ['reporting', 'completeness', q] as const,
  analysis: (q: Record<string, string | number | undefined>) => ['reporting', 'analysis', q] as const,
  runs: ['reporting', 'runs'] as const,
  run: (id: number) => ['reporting', 'run', id] as const,
  templates: ['reporting', 'templates'] as const,
};

export const fetchForms = (signal?: AbortSignal) => api<{ forms: ReportForm[] }>('/reporting/forms', { signal }).then((r) => r.forms);
export const fetchEntry = (q: { form: string; unit: string; period?: string | undefined }, signal?: AbortSignal) => api<Entry>('/reporting/entry', { query: q, signal });
export const fetchSubmissions = (q: Record<string, string | undefined>, signal?: AbortSignal) => api<SubmissionList>('/reporting/submissions', { query: { ...q, limit: 200 }, signal });
export const fetchSubmission = (id: number, signal?: AbortSignal) => api<SubmissionDetail>(`/reporting/submissions/${id}`, { signal });
export const saveValues = (body: { form: string; unit: string; period: string; values: Record<string, ReportValue> }) =>
  api<SubmissionDetail>('/reporting/submissions', { method: 'PUT', body });
export const checkValues = (form: string, values: Record<string, ReportValue>, signal?: AbortSignal) =>
  api<{ problems: ReportProblem[] }>('/reporting/check', { method: 'POST', body: { form, values }, signal }).then((r) => r.problems);
export const transition = (id: number, action: 'submit' | 'approve' | 'accept' | 'reject', reason?: string) =>
  api<SubmissionDetail>(`/reporting/submissions/${id}/${action}`, { method: 'POST', ...(reason !== undefined ? { body: { reason } } : {}) });
export const fetchCompleteness = (q: Record<string, string | undefined>, signal?: AbortSignal) => api<Completeness>('/reporting/completeness', { query: q, signal });
export const sendReminders = (body: { form?: string; period?: string }) => api<{ reports: number; recipients: number }>('/reporting/reminders', { method: 'POST', body });
export const fetchAnalysis = (q: { form: string; element: string; year?: number | undefined }, signal?: AbortSignal) => api<Analysis>('/reporting/analysis', { query: q, signal });
export const fetchRuns = (signal?: AbortSignal) => api<ReportRunList>('/reports/runs', { signal }).then((r) => r.runs);
export const fetchRun = (id: number, signal?: AbortSignal) => api<ReportRun>(`/reports/runs/${id}`, { signal });
export const fetchTemplates = (signal?: AbortSignal) => api<{ templates: ReportTemplate[] }>('/reports/templates', { signal }).then((r) => r.templates);
export const issueRun = (template: string, period: string) => api<ReportRun>('/reports/runs', { method: 'POST', body: { template, period } });
export const importValues = (body: { form: string; format: 'dhis2-csv' | 'xlsx'; content: string }) => api<ImportResult>('/reporting/import', { method: 'POST', body });
