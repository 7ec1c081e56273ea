import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider } from '../modules/auth/AuthContext.tsx';
import { LoginPage } from '../modules/auth/LoginPage.tsx';
import { RequireAuth } from '../modules/auth/RequireAuth.tsx';
import { MapPage } from '../modules/map/MapPage.tsx';
import { ClientConfigProvider } from './client-config.tsx';
import { Layout } from './Layout.tsx';

export function App() {
  return (
    <ClientConfigProvider>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              element={
                <RequireAuth>
                  <Layout />
                </RequireAuth>
              }
            >
              <Route index element={<MapPage />} />
            </Route>
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </ClientConfigProvider>
  );
}
