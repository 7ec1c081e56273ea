import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { api } from './api.ts';
import type { ClientConfig } from '../../../shared/contracts/client-config.ts';

export type { ClientConfig } from '../../../shared/contracts/client-config.ts';

const FALLBACK_CONFIG: ClientConfig = { version: '', demo: false, baseMapStyleUrl: null, wards: [] };

/** Query key of the client configuration: kept across sign-outs (it is the same for everyone). */
export const CLIENT_CONFIG_KEY = ['client-config'] as const;

interface ClientConfigState {
  /** null while loading. */
  config: ClientConfig | null;
}

const ClientConfigContext = createContext<ClientConfigState>({ config: null });

async function fetchClientConfig(signal: AbortSignal): Promise<ClientConfig> {
  const data = await api<Partial<ClientConfig>>('/client-config', { signal, allowUnauthorized: true });
  return {
    version: typeof data.version === 'string' ? data.version : '',
    demo: data.demo === true,
    baseMapStyleUrl: typeof data.baseMapStyleUrl === 'string' && data.baseMapStyleUrl ? data.baseMapStyleUrl : null,
    wards: Array.isArray(data.wards) ? data.wards.filter((c): c is string => typeof c === 'string') : [],
  };
}

/** The client configuration's query: for the provider and the app's early start (opening-page.ts). */
export const clientConfigQuery = {
  queryKey: CLIENT_CONFIG_KEY,
  queryFn: ({ signal }: { signal: AbortSignal }) => fetchClientConfig(signal),
  // Read once per page load.
  staleTime: Infinity,
  gcTime: Infinity,
  meta: { keepOnSignOut: true },
};

export function ClientConfigProvider({ children }: { children: ReactNode }) {
  const query = useQuery(clientConfigQuery);
  // Deliberately not shown to the user: without the configuration the app still works on its
  // defaults (no demo banner, no version, the offline base map), so a failure only falls back.
  const config = query.data ?? (query.isError ? FALLBACK_CONFIG : null);
  useEffect(() => {
    if (query.error) console.warn('client-config unavailable, using defaults', query.error);
  }, [query.error]);
  return <ClientConfigContext.Provider value={{ config }}>{children}</ClientConfigContext.Provider>;
}

/** The client configuration, or null while it is loading. */
export function useClientConfig(): ClientConfig | null {
  return useContext(ClientConfigContext).config;
}
