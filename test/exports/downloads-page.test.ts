// The Downloads page (report builder) in real Chromium, English and Arabic: a period defaults to its waves, a period
// with none says so, language/labels/indicators reach every link, and the links download real files scoped to the choice.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { testEnv } from '../setup';
import { createUser, USER_PASSWORD } from '../helpers';
import { artifactPath, launchBrowser } from '../e2e/browser';

describe('report builder page (browser)', function () {
  this.timeout(120000);
  let browser: Browser;
  let base: string;
  let email: string;
  const pid = () => testEnv().demoProgrammeId;

  before(async () => {
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../client/dist/app.html')), 'run npm run build:client first');
    base = await testEnv().listen();
    browser = await launchBrowser();
    email = (await createUser({ programmeId: pid(), role: 'viewer' })).email;
  });
  after(async () => { await browser?.close(); });

  async function open(lang: 'en' | 'ar'): Promise<{ page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript((l) => localStorage.setItem('marsad.lang', l), lang);
    await page.goto(`${base}/app#/login`);
    await page.fill('#login-email', email);
    await page.fill('#login-password', USER_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForSelector('main[data-page="home"][data-ready="1"]');
    await page.evaluate((h) => { location.hash = h; }, `#/programmes/${pid()}/downloads`);
    await page.waitForSelector('main[data-page="downloads"][data-ready="1"] #report-files');
    return { page, errors };
  }

  it('builds every export link from the chosen period, waves, language, labels and indicators', async () => {
    const [{ id: baselineId }] = await testEnv().ctx.db.query(`SELECT id FROM waves WHERE programme_id = $1 AND kind = 'baseline'`, [pid()]);
    const [{ id: q3 }] = await testEnv().ctx.db.query(`SELECT id FROM reporting_periods WHERE programme_id = $1 AND code = 'Q3'`, [pid()]);
    const [{ id: q1 }] = await testEnv().ctx.db.query(`SELECT id FROM reporting_periods WHERE programme_id = $1 AND code = 'Q1'`, [pid()]);
    const { page, errors } = await open('en');
    // a period without waves says so and offers no file
    await page.selectOption('#report-period', q1);
    assert.match(await page.textContent('#report-files') ?? '', /No wave falls in this period/);
    assert.equal(await page.$$eval('#report-files a', (as) => as.length), 0);
    // the baseline quarter: its wave is chosen by default
    await page.selectOption('#report-period', q3);
    assert.equal(await page.isChecked(`#report-waves input[data-wave="${baselineId}"]`), true);
    await page.check('input[name="report-lang"][value="ar"]');
    await page.check('input[name="report-labels"][value="codes"]');
    await page.click('#report-indicators button:nth-of-type(2)'); // none
    await page.check('#report-indicators input[data-indicator="SO1.1"]');
    const hrefs = await page.$$eval('#report-files a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    const kinds = await page.$$eval('#report-files a[data-export]', (as) => [...new Set(as.map((a) => a.getAttribute('data-export')))]);
    assert.deepEqual(kinds, ['annex', 'workbook', 'indicators-csv', 'indicators-xlsx', 'responses-csv', 'chart']);
    const annex = new URL(hrefs.find((h) => h.includes('annex.docx'))!);
    assert.equal(annex.searchParams.get('period'), q3);
    assert.equal(annex.searchParams.get('waves'), baselineId);
    assert.equal(annex.searchParams.get('lang'), 'ar');
    assert.equal(annex.searchParams.get('labels'), 'codes');
    assert.equal(annex.searchParams.get('indicators')!.split(',').length, 1);
    assert.equal(hrefs.filter((h) => h.includes('/charts/indicator/')).length, 1, 'one chart per chosen indicator');
    assert.ok(hrefs.some((h) => h.includes(`/charts/response-rates/${baselineId}.png`) && h.includes('kind=timeline')));
    await page.screenshot({ path: artifactPath('downloads-en.png'), fullPage: true });
    // the links download the files
    const download = await Promise.all([page.waitForEvent('download'), page.click('#report-files a[data-export="annex"]')]).then(([d]) => d);
    assert.equal(download.suggestedFilename(), 'annex-lmf-q3-ar.docx');
    const file = await download.path();
    assert.ok(file && fs.statSync(file).size > 20000);
    assert.deepEqual(errors, []);
  });

  it('reads right to left in Arabic', async () => {
    const { page, errors } = await open('ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.textContent('main h1'), 'منشئ التقارير');
    await page.screenshot({ path: artifactPath('downloads-ar.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });
});
