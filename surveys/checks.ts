// Per-type answer value checks (choices, numbers, dates, text, SurveyJS validators), compiled once per question.
import { ConditionRunner } from 'survey-core';
import { localised, type TChoice, type TValue } from './definition';
import { answerError, customError, customRangeError, rangeError, type TAnswerError } from './messages';
import { compileSafeRegex, regexProblem } from './regex-safety';

/** Checks one value (already known non-empty); `final` = final submit (required/min counts apply). */
export type TCheck = (value: unknown, final: boolean, values: Record<string, unknown>) => TAnswerError | null;

/**
 * A survey-core condition compiled once. survey-core's cost grows with the size of the values object it gets, so each run
 * receives only the roots of the variables the expression uses (matched case-insensitively, as survey-core does).
 */
export class Condition {
  private readonly roots: string[];
  constructor(private readonly runner: ConditionRunner) {
    this.roots = [...new Set(runner.getVariables().map((v) => v.split(/[.[]/)[0]))];
  }
  run(values: Record<string, unknown>): boolean {
    const scoped: Record<string, unknown> = {};
    for (const root of this.roots) {
      if (Object.hasOwn(values, root)) { scoped[root] = values[root]; continue; }
      const lower = root.toLowerCase();
      for (const k of Object.keys(values)) if (k.toLowerCase() === lower) { scoped[root] = values[k]; break; }
    }
    return this.runner.runValues(scoped) === true;
  }
}

/** Compiles an expression once; an expression survey-core cannot parse is ignored, as the survey-core Model does. */
export function compileCondition(expr: string | undefined): Condition | undefined {
  if (!expr) return undefined;
  if (conditions.has(expr)) return conditions.get(expr) ?? undefined;
  const r = new ConditionRunner(expr);
  const c = r.canRun() ? new Condition(r) : null;
  if (conditions.size >= 10_000) conditions.clear();
  conditions.set(expr, c);
  return c ?? undefined;
}
/** Parsing is the slow part of survey-core conditions (~1 ms); compiled conditions are shared across versions. */
const conditions = new Map<string, Condition | null>();

export const DEFAULT_TEXT_MAX = 1000;
export const DEFAULT_COMMENT_MAX = 5000;
export const DEFAULT_MAX_ROWS = 100;

export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);


/** A set of allowed codes with exact type: Set uses SameValueZero, so number 1 ≠ string "1" (stored codes keep the definition's type). */
export function choiceSet(choices: ReadonlyArray<TChoice> | undefined): Set<unknown> {
  return new Set((choices ?? []).map((c) => c.value));
}

export function inChoices(set: Set<unknown>, v: unknown): boolean { return set.has(v); }

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;
const SHAPES: Record<string, RegExp> = {
  'datetime-local': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  week: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/,
  time: /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/,
  color: /^#[0-9a-fA-F]{6}$/,
};

export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const numeric = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

export interface TTextSpec {
  inputType?: string; min?: number | string; max?: number | string; maxLength?: number; isComment?: boolean; validators?: unknown[];
}

/** Text question / text cell / multipletext item. Numbers must be JSON numbers (stored codes), dates ISO `YYYY-MM-DD`. */
export function textCheck(spec: TTextSpec): TCheck {
  const t = spec.inputType ?? 'text';
  const extra = compileValidators(spec.validators ?? []);
  if (t === 'number' || t === 'range') {
    const min = numeric(spec.min), max = numeric(spec.max);
    return (v, final, values) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return answerError('wrong_type', { expected: 'number' });
      if ((min !== undefined && v < min) || (max !== undefined && v > max)) return rangeError(min, max);
      return extra(v, final, values);
    };
  }
  if (t === 'date') {
    const min = typeof spec.min === 'string' && isValidDate(spec.min) ? spec.min : undefined;
    const max = typeof spec.max === 'string' && isValidDate(spec.max) ? spec.max : undefined;
    return (v, final, values) => {
      if (typeof v !== 'string' || !isValidDate(v)) return answerError('invalid_date');
      if ((min && v < min) || (max && v > max)) return rangeError(min, max, true);
      return extra(v, final, values);
    };
  }
  const limit = spec.maxLength && spec.maxLength > 0 ? spec.maxLength : spec.isComment ? DEFAULT_COMMENT_MAX : DEFAULT_TEXT_MAX;
  const shape = SHAPES[t];
  return (v, final, values) => {
    if (typeof v !== 'string') return answerError('wrong_type', { expected: 'text' });
    if (v.length > limit) return answerError('too_long', { max: limit });
    if (t === 'email' && !EMAIL_RE.test(v)) return answerError('invalid_email');
    if (shape && !shape.test(v)) return answerError('wrong_type', { expected: t });
    return extra(v, final, values);
  };
}

