// One instance of a service per application. A service holds caches, queues and timers, so a
// second instance for the same app would disagree with the first (a rule cached twice, a
// delivery pumped twice). Each module's entry exposes its service through one accessor made
// here, and every caller (its routes, its start-up hooks, other modules) goes through it.
import type { AppContext } from './context.ts';

export function onePerApp<T>(create: (ctx: AppContext) => T): (ctx: AppContext) => T {
  const instances = new WeakMap<AppContext, T>();
  return (ctx) => {
    let instance = instances.get(ctx);
    if (instance === undefined) {
      instance = create(ctx);
      instances.set(ctx, instance);
    }
    return instance;
  };
}
