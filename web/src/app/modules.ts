// Every web module, in top-bar order. A new module is one folder and one line here.
import type { WebModule } from './web-module.ts';

export const WEB_MODULES: readonly WebModule[] = [];
