// Codebook: one flat column per answer cell of a questionnaire, answers flattened to those columns, value labels.
import { localised, questionIndex, toChoices, type TChoice, type TDefinition, type TQuestionInfo } from './definition';

/** The column naming rule (also shown in exports). */
export const CODEBOOK_NAMING_RULE = `Column names:
- a single-answer question (radiogroup, dropdown, rating, boolean, text, comment, expression, single imagepicker): name
- checkbox / tagbox / multi imagepicker: name/choice per offered choice, 1 when chosen, 0 when not, empty when the question is unanswered
- "other" answer text (showOtherItem): name/other; comment box (showCommentArea): name/comment
- ranking: name/choice = the rank position (1 = first) of that choice, empty when not ranked
- matrix: name/row; matrixdropdown: name/row/column; multipletext: name/item
- matrixdynamic: name[i]/column for i = 1..maxRowCount (10 when not set); paneldynamic: name[i]/inner-column for i = 1..maxPanelCount (5 when not set)
- multi-value cells (checkbox cells) hold the codes joined with ";"`;

export type TCell = string | number | boolean | null;

export interface TCodebookColumn {
  key: string;
  /** the question the cell belongs to (the inner question for paneldynamic cells) */
  question: string;
  type: string;
  row?: string; column?: string; choice?: string;
  /** paneldynamic / matrixdynamic: the enclosing question and the 1-based entry number */
  parent?: string; index?: number;
  titleEn: string; titleAr: string;
  choices?: TChoice[];
}

interface TSpec { col: TCodebookColumn; get: (scope: Record<string, unknown>) => TCell; q: TQuestionInfo }

