// SurveyJS questionnaire definitions: parse & structurally check the JSON, index its answerable questions, detect type changes.
import { DefinitionError, TypeChangeError, type TDefinitionProblem, type TTypeChange } from './errors';
import { checkRegexValidators } from './regex-safety';
import { plainText } from './sanitize-rules';

/** A SurveyJS localisable string: `"x"` or `{"default": "x", "ar": "y"}`. */
export type TLocalisable = string | { [locale: string]: string | undefined };
export type TElementJson = { type?: string; name?: string; elements?: TElementJson[]; templateElements?: TElementJson[]; [key: string]: unknown };
export type TPageJson = { name?: string; elements?: TElementJson[]; questions?: TElementJson[]; visibleIf?: string; [key: string]: unknown };
/** A SurveyJS survey JSON, as stored; unknown properties are kept untouched. */
export interface TDefinition { pages?: TPageJson[]; elements?: TElementJson[]; questions?: TElementJson[]; [key: string]: unknown }

export type TValue = string | number;
export interface TChoice { value: TValue; en: string; ar: string }
export interface TColumn extends TChoice {
  /** matrixdropdown/matrixdynamic column name (= value); matrix column value. */
  name: string;
  cellType?: string; inputType?: string; choices?: TChoice[]; rateValues?: number[];
  isRequired?: boolean; min?: number | string; max?: number | string; maxLength?: number; hasOther?: boolean;
  validators?: unknown[];
  /** column condition, may use `{row.<column>}` */
  visibleIf?: string;
}
export interface TItem { name: string; en: string; ar: string; inputType?: string; isRequired?: boolean; maxLength?: number; min?: number | string; max?: number | string; validators: unknown[] }

export interface TQuestionInfo {
  name: string;
  type: string;
  inputType?: string;
  /** declared choices, then the special items SurveyJS adds (none, refused, dontknow, other) in that order */
  choices?: TChoice[];
  hasOther: boolean; hasNone: boolean; hasSelectAll: boolean;
  /** `<name>-Comment` key allowed (other text or comment area) */
  hasComment: boolean;
  /** other text stored in `<name>-Comment` (SurveyJS default) rather than as the value itself */
  storeOthersAsComment: boolean;
  rows?: TChoice[];
  columns?: TColumn[];
  items?: TItem[];
  rateValues?: number[];
  min?: number | string; max?: number | string; maxLength?: number;
  minSelectedChoices?: number; maxSelectedChoices?: number;
  minRowCount?: number; maxRowCount?: number; minPanelCount?: number; maxPanelCount?: number;
  isAllRowRequired?: boolean;
  valueTrue?: unknown; valueFalse?: unknown;
  isRequired: boolean;
  visibleIf?: string; enableIf?: string; requiredIf?: string;
  /** visibleIf of the page and enclosing panels (outermost first), inside the same dynamic-panel scope */
  containerVisibleIf: string[];
  /** statically hidden: `visible: false` without a visibleIf, on the question or a container (page, panel) */
  hidden: boolean;
  /** enableIf of the page and enclosing panels: a disabled container makes its questions read-only (not required) */
  containerEnableIf: string[];
  titleEn: string; titleAr: string;
  /** 0-based page index */
  page: number;
  validators: unknown[];
  missingCodes: TValue[];
  /** set for questions inside a paneldynamic template */
  parentDynamic?: string;
  /** paneldynamic: names of its direct+nested template questions */
  templateQuestions?: string[];
  /** the raw element JSON */
  element: TElementJson;
}

export const QUESTION_TYPES = new Set([
  'paneldynamic', 'matrix', 'matrixdropdown', 'matrixdynamic', 'multipletext', 'checkbox', 'radiogroup', 'dropdown',
  'tagbox', 'ranking', 'boolean', 'rating', 'text', 'comment', 'expression', 'imagepicker', 'signaturepad',
]);
/** Elements without a value. */
export const LAYOUT_TYPES = new Set(['panel', 'html', 'image']);
export const MISSING_CODE_VALUES = new Set(['dk', 'na', 'refused', 'dontknow']);
export const MAX_ELEMENTS = 2000;
const CHOICE_TYPES = new Set(['checkbox', 'radiogroup', 'dropdown', 'tagbox', 'ranking', 'imagepicker']);
const BAD_NAME = /[/[\]{}\p{Cc}]/u;

