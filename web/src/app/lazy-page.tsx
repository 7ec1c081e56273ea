import { lazy, Suspense, type ComponentType } from 'react';
import { FullPageStatus } from './FullPageStatus.tsx';

/**
 * A page whose code is downloaded on its first visit, with a loading status meanwhile. Pages are
 * lazy so that heavy libraries (MapLibre, ECharts) stay out of the first download: the overview
 * and the citizen's form paint before the map's code arrives.
 */
export function lazyPage<K extends string, M extends Record<K, ComponentType>>(load: () => Promise<M>, name: K): ComponentType {
  const Page = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
  return function LazyPage() {
    return (
      <Suspense fallback={<FullPageStatus />}>
        <Page />
      </Suspense>
    );
  };
}
