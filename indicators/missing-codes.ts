// Missing codes ("don't know", "not applicable", "refused", "prefer not to say"): declared by a questionnaire or detected
// from its SurveyJS JSON, per question, matrix column and multipletext item — the ONE place that decides which answers
// leave a denominator (evaluator, SQL compiler, linter). Pure: reads plain SurveyJS JSON, no survey-core instance needed.
import type { TItemRef } from './formula';

export type Code = string | number;
export type MissingMeaning = 'dont_know' | 'not_applicable' | 'refused' | 'prefer_not_to_say' | 'no_answer' | 'missing';
/** Why a code is missing: declared on the choice (`missingCode: true`), in the questionnaire's `missingCodes`, a
 *  SurveyJS special item (dontknow / refused), a code word (dk, na …), its label, or a numeric code outside the scale. */
export type MissingReason = 'declared_choice' | 'declared_questionnaire' | 'special_item' | 'code_word' | 'label' | 'numeric_code';
export interface MissingFinding { code: Code; reason: MissingReason; meaning: MissingMeaning; label?: { en: string; ar: string } }
/** A choice whose label reads like "don't know" but that the declarations keep as a substantive answer (lint: warning). */
export interface SuspiciousChoice { code: Code; label: { en: string; ar: string }; meaning: MissingMeaning }
export interface ItemMissing {
  codes: Code[];
  findings: MissingFinding[];
  suspicious: SuspiciousChoice[];
  /** the substantive scale (numeric codes that are not missing, rating bounds, declared min/max), null when unknown */
  range: { min: number; max: number } | null;
}
export interface QuestionMissing extends ItemMissing {
  /** matrixdropdown/matrixdynamic columns by name; multipletext items by name */
  parts?: Record<string, ItemMissing>;
}
export interface MissingCodeTable {
  /** the questionnaire-level `missingCodes` list when present (its presence turns detection off everywhere) */
  declared: Code[] | null;
  questions: Map<string, QuestionMissing>;
}

/** Code words that mean a missing answer when used as a choice value (lower case, compared case-insensitively). */
export const MISSING_CODE_WORDS: Readonly<Record<string, MissingMeaning>> = {
  dk: 'dont_know', dontknow: 'dont_know', dont_know: 'dont_know', 'dont-know': 'dont_know', donotknow: 'dont_know',
  na: 'not_applicable', 'n/a': 'not_applicable', not_applicable: 'not_applicable', notapplicable: 'not_applicable',
  refused: 'refused', refuse: 'refused', ref: 'refused', rf: 'refused',
  prefer_not_to_say: 'prefer_not_to_say', prefer_not: 'prefer_not_to_say', pnts: 'prefer_not_to_say',
  nr: 'no_answer', no_answer: 'no_answer', noanswer: 'no_answer', missing: 'missing',
};
/** The fallback when nothing is known about an item (no questionnaire): the code words above. */
export const DEFAULT_MISSING_CODES: ReadonlyArray<string> = Object.keys(MISSING_CODE_WORDS);

/** Numeric codes conventionally used for missing answers; missing only outside the item's substantive range. */
export const NUMERIC_MISSING_CANDIDATES: ReadonlyArray<number> = [
  77, 88, 96, 97, 98, 99, 777, 888, 996, 997, 998, 999, 7777, 8888, 9997, 9998, 9999,
  -1, -2, -3, -4, -5, -6, -7, -8, -9, -77, -88, -97, -98, -99, -777, -888, -997, -998, -999, -9999,
];

