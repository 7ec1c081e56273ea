// The composition root: every service is built here, once per application, and handed to the
// modules that need it (their routes, prepare and start hooks receive `Services`). Nothing
// else constructs a service, so there is one cache, one queue and one runtime of each.
// Order matters only where a service takes another one as a dependency.
import type { AppContext } from './platform/context.ts';
import type { AuditService } from './modules/audit/index.ts';
import { createAuthService } from './modules/auth/index.ts';

export function composeServices(ctx: AppContext, audit: AuditService) {
  const auth = createAuthService(ctx);
  return { audit, auth };
}

export type Services = ReturnType<typeof composeServices>;
