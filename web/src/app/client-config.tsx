import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './api.ts';
import type { ClientConfig } from '../../../shared/contracts/client-config.ts';

export type { ClientConfig } from '../../../shared/contracts/client-config.ts';

const FALLBACK_CONFIG: ClientConfig = { version: '', demo: false, baseMapStyleUrl: null };

interface ClientConfigState {
  /** null while loading. */
  config: ClientConfig | null;
}

const ClientConfigContext = createContext<ClientConfigState>({ config: null });

export function ClientConfigProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<ClientConfig | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api<Partial<ClientConfig>>('/client-config', { signal: controller.signal, allowUnauthorized: true })
      .then((data) => {
        setConfig({
          version: typeof data.version === 'string' ? data.version : '',
          demo: data.demo === true,
          baseMapStyleUrl: typeof data.baseMapStyleUrl === 'string' && data.baseMapStyleUrl ? data.baseMapStyleUrl : null,
        });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        console.warn('client-config unavailable, using defaults', error);
        setConfig(FALLBACK_CONFIG);
      });
    return () => controller.abort();
  }, []);

  return <ClientConfigContext.Provider value={{ config }}>{children}</ClientConfigContext.Provider>;
}

/** The client configuration, or null while it is loading. */
export function useClientConfig(): ClientConfig | null {
  return useContext(ClientConfigContext).config;
}
