// Formula checking against a questionnaire's question index: unknown questions, wrong types (mean of a checkbox),
// matrix rows/columns that do not exist. Also a small question-index builder used until surveys/definition.ts lands.
import type { TCondition, TFormula, TItemRef, TDisaggregation } from './formula';
import { questionMissing } from './missing-codes';

export interface Choice { value: string | number | boolean; en: string; ar: string }
/** The interface of surveys/definition.ts questionIndex(def) entries (the fields this module relies on). */
export interface QuestionInfo {
  name: string; type: string; inputType?: string;
  choices?: Choice[]; rows?: Choice[]; columns?: Array<{ value?: unknown; name?: string; cellType?: string }>;
  /** multipletext items */
  items?: Array<{ name: string }>;
  rateValues?: Array<number | Choice>; missingCodes: Array<string | number>; parentDynamic?: string;
  /** the raw SurveyJS element (surveys/definition.ts keeps it): missing codes are read from it by indicators/missing-codes.ts */
  element?: unknown;
}
export type QuestionIndex = Map<string, QuestionInfo>;
export interface FormulaProblem { path: string; item: string; problem: string }

type Loc = { default?: string; ar?: string } | string | undefined;
const loc = (t: Loc, fallback: string): { en: string; ar: string } => typeof t === 'string' ? { en: t, ar: t }
  : { en: t?.default ?? fallback, ar: t?.ar ?? t?.default ?? fallback };
function toChoices(xs: unknown): Choice[] | undefined {
  if (!Array.isArray(xs)) return undefined;
  return xs.map((c) => {
    if (typeof c === 'object' && c !== null) {
      const o = c as { value?: unknown; name?: unknown; text?: Loc };
      const value = (o.value ?? o.name) as string | number;
      return { value, ...loc(o.text, String(value)) };
    }
    return { value: c as string | number, en: String(c), ar: String(c) };
  });
}
/** Minimal SurveyJS walker: pages → elements (panels nested); missing codes from indicators/missing-codes.ts. */
export function buildQuestionIndex(def: unknown): QuestionIndex {
  const out: QuestionIndex = new Map();
  const visit = (els: unknown, parentDynamic?: string) => {
    if (!Array.isArray(els)) return;
    for (const e of els as Array<Record<string, unknown>>) {
      if (e.type === 'panel') { visit(e.elements); continue; }
      if (e.type === 'paneldynamic') { visit(e.templateElements, String(e.name)); }
      if (typeof e.name !== 'string' || typeof e.type !== 'string') continue;
      const choices = toChoices(e.choices), columns = toChoices(e.columns), rows = toChoices(e.rows);
      const missingCodes = [...questionMissing(e).codes];
      let rateValues: QuestionInfo['rateValues'] = toChoices(e.rateValues);
      if (e.type === 'rating' && !rateValues) {
        const min = Number(e.rateMin ?? 1), max = Number(e.rateMax ?? 5);
        rateValues = Array.from({ length: Math.max(0, Math.min(100, max - min + 1)) }, (_, i) => min + i);
      }
      const items = e.type === 'multipletext' && Array.isArray(e.items)
        ? (e.items as unknown[]).map((it) => ({ name: String(typeof it === 'object' && it !== null ? (it as { name?: unknown }).name : it) })) : undefined;
      out.set(e.name, { name: e.name, type: e.type, inputType: e.inputType as string | undefined, choices, rows, columns: columns?.map((c) => ({ ...c, name: String(c.value) })), items, rateValues, missingCodes, parentDynamic, element: e });
    }
  };
  for (const p of ((def as { pages?: Array<{ elements?: unknown }> })?.pages ?? [])) visit(p.elements);
  return out;
}

const NUMERIC_TYPES = new Set(['rating', 'boolean', 'radiogroup', 'dropdown', 'matrix', 'matrixdropdown', 'matrixdynamic', 'text', 'expression', 'multipletext']);
const ARRAY_TYPES = new Set(['checkbox', 'tagbox', 'ranking', 'imagepicker']);

function cellValueType(q: QuestionInfo, item: Extract<TItemRef, { kind: 'cell' }>): string {
  if (q.type === 'multipletext') return item.column ? 'invalid' : 'text';
  if (q.type === 'matrix') return item.column ? 'invalid' : 'radiogroup';
  if (q.type === 'matrixdropdown') {
    const col = (q.columns ?? []).find((c) => String(c.name ?? c.value) === item.column);
    if (!item.column || !col) return 'invalid';
    return col.cellType && col.cellType !== 'default' ? col.cellType : 'dropdown';
  }
  return 'invalid';
}

