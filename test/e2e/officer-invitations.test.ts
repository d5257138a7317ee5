// The officer's daily work in real Chromium with a real SMTP server (smtp-server): upload a stakeholder file, invite
// (mails arrive with the link), a stakeholder answers in a second browser while a reminder goes out (same link, the
// open page completes with every answer stored), a per-row reminder uses the reminder template, a follow-up is logged
// and shown, a rejected address shows as failed in the outbox and resend works, a correction changes the indicator
// value, and screenshots of the waves, outbox and responses pages in Arabic.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, USER_PASSWORD } from '../helpers';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../smtp';
import { artifactPath, launchBrowser } from './browser';
import { resetRateLimits } from '../../server/http/rate-limits';

const db = () => testEnv().ctx.db;
const q = (name: string) => `[data-name="${name}"]`;
const linkIn = (m: ReceivedMail) => /https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43}/.exec(m.text)?.[0] ?? '';
const choice = (v: number, en: string, ar: string) => ({ value: v, text: { default: en, ar } });
const DEFINITION = {
  pages: [
    { name: 'p1', elements: [
      { type: 'radiogroup', name: 'trust', isRequired: true, title: { default: 'How much do you trust the process?', ar: 'ما مدى ثقتك بالعملية؟' },
        choices: [choice(1, 'Not at all', 'إطلاقًا'), choice(2, 'A little', 'قليلًا'), choice(3, 'Somewhat', 'إلى حد ما'), choice(4, 'Much', 'كثيرًا'), choice(5, 'Fully', 'تمامًا')] },
      { type: 'text', name: 'note', title: { default: 'Your role', ar: 'دورك' } }] },
    { name: 'p2', elements: [
      { type: 'radiogroup', name: 'useful', isRequired: true, title: { default: 'Was the training useful?', ar: 'هل كان التدريب مفيدًا؟' },
        choices: [{ value: 'yes', text: { default: 'Yes', ar: 'نعم' } }, { value: 'no', text: { default: 'No', ar: 'لا' } }] }] },
  ],
};

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('officer invitations and mail (browser + SMTP)', function () {
  this.timeout(180000);
  let browser: Browser;
  let smtp: TestSmtp;
  let base: string;
  let pid: string, waveId: string, email: string;
  let officerCtx: BrowserContext, page: Page;
  const errors: string[] = [];
  const mailsTo = (addr: string) => smtp.messages.filter((m) => m.to.includes(addr));

  async function visit(hash: string): Promise<void> {
    const name = /^#\/programmes\/[^/]+\/([a-z]+)/.exec(hash)![1];
    await page.evaluate(() => { const m = document.querySelector('main'); if (m) delete m.dataset.ready; });
    await page.evaluate((hh) => { if (location.hash === hh) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = hh; }, hash);
    try {
      await page.waitForSelector(`main[data-page="${name}"][data-ready="1"]`, { timeout: 15000 });
    } catch (e) {
      await page.screenshot({ path: artifactPath('h14-failure.png'), fullPage: true });
      throw new Error(`${(e as Error).message}\nmain: ${await page.textContent('main')}\nerrors: ${errors.join(' | ')}`);
    }
  }

  before(async () => {
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../client/dist/app.html')), 'run npm run build:client first');
    await resetRateLimits();
    smtp = await startSmtp();
    testEnv().ctx.config.SMTP_URL = smtp.url;
    base = await testEnv().listen();
    browser = await launchBrowser();
    pid = await createProgramme();
    const off = await createUser({ programmeId: pid, role: 'officer' });
    email = off.email;
    const api = await login(off.email);
    const qn = await api.post(`/api/programmes/${pid}/questionnaires`, { code: 'pulse', titleEn: 'Pulse', titleAr: 'نبض', definition: DEFINITION }).expect(201);
    const v = await api.post(`/api/programmes/${pid}/questionnaires/${qn.body.id}/publish`, {}).expect(201);
    const w = await api.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'Baseline pulse',
      nameAr: 'نبض خط الأساس', opensAt: new Date(Date.now() - 86400000).toISOString(), closesAt: new Date(Date.now() + 30 * 86400000).toISOString() }).expect(201);
    waveId = w.body.id;
    const [res] = await db().query(`INSERT INTO results (programme_id, level, code, statement_en) VALUES ($1, 'specific_objective', 'SO1', 'Trust') RETURNING id`, [pid]);
    await api.post(`/api/programmes/${pid}/indicators`, { resultId: res.id, code: 'SO1.1', nameEn: 'Mean trust', unit: 'mean',
      formula: { kind: 'mean', item: { kind: 'question', name: 'trust' } } }).expect(201);
    await api.patch(`/api/programmes/${pid}/indicator-settings`, { suppressionThreshold: 1 }).expect(200);

    officerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await officerCtx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await officerCtx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
    await page.addInitScript(() => { if (!localStorage.getItem('marsad.lang')) localStorage.setItem('marsad.lang', 'en'); });
    await page.goto(`${base}/app#/login`);
    await page.fill('#login-email', email);
    await page.fill('#login-password', USER_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForSelector('main[data-page="home"][data-ready="1"] h1');
  });
  after(async () => { testEnv().ctx.config.SMTP_URL = ''; await browser?.close(); await smtp?.stop(); });

  it('uploads, invites, reminds during an open page (same link, nothing lost), follows up, recovers a rejected mail, corrects', async () => {
    // 1. stakeholder file: the dry run, then the import
    await visit(`#/programmes/${pid}/stakeholders`);
    const csv = 'name_en,name_ar,institution,sex,preferred_language,email\nAmal Ben Ali,أمل بن علي,MFA,female,ar,amal@example.org\n' +
      'Tarek Fitouri,طارق الفيتوري,MOJ,male,en,tarek@example.org\nHuda Mabrouk,هدى المبروك,MFA,female,en,huda@example.org\n';
    await page.setInputFiles('#import-file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#import-result');
    assert.match((await page.textContent('#import-result'))!, /3 rows can be imported; no rows have problems/);
    await page.click('#import-do');
    await page.waitForSelector('main[data-page="stakeholders"][data-ready="1"] .notice.ok');
    assert.match((await page.textContent('main .notice.ok'))!, /3 stakeholders imported/);

    // 2. invite and mail; Huda's address is refused by the mail server
    smtp.rejectAddresses.add('huda@example.org');
    await visit(`#/programmes/${pid}/waves?wave=${waveId}`);
    for (const cb of await page.$$('#invitations fieldset input[type=checkbox]')) await cb.check();
    await page.check('input[name=invite-mode][value=mail]');
    await page.click('#invite-submit');
    await page.waitForSelector('#invite-msg .notice.ok');
    assert.match((await page.textContent('#invite-msg'))!, /Invitation mailed to 3 stakeholders/);
    await smtp.waitFor(2, 10000);
    const amalLink = linkIn(mailsTo('amal@example.org')[0]);
    const tarekLink = linkIn(mailsTo('tarek@example.org')[0]);
    assert.ok(amalLink && tarekLink);
    assert.match(mailsTo('amal@example.org')[0].subject, /^دعوة: نبض خط الأساس/);

    // 3. Amal starts answering in her own browser
    const rctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const rpage = await rctx.newPage();
    const rproblems: string[] = [];
    rpage.on('pageerror', (e) => rproblems.push(String(e)));
    await rpage.goto(amalLink);
    await rpage.waitForSelector(q('trust'));
    await rpage.locator(`${q('trust')} label:has(input[value="4"])`).first().click();
    await rpage.fill(`${q('note')} input`, 'Consular affairs');
    await rpage.locator('.sd-navigation__next-btn').click();
    await rpage.waitForSelector(q('useful'));
    const draft = () => db().query(`SELECT r.status, r.answers FROM responses r JOIN invitations i ON i.id = r.invitation_id JOIN stakeholders s ON s.id = i.stakeholder_id
      WHERE s.email = 'amal@example.org' AND r.wave_id = $1`, [waveId]).then((x: Array<{ status: string; answers: Record<string, unknown> }>) => x[0]);
    await until(draft, (d) => d?.answers?.trust === 4);

    // 4. reminders to all while her page is open: the confirmation says how many, who is skipped and why, both languages
    await visit(`#/programmes/${pid}/waves`);
    await page.click('button[data-action=remind]');
    await page.waitForSelector('#remind-dialog');
    assert.match((await page.textContent('#remind-dialog'))!, /The reminder goes to 2 stakeholders/);
    assert.match((await page.textContent('#remind-dialog [data-reason=not_mailed]'))!, /never mailed an invitation: 1 stakeholder — Huda Mabrouk/);
    assert.match((await page.textContent('#remind-dialog [data-lang=ar]'))!, /تذكير/);
    await page.click('#remind-dialog [data-action=confirm]');
    await page.waitForSelector('#waves-msg .notice.ok');
    assert.equal((await page.textContent('#waves-msg'))!.trim(), 'Reminder sent to 2 stakeholders; 1 stakeholder skipped (never mailed an invitation: 1).');
    await until(async () => mailsTo('amal@example.org').length, (n) => n === 2);
    const reminder = mailsTo('amal@example.org')[1];
    assert.match(reminder.subject, /^تذكير: نبض خط الأساس/);
    assert.equal(linkIn(reminder), amalLink, 'the reminder carries the same link');

    // 5. the open page completes: every answer stored
    await rpage.locator(`${q('useful')} label:has(input[value="yes"])`).first().click();
    await rpage.locator('.sd-navigation__complete-btn').click();
    await rpage.waitForSelector('#receipt-code', { timeout: 15000 });
    const done = await draft();
    assert.deepEqual([done.status, done.answers], ['complete', { trust: 4, note: 'Consular affairs', useful: 'yes' }]);
    assert.deepEqual(rproblems, []);
    await rctx.close();

    // 6. per-row reminder: the reminder template, Tarek's same link
    await visit(`#/programmes/${pid}/waves?wave=${waveId}`);
    const row = (name: string) => page.locator('#invitations table.data tbody tr', { hasText: name });
    await row('Tarek Fitouri').locator('button[data-action=remind-one]').click();
    await page.waitForSelector('#invite-msg .notice.ok');
    await until(async () => mailsTo('tarek@example.org').length, (n) => n === 3);
    const tarekMails = mailsTo('tarek@example.org');
    assert.match(tarekMails[2].subject, /^Reminder: Baseline pulse/);
    assert.equal(linkIn(tarekMails[2]), tarekLink);
    assert.equal(await row('Amal Ben Ali').locator('button[data-action=remind-one]').isDisabled(), true, 'no reminder for who answered');

    // 7. a follow-up is logged and shown in the timeline
    await row('Tarek Fitouri').locator('button[data-action=timeline]').click();
    await page.waitForSelector('#timeline-dialog');
    await page.selectOption('#fu-channel', 'call');
    await page.selectOption('#fu-outcome', 'will_answer');
    await page.fill('#fu-note', 'Called: will answer by Thursday');
    await page.click('#follow-up-form button[type=submit]');
    await page.waitForSelector('#timeline-msg .notice.ok');
    const tl = (await page.textContent('#timeline-body'))!;
    assert.match(tl, /follow-up \(call\)/);
    assert.match(tl, /will answer/);
    assert.match(tl, /Called: will answer by Thursday/);
    await page.click('[data-action=close-timeline]');

    // 8. the rejected address: failed with the server's reason in the outbox; resend works once the server accepts it
    await visit(`#/programmes/${pid}/outbox?status=failed`);
    const failedRow = page.locator('main table.data tbody tr', { hasText: 'huda@example.org' });
    assert.match((await failedRow.textContent())!, /failed.*550/);
    smtp.rejectAddresses.clear();
    await failedRow.locator('button[data-action=resend]').click();
    await until(async () => mailsTo('huda@example.org').length, (n) => n === 1);
    await visit(`#/programmes/${pid}/outbox`);
    await until(async () => { await visit(`#/programmes/${pid}/outbox`); return page.locator('main table.data tbody tr', { hasText: 'huda@example.org' }).first().textContent(); },
      (t) => /sent/.test(t ?? ''));
    await page.click('[data-action=preview-reminder]');
    await page.waitForSelector('#template-preview [data-lang=ar]');

    // 9. a correction in the responses page changes the indicator value
    const api = await login(email);
    const value = async () => (await api.get(`/api/programmes/${pid}/indicator-values`).expect(200)).body.indicators[0].latest?.value;
    assert.equal(await value(), 4);
    await visit(`#/programmes/${pid}/responses?wave=${waveId}`);
    await page.click('button[data-action=open-response]');
    await page.waitForSelector('#response-view');
    await page.selectOption('#response-view select[data-q=trust]', '2');
    await page.fill('#correction-reason', 'Phone call: she meant "a little"');
    await page.click('[data-action=save-correction]');
    await page.waitForSelector('#response-view[data-revision="1"] #revision-history');
    assert.match((await page.textContent('#revision-history'))!, /How much do you trust the process\?.*Much.*A little/);
    assert.equal(await value(), 2);
    // the version's validator refuses a required answer left empty, at the question; nothing is saved
    await page.selectOption('#response-view select[data-q=trust]', '');
    await page.fill('#correction-reason', 'try');
    await page.click('[data-action=save-correction]');
    await page.waitForSelector('[data-error-for=trust]:not(:empty)');
    // a stale base (someone corrected it meanwhile) gets a clear message
    const rid = (await db().query(`SELECT id FROM responses WHERE wave_id = $1`, [waveId]))[0].id;
    const cur = (await api.get(`/api/programmes/${pid}/responses/${rid}`).expect(200)).body;
    await api.post(`/api/programmes/${pid}/responses/${rid}/revisions`, { baseRevision: 1, answers: { ...cur.answers, trust: 3 }, reason: 'colleague' }).expect(201);
    await page.selectOption('#response-view select[data-q=trust]', '5');
    await page.click('[data-action=save-correction]');
    await page.waitForSelector('#response-msg .notice.error:has-text("Someone else changed this first")');
    assert.equal(await page.locator('[data-error-for=trust]').textContent(), '', 'the earlier question error is gone');
    assert.equal(await value(), 3);
    assert.deepEqual(errors, []);
  });

  it('shows the waves, outbox and responses pages in Arabic', async () => {
    await page.evaluate(() => localStorage.setItem('marsad.lang', 'ar'));
    await page.reload();
    for (const [hash, file] of [[`#/programmes/${pid}/waves?wave=${waveId}`, 'h14-waves-ar.png'], [`#/programmes/${pid}/outbox`, 'h14-outbox-ar.png'],
      [`#/programmes/${pid}/responses?wave=${waveId}`, 'h14-responses-ar.png']]) {
      await visit(hash);
      if (file === 'h14-responses-ar.png') { await page.click('button[data-action=open-response]'); await page.waitForSelector('#response-view'); }
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      await page.screenshot({ path: artifactPath(file), fullPage: true });
    }
    assert.match((await page.textContent('main'))!, /مكتملة/);
    assert.deepEqual(errors, []);
  });
});
