import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ClientConfigProvider } from './client-config.tsx';
import { Layout } from './Layout.tsx';
import { queryClient } from './query.ts';
import { WEB_MODULES, AuthProvider, LoginPage, MapPage, RequireAuth } from './modules.ts';

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
