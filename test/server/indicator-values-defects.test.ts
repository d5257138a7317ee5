// The seven defects of issue #15 on a questionnaire written for this test: a 1–5 scale whose "don't know" is 99 (97 in
// the next version), a matrix with "not applicable"/"refused" columns, an open number where 99 is a real count, an
// all-"don't know" wave, an empty wave and a one-person institution. Every expected figure is worked out by hand below.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { loginAs, type Session } from '../helpers';
import type { TFormula } from '../../indicators/formula';
import { determinedHidden } from '../indicators/linear';
import { loadReport } from '../../server/exports/report-data';
import { displayRange } from '../../server/exports/precision';
import { resolveScope } from '../../server/exports/scope';

const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);
const likert = (dk: number, ar = 'لا أعرف') => [1, 2, 3, 4, 5].map((v) => ({ value: v, text: { default: String(v), ar: String(v) } }))
  .concat([{ value: dk, text: { default: "Don't know", ar } }]);
const q = (name: string) => ({ kind: 'question' as const, name });
const definition = (dk: number) => ({ pages: [{ elements: [
  { type: 'radiogroup', name: 'sex', choices: [{ value: 'female', text: { default: 'Female', ar: 'أنثى' } }, { value: 'male', text: { default: 'Male', ar: 'ذكر' } }] },
  { type: 'radiogroup', name: 'trust', choices: likert(dk) },
  { type: 'radiogroup', name: 'skill', choices: likert(dk) },
  { type: 'radiogroup', name: 'calm', choices: likert(dk) },
  { type: 'matrix', name: 'cap', rows: ['a', 'b'], columns: [1, 2, 3, 4, 5].map((v) => ({ value: v, text: String(v) }))
    .concat([{ value: 'x' as unknown as number, text: { default: 'Not applicable', ar: 'لا ينطبق' } as unknown as string }, { value: 98, text: { default: 'Refused', ar: 'أرفض الإجابة' } as unknown as string }]) },
  { type: 'text', name: 'events', inputType: 'number' },
  { type: 'text', name: 'women', inputType: 'number' }, { type: 'text', name: 'men', inputType: 'number' },
] }] });

// stakeholder: [institution, sex]; A has 4 people, B 3, T (tiny) 1
const PEOPLE: Array<[string, string]> = [['A', 'female'], ['A', 'male'], ['A', 'male'], ['B', 'female'], ['B', 'male'], ['T', 'female'], ['A', 'female'], ['B', 'male']];
// baseline (99 = don't know): trust, skill, calm, cap.a, events, women, men
const BASE = [[2, 99, 1, 4, 3, 2, 1], [3, 2, 1, 'x', 0, 1, 1], [99, 99, 2, 98, 99, 0, 2], [1, 2, 99, 5, 1, 3, 0], [2, 3, 99, 2, 2, 1, 1], [4, 99, 99, 4, 0, 0, 1], [5, 4, 99, 1, 5, 2, 2], [99, 1, 99, 'x', 1, 1, 3]];
// midline (97 = don't know): trust, skill
const MID = [[3, 3], [4, 3], [4, 4], [97, 2], [3, 4], [5, 97], [5, 5], [2, 97]];

