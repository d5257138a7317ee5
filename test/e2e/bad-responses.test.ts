// The browser suites' guard against error answers: a 404/5xx the officer app receives from /api fails the test (the
// page shows the error, never "not available"); an answer a test provokes on purpose passes only when it is allowed.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { testEnv } from '../setup';
import { createUser, USER_PASSWORD } from '../helpers';
import { allowBadResponse, assertNoBadResponses, launchBrowser } from './browser';

describe('browser tests fail on error answers', function () {
  this.timeout(60000);
  let browser: Browser;
  let base: string;
  before(async () => { browser = await launchBrowser(); base = await testEnv().listen(); });
  after(() => browser?.close());

  async function loggedIn() {
    const u = await createUser({ programmeId: testEnv().demoProgrammeId, role: 'viewer' });
    const page = await browser.newPage();
    await page.goto(`${base}/app#/login`);
    await page.fill('#login-email', u.email);
    await page.fill('#login-password', USER_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForSelector('main[data-page="home"][data-ready="1"] h1');
    return page;
  }

  it('records a 404 the app receives and names it', async () => {
    const page = await loggedIn();
    const missing = crypto.randomUUID();
    await page.evaluate((h) => { location.hash = h; }, `#/programmes/${missing}/overview`);
    // the page says what went wrong (the programme is not found) instead of a silent "not available"
    await page.waitForSelector('main[data-ready="1"] .notice.error');
    assert.throws(() => assertNoBadResponses(), new RegExp(`404 GET /api/programmes/${missing}`));
    assertNoBadResponses(); // the check starts afresh
    await page.close();
  });

  it('lets through only the answers a test allows', async () => {
    const page = await loggedIn();
    allowBadResponse(/^\/api\/programmes\/[0-9a-f-]+$/, 404);
    await page.evaluate((h) => { location.hash = h; }, `#/programmes/${crypto.randomUUID()}/overview`);
    await page.waitForSelector('main[data-ready="1"] .notice.error');
    assertNoBadResponses();
    // the allowance covers its URL only: another 404 still counts
    await page.evaluate(() => fetch('/api/nope'));
    assert.throws(() => assertNoBadResponses(), /404 GET \/api\/nope/);
    await page.close();
  });
});
