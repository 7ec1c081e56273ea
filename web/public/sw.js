// Service worker of the leader's phone view (/m). Keeps the app shell and the last answers
// of the few APIs the phone view reads, so that it opens and shows the last values offline.
// Answers served from the cache carry `x-cityops-cache: stale` and the time they were stored.
const VERSION = 'cityops-phone-v1';
const SHELL = ['/m', '/manifest.webmanifest', '/icons/cityops-192.png', '/icons/cityops.svg'];
const API_PREFIXES = ['/api/kpis', '/api/alerts', '/api/dashboards', '/api/auth/me', '/api/client-config'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set('x-cityops-stored-at', new Date().toISOString());
  return new Response(await response.clone().blob(), { status: response.status, statusText: response.statusText, headers });
}

async function fromCache(request, key) {
  const hit = await caches.match(key ?? request);
  if (!hit) return Response.error();
  const headers = new Headers(hit.headers);
  headers.set('x-cityops-cache', 'stale');
  return new Response(await hit.blob(), { status: hit.status, statusText: hit.statusText, headers });
}

/** Network first; on success the answer is kept, on failure the kept one is served (stale). */
async function networkFirst(request, key) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(VERSION);
      await cache.put(key ?? request, await stamped(response));
    }
    return response;
  } catch {
    return fromCache(request, key);
  }
}

/** Hashed build assets never change: cache first. */
async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(VERSION)).put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Every navigation inside the scope is the single-page app: one cached shell.
    event.respondWith(networkFirst(request, '/m'));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (API_PREFIXES.some((p) => url.pathname.startsWith(p)) && !url.pathname.endsWith('/stream')) {
    event.respondWith(networkFirst(request));
  }
});
