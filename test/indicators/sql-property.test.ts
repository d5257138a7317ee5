// Property test: on random small data sets and formulas, the SQL compiler (on the real test database, in a scratch
// programme) and the reference evaluator give identical numerators, denominators, n, sums of squares (the t intervals),
// medians and values (null when n = 0), overall and per cell — with per-item missing codes (99 on a 1–5 scale, matrix
// "don't know" columns), empty waves, all-missing answers and stakeholder attribute items; the same cases through the
// typed projection (indicators/projection.ts), filled by its triggers or by its build.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testEnv } from '../setup';
import { createProgramme } from '../helpers';
import { compileIndicatorQuery, type SqlCell } from '../../indicators/sql';
import { compileProjectionQuery, projectionLayout } from '../../indicators/projection';
import { buildProjection, specHash } from '../../server/services/indicator-projection';
import { evaluateReference, type MissingCodes, type Respondent } from '../../indicators/evaluate';
import { cellValue } from '../../indicators/values';
import { missingCodeTable, missingCodesFor } from '../../indicators/missing-codes';
import type { TCondition, TDisaggregation, TFormula, TItemRef } from '../../indicators/formula';

const likert = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('dk', 'na', 99, 98, 'x', ''));
const answers = fc.record({
  a: likert, b: fc.boolean(), c: fc.subarray(['x', 'y', 'z', 'dontknow']), t: fc.constantFrom('yes', 'no', 'dk', 4),
  m: fc.record({ r1: likert, r2: likert }, { requiredKeys: [] }), n: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(99)),
}, { requiredKeys: [] });
const respondent = fc.record({ answers, stakeholder: fc.integer({ min: 0, max: 3 }) });

const numItem: fc.Arbitrary<TItemRef> = fc.constantFrom<TItemRef>({ kind: 'question', name: 'a' }, { kind: 'question', name: 'b' },
  { kind: 'question', name: 'n' }, { kind: 'cell', name: 'm', row: 'r1' }, { kind: 'cell', name: 'm', row: 'r2' }, { kind: 'question', name: 't' });