const MAX_DYNAMIC_ROWS = 100;
const cellOf = (v: unknown): TCell => {
  if (v === undefined || v === null || v === '') return null;
  if (Array.isArray(v)) return v.length ? v.map(String).join(';') : null;
  if (typeof v === 'object') return JSON.stringify(v);
  return v as TCell;
};
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function questionSpecs(q: TQuestionInfo, index: Map<string, TQuestionInfo>, prefix: string, base: Partial<TCodebookColumn>): TSpec[] {
  const out: TSpec[] = [];
  const name = q.name;
  const add = (suffix: string, extra: Partial<TCodebookColumn>, get: TSpec['get'], en = '', ar = '') => out.push({
    q, get, col: { key: prefix + name + suffix, question: name, type: q.type, ...base, ...extra,
      titleEn: en ? `${q.titleEn} — ${en}` : q.titleEn, titleAr: ar ? `${q.titleAr} — ${ar}` : q.titleAr },
  });
  const multi = q.type === 'checkbox' || q.type === 'tagbox' || (q.type === 'imagepicker' && q.element.multiSelect === true);
  switch (true) {
    case multi:
      for (const c of q.choices ?? []) {
        if (c.value === 'other' && q.hasOther) continue;
        add(`/${c.value}`, { choice: String(c.value) }, (s) => {
          const v = s[name];
          return Array.isArray(v) && v.length ? (v.some((x) => x === c.value) ? 1 : 0) : null;
        }, c.en, c.ar);
      }
      break;
    case q.type === 'ranking':
      for (const c of q.choices ?? []) add(`/${c.value}`, { choice: String(c.value) }, (s) => {
        const v = s[name];
        const i = Array.isArray(v) ? v.findIndex((x) => x === c.value) : -1;
        return i >= 0 ? i + 1 : null;
      }, c.en, c.ar);
      break;
    case q.type === 'matrix':
      for (const r of q.rows ?? []) add(`/${r.value}`, { row: String(r.value), choices: q.columns }, (s) => cellOf(obj(s[name])[String(r.value)]), r.en, r.ar);
      break;
    case q.type === 'matrixdropdown':
      for (const r of q.rows ?? []) for (const c of q.columns ?? []) {
        add(`/${r.value}/${c.name}`, { row: String(r.value), column: c.name, choices: c.choices },
          (s) => cellOf(obj(obj(s[name])[String(r.value)])[c.name]), `${r.en} — ${c.en}`, `${r.ar} — ${c.ar}`);
      }
      break;
    case q.type === 'matrixdynamic': {
      const n = Math.min(q.maxRowCount ?? 10, MAX_DYNAMIC_ROWS);
      for (let i = 1; i <= n; i++) for (const c of q.columns ?? []) {
        out.push({ q, get: (s) => cellOf(obj(Array.isArray(s[name]) ? (s[name] as unknown[])[i - 1] : undefined)[c.name]), col: {
          key: `${prefix}${name}[${i}]/${c.name}`, question: name, type: q.type, ...base, column: c.name, index: i, choices: c.choices,
          titleEn: `${q.titleEn} [${i}] — ${c.en}`, titleAr: `${q.titleAr} [${i}] — ${c.ar}` } });
      }
      break;
    }
    case q.type === 'multipletext':
      for (const it of q.items ?? []) add(`/${it.name}`, { row: it.name }, (s) => cellOf(obj(s[name])[it.name]), it.en, it.ar);
      break;
    case q.type === 'paneldynamic': {
      const n = Math.min(q.maxPanelCount ?? 5, MAX_DYNAMIC_ROWS);
      const inner = [...index.values()].filter((x) => x.parentDynamic === name);
      for (let i = 1; i <= n; i++) for (const iq of inner) {
        for (const spec of questionSpecs(iq, index, `${prefix}${name}[${i}]/`, { parent: name, index: i })) {
          out.push({ ...spec, get: (s) => { const p = Array.isArray(s[name]) ? (s[name] as unknown[])[i - 1] : undefined; return p ? spec.get(obj(p)) : null; } });
        }
      }
      break;
    }
    default:
      add('', { choices: q.type === 'rating' ? toChoices(q.element.rateValues).length ? toChoices(q.element.rateValues) : q.rateValues?.map((v) => ({ value: v, en: String(v), ar: String(v) })) : q.choices },
        (s) => cellOf(s[name]));
  }
  if (q.hasOther) {
    add('/other', { choice: 'other' }, (s) => {
      if (q.storeOthersAsComment) return cellOf(s[`${name}-Comment`]);
      const v = s[name];
      const known = new Set((q.choices ?? []).map((c) => c.value));
      const others = (Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string' && x && !known.has(x));
      return others.length ? others.join(';') : null;
    }, 'other', 'أخرى');
  } else if (q.hasComment) add('/comment', {}, (s) => cellOf(s[`${name}-Comment`]), 'comment', 'تعليق');
  return out;
}

const compiled = new WeakMap<TDefinition, TSpec[]>();

function specsOf(def: TDefinition): TSpec[] {
  let specs = compiled.get(def);
  if (!specs) {
    const index = questionIndex(def);
    specs = [...index.values()].filter((q) => !q.parentDynamic && q.type !== 'signaturepad').flatMap((q) => questionSpecs(q, index, '', {}));
    compiled.set(def, specs);
  }
  return specs;
}

/** One column per answer cell, in questionnaire order (see CODEBOOK_NAMING_RULE). */
export function codebookColumns(def: TDefinition): TCodebookColumn[] {
  return specsOf(def).map((s) => s.col);
}

/** Answers of one response flattened to the codebook columns (every column present; null = no answer). */
export function flattenAnswers(def: TDefinition, answers: Record<string, unknown>): Record<string, TCell> {
  const out: Record<string, TCell> = {};
  const scope = obj(answers);
  for (const s of specsOf(def)) out[s.col.key] = s.get(scope);
  return out;
}

/** The label of a flattened value in a language (codes → choice texts; 1/0 → yes/no; booleans → labelTrue/labelFalse). */
export function labelFor(def: TDefinition, key: string, value: TCell, lang: 'en' | 'ar'): string {
  if (value === null || value === undefined) return '';
  const spec = specsOf(def).find((s) => s.col.key === key);
  if (!spec) return String(value);
  const { col, q } = spec;
  if (col.choice !== undefined && (q.type === 'checkbox' || q.type === 'tagbox' || q.type === 'imagepicker') && typeof value === 'number') {
    return value === 1 ? (lang === 'ar' ? 'نعم' : 'Yes') : lang === 'ar' ? 'لا' : 'No';
  }
  if (q.type === 'boolean' && col.row === undefined && col.column === undefined) {
    const isTrue = value === (q.valueTrue ?? true);
    const l = localised(isTrue ? q.element.labelTrue : q.element.labelFalse);
    return (lang === 'ar' ? l.ar : l.en) || (isTrue ? (lang === 'ar' ? 'نعم' : 'Yes') : lang === 'ar' ? 'لا' : 'No');
  }
  if (col.choices && col.choice === undefined) {
    const codes = typeof value === 'string' && value.includes(';') ? value.split(';') : [value];
    const labels = codes.map((v) => {
      const c = col.choices!.find((x) => x.value === v || String(x.value) === String(v));
      return c ? (lang === 'ar' ? c.ar : c.en) : String(v);
    });
    return labels.join('; ');
  }
  return String(value);
}
