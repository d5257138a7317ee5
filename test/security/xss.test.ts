// XSS in real Chromium: script-bearing strings in question titles, choices, descriptions, html blocks (English and
// Arabic), in stakeholder names and in answers never run — no dialog, no injected element, no CSP violation — on the
// respondent page and on the officer app pages that show them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { testEnv } from '../setup';
import { createUser, loginAs, uniq, USER_PASSWORD } from '../helpers';
import { CLIENT_DIST } from '../../server/http/static';
import { resetRateLimits } from '../../server/http/rate-limits';
import { createInvitation } from '../../server/services/tokens';
import { launchBrowser } from '../e2e/browser';

const DAY = 86400000;
export const XSS = [`"><img src=x onerror=alert(1)>`, `<svg/onload=alert(1)>`, `javascript:alert(1)`];
/** The officer pages that show the payloads (as text) in this test's programme. */
const SHOWN = ['stakeholders', 'questionnaires', 'waves'];
const AR = (x: string) => `سؤال ${x} عربي`;
const loc = (x: string) => ({ default: `Question ${x}`, ar: AR(x) });

const definition = {
  title: loc(XSS[0]),
  description: { default: `<a href="javascript:alert(1)">about</a>`, ar: `<a href="javascript:alert(1)">حول</a>` },
  pages: [{
    name: 'p1', title: loc(XSS[1]),
    elements: [
      { type: 'text', name: 't1', title: loc(XSS[0]), description: loc(XSS[2]), isRequired: true },
      { type: 'radiogroup', name: 'r1', title: loc(XSS[1]), isRequired: true, choices: [
        { value: 'a', text: loc(XSS[0]) }, { value: 'b', text: loc(XSS[1]) }, { value: 'c', text: loc(XSS[2]) }] },
      { type: 'comment', name: 'c1', title: loc(XSS[2]) },
      { type: 'html', name: 'h1', html: {
        default: `<p>Info <a id="jslink" href="javascript:alert(1)">click</a> <img src=x onerror=alert(1)> <svg/onload=alert(1)></svg></p>`,
        ar: `<p>معلومات <a id="jslink" href="javascript:alert(1)">انقر</a> <img src=x onerror=alert(1)></p>` } },
    ],
  }],
};

interface Watch { dialogs: string[]; violations: string[] }
function watch(page: Page): Watch {
  const w: Watch = { dialogs: [], violations: [] };
  page.on('dialog', (d) => { w.dialogs.push(d.message()); void d.dismiss(); });
  page.on('console', (m) => { if (/Content Security Policy|Refused to (execute|run)/i.test(m.text())) w.violations.push(m.text()); });
  return w;
}

/** No element that could run script was created from the payloads. */
async function assertInert(page: Page, where: string): Promise<void> {
  // a string, so the test runner's transpiler adds no helpers to the page
  const found = await page.evaluate(`(() => {
    const where = (e) => e.outerHTML.slice(0, 120) + ' in ' + (e.closest('[data-name]')?.dataset.name ?? e.parentElement?.className ?? '?');
    return [
      ...Array.from(document.querySelectorAll('[onerror], [onload], [onclick], [onmouseover], [onfocus]')).map(where),
      ...Array.from(document.querySelectorAll('a[href^="javascript:" i], iframe[src^="javascript:" i], [src^="javascript:" i]')).map(where),
    ];
  })()`) as string[];
  assert.deepEqual(found, [], where);
}

