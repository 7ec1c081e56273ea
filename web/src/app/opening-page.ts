// The page the app opens on is requested at once, beside the session check, instead of after it:
// its code (lazyPage's preload, which also spares React's Suspense reveal delay) and, for the map
// page, its data (map-preload.ts). The session check and the client configuration, which every
// page waits for, start here too, before React's first render (~100 ms sooner). Measured by
// bench/pages.bench.ts (issue 20, defect 5).
import { matchRoutes } from 'react-router-dom';
import { clientConfigQuery } from './client-config.tsx';
import { lazyPageOf } from './lazy-page.tsx';
import { MAP_PAGE_PATHS, MapPage, preloadMapData, sessionQuery, WEB_MODULES } from './modules.ts';
import { queryClient } from './query.ts';

export function preloadOpeningPage(pathname: string): void {
  void queryClient.prefetchQuery(sessionQuery);
  void queryClient.prefetchQuery(clientConfigQuery);
  if (MAP_PAGE_PATHS.includes(pathname)) {
    void MapPage.preload();
    preloadMapData();
    return;
  }
  const routes = WEB_MODULES.flatMap((module) => [...(module.routes ?? []), ...(module.publicRoutes ?? [])]);
  const match = matchRoutes(routes.map((route) => ({ path: route.path, element: route.element })), pathname)?.at(-1);
  void lazyPageOf(match?.route.element)?.preload();
}
