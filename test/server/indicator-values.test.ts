// Indicator values API on the demo programme (14 complete baseline responses): every indicator equals the reference
// evaluator over the seeded rows, hand-checked values, intervals, labels in both languages, suppression, the
// response-rate caveat; and on a scratch copy: additivity of disaggregated cells, progress and status after a midline.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { loginAdmin, loginAs, type Session } from '../helpers';
import { evaluateReference } from '../../indicators/evaluate';
import { compileIndicatorQuery } from '../../indicators/sql';
import { DEMO_INDICATORS } from '../../server/seed/demo-logframe';
import type { TFormula } from '../../indicators/formula';

const near = (a: number, b: number, eps = 1e-3) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);
type Cell = { value: number; numerator: number; denominator: number; n: number; ci: { low: number; high: number } | null; suppressed: boolean };

describe('indicator values API', () => {
  let admin: Session;
  let baselineId = '';
  let url = '';
  before(async () => {
    admin = await loginAdmin();
    const env = testEnv();
    [{ id: baselineId }] = await env.ctx.db.query(`SELECT id FROM waves WHERE programme_id = $1 AND kind = 'baseline'`, [env.demoProgrammeId]);
    url = `/api/programmes/${env.demoProgrammeId}`;
  });

  it('takes the latest value from the last wave with complete responses, not from an open wave with none', async () => {
    const res = await admin.get(`${url}/indicator-values`).expect(200);
    const op = res.body.indicators.find((i: { code: string }) => i.code === 'OP1.1.1');
    assert.equal(op.values.length, 2);
    assert.equal(op.latest.waveId, baselineId);
    assert.equal(op.latest.value, op.baseline.value);
    assert.equal(op.progress, null);
    assert.equal(op.status, null);
  });

  it('computes every demo indicator as the reference evaluator over the seeded rows; hand-checked values', async () => {
    const rows = await testEnv().ctx.db.query(`SELECT r.answers, s.institution, s.sex FROM responses r JOIN stakeholders s ON s.id = r.stakeholder_id
      WHERE r.wave_id = $1 AND r.status = 'complete'`, [baselineId]);
    assert.equal(rows.length, 14);
    const people = rows.map((r: { answers: Record<string, unknown>; institution: string; sex: string }) => ({ answers: r.answers, attributes: { institution: r.institution, sex: r.sex } }));
    const res = await admin.get(`${url}/indicator-values?waves=${baselineId}`).expect(200);
    assert.equal(res.body.indicators.length, DEMO_INDICATORS.length);
    for (const ind of res.body.indicators) {
      const ref = evaluateReference(ind.formula as TFormula, people, { missingCodes: ['na', 'dk'] });
      const o: Cell = ind.values[0].overall;
      assert.equal(o.suppressed, false, ind.code);
      assert.deepEqual([o.numerator, o.denominator, o.n], [ref.numerator, ref.denominator, ref.n], ind.code);
      near(o.value, ref.value!);
      assert.equal(ind.baseline.value, o.value);
    }
    const by = (code: string) => res.body.indicators.find((i: { code: string }) => i.code === code);
    // SO1.1 know_dialogues >= 4: answers dk,5,3,1,1,2,dk,dk,2,2,2,1,2,4 → 2 of 11 valid (3 "don't know" left out)
    const so11: Cell = by('SO1.1').values[0].overall;
    assert.deepEqual([so11.numerator, so11.denominator], [2, 11]);
    near(so11.value, 18.182); near(so11.ci!.low, 5.136, 0.01); near(so11.ci!.high, 47.698, 0.01);
    // IO1.1 dialogue_active = yes: asked of 12 who attended a dialogue, 2 "don't know" → 6 of 10
    assert.deepEqual([by('IO1.1').values[0].overall.numerator, by('IO1.1').values[0].overall.denominator, by('IO1.1').values[0].overall.value], [6, 10, 60]);
    // SO2.1 mean consular_preparedness: 5,4,2,1,3,4,3,2,1,4,3,4,2,4 = 42/14 = 3; sd² = (146 − 14·9)/13; t(13) = 2.160369
    const so21: Cell = by('SO2.1').values[0].overall;
    assert.equal(so21.value, 3);
    const half = 2.160369 * Math.sqrt(20 / 13 / 14);
    near(so21.ci!.low, 3 - half); near(so21.ci!.high, 3 + half);
    // IO4.1 total cso_meetings 7+1+1+9+0+0+5+11+11+9+11+2+4+4 = 75, no interval for sums
    assert.deepEqual([by('IO4.1').values[0].overall.value, by('IO4.1').values[0].overall.ci], [75, null]);
    // OP1.1.1 count of Khartoum or Rabat attendance: 6
    assert.equal(by('OP1.1.1').values[0].overall.value, 6);
    assert.equal(res.body.waves[0].responseRate.caveat, 'based on 14 of 24 invited (58%)');
    assert.equal(by('SO1.1').target, 75);
    assert.equal(by('SO1.1').progress, null); // no follow-up measurement yet
  });

  it('disaggregates by sex and institution with labels, suppression and the Arabic caveat', async () => {
    const res = await admin.get(`${url}/indicators/${(await testEnv().ctx.db.query(`SELECT id FROM indicators WHERE programme_id = $1 AND code = 'SO2.1'`, [testEnv().demoProgrammeId]))[0].id}/values?waves=${baselineId}&disaggregate=sex,institution&lang=ar`).expect(200);
    assert.equal(res.body.code, 'SO2.1');
    const [bySex, byInst, cross] = res.body.values[0].disaggregations;
    assert.deepEqual(bySex.cells.map((c: { keys: Array<{ label: string }> }) => c.keys[0].label), ['أنثى', 'ذكر']);
    const total = res.body.values[0].overall;
    assert.equal(bySex.cells.reduce((s: number, c: Cell) => s + c.numerator, 0), total.numerator);
    assert.equal(bySex.cells.reduce((s: number, c: Cell) => s + c.denominator, 0), total.denominator);
    const mfa = byInst.cells.find((c: { keys: Array<{ code: string }> }) => c.keys[0].code === 'MFA');
    // institution cells carry the registry's name in the language asked, beside the code
    assert.deepEqual([mfa.keys[0].label, mfa.n, mfa.numerator, mfa.suppressed], ['وزارة الخارجية', 3, 11, false]); // 5 + 4 + 2
    const di = byInst.cells.find((c: { keys: Array<{ code: string }> }) => c.keys[0].code === 'DI');
    assert.deepEqual([di.suppressed, di.value, di.n], [true, null, null]);
    for (const d of [bySex, byInst, cross]) assert.notEqual(d.cells.filter((c: Cell) => c.suppressed).length, 1, 'never exactly one hidden cell');
    assert.equal(cross.dimensions.length, 2);
    assert.match(res.body.values[0].responseRate.caveat, /^بناءً على 14 من أصل 24 مدعوًا \(58٪\)$/);
  });

  it('disaggregated numerators and denominators add up to the totals (SQL, all demo indicators)', async () => {
    const q = compileIndicatorQuery({ indicators: DEMO_INDICATORS.map((i) => ({ id: i.code, formula: i.formula })), missingCodes: ['na', 'dk'],
      dimensions: [{ kind: 'question', name: 'sex' }, { kind: 'attribute', attribute: 'institution' }], cross: true }, baselineId);
    const cells = q.decode(await testEnv().ctx.db.query(q.sql, q.params));
    const total = cells.find((c) => c.keys.every((k) => k === null))!;
    for (const i of DEMO_INDICATORS) {
      for (const pick of [(k: Array<string | null>) => k[0] !== null && k[1] === null, (k: Array<string | null>) => k[0] === null && k[1] !== null, (k: Array<string | null>) => k[0] !== null && k[1] !== null]) {
        const part = cells.filter((c) => pick(c.keys)).map((c) => c.values.get(i.code)!);
        const t = total.values.get(i.code)!;
        near(part.reduce((s, a) => s + a.numerator, 0), t.numerator, 1e-9);
        assert.equal(part.reduce((s, a) => s + a.denominator, 0), t.denominator, i.code);
        assert.equal(part.reduce((s, a) => s + a.n, 0), t.n, i.code);
      }
    }
  });

  it('progress and status after a midline; viewer access; another programme 404; bad input 400', async () => {
    const env = testEnv();
    const db = env.ctx.db;
    const officer = await loginAs('officer');
    const pid = officer.programmeId;
    // a scratch copy of the demo baseline: same questionnaire, stakeholders and answers; a midline where everybody knows the dialogues well
    const [v] = await db.query(`SELECT questionnaire_version_id AS id FROM waves WHERE id = $1`, [baselineId]);
    const [qn] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'copy', 'Copy') RETURNING id`, [pid]);
    const [v1] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) SELECT $1, 1, definition FROM questionnaire_versions WHERE id = $2 RETURNING id`, [qn.id, v.id]);
    const wave = async (kind: string, days: number) => (await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, $3, $3, now() + $4 * interval '1 day', now() + ($4 + 30) * interval '1 day') RETURNING id`, [pid, v1.id, kind, days]))[0].id;
    const w0 = await wave('baseline', -400), w1 = await wave('midline', -30);
    await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, sex, attributes) SELECT $1, name_en, institution, sex, jsonb_build_object('old', id) FROM stakeholders WHERE programme_id = $2`, [pid, env.demoProgrammeId]);
    for (const [w, patch] of [[w0, {}], [w1, { know_dialogues: 5 }]] as const) {
      await db.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, answers, submitted_answers, submitted_at)
        SELECT $1, $2, $3, s.id, 'complete', r.answers || $5::jsonb, r.answers, now() FROM responses r JOIN stakeholders s ON s.attributes ->> 'old' = r.stakeholder_id::text
        WHERE r.wave_id = $4 AND r.status = 'complete'`, [pid, w, v1.id, baselineId, JSON.stringify(patch)]);
    }
    const [res] = await db.query(`INSERT INTO results (programme_id, level, code, statement_en) VALUES ($1, 'specific_objective', 'SO1', 'x') RETURNING id`, [pid]);
    const so11 = DEMO_INDICATORS.find((i) => i.code === 'SO1.1')!;
    await officer.post(`/api/programmes/${pid}/indicators`, { resultId: res.id, code: 'SO1.1', nameEn: 'k', unit: 'percent', formula: so11.formula, targets: { final: { value: 75 } } }).expect(201);
    await officer.patch(`/api/programmes/${pid}/indicator-settings`, { suppressionThreshold: 1 }).expect(200);
    const out = (await officer.get(`/api/programmes/${pid}/indicator-values?disaggregate=institution`).expect(200)).body;
    const ind = out.indicators[0];
    near(ind.baseline.value, 200 / 11);
    assert.equal(ind.latest.value, 100); // 14 of 14
    near(ind.progress, (100 - 200 / 11) / (75 - 200 / 11)); // 1.44
    assert.equal(ind.status, 'on_track');
    // paired: the 11 with a valid baseline answer; 9 moved from below 4 to 5 (+100 points), 2 stayed high
    assert.deepEqual([ind.pairedChange.n, ind.pairedChange.toWaveId], [11, w1]);
    near(ind.pairedChange.meanChange, 900 / 11);
    // threshold 1: nothing hidden, institution cells add up to the total
    const cells = ind.values[0].disaggregations[0].cells as Cell[];
    assert.ok(cells.every((c) => !c.suppressed));
    assert.equal(cells.reduce((s, c) => s + c.numerator, 0), ind.values[0].overall.numerator);
    assert.equal(cells.reduce((s, c) => s + c.denominator, 0), ind.values[0].overall.denominator);
    assert.equal(out.waves[0].responseRate.caveat, 'based on 14 responses (open link)');
    // isolation and validation
    await officer.get(`/api/programmes/${pid}/indicator-values?waves=${baselineId}`).expect(404);
    await officer.get(`${url}/indicator-values`).expect(404);
    await officer.get(`/api/programmes/${pid}/indicator-values?waves=not-a-uuid`).expect(400);
    await officer.get(`/api/programmes/${pid}/indicator-values?disaggregate=a,b,c`).expect(400);
  });
});