/** Check one item reference; `need` is 'numeric' (mean/sum/index/numeric conditions), 'array' (anyOf/allOf) or 'any'. */
function checkItem(item: TItemRef, qi: QuestionIndex, need: 'numeric' | 'array' | 'scalar' | 'any', path: string, out: FormulaProblem[]) {
  if (item.kind === 'attribute') {
    if (need === 'numeric' || need === 'array') out.push({ path, item: item.attribute, problem: 'a stakeholder attribute is text, not a number or a list' });
    return;
  }
  const q = qi.get(item.name);
  if (!q) { out.push({ path, item: item.name, problem: 'unknown question' }); return; }
  let type = q.type;
  if (item.kind === 'cell') {
    if (!['matrix', 'matrixdropdown', 'multipletext'].includes(q.type)) { out.push({ path, item: item.name, problem: `question of type ${q.type} has no rows` }); return; }
    const rows = q.type === 'multipletext' ? (q.items ?? []).map((i) => i.name) : (q.rows ?? []).map((r) => String(r.value));
    if (!rows.includes(item.row)) { out.push({ path, item: `${item.name}.${item.row}`, problem: 'matrix row does not exist' }); return; }
    type = cellValueType(q, item);
    if (type === 'invalid') { out.push({ path, item: `${item.name}.${item.row}${item.column ? '.' + item.column : ''}`, problem: 'matrix column does not exist or is not allowed here' }); return; }
  } else if (['matrix', 'matrixdropdown', 'matrixdynamic', 'multipletext', 'paneldynamic'].includes(q.type)) {
    out.push({ path, item: item.name, problem: `question of type ${q.type} needs a row (use kind "cell")` }); return;
  }
  if (need === 'numeric' && !isNumeric(q, type)) out.push({ path, item: item.name, problem: `a ${type} question is not numeric` });
  if (need === 'array' && !ARRAY_TYPES.has(type)) out.push({ path, item: item.name, problem: `anyOf/allOf need a checkbox-like question, not ${type}` });
  if (need === 'scalar' && ARRAY_TYPES.has(type)) out.push({ path, item: item.name, problem: `a ${type} question has several answers: use anyOf/allOf` });
}

/** Numeric: rating, boolean, number inputs, and choice questions whose codes (other than missing codes) are all numbers. */
function isNumeric(q: QuestionInfo, type: string): boolean {
  if (ARRAY_TYPES.has(type) || !NUMERIC_TYPES.has(type)) return false;
  if (type === 'text') return q.type !== 'text' || !q.inputType || q.inputType === 'number' || q.inputType === 'range';
  const codes = type === 'radiogroup' && q.type === 'matrix' ? (q.columns ?? []).map((c) => c.value) : type === q.type ? (q.choices ?? []).map((c) => c.value) : [];
  const missing = [...q.missingCodes, ...(typeof q.element === 'object' && q.element !== null ? questionMissing(q.element as Record<string, unknown>).codes : [])];
  const real = codes.filter((c) => !missing.some((m) => m === c) && !['other', 'none'].includes(String(c)));
  return real.every((c) => typeof c === 'number');
}

const needOf = (c: TCondition) => (c.op === 'anyOf' || c.op === 'allOf' ? 'array' : ['>=', '<=', '>', '<'].includes(c.op) ? 'numeric' : 'scalar');

/** All problems of a formula against a question index (empty = valid). */
export function checkFormula(f: TFormula, qi: QuestionIndex): FormulaProblem[] {
  const out: FormulaProblem[] = [];
  switch (f.kind) {
    case 'share': case 'count': checkItem(f.item, qi, needOf(f.condition), 'item', out); break;
    case 'mean': case 'median': case 'sum': checkItem(f.item, qi, 'numeric', 'item', out); break;
    case 'index':
      if (f.minAnswered > f.items.length) out.push({ path: 'minAnswered', item: '', problem: 'minAnswered exceeds the number of items' });
      if (f.scale.min >= f.scale.max) out.push({ path: 'scale', item: '', problem: 'scale min must be below max' });
      f.items.forEach((it, i) => checkItem(it.item, qi, 'numeric', `items.${i}.item`, out));
      break;
    case 'ratio':
      for (const side of ['numerator', 'denominator'] as const) {
        const p = f[side];
        checkItem(p.item, qi, p.kind === 'sum' ? 'numeric' : needOf(p.condition), `${side}.item`, out);
      }
      break;
  }
  return out;
}

export function checkDisaggregation(d: TDisaggregation, qi: QuestionIndex): FormulaProblem[] {
  if (d.kind === 'attribute') return [];
  const q = qi.get(d.name);
  if (!q) return [{ path: 'disaggregations', item: d.name, problem: 'unknown question' }];
  if (ARRAY_TYPES.has(q.type) || !['radiogroup', 'dropdown', 'boolean', 'rating', 'text'].includes(q.type)) {
    return [{ path: 'disaggregations', item: d.name, problem: `cannot disaggregate by a ${q.type} question` }];
  }
  return [];
}

/** Label of a code in a question's choices (or the code itself). */
export function choiceLabel(q: QuestionInfo | undefined, code: string, lang: 'en' | 'ar'): string {
  const all = [...(q?.choices ?? []), ...(q?.rateValues ?? []).map((v) => (typeof v === 'number' ? { value: v, en: String(v), ar: String(v) } : v))];
  const c = all.find((x) => String(x.value) === code);
  if (c) return c[lang] || c.en;
  if (q?.type === 'boolean') return code === 'true' ? (lang === 'ar' ? 'نعم' : 'Yes') : code === 'false' ? (lang === 'ar' ? 'لا' : 'No') : code;
  return code;
}
