import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CurrentUser } from '../../../../shared/contracts/index.ts';
import { isAbortError, onUnauthorized } from '../../app/api.ts';
import { fetchCurrentUser, login as loginRequest, logout as logoutRequest } from './auth-api.ts';

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

export interface AuthState {
  status: AuthStatus;
  user: CurrentUser | null;
  /** Throws ApiError (401 on bad credentials). */
  login(username: string, password: string): Promise<CurrentUser>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [status, setStatus] = useState<AuthStatus>('loading');
  const queryClient = useQueryClient();
  // Bumped by each sign-in and sign-out: a session probe started before one must not undo it.
  const generation = useRef(0);

  // Signed out (or the session ended): cancel what is still in flight (its signal aborts the
  // fetch, and a late 401 stays in the dropped query instead of rejecting uncaught) and forget
  // the previous user's data.
  const endSession = useCallback(() => {
    generation.current += 1;
    void queryClient.cancelQueries();
    queryClient.clear();
    setUser(null);
    setStatus('anonymous');
  }, [queryClient]);

  // Restore the session from the cookie on start.
  useEffect(() => {
    const controller = new AbortController();
    const started = generation.current;
    fetchCurrentUser(controller.signal)
      .then((current) => {
        // Signed in (or out) while the probe was on its way: that answer is older than the session.
        if (generation.current !== started) return;
        setUser(current);
        setStatus(current ? 'authenticated' : 'anonymous');
      })
      .catch((error: unknown) => {
        if (isAbortError(error) || generation.current !== started) return;
        console.warn('could not restore the session', error);
        setUser(null);
        setStatus('anonymous');
      });
    return () => controller.abort();
  }, []);

  // Any authenticated request answering 401 means the session ended: back to the login page.
  // Without a session (public pages, after sign-out) a 401 changes nothing: the queries stay.
  const signedIn = status === 'authenticated';
  useEffect(() => {
    onUnauthorized(signedIn ? endSession : null);
    return () => onUnauthorized(null);
  }, [endSession, signedIn]);

  const login = useCallback(async (username: string, password: string) => {
    const response = await loginRequest({ username, password });
    generation.current += 1;
    setUser(response.user);
    setStatus('authenticated');
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

  const value = useMemo<AuthState>(() => ({ status, user, login, logout }), [status, user, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth must be used inside <AuthProvider>');
  return state;
}
