// Privacy module: data-subject requests of Law 91/2025 (find, export, erase a person's data).
import type { ServerModule } from '../../platform/context.ts';
import { privacyRoutes } from './privacy.routes.ts';
import type { PrivacyService } from './privacy.service.ts';

export { createPrivacyService, type PrivacyService } from './privacy.service.ts';

export const privacyModule: ServerModule<{ privacy: PrivacyService }> = {
  name: 'privacy',
  routes: (app, _ctx, { privacy }) => privacyRoutes(app, privacy),
};
