/// <reference types="vite/client" />

import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The home map, exposed for end-to-end tests. */
    __cityopsMap?: MapLibreMap;
  }
}
