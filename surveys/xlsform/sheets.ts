// XLSForm sheets as plain rows: headers with their language suffixes, row views with cell locations, problems.

/** One worksheet as plain text cells: rows[i] is spreadsheet row i+1, rows[i][j] column j+1 ('' when empty). */
export interface TSheetData { name: string; rows: string[][] }

export interface TProblem {
  severity: 'error' | 'warning';
  sheet: string;
  /** spreadsheet row (1 = the header row) */
  row?: number;
  /** the column's header, e.g. `relevant` or `label::Arabic (ar)` */
  column?: string;
  /** A1-style cell, e.g. `D7` */
  cell?: string;
  message: string;
}

export function columnLetter(index: number): string {
  let s = '', n = index + 1;
  while (n > 0) { const m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = Math.floor((n - 1) / 26); }
  return s;
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en', arabic: 'ar', 'العربية': 'ar', 'عربي': 'ar', french: 'fr', 'français': 'fr', francais: 'fr', spanish: 'es',
  'español': 'es', portuguese: 'pt', russian: 'ru', chinese: 'zh', kurdish: 'ku', turkish: 'tr', persian: 'fa', farsi: 'fa',
  urdu: 'ur', swahili: 'sw', amharic: 'am', somali: 'so', hausa: 'ha', tigrinya: 'ti', german: 'de', italian: 'it',
  dutch: 'nl', indonesian: 'id', bengali: 'bn', hindi: 'hi', pashto: 'ps', dari: 'prs', tamazight: 'zgh', hebrew: 'he',
};

/** `English (en)` → en, `ar` → ar, `Arabic` → ar; undefined when no code can be told. */
export function languageCode(spec: string): string | undefined {
  const s = spec.trim();
  const m = /\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$/.exec(s);
  if (m) return m[1].toLowerCase();
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]+)?$/.test(s) && !LANGUAGE_NAMES[s.toLowerCase()]) return s.toLowerCase();
  return LANGUAGE_NAMES[s.toLowerCase()];
}

export interface TColumn {
  index: number; header: string;
  /** lower-cased name before `::`, with the usual aliases folded (`jr:constraintMsg` → constraint_message) */
  key: string;
  /** language code of a `::language` suffix; null without one */
  lang: string | null;
}

const ALIASES: Record<string, string> = {
  'jr:constraintmsg': 'constraint_message', 'jr:requiredmsg': 'required_message', relevance: 'relevant', 'jr:count': 'repeat_count',
  readonly: 'read_only', 'list name': 'list_name', 'bind::jr:constraintmsg': 'constraint_message', 'bind::jr:requiredmsg': 'required_message',
  'bind::relevant': 'relevant', 'bind::required': 'required', 'bind::constraint': 'constraint', 'bind::calculate': 'calculation',
  'bind::readonly': 'read_only', 'control::appearance': 'appearance', 'control::jr:count': 'repeat_count', image: 'media::image',
  audio: 'media::audio', video: 'media::video', 'big-image': 'media::big-image', 'media::big_image': 'media::big-image',
};
/** Columns whose `::suffix` is a language. */
export const TRANSLATABLE = new Set(['label', 'hint', 'constraint_message', 'required_message', 'guidance_hint', 'form_title',
  'media::image', 'media::audio', 'media::video', 'media::big-image']);

/** A sheet with its header parsed; `rows` skips blank rows. */
export class Sheet {
  readonly columns: TColumn[] = [];
  readonly rows: RowView[] = [];
  constructor(readonly name: string, data: string[][], problems: TProblem[]) {
    const header = data[0] ?? [];
    header.forEach((raw, index) => {
      const h = raw.trim();
      if (!h) return;
      let key = ALIASES[h.toLowerCase()] ?? h.toLowerCase();
      let lang: string | null = null;
      const sep = h.lastIndexOf('::');
      if (!ALIASES[h.toLowerCase()] && sep > 0) {
        const base = ALIASES[h.slice(0, sep).trim().toLowerCase()] ?? h.slice(0, sep).trim().toLowerCase();
        if (TRANSLATABLE.has(base)) {
          const code = languageCode(h.slice(sep + 2));
          if (!code) {
            problems.push({ severity: 'warning', sheet: name, row: 1, column: h, cell: `${columnLetter(index)}1`,
              message: `the language "${h.slice(sep + 2).trim()}" has no code (write it as "Name (code)", e.g. "Arabic (ar)"): column ignored` });
            return;
          }
          key = base; lang = code;
        }
      }
      this.columns.push({ index, header: h, key, lang });
    });
    for (let i = 1; i < data.length; i++) {
      if (!data[i].some((c) => c.trim() !== '')) continue;
      this.rows.push(new RowView(this, i + 1, data[i]));
    }
  }
  has(key: string): boolean { return this.columns.some((c) => c.key === key); }
  column(key: string): TColumn | undefined { return this.columns.find((c) => c.key === key && c.lang === null) ?? this.columns.find((c) => c.key === key); }
  languages(): Set<string> { return new Set(this.columns.filter((c) => c.lang && !c.key.startsWith('media::')).map((c) => c.lang as string)); }
}

export class RowView {
  constructor(readonly sheet: Sheet, readonly row: number, private readonly cells: string[]) {}
  /** the trimmed text of the column (the unsuffixed one, else the first with that key) */
  get(key: string): string {
    const c = this.sheet.column(key);
    return c ? (this.cells[c.index] ?? '').trim() : '';
  }
  /** every language's text of a translatable column: null = the column without a language */
  texts(key: string): Map<string | null, string> {
    const out = new Map<string | null, string>();
    for (const c of this.sheet.columns) {
      if (c.key !== key) continue;
      const v = (this.cells[c.index] ?? '').trim();
      if (v && !out.has(c.lang)) out.set(c.lang, v);
    }
    return out;
  }
  /** every column's text by header key (for choice_filter columns of the choices sheet) */
  byKey(): Map<string, string> {
    const out = new Map<string, string>();
    for (const c of this.sheet.columns) if (c.lang === null && !out.has(c.key)) out.set(c.key, (this.cells[c.index] ?? '').trim());
    return out;
  }
  /** where a column of this row is, for a problem */
  at(key?: string, lang?: string | null): Pick<TProblem, 'sheet' | 'row' | 'column' | 'cell'> {
    const c = key === undefined ? undefined
      : lang === undefined ? this.sheet.column(key) : this.sheet.columns.find((x) => x.key === key && x.lang === lang);
    return { sheet: this.sheet.name, row: this.row, ...(c ? { column: c.header, cell: `${columnLetter(c.index)}${this.row}` } : {}) };
  }
}
