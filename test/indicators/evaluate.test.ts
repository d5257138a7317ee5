// Unit tests of the reference evaluator: every formula kind on a small hand-computed data set.
import assert from 'node:assert/strict';
import { evaluateReference, type Respondent } from '../../indicators/evaluate';
import type { TFormula } from '../../indicators/formula';

const R: Respondent[] = [
  { answers: { q: 5, c: ['a', 'b'], m: { r1: 4, r2: 'dk' }, b: true, n: 3, mt: { a: 3 } }, attributes: { institution: 'MFA' } },
  { answers: { q: 'dk', c: ['b'], m: { r1: 2, r2: 5 }, b: false, n: 7, mt: { a: 5 } }, attributes: { institution: 'MoI' } },
  { answers: { q: 2, c: [], m: { r1: 'na' }, b: true, n: 'na' }, attributes: { institution: 'MFA' } },
  { answers: { q: 4, c: ['a'], m: { r1: 5, r2: 1 } } },
  { answers: {} },
];
const q = (name: string) => ({ kind: 'question' as const, name });
const ev = (f: TFormula, opts = {}) => evaluateReference(f, R, opts);

describe('indicators: reference evaluator', () => {
  it('share of a numeric condition: dk and unanswered leave the denominator', () => {
    const r = ev({ kind: 'share', item: q('q'), condition: { op: '>=', value: 4 } });
    assert.deepEqual([r.numerator, r.denominator, r.n], [2, 3, 3]);
    assert.ok(Math.abs(r.value! - 66.6666667) < 1e-6);
  });
  it('count', () => {
    const r = ev({ kind: 'count', item: q('q'), condition: { op: '>=', value: 4 } });
    assert.deepEqual([r.value, r.numerator, r.denominator], [2, 2, 3]);
  });
  it('mean with sum of squares, median, sum', () => {
    const m = ev({ kind: 'mean', item: q('q') });
    assert.deepEqual([m.numerator, m.denominator, m.sumSquares], [11, 3, 45]);
    assert.ok(Math.abs(m.value! - 11 / 3) < 1e-12);
    assert.equal(ev({ kind: 'median', item: q('q') }).value, 4);
    assert.equal(evaluateReference({ kind: 'median', item: q('x') }, [1, 10, 2, 3].map((x) => ({ answers: { x } }))).value, 2.5);
    const s = ev({ kind: 'sum', item: q('n') });
    assert.deepEqual([s.value, s.n], [10, 2]); // 'na' excluded
  });
  it('checkbox anyOf / allOf; an empty selection is unanswered', () => {
    const any = ev({ kind: 'share', item: q('c'), condition: { op: 'anyOf', values: ['a'] } });
    assert.deepEqual([any.numerator, any.denominator], [2, 3]);
    const all = ev({ kind: 'count', item: q('c'), condition: { op: 'allOf', values: ['a', 'b'] } });
    assert.deepEqual([all.numerator, all.denominator], [1, 3]);
  });
  it('matrix cells and multipletext items', () => {
    const m = ev({ kind: 'mean', item: { kind: 'cell', name: 'm', row: 'r1' } });
    assert.deepEqual([m.numerator, m.denominator], [11, 3]);
    const s = ev({ kind: 'share', item: { kind: 'cell', name: 'm', row: 'r2' }, condition: { op: 'in', values: [5] } });
    assert.deepEqual([s.numerator, s.denominator, s.value], [1, 2, 50]);
    assert.equal(ev({ kind: 'sum', item: { kind: 'cell', name: 'mt', row: 'a' } }).value, 8);
    const dd = evaluateReference({ kind: 'sum', item: { kind: 'cell', name: 'g', row: 'x', column: 'n' } }, [{ answers: { g: { x: { n: 4 } } } }, { answers: { g: { x: { n: 6 } } } }]);
    assert.equal(dd.value, 10);
  });
  it('booleans and stakeholder attributes', () => {
    const b = ev({ kind: 'share', item: q('b'), condition: { op: '=', value: true } });
    assert.deepEqual([b.numerator, b.denominator], [2, 3]);
    const a = ev({ kind: 'share', item: { kind: 'attribute', attribute: 'institution' }, condition: { op: '=', value: 'MFA' } });
    assert.deepEqual([a.numerator, a.denominator], [2, 3]);
  });
  it('index with reverse coding and minAnswered, mean and share at least', () => {
    const base = { kind: 'index' as const, items: [{ item: { kind: 'cell' as const, name: 'm', row: 'r1' } }, { item: { kind: 'cell' as const, name: 'm', row: 'r2' }, reverse: true }], scale: { min: 1, max: 5 } };
    // R2: 2 and 6-5=1 -> 1.5; R4: 5 and 6-1=5 -> 5; R1 has one item only, R3 none
    const mean = ev({ ...base, minAnswered: 2, aggregate: 'mean' });
    assert.deepEqual([mean.numerator, mean.denominator, mean.value], [6.5, 2, 3.25]);
    assert.equal(mean.sumSquares, 1.5 * 1.5 + 25);
    const share = ev({ ...base, minAnswered: 2, aggregate: { shareAtLeast: 3 } });
    assert.deepEqual([share.numerator, share.denominator, share.value], [1, 2, 50]);
    const loose = ev({ ...base, minAnswered: 1, aggregate: 'mean' });
    assert.deepEqual([loose.denominator, loose.value], [3, 3.5]); // R1 counts with 4
  });
  it('ratio of a sum over a count', () => {
    const r = ev({ kind: 'ratio', numerator: { kind: 'sum', item: q('n') }, denominator: { kind: 'count', item: q('b'), condition: { op: '=', value: true } } });
    assert.deepEqual([r.numerator, r.denominator, r.value, r.n], [10, 2, 5, 3]);
  });
  it('missing codes: formula exclude, then questionnaire codes, then the default', () => {
    const f: TFormula = { kind: 'share', item: q('q'), condition: { op: 'in', values: [5, 'dk'] } };
    assert.deepEqual([ev(f).numerator, ev(f).denominator], [1, 3]);
    const kept = ev({ ...f, exclude: [] });
    assert.deepEqual([kept.numerator, kept.denominator], [2, 4]);
    const byQuestionnaire = ev(f, { missingCodes: ['x'] });
    assert.deepEqual([byQuestionnaire.numerator, byQuestionnaire.denominator], [2, 4]);
  });
  it('no respondents: value null, never NaN', () => {
    assert.equal(evaluateReference({ kind: 'share', item: q('q'), condition: { op: '>=', value: 4 } }, []).value, null);
    assert.equal(evaluateReference({ kind: 'mean', item: q('q') }, []).value, null);
  });
});
