import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { StaffRole } from '../../../../shared/contracts/index.ts';
import { FullPageStatus } from '../../app/FullPageStatus.tsx';
import { useAuth } from './AuthContext.tsx';

// Loaded only for the accounts that need it, so that its code (and the account page's card it
// shows) stays out of the first download of every page.
const SecondFactorGate = lazy(() => import('./SecondFactorGate.tsx').then((m) => ({ default: m.SecondFactorGate })));

/** Renders its children for signed-in users (optionally of some roles); sends others to /login. */
export function RequireAuth({ children, roles }: { children: ReactNode; roles?: readonly StaffRole[] }) {
  const { status, user } = useAuth();
  const location = useLocation();

  if (status === 'loading') return <FullPageStatus />;
  if (status === 'anonymous' || !user) {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  // An account that must use two-step verification sees only its enrolment until it is on.
  if (user.secondFactorMissing) {
    return (
      <Suspense fallback={<FullPageStatus />}>
        <SecondFactorGate />
      </Suspense>
    );
  }
  if (roles && !(roles as readonly string[]).includes(user.role)) return <Navigate to="/" replace />;
  return <>{children}</>;
}
