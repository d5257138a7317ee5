// A leaked personal link replaced while the stakeholder is answering (issue #14): the page open on the old link keeps
// what was typed on the device and says the link was replaced; the new link opened on the same device resumes with
// every answer, and the submit stores all of them — nothing typed is lost.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { testEnv } from '../setup';
import { loginAs, uniq } from '../helpers';
import { launchBrowser } from './browser';

const DAY = 86400000;
const q = (name: string) => `[data-name="${name}"]`;

describe('respondent page: a replaced link (browser)', function () {
  this.timeout(60000);
  let browser: Browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('keeps the answers typed after the replacement on the device; the new link resumes and submits them all', async () => {
    const base = await testEnv().listen();
    const officer = await loginAs('officer');
    const pid = officer.programmeId;
    const definition = { pages: [{ name: 'p1', elements: [
      { type: 'text', name: 'first', title: { default: 'First', ar: 'الأول' } },
      { type: 'text', name: 'second', title: { default: 'Second', ar: 'الثاني' } }] }] };
    const qn = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Two questions', definition }).expect(201);
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${qn.body.id}/publish`).expect(201);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'monitoring', nameEn: 'Pulse',
      opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + DAY).toISOString() }).expect(201);
    const s = await officer.post(`/api/programmes/${pid}/stakeholders`, { nameEn: 'Sara', institution: 'MFA', preferredLanguage: 'en' }).expect(201);
    const inv = await officer.post(`/api/programmes/${pid}/waves/${w.body.id}/invitations`, { stakeholderIds: [s.body.id], mode: 'links_only' }).expect(201);
    const invitationId: string = inv.body.invitations[0].invitationId;
    const oldLink: string = (await officer.post(`/api/programmes/${pid}/invitations/${invitationId}/link`, {}).expect(200)).body.link;
    assert.ok(oldLink.startsWith(base));

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const drafts: number[] = [];
    page.on('response', (r) => { if (r.url().includes('/api/respond/draft')) drafts.push(r.status()); });
    await page.goto(oldLink);
    await page.fill(`${q('first')} input`, 'typed before');
    await page.locator(`${q('first')} input`).blur();
    await page.waitForFunction(() => true);
    await page.waitForResponse((r) => r.url().includes('/api/respond/draft') && r.status() === 200, { timeout: 10000 });

    const re = await officer.post(`/api/programmes/${pid}/invitations/${invitationId}/reissue`, { confirm: 'leaked' }).expect(200);
    const newLink: string = re.body.link;
    assert.notEqual(newLink, oldLink);

    await page.fill(`${q('second')} input`, 'typed after the replacement');
    await page.locator(`${q('second')} input`).blur();
    await page.waitForSelector('#notice.error', { timeout: 10000 });
    assert.match(await page.locator('#notice').innerText(), /This link was replaced by a new one\. Your answers are kept on this device/);
    assert.ok(drafts.includes(410), `the autosave was refused as replaced: ${drafts.join(',')}`);
    assert.equal(await page.locator(`${q('second')} input`).inputValue(), 'typed after the replacement', 'the form keeps what was typed');

    await page.goto(newLink);
    await page.waitForSelector(`${q('second')} input`);
    assert.equal(await page.locator(`${q('first')} input`).inputValue(), 'typed before');
    assert.equal(await page.locator(`${q('second')} input`).inputValue(), 'typed after the replacement');
    await page.locator('.sd-navigation__complete-btn').click();
    await page.waitForSelector('#receipt-code');
    const rows = await testEnv().ctx.db.query(
      `SELECT r.answers FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.wave_id = $1 AND r.status = 'complete'`, [w.body.id]);
    assert.deepEqual(rows.map((r: { answers: unknown }) => r.answers), [{ first: 'typed before', second: 'typed after the replacement' }]);
    await ctx.close();
  });
});