/** SurveyJS `validators`: numeric, text, email, regex, expression, answercount. */
export function compileValidators(list: unknown[]): TCheck {
  const checks: TCheck[] = [];
  for (const raw of list) {
    if (!raw || typeof raw !== 'object') continue;
    const v = raw as Record<string, unknown>;
    const text = v.text === undefined ? null : localised(v.text);
    switch (v.type) {
      case 'numeric': {
        const min = numeric(v.minValue), max = numeric(v.maxValue);
        checks.push((x) => {
          const n = numeric(x);
          if (n === undefined) return customError('wrong_type', text, { expected: 'number' });
          if ((min !== undefined && n < min) || (max !== undefined && n > max)) return customRangeError(text, min, max);
          return null;
        });
        break;
      }
      case 'text': {
        const min = numeric(v.minLength), max = numeric(v.maxLength);
        const noDigits = v.allowDigits === false;
        checks.push((x) => {
          if (typeof x !== 'string') return null;
          if (min !== undefined && min > 0 && x.length < min) return customError('too_short', text, { min });
          if (max !== undefined && max > 0 && x.length > max) return customError('too_long', text, { max });
          if (noDigits && /\d/.test(x)) return customError('pattern', text);
          return null;
        });
        break;
      }
      case 'answercount': {
        const min = numeric(v.minCount), max = numeric(v.maxCount);
        checks.push((x) => {
          if (!Array.isArray(x)) return null;
          if (max !== undefined && max > 0 && x.length > max) return customError('too_many', text, { max });
          if (min !== undefined && min > 0 && x.length < min) return customError('too_few', text, { min });
          return null;
        });
        break;
      }
      case 'email':
        checks.push((x) => (typeof x === 'string' && !EMAIL_RE.test(x) ? customError('invalid_email', text) : null));
        break;
      case 'regex': {
        if (typeof v.regex !== 'string' || regexProblem(v.regex)) break; // parseDefinition refuses these
        const re = compileSafeRegex(v.regex, !!v.caseInsensitive); // RE2: linear time, whatever the answer
        checks.push((x) => ((typeof x === 'string' || typeof x === 'number') && !re.test(String(x)) ? customError('pattern', text) : null));
        break;
      }
      case 'expression': {
        if (typeof v.expression !== 'string') break;
        const cond = compileCondition(v.expression);
        if (!cond) break;
        checks.push((_x, _f, values) => (cond.run(values) ? null : customError('expression', text)));
        break;
      }
    }
  }
  if (checks.length === 0) return () => null;
  return (x, final, values) => {
    for (const c of checks) { const e = c(x, final, values); if (e) return e; }
    return null;
  };
}

export interface TChoiceSpec {
  choices?: TChoice[]; hasOther?: boolean; storeOthersAsComment?: boolean; multi?: boolean; ranking?: boolean;
  minSelected?: number; maxSelected?: number; validators?: unknown[];
}

/** Exclusive special items: none, refused, dontknow cannot be combined with others. */
const EXCLUSIVE = new Set(['none', 'refused', 'dontknow']);

export function choiceCheck(spec: TChoiceSpec): TCheck {
  const set = choiceSet(spec.choices);
  const otherAsText = spec.hasOther && spec.storeOthersAsComment === false;
  const exclusive = (spec.choices ?? []).filter((c) => EXCLUSIVE.has(String(c.value)));
  const extra = compileValidators(spec.validators ?? []);
  const one = (v: unknown) => inChoices(set, v) || (otherAsText && typeof v === 'string' && v.length <= DEFAULT_TEXT_MAX);
  if (!spec.multi) {
    return (v, final, values) => (one(v) ? extra(v, final, values) : answerError('not_a_choice'));
  }
  return (v, final, values) => {
    if (!Array.isArray(v)) return answerError('wrong_type', { expected: 'list' });
    const seen = new Set<unknown>();
    for (const x of v) {
      if (!one(x)) return answerError('not_a_choice');
      if (seen.has(x)) return answerError('duplicate');
      seen.add(x);
    }
    if (v.length > 1) for (const e of exclusive) if (seen.has(e.value)) return answerError('exclusive', { choice: { en: e.en, ar: e.ar } });
    if (!spec.ranking) {
      if (spec.maxSelected && v.length > spec.maxSelected) return answerError('too_many', { max: spec.maxSelected });
      if (final && spec.minSelected && v.length < spec.minSelected) return answerError('too_few', { min: spec.minSelected });
    }
    return extra(v, final, values);
  };
}

export function valueIn(allowed: ReadonlyArray<unknown>, expected: string): TCheck {
  const set = new Set(allowed);
  return (v) => (set.has(v) ? null : answerError(typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? 'not_a_choice' : 'wrong_type', { expected }));
}

/** Rating: a number among the allowed rate values; a number outside them is out of range. */
export function ratingCheck(allowed: ReadonlyArray<unknown>): TCheck {
  const inSet = valueIn(allowed, 'number');
  const nums = allowed.filter((x): x is number => typeof x === 'number');
  const min = nums.length ? Math.min(...nums) : undefined, max = nums.length ? Math.max(...nums) : undefined;
  return (v, final, values) => {
    const e = inSet(v, final, values);
    if (e && typeof v === 'number' && min !== undefined && (v < min || v > (max as number))) return answerError('out_of_range', { min, max });
    return e;
  };
}

export type { TValue };
