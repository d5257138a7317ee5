// Offline support of the respondent page: registers the service worker (scope /respond), keeps this respondent's
// session in Cache Storage for an offline reload, and clears caches and stored answers once the response is complete.

import { durableClear } from './durable';

export const SESSION_CACHE = 'marsad-respond-session';
export const SESSION_URL = '/api/respond/session';

/** Register /respond/sw.js for /respond; without service workers (or on http other than localhost) the page works online only. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/respond/sw.js', { scope: '/respond' }).catch(() => { /* private mode, blocked */ });
}

/** Keep the session the page started from (definition, answers, storage key) for a reload without a connection. */
export async function keepSession(session: unknown): Promise<void> {
  if (!('caches' in window)) return;
  try {
    const cache = await caches.open(SESSION_CACHE);
    await cache.put(SESSION_URL, new Response(JSON.stringify(session), { headers: { 'Content-Type': 'application/json', 'X-Marsad-Offline': '1' } }));
  } catch { /* storage full or blocked: online use still works */ }
}

/** After completion nothing of the questionnaire stays on the device: session and shell caches, stored answers, the worker. */
export async function forgetEverything(storagePrefix: string): Promise<void> {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(storagePrefix)) localStorage.removeItem(k);
  } catch { /* blocked */ }
  await durableClear();
  try {
    if ('caches' in window) for (const k of await caches.keys()) if (k.startsWith('marsad-respond')) await caches.delete(k);
    if ('serviceWorker' in navigator) for (const r of await navigator.serviceWorker.getRegistrations()) if (new URL(r.scope).pathname.startsWith('/respond')) await r.unregister();
  } catch { /* nothing cached */ }
}
