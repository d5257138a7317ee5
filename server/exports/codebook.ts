// Export columns of a questionnaire version: the codebook (one column per answer cell) and fast per-row flattening
// with precomputed code → label maps, so that a million rows cost one Map lookup per cell.
import { questionIndex, type TDefinition, type TChoice, type TQuestionInfo } from '../../surveys/definition';

export type Lang = 'en' | 'ar';
export type Cell = string | number | boolean | null;

export interface ExportColumn {
  key: string; question: string; type: string; row?: string; column?: string; choice?: string;
  titleEn: string; titleAr: string; choices?: TChoice[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One column per stored answer cell: plain questions, matrix rows, matrixdropdown cells, multipletext items,
 *  one 0/1 column per checkbox choice, a `-Comment` column where SurveyJS stores other/comment text. */
export function exportColumns(def: TDefinition): ExportColumn[] {
  const out: ExportColumn[] = [];
  for (const q of questionIndex(def).values()) {
    if (q.parentDynamic) continue; // template questions live inside the dynamic panel's JSON column
    const base = { question: q.name, type: q.type };
    if (q.type === 'matrix') {
      for (const r of q.rows ?? []) out.push({ ...base, key: `${q.name}.${r.value}`, row: String(r.value), titleEn: `${q.titleEn} — ${r.en}`, titleAr: `${q.titleAr} — ${r.ar}`, choices: q.columns });
    } else if (q.type === 'matrixdropdown') {
      for (const r of q.rows ?? []) for (const c of q.columns ?? []) {
        out.push({ ...base, key: `${q.name}.${r.value}.${c.name}`, row: String(r.value), column: c.name,
          titleEn: `${q.titleEn} — ${r.en} — ${c.en}`, titleAr: `${q.titleAr} — ${r.ar} — ${c.ar}`, choices: c.choices });
      }
    } else if (q.type === 'multipletext') {
      for (const it of q.items ?? []) out.push({ ...base, key: `${q.name}.${it.name}`, row: it.name, titleEn: `${q.titleEn} — ${it.en}`, titleAr: `${q.titleAr} — ${it.ar}` });
    } else if (q.type === 'checkbox' || q.type === 'tagbox') {
      for (const c of q.choices ?? []) {
        out.push({ ...base, key: `${q.name}.${c.value}`, choice: String(c.value), titleEn: `${q.titleEn} — ${c.en}`, titleAr: `${q.titleAr} — ${c.ar}` });
      }
    } else {
      out.push({ ...base, key: q.name, titleEn: q.titleEn, titleAr: q.titleAr, choices: choicesOf(q) });
    }
    if (q.hasComment) out.push({ ...base, key: `${q.name}-Comment`, type: 'comment', titleEn: `${q.titleEn} — comment`, titleAr: `${q.titleAr} — تعليق` });
  }
  return out;
}

function choicesOf(q: TQuestionInfo): TChoice[] | undefined {
  if (q.choices) return q.choices;
  if (q.type === 'boolean') {
    const t = q.element.labelTrue, f = q.element.labelFalse;
    const lt = labelOf(t, 'Yes', 'نعم'), lf = labelOf(f, 'No', 'لا');
    return [{ value: 'true', ...lt }, { value: 'false', ...lf }];
  }
  return undefined;
}

function labelOf(v: unknown, en: string, ar: string): { en: string; ar: string } {
  if (typeof v === 'string') return { en: v, ar: v };
  if (isObj(v)) return { en: typeof v.default === 'string' ? v.default : en, ar: typeof v.ar === 'string' ? v.ar : ar };
  return { en, ar };
}

/** A compiled row flattener: answers JSON → one cell per column, codes or labels in the language asked. */
export function compileFlattener(cols: ExportColumn[], values: 'codes' | Lang): (answers: Record<string, unknown>) => Cell[] {
  const getters = cols.map((c) => {
    const labels = values !== 'codes' && c.choices ? new Map(c.choices.map((ch) => [String(ch.value), values === 'ar' ? ch.ar : ch.en])) : undefined;
    const label = (v: unknown): Cell => {
      if (v === null || v === undefined) return null;
      if (Array.isArray(v)) return v.map((x) => (labels?.get(String(x)) ?? String(x))).join('; ');
      if (isObj(v)) return JSON.stringify(v);
      if (labels) { const l = labels.get(String(v)); if (l !== undefined) return l; }
      return v as Cell;
    };
    if (c.choice !== undefined) {
      const choice = c.choice;
      return (a: Record<string, unknown>): Cell => {
        const v = a[c.question];
        if (!Array.isArray(v)) return v === undefined || v === null ? null : 0;
        return v.some((x) => String(x) === choice) ? 1 : 0;
      };
    }
    if (c.row !== undefined) {
      const { question, row, column } = c;
      return (a: Record<string, unknown>): Cell => {
        const m = a[question];
        if (!isObj(m)) return null;
        const cell = m[row];
        if (column === undefined) return label(cell);
        return isObj(cell) ? label(cell[column]) : null;
      };
    }
    const key = c.key;
    return (a: Record<string, unknown>): Cell => label(a[key]);
  });
  return (answers) => {
    const a = answers ?? {};
    const out = new Array<Cell>(getters.length);
    for (let i = 0; i < getters.length; i++) out[i] = getters[i](a);
    return out;
  };
}

/** Header text of a column: its code, or its question text in English or Arabic. */
export function columnHeader(c: ExportColumn, headers: 'codes' | Lang): string {
  return headers === 'codes' ? c.key : headers === 'ar' ? c.titleAr : c.titleEn;
}
