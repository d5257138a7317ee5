// Export columns of a questionnaire version, from the shared codebook (surveys/codebook.ts), and a compiled row
// flattener: codes, or labels in English/Arabic with labelFor's rules cached per (column, code) so that a million
// rows cost one Map lookup per labelled cell.
import type { TDefinition } from '../../surveys/definition';
import { codebookColumns, flattenAnswers, labelFor, type TCell, type TCodebookColumn } from '../../surveys/codebook';

export type Lang = 'en' | 'ar';
export type Cell = TCell;
export type ExportColumn = TCodebookColumn;

export function exportColumns(def: TDefinition): ExportColumn[] {
  return codebookColumns(def);
}

/** Columns whose values have labels (choices, checkbox 1/0, booleans); free text and numbers stay as they are. */
const labelled = (c: ExportColumn) => c.choices !== undefined || c.choice !== undefined || c.type === 'boolean';

export function compileFlattener(def: TDefinition, cols: ExportColumn[], values: 'codes' | Lang): (answers: Record<string, unknown>) => Cell[] {
  const keys = cols.map((c) => c.key);
  const caches = cols.map((c) => (values !== 'codes' && labelled(c) ? new Map<TCell, string>() : undefined));
  return (answers) => {
    const flat = flattenAnswers(def, answers ?? {});
    const out = new Array<Cell>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const v = flat[keys[i]] ?? null;
      const cache = caches[i];
      if (!cache || v === null) { out[i] = v; continue; }
      let l = cache.get(v);
      if (l === undefined) { l = labelFor(def, keys[i], v, values as Lang); cache.set(v, l); }
      out[i] = l;
    }
    return out;
  };
}

/** Header text of a column: its code, or its question text in English or Arabic. */
export function columnHeader(c: ExportColumn, headers: 'codes' | Lang): string {
  return headers === 'codes' ? c.key : headers === 'ar' ? c.titleAr : c.titleEn;
}
