import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider } from '../modules/auth/AuthContext.tsx';
import { LoginPage } from '../modules/auth/LoginPage.tsx';
import { RequireAuth } from '../modules/auth/RequireAuth.tsx';
import { ClientConfigProvider } from './client-config.tsx';
import { Layout } from './Layout.tsx';
import { lazyPage } from './lazy-page.tsx';
import { queryClient } from './query.ts';
import { WEB_MODULES } from './modules.ts';

/** The map workspace (and MapLibre with it) loads on its first visit, not before the overview. */
const MapPage = lazyPage(() => import('../modules/map/MapPage.tsx'), 'MapPage');

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
    <ClientConfigProvider>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            {WEB_MODULES.flatMap((m) => m.publicRoutes ?? []).map((r) => (
              <Route key={r.path} path={r.path} element={r.element} />
            ))}
            <Route
              element={
                <RequireAuth>
                  <Layout />
                </RequireAuth>
              }
            >
              <Route index element={<MapPage />} />
              {WEB_MODULES.flatMap((m) => m.routes ?? []).map((r) => (
                <Route key={r.path} path={r.path} element={r.roles ? <RequireAuth roles={r.roles}>{r.element}</RequireAuth> : r.element} />
              ))}
            </Route>
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </ClientConfigProvider>
    </QueryClientProvider>
  );
}