const anyItem: fc.Arbitrary<TItemRef> = fc.oneof(numItem, fc.constantFrom<TItemRef>({ kind: 'question', name: 'c' }, { kind: 'attribute', attribute: 'institution' }, { kind: 'attribute', attribute: 'grp' }));
const scalar = fc.constantFrom<string | number | boolean>(1, 3, 5, 'yes', 'dk', true, 'A', 'g1', 4);
const condition: fc.Arbitrary<TCondition> = fc.oneof(
  fc.record({ op: fc.constantFrom('>=' as const, '<=' as const, '>' as const, '<' as const), value: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constantFrom('=' as const, '!=' as const), value: scalar }),
  fc.record({ op: fc.constant('in' as const), values: fc.uniqueArray(scalar, { minLength: 1, maxLength: 3 }) }),
  fc.record({ op: fc.constantFrom('anyOf' as const, 'allOf' as const), values: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 2 }) }),
);
const exclude = fc.option(fc.constantFrom<Array<string | number>>(['dk'], [99, 'na'], []), { nil: undefined });
const formula: fc.Arbitrary<TFormula> = fc.oneof(
  fc.record({ kind: fc.constantFrom('share' as const, 'count' as const), item: anyItem, condition, exclude }),
  fc.record({ kind: fc.constantFrom('mean' as const, 'sum' as const, 'median' as const), item: numItem, exclude }),
  fc.record({ kind: fc.constant('index' as const), items: fc.array(fc.record({ item: numItem, reverse: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    scale: fc.constant({ min: 1, max: 5 }), minAnswered: fc.constant(1), aggregate: fc.oneof(fc.constant('mean' as const), fc.record({ shareAtLeast: fc.constantFrom(2, 3, 3.5) })), exclude }),
  fc.record({ kind: fc.constant('ratio' as const), numerator: fc.record({ kind: fc.constant('sum' as const), item: numItem }),
    denominator: fc.oneof(fc.record({ kind: fc.constant('count' as const), item: anyItem, condition }), fc.record({ kind: fc.constant('sum' as const), item: numItem })) }),
);

// a questionnaire of the kind written elsewhere: 1–5 scales whose "don't know" is 99, a matrix with "not applicable"
// (x) and "refused" (98) columns, a checkbox with SurveyJS's own don't-know item, an open number where 99 is a count
const likertChoices = [1, 2, 3, 4, 5, { value: 99, text: { default: "Don't know", ar: 'لا أعرف' } }];
const ownQuestionnaire = { pages: [{ elements: [
  { type: 'radiogroup', name: 'a', choices: likertChoices },
  { type: 'boolean', name: 'b' },
  { type: 'checkbox', name: 'c', choices: ['x', 'y', 'z'], showDontKnowItem: true },
  { type: 'dropdown', name: 't', choices: ['yes', 'no', { value: 'dk', text: 'Not sure / don\'t know' }, 4] },
  { type: 'matrix', name: 'm', rows: ['r1', 'r2'], columns: [1, 2, 3, 4, 5, { value: 'x', text: { default: 'Not applicable', ar: 'لا ينطبق' } }, { value: 98, text: 'Refused' }] },
  { type: 'text', name: 'n', inputType: 'number' },
] }] };
const table = missingCodeTable(ownQuestionnaire);
const perItem: MissingCodes = (item) => missingCodesFor(table, item);

/** dimension key as the SQL computes it: ->> text, '' when absent */
const keyOf = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

describe('indicators: SQL compiler = reference evaluator (property)', () => {
  let waveId = '', programmeId = '';
  const stakeholders: Array<{ id: string; attributes: Record<string, unknown> }> = [];
  before(async () => {
    const db = testEnv().ctx.db;
    programmeId = await createProgramme();
    const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'prop', 'Property') RETURNING id`, [programmeId]);
    const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, '{"pages":[]}') RETURNING id`, [q.id]);
    const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'baseline', 'P', now(), now() + interval '1 day') RETURNING id`, [programmeId, v.id]);
    waveId = w.id;
    for (const [i, inst] of ['A', 'B', 'A', 'C'].entries()) {
      const attrs = { grp: i % 2 ? 'g1' : 'g2' };
      const [s] = await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, sex, attributes) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [programmeId, `S${i}`, inst, i % 2 ? 'male' : 'female', JSON.stringify(attrs)]);
      stakeholders.push({ id: s.id, attributes: { institution: inst, sex: i % 2 ? 'male' : 'female', department: '', preferred_language: 'en', ...attrs } });
    }
  });

  it('the questionnaire\'s own missing codes: 99 and 98 on scales, labels, SurveyJS items; 99 stays a count on an open number', () => {
    assert.deepEqual(table.questions.get('a')!.codes, [99]);
    assert.deepEqual(table.questions.get('m')!.codes, ['x', 98]);
    assert.deepEqual(table.questions.get('c')!.codes, ['dontknow']);
    assert.deepEqual(table.questions.get('t')!.codes, ['dk']);
    assert.deepEqual(table.questions.get('n')!.codes, []);
  });

  /** every cell of `cells` equals the reference evaluator over its members */
  function checkCells(cells: SqlCell[], rs: Array<{ answers: unknown; stakeholder: number }>, formulas: TFormula[], missingCodes: MissingCodes, dims: TDisaggregation[]) {
    const people: Array<Respondent & { keys: string[] }> = rs.map((r) => {
      const attributes = stakeholders[r.stakeholder].attributes;
      const answers = r.answers as Record<string, unknown>;
      return { answers, attributes, keys: dims.map((d) => (d.kind === 'question' ? keyOf(answers[d.name]) : keyOf(attributes[d.attribute]))) };
    });
    for (const cell of cells) {
      const members = people.filter((p) => cell.keys.every((k, i) => k === null || p.keys[i] === k));
      formulas.forEach((f, i) => {
        const ref = evaluateReference(f, members, { missingCodes });
        const got = cell.values.get(String(i))!;
        const ctx = JSON.stringify({ f, keys: cell.keys, ref, got });
        assert.ok(Math.abs(got.numerator - ref.numerator) < 1e-9, ctx);
        assert.equal(got.denominator, ref.denominator, ctx);
        assert.equal(got.n, ref.n, ctx);
        if (f.kind === 'median') assert.equal(got.median, ref.value, ctx);
        if (ref.sumSquares !== null) assert.ok(Math.abs(got.sumSquares! - ref.sumSquares) < 1e-9, ctx);
        const v = cellValue(f, got).value;
        assert.ok(v === ref.value || (v !== null && ref.value !== null && Math.abs(v - ref.value) < 1e-9), ctx);
        if (ref.n === 0) assert.equal(v, null, ctx);
      });
      assert.equal(cell.respondents, members.length);
    }
    assert.equal(cells.filter((c) => c.keys.every((k) => k === null)).length, 1);
  }

  // the same generated cases through both paths: the JSONB query, and the typed projection (indicators/projection.ts),
  // filled by its triggers (projection built before the answers arrive) or by its build (after), every other case
  it('gives identical numerators, denominators, n, sums of squares and values on 60 random cases (JSONB query and projection)', async function () {
    this.timeout(60000);
    const t0 = Date.now();
    const db = testEnv().ctx.db;
    const dims: TDisaggregation[] = [{ kind: 'question', name: 't' }, { kind: 'attribute', attribute: 'institution' }];
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(respondent, { maxLength: 12 }), fc.array(formula, { minLength: 1, maxLength: 4 }), fc.constantFrom<MissingCodes>(['dk', 'na'], [99], perItem),
      async (rs, formulas, missingCodes) => {
        const indicators = formulas.map((formula, i) => ({ id: String(i), formula }));
        const layout = projectionLayout({ indicators, missingCodes, questions: ['t', 'b'] });
        const build = () => db.transaction(async (em) => {
          await em.query(`SELECT pg_advisory_xact_lock(8723, hashtext($1::text))`, [programmeId]);
          return buildProjection(em, programmeId, waveId, layout, specHash(layout));
        });
        const triggers = run++ % 2 === 0;
        await db.query(`DELETE FROM responses WHERE wave_id = $1`, [waveId]);
        const before = triggers ? await build() : null;
        await db.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, answers, submitted_answers, submitted_at)
          SELECT $1, $2, w.questionnaire_version_id, x.s, 'complete', x.a, x.a, now() FROM waves w, jsonb_to_recordset($3::jsonb) AS x(s uuid, a jsonb) WHERE w.id = $2`,
        [programmeId, waveId, JSON.stringify(rs.map((r) => ({ s: stakeholders[r.stakeholder].id, a: r.answers })))]);
        const q = compileIndicatorQuery({ indicators, dimensions: dims, cross: true, missingCodes }, waveId);
        const viaJsonb = q.decode(await db.query(q.sql, q.params));
        checkCells(viaJsonb, rs, formulas, missingCodes, dims);
        const proj = before ?? await build();
        assert.equal((await db.query(`SELECT count(*)::int AS n FROM ${proj.tableName}`))[0].n, rs.length);
        const pq = compileProjectionQuery(proj.spec, proj.tableName, { indicators: indicators.map((i) => i.id), dimensions: dims, cross: true });
        const viaProjection = pq.decode(await db.query(pq.sql, pq.params));
        checkCells(viaProjection, rs, formulas, missingCodes, dims);
        const keys = (cells: SqlCell[]) => cells.map((c) => JSON.stringify(c.keys)).sort();
        assert.deepEqual(keys(viaProjection), keys(viaJsonb));
        // an attribute of the roster's attributes (joined at query time) crossed with a roster column (carried by the facts)
        const other: TDisaggregation[] = [{ kind: 'attribute', attribute: 'grp' }, { kind: 'attribute', attribute: 'sex' }];
        const oq = compileProjectionQuery(proj.spec, proj.tableName, { indicators: indicators.map((i) => i.id), dimensions: other, cross: true });
        checkCells(oq.decode(await db.query(oq.sql, oq.params)), rs, formulas, missingCodes, other);
      }), { numRuns: 60, seed: 20211003 });
    await db.query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    if (process.env.TEST_TIMING) console.log(`property: ${Date.now() - t0} ms`);
  });

  it('keeps names and codes out of the SQL text (parameters only)', async () => {
    const evil = `x'); DROP TABLE users; --`;
    const f: TFormula = { kind: 'share', item: { kind: 'cell', name: evil, row: evil, column: evil }, condition: { op: 'in', values: [evil] }, exclude: [evil] };
    const q = compileIndicatorQuery({ indicators: [{ id: 'i', formula: f }, { id: 'j', formula: { kind: 'mean', item: { kind: 'attribute', attribute: evil } } }],
      dimensions: [{ kind: 'question', name: evil }, { kind: 'attribute', attribute: evil }], cross: true }, waveId);
    assert.ok(!q.sql.includes('DROP') && !q.sql.includes(evil));
    assert.ok(q.params.includes(evil));
    const cells = q.decode(await testEnv().ctx.db.query(q.sql, q.params));
    assert.ok(cells.length >= 1);
  });
});