/** The English and Arabic of a localisable value as plain text (HTML tags removed): what codebooks, exports and labels show. */
export function localised(v: unknown): { en: string; ar: string } {
  if (typeof v === 'string') { const t = plainText(v); return { en: t, ar: t }; }
  if (typeof v === 'number') return { en: String(v), ar: String(v) };
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    const first = Object.values(o).find((x) => typeof x === 'string') as string | undefined;
    const en = plainText(str(o.default) ?? str(o.en) ?? first ?? '');
    const ar = str(o.ar);
    return { en, ar: ar === undefined ? en : plainText(ar) };
  }
  return { en: '', ar: '' };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a SurveyJS JSON (object or string) and checks it structurally; throws DefinitionError with JSON paths. */
export function parseDefinition(input: unknown): TDefinition {
  let def: unknown = input;
  if (typeof input === 'string') {
    try { def = JSON.parse(input); } catch (e) { throw new DefinitionError(jsonErrorMessage(input, e)); }
  } else {
    def = structuredClone(input);
  }
  if (!isObj(def)) throw new DefinitionError('The definition must be a JSON object (a SurveyJS survey).');
  const problems: TDefinitionProblem[] = [];
  const names = new Map<string, string>();
  let count = 0;
  const checkElements = (list: unknown, path: string, inDynamic: boolean) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) { problems.push({ path, message: 'must be an array of elements' }); return; }
    list.forEach((el, i) => {
      const p = `${path}[${i}]`;
      if (++count > MAX_ELEMENTS) { if (count === MAX_ELEMENTS + 1) problems.push({ path: p, message: `more than ${MAX_ELEMENTS} elements` }); return; }
      if (!isObj(el)) { problems.push({ path: p, message: 'an element must be an object' }); return; }
      const type = el.type;
      if (typeof type !== 'string' || !type) problems.push({ path: p, message: 'the element has no type' });
      else if (type === 'file') problems.push({ path: p, message: 'file upload questions are not supported: Marsad does not store files' });
      else if (!QUESTION_TYPES.has(type) && !LAYOUT_TYPES.has(type)) problems.push({ path: p, message: `unknown element type "${type}"` });
      const name = el.name;
      if (typeof name !== 'string' || !name.trim()) problems.push({ path: p, message: 'the element has no name' });
      else if (name.length > 200 || BAD_NAME.test(name) || name !== name.trim() || name.endsWith('-Comment') || name === '_root')
        problems.push({ path: p, message: `invalid name "${name.slice(0, 200)}": at most 200 characters, no / [ ] { }, no surrounding spaces, not ending in -Comment` });
      else if (name in Object.prototype) problems.push({ path: p, message: `the name "${name}" is reserved` })
      else if (names.has(name)) problems.push({ path: p, message: `duplicate name "${name}" (also at ${names.get(name)})` });
      else names.set(name, p);
      if (type === 'panel') checkElements(el.elements ?? el.questions, `${p}.elements`, inDynamic);
      if (type === 'paneldynamic') checkElements(el.templateElements, `${p}.templateElements`, true);
      if (el.choicesByUrl !== undefined) problems.push({ path: `${p}.choicesByUrl`, message: 'choices loaded from a URL are not supported: list the choices in the definition so answers can be validated' });
      checkChoiceList(el, p, problems);
    });
  };
  if (def.pages !== undefined) {
    if (!Array.isArray(def.pages)) problems.push({ path: 'pages', message: 'must be an array of pages' });
    else def.pages.forEach((page, i) => {
      if (!isObj(page)) { problems.push({ path: `pages[${i}]`, message: 'a page must be an object' }); return; }
      if (page.elements !== undefined) checkElements(page.elements, `pages[${i}].elements`, false);
      else checkElements(page.questions, `pages[${i}].questions`, false);
    });
  } else if (def.elements !== undefined) checkElements(def.elements, 'elements', false);
  else if (def.questions !== undefined) checkElements(def.questions, 'questions', false);
  else problems.push({ path: '', message: 'a survey needs a "pages" array (or top-level "elements")' });
  if (problems.length === 0 && count === 0) problems.push({ path: 'pages', message: 'the survey has no questions' });
  if (problems.length) throw new DefinitionError(problems.slice(0, 50));
  const typed = def as TDefinition;
  checkRegexValidators(typed);
  return typed;
}

