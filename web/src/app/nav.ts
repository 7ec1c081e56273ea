import type { StaffRole } from '../../../shared/contracts/index.ts';
import { WEB_MODULES } from './modules.ts';

/** A top-bar link. Only things that exist are listed here. */
export interface NavItem {
  /** i18n key of the label. */
  labelKey: string;
  titleKey?: string;
  to: string;
  /** Served outside the single-page app (opened in a new tab). */
  external?: boolean;
  /** Roles that see the link; all signed-in users when absent. */
  roles?: readonly StaffRole[];
  testId: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { labelKey: 'nav.map', to: '/', testId: 'nav-map' },
  ...WEB_MODULES.flatMap((m) => m.nav ?? []),
  { labelKey: 'nav.api', titleKey: 'nav.apiTitle', to: '/api/docs', external: true, roles: ['admin'], testId: 'nav-api' },
];

export function navItemsFor(role: string): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.roles || (item.roles as readonly string[]).includes(role));
}
