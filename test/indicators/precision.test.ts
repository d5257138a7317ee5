// Unit tests of the precision policy (rounding per unit, display strings per language), interval clipping, values by
// kind when nobody answered, and a ratio's meaning in the formula text.
import assert from 'node:assert/strict';
import { formatInterval, formatValue, roundForUnit, valueUnit } from '../../indicators/precision';
import { clipInterval, tInterval } from '../../indicators/statistics';
import { cellValue } from '../../indicators/values';
import { formulaText } from '../../indicators/describe';
import type { TFormula } from '../../indicators/formula';

const q = (name: string) => ({ kind: 'question' as const, name });

describe('indicators: precision, intervals, no-answer values', () => {
  it('rounds per unit, half away from zero, and writes numbers in the language asked', () => {
    assert.equal(roundForUnit(23.076923076923077, 'percent'), 23.1);
    assert.equal(roundForUnit(2.675, 'mean'), 2.68); assert.equal(roundForUnit(-2.675, 'mean'), -2.68);
    assert.equal(roundForUnit(6.5, 'count'), 7); assert.equal(roundForUnit(12.345, 'sum'), 12.35);
    assert.equal(formatValue(23.076923076923077, 'percent', 'en'), '23.1%');
    assert.equal(formatValue(23.076923076923077, 'percent', 'ar'), '23.1٪');
    assert.equal(formatValue(1234, 'count', 'en'), '1,234'); assert.equal(formatValue(4 / 3, 'mean', 'ar'), '1.33');
    assert.equal(formatValue(null, 'mean', 'en'), 'no answers'); assert.equal(formatValue(null, 'mean', 'ar', 'suppressed'), 'محجوب');
    assert.equal(formatInterval({ low: 1, high: 2.7684 }, 'mean', 'en'), '1.00 – 2.77');
    assert.equal(valueUnit({ kind: 'index', items: [{ item: q('a') }], scale: { min: 1, max: 5 }, minAnswered: 1, aggregate: { shareAtLeast: 4 } }), 'percent');
  });

  it('a mean of 1, 1, 2 on a 1–5 scale: t interval −0.10 … 2.77 clipped to 1.00 … 2.77 and flagged', () => {
    const raw = tInterval(3, 4, 6)!;
    assert.ok(Math.abs(raw.low - -0.1007) < 1e-3);
    const c = clipInterval(raw, { min: 1, max: 5 })!;
    assert.deepEqual([c.low, c.clipped], [1, true]);
    assert.equal(clipInterval({ low: 2, high: 3 }, { min: 1, max: 5 })!.clipped, false);
    const cell = cellValue({ kind: 'mean', item: q('x') }, { numerator: 4, denominator: 3, n: 3, sumSquares: 6, median: null }, { min: 1, max: 5 });
    assert.deepEqual([cell.ci!.low, cell.ci!.clipped, cell.lowPrecision], [1, true, true]);
  });

  it('n = 0 is no value with the reason "no_answers" for every kind; a ratio over 0 says so', () => {
    const zero = { numerator: 0, denominator: 0, n: 0, sumSquares: 0, median: null };
    const kinds: TFormula[] = [
      { kind: 'share', item: q('a'), condition: { op: '>=', value: 4 } }, { kind: 'count', item: q('a'), condition: { op: '>=', value: 4 } },
      { kind: 'mean', item: q('a') }, { kind: 'median', item: q('a') }, { kind: 'sum', item: q('a') },
      { kind: 'index', items: [{ item: q('a') }], scale: { min: 1, max: 5 }, minAnswered: 1, aggregate: 'mean' },
      { kind: 'ratio', numerator: { kind: 'sum', item: q('a') }, denominator: { kind: 'sum', item: q('b') } },
    ];
    for (const f of kinds) assert.deepEqual([cellValue(f, zero).value, cellValue(f, zero).reason], [null, 'no_answers'], f.kind);
    const r = cellValue(kinds[6], { numerator: 3, denominator: 0, n: 2, sumSquares: null, median: null });
    assert.deepEqual([r.value, r.reason], [null, 'zero_denominator']);
    assert.equal(cellValue(kinds[1], { numerator: 0, denominator: 4, n: 4, sumSquares: null, median: null }).value, 0);
  });

  it('writes what a ratio sums over', () => {
    const f: TFormula = { kind: 'ratio', numerator: { kind: 'sum', item: q('women') }, denominator: { kind: 'sum', item: q('men') } };
    assert.equal(formulaText(f, 'en'), 'sum of women ÷ sum of men over respondents who answered either');
    assert.match(formulaText(f, 'ar'), /أيٍّ منهما$/);
  });
});
