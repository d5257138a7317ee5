// Disaggregation limits at save (issue #22): at most 3 per indicator and 8 different dimensions in a programme, so the
// values endpoints can always compute every accepted configuration; refused with 400 and nothing saved.
import assert from 'node:assert/strict';
import { loginAs } from '../helpers';
import { testEnv } from '../setup';

describe('indicator disaggregation limits', () => {
  it('refuses a fourth disaggregation and a ninth distinct dimension; the values endpoint answers for what was accepted', async () => {
    const officer = await loginAs('officer');
    const base = `/api/programmes/${officer.programmeId}`;
    const so = await officer.post(`${base}/results`, { level: 'strategic_objective', code: 'SO', statementEn: 'Goal' }).expect(201);
    const attr = (a: string) => ({ kind: 'attribute', attribute: a });
    const body = (code: string, disaggregations: unknown[]) => ({ resultId: so.body.id, code, nameEn: code, unit: 'count',
      formula: { kind: 'count', item: { kind: 'question', name: 'q1' }, condition: { op: '>=', value: 1 } }, disaggregations });

    const four = await officer.post(`${base}/indicators`, body('I.0', ['a1', 'a2', 'a3', 'a4'].map(attr)));
    assert.equal(four.status, 400);
    assert.equal(four.body.code, 'request.invalid');
    for (let i = 1; i <= 8; i++) await officer.post(`${base}/indicators`, body(`I.${i}`, [attr(`a${i}`)])).expect(201);
    const ninth = await officer.post(`${base}/indicators`, body('I.9', [attr('a9')]));
    assert.equal(ninth.status, 400, JSON.stringify(ninth.body));
    assert.equal(ninth.body.code, 'indicator.too_many_disaggregations');
    assert.match(ninth.body.details.problems[0].message, /at most 8 different dimensions/);
    // changing an indicator to a new dimension counts the others only, so swapping one is allowed
    const list = (await officer.get(`${base}/indicators`).expect(200)).body as Array<{ id: string; code: string }>;
    const one = list.find((i) => i.code === 'I.1')!;
    await officer.patch(`${base}/indicators/${one.id}`, { disaggregations: [attr('a9')] }).expect(200);
    const rows = await testEnv().ctx.db.query(`SELECT count(*)::int AS n FROM indicators WHERE programme_id = $1`, [officer.programmeId]);
    assert.equal(rows[0].n, 8, 'the refused indicators were not saved');
    await officer.get(`${base}/indicator-values`).expect(200);
  });
});
