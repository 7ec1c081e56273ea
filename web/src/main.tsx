import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import './app/app.css';
import { App } from './app/App.tsx';
import { MAP_PAGE_PATHS, MapPage, preloadMapData } from './app/modules.ts';

// Staff open the app on the map: its code and data are requested now, beside the session check.
if (MAP_PAGE_PATHS.includes(window.location.pathname)) {
  void MapPage.preload();
  preloadMapData();
}

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