const EN_LABELS: Array<[RegExp, MissingMeaning]> = [
  [/\b(i\s+)?(don'?t|do not|dont|doesn'?t|does not)\s+know\b|\bno\s+idea\b|\bcan'?t\s+say\b|\bcannot\s+say\b/, 'dont_know'],
  [/\bnot\s+applicable\b|\bdoes\s+not\s+apply\b|\bdoesn'?t\s+apply\b|^n\s*\/\s*a$|^na$/, 'not_applicable'],
  [/^refused$|^refusal$|\brefused?\s+to\s+(answer|respond|say)\b|\bdeclined?\s+to\s+(answer|respond|say)\b/, 'refused'],
  [/\bprefer\s+not\s+to\s+(say|answer)\b|\brather\s+not\s+say\b/, 'prefer_not_to_say'],
  [/^no\s+(answer|response)$/, 'no_answer'],
];
/** Arabic, after normalisation (no diacritics/tatweel, أ إ آ → ا, ى → ي, ة → ه). */
const AR_LABELS: Array<[RegExp, MissingMeaning]> = [
  [/لا اعرف|لا اعلم|لا ادري/, 'dont_know'],
  [/لا ينطبق|غير منطبق|لا تنطبق|غير قابل للتطبيق/, 'not_applicable'],
  [/ارفض الاجابه|رفض الاجابه|^ارفض$|^رفض$/, 'refused'],
  [/افضل عدم|لا ارغب في الاجابه|افضل ان لا/, 'prefer_not_to_say'],
  [/^(بلا|بدون) اجابه$|^لا اجابه$/, 'no_answer'],
];

export function normaliseArabic(s: string): string {
  return s.replace(/[\u064B-\u065F\u0670\u0640]/g, '').replace(/[أإآ]/g, 'ا').replace(/ى/g, 'ي').replace(/ة/g, 'ه').replace(/\s+/g, ' ').trim();
}

/** What a choice label means, when it reads as a missing answer in English or Arabic; null for a substantive label. */
export function labelMeaning(text: string): MissingMeaning | null {
  const en = text.toLowerCase().replace(/[’‘`]/g, "'").replace(/[.()[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  for (const [re, m] of EN_LABELS) if (re.test(en)) return m;
  const ar = normaliseArabic(text);
  for (const [re, m] of AR_LABELS) if (re.test(ar)) return m;
  return null;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const texts = (t: unknown): string[] => (typeof t === 'string' ? [t] : isObj(t) ? Object.values(t).filter((x): x is string => typeof x === 'string') : []);
const bilingual = (t: unknown, fallback: string) => {
  if (typeof t === 'string') return { en: t, ar: t };
  const o = isObj(t) ? t : {};
  const en = typeof o.default === 'string' ? o.default : typeof o.en === 'string' ? o.en : fallback;
  return { en, ar: typeof o.ar === 'string' ? o.ar : en };
};
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

interface RawChoice { value: Code; label: { en: string; ar: string }; all: string[]; declared?: boolean; special?: MissingMeaning }
function rawChoices(list: unknown): RawChoice[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((c): RawChoice[] => {
    if (isObj(c)) {
      const value = (c.value ?? c.name) as unknown;
      if (typeof value !== 'string' && typeof value !== 'number') return [];
      return [{ value, label: bilingual(c.text, String(value)), all: texts(c.text), declared: c.missingCode === true ? true : undefined }];
    }
    return typeof c === 'string' || typeof c === 'number' ? [{ value: c, label: { en: String(c), ar: String(c) }, all: [String(c)] }] : [];
  });
}
/** SurveyJS's own special items that mean a missing answer. */
function specialItems(el: Json): RawChoice[] {
  const out: RawChoice[] = [];
  if (el.showDontKnowItem === true) out.push({ value: 'dontknow', label: bilingual(el.dontKnowText, "Don't know"), all: [], special: 'dont_know' });
  if (el.showRefuseItem === true) out.push({ value: 'refused', label: bilingual(el.refuseText, 'Refuse to answer'), all: [], special: 'refused' });
  return out;
}

const sameCode = (a: Code, b: Code) => typeof a === typeof b && a === b;

/**
 * Missing codes of one set of coded answers (a question's choices, a matrix's columns, a rating's values).
 * Declared (a choice with `missingCode: true`, or the questionnaire-level list) wins: nothing is detected then.
 * Otherwise: SurveyJS special items, code words, labels meaning "don't know"…, and numeric codes from
 * NUMERIC_MISSING_CANDIDATES lying outside the substantive range (not contiguous with the other numeric codes).
 */
export function choiceSetMissing(choices: RawChoice[], questionnaire: Code[] | null): ItemMissing {
  const findings: MissingFinding[] = [];
  const suspicious: SuspiciousChoice[] = [];
  const add = (c: RawChoice, reason: MissingReason, meaning: MissingMeaning) => {
    if (!findings.some((f) => sameCode(f.code, c.value))) findings.push({ code: c.value, reason, meaning, label: c.label });
  };
  const meaningOf = (c: RawChoice) => c.special ?? MISSING_CODE_WORDS[String(c.value).toLowerCase()] ?? c.all.map(labelMeaning).find((m) => m) ?? null;
  const declaredHere = choices.some((c) => c.declared);
  for (const c of choices) {
    if (c.special) add(c, 'special_item', c.special);
    else if (c.declared) add(c, 'declared_choice', meaningOf(c) ?? 'missing');
    else if (questionnaire?.some((q) => sameCode(q, c.value))) add(c, 'declared_questionnaire', meaningOf(c) ?? 'missing');
  }
  if (!declaredHere && questionnaire === null) {
    for (const c of choices) {
      const word = MISSING_CODE_WORDS[String(c.value).toLowerCase()];
      if (word) { add(c, 'code_word', word); continue; }
      const m = c.all.map(labelMeaning).find((x) => x);
      if (m) add(c, 'label', m);
    }
    const isMissing = (c: RawChoice) => findings.some((f) => sameCode(f.code, c.value));
    const numeric = choices.filter((c) => typeof c.value === 'number' && !isMissing(c)) as Array<RawChoice & { value: number }>;
    const substantive = numeric.filter((c) => !NUMERIC_MISSING_CANDIDATES.includes(c.value)).map((c) => c.value);
    if (substantive.length) {
      let lo = Math.min(...substantive), hi = Math.max(...substantive);
      const candidates = numeric.filter((c) => NUMERIC_MISSING_CANDIDATES.includes(c.value));
      const inside = new Set(candidates.filter((c) => c.value >= lo && c.value <= hi).map((c) => c.value));
      // candidates contiguous with the substantive range extend it (a 1…99 scale keeps its 97, 98, 99)
      for (let grew = true; grew;) {
        grew = false;
        for (const c of candidates) {
          if (inside.has(c.value)) continue;
          if (c.value === hi + 1 || c.value === lo - 1) { inside.add(c.value); lo = Math.min(lo, c.value); hi = Math.max(hi, c.value); grew = true; }
        }
      }
      for (const c of candidates) if (!inside.has(c.value)) add(c, 'numeric_code', meaningOf(c) ?? 'missing');
    }
  } else {
    for (const c of choices) {
      const m = meaningOf(c);
      if (m && !isIn(findings, c.value)) suspicious.push({ code: c.value, label: c.label, meaning: m });
    }
  }
  // the questionnaire-level list is missing for every question, also codes that are not among its choices
  const codes = [...findings.map((f) => f.code), ...(questionnaire ?? []).filter((q) => !isIn(findings, q))];
  const subst = choices.filter((c) => typeof c.value === 'number' && !isIn(findings, c.value)).map((c) => c.value as number);
  return { codes, findings, suspicious, range: subst.length ? { min: Math.min(...subst), max: Math.max(...subst) } : null };
}
const isIn = (fs: MissingFinding[], v: Code) => fs.some((f) => sameCode(f.code, v));

/** An open number (text inputType number/range, multipletext item, matrix text cell): codes only when declared, or
 *  candidates outside its declared min…max. */
function openNumberMissing(el: Json, questionnaire: Code[] | null): ItemMissing {
  const min = num(el.min), max = num(el.max);
  const range = min !== undefined && max !== undefined ? { min, max } : null;
  if (questionnaire !== null) {
    return { codes: [...questionnaire], findings: questionnaire.map((code) => ({ code, reason: 'declared_questionnaire' as const, meaning: 'missing' as const })), suspicious: [], range };
  }
  const out = range ? NUMERIC_MISSING_CANDIDATES.filter((c) => c < range.min || c > range.max) : [];
  return { codes: out, findings: out.map((code) => ({ code, reason: 'numeric_code' as const, meaning: 'missing' as const })), suspicious: [], range };
}

function ratingChoices(el: Json): { choices: RawChoice[]; range: { min: number; max: number } | null } {
  if (Array.isArray(el.rateValues) && el.rateValues.length) return { choices: rawChoices(el.rateValues), range: null };
  const min = num(el.rateMin) ?? 1, step = num(el.rateStep) ?? 1;
  const max = num(el.rateMax) ?? (num(el.rateCount) ? min + (num(el.rateCount)! - 1) * step : 5);
  return { choices: [], range: { min, max } };
}

/** Missing codes of a cell or a question given its SurveyJS type and JSON (`choices` for dropdown-like cells). */
function itemMissing(type: string, el: Json, questionnaire: Code[] | null, inherited?: unknown): ItemMissing {
  if (type === 'rating') {
    const r = ratingChoices(el);
    if (!r.choices.length) {
      const q = questionnaire ?? [];
      return { codes: [...q], findings: q.map((code) => ({ code, reason: 'declared_questionnaire' as const, meaning: 'missing' as const })), suspicious: [], range: r.range };
    }
    return choiceSetMissing(r.choices, questionnaire);
  }
  if (type === 'boolean') return { codes: [...(questionnaire ?? [])], findings: [], suspicious: [], range: { min: 0, max: 1 } };
  if (type === 'text' || type === 'expression') {
    const it = typeof el.inputType === 'string' ? el.inputType : 'text';
    if (type === 'expression' || it === 'number' || it === 'range') return openNumberMissing(el, questionnaire);
    return { codes: [...(questionnaire ?? DEFAULT_MISSING_CODES)], findings: [], suspicious: [], range: null };
  }
  const list = Array.isArray(el.choices) && el.choices.length ? el.choices : inherited;
  return choiceSetMissing([...rawChoices(list), ...specialItems(el)], questionnaire);
}

/** Missing codes of one question (SurveyJS element JSON); `questionnaire` is the survey-level `missingCodes` list, if any. */
export function questionMissing(el: Json, questionnaire: Code[] | null = null): QuestionMissing {
  const type = String(el.type ?? '');
  if (type === 'matrix') return choiceSetMissing(rawChoices(el.columns), questionnaire);
  if (type === 'matrixdropdown' || type === 'matrixdynamic') {
    const parts: Record<string, ItemMissing> = {};
    const cellType = typeof el.cellType === 'string' ? el.cellType : 'dropdown';
    for (const col of Array.isArray(el.columns) ? el.columns : []) {
      if (!isObj(col) || typeof col.name !== 'string') continue;
      const t = typeof col.cellType === 'string' && col.cellType !== 'default' ? col.cellType : cellType;
      parts[col.name] = itemMissing(t, col, questionnaire, el.choices);
    }
    return { ...choiceSetMissing(rawChoices(el.choices), questionnaire), parts };
  }
  if (type === 'multipletext') {
    const parts: Record<string, ItemMissing> = {};
    for (const it of Array.isArray(el.items) ? el.items : []) {
      if (isObj(it) && typeof it.name === 'string') parts[it.name] = itemMissing('text', it, questionnaire);
    }
    return { codes: [...(questionnaire ?? [])], findings: [], suspicious: [], range: null, parts };
  }
  return itemMissing(type, el, questionnaire);
}

/** The questionnaire-level declaration: `missingCodes` on the survey (an array of codes, or of {value} items). */
export function declaredQuestionnaireCodes(def: unknown): Code[] | null {
  if (!isObj(def) || !Array.isArray(def.missingCodes)) return null;
  return def.missingCodes.flatMap((c) => {
    const v = isObj(c) ? c.value : c;
    return typeof v === 'string' || typeof v === 'number' ? [v] : [];
  });
}

/** Every question of a SurveyJS definition (pages, panels, dynamic panels) → its missing codes. */
export function missingCodeTable(def: unknown): MissingCodeTable {
  const declared = declaredQuestionnaireCodes(def);
  const questions = new Map<string, QuestionMissing>();
  const byName = new Map<string, Json>();
  const walk = (els: unknown) => {
    if (!Array.isArray(els)) return;
    for (const e of els) {
      if (!isObj(e)) continue;
      if (Array.isArray(e.elements)) walk(e.elements);
      if (Array.isArray(e.templateElements)) walk(e.templateElements);
      if (typeof e.name === 'string' && typeof e.type === 'string' && e.type !== 'panel') byName.set(e.name, e);
    }
  };
  if (isObj(def)) {
    if (Array.isArray(def.pages)) for (const p of def.pages) if (isObj(p)) walk(p.elements ?? p.questions);
    walk(def.elements ?? def.questions);
  }
  for (const [name, el] of byName) {
    const from = typeof el.choicesFromQuestion === 'string' ? byName.get(el.choicesFromQuestion) : undefined;
    const source = from && !(Array.isArray(el.choices) && el.choices.length) ? { ...el, choices: from.choices } : el;
    questions.set(name, questionMissing(source, declared));
  }
  return { declared, questions };
}

/** The item's entry in the table (question, matrix column, multipletext item); undefined for attributes and unknown items. */
export function itemEntry(table: MissingCodeTable, item: TItemRef): ItemMissing | undefined {
  if (item.kind === 'attribute') return undefined;
  const q = table.questions.get(item.name);
  if (!q) return undefined;
  if (item.kind === 'question' || !q.parts) return q;
  return q.parts[item.column ?? item.row] ?? q;
}

/** The codes that make an answer to this item missing in this questionnaire version. */
export function missingCodesFor(table: MissingCodeTable, item: TItemRef): ReadonlyArray<Code> {
  if (item.kind === 'attribute') return [];
  return itemEntry(table, item)?.codes ?? table.declared ?? DEFAULT_MISSING_CODES;
}

/** The substantive scale of an item (for clipping a mean's interval), null when the questionnaire does not bound it. */
export function scaleFor(table: MissingCodeTable, item: TItemRef): { min: number; max: number } | null {
  return itemEntry(table, item)?.range ?? null;
}
