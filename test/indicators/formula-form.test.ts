// The formula editor's form model: every generated formula opens in the form and comes back byte-identical (property),
// a stored index formula opened and saved unchanged through the API keeps its exact jsonb text, and formulas the form
// cannot hold exactly are refused (read-only in the editor) instead of being rewritten.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ZFormula, type TFormula } from '../../indicators/formula';
import { emptyForm, formProblems, fromFormula, toFormula } from '../../indicators/formula-form';
import { testEnv } from '../setup';
import { loginAs } from '../helpers';
import baseline from '../../surveys/demo/baseline.json';

const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const code = fc.oneof(name, fc.integer({ min: -5, max: 99 }));
const scalar = fc.oneof(name, fc.integer({ min: -100, max: 100 }), fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), fc.boolean());
const item = fc.oneof(
  fc.record({ kind: fc.constant('question' as const), name }),
  fc.record({ kind: fc.constant('cell' as const), name, row: name, column: name }, { requiredKeys: ['kind', 'name', 'row'] }),
  fc.record({ kind: fc.constant('attribute' as const), attribute: name }),
);
const condition = fc.oneof(
  fc.record({ op: fc.constantFrom('>=' as const, '<=' as const, '>' as const, '<' as const), value: fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }) }),
  fc.record({ op: fc.constantFrom('=' as const, '!=' as const), value: scalar }),
  fc.record({ op: fc.constant('in' as const), values: fc.array(scalar, { minLength: 1, maxLength: 5 }) }),
  fc.record({ op: fc.constantFrom('anyOf' as const, 'allOf' as const), values: fc.array(code, { minLength: 1, maxLength: 5 }) }),
);
const exclude = fc.array(code, { maxLength: 4 });
const opt = <T>(o: T, keys: string[]) => fc.record(o as never, { requiredKeys: keys as never }) as fc.Arbitrary<Record<string, unknown>>;
const part = fc.oneof(
  opt({ kind: fc.constant('sum'), item, exclude }, ['kind', 'item']),
  opt({ kind: fc.constant('count'), item, condition, exclude }, ['kind', 'item', 'condition']),
);
const formula: fc.Arbitrary<unknown> = fc.oneof(
  opt({ kind: fc.constantFrom('share', 'count'), item, condition, exclude }, ['kind', 'item', 'condition']),
  opt({ kind: fc.constantFrom('mean', 'median', 'sum'), item, exclude }, ['kind', 'item']),
  opt({
    kind: fc.constant('index'),
    items: fc.array(opt({ item, reverse: fc.boolean() }, ['item']), { minLength: 1, maxLength: 6 }),
    scale: fc.record({ min: fc.integer({ min: 0, max: 2 }), max: fc.integer({ min: 3, max: 10 }) }),
    minAnswered: fc.integer({ min: 1, max: 6 }),
    aggregate: fc.oneof(fc.constant('mean'), fc.record({ shareAtLeast: fc.double({ min: 0, max: 10, noNaN: true }) })),
    exclude,
  }, ['kind', 'items', 'scale', 'minAnswered', 'aggregate']),
  fc.record({ kind: fc.constant('ratio'), numerator: part, denominator: part }),
);

describe('formula editor form model', () => {
  it('round trip: every formula of the schema opens in the form and is saved back byte-identical', () => {
    const kinds = new Set<string>();
    fc.assert(fc.property(formula, (raw) => {
      const f = ZFormula.parse(raw); // what the API stores (zod output: schema key order)
      kinds.add(f.kind);
      const opened = fromFormula(JSON.parse(JSON.stringify(f)));
      assert.ok(opened.ok, JSON.stringify(f));
      assert.equal(JSON.stringify(toFormula(opened.form)), JSON.stringify(f));
      assert.deepEqual(formProblems(opened.form), []);
    }), { numRuns: 1500 });
    assert.deepEqual([...kinds].sort(), ['count', 'index', 'mean', 'median', 'ratio', 'share', 'sum']);
  });

  it('switching the kind and back keeps what was entered', () => {
    fc.assert(fc.property(formula, (raw) => {
      const f = ZFormula.parse(raw);
      const opened = fromFormula(f);
      assert.ok(opened.ok);
      const other = f.kind === 'ratio' ? 'mean' : 'ratio';
      const back = { ...opened.form, kind: other } as typeof opened.form;
      assert.deepEqual(toFormula({ ...back, kind: f.kind }), f);
    }), { numRuns: 300 });
  });

  it('refuses what it cannot hold exactly: unknown fields, unknown kinds, invalid formulas', () => {
    const extra = fromFormula({ kind: 'mean', item: { kind: 'question', name: 'q1' }, weight: 2 });
    assert.deepEqual(extra.ok ? null : extra.reason, 'unrepresentable');
    const newer = fromFormula({ kind: 'mode', item: { kind: 'question', name: 'q1' } });
    assert.deepEqual(newer.ok ? null : newer.reason, 'invalid');
    const bad = fromFormula({ kind: 'index', items: [], scale: { min: 1, max: 5 }, minAnswered: 1, aggregate: 'mean' });
    assert.equal(bad.ok, false);
    const empty = emptyForm('index');
    assert.ok(formProblems(empty).some((p) => p.path.startsWith('items.0.item')), 'an empty question name is a problem');
  });

  it('an index formula opened and saved unchanged through the API keeps its exact stored text', async () => {
    const officer = await loginAs('officer');
    const base = `/api/programmes/${officer.programmeId}`;
    const db = testEnv().ctx.db;
    const [qn] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [officer.programmeId]);
    await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2)`, [qn.id, JSON.stringify(baseline)]);
    const so = await officer.post(`${base}/results`, { level: 'strategic_objective', code: 'SO', statementEn: 'Goal' }).expect(201);
    const index: TFormula = {
      kind: 'index', items: [{ item: { kind: 'question', name: 'know_dialogues' } }, { item: { kind: 'question', name: 'know_terminology' }, reverse: true },
        { item: { kind: 'question', name: 'know_dialogues' }, reverse: false }],
      scale: { min: 1, max: 5 }, minAnswered: 2, aggregate: { shareAtLeast: 3.5 }, exclude: [99, 'dk'],
    };
    const created = await officer.post(`${base}/indicators`, { resultId: so.body.id, code: 'IDX', nameEn: 'Index', unit: 'index', formula: index }).expect(201);
    const stored = async () => (await db.query(`SELECT formula::text AS t FROM indicators WHERE id = $1`, [created.body.id]))[0].t as string;
    const before = await stored();
    const opened = fromFormula((await officer.get(`${base}/indicators/${created.body.id}`).expect(200)).body.formula);
    assert.ok(opened.ok);
    await officer.patch(`${base}/indicators/${created.body.id}`, { formula: toFormula(opened.form) }).expect(200);
    assert.equal(await stored(), before);
    assert.equal(JSON.stringify(toFormula(opened.form)), JSON.stringify(index));
  });
});
