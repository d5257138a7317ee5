// Logframe API: results tree CRUD and reorder, indicators with formula checking (clear 400 naming the item), soft
// delete, audit rows, per-programme indicator settings, roles (viewer reads, officer writes) and programme isolation.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, loginAs, type Session } from '../helpers';
import baseline from '../../surveys/demo/baseline.json';

const q = (name: string) => ({ kind: 'question' as const, name });

describe('logframe API', () => {
  let officer: Session & { programmeId: string };
  let viewer: Session;
  let base = '';
  before(async () => {
    officer = await loginAs('officer');
    base = `/api/programmes/${officer.programmeId}`;
    viewer = await login((await createUser({ programmeId: officer.programmeId, role: 'viewer' })).email);
    const db = testEnv().ctx.db;
    const [qn] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [officer.programmeId]);
    await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2)`, [qn.id, JSON.stringify(baseline)]);
  });

  const audits = async (action: string, targetId: string) => (await testEnv().ctx.db.query(
    `SELECT details FROM audit_events WHERE action = $1 AND target_id = $2 AND programme_id = $3`, [action, targetId, officer.programmeId]));

  it('builds, reads, moves, reorders and deletes results; audits every change', async () => {
    const so = await officer.post(`${base}/results`, { level: 'strategic_objective', code: 'SO', statementEn: 'Goal', statementAr: 'الهدف' }).expect(201);
    const a = await officer.post(`${base}/results`, { parentId: so.body.id, level: 'specific_objective', code: 'SO1', statementEn: 'One' }).expect(201);
    const b = await officer.post(`${base}/results`, { parentId: so.body.id, level: 'specific_objective', code: 'SO2', statementEn: 'Two' }).expect(201);
    await officer.post(`${base}/results/reorder`, { ids: [b.body.id, a.body.id] }).expect(200);
    const tree = (await viewer.get(`${base}/logframe`).expect(200)).body;
    assert.equal(tree.length, 1);
    assert.deepEqual(tree[0].children.map((c: { code: string }) => c.code), ['SO2', 'SO1']);
    await officer.patch(`${base}/results/${a.body.id}`, { code: 'SO1b', position: 9 }).expect(200);
    const cyc = await officer.patch(`${base}/results/${so.body.id}`, { parentId: a.body.id }).expect(400);
    assert.equal(cyc.body.code, 'logframe.cycle');
    assert.equal((await officer.delete(`${base}/results/${so.body.id}`).expect(409)).body.code, 'logframe.not_empty');
    await officer.delete(`${base}/results/${b.body.id}`).expect(204);
    assert.equal((await audits('logframe.result_create', a.body.id)).length, 1);
    assert.equal((await audits('logframe.result_update', a.body.id)).length, 1);
    assert.equal((await audits('logframe.result_delete', b.body.id)).length, 1);
    await viewer.post(`${base}/results`, { level: 'output', code: 'X', statementEn: 'x' }).expect(403);
    const other = await loginAs('officer');
    await other.patch(`/api/programmes/${other.programmeId}/results/${a.body.id}`, { code: 'Z' }).expect(404);
  });

  it('creates indicators with checked formulas, updates, soft-deletes; refuses bad formulas naming the item', async () => {
    const so = await officer.post(`${base}/results`, { level: 'strategic_objective', code: 'G', statementEn: 'Goal' }).expect(201);
    const body = { resultId: so.body.id, code: 'G.1', nameEn: 'Knowledge', unit: 'percent', formula: { kind: 'share', item: q('know_dialogues'), condition: { op: '>=', value: 4 } },
      targets: { final: { value: 75, date: '2026-12-31' } }, disaggregations: [{ kind: 'question', name: 'sex' }, { kind: 'attribute', attribute: 'institution' }] };
    const created = await officer.post(`${base}/indicators`, body).expect(201);
    assert.equal(created.body.code, 'G.1');

    const bad = await officer.post(`${base}/indicators`, { ...body, code: 'G.2', unit: 'mean', formula: { kind: 'mean', item: q('dialogues_attended') } }).expect(400);
    assert.equal(bad.body.code, 'indicator.invalid_formula');
    assert.equal(bad.body.details.problems[0].item, 'dialogues_attended');
    const unknown = await officer.post(`${base}/indicators`, { ...body, code: 'G.3', formula: { kind: 'mean', item: q('no_such_question') } }).expect(400);
    assert.deepEqual(unknown.body.details.problems, [{ path: 'item', item: 'no_such_question', problem: 'unknown question' }]);
    const row = await officer.post(`${base}/indicators`, { ...body, code: 'G.4', formula: { kind: 'mean', item: { kind: 'cell', name: 'capacity', row: 'budget' } } }).expect(400);
    assert.equal(row.body.details.problems[0].item, 'capacity.budget');
    assert.equal((await officer.post(`${base}/indicators`, { ...body, code: 'G.5', formula: { kind: 'avg' } }).expect(400)).body.code, 'request.invalid');

    const patched = await officer.patch(`${base}/indicators/${created.body.id}`, { nameEn: 'Knowledge of dialogues' }).expect(200);
    assert.equal(patched.body.nameEn, 'Knowledge of dialogues');
    assert.equal((await audits('indicator.update', created.body.id))[0].details.before.nameEn, 'Knowledge');
    await officer.patch(`${base}/indicators/${created.body.id}`, { formula: { kind: 'sum', item: q('sex') } }).expect(400);

    const tree = (await viewer.get(`${base}/logframe`).expect(200)).body;
    assert.equal(tree.find((r: { code: string }) => r.code === 'G').indicators[0].code, 'G.1');
    await viewer.delete(`${base}/indicators/${created.body.id}`).expect(403);
    assert.equal((await officer.delete(`${base}/indicators/${created.body.id}?hard=true`).expect(409)).body.code, 'indicator.in_use');
    await officer.delete(`${base}/indicators/${created.body.id}`).expect(204);
    await viewer.get(`${base}/indicators/${created.body.id}`).expect(404);
    const [row2] = await testEnv().ctx.db.query(`SELECT deleted_at FROM indicators WHERE id = $1`, [created.body.id]);
    assert.ok(row2.deleted_at, 'soft delete keeps the row');
    assert.equal((await audits('indicator.delete', created.body.id)).length, 1);
    // the code is free again for a new indicator
    await officer.post(`${base}/indicators`, body).expect(201);
  });

  it('keeps per-programme indicator settings', async () => {
    assert.deepEqual((await viewer.get(`${base}/indicator-settings`).expect(200)).body, { suppressionThreshold: 3, status: { onTrack: 0.75, atRisk: 0.4 } });
    const s = await officer.patch(`${base}/indicator-settings`, { suppressionThreshold: 5, status: { onTrack: 0.9, atRisk: 0.5 } }).expect(200);
    assert.deepEqual(s.body, { suppressionThreshold: 5, status: { onTrack: 0.9, atRisk: 0.5 } });
    await officer.patch(`${base}/indicator-settings`, { status: { onTrack: 0.2, atRisk: 0.5 } }).expect(400);
    await viewer.patch(`${base}/indicator-settings`, { suppressionThreshold: 1 }).expect(403);
    const pid = await createProgramme();
    await officer.get(`/api/programmes/${pid}/indicator-settings`).expect(404);
  });
});
