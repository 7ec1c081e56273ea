// Vite configuration of the cityops web client. Run from the repository root:
//   npx vite build --config web/vite.config.ts   (writes web/dist, served by the server at /)
//   npx vite --config web/vite.config.ts         (dev server; /api is proxied to the local server)
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const apiTarget = process.env.CITYOPS_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Maps for the developers' tools, without the comment that points browsers to them (the server does not serve them).
    sourcemap: 'hidden',
    // maplibre-gl alone is ~1 MB minified; that is expected for a map application.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // The client imports the shared contracts from ../shared.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
