// Roles known to every part of cityops. 'public' is the anonymous caller.
export const STAFF_ROLES = ['admin', 'leader', 'operator', 'officer'] as const;
export const ACCOUNT_ROLES = [...STAFF_ROLES, 'device'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export type Role = AccountRole | 'public';