function checkChoiceList(el: Record<string, unknown>, p: string, problems: TDefinitionProblem[]) {
  for (const key of ['choices', 'rows', 'columns', 'rateValues', 'items'] as const) {
    const list = el[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) { problems.push({ path: `${p}.${key}`, message: 'must be an array' }); continue; }
    const seen = new Set<string>();
    list.forEach((c, j) => {
      const v = isObj(c) ? (key === 'items' || (key === 'columns' && el.type !== 'matrix') ? c.name ?? c.value : c.value) : c;
      if (typeof v !== 'string' && typeof v !== 'number') { problems.push({ path: `${p}.${key}[${j}]`, message: 'needs a value (string or number)' }); return; }
      if (seen.has(String(v))) problems.push({ path: `${p}.${key}[${j}]`, message: `duplicate value "${v}"` });
      seen.add(String(v));
    });
  }
}

/** Offset of the first bad character when V8 does not say it: the shortest prefix failing otherwise than by ending early. */
function errorOffset(text: string): number {
  const bad = (n: number) => {
    try { JSON.parse(text.slice(0, n)); return false; } catch (e) { return !/end of JSON input|Unterminated/i.test(String((e as Error).message)); }
  };
  let lo = 0, hi = text.length;
  if (!bad(hi)) return text.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (bad(mid)) hi = mid; else lo = mid + 1; }
  return Math.max(0, lo - 1);
}

