// Property test through the API: random rosters (tiny institutions, one sex only, empty cells) and answers, random
// thresholds; for every indicator the margins, cross table and total hide the same cells, the single-indicator endpoint
// shows exactly the batch's cells, and the linear system of everything shown leaves every hidden cell undetermined.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testEnv } from '../setup';
import { loginAs, type Session } from '../helpers';
import { determinedHidden } from '../indicators/linear';

const person = fc.record({ inst: fc.constantFrom('A', 'B', 'C', 'D', 'E'), sex: fc.constantFrom('female', 'male'), a: fc.constantFrom(1, 2, 3, 4, 5, 99), n: fc.integer({ min: 0, max: 9 }) });

describe('indicator values: suppression through the API (property)', () => {
  let officer: Session & { programmeId: string };
  let base = '', waveId = '', versionId = '';
  const ids: Record<string, string> = {};
  before(async () => {
    const db = testEnv().ctx.db;
    officer = await loginAs('officer');
    base = `/api/programmes/${officer.programmeId}`;
    const def = { pages: [{ elements: [{ type: 'radiogroup', name: 'a', choices: [1, 2, 3, 4, 5, { value: 99, text: "Don't know" }] }, { type: 'text', name: 'n', inputType: 'number' }] }] };
    const [qn] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'p', 'P') RETURNING id`, [officer.programmeId]);
    [{ id: versionId }] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [qn.id, JSON.stringify(def)]);
    [{ id: waveId }] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'baseline', 'B', now() - interval '9 days', now() + interval '9 days') RETURNING id`, [officer.programmeId, versionId]);
    const [res] = await db.query(`INSERT INTO results (programme_id, level, code, statement_en) VALUES ($1, 'specific_objective', 'SO1', 'x') RETURNING id`, [officer.programmeId]);
    const q = (name: string) => ({ kind: 'question', name });
    for (const [code, unit, formula] of [['S', 'percent', { kind: 'share', item: q('a'), condition: { op: '>=', value: 4 } }], ['M', 'mean', { kind: 'mean', item: q('a') }],
      ['T', 'sum', { kind: 'sum', item: q('n') }], ['R', 'ratio', { kind: 'ratio', numerator: { kind: 'sum', item: q('n') }, denominator: { kind: 'count', item: q('a'), condition: { op: '>=', value: 1 } } }]] as const) {
      ids[code] = (await officer.post(`${base}/indicators`, { resultId: res.id, code, nameEn: code, unit, formula }).expect(201)).body.id;
    }
  });

  it('on 12 random data sets nothing hidden is recoverable and every indicator and endpoint hides the same cells', async function () {
    this.timeout(120000);
    const db = testEnv().ctx.db;
    await fc.assert(fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 16 }), fc.integer({ min: 2, max: 4 }), async (people, threshold) => {
      await db.query(`DELETE FROM responses WHERE wave_id = $1`, [waveId]);
      await db.query(`DELETE FROM stakeholders WHERE programme_id = $1`, [officer.programmeId]);
      await officer.patch(`${base}/indicator-settings`, { suppressionThreshold: threshold }).expect(200);
      await db.query(`WITH s AS (INSERT INTO stakeholders (programme_id, name_en, institution, sex)
          SELECT $1, 'S' || x.i, x.inst, x.sex FROM jsonb_to_recordset($3::jsonb) AS x(i int, inst text, sex text) RETURNING id, name_en)
        INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, answers, submitted_answers, submitted_at)
        SELECT $1, $2, $4, s.id, 'complete', x.a, x.a, now() FROM s JOIN jsonb_to_recordset($3::jsonb) AS x(i int, a jsonb) ON s.name_en = 'S' || x.i`,
      [officer.programmeId, waveId, JSON.stringify(people.map((p, i) => ({ i, inst: p.inst, sex: p.sex, a: { a: p.a, n: p.n } }))), versionId]);
      const query = `?waves=${waveId}&disaggregate=attribute:institution,sex`;
      const body = (await officer.get(`${base}/indicator-values${query}`).expect(200)).body;
      const pattern = (w: { overall: { suppressed: boolean }; disaggregations: Array<{ cells: Array<{ keys: Array<{ code: string }>; suppressed: boolean }> }> }) =>
        JSON.stringify([w.overall.suppressed, w.disaggregations.map((d) => d.cells.map((c) => [c.keys.map((k) => k.code), c.suppressed]))]);
      const first = pattern(body.indicators[0].values[0]);
      for (const ind of body.indicators) {
        assert.equal(pattern(ind.values[0]), first, ind.code);
        assert.deepEqual(determinedHidden(ind.values[0]), [], JSON.stringify({ threshold, people }));
      }
      const single = (await officer.get(`${base}/indicators/${ids.T}/values${query}`).expect(200)).body;
      assert.deepEqual(single.values, body.indicators.find((i: { code: string }) => i.code === 'T').values);
    }), { numRuns: 12, seed: 1515 });
  });
});
