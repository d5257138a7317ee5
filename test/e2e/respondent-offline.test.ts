// Respondent page offline from the first visit (issue 16), in real Chromium with a profile kept on disk: after one
// online visit the service worker serves the page, its assets and this respondent's session without a network; a
// reload offline shows the answers kept on the device; the final submit waits in the device's queue across a browser
// restart and, once online, makes exactly one complete response; then caches, stored answers and the worker are gone.
// "Offline" is Chromium's network emulation and, across the restart, the server itself stopped (connections refused):
// the emulation reaches a freshly started service worker only after a race.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { testEnv } from '../setup';
import { CLIENT_DIST } from '../../server/http/static';
import { resetRateLimits } from '../../server/http/rate-limits';
import { artifactPath, CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';
import { publishWave, storedResponses, until, type PublishedWave } from './respondent-fixture';

const DEFINITION = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'surveys', 'corpus', '01-capacity-baseline.json'), 'utf8')) as Record<string, unknown>;
const q = (name: string) => `[data-name="${name}"]`;

/** A browser with its profile in `dir`: closing and launching again is a browser restart. */
const launch = (dir: string, width: number, locale: string) => chromium.launchPersistentContext(dir, {
  executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, viewport: { width, height: 900 }, locale, serviceWorkers: 'allow' });

const onDevice = (page: Page) => page.evaluate(async () => ({
  stored: Object.keys(localStorage).filter((k) => k.startsWith('marsad.') && k !== 'marsad.lang').map((k) => k.replace(/^marsad\.[0-9a-f]+\./, '')).sort(),
  caches: (await caches.keys()).filter((k) => k.startsWith('marsad-respond')).map((k) => k.replace(/-[0-9a-f]{12}$/, '-<version>')).sort(),
  workers: (await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.scope).pathname),
  databases: (await indexedDB.databases()).map((d) => d.name ?? ''),
}));

describe('respondent page offline (browser, issue 16)', function () {
  this.timeout(90000);
  let base: string;
  let wave: PublishedWave;
  const dirs: string[] = [];
  let context: BrowserContext | undefined;
  /** this file's own listening server on a fixed port, stopped to be really offline */
  let server: http.Server;
  let port = 0;
  const serverUp = () => new Promise<void>((r) => server.listen(port, '127.0.0.1', () => { port = (server.address() as { port: number }).port; r(); }));
  const serverDown = () => { server.closeAllConnections(); return new Promise<void>((r) => server.close(() => r())); };

  before(async function () {
    if (!fs.existsSync(`${CLIENT_DIST}/respond-sw.js`)) throw new Error('client not built: run npm run build:client');
    await resetRateLimits();
    server = http.createServer(testEnv().app.app);
    await serverUp();
    base = `http://127.0.0.1:${port}`;
    wave = await publishWave(DEFINITION, base);
  });
  after(async () => {
    await context?.close();
    if (server.listening) await serverDown();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const [lang, width] of [['ar', 390], ['en', 1280]] as const) {
    it(`${lang} at ${width} px: offline reload shows the answers, the submit survives a restart, one response once online`, async () => {
      const ar = lang === 'ar';
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-offline-'));
      dirs.push(dir);
      const { link, invitationId } = await wave.invite();
      const problems: string[] = [];
      context = await launch(dir, width, ar ? 'ar' : 'en-GB');
      let page = context.pages()[0] ?? await context.newPage();
      page.on('pageerror', (e) => problems.push(String(e)));

      // first (and only) online visit: answer the first page
      await page.goto(link);
      await page.waitForSelector(q('institution'));
      await page.click(ar ? '#lang-ar' : '#lang-en');
      await page.click(`${q('institution')} .sd-dropdown`);
      await page.locator('.sv-popup .sv-list__item', { hasText: ar ? 'وزارة الداخلية' : 'Ministry of Interior' }).first().click();
      await page.locator(`${q('sex')} label:has(input[value="female"])`).click();
      await page.locator('.sd-navigation__next-btn').click();
      await page.waitForSelector(q('trained_by_year'));
      await until(() => storedResponses(invitationId), (r) => r[0]?.current_page === 1);
      // the worker took control of this first visit
      assert.equal(await page.evaluate(async () => { await navigator.serviceWorker.ready; for (let i = 0; i < 50 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100)); return !!navigator.serviceWorker.controller; }), true);
      assert.deepEqual(await onDevice(page), { stored: ['draft', 'seq'], caches: ['marsad-respond-session', 'marsad-respond-shell-<version>'], workers: ['/respond'], databases: ['marsad-respond'] });

      // offline: an answer kept on the device only, then a reload
      await context.setOffline(true);
      await page.locator(`${q('trained_by_year')} tbody tr`).first().locator('label:has(input[value="5"])').first().click();
      const reload = await page.reload();
      assert.equal(reload?.fromServiceWorker(), true);
      await page.waitForSelector(q('trained_by_year'));
      // the session came from the device's cache (the network copy has no such header)
      assert.equal(await page.evaluate(() => fetch('/api/respond/session').then((r) => r.headers.get('X-Marsad-Offline'))), '1');
      assert.equal(await page.getAttribute('html', 'dir'), ar ? 'rtl' : 'ltr');
      assert.equal(await page.locator(`${q('trained_by_year')} tbody tr`).first().locator('input[value="5"]').isChecked(), true);
      await page.screenshot({ path: artifactPath(`respondent16-offline-${lang}-${width}-reload.png`), fullPage: true });

      // complete while offline: queued on the device
      await page.locator('.sd-navigation__complete-btn').click();
      await page.waitForSelector('#notice:not([hidden])');
      assert.equal(await page.locator('#notice').innerText(), ar ? 'محفوظ على هذا الجهاز — سيُرسل عند عودة الاتصال' : 'Saved on this device — will send when you are back online');
      assert.equal((await storedResponses(invitationId))[0].status, 'draft');
      assert.ok((await onDevice(page)).stored.includes('pending'));

      // the browser is closed and started again, still offline: the page, the answers and the queued submit are there
      await serverDown();
      await context.close();
      context = await launch(dir, width, ar ? 'ar' : 'en-GB');
      await context.setOffline(true);
      page = context.pages()[0] ?? await context.newPage();
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(`${base}/respond`);
      await page.waitForSelector('#notice:not([hidden])');
      await page.screenshot({ path: artifactPath(`respondent16-offline-${lang}-${width}-restart.png`), fullPage: true });
      assert.equal((await storedResponses(invitationId))[0].status, 'draft');

      // back online: sent once, receipt shown, nothing left on the device
      await serverUp();
      await context.setOffline(false);
      const code = await page.locator('#receipt-code').innerText({ timeout: 15000 });
      const rows = await testEnv().ctx.db.query(`SELECT status, receipt_code, submitted_answers FROM responses WHERE invitation_id = $1`, [invitationId]);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].status, 'complete');
      assert.equal(rows[0].receipt_code, code);
      assert.deepEqual(rows[0].submitted_answers, { institution: 'MOI', sex: 'female', trained_by_year: { y2021: 5 } });
      await page.screenshot({ path: artifactPath(`respondent16-offline-${lang}-${width}-receipt.png`), fullPage: true });
      const left = await until(() => onDevice(page), (d) => !d.caches.length && !d.workers.length && !d.databases.length);
      assert.deepEqual(left, { stored: [], caches: [], workers: [], databases: [] });
      assert.deepEqual(problems, []);
      await context.close();
      context = undefined;
    });
  }
});
