// Service worker of the respondent page (scope /respond): a versioned cache of the page shell and its hashed assets,
// and the respondent's own session (written by the page) as the fallback when the network fails. Nothing else of
// the API is cached: autosaves and submits always go to the network (the page queues them on the device).
// the few worker types used (the project compiles with the DOM library, which lacks them)
interface ExtendableEvt extends Event { waitUntil(p: Promise<unknown>): void }
interface FetchEvt extends ExtendableEvt { readonly request: Request; respondWith(r: Promise<Response>): void }
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvt) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvt) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}
const sw = self as unknown as WorkerScope;
/** Filled in by client/build.ts: the build's version and the shell's files. */
declare const MARSAD_VERSION: string;
declare const MARSAD_SHELL: string[];

const SHELL_CACHE = `marsad-respond-shell-${MARSAD_VERSION}`;
const SESSION_CACHE = 'marsad-respond-session';
const SESSION_URL = '/api/respond/session';

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((c) => c.addAll(['/respond', ...MARSAD_SHELL])).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const k of await caches.keys()) if (k.startsWith('marsad-respond-shell-') && k !== SHELL_CACHE) await caches.delete(k);
    await sw.clients.claim();
  })());
});

async function networkFirst(request: Request, cacheName: string, key: string, store: boolean): Promise<Response> {
  try {
    const res = await fetch(request);
    if (store && res.ok) { const copy = res.clone(); void caches.open(cacheName).then((c) => c.put(key, copy)); }
    return res;
  } catch (e) {
    const hit = await caches.match(key, { cacheName });
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const hit = await caches.match(request, { cacheName: SHELL_CACHE });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) { const copy = res.clone(); void caches.open(SHELL_CACHE).then((c) => c.put(request, copy)); }
  return res;
}

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return;
  if (req.mode === 'navigate' && url.pathname === '/respond') event.respondWith(networkFirst(req, SHELL_CACHE, '/respond', true));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(req));
  // the page stores its own session (keepSession); the worker only falls back to it
  else if (url.pathname === SESSION_URL) event.respondWith(networkFirst(req, SESSION_CACHE, SESSION_URL, false));
});
