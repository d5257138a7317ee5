// Benchmark: bytes transferred (compressed, as served) by the respondent page on a first load and a repeat visit,
// measured in real Chromium with its service worker (whose own requests count: installing it fetches the shell, a
// repeat visit costs the network-first page, session and worker check); the reference is the raw size before compression.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { chromium } from 'playwright-core';
import { startMarsad } from '../server/boot';
import { loadConfig } from '../server/config';
import { sha256 } from '../server/auth/passwords';

export interface PageBytes { firstLoad: number; repeatVisit: number; uncompressed: number; requestsFirst: number; requestsRepeat: number; fromWorkerRepeat: number; budget: number }
/** The first-load budget of the respondent page (issue 16). */
export const FIRST_LOAD_BUDGET = 400 * 1024;

export async function benchRespondentBytes(): Promise<PageBytes> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-bench-page-'));
  const marsad = await startMarsad({ config: loadConfig({ ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'error', JOBS: 'false', RATE_LIMITS: 'false' }) });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const db = marsad.ctx.db;
    const [w] = await db.query(`SELECT w.id, w.programme_id FROM waves w WHERE kind = 'endline' LIMIT 1`);
    const [s] = await db.query(`SELECT id FROM stakeholders WHERE programme_id = $1 LIMIT 1`, [w.programme_id]);
    const token = crypto.randomBytes(32).toString('base64url');
    await db.query(`INSERT INTO invitations (wave_id, stakeholder_id, token_hash) VALUES ($1, $2, $3)`, [w.id, s.id, sha256(token)]);
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const page = await context.newPage();
    const measure = async (go: () => Promise<unknown>) => {
      let bytes = 0, raw = 0, count = 0, fromWorker = 0;
      const pending: Promise<void>[] = [];
      // context-wide: the page's requests and the service worker's own (install, network-first fetches)
      const onFinished = (req: import('playwright-core').Request) => {
        pending.push((async () => {
          const sizes = await req.sizes().catch(() => undefined);
          const resp = await req.response();
          if (!sizes || !resp) return;
          if (resp.fromServiceWorker()) { fromWorker++; return; } // answered by the worker: its network request (if any) counts on its own
          count++;
          bytes += sizes.responseBodySize + sizes.responseHeadersSize;
          raw += (await resp.body().catch(() => Buffer.alloc(0))).length;
        })());
      };
      context.on('requestfinished', onFinished);
      await go();
      await page.waitForSelector('.sd-question, .sv-question, [data-name]', { timeout: 15000 }).catch(() => undefined);
      await page.waitForLoadState('networkidle');
      // let the worker install and fill its cache (part of the first load's cost)
      await page.evaluate(async () => { const r = await navigator.serviceWorker?.ready; for (let i = 0; i < 50 && r && !navigator.serviceWorker.controller; i++) await new Promise((x) => setTimeout(x, 100)); });
      await page.waitForTimeout(500);
      await Promise.all(pending);
      context.off('requestfinished', onFinished);
      return { bytes, raw, count, fromWorker };
    };
    const first = await measure(() => page.goto(`${marsad.url}/r/${token}`));
    const repeat = await measure(() => page.reload());
    return { firstLoad: first.bytes, repeatVisit: repeat.bytes, uncompressed: first.raw, requestsFirst: first.count, requestsRepeat: repeat.count,
      fromWorkerRepeat: repeat.fromWorker, budget: FIRST_LOAD_BUDGET };
  } finally {
    await browser.close();
    await marsad.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchRespondentBytes().then((f) => {
    console.table(f);
    if (f.firstLoad > f.budget) { console.error(`first load ${f.firstLoad} B is over the ${f.budget} B budget`); process.exit(1); }
    process.exit(0);
  }, (e) => { console.error(e); process.exit(1); });
}
