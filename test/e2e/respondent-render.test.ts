// Respondent page rendering in real Chromium, English and Arabic at 1280 px and 390 px (issue 16): a questionnaire with
// year row labels publishes unchanged; HTML in texts renders (no raw tags); Arabic errors sit on the right under their
// question with our own wording; ١٢ is stored as 12 and shown as typed; an answer given 0.3 s before the page is closed
// reaches a second device; the questionnaire's completedHtml shows above the receipt; then nothing stays on the device.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { testEnv } from '../setup';
import { CLIENT_DIST } from '../../server/http/static';
import { resetRateLimits } from '../../server/http/rate-limits';
import { artifactPath, launchBrowser } from './browser';
import { publishWave, storedResponses, until, type PublishedWave } from './respondent-fixture';

const DEFINITION = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'surveys', 'corpus', '01-capacity-baseline.json'), 'utf8')) as Record<string, unknown>;
const q = (name: string) => `[data-name="${name}"]`;
const RAW_TAG = /<\/?(b|i|p|h3|a|span)\b[^>]*>/i;

interface Box { left: number; right: number; top: number; bottom: number }
/** The box of the text itself (not of its block), so alignment inside a full-width box shows. */
const textBox = (page: Page, selector: string) => page.locator(selector).first().evaluate((el): Box => {
  const r = document.createRange();
  r.selectNodeContents(el);
  const b = r.getBoundingClientRect();
  return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
});

