// Reference evaluator of indicator formulas in plain TypeScript: the semantics the SQL compiler must reproduce
// (missing codes and unanswered items leave the denominator; percentages from numerators/denominators).
import type { TCondition, TFormula, TItemRef } from './formula';
import { DEFAULT_MISSING_CODES } from './missing-codes';

export type Scalar = string | number | boolean;
export interface Respondent { answers: Record<string, unknown>; attributes?: Record<string, unknown> }
/** Missing codes of the questionnaire version: one list for every item, or per item (indicators/missing-codes.ts). */
export type MissingCodes = ReadonlyArray<string | number> | ((item: TItemRef) => ReadonlyArray<string | number>);
export interface EvalOptions {
  /** missing codes of the questionnaire version (used when the formula has no `exclude`) */
  missingCodes?: MissingCodes;
}
export interface EvalResult {
  numerator: number; denominator: number; n: number; value: number | null;
  /** sum of squares of the per-respondent values (mean / index-mean), for the t interval */
  sumSquares: number | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The raw value of an item for one respondent (undefined when absent). */
export function itemValue(item: TItemRef, r: Respondent): unknown {
  if (item.kind === 'attribute') return r.attributes?.[item.attribute];
  const q = r.answers[item.name];
  if (item.kind === 'question') return q;
  if (!isObj(q)) return undefined;
  const row = q[item.row];
  if (item.column === undefined) return row;
  return isObj(row) ? row[item.column] : undefined;
}

/** JSON equality of scalars, type-aware (4 ≠ "4"), as jsonb equality in PostgreSQL. */
export const sameScalar = (a: unknown, b: unknown): boolean => typeof a === typeof b && a === b;

/** The missing codes of one item: the formula's `exclude`, else the questionnaire's, else the code words. */
export function missingCodesOf(formula: { exclude?: Array<string | number> }, item: TItemRef, opts: EvalOptions = {}): ReadonlyArray<string | number> {
  if (formula.exclude) return formula.exclude;
  const m = opts.missingCodes;
  return m === undefined ? (item.kind === 'attribute' ? [] : DEFAULT_MISSING_CODES) : typeof m === 'function' ? m(item) : m;
}

/** Unanswered: absent, null, empty string, an array of missing codes only (or empty), or a missing code. */
export function isMissing(v: unknown, missing: ReadonlyArray<string | number>): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.every((e) => missing.some((m) => sameScalar(m, e)));
  if (isObj(v)) return true;
  return missing.some((m) => sameScalar(m, v));
}

/** A numeric reading of a valid value: numbers as they are, booleans as 1/0; anything else is not numeric. */
export function numeric(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/**
 * Whether a (non-missing) value is valid for a condition, and if so whether it meets it.
 * Numeric comparisons need a numeric value; anyOf/allOf need an array; = / != / in need a scalar.
 */
export function testCondition(c: TCondition, v: unknown): { valid: boolean; met: boolean } {
  switch (c.op) {
    case '>=': case '<=': case '>': case '<': {
      const x = numeric(v);
      if (x === null) return { valid: false, met: false };
      const met = c.op === '>=' ? x >= c.value : c.op === '<=' ? x <= c.value : c.op === '>' ? x > c.value : x < c.value;
      return { valid: true, met };
    }
    case '=': case '!=':
      if (Array.isArray(v) || isObj(v)) return { valid: false, met: false };
      return { valid: true, met: sameScalar(v, c.value) === (c.op === '=') };
    case 'in':
      if (Array.isArray(v) || isObj(v)) return { valid: false, met: false };
      return { valid: true, met: c.values.some((x) => sameScalar(x, v)) };
    case 'anyOf': case 'allOf': {
      if (!Array.isArray(v)) return { valid: false, met: false };
      const has = (x: unknown) => v.some((e) => sameScalar(e, x));
      return { valid: true, met: c.op === 'anyOf' ? c.values.some(has) : c.values.every(has) };
    }
  }
}

type Part = { kind: 'sum'; item: TItemRef; exclude?: Array<string | number> }
  | { kind: 'count'; item: TItemRef; condition: TCondition; exclude?: Array<string | number> };

/** Per respondent contribution of a count/sum part: null when the respondent has no valid value. */
function partValue(p: Part, r: Respondent, opts: EvalOptions): number | null {
  const v = itemValue(p.item, r);
  if (isMissing(v, missingCodesOf(p, p.item, opts))) return null;
  if (p.kind === 'sum') return numeric(v);
  const t = testCondition(p.condition, v);
  return t.valid ? (t.met ? 1 : 0) : null;
}

/** A respondent's composite index score as {sum, k} of valid (reverse-coded) items, or null below minAnswered. */
export function indexScore(f: Extract<TFormula, { kind: 'index' }>, r: Respondent, opts: EvalOptions): { sum: number; k: number } | null {
  let sum = 0, k = 0;
  for (const it of f.items) {
    const v = itemValue(it.item, r);
    if (isMissing(v, missingCodesOf(f, it.item, opts))) continue;
    const x = numeric(v);
    if (x === null) continue;
    sum += it.reverse ? f.scale.min + f.scale.max - x : x;
    k++;
  }
  return k >= f.minAnswered ? { sum, k } : null;
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
}

/** Evaluate a formula over respondents: numerator, denominator, n and the indicator value. */
export function evaluateReference(formula: TFormula, respondents: Respondent[], opts: EvalOptions = {}): EvalResult {
  let num = 0, den = 0, n = 0, ss = 0;
  const f = formula;
  switch (f.kind) {
    case 'share': case 'count': {
      const missing = missingCodesOf(f, f.item, opts);
      for (const r of respondents) {
        const v = itemValue(f.item, r);
        if (isMissing(v, missing)) continue;
        const t = testCondition(f.condition, v);
        if (!t.valid) continue;
        den++; if (t.met) num++;
      }
      n = den;
      const value = !den ? null : f.kind === 'count' ? num : (100 * num) / den;
      return { numerator: num, denominator: den, n, value, sumSquares: null };
    }
    case 'mean': case 'sum': case 'median': {
      const missing = missingCodesOf(f, f.item, opts);
      const xs: number[] = [];
      for (const r of respondents) {
        const v = itemValue(f.item, r);
        if (isMissing(v, missing)) continue;
        const x = numeric(v);
        if (x === null) continue;
        xs.push(x); num += x; ss += x * x;
      }
      den = n = xs.length;
      const value = !n ? null : f.kind === 'sum' ? num : f.kind === 'median' ? median(xs) : num / den;
      return { numerator: num, denominator: den, n, value, sumSquares: f.kind === 'mean' ? ss : null };
    }
    case 'index': {
      for (const r of respondents) {
        const s = indexScore(f, r, opts);
        if (!s) continue;
        den++;
        if (f.aggregate === 'mean') { const x = s.sum / s.k; num += x; ss += x * x; }
        else if (s.sum >= f.aggregate.shareAtLeast * s.k) num++;
      }
      n = den;
      const value = !den ? null : f.aggregate === 'mean' ? num / den : (100 * num) / den;
      return { numerator: num, denominator: den, n, value, sumSquares: f.aggregate === 'mean' ? ss : null };
    }
    case 'ratio': {
      for (const r of respondents) {
        const a = partValue(f.numerator, r, opts), b = partValue(f.denominator, r, opts);
        if (a !== null) num += a;
        if (b !== null) den += b;
        if (a !== null || b !== null) n++;
      }
      return { numerator: num, denominator: den, n, value: n && den ? num / den : null, sumSquares: null };
    }
  }
}
