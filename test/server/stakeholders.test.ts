// Stakeholder roster API: CRUD, archive, filters, contacts hidden from viewers, access per programme, CSV import.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testEnv } from '../setup';
import { createUser, login, loginAs, type Session } from '../helpers';

describe('stakeholders', () => {
  let officer: Session & { programmeId: string };
  let viewer: Session;
  let base: string;

  before(async () => {
    officer = await loginAs('officer');
    const v = await createUser({ programmeId: officer.programmeId, role: 'viewer' });
    viewer = await login(v.email);
    base = `/api/programmes/${officer.programmeId}/stakeholders`;
  });

  it('creates, reads, updates, archives and restores; viewers see no contacts and cannot write', async () => {
    const created = await officer.post(base, {
      nameEn: 'Amal Ben Ali', nameAr: 'أمل بن علي', institution: 'MFA', department: 'Consular Affairs', sex: 'female',
      preferredLanguage: 'ar', email: 'amal@example.org', phone: '+218 91 123 4567', attributes: { region: 'West' },
    }).expect(201);
    const id = created.body.id;
    assert.equal(created.body.nameAr, 'أمل بن علي');
    assert.equal(created.body.email, 'amal@example.org');
    const seen = await viewer.get(`${base}/${id}`).expect(200);
    assert.equal(seen.body.nameAr, 'أمل بن علي');
    assert.equal('email' in seen.body, false);
    assert.equal('phone' in seen.body, false);
    const list = await viewer.get(base).expect(200);
    assert.equal(list.body.items.some((s: any) => 'email' in s || 'phone' in s), false);
    const denied = await viewer.post(base, { nameEn: 'X', institution: 'MFA' }).expect(403);
    assert.equal(denied.body.code, 'auth.forbidden');
    await viewer.patch(`${base}/${id}`, { department: 'X' }).expect(403);

    const patched = await officer.patch(`${base}/${id}`, { department: 'International Organisations', email: '' }).expect(200);
    assert.equal(patched.body.department, 'International Organisations');
    assert.equal(patched.body.email, null);
    await officer.post(`${base}/${id}/archive`).expect(200);
    assert.equal((await officer.get(base).expect(200)).body.items.some((s: any) => s.id === id), false);
    assert.equal((await officer.get(`${base}?archived=true`).expect(200)).body.items.some((s: any) => s.id === id), true);
    await officer.post(`${base}/${id}/restore`).expect(200);
    const audits = await testEnv().ctx.db.query(
      `SELECT action FROM audit_events WHERE target_id = $1 ORDER BY id`, [id]);
    assert.deepEqual(audits.map((a: any) => a.action), ['stakeholder.create', 'stakeholder.update', 'stakeholder.archive', 'stakeholder.restore']);
  });

  it('rejects bad input with field details and filters/sorts from allow-lists', async () => {
    const bad = await officer.post(base, { nameEn: '', nameAr: '', institution: '', email: 'nope', sex: 'x' }).expect(400);
    assert.equal(bad.body.code, 'request.invalid');
    const paths = bad.body.details.issues.map((i: any) => i.path).sort();
    assert.deepEqual(paths, ['email', 'institution', 'sex']);
    await officer.get(`${base}?sort=email;drop`).expect(400);
    const pid = (await loginAs('officer')).programmeId;
    const other = `/api/programmes/${pid}/stakeholders`;
    await testEnv().ctx.db.query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, 'Zed', 'MoJ'), ($1, 'Abe', 'MoI'), ($1, 'Kim', 'MoJ')`, [pid]);
    const o = await loginAs('officer', pid);
    const byName = await o.get(`${other}?sort=name&order=desc`).expect(200);
    assert.deepEqual(byName.body.items.map((s: any) => s.nameEn), ['Zed', 'Kim', 'Abe']);
    const moj = await o.get(`${other}?institution=MoJ&sort=name`).expect(200);
    assert.deepEqual(moj.body.items.map((s: any) => s.nameEn), ['Kim', 'Zed']);
    assert.equal(moj.body.total, 2);
    const found = await o.get(`${other}?q=${encodeURIComponent('ze')}`).expect(200);
    assert.deepEqual(found.body.items.map((s: any) => s.nameEn), ['Zed']);
    assert.equal((await o.get(`${other}?q=${encodeURIComponent('%')}`).expect(200)).body.total, 0);
    // another programme's stakeholder through this programme's path is a 404
    const zed = byName.body.items[0].id;
    await officer.get(`${base}/${zed}`).expect(404);
    await officer.patch(`${base}/${zed}`, { department: 'x' }).expect(404);
    await officer.post(`${base}/${zed}/archive`).expect(404);
    // a non-member gets 404 for the whole programme
    await officer.get(other).expect(404);
  });

  describe('CSV import', () => {
    const count = async (pid: string) => Number((await testEnv().ctx.db.query(`SELECT count(*) FROM stakeholders WHERE programme_id = $1`, [pid]))[0].count);

    it('reports every bad row and imports nothing', async () => {
      const o = await loginAs('officer');
      const url = `/api/programmes/${o.programmeId}/stakeholders/import`;
      const csv = [
        'name_en,name_ar,institution,sex,preferred_language,email,region',
        'Good Person,,MoJ,male,en,good@example.org,East',
        ',,MoI,female,ar,,',
        'Bad Mail,,MFA,,en,not-an-email,',
        'No Institution,,,,en,,',
        'Wrong Sex,,MFA,x,fr,,',
      ].join('\n');
      const dry = await o.post(`${url}?dryRun=true`, { csv }).expect(200);
      assert.deepEqual({ rows: dry.body.rows, valid: dry.body.valid, duplicates: dry.body.duplicates }, { rows: 5, valid: 1, duplicates: [] });
      assert.deepEqual(dry.body.errors.map((e: any) => [e.line, e.column]), [
        [3, 'name_en'], [4, 'email'], [5, 'institution'], [6, 'sex'], [6, 'preferred_language']]);
      const real = await o.post(`${url}?dryRun=false`, { csv }).expect(400);
      assert.equal(real.body.code, 'import.invalid_rows');
      assert.deepEqual(real.body.details.errors, dry.body.errors);
      assert.equal(await count(o.programmeId), 0);
    });

    it('imports a clean UTF-8 file with a BOM, semicolons and Arabic names', async () => {
      const o = await loginAs('officer');
      const url = `/api/programmes/${o.programmeId}/stakeholders/import?dryRun=false`;
      const csv = '\uFEFFname_en;name_ar;institution;department;sex;preferred_language;email;phone;region\r\n' +
        'Khaled Mansour;خالد منصور;MFA;International Cooperation;male;ar;khaled@example.org;+218911234567;غرب\r\n' +
        ';سلمى العبيدي;MoSA;"Shelters; women";Female;AR;;;\r\n' +
        'Walid Al-Zintani;;CSO;;;en;walid@example.org;;East\r\n';
      const res = await o.post(url, { csv }).expect(200);
      assert.deepEqual({ rows: res.body.rows, valid: res.body.valid, inserted: res.body.inserted, errors: res.body.errors },
        { rows: 3, valid: 3, inserted: 3, errors: [] });
      const rows = await testEnv().ctx.db.query(
        `SELECT name_en, name_ar, institution, department, sex, preferred_language, email, phone, attributes
           FROM stakeholders WHERE programme_id = $1 ORDER BY institution`, [o.programmeId]);
      assert.deepEqual(rows, [
        { name_en: 'Walid Al-Zintani', name_ar: '', institution: 'CSO', department: '', sex: null, preferred_language: 'en', email: 'walid@example.org', phone: null, attributes: { region: 'East' } },
        { name_en: 'Khaled Mansour', name_ar: 'خالد منصور', institution: 'MFA', department: 'International Cooperation', sex: 'male', preferred_language: 'ar', email: 'khaled@example.org', phone: '+218911234567', attributes: { region: 'غرب' } },
        { name_en: '', name_ar: 'سلمى العبيدي', institution: 'MoSA', department: 'Shelters; women', sex: 'female', preferred_language: 'ar', email: null, phone: null, attributes: {} },
      ]);
      const listed = await o.get(`/api/programmes/${o.programmeId}/stakeholders?institution=MoSA`).expect(200);
      assert.equal(listed.body.items[0].nameAr, 'سلمى العبيدي');
    });

    it('reports duplicates within the file and against the roster, and refuses to import them', async () => {
      const o = await loginAs('officer');
      await testEnv().ctx.db.query(
        `INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, email) VALUES ($1, 'Omar Al-Sharif', 'عمر الشريف', 'MFA', 'omar@example.org')`, [o.programmeId]);
      const url = `/api/programmes/${o.programmeId}/stakeholders/import`;
      const csv = [
        'name_en,name_ar,institution,email',
        'Someone,,MoI,OMAR@example.org',
        ',عمر الشريف,MFA,',
        'Huda,,MoJ,huda@example.org',
        'Huda B,,MoJ,huda@example.org',
      ].join('\n');
      const dry = await o.post(`${url}?dryRun=true`, { csv }).expect(200);
      assert.deepEqual(dry.body.errors, []);
      assert.deepEqual(dry.body.duplicates, [
        { line: 2, field: 'email', value: 'OMAR@example.org', with: 'roster' },
        { line: 3, field: 'name_ar', value: 'عمر الشريف', with: 'roster' },
        { line: 5, field: 'email', value: 'huda@example.org', with: 'file line 4' },
      ]);
      const real = await o.post(`${url}?dryRun=false`, { csv }).expect(400);
      assert.equal(real.body.code, 'import.invalid_rows');
      assert.equal(await count(o.programmeId), 1);
    });

    it('refuses a file without the required columns, and viewers cannot import', async () => {
      const o = await loginAs('officer');
      const url = `/api/programmes/${o.programmeId}/stakeholders/import?dryRun=true`;
      const res = await o.post(url, { csv: 'foo,bar\n1,2\n' }).expect(200);
      assert.deepEqual(res.body.errors, [
        { line: 1, column: 'institution', code: 'missing_column', reason: 'missing column' },
        { line: 1, column: 'name_en', code: 'missing_column', reason: 'missing column: name_en or name_ar' }]);
      const v = await createUser({ programmeId: o.programmeId, role: 'viewer' });
      await (await login(v.email)).post(url, { csv: 'name_en,institution\nA,B\n' }).expect(403);
      await o.post(url, { csv: 12 }).expect(400);
    });

    it('matches institutions by code, English or Arabic name; unknown ones are row errors or created on request', async () => {
      const o = await loginAs('officer');
      const db = testEnv().ctx.db;
      await db.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar) VALUES ($1, 'MOJ', 'Ministry of Justice', 'وزارة العدل')`, [o.programmeId]);
      const url = `/api/programmes/${o.programmeId}/stakeholders/import`;
      const csv = 'name_en,institution,email\nA One,MOJ,a1@x.org\nB Two,ministry of justice,b2@x.org\nC Three,وزارة العدل,c3@x.org\nD Four,Border Team,d4@x.org\n';
      const dry = await o.post(`${url}?dryRun=true`, { csv }).expect(200);
      assert.deepEqual(dry.body.errors.map((e: { line: number; code: string; value: string }) => [e.line, e.code, e.value]), [[5, 'unknown_institution', 'Border Team']]);
      assert.deepEqual(dry.body.unknownInstitutions, ['Border Team']);
      assert.equal(dry.body.valid, 3);
      await o.post(`${url}?dryRun=false`, { csv }).expect(400);
      const done = await o.post(`${url}?dryRun=false&createInstitutions=true`, { csv }).expect(200);
      assert.equal(done.body.inserted, 4);
      const inst = await db.query(`SELECT institution FROM stakeholders WHERE programme_id = $1 ORDER BY name_en`, [o.programmeId]);
      assert.deepEqual(inst.map((r: { institution: string }) => r.institution), ['MOJ', 'MOJ', 'MOJ', 'Border Team']);
      assert.equal((await db.query(`SELECT count(*)::int AS n FROM institutions WHERE programme_id = $1`, [o.programmeId]))[0].n, 2);
    });

    it('reads an XLSX file like a CSV (first sheet)', async () => {
      const o = await loginAs('officer');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('people');
      ws.addRow(['name_en', 'name_ar', 'institution', 'email']);
      ws.addRow(['Salma Idris', 'سلمى إدريس', 'MFA', 'salma@x.org']);
      ws.addRow(['Bad Mail', '', 'MFA', 'not-an-email']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
      const url = `/api/programmes/${o.programmeId}/stakeholders/import`;
      const dry = await o.post(`${url}?dryRun=true`, { xlsx }).expect(200);
      assert.deepEqual([dry.body.rows, dry.body.valid], [2, 1]);
      assert.deepEqual(dry.body.errors.map((e: { line: number; code: string }) => [e.line, e.code]), [[3, 'invalid_email']]);
      const bad = await o.post(`${url}?dryRun=true`, { xlsx: Buffer.from('not a zip').toString('base64') }).expect(200);
      assert.equal(bad.body.errors[0].code !== undefined, true);
      await o.post(`${url}?dryRun=true`, { xlsx: '%%%' }).expect(400);
    });
  });
});
