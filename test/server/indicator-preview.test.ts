// Formula preview (POST …/indicators/preview): the same numbers as the saved indicator's values on the same wave, the same
// 400 as saving for a bad formula, disaggregated by sex and institution (names), and nothing left behind.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { createUser, login, type Session } from '../helpers';

describe('formula preview', () => {
  let officer: Session;
  let base = '';
  before(async () => {
    base = `/api/programmes/${testEnv().demoProgrammeId}`;
    officer = await login((await createUser({ programmeId: testEnv().demoProgrammeId, role: 'officer' })).email);
  });

  it('computes an unsaved formula like the saved indicator, per wave, with disaggregations; rolls back', async () => {
    const inds = (await officer.get(`${base}/indicators`).expect(200)).body;
    const waves = (await officer.get(`${base}/waves`).expect(200)).body;
    const wave = waves.find((w: { kind: string }) => w.kind === 'baseline');
    const count = async () => (await testEnv().ctx.db.query(`SELECT count(*)::int AS n FROM indicators WHERE programme_id = $1`, [testEnv().demoProgrammeId]))[0].n;
    const before = await count();
    for (const ind of inds.filter((i: { formula: { kind: string } }) => ['share', 'mean', 'index'].includes(i.formula.kind)).slice(0, 3)) {
      const saved = (await officer.get(`${base}/indicators/${ind.id}/values?waves=${wave.id}`).expect(200)).body;
      const pv = (await officer.post(`${base}/indicators/preview`, { formula: ind.formula, unit: ind.unit, waveId: wave.id }).expect(200)).body;
      assert.deepEqual(pv.overall, saved.values[0].overall, ind.code);
      assert.equal(pv.waveId, wave.id);
      const inst = pv.disaggregations.find((d: { dimension: string }) => d.dimension === 'attribute:institution');
      assert.ok(inst?.cells.length, 'by institution');
      assert.ok(pv.disaggregations.some((d: { dimension: string }) => /sex$/.test(d.dimension)), 'by sex');
    }
    assert.equal(await count(), before, 'the temporary indicator is rolled back');
  });

  it('answers a bad formula exactly as saving does', async () => {
    const formula = { kind: 'mean', item: { kind: 'question', name: 'no_such_question' } };
    const pv = await officer.post(`${base}/indicators/preview`, { formula }).expect(400);
    const [r] = await testEnv().ctx.db.query(`SELECT id FROM results WHERE programme_id = $1 LIMIT 1`, [testEnv().demoProgrammeId]);
    const save = await officer.post(`${base}/indicators`, { resultId: r.id, code: 'ZZ.PREVIEW', nameEn: 'x', unit: 'mean', formula }).expect(400);
    assert.deepEqual(pv.body, save.body);
    assert.equal(pv.body.code, 'indicator.invalid_formula');
  });

  it('refuses fields the formula schema does not know instead of dropping them', async () => {
    const formula = { kind: 'mean', item: { kind: 'question', name: 'know_dialogues' }, weight: 2 };
    const pv = await officer.post(`${base}/indicators/preview`, { formula }).expect(400);
    assert.deepEqual([pv.body.code, pv.body.details.field], ['indicator.invalid_formula', 'formula']);
    const [r] = await testEnv().ctx.db.query(`SELECT id FROM results WHERE programme_id = $1 LIMIT 1`, [testEnv().demoProgrammeId]);
    await officer.post(`${base}/indicators`, { resultId: r.id, code: 'ZZ.EXTRA', nameEn: 'x', unit: 'mean', formula }).expect(400);
  });
});