describe('indicator values: the seven defects of issue #15', () => {
  let officer: Session & { programmeId: string };
  let base = '';
  const W: Record<string, string> = {};
  const I: Record<string, string> = {};
  const values = async (query = '') => (await officer.get(`${base}/indicator-values${query}`).expect(200)).body;
  const one = (body: { indicators: Array<{ code: string }> }, code: string) => body.indicators.find((i) => i.code === code) as any;

  before(async () => {
    const db = testEnv().ctx.db;
    officer = await loginAs('officer');
    const pid = officer.programmeId;
    base = `/api/programmes/${pid}`;
    for (const [code, en, ar] of [['A', 'Alpha Ministry', 'وزارة ألفا'], ['B', 'Beta Office', 'مكتب بيتا'], ['T', 'Tiny Institute', 'المعهد الصغير']]) {
      await db.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar, type) VALUES ($1, $2, $3, $4, 'ministry')`, [pid, code, en, ar]);
    }
    const [qn] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'own', 'Own') RETURNING id`, [pid]);
    const ver = async (n: number, dk: number) => (await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, $2, $3) RETURNING id`,
      [qn.id, n, JSON.stringify(definition(dk))]))[0].id as string;
    const v1 = await ver(1, 99), v2 = await ver(2, 97);
    const wave = async (kind: string, v: string, days: number) => (await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, $3, $3, now() + $4 * interval '1 day', now() + ($4 + 20) * interval '1 day') RETURNING id`, [pid, v, kind, days]))[0].id as string;
    W.base = await wave('baseline', v1, -400); W.mid = await wave('midline', v2, -200); W.end = await wave('endline', v2, -60); W.empty = await wave('monitoring', v2, -5);
    const ids: string[] = [];
    for (const [i, [inst, sex]] of PEOPLE.entries()) {
      ids.push((await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, sex, attributes) VALUES ($1, $2, $3, $4, '{}') RETURNING id`, [pid, `S${i + 1}`, inst, sex]))[0].id);
    }
    const answer = async (w: string, v: string, s: string, a: Record<string, unknown>) => db.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, answers, submitted_answers, submitted_at)
      VALUES ($1, $2, $3, $4, 'complete', $5, $5, now())`, [pid, w, v, s, JSON.stringify(a)]);
    for (const [i, [trust, skill, calm, capA, events, women, men]] of BASE.entries()) {
      await answer(W.base, v1, ids[i], { sex: PEOPLE[i][1], trust, skill, calm, cap: { a: capA, b: 3 }, events, women, men });
    }
    for (const [i, [trust, skill]] of MID.entries()) await answer(W.mid, v2, ids[i], { sex: PEOPLE[i][1], trust, skill, calm: 3 });
    for (const [i] of PEOPLE.entries()) await answer(W.end, v2, ids[i], { sex: PEOPLE[i][1], trust: 97, skill: 97 }); // everybody "don't know"
    const [res] = await db.query(`INSERT INTO results (programme_id, level, code, statement_en) VALUES ($1, 'specific_objective', 'SO1', 'x') RETURNING id`, [pid]);
    const add = async (code: string, unit: string, formula: TFormula, target?: number) => {
      I[code] = (await officer.post(`${base}/indicators`, { resultId: res.id, code, nameEn: code, unit, formula, targets: target === undefined ? {} : { final: { value: target } },
        disaggregations: [{ kind: 'attribute', attribute: 'institution' }] }).expect(201)).body.id;
    };
    await add('IDX', 'index', { kind: 'index', items: [{ item: q('trust') }, { item: q('skill') }], scale: { min: 1, max: 5 }, minAnswered: 1, aggregate: 'mean' }, 4);
    await add('SHARE', 'percent', { kind: 'share', item: q('trust'), condition: { op: '>=', value: 4 } }, 80);
    await add('COUNT', 'count', { kind: 'count', item: q('trust'), condition: { op: '>=', value: 4 } }, 3);
    await add('MEDIAN', 'median', { kind: 'median', item: q('trust') });
    await add('CALM', 'mean', { kind: 'mean', item: q('calm') });
    await add('CALMX', 'mean', { kind: 'mean', item: q('calm'), exclude: [99] }); // only institution A answers it
    await add('CAP', 'percent', { kind: 'share', item: { kind: 'cell', name: 'cap', row: 'a' }, condition: { op: 'in', values: [4, 5] } });
    await add('EVENTS', 'sum', { kind: 'sum', item: q('events') });
    await add('RATIO', 'ratio', { kind: 'ratio', numerator: { kind: 'sum', item: q('women') }, denominator: { kind: 'sum', item: q('men') } });
    await add('FEMALE', 'percent', { kind: 'share', item: { kind: 'attribute', attribute: 'sex' }, condition: { op: '=', value: 'female' } });
    await officer.patch(`${base}/indicator-settings`, { suppressionThreshold: 3 }).expect(200);
  });

  it('1. "don\'t know" (99, 97 in the next version, labels in a matrix) leaves every denominator; 99 stays a real count', async () => {
    const body = await values(`?waves=${W.base}`);
    const o = (code: string) => one(body, code).values[0].overall;
    // index per person (99 left out): 2, 2.5, –, 1.5, 2.5, 4, 4.5, 1 → 18 / 7
    assert.deepEqual([o('IDX').n, o('IDX').numerator], [7, 18]); near(o('IDX').value, 18 / 7);
    // trust ≥ 4 among 2,3,1,2,4,5 → 2 of 6
    assert.deepEqual([o('SHARE').numerator, o('SHARE').denominator], [2, 6]);
    assert.equal(o('MEDIAN').value, 2.5); // 1,2,2,3,4,5
    // cap.a in [4,5] among 4,5,2,4,1 ("x" not applicable and 98 refused left out) → 3 of 5
    assert.deepEqual([o('CAP').numerator, o('CAP').denominator], [3, 5]);
    // events is an open number: 99 meetings are 99 meetings
    assert.equal(o('EVENTS').value, 3 + 0 + 99 + 1 + 2 + 0 + 5 + 1);
    const mid = one(await values(`?waves=${W.mid}`), 'IDX').values[0].overall;
    near(mid.value, (3 + 3.5 + 4 + 2 + 3.5 + 5 + 5 + 2) / 8); // 97 is this version's "don't know"
  });

  it('2. n = 0 is no value, with the reason, for every formula kind (all-"don\'t know" wave and empty wave)', async () => {
    const body = await values(`?waves=${W.end},${W.empty}`);
    for (const ind of body.indicators.filter((i: { code: string }) => !['FEMALE'].includes(i.code))) {
      for (const v of ind.values) {
        assert.equal(v.overall.value, null, `${ind.code} ${v.waveId}`);
        assert.equal(v.overall.reason, 'no_answers', `${ind.code} ${v.waveId}`);
      }
    }
    assert.equal(one(body, 'COUNT').latest, null);
    assert.equal(one(body, 'COUNT').status, null);
  });

  it('3. latest = last wave where the indicator has answers; paired change baseline → that wave, with each wave\'s codes and attributes', async () => {
    const body = await values();
    const idx = one(body, 'IDX'), count = one(body, 'COUNT');
    assert.equal(count.latest.waveId, W.mid); assert.equal(count.latest.value, 4);
    assert.equal(idx.latest.waveId, W.mid);
    // paired over the 7 with an index in both waves: +1, +1, +0.5, +1, +1, +0.5, +1
    assert.deepEqual([idx.pairedChange.fromWaveId, idx.pairedChange.toWaveId, idx.pairedChange.n], [W.base, W.mid, 7]);
    near(idx.pairedChange.meanChange, 6 / 7);
    const female = one(body, 'FEMALE');
    assert.deepEqual([female.pairedChange.n, female.pairedChange.meanChange], [8, 0]);
  });

  it('4. suppression is decided once per wave and disaggregation from respondent counts: same hidden cells for every indicator and both endpoints, none derivable', async () => {
    const body = await values(`?waves=${W.base}&disaggregate=attribute:institution,attribute:sex`);
    const patterns = new Set<string>();
    for (const ind of body.indicators) {
      const single = (await officer.get(`${base}/indicators/${ind.id}/values?waves=${W.base}&disaggregate=attribute:institution,attribute:sex`).expect(200)).body;
      for (const src of [ind, single]) {
        patterns.add(JSON.stringify(src.values[0].disaggregations.map((d: { cells: Array<{ keys: Array<{ code: string }>; suppressed: boolean }> }) =>
          d.cells.map((c) => `${c.keys.map((k) => k.code).join('×')}:${c.suppressed}`))));
      }
      assert.deepEqual(single.values[0].disaggregations, ind.values[0].disaggregations, ind.code);
    }
    assert.equal(patterns.size, 1, [...patterns].join('\n'));
    const [byInst, , cross] = one(body, 'EVENTS').values[0].disaggregations;
    assert.deepEqual(byInst.cells.map((c: { keys: Array<{ code: string }>; suppressed: boolean }) => [c.keys[0].code, c.suppressed]), [['A', false], ['B', true], ['T', true]]);
    // the linear system of everything shown (total, both margins, the cross table) leaves every hidden cell undetermined
    const hidden = determinedHidden(one(body, 'EVENTS').values[0]);
    assert.deepEqual(hidden, []);
    assert.ok(cross.cells.some((c: { suppressed: boolean }) => c.suppressed));
  });

  it('5. one disaggregation vocabulary: the short form is the same on both endpoints, unknown keys are refused with the allowed list', async () => {
    const batch = one(await values(`?waves=${W.base}&disaggregate=sex`), 'SHARE').values[0].disaggregations[0];
    const single = (await officer.get(`${base}/indicators/${I.SHARE}/values?waves=${W.base}&disaggregate=sex`).expect(200)).body.values[0].disaggregations[0];
    assert.deepEqual(single, batch);
    assert.equal(batch.dimensions[0].key, 'attribute:sex');
    assert.deepEqual(batch.cells.map((c: { keys: Array<{ code: string }> }) => c.keys[0].code), ['female', 'male']);
    const bad = await officer.get(`${base}/indicator-values?disaggregate=nope`).expect(400);
    assert.equal(bad.body.code, 'indicator.unknown_dimension');
    assert.ok(bad.body.details.allowed.includes('attribute:institution') && bad.body.details.allowed.includes('question:trust'), JSON.stringify(bad.body.details));
    const inst = one(await values(`?waves=${W.base}&disaggregate=institution&lang=ar`), 'SHARE').values[0].disaggregations[0].cells[0].keys[0];
    assert.deepEqual(inst, { code: 'A', label: 'وزارة ألفا' });
  });

  it('6. a mean on a 1–5 scale never shows an interval outside the scale; small n is flagged', async () => {
    const calm = one(await values(`?waves=${W.base}`), 'CALM').values[0].overall; // 1, 1, 2
    near(calm.value, 4 / 3);
    assert.equal(calm.ci.low, 1); near(calm.ci.high, 4 / 3 + 4.302652730 * Math.sqrt(1 / 3 / 3), 1e-6);
    assert.equal(calm.ci.clipped, true);
    assert.equal(calm.lowPrecision, true);
    // the exports and the annex read the same clipped interval and round it the same way
    const em = testEnv().ctx.db.manager;
    const report = await loadReport(em, officer.programmeId, await resolveScope(em, officer.programmeId, { waves: [W.base] }), 'en');
    const cell = report.indicators.find((i) => i.code === 'CALM')!.waves[0].cell;
    assert.equal(displayRange(cell.ci!.low, cell.ci!.high, 'mean', 'en'), '1.00 – 2.77');
    assert.equal(cell.display, '1.33');
  });

  it('7. full precision plus a display string rounded per unit, in the language asked', async () => {
    const en = await values(`?waves=${W.base}`), ar = await values(`?waves=${W.base}&lang=ar`);
    const o = (b: unknown, code: string) => one(b as { indicators: Array<{ code: string }> }, code).values[0].overall;
    near(o(en, 'SHARE').value, 100 / 3);
    assert.equal(o(en, 'SHARE').display, '33.3%');
    assert.equal(o(ar, 'SHARE').display, '33.3٪');
    assert.equal(o(en, 'IDX').display, '2.57');
    assert.equal(o(en, 'EVENTS').display, '111');
    assert.equal(o(en, 'RATIO').display, '0.91'); // 10 women ÷ 11 men
    assert.equal(one(en, 'RATIO').formulaText, 'sum of women ÷ sum of men over respondents who answered either');
  });
});
