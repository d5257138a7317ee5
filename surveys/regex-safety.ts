// Regex validators: refused when invalid, too long, backtracking-prone (static check) or not expressible in RE2; run on RE2 (linear time).
import { RE2JS } from 're2js';
import type { TDefinition } from './definition';
import { DefinitionError, type TDefinitionProblem } from './errors';

export const MAX_REGEX_LENGTH = 500;

/** A compiled validator pattern: `test` searches like `RegExp.prototype.test`, in time linear in the input (RE2). */
export interface TSafeRegex { test(input: string): boolean }

/**
 * Why RE2 (the linear-time engine answers are checked with) cannot run this JavaScript pattern, or null when it can.
 * Backreferences (`\1`), lookahead (`(?=`, `(?!`) and lookbehind need backtracking and are refused at upload.
 */
export function checkRegexSupported(pattern: string, flags = ''): string | null {
  try {
    RE2JS.compile(RE2JS.translateRegExp(pattern), flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
    return null;
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    return `the regular expression uses a feature the linear-time engine (RE2) does not support `
      + `(backreferences such as \\1, lookahead (?= (?!, lookbehind (?<= (?<!): ${why}`;
  }
}

/**
 * Work allowed for regex validators in one synchronous run (one validation of one request's answers), in
 * "program instructions × characters": RE2 is linear in both, so this bounds the time whatever the questionnaire
 * (worst patterns measured ~80 ns per unit: ≤ 0.2 s, bench/regex.ts); e.g. 250 checks of 1,000-character answers
 * with a 10-instruction pattern such as `^\d{3}-\w+$`.
 */
export const MAX_REGEX_WORK = 2_500_000;

/** Thrown when one validation would run more regex work than MAX_REGEX_WORK (answers × validators). */
export class RegexWorkExceeded extends Error {
  constructor() { super(`the answers need more pattern checking than one request may take (${MAX_REGEX_WORK} units); send fewer or shorter answers`); }
}

let spent = 0;
let resetQueued = false;
/** The budget is per synchronous run: a validation never awaits, so the counter resets when its run ends. */
function charge(units: number): void {
  if (!resetQueued) { resetQueued = true; queueMicrotask(() => { spent = 0; resetQueued = false; }); }
  spent += units;
  if (spent > MAX_REGEX_WORK) throw new RegexWorkExceeded();
}

/** Compiles a validator pattern for the linear-time engine (the pattern must have passed `regexProblem`). */
export function compileSafeRegex(pattern: string, caseInsensitive = false): TSafeRegex {
  const re = RE2JS.compile(RE2JS.translateRegExp(pattern), caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  const prog = (re.re2() as { prog?: { numInst?: () => number } }).prog;
  const size = Math.max(1, prog?.numInst?.() ?? pattern.length);
  return {
    test: (input) => {
      charge(size * Math.max(1, input.length));
      return re.test(input);
    },
  };
}

interface Frame { inner: boolean; alternation: boolean; start: number }

/**
 * Returns why a pattern is unsafe, or null. Rules: a quantified group (`*`, `+`, `{n,}`, `{n,m}` m>1, `{n}` n>1) may not contain
 * another quantifier (star height > 1: `(a+)+`, `(\w+\s?)*`, `(.*a){20}`) nor an alternation (`(a|a)*`). Conservative on purpose.
 */
export function regexProblem(pattern: string, flags = ''): string | null {
  if (pattern.length > MAX_REGEX_LENGTH) return `the regular expression is longer than ${MAX_REGEX_LENGTH} characters`;
  try { new RegExp(pattern, flags); } catch (e) { return `invalid regular expression: ${e instanceof Error ? e.message : String(e)}`; }
  const unsupported = checkRegexSupported(pattern, flags);
  if (unsupported) return unsupported;
  const stack: Frame[] = [{ inner: false, alternation: false, start: 0 }];
  let i = 0;
  /** Reads a quantifier at position j: returns [isRepeating (can match > 1 time), isAny, length]. */
  const quant = (j: number): [boolean, boolean, number] => {
    const c = pattern[j];
    if (c === '*' || c === '+') return [true, true, pattern[j + 1] === '?' ? 2 : 1];
    if (c === '?') return [false, true, pattern[j + 1] === '?' ? 2 : 1];
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}\??/.exec(pattern.slice(j));
      if (m) {
        const lo = Number(m[1]), hi = m[2] ? (m[3] === '' ? Infinity : Number(m[3])) : lo;
        return [hi > 1, true, m[0].length];
      }
    }
    return [false, false, 0];
  };
  while (i < pattern.length) {
    const c = pattern[i];
    const top = stack[stack.length - 1];
    if (c === '\\') { i += 2; } else if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      const frame: Frame = { inner: false, alternation: false, start: 0 };
      stack.push(frame);
      i++;
      if (pattern[i] === '?') { // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') { while (i < pattern.length && pattern[i] !== '>') i++; }
        i++;
      }
      frame.start = i;
      continue;
    } else if (c === '|') { top.alternation = true; i++; continue; } else if (c === ')') {
      const frame = stack.pop()!;
      const parent = stack[stack.length - 1];
      i++;
      const [repeats, any, len] = quant(i);
      if (repeats && frame.inner && (frame.alternation || !delimited(pattern.slice(frame.start, i - 1))))
        return 'nested quantifiers can backtrack catastrophically (e.g. (a+)+)';
      if (repeats && frame.alternation) return 'a repeated group with alternatives can backtrack catastrophically (e.g. (a|a)*)';
      if (parent) parent.inner = parent.inner || frame.inner || any;
      i += len;
      continue;
    } else { i++; }
    const [, any, len] = quant(i);
    if (any) { top.inner = true; i += len; }
  }
  return null;
}

