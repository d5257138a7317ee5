// Officer app in real Chromium: an XLSForm (.xlsx) uploaded on the questionnaires page becomes a draft shown in the SurveyJS
// preview in English and Arabic; a broken form shows its errors with their cells. Screenshots in test/artifacts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { testEnv } from '../setup';
import { createProgramme, createUser, USER_PASSWORD } from '../helpers';
import { artifactPath, launchBrowser } from './browser';
import { BROKEN, HOUSEHOLD, xlsx } from '../surveys/xlsform-fixtures';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('officer app: XLSForm upload (browser)', function () {
  this.timeout(120000);
  let browser: Browser;
  let base: string;
  let pid: string;
  let officer: { email: string };

  before(async () => {
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../client/dist/app.html')), 'run npm run build:client first');
    base = await testEnv().listen();
    browser = await launchBrowser();
    pid = await createProgramme();
    officer = await createUser({ programmeId: pid, role: 'officer' });
  });
  after(async () => { await browser?.close(); });

  for (const lang of ['en', 'ar'] as const) {
    it(`imports an .xlsx as a draft and previews it (${lang})`, async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.addInitScript((l) => localStorage.setItem('marsad.lang', l), lang);
      await page.goto(`${base}/app#/login`);
      await page.fill('#login-email', officer.email);
      await page.fill('#login-password', USER_PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForSelector('main[data-page="home"][data-ready="1"] h1');
      await page.evaluate((h) => { location.hash = h; }, `#/programmes/${pid}/questionnaires`);
      await page.waitForSelector('main[data-page="questionnaires"][data-ready="1"]');
      assert.equal(await page.getAttribute('input[type=file]', 'accept'), `.json,application/json,.xlsx,${XLSX}`);

      // a broken form: nothing saved, the errors name their cells
      await page.setInputFiles('input[type=file]', { name: 'broken.xlsx', mimeType: XLSX, buffer: await xlsx(BROKEN) });
      await page.fill('input[name=code]', `broken_${lang}`);
      await page.fill('input[name=titleEn]', 'Broken');
      await page.click('form.grid-form button[type=submit]');
      const err = await page.waitForSelector('#q-msg .notice.error');
      const text = (await err.textContent())!;
      assert.match(text, /survey!A3: unknown type "textt"/);
      assert.match(text, lang === 'ar' ? /في نموذج XLSForm أخطاء/ : /The XLSForm has errors/);
      await page.screenshot({ path: artifactPath(`xlsform-upload-errors-${lang}.png`), fullPage: true });

      await page.setInputFiles('input[type=file]', { name: 'household.xlsx', mimeType: XLSX, buffer: await xlsx(HOUSEHOLD) });
      await page.fill('input[name=code]', `household_${lang}`);
      await page.click('form.grid-form button[type=submit]');
      await page.waitForSelector('#q-msg .notice:not(.error)');
      assert.match((await page.textContent('#q-msg'))!, lang === 'ar' ? /استُورد نموذج XLSForm مسودةً \(2 / : /XLSForm imported as a draft \(2 warnings/);
      await page.waitForSelector('#q-draft');
      const draft = JSON.parse(await page.inputValue('#q-draft'));
      assert.equal(draft.pages[0].elements[0].name, 'respondent');
      await page.click('#q-preview');
      await page.waitForSelector('.preview[data-lang=en] .sd-question');
      await page.waitForSelector('.preview[data-lang=ar] .sd-question');
      assert.match((await page.textContent('.preview[data-lang=ar]'))!, /اسمك/);
      assert.match((await page.textContent('.preview[data-lang=en]'))!, /Your name/);
      await page.screenshot({ path: artifactPath(`xlsform-upload-${lang}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await ctx.close();
    });
  }
});
