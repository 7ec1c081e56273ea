// Calls of the live screen: alerts, incidents, SOPs, sensors, and the SSE stream.
import { api, ApiError } from '../../app/api.ts';
import type { Alert, AlertDetail, AlertSeverity, Assignee, Incident, IncidentDetail, IncidentSla, IncidentSort, LiveMessage } from '../../../../shared/contracts/alerts.ts';

/** TanStack Query keys of the live screen and incidents (the live stream updates them). */
export const liveKeys = {
  all: ['live'] as const,
  alerts: (status: string) => ['live', 'alerts', status] as const,
  incidents: ['live', 'incidents'] as const,
  incidentList: (f: IncidentFilter) => ['live', 'incidents', f] as const,
  people: ['live', 'people'] as const,
  sla: ['live', 'sla'] as const,
  incident: (id: number) => ['live', 'incident', id] as const,
  sops: ['live', 'sops'] as const,
  sensors: ['live', 'sensors'] as const,
  units: ['live', 'units'] as const,
};

export const listAlerts = (status = 'open,acknowledged', signal?: AbortSignal) => api<{ alerts: Alert[] }>('/alerts', { query: { status, limit: 200 }, signal });
export const getAlert = (id: number, signal?: AbortSignal) => api<AlertDetail>(`/alerts/${id}`, { signal });
export const acknowledgeAlert = (id: number, comment: string) => api<AlertDetail>(`/alerts/${id}/acknowledge`, { method: 'POST', body: { comment } });
/** Acknowledges several open alerts with one comment; the others come back as skipped. */
export const acknowledgeAlerts = (ids: number[], comment: string) =>
  api<{ acknowledged: number[]; skipped: { id: number; reason: string }[] }>('/alerts/acknowledge', { method: 'POST', body: { ids, ...(comment.trim() ? { comment } : {}) } });
export const resolveAlert = (id: number, comment: string) => api<AlertDetail>(`/alerts/${id}/resolve`, { method: 'POST', body: { comment } });
/** Filters and order of the incident list (GET /api/incidents). */
export interface IncidentFilter {
  status?: string;
  severity?: string;
  area?: string;
  assignee?: string;
  overdue?: boolean;
  sort?: IncidentSort;
  order?: 'asc' | 'desc';
}
export const listIncidents = (f: IncidentFilter = {}, signal?: AbortSignal) =>
  api<{ total: number; incidents: Incident[] }>('/incidents', { query: { limit: 200, ...f }, signal });
export const createIncidentByHand = (body: {
  type: string; title: string; severity: AlertSeverity; description?: string; point?: { type: 'Point'; coordinates: [number, number] };
  areaCode?: string; assignedUnit?: string; assignees?: string[];
}) => api<IncidentDetail>('/incidents', { method: 'POST', body });
export const assignIncident = (id: number, f: { assignedUnit?: string | null; assignees?: string[] }) => api<IncidentDetail>(`/incidents/${id}`, { method: 'PATCH', body: f });
export const addNote = (id: number, text: string) => api<IncidentDetail>(`/incidents/${id}/notes`, { method: 'POST', body: { text } });
export const linkAlert = (id: number, alertId: number) => api<IncidentDetail>(`/incidents/${id}/alerts`, { method: 'POST', body: { alertId } });
export const unlinkAlert = (id: number, alertId: number) => api<IncidentDetail>(`/incidents/${id}/alerts/${alertId}`, { method: 'DELETE' });
export const deleteAttachment = (id: number, attachmentId: number) => api<IncidentDetail>(`/incidents/${id}/attachments/${attachmentId}`, { method: 'DELETE' });
export const attachmentUrl = (id: number, attachmentId: number) => `/api/incidents/${id}/attachments/${attachmentId}`;
/** Uploads one file (multipart field `file`). */
export async function uploadAttachment(id: number, file: File): Promise<IncidentDetail> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/incidents/${id}/attachments`, { method: 'POST', body: form, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? 'http', body.message ?? String(res.status));
  return body as unknown as IncidentDetail;
}
export const listPeople = (signal?: AbortSignal) => api<{ people: Assignee[] }>('/incident-assignees', { signal }).then((r) => r.people);
export const listSla = (signal?: AbortSignal) => api<{ slas: IncidentSla[] }>('/incident-sla', { signal }).then((r) => r.slas);
export const getIncident = (id: number, signal?: AbortSignal) => api<IncidentDetail>(`/incidents/${id}`, { signal });
export const createIncident = (body: { alertId: number; type: string; assignedUnit?: string; comment?: string }) =>
  api<IncidentDetail>('/incidents', { method: 'POST', body });
export const tickStep = (id: number, stepId: number, done: boolean) => api<IncidentDetail>(`/incidents/${id}/steps/${stepId}`, { method: 'PATCH', body: { done } });
/** Closes with a resolution, the reason for steps left open, and what becomes of its unresolved alerts. */
export const closeIncident = (id: number, f: { resolution: string; comment: string; alerts?: 'resolve' | 'keep' }) =>
  api<IncidentDetail>(`/incidents/${id}`, { method: 'PATCH', body: { status: 'closed', resolution: f.resolution, ...(f.comment.trim() ? { comment: f.comment } : {}), ...(f.alerts ? { alerts: f.alerts } : {}) } });
export const reopenIncident = (id: number, comment: string) => api<IncidentDetail>(`/incidents/${id}`, { method: 'PATCH', body: { status: 'in_progress', comment } });
/** Organisational units an incident can be assigned to (GET /api/units), shown by name. */
export const listUnits = (signal?: AbortSignal) => api<{ units: { id: number; code: string; nameVi: string; nameEn: string }[] }>('/units', { signal }).then((r) => r.units);
export const listSops = (signal?: AbortSignal) => api<{ templates: { incidentType: string; nameVi: string; nameEn: string }[] }>('/sop-templates', { signal });

export interface SensorItem {
  sensorId: string;
  name: string;
  type: string;
  coordinates: [number, number] | null;
  state: string;
  latest: { metric: string; ts: string; value: number }[];
  warnThreshold: number | null;
  alarmThreshold: number | null;
}
/** Sensors with their state; an empty list while the sensors module is not installed. */
export async function listSensors(signal?: AbortSignal): Promise<SensorItem[]> {
  try {
    return (await api<{ items: SensorItem[] }>('/sensors', { signal })).items ?? [];
  } catch (error) {
    // No sensors module: no such route. Any other failure is the caller's error state.
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}

/** Opens the live stream; returns the function that closes it. */
export function openLiveStream(onMessage: (m: LiveMessage) => void, onState: (connected: boolean) => void): () => void {
  const es = new EventSource('/api/live/stream');
  for (const type of ['hello', 'readings', 'alert', 'incident']) {
    es.addEventListener(type, (e) => onMessage(JSON.parse((e as MessageEvent<string>).data) as LiveMessage));
  }
  es.onopen = () => onState(true);
  es.onerror = () => onState(false);
  return () => es.close();
}

/** A short two-tone beep (WebAudio): the sound cue of a new alert. */
export function beep(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.setValueAtTime(880, ctx.currentTime);
    osc.frequency.setValueAtTime(660, ctx.currentTime + 0.15);
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.4);
    osc.onended = () => void ctx.close();
  } catch {
    // No audio (autoplay policy, no device): the visual cue remains.
  }
}
