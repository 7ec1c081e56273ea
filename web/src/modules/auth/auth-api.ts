import type { CurrentUser, LoginRequest, LoginResponse } from '../../../../shared/contracts/index.ts';
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