/**
 * True when a repeated group starts with a mandatory punctuation delimiter that nothing else in the group can match
 * (e.g. `( [a-z]+)*`, `(\.\d+)+`, `(-[A-Z]{2})*`): each repetition then starts at a known character, no exponential backtracking.
 */
function delimited(src: string): boolean {
  let c: string, j: number;
  if (src[0] === '\\' && src.length > 1 && /[^\w]/.test(src[1])) { c = src[1]; j = 2; } else if (src[0] && /[^\w()[\]{}|.*+?^$\\]/.test(src[0])) { c = src[0]; j = 1; } else return false;
  if ('*+?{'.includes(src[j] ?? '')) return false;
  const space = /\s/.test(c), code = c.charCodeAt(0);
  const badEscape = (e: string) => e === c || 'WSDbB'.includes(e) || (space && e === 's') || /[1-9kpPux]/.test(e);
  while (j < src.length) {
    const ch = src[j];
    if (ch === '\\') { if (badEscape(src[j + 1] ?? '')) return false; j += 2; continue; }
    if (ch === '.' || ch === c) return false;
    if (ch === '[') {
      j++;
      if (src[j] === '^') return false;
      let prev = -1;
      while (j < src.length && src[j] !== ']') {
        let cc: string;
        if (src[j] === '\\') { cc = src[j + 1] ?? ''; if (badEscape(cc)) return false; j += 2; } else { cc = src[j]; j++; }
        if (cc === c) return false;
        if (cc === '-' && prev >= 0 && src[j] !== ']' && j < src.length) {
          const hi = (src[j] === '\\' ? src[j + 1] : src[j]).charCodeAt(0);
          if (prev <= code && code <= hi) return false;
        }
        prev = cc.length === 1 ? cc.charCodeAt(0) : -1;
      }
    }
    j++;
  }
  return true;
}

/** Throws DefinitionError naming each unsafe regex validator (questions, matrix columns, multipletext items). */
export function checkRegexValidators(def: TDefinition): void {
  const problems: TDefinitionProblem[] = [];
  const checkValidators = (holder: Record<string, unknown>, path: string) => {
    if (!Array.isArray(holder.validators)) return;
    holder.validators.forEach((v, k) => {
      if (!v || typeof v !== 'object' || (v as { type?: unknown }).type !== 'regex') return;
      const rx = (v as { regex?: unknown }).regex;
      if (typeof rx !== 'string') { problems.push({ path: `${path}.validators[${k}]`, message: 'a regex validator needs a "regex" string' }); return; }
      const why = regexProblem(rx, (v as { caseInsensitive?: unknown }).caseInsensitive ? 'i' : '');
      if (why) problems.push({ path: `${path}.validators[${k}]`, message: why });
    });
  };
  const walk = (list: unknown, path: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((el, i) => {
      if (!el || typeof el !== 'object') return;
      const p = `${path}[${i}]`;
      const o = el as Record<string, unknown>;
      checkValidators(o, p);
      for (const key of ['columns', 'items'] as const) {
        if (Array.isArray(o[key])) (o[key] as unknown[]).forEach((c, j) => { if (c && typeof c === 'object') checkValidators(c as Record<string, unknown>, `${p}.${key}[${j}]`); });
      }
      walk(o.elements ?? o.questions, `${p}.elements`);
      walk(o.templateElements, `${p}.templateElements`);
    });
  };
  if (Array.isArray(def.pages)) def.pages.forEach((pg, i) => walk(pg?.elements ?? pg?.questions, `pages[${i}].elements`));
  else walk(def.elements ?? def.questions, def.elements ? 'elements' : 'questions');
  if (problems.length) throw new DefinitionError(problems);
}
