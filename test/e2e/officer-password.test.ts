// Officer app password pages in real Chromium: the invitation link from the mail outbox sets a password, the login form
// accepts it; "Forgot password?" mails a reset link that sets a new one; client-side checks and the server's (Arabic) errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { testEnv } from '../setup';
import { loginAdmin, uniq } from '../helpers';
import { resetRateLimits } from '../../server/http/rate-limits';
import { artifactPath, launchBrowser } from './browser';

const tokenIn = (text: string) => /\/app#\/(?:set|reset)-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? assert.fail(`no link in: ${text}`);

async function lastMail(to: string, kind: string): Promise<string> {
  const rows = await testEnv().ctx.db.query(
    `SELECT body_text FROM mail_messages WHERE to_address = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1`, [to, kind]);
  assert.equal(rows.length, 1, `no ${kind} mail to ${to}`);
  return rows[0].body_text;
}

async function open(page: Page, url: string, name: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector(`main[data-page="${name}"][data-ready="1"] h1`);
}

async function choosePassword(page: Page, password: string, confirm = password): Promise<string> {
  await page.fill('#pw-new', password);
  await page.fill('#pw-confirm', confirm);
  await page.click('main button[type=submit]');
  await page.waitForSelector('main .notice');
  return (await page.textContent('main .notice'))!.trim();
}

async function loginWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.waitForSelector('main[data-page="login"][data-ready="1"] #login-email');
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('main button[type=submit]');
  await page.waitForSelector('main[data-page="home"][data-ready="1"] h1');
}

describe('officer app: password pages (browser)', function () {
  this.timeout(60000);
  let browser: Browser;
  let base: string;
  const errors: string[] = [];

  before(async () => {
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../client/dist/app.html')), 'run npm run build:client first');
    base = await testEnv().listen();
    browser = await launchBrowser();
  });
  after(async () => { await browser?.close(); resetRateLimits(); });

  async function newPage(lang: 'en' | 'ar'): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: lang === 'ar' ? 'ar-LY' : 'en-GB' });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
    await page.addInitScript((l) => { if (location.protocol.startsWith('http')) localStorage.setItem('marsad.lang', l); }, lang);
    return page;
  }

  it('sets the password from the invitation link, then logs in with it through the form', async () => {
    const admin = await loginAdmin();
    const email = `${uniq('inv')}@test.local`;
    await admin.post('/api/users', { email, name: 'Browser Invitee' }).expect(201);
    const link = `${base}/app#/set-password?token=${tokenIn(await lastMail(email, 'set_password'))}`;

    const page = await newPage('en');
    try {
      await open(page, link, 'set-password');
      assert.equal(await page.textContent('main h1'), 'Choose your password');
      // checked in the browser before anything is sent
      assert.equal(await choosePassword(page, 'short'), 'The password needs at least 12 characters.');
      assert.equal(await choosePassword(page, 'a-good-password-1', 'a-good-password-2'), 'The two passwords are not the same.');
      assert.equal(await choosePassword(page, 'a-good-password-1'), 'Your password is set. You can now log in.');
      assert.equal(await page.$('main form'), null, 'the form is gone after success');
      await page.click('main a.to-login');
      await loginWithForm(page, email, 'a-good-password-1');

      // the link works once: opened again in Arabic, the server's Arabic message is shown
      const ar = await newPage('ar');
      await open(ar, link, 'set-password');
      assert.equal(await ar.getAttribute('html', 'dir'), 'rtl');
      assert.equal(await ar.textContent('main h1'), 'اختر كلمة مرورك');
      assert.equal(await choosePassword(ar, 'another-password-3'), 'هذا الرابط غير صالح أو منتهي الصلاحية.');
      await ar.screenshot({ path: artifactPath('officer-set-password-ar.png'), fullPage: true });
      // without a token the page says so instead of showing a form
      await open(ar, `${base}/app#/set-password`, 'set-password');
      assert.equal(await ar.$('main form'), null);
      assert.match((await ar.textContent('main .notice.error'))!, /غير مكتمل/);
      await ar.context().close();
    } catch (e) {
      await page.screenshot({ path: artifactPath('officer-password-failure.png'), fullPage: true });
      throw e;
    } finally { await page.context().close(); }
    assert.deepEqual(errors, []);
  });

  it('"Forgot password?" on the login page mails a reset link that sets a new password', async () => {
    const admin = await loginAdmin();
    const email = `${uniq('fgt')}@test.local`;
    await admin.post('/api/users', { email, name: 'Forgetful Officer' }).expect(201);
    const page = await newPage('en');
    try {
      await open(page, `${base}/app#/set-password?token=${tokenIn(await lastMail(email, 'set_password'))}`, 'set-password');
      assert.equal(await choosePassword(page, 'first-password-1'), 'Your password is set. You can now log in.');

      await open(page, `${base}/app#/login`, 'login');
      await page.click('#forgot-link');
      await page.waitForSelector('main[data-page="forgot-password"][data-ready="1"] #forgot-email');
      assert.equal(await page.textContent('main h1'), 'Forgot your password?');
      // an unknown address gets the same answer as a known one
      await page.fill('#forgot-email', `${uniq('nobody')}@test.local`);
      await page.click('main button[type=submit]');
      await page.waitForSelector('main .notice.ok');
      assert.equal(await page.textContent('main .notice.ok'), 'If the address is known, a mail with a link was sent.');
      await page.fill('#forgot-email', email);
      await page.click('main button[type=submit]');
      await page.waitForFunction(() => !document.querySelector('main button[type=submit]')?.hasAttribute('disabled'));
      await page.waitForSelector('main .notice.ok');
      assert.equal(await page.textContent('main .notice.ok'), 'If the address is known, a mail with a link was sent.');

      const link = `${base}/app#/reset-password?token=${tokenIn(await lastMail(email, 'reset_password'))}`;
      await open(page, link, 'reset-password');
      assert.equal(await page.textContent('main h1'), 'Choose a new password');
      assert.equal(await choosePassword(page, 'second-password-2'), 'Your password was changed. You can now log in.');
      await page.click('main a.to-login');
      await loginWithForm(page, email, 'second-password-2');

      // Arabic forgot-password page and its answer
      const ar = await newPage('ar');
      await open(ar, `${base}/app#/forgot-password`, 'forgot-password');
      assert.equal(await ar.textContent('main h1'), 'هل نسيت كلمة المرور؟');
      await ar.fill('#forgot-email', email);
      await ar.click('main button[type=submit]');
      await ar.waitForSelector('main .notice.ok');
      assert.equal(await ar.textContent('main .notice.ok'), 'إذا كان العنوان معروفًا، فقد أُرسلت رسالة تحتوي على رابط.');
      await ar.screenshot({ path: artifactPath('officer-forgot-password-ar.png'), fullPage: true });
      await ar.context().close();
    } catch (e) {
      await page.screenshot({ path: artifactPath('officer-password-failure.png'), fullPage: true });
      throw e;
    } finally { await page.context().close(); }
    assert.deepEqual(errors, []);
  });
});
