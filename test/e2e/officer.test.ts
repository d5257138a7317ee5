// Officer app in real Chromium against the real server and PostgreSQL: every page in English and Arabic for officer and
// viewer, charts drawn (canvas pixels), wave → invite → copy link → answer → rate changes, viewer without management
// controls (and the API refuses them), screenshots, time to first meaningful paint and bundle sizes.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, USER_PASSWORD } from '../helpers';
import { artifactPath, launchBrowser } from './browser';
import baseline from '../../surveys/demo/baseline.json';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';

const VIEW_PAGES = ['overview', 'rates', 'explorer', 'downloads'];
const MANAGE_PAGES = ['stakeholders', 'waves', 'questionnaires', 'indicators'];

async function appLogin(browser: Browser, base: string, email: string, lang: 'en' | 'ar'): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'ar' ? 'ar-LY' : 'en-GB' });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`); });
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); }); // an XSS alert() would land here
  await page.addInitScript((l) => { if (!localStorage.getItem('marsad.lang')) localStorage.setItem('marsad.lang', l); }, lang);
  await page.goto(`${base}/app#/login`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', USER_PASSWORD);
  await page.click('main button[type=submit]');
  await page.waitForSelector('main[data-page="home"][data-ready="1"] h1');
  return { ctx, page, errors };
}

