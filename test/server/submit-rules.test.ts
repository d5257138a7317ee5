// The final submit's rules, all in the database function marsad_submit: what a submit without a draft writes (and what the
// timeline shows of it), versions guessed wrong, closed waves against stored submissions, open-link races, replaced links.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';
import { resetRateLimits } from '../../server/http/rate-limits';
import { createInvitation, reissueInvitation } from '../../server/services/tokens';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';

const db = () => testEnv().ctx.db;
const app = () => testEnv().app.app;
const DAY = 86400000;
const answers = (seed = 7) => demoAnswers(DEMO_STAKEHOLDERS[0], prng(seed), true);
const ONE_QUESTION = { pages: [{ name: 'p1', elements: [{ type: 'text', name: 'q1', isRequired: true, title: { default: 'Q1', ar: 'س1' } }] }] };
const post = (cookie: string, body: unknown) => request(app()).post('/api/respond/submit').set('Cookie', cookie).send(body as object);
const kinds = (rows: Array<{ kind: string }>) => rows.map((e) => e.kind);

describe('submit rules (marsad_submit)', () => {
  let officer: Session & { programmeId: string };
  let waveId: string;
  let otherWaveId: string;

  async function wave(definition: unknown, name: string): Promise<string> {
    const pid = officer.programmeId;
    const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: name, definition });
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: name,
      opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
    assert.equal(w.status, 201, JSON.stringify(w.body));
    return w.body.id;
  }

  before(async () => {
    await resetRateLimits();
    officer = await loginAs('officer');
    waveId = await wave(baseline, 'Baseline');
    otherWaveId = await wave(ONE_QUESTION, 'One question');
  });
  beforeEach(() => resetRateLimits());

  async function invite(w = waveId) {
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, $2, 'MFA') RETURNING id`,
      [officer.programmeId, uniq('Person ')]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId: w, stakeholderId: s.id, baseUrl: 'https://marsad.example' }));
    return { invitationId: inv.invitationId, token: inv.token, cookie: `marsad_resp=${inv.token}` };
  }

  it('a submit without a draft writes one completed event (no started row); the timeline shows the start it implies', async () => {
    const inv = await invite();
    const body = { submissionId: crypto.randomUUID(), answers: answers(), language: 'en' };
    const r = await post(inv.cookie, body);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ev = await db().query(`SELECT kind FROM invitation_events WHERE invitation_id = $1 ORDER BY id`, [inv.invitationId]);
    assert.deepEqual(kinds(ev), ['invited', 'completed']);
    const [row] = await db().query(`SELECT r.status, r.receipt_code, r.submitted_at = e.occurred_at AS same_time, i.status AS invitation_status
      FROM responses r JOIN invitations i ON i.id = r.invitation_id JOIN invitation_events e ON e.invitation_id = i.id AND e.kind = 'completed'
     WHERE r.invitation_id = $1`, [inv.invitationId]);
    assert.deepEqual(row, { status: 'complete', receipt_code: r.body.receiptCode, same_time: true, invitation_status: 'completed' });
    const audit = await db().query(`SELECT actor_kind, target_type, details FROM audit_events WHERE action = 'response.submit' AND details->>'submissionId' = $1`, [body.submissionId]);
    assert.deepEqual(audit, [{ actor_kind: 'respondent', target_type: 'response', details: { waveId, invitationId: inv.invitationId, submissionId: body.submissionId } }]);
    const tl = await officer.get(`/api/programmes/${officer.programmeId}/invitations/${inv.invitationId}/events`);
    assert.equal(tl.status, 200);
    assert.deepEqual(kinds(tl.body.events), ['invited', 'started', 'completed']);
    assert.deepEqual(tl.body.events[1].details, { implied: true });
    assert.equal(tl.body.events[1].occurredAt, tl.body.events[2].occurredAt);
  });

  it('validates against the version the wave really asks when the guessed one is another (one more call, same answers)', async () => {
    const a = await invite();
    assert.equal((await post(a.cookie, { submissionId: crypto.randomUUID(), answers: answers(), language: 'en' })).status, 200);
    const b = await invite(otherWaveId); // the last version seen is the baseline's: the guess for b is wrong
    const empty = await post(b.cookie, { submissionId: crypto.randomUUID(), answers: {}, language: 'en' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'answers.invalid');
    assert.deepEqual(Object.keys(empty.body.details.errors), ['q1']); // the one-question version's errors, not the baseline's
    const ok = await post(b.cookie, { submissionId: crypto.randomUUID(), answers: { q1: 'yes' }, language: 'ar' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const [row] = await db().query(`SELECT status, answers, language FROM responses WHERE invitation_id = $1`, [b.invitationId]);
    assert.deepEqual(row, { status: 'complete', answers: { q1: 'yes' }, language: 'ar' });
    // and back: the baseline's answers after the guess moved to the one-question version
    const c = await invite();
    assert.equal((await post(c.cookie, { submissionId: crypto.randomUUID(), answers: answers(3), language: 'en' })).status, 200);
  });

  it('after the wave closed: a retry gets its receipt, other ids and payloads their 409s, anything new wave.not_open', async () => {
    const w = await wave(ONE_QUESTION, 'Closing');
    const done = await invite(w);
    const fresh = await invite(w);
    const body = { submissionId: crypto.randomUUID(), answers: { q1: 'a' }, language: 'en' };
    const first = await post(done.cookie, body);
    assert.equal(first.status, 200);
    assert.equal((await officer.post(`/api/programmes/${officer.programmeId}/waves/${w}/close`)).status, 200);
    const retry = await post(done.cookie, body);
    assert.deepEqual([retry.status, retry.body.receiptCode], [200, first.body.receiptCode]);
    assert.equal((await post(done.cookie, { ...body, answers: { q1: 'b' } })).body.code, 'response.submission_conflict');
    assert.equal((await post(done.cookie, { ...body, answers: {} })).body.code, 'response.submission_conflict'); // invalid, but that id is taken
    assert.equal((await post(done.cookie, { ...body, submissionId: crypto.randomUUID(), answers: {} })).body.code, 'response.already_complete');
    const closed = await post(fresh.cookie, body);
    assert.equal(closed.status, 403);
    assert.equal(closed.body.code, 'wave.not_open');
    assert.equal(closed.body.details.closed, true);
    assert.equal((await post(fresh.cookie, { ...body, answers: {} })).body.code, 'wave.not_open'); // closed wins over invalid
    assert.equal((await db().query(`SELECT 1 FROM responses WHERE invitation_id = $1`, [fresh.invitationId])).length, 0);
  });

  it('an open-link respondent: simultaneous first submits make one response, one receipt, one anonymous audit row', async () => {
    const link = (await officer.post(`/api/programmes/${officer.programmeId}/waves/${waveId}/open-link`)).body.link as string;
    const got = await request(app()).get(new URL(link).pathname);
    const cookie = (got.headers['set-cookie'][0] as string).split(';')[0];
    const body = { submissionId: crypto.randomUUID(), answers: answers(), language: 'en' };
    const all = await Promise.all(Array.from({ length: 6 }, () => post(cookie, body)));
    assert.deepEqual(all.map((r) => r.status), Array(6).fill(200), JSON.stringify(all.map((r) => r.body)));
    assert.equal(new Set(all.map((r) => r.body.receiptCode)).size, 1);
    const rows = await db().query(`SELECT id, status, invitation_id FROM responses WHERE receipt_code = $1`, [all[0].body.receiptCode]);
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0].status, rows[0].invitation_id], ['complete', null]);
    const audit = await db().query(`SELECT actor_kind, target_id, details FROM audit_events WHERE action = 'response.submit' AND details->>'submissionId' = $1`, [body.submissionId]);
    assert.deepEqual(audit, [{ actor_kind: 'anonymous', target_id: rows[0].id, details: { waveId, invitationId: null, submissionId: body.submissionId } }]);
    const again = await post(cookie, { ...body, submissionId: crypto.randomUUID() });
    assert.equal(again.body.code, 'response.already_complete');
    // an unknown own token on a known link with invalid answers: invalid; on an unknown link: not found
    const stranger = `marsad_resp=o.${new URL(link).pathname.split('/').pop()}.${crypto.randomBytes(32).toString('base64url')}`;
    assert.equal((await post(stranger, { ...body, answers: { nope: 1 } })).body.code, 'answers.invalid');
    const nowhere = `marsad_resp=o.${crypto.randomBytes(32).toString('base64url')}.${crypto.randomBytes(32).toString('base64url')}`;
    assert.equal((await post(nowhere, body)).status, 404);
  });

  it('a replaced invitation link is told so (410); a revoked one with no successor and an unknown one are 404', async () => {
    const inv = await invite();
    await db().transaction((em) => reissueInvitation(em, inv.invitationId, 'https://x'));
    const body = { submissionId: crypto.randomUUID(), answers: answers(), language: 'en' };
    const replaced = await post(inv.cookie, body);
    assert.deepEqual([replaced.status, replaced.body.code], [410, 'respondent.link_replaced']);
    const gone = await invite();
    await db().query(`UPDATE invitations SET revoked_at = now() WHERE id = $1`, [gone.invitationId]);
    assert.deepEqual((await post(gone.cookie, body)).body, { code: 'invitation.not_found', message: 'This link is not valid, has expired or was already used.' });
    assert.equal((await post(`marsad_resp=${crypto.randomBytes(32).toString('base64url')}`, body)).status, 404);
  });
});
