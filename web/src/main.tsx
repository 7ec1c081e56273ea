import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import './app/app.css';
import { App } from './app/App.tsx';
import { preloadOpeningPage } from './app/opening-page.ts';

preloadOpeningPage(window.location.pathname);

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
