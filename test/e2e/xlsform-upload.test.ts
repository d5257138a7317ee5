// Officer app in real Chromium: an XLSForm (.xlsx) uploaded on the questionnaires page becomes a draft shown in the SurveyJS
// preview in English and Arabic; a broken form shows its errors with their cells. Screenshots in test/artifacts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, USER_PASSWORD } from '../helpers';
import { createInvitation } from '../../server/services/tokens';
import { resetRateLimits } from '../../server/http/rate-limits';
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

  it('a respondent answers the imported form in Arabic: the constraint refuses, relevance shows, the server accepts the answers', async () => {
    await resetRateLimits();
    const api = await login(officer.email);
    const imp = await api.post(`/api/programmes/${pid}/questionnaires/import-xlsform`, { file: (await xlsx(HOUSEHOLD)).toString('base64'), code: 'household_resp' });
    assert.equal(imp.status, 201, JSON.stringify(imp.body));
    const v = await api.post(`/api/programmes/${pid}/questionnaires/${imp.body.questionnaire.id}/publish`);
    assert.equal(v.status, 201, JSON.stringify(v.body));
    const w = await api.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'Households',
      nameAr: 'الأسر', opensAt: new Date(Date.now() - 86400000).toISOString(), closesAt: new Date(Date.now() + 86400000).toISOString() });
    const db = testEnv().ctx.db;
    const [st] = await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, preferred_language) VALUES ($1, 'Amal', 'MFA', 'ar') RETURNING id`, [pid]);
    const inv = await db.transaction((em) => createInvitation(em, { waveId: w.body.id, stakeholderId: st.id, baseUrl: base }));

    const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const q = (name: string) => `[data-name="${name}"]`;
    await page.goto(inv.link);
    await page.waitForSelector(q('respondent'));
    await page.click('#lang-ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.locator(q('employer')).count(), 0, 'employer hidden until employed = yes');
    await page.fill(`${q('respondent')} input`, 'أمل');
    await page.fill(`${q('age')} input`, '15');
    await page.locator(`${q('employed')} label:has(input[value="yes"])`).first().click();
    await page.waitForSelector(q('employer'));
    await page.fill(`${q('employer')} input`, 'وزارة العدل');
    await page.locator('.sd-navigation__complete-btn').click();
    await page.waitForSelector(`${q('age')} .sd-question__erbox`);
    assert.match((await page.locator(`${q('age')} .sd-question__erbox`).first().innerText()), /بين 18 و 99/);
    await page.screenshot({ path: artifactPath('xlsform-respondent-ar.png'), fullPage: true });
    await page.fill(`${q('age')} input`, '30');
    await page.locator('.sd-navigation__complete-btn').click();
    const code = await page.locator('#receipt-code').innerText({ timeout: 10000 });
    assert.match(code, /^[0-9A-Z]{8}$/);
    const [row] = await db.query(`SELECT status, submitted_answers FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    assert.equal(row.status, 'complete');
    assert.deepEqual({ respondent: row.submitted_answers.respondent, age: row.submitted_answers.age, employed: row.submitted_answers.employed,
      employer: row.submitted_answers.employer }, { respondent: 'أمل', age: 30, employed: 'yes', employer: 'وزارة العدل' });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
