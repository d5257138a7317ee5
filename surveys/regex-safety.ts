// Refuses regex validators that are invalid, too long or can backtrack catastrophically (conservative static check).
import type { TDefinition } from './definition';
import { DefinitionError, type TDefinitionProblem } from './errors';

export const MAX_REGEX_LENGTH = 500;

interface Frame { inner: boolean; alternation: boolean }

/**
 * Returns why a pattern is unsafe, or null. Rules: a quantified group (`*`, `+`, `{n,}`, `{n,m}` m>1, `{n}` n>1) may not contain
 * another quantifier (star height > 1: `(a+)+`, `(\w+\s?)*`, `(.*a){20}`) nor an alternation (`(a|a)*`). Conservative on purpose.
 */
export function regexProblem(pattern: string, flags = ''): string | null {
  if (pattern.length > MAX_REGEX_LENGTH) return `the regular expression is longer than ${MAX_REGEX_LENGTH} characters`;
  try { new RegExp(pattern, flags); } catch (e) { return `invalid regular expression: ${e instanceof Error ? e.message : String(e)}`; }
  const stack: Frame[] = [{ inner: false, alternation: false }];
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
      stack.push({ inner: false, alternation: false });
      i++;
      if (pattern[i] === '?') { // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') { while (i < pattern.length && pattern[i] !== '>') i++; }
        i++;
      }
      continue;
    } else if (c === '|') { top.alternation = true; i++; continue; } else if (c === ')') {
      const frame = stack.pop()!;
      const parent = stack[stack.length - 1];
      i++;
      const [repeats, any, len] = quant(i);
      if (repeats && frame.inner) return 'nested quantifiers can backtrack catastrophically (e.g. (a+)+)';
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
