// Serves the built client (client/dist): hashed assets cached for a year as immutable, precompressed
// .br/.gz chosen by Accept-Encoding; HTML entry pages never cached.
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context';
import { PROJECT_ROOT } from '../paths';

export const CLIENT_DIST = path.join(PROJECT_ROOT, 'client', 'dist');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.map': 'application/json',
};

export function serveClient(app: express.Express, _ctx: AppContext): void {
  serveRespondentWorker(app);
  app.get('/assets/:file', (req, res, next) => {
    const file = path.basename(req.params.file);
    const full = path.join(CLIENT_DIST, 'assets', file);
    if (!fs.existsSync(full)) return next();
    const accept = req.get('accept-encoding') ?? '';
    let chosen = full;
    if (/\bbr\b/.test(accept) && fs.existsSync(full + '.br')) { chosen = full + '.br'; res.set('Content-Encoding', 'br'); }
    else if (/\bgzip\b/.test(accept) && fs.existsSync(full + '.gz')) { chosen = full + '.gz'; res.set('Content-Encoding', 'gzip'); }
    res.set('Vary', 'Accept-Encoding');
    res.set('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.set('Cache-Control', /[.-][A-Z0-9]{8,}\./i.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.sendFile(chosen, { headers: {}, lastModified: true, etag: true });
  });
}

/**
 * The respondent page's service worker: served from /respond/sw.js with scope /respond (the page itself is /respond,
 * outside the script's default scope /respond/), revalidated on every visit so a new build replaces it.
 */
export function serveRespondentWorker(app: express.Express): void {
  app.get('/respond/sw.js', (_req, res, next) => {
    const full = path.join(CLIENT_DIST, 'respond-sw.js');
    if (!fs.existsSync(full)) return next();
    res.set({ 'Content-Type': TYPES['.js'], 'Cache-Control': 'no-cache', 'Service-Worker-Allowed': '/respond' });
    res.sendFile(full);
  });
}

/** Send one of the built HTML entry pages (e.g. respond.html, app.html). */
export function sendEntryPage(res: express.Response, name: string): void {
  const full = path.join(CLIENT_DIST, name);
  if (!fs.existsSync(full)) { res.status(503).type('text/plain').send('The client is not built: run npm run build:client'); return; }
  res.set('Cache-Control', 'no-store');
  res.type('html').sendFile(full);
}
