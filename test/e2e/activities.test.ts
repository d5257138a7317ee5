// Activities page in real Chromium: an officer records the interim report's call and workshop through the form, the
// quarter's totals read 16 participants (12 women, 4 men), a list of participants is checked and imported from a file,
// a PDF is attached; the table and the calendar in English and Arabic are screenshotted.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { testEnv } from '../setup';
import { createUser, loginAdmin, uniq, USER_PASSWORD } from '../helpers';
import { artifactPath, launchBrowser } from './browser';

async function ready(page: Page, hash: string): Promise<void> {
  await page.evaluate(() => { const m = document.querySelector('main'); if (m) delete m.dataset.ready; });
  await page.evaluate((h) => { if (location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = h; }, hash);
  await page.waitForSelector('main[data-page="activities"][data-ready="1"]', { timeout: 15000 });
}

describe('activities page (browser)', function () {
  this.timeout(120000);
  let browser: Browser;
  let base: string;
  let pid: string;
  let quarter: string;
  let email: string;

  before(async () => {
    base = await testEnv().listen();
    browser = await launchBrowser();
    // the programme, its quarters and its registry through the API, as an administrator would set them up
    const admin = await loginAdmin();
    const p = await admin.post('/api/programmes', { code: uniq('ACT'), nameEn: 'Activities programme', nameAr: 'برنامج الأنشطة',
      startsOn: '2021-06-01', endsOn: '2023-05-31' }).expect(201);
    pid = p.body.id;
    const periods = (await admin.get(`/api/programmes/${pid}/periods`).expect(200)).body as Array<{ id: string; startsOn: string }>;
    quarter = periods.find((x) => x.startsOn === '2021-12-01')!.id;
    for (const i of [{ code: 'MFA', nameEn: 'Ministry of Foreign Affairs', nameAr: 'وزارة الخارجية', type: 'ministry' },
      { code: 'DI', nameEn: 'Diplomatic Institute', nameAr: 'المعهد الدبلوماسي', type: 'agency' }]) {
      await admin.post(`/api/programmes/${pid}/institutions`, i).expect(201);
    }
    email = (await createUser({ programmeId: pid, role: 'officer' })).email;
  });
  after(async () => { await browser?.close(); });

  async function open(lang: 'en' | 'ar', width = 1280): Promise<{ page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'ar' ? 'ar-LY' : 'en-GB' });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => { if (r.url().includes('/api/') && r.status() >= 500) errors.push(`${r.status()} ${r.url()}`); });
    page.on('dialog', (d) => void d.accept());
    await page.addInitScript((l) => { localStorage.setItem('marsad.lang', l); }, lang);
    await page.goto(`${base}/app#/login`);
    await page.fill('#login-email', email);
    await page.fill('#login-password', USER_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForSelector('main[data-page="home"][data-ready="1"] h1');
    return { page, errors };
  }

  it('records two activities through the form; the quarter reads 16 participants (12 women, 4 men)', async () => {
    const { page, errors } = await open('en');
    await ready(page, `#/programmes/${pid}/activities`);
    assert.match(await page.textContent('main') ?? '', /No activities in this period yet/);
    const record = async (a: { title: string; kind: string; date: string; online?: boolean; city?: string; inst: string[]; women: number; men: number }) => {
      await page.fill('#act-form #act-titleEn', a.title);
      await page.selectOption('#act-form #act-kind', a.kind);
      await page.fill('#act-form #act-startDate', a.date);
      if (a.online) await page.check('#act-form #act-online');
      if (a.city) { await page.fill('#act-form #act-city', a.city); await page.fill('#act-form #act-country', 'Libya'); }
      for (const code of a.inst) await page.check(`#act-form #act-institutions input[value="${code}"]`);
      await page.fill('#act-form #act-women', String(a.women));
      await page.fill('#act-form #act-men', String(a.men));
      await Promise.all([page.waitForEvent('load'), page.click('#act-form button[type=submit]')]);
      await page.waitForSelector('main[data-page="activities"][data-ready="1"]');
    };
    await record({ title: 'Preparation call for a Rabat Process thematic meeting', kind: 'call', date: '2021-12-15', online: true, inst: ['MFA'], women: 4, men: 1 });
    await record({ title: 'Introductory workshop for the new focal points', kind: 'workshop', date: '2022-02-02', city: 'Tripoli', inst: ['MFA', 'DI'], women: 8, men: 3 });
    await ready(page, `#/programmes/${pid}/activities?period=${quarter}&view=table`);
    assert.equal(await page.textContent('#act-summary'), '2 activities held · 16 participants (12 women, 4 men)');
    const rows = await page.$$eval('main table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows.map((r) => [r[0], r[3], r[5]]), [['2021-12-15', 'Online', '5 (4 women, 1 man)'], ['2022-02-02', 'Tripoli, Libya', '11 (8 women, 3 men)']]);

    // list of participants: a file with a bad row is reported by line, then a good file sets the counts
    await page.click('button[data-edit]:nth-of-type(1) >> nth=1');
    await page.setInputFiles('#act-list-file', { name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from('name,institution,sex\nSara,MFA,female\nOmar,DI,x\n') });
    await page.click('#act-list-check');
    await page.waitForSelector('#act-list-report .notice');
    assert.match(await page.textContent('#act-list-report') ?? '', /1 rows ready, 1 with problems.*3.*sex: must be female, male or other/s);
    const good = ['name,institution,sex', ...Array.from({ length: 8 }, (_, i) => `W${i},MFA,female`), 'M1,DI,male', 'M2,DI,male', 'M3,MFA,male'].join('\n');
    await page.setInputFiles('#act-list-file', { name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await Promise.all([page.waitForEvent('load'), page.click('#act-list-import')]);
    await page.waitForSelector('main[data-page="activities"][data-ready="1"]');
    await page.click('button[data-edit] >> nth=1');
    await page.setInputFiles('#act-att-file', { name: 'concept note.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.selectOption('#act-att-kind', 'concept_note');
    await Promise.all([page.waitForEvent('load'), page.click('#act-att-upload')]);
    await page.waitForSelector('main[data-page="activities"][data-ready="1"]');
    await page.click('button[data-edit] >> nth=1');
    assert.match(await page.textContent('#act-attachments') ?? '', /concept note\.pdf · Concept note/);
    assert.equal(await page.textContent('#act-summary'), '2 activities held · 16 participants (12 women, 4 men)', 'the list has the same 11 people');
    await page.screenshot({ path: artifactPath('activities-en.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('Arabic: table and calendar laid out right to left, at 1280 px and 390 px', async () => {
    for (const width of [1280, 390]) {
      const { page, errors } = await open('ar', width);
      await ready(page, `#/programmes/${pid}/activities?period=${quarter}&view=table`);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.equal(await page.textContent('#act-summary'), 'الأنشطة المنفذة: 2 · المشاركون: 16 (نساء: 12، رجال: 4)');
      assert.match(await page.textContent('main table') ?? '', /المعهد الدبلوماسي، وزارة الخارجية/);
      await page.screenshot({ path: artifactPath(`activities-ar-${width}.png`), fullPage: true });
      await ready(page, `#/programmes/${pid}/activities?period=${quarter}&view=calendar`);
      const months = await page.$$eval('#act-calendar caption', (cs) => cs.map((c) => c.textContent));
      assert.equal(months.length, 2);
      await page.screenshot({ path: artifactPath(`activities-calendar-ar-${width}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });
});
