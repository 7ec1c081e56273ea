// Calls of the alert-rule and webhook admin screens. Writes keep the API's field errors
// (`details[].instancePath`, the schema validator's shape) so forms show them by the field.
import { api, ApiError } from '../../app/api.ts';
import type { AlertRule, AlertRuleInput, AlertRuleListItem, Webhook, WebhookDelivery } from '../../../../shared/contracts/alerts.ts';

/** A rule as listed, with the number of its alerts not yet resolved. */
export type RuleItem = AlertRuleListItem;
/** A webhook as listed: the secret itself is never sent back. */
export type WebhookItem = Webhook;
export interface WebhookInput {
  url: string;
  format: 'json' | 'cap';
  /** Absent: keep the stored secret (edit) or none (new); null: remove it. */
  secret?: string | null;
  includePrivate: boolean;
  enabled: boolean;
}

/** A refused write: the message, and problems by JSON pointer of the field ('/nameVi', '/condition/clear'). */
export class FieldErrors extends ApiError {
  constructor(status: number, code: string, message: string, readonly fields: Record<string, string>) {
    super(status, code, message);
  }
}

/** Field problems from an error body: the validator's instancePath, or the missing property. */
export function fieldsOf(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as { instancePath?: string; message?: string; params?: { missingProperty?: string } }[]) {
    const path = d.instancePath || (d.params?.missingProperty ? `/${d.params.missingProperty}` : '');
    if (path && d.message && !out[path]) out[path] = d.message;
  }
  return out;
}

async function write<T>(path: string, method: 'POST' | 'PUT' | 'DELETE', body?: unknown): Promise<T> {
  try {
    return await api<T>(path, { method, body });
  } catch (e) {
    if (e instanceof ApiError && e.status !== 0) throw new FieldErrors(e.status, e.code, e.message, fieldsOf(e.details));
    throw e;
  }
}

/** TanStack Query keys of the rule and webhook screens. */
export const alertKeys = {
  all: ['alerts'] as const,
  rules: ['alerts', 'rules'] as const,
  sensorOptions: ['alerts', 'sensor-options'] as const,
  webhooks: ['alerts', 'webhooks'] as const,
  deliveries: (id: number) => ['alerts', 'webhooks', id, 'deliveries'] as const,
};

export const listRules = (signal?: AbortSignal) => api<{ rules: RuleItem[] }>('/alert-rules', { signal });
export const saveRule = (id: number | null, body: AlertRuleInput) =>
  (id === null ? write<AlertRule>('/alert-rules', 'POST', body) : write<AlertRule>(`/alert-rules/${id}`, 'PUT', body));
export const deleteRule = (id: number) => write<void>(`/alert-rules/${id}`, 'DELETE');

export const listWebhooks = (signal?: AbortSignal) => api<{ webhooks: WebhookItem[] }>('/webhooks', { signal });
export const saveWebhook = (id: number | null, body: WebhookInput) =>
  (id === null ? write<WebhookItem>('/webhooks', 'POST', body) : write<WebhookItem>(`/webhooks/${id}`, 'PUT', body));
export const deleteWebhook = (id: number) => write<void>(`/webhooks/${id}`, 'DELETE');
export const listDeliveries = (id: number, signal?: AbortSignal) => api<{ deliveries: WebhookDelivery[] }>(`/webhooks/${id}/deliveries`, { signal });

export interface SensorOption {
  sensorId: string;
  name: string;
  type: string;
}
/** Sensors for the scope picker; empty when the sensors module is not installed. */
export async function listSensorOptions(signal?: AbortSignal): Promise<SensorOption[]> {
  try {
    return (await api<{ items: SensorOption[] }>('/sensors', { signal })).items ?? [];
  } catch (error) {
    // No sensors module: no such route. Any other failure is the caller's error state.
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}
