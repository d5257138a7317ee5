// From an aggregate (numerator, denominator, n, sum of squares, median) to a published cell value by formula kind:
// n = 0 is no value ("no answers") for every kind, intervals (Wilson, t clipped to the scale), the low-precision flag.
import type { TFormula } from './formula';
import type { NullReason } from './precision';
import { clipInterval, tInterval, wilson } from './statistics';

/** Below this many answers a share, mean, median or index is flagged `lowPrecision` (its interval is wide). */
export const LOW_PRECISION_N = 10;

export interface Aggregate { numerator: number; denominator: number; n: number; sumSquares: number | null; median: number | null }
export interface CellValue {
  value: number | null; numerator: number; denominator: number; n: number;
  ci: { low: number; high: number; clipped: boolean } | null;
  reason: NullReason | null; lowPrecision: boolean;
}

/** The scale a formula's mean is bounded by: the index's declared scale, a mean's `scale`, else the questionnaire's. */
export function formulaScale(f: TFormula, questionnaire: { min: number; max: number } | null): { min: number; max: number } | null {
  if (f.kind === 'index') return f.scale;
  if (f.kind === 'mean' || f.kind === 'median') return f.scale ?? questionnaire;
  return null;
}

export function cellValue(f: TFormula, a: Aggregate, scale: { min: number; max: number } | null = null): CellValue {
  const base = { numerator: a.numerator, denominator: a.denominator, n: a.n };
  const none = (reason: NullReason): CellValue => ({ ...base, value: null, ci: null, reason, lowPrecision: false });
  if (a.n === 0) return none('no_answers');
  const low = a.n < LOW_PRECISION_N;
  const pct = () => {
    const w = wilson(a.numerator, a.denominator);
    return { ...base, value: (100 * a.numerator) / a.denominator, ci: w && { low: 100 * w.low, high: 100 * w.high, clipped: false }, reason: null, lowPrecision: low };
  };
  const mean = () => ({ ...base, value: a.numerator / a.denominator, ci: clipInterval(tInterval(a.n, a.numerator, a.sumSquares ?? 0), formulaScale(f, scale)), reason: null, lowPrecision: low });
  switch (f.kind) {
    case 'share': return pct();
    case 'count': case 'sum': return { ...base, value: a.numerator, ci: null, reason: null, lowPrecision: false };
    case 'mean': return mean();
    case 'median': return { ...base, value: a.median, ci: null, reason: null, lowPrecision: low };
    case 'index': return f.aggregate === 'mean' ? mean() : pct();
    case 'ratio': return a.denominator ? { ...base, value: a.numerator / a.denominator, ci: null, reason: null, lowPrecision: false } : none('zero_denominator');
  }
}
