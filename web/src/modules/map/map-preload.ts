// The early start of the map page, the staff's home page (issue 20, defect 5: "every page
// interactive ≤ 2 s"). Opened on the map, the app would otherwise request one thing after the
// other: the session, then the page's code (MapLibre, 1 MB), then the base style and the ward
// boundaries, then MapLibre's worker. Instead all of them start at once, beside the session check
// (main.tsx): the shell preloads the page's code, whose module starts MapLibre's worker when it is
// evaluated (prewarmMaps in MapPage.tsx), and this file requests the page's data; the page then
// finds them in flight or done. Nothing here imports MapLibre: this file is in the first download.
import { queryClient } from '../../app/query.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { mapAreasQuery } from './areas-api.ts';
import { preloadBaseStyle } from './base-style.ts';

/** Paths that open the map page (every unknown path is sent to "/"). */
export const MAP_PAGE_PATHS: readonly string[] = ['/', '/map'];

/** The page's data and base style; its code is preloaded by the shell (lazyPage's preload). */
export function preloadMapData(): void {
  preloadBaseStyle('day', currentLanguage());
  // The boundaries are public: no session is needed to fetch them.
  const mode = new URLSearchParams(window.location.search).get('units') === 'old' ? 'old' : 'current';
  void queryClient.prefetchQuery(mapAreasQuery(mode));
}