describe('security: XSS in real Chromium', function () {
  this.timeout(90000);
  let browser: Browser;
  let base: string;
  let pid: string;
  const links: Record<'en' | 'ar', string> = { en: '', ar: '' };

  before(async function () {
    if (!fs.existsSync(`${CLIENT_DIST}/respond.html`)) throw new Error('client not built: run npm run build:client');
    await resetRateLimits();
    base = await testEnv().listen();
    const officer = await loginAs('officer');
    pid = officer.programmeId;
    const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('x'), titleEn: XSS[0], titleAr: AR(XSS[1]), definition });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
    assert.equal(v.status, 201, JSON.stringify(v.body));
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: XSS[1], nameAr: AR(XSS[0]),
      opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
    assert.equal(w.status, 201, JSON.stringify(w.body));
    for (const lang of ['en', 'ar'] as const) {
      const [s] = await testEnv().ctx.db.query(`INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, preferred_language)
        VALUES ($1, $2, $3, $4, $5) RETURNING id`, [pid, XSS[0], AR(XSS[1]), 'MFA', lang]);
      links[lang] = (await testEnv().ctx.db.transaction((em) => createInvitation(em, { waveId: w.body.id, stakeholderId: s.id, baseUrl: base }))).link;
    }
    browser = await launchBrowser();
  });
  after(async () => { await browser?.close(); });

  for (const lang of ['en', 'ar'] as const) {
    it(`runs nothing on the respondent page (${lang}), also after answering with the payloads`, async () => {
      const ctx = await browser.newContext({ locale: lang === 'ar' ? 'ar-LY' : 'en-GB' });
      const page = await ctx.newPage();
      const w = watch(page);
      await page.goto(links[lang]);
      await page.waitForSelector('[data-name="t1"] input');
      await assertInert(page, `respondent page ${lang}`);
      if (await page.locator('#jslink').count()) await page.locator('#jslink').click({ timeout: 2000 }).catch(() => undefined);
      await page.fill('[data-name="t1"] input', XSS.join(' '));
      await page.fill('[data-name="c1"] textarea', XSS.join('\n'));
      await page.locator('[data-name="r1"] label').first().click();
      await page.locator('.sd-navigation__complete-btn').click();
      await page.waitForFunction(() => /receipt|إيصال|[0-9A-HJKMNP-TV-Z]{8}/.test(document.body.innerText), null, { timeout: 10000 });
      await assertInert(page, `respondent page ${lang} after submit`);
      assert.deepEqual(w.dialogs, []);
      assert.deepEqual(w.violations, []);
      await ctx.close();
    });
  }

  it('stored the answers as typed (text, not markup)', async () => {
    const rows = await testEnv().ctx.db.query(`SELECT answers FROM responses WHERE programme_id = $1 AND status = 'complete' ORDER BY submitted_at`, [pid]);
    assert.equal(rows.length, 2);
    for (const r of rows) assert.equal(r.answers.t1, XSS.join(' '));
  });

  it('runs nothing on the officer app pages that show titles, names and answers', async function () {
    if (!fs.existsSync(`${CLIENT_DIST}/app.html`)) this.skip();
    const officer = await createUser({ programmeId: pid, role: 'administrator' });
    const shownAsText = new Set<string>();
    for (const lang of ['en', 'ar'] as const) {
      const ctx = await browser.newContext({ locale: lang === 'ar' ? 'ar-LY' : 'en-GB' });
      const page = await ctx.newPage();
      const w = watch(page);
      await page.addInitScript((l) => localStorage.setItem('marsad.lang', l), lang);
      await page.goto(`${base}/app#/login`);
      await page.fill('#login-email', officer.email);
      await page.fill('#login-password', USER_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('main[data-page="home"][data-ready="1"]'); // the login page is ready too: wait for the next
      for (const p of ['overview', 'rates', 'explorer', 'stakeholders', 'waves', 'questionnaires', 'audit']) {
        await page.evaluate(() => { delete document.querySelector('main')?.dataset.ready; });
        await page.evaluate((h) => { location.hash = h; }, `#/programmes/${pid}/${p}`);
        await page.waitForSelector(`main[data-page="${p}"][data-ready="1"]`, { timeout: 15000 });
        // a page may fill a list after it is ready (under load, later): give the payload time to appear as text
        if (SHOWN.includes(p)) {
          await page.waitForFunction((xs) => xs.some((x) => document.querySelector('main')?.innerText.includes(x)), XSS, { timeout: 10000 }).catch(() => undefined);
        }
        await assertInert(page, `officer app ${p} (${lang})`);
        const text = await page.locator('main').innerText();
        if (XSS.some((x) => text.includes(x))) shownAsText.add(p);
      }
      assert.deepEqual(w.dialogs, []);
      assert.deepEqual(w.violations, []);
      await ctx.close();
    }
    // the payloads really are on these pages, rendered as text
    for (const p of SHOWN) assert.ok(shownAsText.has(p), `${p} does not show the payload`);
  });
});
