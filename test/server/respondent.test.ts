// Respondent side: token lifecycle (hash only, cookie exchange, identical 404s), session, autosave seq, idempotent submit.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';
import { sha256 } from '../../server/auth/passwords';
import { resetRateLimits } from '../../server/http/rate-limits';
import { createInvitation, reissueInvitation } from '../../server/services/tokens';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';

const db = () => testEnv().ctx.db;
const app = () => testEnv().app.app;
const DAY = 86400000;
const answers = () => demoAnswers(DEMO_STAKEHOLDERS[0], prng(7), true);

describe('respondent API', () => {
  let officer: Session & { programmeId: string };
  let waveId: string;

  before(async () => {
    await resetRateLimits();
    officer = await loginAs('officer');
    const pid = officer.programmeId;
    const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Baseline', definition: baseline });
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'Baseline',
      nameAr: 'خط الأساس', opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
    assert.equal(w.status, 201, JSON.stringify(w.body));
    waveId = w.body.id;
  });

  async function invite(lang: 'en' | 'ar' = 'ar', wave = waveId) {
    const [s] = await db().query(
      `INSERT INTO stakeholders (programme_id, name_en, institution, preferred_language) VALUES ($1, $2, 'MFA', $3) RETURNING id`,
      [officer.programmeId, uniq('Person '), lang]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId: wave, stakeholderId: s.id, baseUrl: 'https://marsad.example' }));
    return { ...inv, stakeholderId: s.id, cookie: `marsad_resp=${inv.token}` };
  }
  const put = (cookie: string, body: unknown) => request(app()).put('/api/respond/draft').set('Cookie', cookie).send(body as object);
  const post = (cookie: string, body: unknown) => request(app()).post('/api/respond/submit').set('Cookie', cookie).send(body as object);

  it('stores only the hash of a token and exchanges the link for a cookie, redirecting without the token', async () => {
    const inv = await invite();
    assert.equal(inv.link, `https://marsad.example/r/${inv.token}`);
    assert.match(inv.token, /^[A-Za-z0-9_-]{43}$/);
    const [row] = await db().query(`SELECT token_hash, status, to_jsonb(i)::text AS all FROM invitations i WHERE id = $1`, [inv.invitationId]);
    assert.deepEqual(row.token_hash, sha256(inv.token));
    assert.ok(!row.all.includes(inv.token));
    const res = await request(app()).get(`/r/${inv.token}`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/respond');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    const cookie = res.headers['set-cookie'][0] as string;
    assert.match(cookie, new RegExp(`^marsad_resp=${inv.token}; Max-Age=\\d+; Path=/; Expires=[^;]+; HttpOnly; SameSite=Lax$`));
    const events = await db().query(`SELECT kind FROM invitation_events WHERE invitation_id = $1 ORDER BY id`, [inv.invitationId]);
    assert.deepEqual(events.map((e: { kind: string }) => e.kind), ['invited', 'opened']);
    assert.equal((await db().query(`SELECT status FROM invitations WHERE id = $1`, [inv.invitationId]))[0].status, 'opened');
  });

  it('answers unknown, malformed, revoked, used and expired links identically (404, same body)', async () => {
    const revoked = await invite();
    await db().transaction((em) => reissueInvitation(em, revoked.invitationId, 'https://x'));
    const used = await invite();
    assert.equal((await post(used.cookie, { submissionId: crypto.randomUUID(), answers: answers(), language: 'en' })).status, 200);
    const pid = officer.programmeId;
    const v = await db().query(`SELECT questionnaire_version_id AS id FROM waves WHERE id = $1`, [waveId]);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v[0].id, kind: 'midline', nameEn: 'Old',
      opensAt: new Date(Date.now() - 3 * DAY).toISOString(), closesAt: new Date(Date.now() - DAY).toISOString() });
    const expired = await invite('en', w.body.id);
    const tokens = [crypto.randomBytes(32).toString('base64url'), 'short', revoked.token, used.token, expired.token];
    const answersSeen = [];
    for (const t of tokens) {
      const r = await request(app()).get(`/r/${t}`);
      answersSeen.push({ status: r.status, type: r.headers['content-type'], cookie: r.headers['set-cookie'], cache: r.headers['cache-control'], body: r.text });
    }
    for (const a of answersSeen) assert.deepEqual(a, answersSeen[0]);
    assert.equal(answersSeen[0].status, 404);
    assert.equal(answersSeen[0].cookie, undefined);
    assert.match(answersSeen[0].body, /This link is not valid/);
    assert.match(answersSeen[0].body, /هذا الرابط غير صالح/);
  });

  it('gives the session: definition, stakeholder language, status, seq, wave; 404 without a valid cookie', async () => {
    const inv = await invite('ar');
    const s = await request(app()).get('/api/respond/session').set('Cookie', inv.cookie);
    assert.equal(s.status, 200);
    assert.deepEqual({ ...s.body, definition: undefined, storageKey: undefined, wave: { ...s.body.wave, closesAt: undefined } }, {
      definition: undefined, storageKey: undefined, language: 'ar', answers: {}, currentPage: 0, status: 'new', seq: 0,
      wave: { nameEn: 'Baseline', nameAr: 'خط الأساس', closesAt: undefined, isOpen: true },
    });
    assert.equal(s.body.definition.pages.length, baseline.pages.length);
    assert.match(s.body.storageKey, /^[0-9a-f]{16}$/);
    assert.equal(s.headers['cache-control'], 'no-store');
    // on the wire the questionnaire travels brotli-compressed (superagent decodes it)
    const br = await request(app()).get('/api/respond/session').set('Cookie', inv.cookie).set('Accept-Encoding', 'br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.ok(Number(br.headers['content-length']) * 3 < Buffer.byteLength(JSON.stringify(s.body)));
    assert.deepEqual(br.body, s.body);
    for (const cookie of ['', 'marsad_resp=nope', `marsad_resp=${crypto.randomBytes(32).toString('base64url')}`]) {
      const r = await request(app()).get('/api/respond/session').set('Cookie', cookie);
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { code: 'invitation.not_found', message: 'This link is not valid, has expired or was already used.' });
    }
  });

  it('autosaves drafts with an increasing seq, refuses stale saves, and resumes them', async () => {
    const inv = await invite('en');
    const r1 = await put(inv.cookie, { seq: 1, currentPage: 1, language: 'ar', answers: { institution: 'MFA' } });
    assert.equal(r1.status, 200, JSON.stringify(r1.body));
    assert.deepEqual(r1.body, { status: 'draft', seq: 1 });
    const stale = await put(inv.cookie, { seq: 1, currentPage: 0, language: 'en', answers: { institution: 'DI' } });
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.body, { code: 'response.stale_autosave', message: 'A newer save already arrived.', details: { storedSeq: 1 } });
    assert.equal((await put(inv.cookie, { seq: 5, currentPage: 2, language: 'ar', answers: { institution: 'MoJ', sex: 'female' } })).status, 200);
    assert.equal((await put(inv.cookie, { seq: 4, currentPage: 0, language: 'en', answers: {} })).status, 409);
    const rows = await db().query(`SELECT status, answers, current_page, autosave_seq, language FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    assert.deepEqual(rows, [{ status: 'draft', answers: { institution: 'MoJ', sex: 'female' }, current_page: 2, autosave_seq: 5, language: 'ar' }]);
    const ev = await db().query(`SELECT kind FROM invitation_events WHERE invitation_id = $1 ORDER BY id`, [inv.invitationId]);
    assert.deepEqual(ev.map((e: { kind: string }) => e.kind), ['invited', 'started']);
    const s = await request(app()).get('/api/respond/session').set('Cookie', inv.cookie);
    assert.deepEqual([s.body.status, s.body.seq, s.body.currentPage, s.body.language, s.body.answers],
      ['draft', 5, 2, 'ar', { institution: 'MoJ', sex: 'female' }]);
  });

  it('concurrent saves keep the highest seq', async () => {
    const inv = await invite('en');
    const seqs = Array.from({ length: 8 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    await Promise.all(seqs.map((seq) => put(inv.cookie, { seq, currentPage: 0, language: 'en', answers: { years_migration: seq } })));
    const [row] = await db().query(`SELECT autosave_seq, answers FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    assert.equal(row.autosave_seq, 8);
    assert.deepEqual(row.answers, { years_migration: 8 });
  });

  it('refuses invalid answers per question in both languages and writes that need JSON', async () => {
    const inv = await invite('en');
    const bad = await put(inv.cookie, { seq: 1, currentPage: 0, language: 'en', answers: { institution: 'NASA', years_migration: 'many' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'answers.invalid');
    for (const name of ['institution', 'years_migration']) {
      const e = bad.body.details.errors[name];
      assert.ok(e && typeof e.en === 'string' && typeof e.ar === 'string' && e.code, JSON.stringify(bad.body));
    }
    const incomplete = await post(inv.cookie, { submissionId: crypto.randomUUID(), answers: { institution: 'MFA' }, language: 'en' });
    assert.equal(incomplete.status, 400);
    assert.ok(incomplete.body.details.errors.sex);
    const form = await request(app()).post('/api/respond/submit').set('Cookie', inv.cookie).type('form').send('submissionId=x');
    assert.equal(form.status, 415);
    assert.equal(form.body.code, 'request.unsupported_media_type');
    assert.equal((await db().query(`SELECT 1 FROM responses WHERE invitation_id = $1`, [inv.invitationId])).length, 0);
  });

  it('submits idempotently: 10 concurrent identical submits give one complete response and one receipt', async () => {
    const inv = await invite('en');
    await put(inv.cookie, { seq: 1, currentPage: 0, language: 'en', answers: { institution: 'MFA' } });
    const body = { submissionId: crypto.randomUUID(), answers: answers(), language: 'ar' };
    const all = await Promise.all(Array.from({ length: 10 }, () => post(inv.cookie, body)));
    for (const r of all) assert.equal(r.status, 200, JSON.stringify(r.body));
    const receipts = new Set(all.map((r) => r.body.receiptCode));
    assert.equal(receipts.size, 1);
    const receipt = [...receipts][0];
    assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{8}$/);
    const rows = await db().query(`SELECT status, receipt_code, client_submission_id, language, submitted_answers = answers AS same FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    assert.deepEqual(rows, [{ status: 'complete', receipt_code: receipt, client_submission_id: body.submissionId, language: 'ar', same: true }]);
    const ev = await db().query(`SELECT kind FROM invitation_events WHERE invitation_id = $1 ORDER BY id`, [inv.invitationId]);
    assert.deepEqual(ev.map((e: { kind: string }) => e.kind), ['invited', 'started', 'completed']);
    assert.equal((await db().query(`SELECT status FROM invitations WHERE id = $1`, [inv.invitationId]))[0].status, 'completed');
    const audit = await db().query(`SELECT actor_kind, programme_id FROM audit_events WHERE action = 'response.submit' AND details->>'submissionId' = $1`, [body.submissionId]);
    assert.deepEqual(audit, [{ actor_kind: 'respondent', programme_id: officer.programmeId }]);

    const reordered = { language: 'ar', answers: Object.fromEntries(Object.entries(body.answers).reverse()), submissionId: body.submissionId };
    assert.equal((await post(inv.cookie, reordered)).body.receiptCode, receipt);
    const conflict = await post(inv.cookie, { ...body, answers: { ...body.answers, sex: 'male' } });
    assert.equal(conflict.status, 409);
    assert.deepEqual(conflict.body, { code: 'response.submission_conflict', message: 'This submission id was already used with different answers.' });
    const again = await post(inv.cookie, { ...body, submissionId: crypto.randomUUID() });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'response.already_complete');
    const draft = await put(inv.cookie, { seq: 99, currentPage: 0, language: 'en', answers: {} });
    assert.equal(draft.status, 409);
    assert.equal(draft.body.code, 'response.already_complete');
    const s = await request(app()).get('/api/respond/session').set('Cookie', inv.cookie);
    assert.deepEqual([s.body.status, s.body.receiptCode, s.body.answers], ['complete', receipt, {}]);
  });

  it('open links give each anonymous respondent their own response', async () => {
    const link = (await officer.post(`/api/programmes/${officer.programmeId}/waves/${waveId}/open-link`)).body.link as string;
    const path = new URL(link).pathname;
    const a = await request(app()).get(path);
    const b = await request(app()).get(path);
    assert.equal(a.status, 303);
    const ca = (a.headers['set-cookie'][0] as string).split(';')[0];
    const cb = (b.headers['set-cookie'][0] as string).split(';')[0];
    assert.notEqual(ca, cb);
    assert.equal((await put(ca, { seq: 1, currentPage: 0, language: 'en', answers: { institution: 'CSO' } })).status, 200);
    assert.equal((await put(cb, { seq: 1, currentPage: 0, language: 'en', answers: { institution: 'MoY' } })).status, 200);
    const resume = await request(app()).get(path).set('Cookie', ca);
    assert.equal(resume.headers['set-cookie'], undefined); // the same browser resumes its own response
    const sub = await post(ca, { submissionId: crypto.randomUUID(), answers: answers(), language: 'en' });
    assert.equal(sub.status, 200);
    const rows = await db().query(`SELECT status, answers->>'institution' AS inst FROM responses WHERE wave_id = $1 AND invitation_id IS NULL ORDER BY inst`, [waveId]);
    assert.deepEqual(rows, [{ status: 'complete', inst: 'MFA' }, { status: 'draft', inst: 'MoY' }]);
  });
});
