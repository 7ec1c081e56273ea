// Calls of the administration screens: accounts (/api/users), API tokens (/api/tokens), the audit log (/api/audit).
import { api, apiUrl } from '../../app/api.ts';
import type { AdminUser, TokenInfo, TokenScope } from '../../../../shared/contracts/auth.ts';
import type { AuditEntry } from '../../../../shared/contracts/audit.ts';
import type { AccountRole } from '../../../../shared/contracts/roles.ts';
import type { IncidentSla } from '../../../../shared/contracts/alerts.ts';

export const adminKeys = {
  users: ['admin', 'users'] as const,
  tokens: ['admin', 'tokens'] as const,
  units: ['admin', 'units'] as const,
  audit: (f: AuditFilter) => ['admin', 'audit', f] as const,
  sla: ['admin', 'sla'] as const,
};

export interface UserForm {
  username?: string;
  displayName: string;
  role: AccountRole;
  unitCode: string | null;
  areaIds: number[];
  password?: string;
  /** The account must turn on two-step verification before anything else. */
  requireSecondFactor?: boolean;
}

/** The accounts, and the roles whose accounts must use two-step verification (TOTP_REQUIRED_ROLES). */
export const listUsers = (signal?: AbortSignal) => api<{ users: AdminUser[]; secondFactorRoles: AccountRole[] }>('/users', { signal });
export const listUnits = (signal?: AbortSignal) => api<{ units: { id: number; code: string; nameVi: string; nameEn: string }[] }>('/units', { signal }).then((r) => r.units);
export const createUser = (f: UserForm) =>
  api<AdminUser>('/users', { method: 'POST', body: { ...f, unitCode: f.unitCode ?? undefined, password: f.password || undefined } });
export const updateUser = (id: number, f: Partial<UserForm> & { disabled?: boolean; revokeTokens?: boolean }) => api<AdminUser>(`/users/${id}`, { method: 'PATCH', body: f });
export const resetSecondFactor = (id: number) => api<void>(`/users/${id}/totp`, { method: 'DELETE' });

export const listTokens = (signal?: AbortSignal) => api<{ tokens: TokenInfo[] }>('/tokens', { signal }).then((r) => r.tokens);
export const createToken = (f: { name: string; username?: string; scope: TokenScope; expiresAt?: string }) =>
  api<{ id: number; name: string; token: string; username: string; expiresAt: string; scope: TokenScope }>('/tokens', { method: 'POST', body: f });
export const revokeToken = (id: number) => api<void>(`/tokens/${id}`, { method: 'DELETE' });

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}
/** Entries per page of the audit screen (newest first; "older entries" asks for the next page). */
export const AUDIT_PAGE_SIZE = 200;
export const listAudit = (f: AuditFilter, beforeId: number | undefined, signal?: AbortSignal) =>
  api<{ entries: AuditEntry[] }>('/audit', { query: { ...f, limit: AUDIT_PAGE_SIZE, ...(beforeId ? { beforeId } : {}) }, signal }).then((r) => r.entries);
/** The cursor of the page after `page`: its oldest entry's id, or undefined when it was the last page. */
export const nextAuditCursor = (page: readonly { id: number }[], pageSize = AUDIT_PAGE_SIZE): number | undefined =>
  page.length === pageSize ? page[page.length - 1]!.id : undefined;
export const auditCsvUrl = (f: AuditFilter) => apiUrl('/audit.csv', { ...f });

export const listSla = (signal?: AbortSignal) => api<{ slas: IncidentSla[] }>('/incident-sla', { signal }).then((r) => r.slas);
export const saveSla = (slas: IncidentSla[]) => api<{ slas: IncidentSla[] }>('/incident-sla', { method: 'PUT', body: { slas } }).then((r) => r.slas);
