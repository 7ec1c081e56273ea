import { isValidElement, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { FullPageStatus } from './FullPageStatus.tsx';

/** A page component whose code can be requested before the page is rendered. */
export type LazyPageComponent = ComponentType & {
  /** Starts downloading the page's code; once it is in, the page renders without a loading step. */
  preload: () => Promise<void>;
};

/**
 * A page whose code is downloaded on its first visit, with a loading status meanwhile. Pages are
 * lazy so that heavy libraries (MapLibre, ECharts) stay out of the first download: the overview
 * and the citizen's form paint before the map's code arrives.
 *
 * A page preloaded before its first render (main.tsx does it for the page the app opens on)
 * renders directly once its code is in: a lazy component that suspends shows its fallback, and
 * React then holds the page back for up to 300 ms after the fallback appeared (its throttle of
 * Suspense reveals), even when the code was already there.
 */
export function lazyPage<K extends string, M extends Record<K, ComponentType>>(load: () => Promise<M>, name: K): LazyPageComponent {
  let loaded: ComponentType | null = null;
  let request: Promise<M> | null = null;
  const start = () => {
    request ??= load().then((module) => {
      loaded = module[name];
      return module;
    });
    return request;
  };
  const Page = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await start())[name] }));
  function LazyPage() {
    // Decided once per mount: switching between the two trees later would remount the page
    // (losing its state, re-making its map) when its code arrives while it is shown.
    const [Loaded] = useState(() => loaded);
    if (Loaded) return <Loaded />;
    return (
      <Suspense fallback={<FullPageStatus />}>
        <Page />
      </Suspense>
    );
  }
  LazyPage.preload = () =>
    start().then(
      () => undefined,
      () => {
        // A failure shows when the page itself loads its code (the lazy component asks again).
        request = null;
      },
    );
  return LazyPage;
}

/** The lazy page an element renders (a route's `<XPage />`), if it is one. */
export function lazyPageOf(element: ReactNode): LazyPageComponent | null {
  if (!isValidElement(element)) return null;
  const type: unknown = element.type;
  return typeof type === 'function' && 'preload' in type && typeof type.preload === 'function' ? (type as LazyPageComponent) : null;
}
