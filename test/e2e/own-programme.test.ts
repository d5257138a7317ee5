// A new organisation runs its own programme from an empty install, in real Chromium and driving only the UI: a second
// Marsad on its own fresh database (SEED_DEMO=false) and a real SMTP server; the first administrator creates a programme
// with quarterly periods, three institutions, a logframe with two results and three indicators (share, mean, index) with
// targets, adds a viewer by email; the viewer sets a password from the mail, logs in and sees the overview.
// Screenshots of every new page in English and Arabic go to test/artifacts/own-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testEnv } from '../setup';
import { loadConfig } from '../../server/config';
import { startMarsad, type Marsad } from '../../server/boot';
import { startSmtp, type TestSmtp } from '../smtp';
import { artifactPath, launchBrowser } from './browser';

const ADMIN = { email: 'first-admin@own.test', password: 'first-admin-password-1' };
const VIEWER = { email: 'donor-viewer@own.test', password: 'viewer-password-123' };

async function ready(page: Page, name: string, extra = ''): Promise<void> {
  await page.waitForSelector(`main[data-page="${name}"][data-ready="1"] ${extra}`.trim(), { timeout: 20000 });
}

describe('own programme from an empty install (browser)', function () {
  this.timeout(240000);
  let marsad: Marsad;
  let smtp: TestSmtp;
  let browser: Browser;
  let base = '';
  const dbName = `marsad_own_${process.pid}_${Date.now().toString(36)}`;
  const errors: string[] = [];

  before(async () => {
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../client/dist/app.html')), 'run npm run build:client first');
    // a separate, empty database on the suite's PostgreSQL server (the suite's own database has the demo)
    const admin = new Client({ connectionString: testEnv().databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(testEnv().databaseUrl);
    url.pathname = `/${dbName}`;
    smtp = await startSmtp();
    marsad = await startMarsad({
      config: loadConfig({ ...process.env, DATABASE_URL: url.toString(), SEED_DEMO: 'false', PORT: '0', HOST: '127.0.0.1', PUBLIC_URL: undefined,
        ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent', JOBS: 'false', SMTP_URL: smtp.url }),
      log: () => undefined,
    });
    base = marsad.url;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await marsad?.stop();
    await smtp?.stop();
    const c = new Client({ connectionString: testEnv().databaseUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  });

  let current: Page | undefined;
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && current && !current.isClosed()) await current.screenshot({ path: artifactPath('own-failure.png'), fullPage: true }).catch(() => undefined);
  });

  async function newPage(lang: 'en' | 'ar'): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'ar' ? 'ar-LY' : 'en-GB' });
    const page = await ctx.newPage();
    current = page;
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => void d.accept()); // confirmations (archive, delete) are accepted
    await page.addInitScript((l) => { if (!localStorage.getItem('marsad.lang')) localStorage.setItem('marsad.lang', l); }, lang);
    return { ctx, page };
  }

  async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
    await page.goto(`${base}/app#/login`);
    await ready(page, 'login', '#login-email');
    await page.fill('#login-email', who.email);
    await page.fill('#login-password', who.password);
    await page.click('main button[type=submit]');
    await ready(page, 'home', 'h1');
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: artifactPath(`own-${name}.png`), fullPage: true });
  }

  /** Switch the language with the user menu and wait for the page to render again. */
  async function setLang(page: Page, lang: 'en' | 'ar', pageName: string): Promise<void> {
    await page.evaluate(() => { const m = document.querySelector('main'); if (m) delete m.dataset.ready; });
    await page.selectOption('#lang-select', lang);
    await ready(page, pageName);
    assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
  }

  it('from the empty install to a first indicator on the viewer\'s overview, only through the UI', async () => {
    const { ctx, page } = await newPage('en');
    await logIn(page, ADMIN);
    // 1. first run: the empty install leads to "Create your first programme"
    assert.match(await page.textContent('#first-run') ?? '', /Create your first programme/);
    await shot(page, 'first-run-en');
    await setLang(page, 'ar', 'home');
    assert.match(await page.textContent('#first-run') ?? '', /أنشئ برنامجك الأول/);
    await shot(page, 'first-run-ar');
    await setLang(page, 'en', 'home');
    await page.click('#create-first');
    await ready(page, 'new-programme', '#new-programme-form');

    // 2. the programme: a date in the wrong order is refused next to the field, then created with quarterly periods
    await page.fill('[name=code]', 'OWN-1');
    await page.fill('[name=nameEn]', 'Border cooperation programme');
    await page.fill('[name=nameAr]', 'برنامج التعاون الحدودي');
    await page.fill('[name=donorEn]', 'European Union');
    await page.fill('[name=donorAr]', 'الاتحاد الأوروبي');
    await page.fill('[name=startsOn]', '2025-01-01');
    await page.fill('[name=endsOn]', '2024-12-31');
    await page.click('#create-programme');
    await page.waitForSelector('.field-error[data-for="endsOn"]');
    await shot(page, 'new-programme-error-en');
    await page.fill('[name=endsOn]', '2026-12-31');
    await page.click('#create-programme');
    await ready(page, 'settings', '#created-note');
    assert.equal(await page.locator('#periods tbody tr').count(), 8, 'eight quarters');

    // 3. three institutions (a duplicate code is refused next to the code field)
    const institutions: Array<[string, string, string, string]> = [['MFA', 'Ministry of Foreign Affairs', 'وزارة الخارجية', 'ministry'],
      ['MOJ', 'Ministry of Justice', 'وزارة العدل', 'ministry'], ['WF', 'Women Forum', 'منتدى النساء', 'cso']];
    for (const [code, en, ar, type] of institutions) {
      await page.fill('#inst-code', code);
      await page.fill('#inst-name-en', en);
      await page.fill('#inst-name-ar', ar);
      await page.selectOption('#inst-type', type);
      await page.click('#inst-save');
      await page.waitForSelector(`#institutions td code:text-is("${code}")`);
    }
    await page.fill('#inst-code', 'mfa');
    await page.fill('#inst-name-en', 'Again');
    await page.click('#inst-save');
    await page.waitForSelector('.field-error[data-for="code"]');
    await shot(page, 'settings-en');

    // 4. the logframe: two results
    await page.click('#next-logframe');
    await ready(page, 'logframe', '#lf-empty');
    await page.click('#add-top-result');
    await page.fill('#res-code', 'SO');
    await page.fill('#res-en', 'Migration is governed in cooperation with neighbours');
    await page.fill('#res-ar', 'تُدار الهجرة بالتعاون مع دول الجوار');
    await page.click('#res-save');
    await page.waitForSelector('li.result[data-code="SO"]');
    await page.click('li.result[data-code="SO"] [data-action="add-child"]');
    await page.fill('#res-code', 'SO1');
    await page.fill('#res-en', 'Officials apply the agreed procedures');
    await page.fill('#res-ar', 'يطبّق المسؤولون الإجراءات المتفق عليها');
    await page.click('#res-save');
    await page.waitForSelector('li.result[data-code="SO1"]');
    // deleting a result with a result below it is refused with the server's message
    await page.click('li.result[data-code="SO"] > .row [data-action="delete"]');
    await page.waitForSelector('#lf-msg .notice.error');

    // 5. three indicators: share, mean, index, with targets
    const addIndicator = async (result: string, code: string, nameEn: string, fill: () => Promise<void>) => {
      await page.click(`li.result[data-code="${result}"] > .row [data-action="add-indicator"]`);
      await ready(page, 'indicator-edit', '#indicator-form');
      await page.fill('#ind-code', code);
      await page.fill('#ind-name-en', nameEn);
      await fill();
      await page.click('#ind-save');
      await ready(page, 'logframe', `li[data-indicator="${code}"]`);
    };
    await addIndicator('SO1', 'SO1.1', 'Share of officials who know the dialogues', async () => {
      await page.fill('#ind-name-ar', 'نسبة المسؤولين الذين يعرفون الحوارات');
      await page.fill('[data-role=question]', 'know_dialogues');
      await page.selectOption('[data-role=op]', '>=');
      await page.fill('[data-role=value]', '4');
      await page.fill('#ind-target-final', '70');
      await page.fill('input[data-period="Q4"]', '40');
      // a target for a period the programme does not have cannot be typed: only its periods are listed
      assert.equal(await page.locator('input[data-period]').count(), 8);
    });
    await addIndicator('SO', 'SO.1', 'Mean number of dialogues attended', async () => {
      await page.selectOption('#formula-kind', 'mean');
      await page.fill('[data-role=question]', 'dialogues_attended');
      assert.equal(await page.inputValue('#ind-unit'), 'mean', 'the unit follows the formula kind');
      await page.fill('#ind-target-final', '3');
    });
    await addIndicator('SO1', 'SO1.2', 'Knowledge index', async () => {
      await page.selectOption('#formula-kind', 'index');
      await page.fill('[data-index-item="0"] [data-role=question]', 'know_dialogues');
      await page.click('#index-add-item');
      await page.fill('[data-index-item="1"] [data-role=question]', 'know_terminology');
      await page.check('[data-index-item="1"] [data-role=reverse]');
      await page.fill('[data-role=min-answered]', '2');
      await page.fill('#ind-target-final', '4');
    });
    await shot(page, 'logframe-en');

    // the index opens again in the form with its reverse-coded item
    await page.click('li[data-indicator="SO1.2"] a');
    await ready(page, 'indicator-edit', '#formula-editor');
    assert.equal(await page.isChecked('[data-index-item="1"] [data-role=reverse]'), true);
    assert.equal(await page.inputValue('[data-role=min-answered]'), '2');
    await shot(page, 'indicator-editor-en');
    await setLang(page, 'ar', 'indicator-edit');
    await shot(page, 'indicator-editor-ar');
    await setLang(page, 'en', 'indicator-edit');

    // 6. a viewer, added by email: the address is unknown, so an account is made and the set-password mail sent
    await page.click('a[data-page="members"]');
    await ready(page, 'members', '#member-add');
    await page.fill('#member-email', VIEWER.email);
    await page.fill('#member-name', 'Donor Viewer');
    await page.selectOption('#member-role', 'viewer');
    await page.click('#member-submit');
    await page.waitForSelector('#members-msg .notice.ok');
    assert.match(await page.textContent('#members-msg') ?? '', /account was created/);
    await shot(page, 'members-en');

    // screenshots of the other new pages in both languages
    for (const [hash, name, sel] of [[null, 'settings', '#institutions'], [null, 'logframe', 'li.result'], [null, 'members', '#member-add'],
      ['#/users', 'users', '#user-add'], ['#/new-programme', 'new-programme', '#new-programme-form']] as const) {
      const target = hash ?? (await page.getAttribute(`a[data-page="${name}"]`, 'href'))!;
      await page.evaluate(() => { const m = document.querySelector('main'); if (m) delete m.dataset.ready; });
      await page.evaluate((hh) => { if (location.hash === hh) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = hh; }, target);
      await ready(page, name, sel);
      await shot(page, `${name}-en`);
      await setLang(page, 'ar', name);
      await page.waitForSelector(sel);
      await shot(page, `${name}-ar`);
      await setLang(page, 'en', name);
    }
    await ctx.close();

    // 7. the viewer chooses a password from the mail, logs in and sees the overview with the indicators
    const mail = (await smtp.waitFor(1, 10000)).find((m) => m.to.includes(VIEWER.email));
    assert.ok(mail, 'set-password mail to the viewer');
    const link = /(http:\/\/\S+\/app#\/set-password\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    assert.ok(link, mail.text);
    const v = await newPage('ar');
    await v.page.goto(link);
    await ready(v.page, 'set-password', '#pw-new');
    await v.page.fill('#pw-new', VIEWER.password);
    await v.page.fill('#pw-confirm', VIEWER.password);
    await v.page.click('main button[type=submit]');
    await v.page.waitForSelector('main .notice');
    await logIn(v.page, VIEWER);
    await v.page.click('ul.cards a');
    await ready(v.page, 'overview', 'article.indicator');
    const codes = await v.page.$$eval('article.indicator .ind-code', (as) => as.map((a) => a.textContent));
    assert.deepEqual(codes.sort(), ['SO.1', 'SO1.1', 'SO1.2']);
    assert.equal(await v.page.locator('a[data-page="logframe"]').count(), 0, 'a viewer gets no editor');
    await shot(v.page, 'overview-viewer-ar');
    await v.ctx.close();
    assert.deepEqual(errors, []);
  });

  it('shows a stored formula the form cannot hold read-only, and saving other fields leaves it byte-identical', async () => {
    // set-up outside the UI on purpose: only older data or another tool can store such a formula (the API normalises it)
    const db = marsad.ctx.db;
    const [ind] = await db.query(`SELECT id, programme_id FROM indicators WHERE code = 'SO.1'`);
    await db.query(`UPDATE indicators SET formula = $2 WHERE id = $1`,
      [ind.id, JSON.stringify({ kind: 'mean', item: { kind: 'question', name: 'dialogues_attended' }, weight: 'by-institution' })]);
    const stored = async () => (await db.query(`SELECT formula::text AS f, name_en FROM indicators WHERE id = $1`, [ind.id]))[0];
    const before = (await stored()).f;
    const { ctx, page } = await newPage('en');
    await logIn(page, ADMIN);
    await page.goto(`${base}/app#/programmes/${ind.programme_id}/indicator-edit/${ind.id}`);
    await ready(page, 'indicator-edit', '#formula-readonly');
    assert.match(await page.textContent('#formula-json-view') ?? '', /by-institution/);
    await shot(page, 'formula-readonly-en');
    await page.fill('#ind-name-en', 'Mean number of dialogues attended (renamed)');
    await page.click('#ind-save');
    await ready(page, 'logframe', 'li[data-indicator="SO.1"]');
    const after = await stored();
    assert.equal(after.name_en, 'Mean number of dialogues attended (renamed)');
    assert.equal(after.f, before);
    await ctx.close();
    assert.deepEqual(errors, []);
  });
});
