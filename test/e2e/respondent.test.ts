// Respondent page in real Chromium: invitation link → cookie, Arabic RTL, autosave + resume (reload, second device),
// offline submit queued on the device and sent when back online → exactly one complete response.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { loginAs, uniq } from '../helpers';
import { CLIENT_DIST } from '../../server/http/static';
import { resetRateLimits } from '../../server/http/rate-limits';
import { createInvitation } from '../../server/services/tokens';
import { artifactPath, launchBrowser } from './browser';

const DAY = 86400000;
const q = (name: string) => `[data-name="${name}"]`;
const choose = (page: Page, name: string, value: string | number) => page.locator(`${q(name)} label:has(input[value="${value}"])`).first().click();
const next = (page: Page) => page.locator('.sd-navigation__next-btn').click();
const pageTitle = (page: Page) => page.locator('.sd-page__title').first().innerText();

describe('respondent page (browser)', function () {
  this.timeout(30000);
  let browser: Browser;
  let link: string;
  let invitationId: string;
  let base: string;
  const db = () => testEnv().ctx.db;

  before(async function () {
    this.timeout(60000);
    if (!fs.existsSync(`${CLIENT_DIST}/respond.html`)) throw new Error('client not built: run npm run build:client');
    await resetRateLimits();
    base = await testEnv().listen();
    const officer = await loginAs('officer');
    const pid = officer.programmeId;
    const qn = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Baseline', titleAr: 'خط الأساس', definition: baseline });
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${qn.body.id}/publish`);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline',
      nameEn: 'Baseline 2026', nameAr: 'مسح خط الأساس 2026', opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, preferred_language)
      VALUES ($1, 'Amal', 'أمل', 'MFA', 'en') RETURNING id`, [pid]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId: w.body.id, stakeholderId: s.id, baseUrl: base }));
    link = inv.link;
    invitationId = inv.invitationId;
    browser = await launchBrowser();
  });
  after(async () => { await browser?.close(); });

  const serverDraft = async () => (await db().query(`SELECT status, answers, current_page, autosave_seq FROM responses WHERE invitation_id = $1`, [invitationId]))[0];
  async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await what();
      if (ok(v) || Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('answers in Arabic, resumes after a reload and on a second device, and submits once after being offline', async () => {
    const a = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await a.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) problems.push(m.text()); });
    await page.goto(link);
    assert.equal(page.url(), `${base}/respond`); // the token left the URL
    await page.waitForSelector(q('institution'));

    await page.click('#lang-ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await pageTitle(page), 'معلومات عنك');
    await page.screenshot({ path: artifactPath('respondent-ar.png'), fullPage: true });

    // answer half of the questionnaire (three of six pages, and one question on the fourth)
    await page.click(`${q('institution')} .sd-dropdown`);
    await page.locator('.sv-popup .sv-list__item', { hasText: 'وزارة الخارجية' }).first().click();
    await choose(page, 'sex', 'female');
    await page.fill(`${q('years_migration')} input`, '7');
    await next(page);
    await choose(page, 'know_terminology', 4);
    await choose(page, 'know_dialogues', 3);
    await choose(page, 'dialogues_attended', 'rabat');
    await choose(page, 'dialogue_active', 'yes');
    await next(page);
    await choose(page, 'consular_preparedness', 2);
    await choose(page, 'consular_plan', 'no');
    await page.locator(`${q('consular_trained')} .sd-boolean__thumb-ghost`, { hasText: 'نعم' }).click();
    await next(page);
    await choose(page, 'legis_standards', 5);
    const fourth = await pageTitle(page);

    await page.reload();
    await page.waitForSelector(q('legis_standards'));
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await pageTitle(page), fourth);
    assert.equal(await page.locator(`${q('legis_standards')} input[value="5"]`).isChecked(), true);

    // the server copy catches up (page change saves at once, answers ~3 s after a change)
    const saved = await until(serverDraft, (r) => r?.answers?.legis_standards === 5);
    assert.deepEqual({ ...saved.answers, consular_trained: undefined }, { institution: 'MFA', sex: 'female', years_migration: 7,
      know_terminology: 4, know_dialogues: 3, dialogues_attended: ['rabat'], dialogue_active: 'yes', consular_preparedness: 2,
      consular_plan: 'no', legis_standards: 5, consular_trained: undefined });
    assert.equal(saved.current_page, 3);

    // a second device with the same link resumes from the server
    const b = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page2 = await b.newPage();
    page2.on('pageerror', (e) => problems.push(String(e)));
    await page2.goto(link);
    await page2.waitForSelector(q('legis_standards'));
    assert.equal(await page2.getAttribute('html', 'dir'), 'rtl'); // the language last used
    assert.equal(await page2.locator(`${q('legis_standards')} input[value="5"]`).isChecked(), true);
    await choose(page2, 'legis_drafting', 3);
    const rows = page2.locator(`${q('capacity')} tbody tr`);
    for (let i = 0; i < await rows.count(); i++) await rows.nth(i).locator('label:has(input[value="4"])').first().click();
    await next(page2);
    await choose(page2, 'cso_cooperation', 4);
    await page2.fill(`${q('cso_meetings')} input`, '3');
    await choose(page2, 'strategy_aware', 'yes');
    await choose(page2, 'expatriate_engagement', 2);
    await next(page2);
    await page2.locator(`${q('support_usefulness')} .sd-rating__item`, { hasText: '4' }).first().click();
    await page2.locator(`${q('contact_consent')} .sd-boolean__thumb-ghost`, { hasText: 'نعم' }).click();
    await page2.screenshot({ path: artifactPath('respondent-ar-rating.png'), fullPage: true });

    // offline: the submit waits on the device
    await b.setOffline(true);
    await page2.locator('.sd-navigation__complete-btn').click();
    await page2.waitForSelector('#notice:not([hidden])');
    assert.equal(await page2.locator('#notice').innerText(), 'محفوظ على هذا الجهاز — سيُرسل عند عودة الاتصال');
    assert.equal((await serverDraft()).status, 'draft');
    await b.setOffline(false);
    const code = await page2.locator('#receipt-code').innerText({ timeout: 10000 });
    assert.match(code, /^[0-9A-Z]{8}$/);

    const rowsDb = await db().query(`SELECT status, receipt_code, submitted_answers->>'contact_consent' AS consent FROM responses WHERE invitation_id = $1`, [invitationId]);
    assert.deepEqual(rowsDb, [{ status: 'complete', receipt_code: code, consent: 'true' }]);
    // the first device now shows the receipt, not the form
    await page.reload();
    assert.equal(await page.locator('#receipt-code').innerText(), code);
    assert.deepEqual(problems, []);
    await a.close();
    await b.close();
  });

  it('shows a refusal (4xx) instead of retrying it: a wave closed before the submit', async () => {
    const officer = await loginAs('officer');
    const pid = officer.programmeId;
    const definition = { pages: [{ name: 'p1', elements: [{ type: 'text', name: 'note', isRequired: true, title: { default: 'Note', ar: 'ملاحظة' } }] }] };
    const qn = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Short', definition });
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${qn.body.id}/publish`);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'monitoring', nameEn: 'Short wave',
      opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + DAY).toISOString() });
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, 'Sam', 'MoJ') RETURNING id`, [pid]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId: w.body.id, stakeholderId: s.id, baseUrl: base }));
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const submits: number[] = [];
    page.on('response', (r) => { if (r.url().endsWith('/api/respond/submit?lang=en')) submits.push(r.status()); });
    await page.goto(inv.link);
    await page.fill(`${q('note')} input`, 'hello');
    await officer.post(`/api/programmes/${pid}/waves/${w.body.id}/close`).expect(200);
    await page.locator('.sd-navigation__complete-btn').click();
    await page.waitForSelector('#notice.error');
    assert.equal(await page.locator('#notice').innerText(), 'This questionnaire is not open for answers at this time.');
    await page.waitForTimeout(1500); // longer than the first retry delay: a refusal is not retried
    assert.deepEqual(submits, [403]);
    assert.equal(await page.locator(`${q('note')} input`).inputValue(), 'hello'); // the answers stay on the form
    const rows = await db().query(`SELECT 1 FROM responses WHERE invitation_id = $1 AND status = 'complete'`, [inv.invitationId]);
    assert.deepEqual(rows, []);
    await ctx.close();
  });
});
