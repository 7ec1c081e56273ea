import type { CurrentUser, LoginRequest, LoginResponse } from '../../../../shared/contracts/index.ts';
import type { SecondFactorEnabled, SecondFactorEnrolment, SecondFactorStatus } from '../../../../shared/contracts/auth.ts';
import { api, ApiError } from '../../app/api.ts';

export function login(request: LoginRequest): Promise<LoginResponse> {
  return api<LoginResponse>('/auth/login', { method: 'POST', body: request, allowUnauthorized: true });
}

export function logout(): Promise<void> {
  return api<void>('/auth/logout', { method: 'POST', allowUnauthorized: true });
}

/** The signed-in user, or null without a valid session. */
export async function fetchCurrentUser(signal?: AbortSignal): Promise<CurrentUser | null> {
  try {
    return await api<CurrentUser>('/auth/me', { signal, allowUnauthorized: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const accountKeys = { secondFactor: ['auth', 'second-factor'] as const };

export function changeOwnPassword(body: { currentPassword: string; newPassword: string }): Promise<void> {
  return api<void>('/auth/password', { method: 'POST', body });
}

export function fetchSecondFactor(signal?: AbortSignal): Promise<SecondFactorStatus> {
  return api<SecondFactorStatus>('/auth/totp', { signal });
}

export function startSecondFactor(): Promise<SecondFactorEnrolment> {
  return api<SecondFactorEnrolment>('/auth/totp/setup', { method: 'POST' });
}

export function enableSecondFactor(code: string): Promise<SecondFactorEnabled> {
  return api<SecondFactorEnabled>('/auth/totp/enable', { method: 'POST', body: { code } });
}

export function disableSecondFactor(body: { password: string; code: string }): Promise<void> {
  return api<void>('/auth/totp/disable', { method: 'POST', body });
}