describe('respondent page rendering (browser, issue 16)', function () {
  this.timeout(60000);
  let browser: Browser;
  let base: string;
  let wave: PublishedWave;

  before(async function () {
    if (!fs.existsSync(`${CLIENT_DIST}/respond.html`)) throw new Error('client not built: run npm run build:client');
    await resetRateLimits();
    base = await testEnv().listen();
    wave = await publishWave(DEFINITION, base);
    browser = await launchBrowser();
  });
  after(async () => { await browser?.close(); });

  it('publishes the questionnaire with year row labels unchanged', () => {
    assert.deepEqual(wave.published, DEFINITION);
  });

  for (const lang of ['en', 'ar'] as const) for (const width of [1280, 390]) {
    it(`${lang} at ${width} px: HTML rendered, errors aligned, digits normalised, last answer kept, thank-you shown`, async () => {
      const tag = `${lang}-${width}`;
      const ar = lang === 'ar';
      const { link, invitationId } = await wave.invite();
      const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: ar ? 'ar' : 'en-GB' });
      const page = await ctx.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(link);
      await page.waitForSelector(q('institution'));
      await page.click(ar ? '#lang-ar' : '#lang-en');
      assert.equal(await page.getAttribute('html', 'dir'), ar ? 'rtl' : 'ltr');

      // HTML in texts is rendered, never shown as tags
      const description = page.locator('.sd-description').first();
      assert.equal(await description.locator('b').innerText(), ar ? 'شكرًا' : 'Thank you');
      assert.doesNotMatch(await page.locator('body').innerText(), RAW_TAG);
      // the language buttons and the wave title fit the width
      const bar = await page.locator('.bar').boundingBox();
      const buttons = await page.locator('.lang').boundingBox();
      assert.ok(bar && buttons && buttons.x >= 0 && buttons.x + buttons.width <= width + 0.5, `buttons inside ${width}px`);
      const [en, arb] = [await page.locator('#lang-en').boundingBox(), await page.locator('#lang-ar').boundingBox()];
      assert.ok(en && arb && Math.abs(en.y - arb.y) < 2, 'the language buttons side by side');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');

      // an unanswered required question: the message sits under the question, on its reading side
      await page.locator('.sd-navigation__next-btn').click();
      const error = `${q('institution')} .sd-question__erbox`;
      await page.waitForSelector(error);
      assert.equal(await page.locator(error).innerText(), ar ? 'يرجى الإجابة عن هذا السؤال.' : 'Response required.');
      await page.screenshot({ path: artifactPath(`respondent16-${tag}-error.png`), fullPage: true });
      const title = await textBox(page, `${q('institution')} .sd-question__title .sv-string-viewer`);
      const err = await textBox(page, `${error} .sv-string-viewer`);
      // Arabic: both start at the right edge (the error may be longer than the title, so only the right edges meet)
      if (ar) assert.ok(Math.abs(err.right - title.right) < 40 && err.left > width / 2 - 200, `Arabic error at the right: ${JSON.stringify({ err, title })}`);
      else assert.ok(Math.abs(err.left - title.left) < 40, `English error at the left: ${JSON.stringify({ err, title })}`);

      // answer page 1; ١٢ typed in the number question is kept as typed and stored as 12
      await page.click(`${q('institution')} .sd-dropdown`);
      await page.locator('.sv-popup .sv-list__item', { hasText: ar ? 'وزارة العدل' : 'Ministry of Justice' }).first().click();
      const years = page.locator(`${q('years_service')} input`);
      await years.fill('١٢');
      await years.press('Tab');
      assert.equal(await years.inputValue(), '١٢');
      await page.locator('.sd-navigation__next-btn').click();
      await page.waitForSelector(q('trained_by_year'));
      const saved = await until(() => storedResponses(invitationId), (r) => r[0]?.answers?.years_service === 12);
      assert.deepEqual(saved[0].answers, { institution: 'MOJ', years_service: 12 });

      // year rows shown as written; the matrix radios keep a gap to their labels in both directions
      assert.match(await page.locator(q('trained_by_year')).innerText(), /2021[\s\S]*2022[\s\S]*2023/);
      await page.screenshot({ path: artifactPath(`respondent16-${tag}-matrix.png`), fullPage: true });
      if (width < 600) {
        // phone layout: each cell shows a radio and its column label side by side
        const gap = await page.locator(`${q('trained_by_year')} td.sd-matrix__cell`).nth(1).evaluate((cell) => {
          const a = cell.querySelector('.sd-item__decorator')!.getBoundingClientRect(), b = cell.querySelector('.sd-matrix__responsive-title')!.getBoundingClientRect();
          return document.documentElement.dir === 'rtl' ? a.left - b.right : b.left - a.right;
        });
        assert.ok(gap >= 6, `gap between a matrix radio and its label: ${gap}px`);
      }

      // answer, and close the page 0.3 s later: the answer reaches the server and a second device
      await page.locator(`${q('trained_by_year')} tbody tr`).first().locator('label:has(input[value="4"])').first().click();
      await page.waitForTimeout(300);
      await page.close({ runBeforeUnload: true });
      const after = await until(() => storedResponses(invitationId), (r) => !!r[0]?.answers?.trained_by_year);
      assert.deepEqual(after[0].answers.trained_by_year, { y2021: 4 });
      const other = await browser.newContext({ viewport: { width, height: 900 } });
      const page2 = await other.newPage();
      page2.on('pageerror', (e) => problems.push(String(e)));
      await page2.goto(link);
      await page2.waitForSelector(q('trained_by_year'));
      assert.equal(await page2.locator(`${q('trained_by_year')} tbody tr`).first().locator('input[value="4"]').isChecked(), true);

      // complete: the questionnaire's own thank-you (sanitised, this language) above the receipt, nothing left on the device
      await page2.fill(`${q('anything_else')} textarea`, ar ? 'لا شيء' : 'Nothing');
      await page2.locator('.sd-navigation__complete-btn').click();
      await page2.waitForSelector('#receipt-code');
      const thanks = page2.locator('.receipt .completed-html');
      assert.equal(await thanks.locator('h3').innerText(), ar ? 'شكرًا لك!' : 'Thank you!');
      const [tBox, cBox] = [await thanks.boundingBox(), await page2.locator('#receipt-code').boundingBox()];
      assert.ok(tBox && cBox && tBox.y + tBox.height <= cBox.y, 'thank-you above the receipt');
      assert.doesNotMatch(await page2.locator('body').innerText(), RAW_TAG);
      await page2.screenshot({ path: artifactPath(`respondent16-${tag}-receipt.png`), fullPage: true });
      const left = await until(() => page2.evaluate(async () => ({
        stored: Object.keys(localStorage).filter((k) => k.startsWith('marsad.') && k !== 'marsad.lang'),
        caches: (await caches.keys()).filter((k) => k.startsWith('marsad-respond')),
        databases: (await indexedDB.databases()).map((d) => d.name),
      })), (x) => !x.caches.length && !x.databases.length);
      assert.deepEqual(left, { stored: [], caches: [], databases: [] });
      assert.equal((await storedResponses(invitationId))[0].status, 'complete');
      assert.deepEqual(problems, []);
      await other.close();
      await ctx.close();
    });
  }
});