async function visit(page: Page, hash: string): Promise<void> {
  const name = /^#\/programmes\/[^/]+\/([a-z]+)/.exec(hash)?.[1] ?? (hash === '#/users' ? 'users' : 'home');
  await page.evaluate(() => { const m = document.querySelector('main'); if (m) delete m.dataset.ready; });
  await page.evaluate((h) => { if (location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = h; }, hash);
  try {
    await page.waitForSelector(`main[data-page="${name}"][data-ready="1"]`, { timeout: 15000 });
  } catch (e) {
    await page.screenshot({ path: artifactPath('officer-failure.png'), fullPage: true });
    throw e;
  }
}

/** Share of painted pixels of each canvas matching the selector (0 = blank). */
async function ink(page: Page, selector: string): Promise<number[]> {
  return page.$$eval(selector, (cs) => cs.map((c) => {
    const cv = c as HTMLCanvasElement;
    if (!cv.width || !cv.height) return 0;
    const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n / (cv.width * cv.height);
  }));
}

async function noErrorNotice(page: Page, what: string): Promise<void> {
  const err = await page.$('main .notice.error');
  assert.equal(err ? await err.textContent() : null, null, `${what} shows an error`);
}

describe('officer app (browser)', function () {
  this.timeout(120000);
  let browser: Browser;
  let base: string;
  let officer: { email: string }, viewer: { email: string };
  const demo = () => testEnv().demoProgrammeId;

  before(async () => {
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../client/dist/app.html')), 'run npm run build:client first');
    base = await testEnv().listen();
    browser = await launchBrowser();
    officer = await createUser({ programmeId: demo(), role: 'officer' });
    viewer = await createUser({ programmeId: demo(), role: 'viewer' });
  });
  after(async () => { await browser?.close(); });

  for (const lang of ['en', 'ar'] as const) {
    it(`officer: every page in ${lang}, charts drawn, screenshots`, async () => {
      const { ctx, page, errors } = await appLogin(browser, base, officer.email, lang);
      assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      for (const p of [...VIEW_PAGES, ...MANAGE_PAGES]) { await visit(page, `#/programmes/${demo()}/${p}`); await noErrorNotice(page, p); }
      await visit(page, `#/programmes/${demo()}/explorer`);
      assert.ok((await page.$$('section.question')).length >= 5, 'answer distributions');
      await page.screenshot({ path: artifactPath(`officer-explorer-${lang}.png`) });

      await visit(page, `#/programmes/${demo()}/overview`);
      assert.ok((await page.$$('article.indicator')).length >= 10, 'indicators in the tree');
      await page.waitForFunction(() => document.querySelectorAll('.spark canvas').length > 0);
      const sparks = await ink(page, '.spark canvas');
      assert.ok(sparks.some((x) => x > 0.005), `sparklines drawn: ${sparks}`);
      await page.screenshot({ path: artifactPath(`officer-overview-${lang}.png`), fullPage: true });

      const href = await page.getAttribute('article.indicator[data-code="SO1.1"] a.ind-code', 'href');
      await visit(page, href!);
      await noErrorNotice(page, 'indicator');
      const charts = await ink(page, '.chart canvas');
      assert.ok(charts.length >= 2 && charts.every((x) => x > 0.005), `indicator charts drawn: ${charts}`);
      await page.screenshot({ path: artifactPath(`officer-indicator-${lang}.png`), fullPage: true });

      await visit(page, `#/programmes/${demo()}/rates`);
      assert.match((await page.textContent('#rate-line'))!, /14/);
      const rateCharts = await ink(page, '.chart canvas');
      assert.ok(rateCharts.length >= 4 && rateCharts.every((x) => x > 0.005), `rate charts drawn: ${rateCharts}`);
      await page.screenshot({ path: artifactPath(`officer-rates-${lang}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await ctx.close();
    });
  }

  it('viewer: dashboards and downloads only, no management controls; the API refuses them', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const { ctx, page, errors } = await appLogin(browser, base, viewer.email, lang);
      for (const p of VIEW_PAGES) {
        await visit(page, `#/programmes/${demo()}/${p}`);
        await noErrorNotice(page, p);
        assert.equal(await page.$$eval('nav li.manage', (x) => x.length), 0, 'no management navigation');
        assert.equal(await page.$$eval('main [data-action], #wave-create, #import-csv', (x) => x.length), 0, `no management controls on ${p}`);
      }
      await visit(page, `#/programmes/${demo()}/waves`);
      assert.ok(await page.$('main .notice.error'), 'waves page refused');
      // keyboard: the first Tab reaches the skip link (shown when focused); the language switch in the user menu flips the direction
      await visit(page, `#/programmes/${demo()}/overview`);
      await page.reload();
      await page.waitForSelector('main[data-page="overview"][data-ready="1"]');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
      assert.ok(await page.$eval('a.skip', (a) => a.getBoundingClientRect().top >= 0), 'skip link visible when focused');
      const other = lang === 'en' ? 'ar' : 'en';
      await page.evaluate(() => { const m = document.querySelector('main'); if (m) delete m.dataset.ready; });
      await page.selectOption('#lang-select', other);
      await page.waitForSelector('main[data-page="overview"][data-ready="1"]');
      assert.equal(await page.getAttribute('html', 'dir'), other === 'ar' ? 'rtl' : 'ltr');
      await page.selectOption('#lang-select', lang);
      assert.deepEqual(errors, []);
      await ctx.close();
    }
    const s = await login(viewer.email);
    const waves = await s.get(`/api/programmes/${demo()}/waves`).expect(200);
    const st = await s.get(`/api/programmes/${demo()}/stakeholders`).expect(200);
    await s.post(`/api/programmes/${demo()}/waves`, { questionnaireVersionId: waves.body[0].questionnaireVersionId, kind: 'midline', nameEn: 'x',
      opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 86400000).toISOString() }).expect(403);
    await s.post(`/api/programmes/${demo()}/waves/${waves.body[0].id}/invitations`, { stakeholderIds: [st.body.items[0].id] }).expect(403);
    await s.post(`/api/programmes/${demo()}/stakeholders/import?dryRun=true`, { csv: 'name_en,institution\nA,MFA' }).expect(403);
  });

  it('officer: import stakeholders, create a wave, invite two, copy a link, answer through it, the rate changes', async () => {
    const pid = await createProgramme();
    const off = await createUser({ programmeId: pid, role: 'officer' });
    const api = await login(off.email);
    const q = await api.post(`/api/programmes/${pid}/questionnaires`, { code: 'base', titleEn: 'Baseline <img src=x onerror=alert(1)>', titleAr: 'خط الأساس', definition: baseline }).expect(201);
    await api.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`, {}).expect(201);

    const { ctx, page, errors } = await appLogin(browser, base, off.email, 'en');
    await visit(page, `#/programmes/${pid}/stakeholders`);
    await page.fill('#import-csv', 'name_en,name_ar,institution,sex,preferred_language\n"<script>alert(1)</script>",أمل,MFA,female,ar\nOmar Test,عمر,MoJ,male,en\n');
    await page.click('#import-dry');
    await page.waitForSelector('#import-report .notice');
    assert.match((await page.textContent('#import-report'))!, /2 rows can be imported; no rows have problems/);
    await page.click('#import-do');
    await page.waitForSelector('main[data-page="stakeholders"][data-ready="1"] .notice.ok');

    await visit(page, `#/programmes/${pid}/waves`);
    await page.selectOption('#wave-create select[name=kind]', 'midline');
    await page.fill('#wave-create input[name=nameEn]', 'Midline test');
    await page.click('#wave-create button[type=submit]');
    await page.waitForSelector('#waves-msg .notice.ok');
    await page.click('button[data-action=invite]');
    await page.waitForSelector('#wave-detail fieldset input[type=checkbox]');
    for (const cb of await page.$$('#wave-detail fieldset input[type=checkbox]')) await cb.check();
    await page.check('input[name=invite-mode][value=links_only]'); // h14: the choice is explicit
    await page.click('#invite-submit');
    await page.waitForSelector('#invite-links code.link');
    assert.equal((await page.$$('#invite-links code.link')).length, 2);
    await page.screenshot({ path: artifactPath('officer-waves-en.png'), fullPage: true });

    await visit(page, `#/programmes/${pid}/rates`);
    assert.match((await page.textContent('#rate-line'))!, /0%.*0 of 2/);
    await page.click('button[data-action=copy-link] >> nth=0');
    await page.waitForSelector('main code.link');
    const link = (await page.textContent('main code.link'))!.trim();
    assert.match(link, /\/r\/[A-Za-z0-9_-]{20,}$/);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await page.click('button[data-action=follow-up] >> nth=1');
    await page.selectOption('#fu-channel', 'call');
    await page.fill('#fu-note', 'Called, promised to answer this week');
    await page.click('#follow-up-form button[type=submit]');
    await page.waitForSelector('#timeline-msg .notice.ok');
    await page.click('[data-action=close-timeline]');

    // the respondent: another browser (no officer session), the link sets the cookie, then the respondent API
    const rctx = await browser.newContext();
    const rpage = await rctx.newPage();
    await rpage.goto(link);
    const answers = demoAnswers(DEMO_STAKEHOLDERS[0], prng(99), true);
    const status = await rpage.evaluate(async (a) => {
      const r = await fetch('/api/respond/submit', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ submissionId: a.id, answers: a.answers, language: 'ar' }) });
      return r.status;
    }, { id: crypto.randomUUID(), answers });
    assert.ok(status === 200 || status === 201, `submit status ${status}`);
    await rctx.close();

    await visit(page, `#/programmes/${pid}/rates`);
    assert.match((await page.textContent('#rate-line'))!, /50%.*1 of 2/);
    assert.equal((await page.$$('main table.data tbody tr')).length, 1, 'one non-respondent left');

    // questionnaire: preview with the real SurveyJS renderer in both languages, lint findings
    await visit(page, `#/programmes/${pid}/questionnaires`);
    await page.click(`button[data-q="${q.body.id}"]`);
    await page.click('#q-preview');
    await page.waitForSelector('.preview[data-lang=en] .sd-question');
    await page.waitForSelector('.preview[data-lang=ar] .sd-question');
    assert.match((await page.textContent('.preview[data-lang=ar]'))!, /[\u0600-\u06FF]{3}/, 'Arabic preview in Arabic');
    await page.click('#q-lint');
    await page.waitForSelector('#q-findings h3, #q-findings .notice');
    await page.screenshot({ path: artifactPath('officer-questionnaire-en.png'), fullPage: true });
    assert.deepEqual(errors, [], 'no script errors, no alert() from XSS strings');
    await ctx.close();
  });

  it('administrator: users and audit trail in both languages', async () => {
    const admin = await createUser({ isAdmin: true, programmeId: demo(), role: 'administrator' });
    for (const lang of ['en', 'ar'] as const) {
      const { ctx, page, errors } = await appLogin(browser, base, admin.email, lang);
      await visit(page, '#/users');
      await noErrorNotice(page, 'users');
      assert.ok((await page.$$('main table.data tbody tr')).length >= 2);
      await visit(page, `#/programmes/${demo()}/audit`);
      await noErrorNotice(page, 'audit');
      assert.ok((await page.$$('main table.data tbody tr')).length >= 1);
      assert.deepEqual(errors, []);
      await ctx.close();
    }
  });

  it('serves the app page under /app and /app/*, redirects / to /app, with a CSP that forbids inline script', async () => {
    const agent = request(testEnv().app.app);
    await agent.get('/').expect(302).expect('Location', '/app');
    for (const url of ['/app', '/app/programmes/x']) {
      const res = await agent.get(url).expect(200).expect('Content-Type', /html/);
      assert.match(res.headers['content-security-policy'], /script-src 'self'(;|$)/);
      assert.doesNotMatch(res.text, /<script>(?!<\/)/, 'no inline script');
    }
  });

  it('first meaningful paint of the overview and bundle sizes', async () => {
    const { ctx, page } = await appLogin(browser, base, officer.email, 'en');
    const timings: number[] = [], fcp: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto('about:blank');
      await page.goto(`${base}/app#/programmes/${demo()}/overview`);
      await page.waitForSelector('main[data-ready="1"] article.indicator');
      timings.push(await page.evaluate(() => performance.getEntriesByName('marsad:overview-painted')[0]?.startTime ?? -1));
      fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1));
    }
    const dist = path.resolve(__dirname, '../../client/dist');
    const html = fs.readFileSync(path.join(dist, 'app.html'), 'utf8');
    // what the first load fetches: the page's script and stylesheet and the chunks they import statically
    const initial = [...html.matchAll(/\/assets\/([^"]+)/g)].map((m) => m[1]);
    for (let i = 0; i < initial.length; i++) {
      if (!initial[i].endsWith('.js')) continue;
      const code = fs.readFileSync(path.join(dist, 'assets', initial[i]), 'utf8');
      for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) if (!initial.includes(m[1])) initial.push(m[1]);
    }
    const size = (f: string, ext: string) => fs.statSync(path.join(dist, 'assets', f + ext)).size;
    const all = fs.readdirSync(path.join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f) && !f.startsWith('respond'));
    const fmt = (fs_: string[]) => fs_.map((f) => `${f}: ${size(f, '')} B, gz ${size(f, '.gz')} B, br ${size(f, '.br')} B`).join('\n    ');
    console.log(`    overview first meaningful paint (ms, 3 loads): ${timings.map((x) => x.toFixed(0)).join(', ')}; first contentful paint: ${fcp.map((x) => x.toFixed(0)).join(', ')}`);
    const total = (ext: string) => initial.reduce((a, f) => a + size(f, ext), 0);
    console.log(`    initial load: ${total('.br')} B brotli, ${total('.gz')} B gzip\n    ${fmt(initial)}\n    all app assets: \n    ${fmt(all)}`);
    assert.ok(Math.min(...timings) > 0);
    await ctx.close();
  });
});