function jsonErrorMessage(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  let line = 1, col = 1;
  const pos = m ? Number(m[1]) : errorOffset(text);
  for (let i = 0; i < pos && i < text.length; i++) { if (text[i] === '\n') { line++; col = 1; } else col++; }
  return `The definition is not valid JSON (line ${line}, column ${col}): ${msg}`;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const numOrStr = (v: unknown): number | string | undefined => (typeof v === 'number' || typeof v === 'string' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

export function toChoices(list: unknown): TChoice[] {
  if (!Array.isArray(list)) return [];
  return list.map((c) => {
    if (isObj(c)) {
      const value = (c.value ?? c.name) as TValue;
      const t = c.text ?? c.title;
      const l = t === undefined ? localised(String(value)) : localised(t);
      return { value, en: l.en || String(value), ar: l.ar || String(value) };
    }
    return { value: c as TValue, en: String(c), ar: String(c) };
  });
}

/** Allowed rating values: rateValues, or rateMin..rateMax by rateStep (rateCount), default 1..5. */
export function ratingValues(el: Record<string, unknown>): number[] {
  const declared = toChoices(el.rateValues).map((c) => Number(c.value)).filter(Number.isFinite);
  if (declared.length) return declared;
  const min = num(el.rateMin) ?? 1, step = num(el.rateStep) && (el.rateStep as number) > 0 ? (el.rateStep as number) : 1;
  let max = num(el.rateMax) ?? 5;
  if (num(el.rateCount) && el.rateMax === undefined) max = min + step * ((el.rateCount as number) - 1);
  const out: number[] = [];
  for (let i = 0; min + i * step <= max + 1e-9 && out.length < 1000; i++) out.push(Math.round((min + i * step) * 1e9) / 1e9);
  return out;
}

function specialChoices(el: Record<string, unknown>): TChoice[] {
  const out: TChoice[] = [];
  const add = (value: string, text: unknown, en: string, ar: string) => {
    const l = localised(text);
    out.push({ value, en: l.en || en, ar: text === undefined || (isObj(text) && !('ar' in text)) ? ar : l.ar });
  };
  if (el.showNoneItem || el.hasNone) add(str(el.noneValue) ?? 'none', el.noneText, 'None', 'لا شيء');
  if (el.showRefuseItem) add(str(el.refuseValue) ?? 'refused', el.refuseText, 'Refuse to answer', 'أرفض الإجابة');
  if (el.showDontKnowItem) add(str(el.dontKnowValue) ?? 'dontknow', el.dontKnowText, "Don't know", 'لا أعرف');
  if (el.showOtherItem || el.hasOther) add('other', el.otherText, 'Other (describe)', 'أخرى (يرجى التحديد)');
  return out;
}

function columnsOf(el: Record<string, unknown>): TColumn[] {
  const raw = Array.isArray(el.columns) ? el.columns : [];
  if (el.type === 'matrix') return toChoices(raw).map((c) => ({ ...c, name: String(c.value) }));
  const defaultCell = str(el.cellType) ?? 'dropdown';
  return raw.map((c) => {
    const o: Record<string, unknown> = isObj(c) ? c : { name: c };
    const name = String(o.name ?? o.value);
    const l = localised(o.title ?? name);
    const cellType = str(o.cellType) === 'default' || !str(o.cellType) ? defaultCell : (o.cellType as string);
    const ch = [...toChoices(o.choices ?? el.choices), ...specialChoices(o)];
    return {
      name, value: name, en: l.en || name, ar: l.ar || name, cellType, inputType: str(o.inputType),
      choices: CHOICE_TYPES.has(cellType) ? ch : undefined,
      rateValues: cellType === 'rating' ? ratingValues(o) : undefined,
      isRequired: o.isRequired === true, min: numOrStr(o.min), max: numOrStr(o.max), maxLength: num(o.maxLength),
      hasOther: !!(o.showOtherItem || o.hasOther), validators: Array.isArray(o.validators) ? o.validators : [],
      visibleIf: str(o.visibleIf),
    };
  });
}

/** Every answerable question by name (recursively through panels and dynamic panels). */
export function questionIndex(def: TDefinition): Map<string, TQuestionInfo> {
  const index = new Map<string, TQuestionInfo>();
  type TChain = { visible: string[]; enable: string[]; hidden: boolean };
  const extend = (c: TChain, el: Record<string, unknown>): TChain => ({
    visible: str(el.visibleIf) ? [...c.visible, el.visibleIf as string] : c.visible,
    enable: str(el.enableIf) ? [...c.enable, el.enableIf as string] : c.enable,
    hidden: c.hidden || (el.visible === false && !str(el.visibleIf)),
  });
  const empty: TChain = { visible: [], enable: [], hidden: false };
  const visit = (list: TElementJson[] | undefined, page: number, chain: TChain, parentDynamic?: string) => {
    for (const el of list ?? []) {
      if (!isObj(el) || typeof el.name !== 'string') continue;
      const type = String(el.type);
      if (type === 'panel') {
        visit((el.elements ?? el.questions) as TElementJson[], page, extend(chain, el), parentDynamic);
        continue;
      }
      if (!QUESTION_TYPES.has(type)) continue;
      const info = describe(el, type, page, chain, parentDynamic);
      index.set(el.name, info);
      if (type === 'paneldynamic') {
        const before = new Set(index.keys());
        visit(el.templateElements, page, { ...empty, hidden: info.hidden }, el.name);
        info.templateQuestions = [...index.keys()].filter((k) => !before.has(k));
      }
    }
  };
  if (Array.isArray(def.pages)) {
    def.pages.forEach((p, i) => visit((p.elements ?? p.questions) as TElementJson[], i, extend(empty, p)));
  } else visit(def.elements ?? def.questions, 0, empty);
  for (const info of index.values()) {
    const from = str(info.element.choicesFromQuestion);
    if (from && index.get(from)?.choices && !toChoices(info.element.choices).length) {
      info.choices = [...index.get(from)!.choices!.filter((c) => !['other', 'none'].includes(String(c.value))), ...specialChoices(info.element)];
    }
  }
  return index;
}

function describe(el: TElementJson, type: string, page: number, chain: { visible: string[]; enable: string[]; hidden: boolean }, parentDynamic?: string): TQuestionInfo {
  const title = localised(el.title);
  const hasOther = !!(el.showOtherItem || el.hasOther);
  const choices = CHOICE_TYPES.has(type) ? [...toChoices(el.choices), ...specialChoices(el)] : undefined;
  const rows = type === 'matrix' || type === 'matrixdropdown' ? toChoices(el.rows) : undefined;
  const columns = type.startsWith('matrix') ? columnsOf(el) : undefined;
  const items = type === 'multipletext' ? (Array.isArray(el.items) ? el.items : []).map((it) => {
    const o: Record<string, unknown> = isObj(it) ? it : { name: it };
    const l = localised(o.title ?? o.name);
    return { name: String(o.name), en: l.en, ar: l.ar, inputType: str(o.inputType), isRequired: o.isRequired === true,
      maxLength: num(o.maxLength), min: numOrStr(o.min), max: numOrStr(o.max), validators: Array.isArray(o.validators) ? o.validators : [] };
  }) : undefined;
  const codes = new Set<TValue>();
  for (const c of [...(choices ?? []), ...(type === 'matrix' ? columns ?? [] : [])]) if (MISSING_CODE_VALUES.has(String(c.value))) codes.add(c.value);
  for (const col of type === 'matrix' ? [] : columns ?? []) for (const c of col.choices ?? []) if (MISSING_CODE_VALUES.has(String(c.value))) codes.add(c.value);
  return {
    name: el.name as string, type, inputType: type === 'text' ? str(el.inputType) ?? 'text' : undefined,
    choices, hasOther, hasNone: !!(el.showNoneItem || el.hasNone), hasSelectAll: !!(el.showSelectAllItem || el.hasSelectAll),
    hasComment: hasOther || !!(el.showCommentArea || el.hasComment),
    storeOthersAsComment: el.storeOthersAsComment !== false,
    rows, columns, items,
    rateValues: type === 'rating' ? ratingValues(el) : undefined,
    min: numOrStr(el.min), max: numOrStr(el.max), maxLength: num(el.maxLength),
    minSelectedChoices: num(el.minSelectedChoices), maxSelectedChoices: num(el.maxSelectedChoices),
    minRowCount: num(el.minRowCount), maxRowCount: num(el.maxRowCount),
    minPanelCount: num(el.minPanelCount), maxPanelCount: num(el.maxPanelCount),
    isAllRowRequired: el.isAllRowRequired === true || el.eachRowRequired === true,
    valueTrue: el.valueTrue, valueFalse: el.valueFalse,
    isRequired: el.isRequired === true,
    visibleIf: str(el.visibleIf), enableIf: str(el.enableIf), requiredIf: str(el.requiredIf),
    containerVisibleIf: chain.visible, containerEnableIf: chain.enable, hidden: chain.hidden || (el.visible === false && !str(el.visibleIf)),
    titleEn: title.en || (el.name as string), titleAr: title.ar || title.en || (el.name as string),
    page, validators: Array.isArray(el.validators) ? el.validators : [],
    missingCodes: [...codes], parentDynamic, element: el,
  };
}

/** The storage "kind" of a question: its type, with text refined by numeric/date input types. */
function kindOf(q: TQuestionInfo): string {
  if (q.type !== 'text') return q.type;
  const t = q.inputType ?? 'text';
  if (t === 'number' || t === 'range') return 'text:number';
  if (t === 'date' || t === 'datetime-local' || t === 'month' || t === 'week' || t === 'time') return `text:${t}`;
  return 'text';
}

/** Questions present in both versions whose stored value type differs. */
export function typeChanges(previous: TDefinition, next: TDefinition): TTypeChange[] {
  const a = questionIndex(previous), b = questionIndex(next);
  const out: TTypeChange[] = [];
  for (const [name, q] of a) {
    const n = b.get(name);
    if (!n) continue;
    const from = kindOf(q), to = kindOf(n);
    if (from !== to) out.push({ name, from: from.replace(':', '/'), to: to.replace(':', '/') });
  }
  return out;
}

export function assertNoTypeChanges(previous: TDefinition, next: TDefinition): void {
  const changes = typeChanges(previous, next);
  if (changes.length) throw new TypeChangeError(changes);
}
