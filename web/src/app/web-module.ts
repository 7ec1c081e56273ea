import type { ReactNode } from 'react';
import type { NavItem } from './nav.ts';
import type { StaffRole } from '../../../shared/contracts/index.ts';

/** A page of a web module, mounted by App. */
export interface ModuleRoute {
  /** Route path, e.g. '/data' or '/data/:datasetId'. */
  path: string;
  element: ReactNode;
  /** Roles allowed; all signed-in users when absent. Ignored for public routes. */
  roles?: readonly StaffRole[];
}

/**
 * What a web module (web/src/modules/<name>/module.tsx) contributes to the client. It mirrors
 * the server's module of the same name; texts live in messages.{vi,en}.json beside it.
 */
export interface WebModule {
  id: string;
  /** Top-bar links, in order. */
  nav?: NavItem[];
  /** Pages inside the signed-in shell (top bar, sign-in required). */
  routes?: ModuleRoute[];
  /** Full-screen or public pages outside the shell (citizen pages, the wall screen). */
  publicRoutes?: ModuleRoute[];
}
