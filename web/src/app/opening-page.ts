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
  const pageCode = preloadPageCode(pathname);
  // The session check answers once the page's code is in too: answered sooner, the page would
  // render while its code is still loading, suspend, and React holds a suspended page's fallback
  // for at least 300 ms (measured: every page 200–300 ms slower).
  void queryClient.prefetchQuery({
    ...sessionQuery,
    queryFn: async (context) => (await Promise.all([sessionQuery.queryFn(context), pageCode.catch(() => undefined)]))[0],
  });
  void queryClient.prefetchQuery(clientConfigQuery);
}

/** Starts loading the code (and, for the map page, the data) of the page at `pathname`. */
function preloadPageCode(pathname: string): Promise<void> {
  if (MAP_PAGE_PATHS.includes(pathname)) {
    preloadMapData();
    return MapPage.preload();
  }
  const routes = WEB_MODULES.flatMap((module) => [...(module.routes ?? []), ...(module.publicRoutes ?? [])]);
  const match = matchRoutes(routes.map((route) => ({ path: route.path, element: route.element })), pathname)?.at(-1);
  return lazyPageOf(match?.route.element)?.preload() ?? Promise.resolve();
}
