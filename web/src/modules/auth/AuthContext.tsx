import { useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CurrentUser } from '../../../../shared/contracts/index.ts';
import { onUnauthorized } from '../../app/api.ts';
import { fetchCurrentUser, login as loginRequest, logout as logoutRequest } from './auth-api.ts';

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

export interface AuthState {
  status: AuthStatus;
  user: CurrentUser | null;
  /** Throws ApiError (401 on bad credentials). */
  /** `totp`: the authenticator app's code, for an account with a second factor. */
  login(username: string, password: string, totp?: string): Promise<CurrentUser>;
  logout(): Promise<void>;
  /** Asks the server again who is signed in (after turning on a required second factor). */
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Query key of the session probe (GET /api/auth/me at start). */
const SESSION_KEY = ['auth', 'session'] as const;

/**
 * The session probe: one definition for the provider and for the app's early start
 * (app/opening-page.ts), which asks it before React renders, so that the provider finds it in
 * flight or answered.
 */
export const sessionQuery = {
  queryKey: SESSION_KEY,
  queryFn: ({ signal }: { signal: AbortSignal }) => fetchCurrentUser(signal),
  staleTime: Infinity,
};

/** What a sign-out drops: every query but those marked `meta.keepOnSignOut` (the client configuration). */
const userData = (query: Query) => query.meta?.keepOnSignOut !== true;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // Set by each sign-in and sign-out; from then on the session probe's answer (older than the
  // session) is no longer read, and the probe is not asked again.
  const [signed, setSigned] = useState<{ user: CurrentUser | null } | null>(null);

  // Restore the session from the cookie on start (401 answers null: no session).
  const probe = useQuery({ ...sessionQuery, enabled: signed === null });
  // A failed probe (server unreachable) leaves the user signed out, on the login page.
  useEffect(() => {
    if (probe.error) console.warn('could not restore the session', probe.error);
  }, [probe.error]);
  const user = signed ? signed.user : (probe.data ?? null);
  const status: AuthStatus = signed ? (signed.user ? 'authenticated' : 'anonymous') : probe.isPending ? 'loading' : probe.data ? 'authenticated' : 'anonymous';

  // Signed out (or the session ended): cancel what is still in flight (its signal aborts the
  // fetch, and a late 401 stays in the dropped query instead of rejecting uncaught) and forget
  // the previous user's data.
  const endSession = useCallback(() => {
    void queryClient.cancelQueries({ predicate: userData });
    queryClient.removeQueries({ predicate: userData });
    queryClient.getMutationCache().clear();
    setSigned({ user: null });
  }, [queryClient]);

  // Any authenticated request answering 401 means the session ended: back to the login page.
  // Without a session (public pages, after sign-out) a 401 changes nothing: the queries stay.
  const signedIn = status === 'authenticated';
  useEffect(() => {
    onUnauthorized(signedIn ? endSession : null);
    return () => onUnauthorized(null);
  }, [endSession, signedIn]);

  const login = useCallback(async (username: string, password: string, totp?: string) => {
    const response = await loginRequest({ username, password, ...(totp ? { totp } : {}) });
    setSigned({ user: response.user });
    return response.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await logoutRequest();
    } catch (error) {
      console.warn('logout request failed; clearing the local session anyway', error);
    }
    endSession();
  }, [endSession]);

  const refresh = useCallback(async () => {
    setSigned({ user: await fetchCurrentUser() });
  }, []);

  const value = useMemo<AuthState>(() => ({ status, user, login, logout, refresh }), [status, user, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth must be used inside <AuthProvider>');
  return state;
}
