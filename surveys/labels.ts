// Answer labels at the edge: stored codes of one response rendered as text in English or Arabic (never stored).
import { localised, questionIndex, type TChoice, type TDefinition, type TQuestionInfo } from './definition';
import type { Lang } from '../contracts/common';

export type TLang = Lang;

const YES = { en: 'Yes', ar: 'نعم' }, NO = { en: 'No', ar: 'لا' };

function choiceText(choices: ReadonlyArray<TChoice> | undefined, v: unknown, lang: TLang): string {
  const c = choices?.find((x) => x.value === v) ?? choices?.find((x) => String(x.value) === String(v));
  return c ? c[lang] : String(v);
}

/** The label of one question's stored value (scalars, choice lists, booleans; composite values as "key: label" lists). */
export function answerLabel(q: TQuestionInfo, value: unknown, lang: TLang): string {
  if (value === undefined || value === null || value === '') return '';
  switch (q.type) {
    case 'radiogroup': case 'dropdown': case 'imagepicker':
      return Array.isArray(value) ? value.map((v) => choiceText(q.choices, v, lang)).join('; ') : choiceText(q.choices, value, lang);
    case 'checkbox': case 'tagbox': case 'ranking':
      return Array.isArray(value) ? value.map((v) => choiceText(q.choices, v, lang)).join('; ') : String(value);
    case 'boolean': {
      const isTrue = value === (q.valueTrue ?? true);
      const l = localised(isTrue ? q.element.labelTrue : q.element.labelFalse);
      return l[lang] || (isTrue ? YES : NO)[lang];
    }
    case 'rating': {
      const declared = Array.isArray(q.element.rateValues) ? q.element.rateValues : [];
      const hit = declared.find((r) => (r && typeof r === 'object' ? (r as { value?: unknown }).value : r) === value);
      return hit && typeof hit === 'object' && 'text' in hit ? localised((hit as { text: unknown }).text)[lang] : String(value);
    }
    case 'matrix':
      return Object.entries(value as Record<string, unknown>).map(([r, c]) => `${choiceText(q.rows, r, lang)}: ${choiceText(q.columns, c, lang)}`).join('; ');
    case 'multipletext':
      return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${q.items?.find((i) => i.name === k)?.[lang] ?? k}: ${String(v)}`).join('; ');
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Every answered question of a response with its title and value label, in questionnaire order. */
export function labelledAnswers(def: TDefinition, answers: Record<string, unknown>, lang: TLang): Array<{ name: string; title: string; value: unknown; label: string }> {
  const out: Array<{ name: string; title: string; value: unknown; label: string }> = [];
  for (const q of questionIndex(def).values()) {
    if (q.parentDynamic || !(q.name in answers)) continue;
    out.push({ name: q.name, title: lang === 'ar' ? q.titleAr : q.titleEn, value: answers[q.name], label: answerLabel(q, answers[q.name], lang) });
  }
  return out;
}
