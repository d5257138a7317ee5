// Fault injection on the respondent's final submit and autosave, against the real database: ten identical submits at
// once, the same submission id with another payload, autosaves arriving out of order, and the backend killed mid-submit.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import { Client } from 'pg';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';
import { resetRateLimits } from '../../server/http/rate-limits';
import { createInvitation } from '../../server/services/tokens';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';

const DAY = 86400000;
const db = () => testEnv().ctx.db;
const app = () => testEnv().app.app;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const answers = (seed = 7) => demoAnswers(DEMO_STAKEHOLDERS[0], prng(seed), true);
const submit = (cookie: string, body: unknown) => request(app()).post('/api/respond/submit').set('Cookie', cookie).send(body as object);
const autosave = (cookie: string, body: unknown) => request(app()).put('/api/respond/draft').set('Cookie', cookie).send(body as object);

describe('faults: submissions and autosaves', function () {
  this.timeout(60000);
  let officer: Session & { programmeId: string };
  let waveId: string;

  before(async () => {
    await resetRateLimits();
    officer = await loginAs('officer');
    const pid = officer.programmeId;
    const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Baseline', definition: baseline });
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
    assert.equal(v.status, 201, JSON.stringify(v.body));
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'Baseline', nameAr: 'خط الأساس',
      opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
    assert.equal(w.status, 201, JSON.stringify(w.body));
    waveId = w.body.id;
  });
  beforeEach(() => resetRateLimits());

  async function invite() {
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution, preferred_language) VALUES ($1, $2, 'MFA', 'en') RETURNING id`,
      [officer.programmeId, uniq('Person ')]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId, stakeholderId: s.id, baseUrl: 'https://marsad.example' }));
    return { invitationId: inv.invitationId as string, cookie: `marsad_resp=${inv.token}` };
  }
  const stored = async (invitationId: string) => ({
    responses: await db().query(`SELECT status, client_submission_id, receipt_code FROM responses WHERE invitation_id = $1`, [invitationId]),
    completed: (await db().query(`SELECT count(*)::int AS n FROM invitation_events WHERE invitation_id = $1 AND kind = 'completed'`, [invitationId]))[0].n,
    audits: (await db().query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'response.submit' AND details->>'invitationId' = $1`, [invitationId]))[0].n,
  });

  it('ten identical final submits at once store one response and all get the same receipt', async () => {
    const inv = await invite();
    const body = { submissionId: crypto.randomUUID(), answers: answers(), language: 'en' };
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(inv.cookie, body)));
    assert.deepEqual(results.map((r) => r.status), Array(10).fill(200), JSON.stringify(results.map((r) => r.body)));
    assert.equal(new Set(results.map((r) => r.body.receiptCode)).size, 1);
    const s = await stored(inv.invitationId);
    assert.deepEqual(s.responses, [{ status: 'complete', client_submission_id: body.submissionId, receipt_code: results[0].body.receiptCode }]);
    assert.equal(s.completed, 1);
    assert.equal(s.audits, 1);
  });

  it('the same submission id with another payload is 409 and changes nothing', async () => {
    const inv = await invite();
    const id = crypto.randomUUID();
    const first = await submit(inv.cookie, { submissionId: id, answers: answers(), language: 'en' });
    assert.equal(first.status, 200);
    const other = await submit(inv.cookie, { submissionId: id, answers: answers(99), language: 'en' });
    assert.equal(other.status, 409);
    assert.equal(other.body.code, 'response.submission_conflict');
    const [row] = await db().query(`SELECT answers FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    assert.deepEqual(row.answers.institution, answers().institution);
    assert.equal((await stored(inv.invitationId)).audits, 1);
  });

  it('autosaves arriving out of order: the stale one is refused and the newest answers stay', async () => {
    const inv = await invite();
    const save = (seq: number) => autosave(inv.cookie, { seq, currentPage: seq, language: 'en', answers: { years_migration: seq } });
    assert.equal((await save(3)).status, 200);
    const late = await save(2);
    assert.equal(late.status, 409);
    assert.deepEqual(late.body.details, { storedSeq: 3 });
    const burst = await Promise.all([5, 4, 7, 6].map(save));
    assert.ok(burst.every((r) => r.status === 200 || r.body.code === 'response.stale_autosave'));
    const [row] = await db().query(`SELECT autosave_seq, answers, current_page FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    assert.deepEqual(row, { autosave_seq: 7, answers: { years_migration: 7 }, current_page: 7 });
  });

  it('a backend killed mid-submit leaves no partial write, and the retry succeeds once', async () => {
    const inv = await invite();
    const body = { submissionId: crypto.randomUUID(), answers: answers(), language: 'en' };
    const admin = new Client({ connectionString: testEnv().databaseUrl });
    await admin.connect();
    try {
      // the submit's last statement is its audit row (inside marsad_submit): hold it there, after the response and
      // invitation updates
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
      const pending = submit(inv.cookie, body).then((r) => r);
      let victims: Array<{ pid: number }> = [];
      for (let i = 0; i < 200 && !victims.length; i++) {
        await sleep(50);
        await admin.query('SELECT pg_stat_clear_snapshot()');
        victims = (await admin.query(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'
          AND (query LIKE 'INSERT INTO audit_events%' OR query LIKE '%marsad_submit(%')`)).rows;
      }
      assert.equal(victims.length, 1, 'the submit is waiting inside its transaction');
      await admin.query('SELECT pg_terminate_backend($1)', [victims[0].pid]);
      // what other connections can see right after the kill: nothing of the submit
      const seen = await db().query(`SELECT status FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
      assert.ok(seen.every((r: { status: string }) => r.status !== 'complete'), 'no partial write');
      const [invitation] = await db().query(`SELECT status FROM invitations WHERE id = $1`, [inv.invitationId]);
      assert.notEqual(invitation.status, 'completed');
      await admin.query('COMMIT');
      const res = await pending; // the transaction wrapper retried the lost connection
      assert.ok(res.status === 200 || res.status === 503, `${res.status} ${JSON.stringify(res.body)}`);
      const retry = await submit(inv.cookie, body); // the browser's queue retries with the same id
      assert.equal(retry.status, 200);
      if (res.status === 200) assert.equal(retry.body.receiptCode, res.body.receiptCode);
      const s = await stored(inv.invitationId);
      assert.deepEqual(s.responses.map((r: any) => [r.status, r.client_submission_id]), [['complete', body.submissionId]]);
      assert.equal(s.completed, 1, 'one completed event');
      assert.equal(s.audits, 1, 'one audit row');
    } finally {
      await admin.query('ROLLBACK').catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  });
});
