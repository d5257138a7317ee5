// Own programme from the API (issue 13): create (creator administers, default quarters), change, archive (read-only,
// hidden), institutions registry and resolveInstitution, reporting periods, members by email, targets per period,
// the bad inputs of the issue as catalogue 4xx with nothing half-saved, and another programme's ids as 404.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, loginAdmin, loginAs, uniq, type Session } from '../helpers';
import { resolveInstitution } from '../../server/services/institutions';

const db = () => testEnv().ctx.db;

describe('programmes, institutions, periods and members (API)', () => {
  let admin: Session;
  before(async () => { admin = await loginAdmin(); });

  it('creates a programme with quarterly periods; the creator administers it; audited', async () => {
    const code = uniq('NEW');
    const res = await admin.post('/api/programmes', { code, nameEn: 'Border dialogue', nameAr: 'حوار الحدود', donorEn: 'EU', startsOn: '2025-04-01', endsOn: '2026-03-31', defaultLanguage: 'ar' }).expect(201);
    assert.equal(res.body.role, 'administrator');
    assert.equal(res.body.startsOn, '2025-04-01');
    assert.equal(res.body.defaultLanguage, 'ar');
    const pid = res.body.id;
    const periods = (await admin.get(`/api/programmes/${pid}/periods`).expect(200)).body;
    assert.deepEqual(periods.map((p: { code: string }) => p.code), ['Q1', 'Q2', 'Q3', 'Q4']);
    assert.deepEqual([periods[0].startsOn, periods[3].endsOn], ['2025-04-01', '2026-03-31']);
    const [m] = await db().query(`SELECT role FROM programme_memberships WHERE programme_id = $1 AND user_id = $2`, [pid, admin.userId]);
    assert.equal(m.role, 'administrator');
    const [a] = await db().query(`SELECT count(*)::int AS n FROM audit_events WHERE programme_id = $1 AND action = 'programme.create'`, [pid]);
    assert.equal(a.n, 1);
    const patched = await admin.patch(`/api/programmes/${pid}`, { donorAr: 'الاتحاد الأوروبي' }).expect(200);
    assert.equal(patched.body.donorAr, 'الاتحاد الأوروبي');
  });

  it('refuses bad programmes with catalogue codes and saves nothing', async () => {
    const code = uniq('BAD');
    const before = (await db().query(`SELECT count(*)::int AS n FROM programmes`))[0].n;
    assert.equal((await admin.post('/api/programmes', { code, nameEn: 'x', startsOn: '2025-04-01', endsOn: '2025-01-01' }).expect(400)).body.code, 'programme.dates_order');
    await admin.post('/api/programmes', { code, nameEn: 'x', startsOn: '2025-01-01', endsOn: '2025-12-31' }).expect(201);
    const dup = await admin.post('/api/programmes', { code: code.toLowerCase(), nameEn: 'y', startsOn: '2025-01-01', endsOn: '2025-12-31' }).expect(409);
    assert.deepEqual([dup.body.code, dup.body.details.field], ['code.taken', 'code']);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM programmes`))[0].n, before + 1);
    const officer = await loginAs('administrator');
    assert.equal((await officer.post('/api/programmes', { code: uniq('N'), nameEn: 'x', startsOn: '2025-01-01', endsOn: '2025-12-31' }).expect(403)).body.code, 'auth.forbidden');
  });

  it('archives: read-only and hidden from lists by default; restore makes it writable', async () => {
    const padmin = await loginAs('administrator');
    const pid = padmin.programmeId;
    await padmin.post(`/api/programmes/${pid}/archive`).expect(200);
    assert.ok(!(await padmin.get('/api/programmes').expect(200)).body.some((p: { id: string }) => p.id === pid));
    assert.ok((await padmin.get('/api/programmes?archived=only').expect(200)).body.some((p: { id: string }) => p.id === pid));
    await padmin.get(`/api/programmes/${pid}/logframe`).expect(200);
    const refused = await padmin.post(`/api/programmes/${pid}/institutions`, { code: 'MFA', nameEn: 'Foreign ministry' }).expect(409);
    assert.equal(refused.body.code, 'programme.archived');
    await padmin.post(`/api/programmes/${pid}/restore`).expect(200);
    await padmin.post(`/api/programmes/${pid}/institutions`, { code: 'MFA', nameEn: 'Foreign ministry' }).expect(201);
  });

  it('keeps an institutions registry; resolves by code, English or Arabic name; duplicates and other programmes refused', async () => {
    const officer = await loginAs('officer');
    const base = `/api/programmes/${officer.programmeId}/institutions`;
    const mfa = await officer.post(base, { code: 'MFA', nameEn: 'Ministry of Foreign Affairs', nameAr: 'وزارة الخارجية', type: 'ministry' }).expect(201);
    await officer.post(base, { code: 'CSO1', nameEn: 'Women Forum', type: 'cso' }).expect(201);
    assert.equal((await officer.post(base, { code: 'mfa', nameEn: 'Again' }).expect(409)).body.code, 'code.taken');
    assert.equal((await officer.post(base, { code: 'X', nameEn: 'Bad', type: 'club' }).expect(400)).body.code, 'request.invalid');
    const em = db().manager;
    assert.equal((await resolveInstitution(em, officer.programmeId, 'mfa'))?.id, mfa.body.id);
    assert.equal((await resolveInstitution(em, officer.programmeId, ' ministry of foreign  affairs '))?.id, mfa.body.id);
    assert.equal((await resolveInstitution(em, officer.programmeId, 'وزارة الخارجية'))?.id, mfa.body.id);
    assert.equal(await resolveInstitution(em, officer.programmeId, 'Ministry of Justice'), undefined);
    // a new code follows to the stakeholders that held the old one
    await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, 'P', 'MFA')`, [officer.programmeId]);
    await officer.patch(`${base}/${mfa.body.id}`, { code: 'MOFA' }).expect(200);
    assert.equal((await db().query(`SELECT institution FROM stakeholders WHERE programme_id = $1`, [officer.programmeId]))[0].institution, 'MOFA');
    await officer.patch(`${base}/${mfa.body.id}`, { archived: true }).expect(200);
    assert.equal((await officer.get(base).expect(200)).body.length, 1);
    const other = await loginAs('officer');
    await other.patch(`/api/programmes/${other.programmeId}/institutions/${mfa.body.id}`, { nameEn: 'Z' }).expect(404);
  });

  it('replaces reporting periods all-or-nothing; targets must name a period of the programme', async () => {
    const padmin = await loginAs('administrator');
    const base = `/api/programmes/${padmin.programmeId}`;
    const p = (code: string, s: string, e: string) => ({ code, nameEn: code, startsOn: s, endsOn: e });
    assert.equal((await padmin.put(`${base}/periods`, { periods: [p('H1', '2025-01-01', '2025-06-30'), p('H1', '2025-07-01', '2025-12-31')] }).expect(409)).body.code, 'code.taken');
    assert.equal((await padmin.put(`${base}/periods`, { periods: [p('H1', '2025-06-30', '2025-01-01')] }).expect(400)).body.code, 'programme.dates_order');
    assert.equal((await padmin.put(`${base}/periods`, { periods: [p('H1', '2024-01-01', '2024-06-30')] }).expect(400)).body.code, 'target.period_unknown');
    await padmin.post(`${base}/periods/quarters`).expect(200);
    assert.equal((await padmin.put(`${base}/periods`, { periods: [p('H1', '2024-01-01', '2024-06-30')] }).expect(400)).body.code, 'target.period_unknown');
    assert.equal((await padmin.get(`${base}/periods`).expect(200)).body.length, 8, 'the quarters stay after a refused change');
    await padmin.put(`${base}/periods`, { periods: [p('Y1', '2025-01-01', '2025-12-31'), p('Y2', '2026-01-01', '2026-12-31')] }).expect(200);
    const so = await padmin.post(`${base}/results`, { level: 'strategic_objective', code: 'SO', statementEn: 'Goal' }).expect(201);
    const ind = { resultId: so.body.id, code: 'I1', nameEn: 'Count', unit: 'count', formula: { kind: 'count', item: { kind: 'attribute', attribute: 'institution' }, condition: { op: '=', value: 'MFA' } } };
    const bad = await padmin.post(`${base}/indicators`, { ...ind, targets: { periods: [{ period: 'Q9', value: 3 }] } }).expect(400);
    assert.deepEqual([bad.body.code, bad.body.details.field], ['target.period_unknown', 'targets.periods.0.period']);
    assert.equal((await padmin.get(`${base}/indicators`).expect(200)).body.length, 0);
    const ok = await padmin.post(`${base}/indicators`, { ...ind, targets: { final: { value: 10 }, periods: [{ period: 'Y1', value: 4 }] } }).expect(201);
    assert.deepEqual(ok.body.targets.periods, [{ period: 'Y1', value: 4 }]);
  });

  it('adds members by email: an unknown address gets an account and the set-password mail', async () => {
    const padmin = await loginAs('administrator');
    const base = `/api/programmes/${padmin.programmeId}/members`;
    const email = `${uniq('new')}@test.local`;
    const added = await padmin.post(base, { email, role: 'viewer' }).expect(201);
    assert.deepEqual([added.body.email, added.body.role, added.body.created], [email, 'viewer', true]);
    const mails = await db().query(`SELECT kind FROM mail_messages WHERE to_address = $1`, [email]);
    assert.deepEqual(mails.map((m: { kind: string }) => m.kind), ['set_password']);
    const known = await createUser();
    const again = await padmin.post(base, { email: known.email.toUpperCase(), role: 'officer' }).expect(201);
    assert.deepEqual([again.body.userId, again.body.created], [known.id, false]);
    assert.equal((await padmin.post(base, { email: 'not-an-email', role: 'viewer' }).expect(400)).body.code, 'request.invalid');
  });

  it('system administrators send a password-reset mail to an account', async () => {
    const u = await createUser();
    await admin.post(`/api/users/${u.id}/password-reset`).expect(200);
    const mails = await db().query(`SELECT kind FROM mail_messages WHERE to_address = $1`, [u.email]);
    assert.deepEqual(mails.map((m: { kind: string }) => m.kind), ['reset_password']);
    const officer = await login(u.email);
    await officer.post(`/api/users/${u.id}/password-reset`).expect(403);
  });

  it('createProgramme() of the test helpers goes through the API', async () => {
    const pid = await createProgramme();
    const [a] = await db().query(`SELECT count(*)::int AS n FROM audit_events WHERE programme_id = $1 AND action = 'programme.create'`, [pid]);
    assert.equal(a.n, 1);
  });
});
