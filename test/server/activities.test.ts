// Activities log against the real PostgreSQL: the interim report's example gives 16 participants (12 women, 4 men) for
// the quarter; bad input is refused with the catalogue's codes and nothing is half-saved; lists of participants
// (CSV and XLSX) set the counts; attachments are checked by content and served as downloads.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, loginAs, type Session } from '../helpers';
import { defaultQuarters } from '../../indicators/periods';

describe('activities log', () => {
  let officer: Session & { programmeId: string };
  let pid: string;
  let base: string;
  let quarterId: string;

  before(async () => {
    pid = await createProgramme();
    const db = testEnv().ctx.db;
    await db.query(`UPDATE programmes SET starts_on = '2021-06-01', ends_on = '2023-05-31' WHERE id = $1`, [pid]);
    for (const p of defaultQuarters('2021-06-01', '2023-05-31')) {
      await db.query(`INSERT INTO reporting_periods (programme_id, code, name_en, name_ar, starts_on, ends_on) VALUES ($1,$2,$3,$4,$5,$6)`,
        [pid, p.code, p.nameEn, p.nameAr, p.startsOn, p.endsOn]);
    }
    [{ id: quarterId }] = await db.query(`SELECT id FROM reporting_periods WHERE programme_id = $1 AND starts_on = '2021-12-01'`, [pid]);
    await db.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar, type) VALUES
      ($1, 'MFA', 'Ministry of Foreign Affairs', 'وزارة الخارجية', 'ministry'), ($1, 'DI', 'Diplomatic Institute', 'المعهد الدبلوماسي', 'agency')`, [pid]);
    officer = await loginAs('officer', pid);
    base = `/api/programmes/${pid}/activities`;
  });

  it('the interim report example: a call and a workshop give 16 participants (12 women, 4 men) in their quarter', async () => {
    const call = await officer.post(base, {
      titleEn: 'Preparation call for a Rabat Process thematic meeting', titleAr: 'اتصال تحضيري لاجتماع موضوعي لعملية الرباط',
      kind: 'call', startDate: '2021-12-15', location: { online: true }, institutions: ['MFA'], participants: { women: 4, men: 1 },
    });
    assert.equal(call.status, 201, JSON.stringify(call.body));
    assert.deepEqual(call.body.participants, { women: 4, men: 1, other: 0, total: 5, fromList: false });
    assert.equal(call.body.endDate, '2021-12-15');
    const ws = await officer.post(base, {
      titleEn: 'Introductory workshop for the new Rabat and Khartoum Process focal points', titleAr: 'ورشة تعريفية لنقاط الاتصال الجديدة',
      kind: 'workshop', startDate: '2022-02-02', location: { city: 'Tripoli', country: 'Libya' }, institutions: ['MFA', 'DI'],
      participants: { women: 8, men: 3, other: 0 },
    });
    assert.equal(ws.status, 201, JSON.stringify(ws.body));
    assert.deepEqual(ws.body.institutions, [
      { code: 'MFA', nameEn: 'Ministry of Foreign Affairs', nameAr: 'وزارة الخارجية' },
      { code: 'DI', nameEn: 'Diplomatic Institute', nameAr: 'المعهد الدبلوماسي' }]);
    await officer.post(base, { titleEn: 'Training of trainers (planned)', kind: 'training', status: 'planned', startDate: '2022-02-20',
      participants: { women: 10, men: 10 } }).expect(201);

    const sum = await officer.get(`${base}/summary?period=${quarterId}`).expect(200);
    assert.equal(sum.body.from, '2021-12-01');
    assert.equal(sum.body.to, '2022-02-28');
    assert.equal(sum.body.activities, 2);
    assert.deepEqual(sum.body.participants, { women: 12, men: 4, other: 0, total: 16 });
    assert.deepEqual(sum.body.institutions.map((i: { code: string; participants: number }) => [i.code, i.participants]), [['DI', 11], ['MFA', 16]]);

    const list = await officer.get(`${base}?period=${quarterId}`).expect(200);
    assert.deepEqual(list.body.items.map((a: { startDate: string }) => a.startDate), ['2021-12-15', '2022-02-02', '2022-02-20']);
    const calls = await officer.get(`${base}?kind=call`).expect(200);
    assert.equal(calls.body.items.length, 1);
  });

  it('refuses bad input with the catalogue codes and stores nothing', async () => {
    const count = async () => Number((await testEnv().ctx.db.query(`SELECT count(*) FROM activities WHERE programme_id = $1`, [pid]))[0].count);
    const before = await count();
    const ok = { titleEn: 'X', kind: 'meeting', startDate: '2022-01-10' };
    const cases: Array<[unknown, number, string]> = [
      [{ ...ok, endDate: '2022-01-09' }, 400, 'activity.dates_order'],
      [{ ...ok, participants: { women: -1, men: 0 } }, 400, 'request.invalid'],
      [{ ...ok, participants: { women: 1.5, men: 0 } }, 400, 'request.invalid'],
      [{ ...ok, institutions: ['NOPE'] }, 400, 'activity.unknown_institution'],
      [{ ...ok, resultId: '00000000-0000-4000-8000-000000000000' }, 400, 'activity.unknown_result'],
      [{ ...ok, kind: 'party' }, 400, 'request.invalid'],
      [{ ...ok, startDate: '2022-02-30' }, 400, 'request.invalid'],
      [{ ...ok, titleEn: 'a\u0000b' }, 400, 'request.invalid'],
      [{ ...ok, titleEn: 'Wave\r\nBcc: x@y' }, 400, 'request.invalid'],
      [{ ...ok, programmeId: pid }, 400, 'request.invalid'],
      ['not an object', 400, 'request.invalid'],
    ];
    for (const [body, status, code] of cases) {
      const res = await officer.post(base, body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, code);
      assert.ok(res.body.message);
    }
    const unknownPeriod = await officer.get(`${base}?period=00000000-0000-4000-8000-000000000000`);
    assert.equal(unknownPeriod.status, 400);
    assert.equal(unknownPeriod.body.code, 'activity.unknown_period');
    assert.equal((await officer.get(`${base}?kind=party`)).status, 400);
    assert.equal(await count(), before);

    // HTML and spreadsheet formulas are kept as text, never interpreted
    const html = await officer.post(base, { ...ok, titleEn: '<img src=x onerror=alert(1)>', notesEn: '=HYPERLINK("http://x")' }).expect(201);
    assert.equal(html.body.titleEn, '<img src=x onerror=alert(1)>');
    assert.equal(html.body.notesEn, '=HYPERLINK("http://x")');
  });

  it("another programme's activity is 404; a viewer reads but cannot write or see participants", async () => {
    const other = await loginAs('officer');
    const mine = await officer.post(base, { titleEn: 'Mine', kind: 'meeting', startDate: '2022-01-11' }).expect(201);
    assert.equal((await other.get(`/api/programmes/${other.programmeId}/activities/${mine.body.id}`)).status, 404);
    assert.equal((await other.patch(`/api/programmes/${other.programmeId}/activities/${mine.body.id}`, { titleEn: 'x' })).status, 404);
    assert.equal((await other.get(`${base}/${mine.body.id}`)).status, 404); // not a member of this programme
    const v = await createUser({ programmeId: pid, role: 'viewer' });
    const viewer = await login(v.email);
    await viewer.get(`${base}/${mine.body.id}`).expect(200);
    assert.equal((await viewer.post(base, { titleEn: 'V', kind: 'meeting', startDate: '2022-01-11' })).status, 403);
    assert.equal((await viewer.get(`${base}/${mine.body.id}/participants`)).status, 403);
    await officer.delete(`${base}/${mine.body.id}`).expect(200);
    assert.equal((await officer.get(`${base}/${mine.body.id}`)).status, 404);
  });

  it('a list of participants (CSV, then XLSX) sets the counts; counts that disagree with it are refused', async () => {
    const a = await officer.post(base, { titleEn: 'Consular crisis training', kind: 'training', startDate: '2022-03-01', endDate: '2022-03-02',
      participants: { women: 1, men: 1 } }).expect(201);
    const url = `${base}/${a.body.id}/participants/import`;
    const bad = '\uFEFFname;institution;sex;role;email\nSara;MFA;female;diplomat;sara@example.org\n;MFA;male;;\nOmar;DI;x;;\nAli;DI;m;;not-mail\n';
    const dry = await officer.post(`${url}?dryRun=true`, { csv: bad }).expect(200);
    assert.equal(dry.body.rows, 4);
    assert.equal(dry.body.valid, 1);
    assert.deepEqual(dry.body.errors, [
      { line: 3, column: 'name', reason: 'required' },
      { line: 4, column: 'sex', reason: 'must be female, male or other' },
      { line: 5, column: 'email', reason: 'not an email address' }]);
    const refused = await officer.post(`${url}?dryRun=false`, { csv: bad });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'import.invalid_rows');
    assert.equal((await officer.get(`${base}/${a.body.id}`)).body.participants.total, 2, 'nothing half-saved');

    const good = 'name,institution,sex,role,email\nSara,MFA,female,diplomat,sara@example.org\nHuda,MFA,F,,\nOmar,DI,ذكر,,\n';
    const done = await officer.post(`${url}?dryRun=false`, { csv: good }).expect(200);
    assert.deepEqual(done.body.counts, { women: 2, men: 1, other: 0, total: 3 });
    const after = (await officer.get(`${base}/${a.body.id}`)).body;
    assert.deepEqual(after.participants, { women: 2, men: 1, other: 0, total: 3, fromList: true });
    const people = (await officer.get(`${base}/${a.body.id}/participants`).expect(200)).body.items;
    assert.deepEqual(people.map((p: { name: string; sex: string }) => [p.name, p.sex]), [['Sara', 'female'], ['Huda', 'female'], ['Omar', 'male']]);
    const disagree = await officer.patch(`${base}/${a.body.id}`, { participants: { women: 5, men: 1, other: 0 } });
    assert.equal(disagree.status, 400);
    assert.equal(disagree.body.code, 'activity.counts_disagree');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Participants');
    ws.addRow(['Name', 'Institution', 'Sex', 'Role', 'Email']);
    for (const [n, s] of [['Amal', 'female'], ['Khaled', 'male'], ['Noura', 'female'], ['Sam', 'other']]) ws.addRow([n, 'MFA', s, '', '']);
    const xlsxBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const x = await officer.post(`${url}?dryRun=false`, { xlsxBase64 }).expect(200);
    assert.deepEqual(x.body.counts, { women: 2, men: 1, other: 1, total: 4 });
    const notXlsx = await officer.post(`${url}?dryRun=true`, { xlsxBase64: Buffer.from('hello').toString('base64') });
    assert.equal(notXlsx.status, 400);
  });

  it('attachments: type by content, size limit, SHA-256, served as a download with nosniff', async () => {
    const a = await officer.post(base, { titleEn: 'Mission to Kampala', kind: 'mission', startDate: '2022-03-22', endDate: '2022-03-23' }).expect(201);
    const url = `${base}/${a.body.id}/attachments`;
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const up = await officer.agent.post(`${url}?name=${encodeURIComponent('report مهمة.pdf')}&kind=report`)
      .set('X-CSRF-Token', officer.csrf).set('Content-Type', 'application/octet-stream').send(pdf);
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.contentType, 'application/pdf');
    assert.equal(up.body.sha256, (await import('node:crypto')).createHash('sha256').update(pdf).digest('hex'));
    const dl = await officer.get(`${url}/${up.body.id}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    assert.equal(dl.status, 200);
    assert.ok(Buffer.compare(dl.body as Buffer, pdf) === 0);
    assert.match(dl.headers['content-disposition'], /^attachment; filename=".*"; filename\*=UTF-8''report%20%D9%85%D9%87%D9%85%D8%A9\.pdf$/);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');

    const exe = await officer.agent.post(`${url}?name=fake.pdf`).set('X-CSRF-Token', officer.csrf)
      .set('Content-Type', 'application/pdf').send(Buffer.from('MZ\x90\x00 not a pdf'));
    assert.equal(exe.status, 415);
    assert.equal(exe.body.code, 'attachment.type_not_allowed');
    const html = await officer.agent.post(`${url}?name=x.png`).set('X-CSRF-Token', officer.csrf)
      .set('Content-Type', 'image/png').send(Buffer.from('<html><script>alert(1)</script></html>'));
    assert.equal(html.status, 415);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const tooBig = await officer.agent.post(`${url}?name=big.pdf`).set('X-CSRF-Token', officer.csrf).set('Content-Type', 'application/pdf').send(big);
    assert.equal(tooBig.status, 413);
    const meta = (await officer.get(`${base}/${a.body.id}`)).body.attachments;
    assert.equal(meta.length, 1, 'the refused files left nothing');
    await officer.delete(`${url}/${up.body.id}`).expect(200);
    assert.equal((await officer.get(`${url}/${up.body.id}`)).status, 404);
  });
});
