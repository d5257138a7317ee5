// Response corrections: an officer's revision of a completed response (validated, optimistic lock, audit), the
// submitted answers kept as they were, the history with per-answer diffs, and the access rules.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';
import { createInvitation } from '../../server/services/tokens';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';

const DAY = 86400000;
const db = () => testEnv().ctx.db;

describe('response revisions', () => {
  let officer: Session & { programmeId: string };
  let pid: string;
  let waveId: string;
  before(async () => {
    officer = await loginAs('officer');
    pid = officer.programmeId;
    const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Baseline', definition: baseline }).expect(201);
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
    waveId = (await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'Baseline',
      opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() }).expect(201)).body.id;
  });

  async function completeResponse(draftOnly = false) {
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, $2, 'MFA') RETURNING id`, [pid, uniq('P ')]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId, stakeholderId: s.id }));
    const answers = demoAnswers(DEMO_STAKEHOLDERS[0], prng(3), true) as Record<string, unknown>;
    const cookie = `marsad_resp=${inv.token}`;
    if (draftOnly) await request(testEnv().app.app).put('/api/respond/draft').set('Cookie', cookie).send({ seq: 1, currentPage: 0, language: 'en', answers: { institution: 'MFA' } }).expect(200);
    else await request(testEnv().app.app).post('/api/respond/submit').set('Cookie', cookie).send({ submissionId: crypto.randomUUID(), answers, language: 'en' }).expect(200);
    const [r] = await db().query(`SELECT id FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    return { id: r.id as string, answers };
  }

  it('corrects a completed response as a new revision; the submitted answers stay; history shows diffs', async () => {
    const { id, answers } = await completeResponse();
    const url = `/api/programmes/${pid}/responses/${id}`;
    const before = (await officer.get(url).expect(200)).body;
    assert.deepEqual([before.status, before.revision, before.answers, before.submittedAnswers], ['complete', 0, answers, answers]);
    const fixed = { ...answers, sex: 'male', cso_meetings: 12 };
    const res = await officer.post(`${url}/revisions`, { baseRevision: 0, answers: fixed, reason: 'Phone call: wrong sex recorded' }).expect(201);
    assert.equal(res.body.revision, 1);
    assert.deepEqual(res.body.changes, [{ key: 'cso_meetings', before: answers.cso_meetings, after: 12 }, { key: 'sex', before: answers.sex, after: 'male' }]);
    const [row] = await db().query(`SELECT answers, submitted_answers, revision FROM responses WHERE id = $1`, [id]);
    assert.deepEqual([row.answers, row.submitted_answers, row.revision], [fixed, answers, 1]);
    const second = { ...fixed, sex: 'na' };
    await officer.post(`${url}/revisions`, { baseRevision: 1, answers: second, reason: 'Respondent asked' }).expect(201);
    const hist = (await officer.get(`${url}/revisions`).expect(200)).body;
    assert.deepEqual(hist.submittedAnswers, answers);
    assert.deepEqual(hist.answers, second);
    assert.equal(hist.revision, 2);
    assert.deepEqual(hist.revisions.map((r: any) => [r.revision, r.reason, r.createdBy.id, r.changes]), [
      [1, 'Phone call: wrong sex recorded', officer.userId, [{ key: 'cso_meetings', before: answers.cso_meetings, after: 12 }, { key: 'sex', before: answers.sex, after: 'male' }]],
      [2, 'Respondent asked', officer.userId, [{ key: 'sex', before: 'male', after: 'na' }]],
    ]);
    const ev = await db().query(`SELECT actor_user_id, programme_id, details FROM audit_events WHERE action = 'response.revise' AND target_id = $1 ORDER BY id`, [id]);
    assert.deepEqual(ev.map((e: any) => [e.actor_user_id, e.programme_id, e.details.revision, e.details.keys]),
      [[officer.userId, pid, 1, ['cso_meetings', 'sex']], [officer.userId, pid, 2, ['sex']]]);
  });

  it('gives 409 to the second of two officers editing the same revision', async () => {
    const { id, answers } = await completeResponse();
    const other = await loginAs('officer', pid);
    const url = `/api/programmes/${pid}/responses/${id}/revisions`;
    const [a, b] = await Promise.all([
      officer.post(url, { baseRevision: 0, answers: { ...answers, sex: 'male' }, reason: 'A' }),
      other.post(url, { baseRevision: 0, answers: { ...answers, sex: 'na' }, reason: 'B' }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [201, 409]);
    assert.equal((a.status === 409 ? a : b).body.code, 'resource.stale');
    const rows = await db().query(`SELECT revision FROM response_revisions WHERE response_id = $1`, [id]);
    assert.deepEqual(rows, [{ revision: 1 }]);
    const late = await officer.post(url, { baseRevision: 0, answers: { ...answers, sex: 'male' }, reason: 'late' }).expect(409);
    assert.deepEqual(late.body.details, { baseRevision: 0, currentRevision: 1 });
  });

  it('validates with the version validator and refuses drafts, other programmes and viewers', async () => {
    const { id, answers } = await completeResponse();
    const url = `/api/programmes/${pid}/responses/${id}`;
    const bad = await officer.post(`${url}/revisions`, { baseRevision: 0, answers: { ...answers, sex: 'robot' }, reason: 'x' }).expect(400);
    assert.equal(bad.body.code, 'answers.invalid');
    assert.ok(bad.body.details.errors.sex);
    await officer.post(`${url}/revisions`, { baseRevision: 0, answers, reason: 'no change' }).expect(400);
    await officer.post(`${url}/revisions`, { baseRevision: 0, answers: { ...answers, sex: 'male' }, reason: '' }).expect(400);
    const draft = await completeResponse(true);
    const nc = await officer.post(`/api/programmes/${pid}/responses/${draft.id}/revisions`, { baseRevision: 0, answers, reason: 'x' }).expect(409);
    assert.equal(nc.body.code, 'response.not_complete');
    const viewer = await loginAs('viewer', pid);
    await viewer.get(url).expect(403);
    await viewer.post(`${url}/revisions`, { baseRevision: 0, answers: { ...answers, sex: 'male' }, reason: 'x' }).expect(403);
    const stranger = await loginAs('officer');
    await stranger.get(url).expect(404);
    await stranger.get(`${url}/revisions`).expect(404);
    // the response id under the stranger's own programme: 404 too, exactly like a missing one
    const missing = await stranger.get(`/api/programmes/${stranger.programmeId}/responses/${crypto.randomUUID()}`).expect(404);
    assert.deepEqual((await stranger.get(`/api/programmes/${stranger.programmeId}/responses/${id}`).expect(404)).body, missing.body);
    assert.equal((await db().query(`SELECT revision FROM responses WHERE id = $1`, [id]))[0].revision, 0);
  });

  it('lists the wave\'s responses page by page, shows one with labels, excludes and restores it (rates follow, audited)', async () => {
    const a = await completeResponse();
    const b = await completeResponse();
    await completeResponse(true);
    const wurl = `/api/programmes/${pid}/waves/${waveId}`;
    const page1 = (await officer.get(`${wurl}/responses?limit=2`).expect(200)).body;
    assert.ok(page1.total >= 3);
    assert.equal(page1.items.length, 2);
    const page2 = (await officer.get(`${wurl}/responses?limit=2&offset=2`).expect(200)).body;
    assert.ok(!page2.items.some((r: { id: string }) => page1.items.some((x: { id: string }) => x.id === r.id)));
    assert.ok((await officer.get(`${wurl}/responses?status=draft`).expect(200)).body.items.every((r: { status: string }) => r.status === 'draft'));
    const d = (await officer.get(`/api/programmes/${pid}/responses/${a.id}/detail`).expect(200)).body;
    const sex = d.questions.find((x: { name: string }) => x.name === 'sex');
    assert.ok(sex.titleEn && sex.titleAr && sex.choices.length && sex.editable);
    const rates = async () => (await officer.get(`${wurl}/response-rates`).expect(200)).body.completed as number;
    const completed = await rates();
    await officer.post(`/api/programmes/${pid}/responses/${b.id}/exclude`, {}).expect(400);
    const ex = await officer.post(`/api/programmes/${pid}/responses/${b.id}/exclude`, { reason: 'test response by the officer' }).expect(200);
    assert.ok(ex.body.excludedAt);
    assert.equal(await rates(), completed - 1);
    assert.equal((await officer.get(`${wurl}/responses?excluded=true`).expect(200)).body.items[0].excludedReason, 'test response by the officer');
    await officer.post(`/api/programmes/${pid}/responses/${b.id}/restore`, {}).expect(200);
    assert.equal(await rates(), completed);
    const ev = await db().query(`SELECT action FROM audit_events WHERE target_id = $1 AND action IN ('response.exclude','response.restore') ORDER BY id`, [b.id]);
    assert.deepEqual(ev.map((e: { action: string }) => e.action), ['response.exclude', 'response.restore']);
    const other = await loginAs('officer');
    await other.get(`/api/programmes/${other.programmeId}/responses/${a.id}/detail`).expect(404);
    await other.post(`/api/programmes/${other.programmeId}/responses/${a.id}/exclude`, { reason: 'x' }).expect(404);
    await other.get(`/api/programmes/${other.programmeId}/waves/${waveId}/responses`).expect(404);
    const viewer = await loginAs('viewer', pid);
    await viewer.get(`${wurl}/responses`).expect(403);
  });
});
