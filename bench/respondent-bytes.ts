// Benchmark: bytes transferred (compressed, as served) by the respondent page on a first load and a repeat visit,
// measured in real Chromium; the reference is the raw size of the same files before compression.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { chromium } from 'playwright-core';
import { startMarsad } from '../server/boot';
import { loadConfig } from '../server/config';
import { sha256 } from '../server/auth/passwords';

export interface PageBytes { firstLoad: number; repeatVisit: number; uncompressed: number; requestsFirst: number; requestsRepeat: number }

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
    const context = await browser.newContext();
    const page = await context.newPage();
    const measure = async (go: () => Promise<unknown>) => {
      let bytes = 0, raw = 0, count = 0;
      const pending: Promise<void>[] = [];
      const onFinished = (req: import('playwright-core').Request) => {
        pending.push((async () => {
          const sizes = await req.sizes().catch(() => undefined);
          const resp = await req.response();
          if (!sizes || !resp) return;
          count++;
          bytes += sizes.responseBodySize + sizes.responseHeadersSize;
          raw += (await resp.body().catch(() => Buffer.alloc(0))).length;
        })());
      };
      page.on('requestfinished', onFinished);
      await go();
      await page.waitForSelector('.sd-question, .sv-question, [data-name]', { timeout: 15000 }).catch(() => undefined);
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      page.off('requestfinished', onFinished);
      return { bytes, raw, count };
    };
    const first = await measure(() => page.goto(`${marsad.url}/r/${token}`));
    const repeat = await measure(() => page.reload());
    return { firstLoad: first.bytes, repeatVisit: repeat.bytes, uncompressed: first.raw, requestsFirst: first.count, requestsRepeat: repeat.count };
  } finally {
    await browser.close();
    await marsad.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchRespondentBytes().then((f) => { console.table(f); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
}
