// Compiles a questionnaire's codebook into ONE SELECT whose single column is a finished CSV line ("\r\n" + cells) of the
// responses export: the cells the JS path (compileFlattener + @json2csv with safeCsvString) writes, byte for byte, so that
// COPY can stream them. Pure: every user-authored text enters the SQL through sqlLiteral (COPY takes no parameters).
import { questionIndex, localised, type TDefinition, type TQuestionInfo, type TValue } from '../../surveys/definition';
import { codebookColumns, type TCodebookColumn } from '../../surveys/codebook';
import { sqlIdentifier, sqlJsonb, sqlLiteral, sqlTextArray } from '../db/sql-literal';
import { safeCsvString } from './cells';

type Lang = 'en' | 'ar';
type Step = string | number;
type Source =
  | { kind: 'json'; path: Step[] }
  | { kind: 'member'; path: Step[]; value: TValue }
  | { kind: 'rank'; path: Step[]; value: TValue }
  | { kind: 'others'; path: Step[]; known: string[] };
interface CellSource { key: string; q: TQuestionInfo; src: Source }
type Labels = Record<string, { en: string; ar: string }>;

export interface CsvSelectInput {
  definition: TDefinition;
  values: 'codes' | Lang;
  programmeId: string; waveId: string; drafts: boolean; skipExcluded?: boolean;
  /** the `_response.wave` cell (already chosen for the language) */
  waveName: string;
  statusLabels: Labels; sexLabels: Labels;
  /** institution code → names, for the codes that may occur; other codes are written as they are */
  institutions?: Array<{ code: string; en: string; ar: string }>;
}

const MAX_DYNAMIC_ROWS = 100;
const MULTI_TYPES = ['checkbox', 'tagbox', 'imagepicker'];

/** The cells of one question, in surveys/codebook.ts questionSpecs order, with where each reads its value. */
function questionCells(q: TQuestionInfo, index: Map<string, TQuestionInfo>, prefix: string, scope: Step[]): CellSource[] {
  const out: CellSource[] = [];
  const name = q.name;
  const at = [...scope, name];
  const add = (suffix: string, src: Source) => out.push({ key: prefix + name + suffix, q, src });
  const multi = q.type === 'checkbox' || q.type === 'tagbox' || (q.type === 'imagepicker' && q.element.multiSelect === true);
  if (multi) {
    for (const c of q.choices ?? []) if (!(c.value === 'other' && q.hasOther)) add(`/${c.value}`, { kind: 'member', path: at, value: c.value });
  } else if (q.type === 'ranking') {
    for (const c of q.choices ?? []) add(`/${c.value}`, { kind: 'rank', path: at, value: c.value });
  } else if (q.type === 'matrix') {
    for (const r of q.rows ?? []) add(`/${r.value}`, { kind: 'json', path: [...at, String(r.value)] });
  } else if (q.type === 'matrixdropdown') {
    for (const r of q.rows ?? []) for (const c of q.columns ?? []) add(`/${r.value}/${c.name}`, { kind: 'json', path: [...at, String(r.value), c.name] });
  } else if (q.type === 'matrixdynamic') {
    const n = Math.min(q.maxRowCount ?? 10, MAX_DYNAMIC_ROWS);
    for (let i = 1; i <= n; i++) for (const c of q.columns ?? []) add(`[${i}]/${c.name}`, { kind: 'json', path: [...at, i - 1, c.name] });
  } else if (q.type === 'multipletext') {
    for (const it of q.items ?? []) add(`/${it.name}`, { kind: 'json', path: [...at, it.name] });
  } else if (q.type === 'paneldynamic') {
    const n = Math.min(q.maxPanelCount ?? 5, MAX_DYNAMIC_ROWS);
    const inner = [...index.values()].filter((x) => x.parentDynamic === name);
    for (let i = 1; i <= n; i++) for (const iq of inner) out.push(...questionCells(iq, index, `${prefix}${name}[${i}]/`, [...at, i - 1]));
  } else {
    add('', { kind: 'json', path: at });
  }
  if (q.hasOther) {
    if (q.storeOthersAsComment) add('/other', { kind: 'json', path: [...scope, `${name}-Comment`] });
    else add('/other', { kind: 'others', path: at, known: (q.choices ?? []).map((c) => c.value).filter((v): v is string => typeof v === 'string') });
  } else if (q.hasComment) add('/comment', { kind: 'json', path: [...scope, `${name}-Comment`] });
  return out;
}

/** Every export cell of the questionnaire with its codebook column; throws if the two walks ever disagree. */
function cellSources(def: TDefinition): Array<CellSource & { col: TCodebookColumn }> {
  const index = questionIndex(def);
  const cells = [...index.values()].filter((q) => !q.parentDynamic && q.type !== 'signaturepad').flatMap((q) => questionCells(q, index, '', []));
  const cols = codebookColumns(def);
  if (cells.length !== cols.length || cells.some((c, i) => c.key !== cols[i].key)) throw new Error('csv-sql: the cell walk differs from the codebook columns');
  return cells.map((c, i) => ({ ...c, col: cols[i] }));
}

/** ascii() codes of the characters that make a cell look like a formula (cells.ts DANGEROUS). */
const QUOTE = (x: string) =>
  `'"' || replace(CASE WHEN ascii(${x}) IN (61, 43, 45, 64, 9, 13) AND ${x} !~ '^-?[0-9]+([.][0-9]+)?$' THEN '''' || ${x} ELSE ${x} END, '"', '""') || '"'`;
const csv = (s: string) => sqlLiteral(safeCsvString(s));
const labelled = (c: TCodebookColumn) => c.choices !== undefined || c.choice !== undefined || c.type === 'boolean';
const fitsRecord = (key: string) => key !== '' && !key.includes('\0') && Buffer.byteLength(key, 'utf8') <= 63;

type Cell = CellSource & { col: TCodebookColumn };
interface Ref { t?: string; j: string; jcol: boolean }

/**
 * Top-level answer keys come out of two jsonb_to_record calls per row (function scans, so they run in the parallel
 * workers with the cells): x.<key> as text (choice codes, numbers, strings) and y.<key> as jsonb (its type,
 * containment for multi-selects). Nested cells and everything unusual go to marsad_csv_cell, the general rule in SQL.
 */
class Compiler {
  readonly keys = new Map<string, { text: boolean; jsonb: boolean }>();
  constructor(readonly values: 'codes' | Lang) {}

  private lang(c: Cell): Lang | undefined { return this.values === 'codes' || !labelled(c.col) ? undefined : this.values; }

  /** pass 1: what the cell needs from its top-level key */
  need(c: Cell): void {
    const path = c.src.path;
    if (path.length !== 1 || typeof path[0] !== 'string' || !fitsRecord(path[0])) return;
    const k = this.keys.get(path[0]) ?? { text: false, jsonb: false };
    this.keys.set(path[0], k);
    if (c.src.kind !== 'json') { k.jsonb = true; return; }
    const choice = this.lang(c) && this.choiceRule(c);
    if (!choice) k.jsonb = true;
    if (!this.lang(c) || choice) k.text = true;
  }

  private v(path: Step[]): Ref {
    const k = path.length === 1 && typeof path[0] === 'string' ? this.keys.get(path[0]) : undefined;
    const viaPath = `(r.answers ${path.map(step).join(' ')})`;
    if (!k) return { j: viaPath, jcol: false };
    const id = sqlIdentifier(path[0] as string);
    return { t: k.text ? `x.${id}` : undefined, j: k.jsonb ? `y.${id}` : viaPath, jcol: k.jsonb };
  }

  private choiceRule(c: Cell): boolean {
    return !!c.col.choices && c.col.choice === undefined && !this.booleanRule(c);
  }

  private choices(c: Cell): Array<{ code: string; name: string }> {
    const seen = new Set<string>();
    const out: Array<{ code: string; name: string }> = [];
    for (const ch of c.col.choices ?? []) {
      const code = String(ch.value);
      if (seen.has(code)) continue;
      seen.add(code);
      out.push({ code, name: this.values === 'ar' ? ch.ar : ch.en });
    }
    return out;
  }

  /** marsad_csv_cell with the column's rules as literals */
  private general(c: Cell, jsonb: string): string {
    const lang = this.lang(c);
    if (!lang) return `marsad_csv_cell(${jsonb}, false, NULL, NULL, NULL, NULL, NULL)`;
    const { col, q } = c;
    const yesNo = col.choice !== undefined && MULTI_TYPES.includes(q.type) ? `ARRAY[${csv(lang === 'ar' ? 'نعم' : 'Yes')}, ${csv(lang === 'ar' ? 'لا' : 'No')}]` : 'NULL';
    const b = this.booleanRule(c);
    const bool = b ? `ARRAY[${b.yes}, ${b.no}], ${sqlJsonb(q.valueTrue ?? true)}` : 'NULL, NULL';
    const ch = this.choices(c);
    const codes = col.choices && col.choice === undefined ? `${sqlTextArray(ch.map((x) => x.code))}, ${sqlTextArray(ch.map((x) => x.name))}` : 'NULL, NULL';
    return `marsad_csv_cell(${jsonb}, true, ${yesNo}, ${bool}, ${codes})`;
  }

  cell(c: Cell): string {
    const { src } = c;
    const lang = this.lang(c);
    const v = this.v(src.path);
    const J = v.j;
    switch (src.kind) {
      case 'member': {
        const [one, zero] = lang ? [csv(lang === 'ar' ? 'نعم' : 'Yes'), csv(lang === 'ar' ? 'لا' : 'No')] : [`'1'`, `'0'`];
        return `CASE WHEN jsonb_typeof(${J}) = 'array' AND ${J} <> '[]' THEN CASE WHEN ${J} @> ${sqlJsonb([src.value])} THEN ${one} ELSE ${zero} END END`;
      }
      case 'rank': {
        const pos = `(SELECT e.o::text FROM jsonb_array_elements(${J}) WITH ORDINALITY AS e(v, o) WHERE e.v = ${sqlJsonb(src.value)} ORDER BY e.o LIMIT 1)`;
        return `CASE WHEN jsonb_typeof(${J}) = 'array' THEN ${lang ? `'"' || ${pos} || '"'` : pos} END`;
      }
      case 'others': {
        const known = sqlTextArray(src.known);
        const text = `CASE jsonb_typeof(${J}) WHEN 'string' THEN CASE WHEN ${J} #>> '{}' <> '' AND NOT (${J} #>> '{}' = ANY (${known})) THEN ${J} #>> '{}' END
          WHEN 'array' THEN (SELECT string_agg(e.v #>> '{}', ';' ORDER BY e.o) FROM jsonb_array_elements(${J}) WITH ORDINALITY AS e(v, o)
            WHERE jsonb_typeof(e.v) = 'string' AND e.v #>> '{}' <> '' AND NOT (e.v #>> '{}' = ANY (${known}))) END`;
        const b = lang && this.booleanRule(c);
        if (b) return `CASE WHEN (${text}) IS NULL THEN NULL WHEN (${text}) = ${b.trueString ?? 'NULL'} THEN ${b.yes} ELSE ${b.no} END`;
        return `marsad_csv_quote(${text})`;
      }
      case 'json': {
        const general = this.general(c, J);
        if (!lang) return v.t && v.jcol ? this.codesFast(v.t, J, general) : general;
        if (this.choiceRule(c)) return v.t ? this.choiceFast(c, v.t, general) : general;
        const b = this.booleanRule(c);
        if (b && v.jcol) {
          // value === valueTrue → yes (jsonb equality: 1.0 = 1 as in JS); another boolean, number or non-empty string → no
          return `CASE WHEN ${J} IS NULL THEN NULL WHEN ${J} = ${sqlJsonb(c.q.valueTrue ?? true)} THEN ${b.yes}
            WHEN jsonb_typeof(${J}) IN ('boolean', 'number') OR (jsonb_typeof(${J}) = 'string' AND ${J} <> '""') THEN ${b.no} ELSE ${general} END`;
        }
        return general;
      }
    }
  }

  /** cellOf(value) as @json2csv writes it: strings quoted and neutralised, numbers and booleans bare. */
  private codesFast(T: string, J: string, general: string): string {
    return `CASE jsonb_typeof(${J}) WHEN 'string' THEN CASE WHEN ${T} <> '' THEN ${QUOTE(T)} END
      WHEN 'number' THEN CASE WHEN strpos(${T}, '.') = 0 AND octet_length(${T}) <= 15 THEN ${T} ELSE marsad_js_number(${J}::numeric) END
      WHEN 'boolean' THEN ${T} WHEN 'array' THEN ${general} WHEN 'object' THEN ${general} END`;
  }

  /** choice labels: the value's text (or JSON text) matched against the codes; the rest (lists, decimals written
   *  otherwise, containers) takes the general rule. Codes that could be confused with JSON text or a list stay out. */
  private choiceFast(c: Cell, T: string, general: string): string {
    const fast = this.choices(c).filter(({ code }) => code !== '' && !code.includes(';') && !/^[[{]/.test(code));
    if (!fast.length) return general;
    const whens = fast.map(({ code, name }) => `WHEN ${sqlLiteral(code)} THEN ${csv(name)}`);
    return `CASE WHEN ${T} IS NULL THEN NULL ELSE CASE ${T} ${whens.join(' ')} ELSE ${general} END END`;
  }

  /** A boolean question's label rule (not for matrix cells): labelTrue/labelFalse or Yes/No. */
  private booleanRule(c: { col: TCodebookColumn; q: TQuestionInfo }): { yes: string; no: string; trueString?: string } | undefined {
    const { col, q } = c;
    if (this.values === 'codes' || q.type !== 'boolean' || col.row !== undefined || col.column !== undefined) return undefined;
    const lang = this.values;
    const label = (v: unknown, dflt: [string, string]) => { const l = localised(v); return (lang === 'ar' ? l.ar : l.en) || (lang === 'ar' ? dflt[1] : dflt[0]); };
    const vt = q.valueTrue ?? true;
    return { yes: csv(label(q.element.labelTrue, ['Yes', 'نعم'])), no: csv(label(q.element.labelFalse, ['No', 'لا'])),
      trueString: typeof vt === 'string' ? sqlLiteral(vt) : undefined };
  }
}

const step = (s: Step) => (typeof s === 'number' ? `-> ${Math.trunc(s)}` : `-> ${sqlLiteral(s)}`);

/** `concat(...)` takes at most 100 arguments: nest it for wide questionnaires. */
function concatAll(parts: string[]): string {
  if (parts.length <= 100) return `concat(${parts.join(', ')})`;
  const groups: string[] = [];
  for (let i = 0; i < parts.length; i += 100) groups.push(concatAll(parts.slice(i, i + 100)));
  return concatAll(groups);
}

/**
 * The answer part of an export line (",cell,cell…", no meta cells): `cells`, an expression over `r.answers` and the
 * columns of `records`, the jsonb_to_record calls to CROSS JOIN LATERAL. Depends on the definition and the values mode
 * only; its text (without `only`) is what the cell cache's hash is taken of. `only`: a condition under which the answers
 * are read at all — otherwise the records get NULL (jsonb_to_record, strict, is then not called and returns no row:
 * join them with LEFT JOIN LATERAL … ON true).
 */
export function compileAnswerCells(definition: TDefinition, values: 'codes' | Lang, only?: string): { cells: string; records: string[] } {
  const comp = new Compiler(values);
  const sources = cellSources(definition);
  for (const c of sources) comp.need(c);
  const parts: string[] = [];
  for (const c of sources) parts.push(`','`, `(${comp.cell(c)})`);
  const keys = [...comp.keys.entries()];
  const object = `CASE ${only ? `WHEN NOT (${only}) THEN NULL ` : ''}WHEN jsonb_typeof(r.answers) = 'object' THEN r.answers ELSE '{}' END`;
  const record = (alias: string, kind: 'text' | 'jsonb', names: string[]) => (names.length
    ? [`jsonb_to_record(${object}) AS ${alias}(${names.map((n) => `${sqlIdentifier(n)} ${kind}`).join(', ')})`] : []);
  const records = [...record('x', 'text', keys.filter(([, k]) => k.text).map(([n]) => n)), ...record('y', 'jsonb', keys.filter(([, k]) => k.jsonb).map(([n]) => n))];
  return { cells: parts.length ? concatAll(parts) : `''::text`, records };
}

/**
 * The SELECT (literals only, for COPY) of the export lines, in responsesQuery's order. With `cache`, one scan of the
 * responses: a complete response whose response_csv_cells row of this mode has its revision and this hash takes its
 * answer cells from it; every other response (none cached, stale, draft) computes them inline in the same row.
 */
export function compileCsvSelect(o: CsvSelectInput & { cache?: { hash: string } }): string {
  const lang = o.values === 'codes' ? undefined : o.values;
  const mapped = (expr: string, map: Array<[string, string]>) =>
    (map.length ? `CASE ${expr} ${map.map(([k, v]) => `WHEN ${sqlLiteral(k)} THEN ${csv(v)}`).join(' ')} ELSE ${QUOTE(expr)} END` : QUOTE(expr));
  const labels = (m: Labels): Array<[string, string]> => (lang ? Object.entries(m).map(([k, v]) => [k, v[lang]]) : []);
  const iso = (c: string) => `'"' || to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;
  const meta = [`'"' || r.id::text || '"'`, csv(o.waveName), 'qv.version::text', QUOTE('r.language'), mapped('r.status', labels(o.statusLabels)),
    iso('r.started_at'), iso('r.submitted_at'), mapped('s.institution', lang ? (o.institutions ?? []).map((i) => [i.code, i[lang]]) : []),
    mapped('s.sex', labels(o.sexLabels))];
  const head = [`E'\\r\\n'`];
  meta.forEach((c, i) => head.push(...(i ? [`','`] : []), `(${c})`));
  const answers = compileAnswerCells(o.definition, o.values);
  const where = `r.programme_id = ${sqlLiteral(o.programmeId)}::uuid AND r.wave_id = ${sqlLiteral(o.waveId)}::uuid
   AND (${o.drafts ? 'true' : 'false'} OR r.status = 'complete')${o.skipExcluded ? ' AND r.excluded_at IS NULL' : ''}`;
  const from = `FROM responses r
  JOIN questionnaire_versions qv ON qv.id = r.questionnaire_version_id
  LEFT JOIN stakeholders s ON s.id = r.stakeholder_id AND s.programme_id = r.programme_id`;
  const order = 'ORDER BY submitted_at NULLS LAST, started_at, id';
  const inline = (extra: string) => `SELECT r.submitted_at, r.started_at, r.id, ${concatAll([...head, answers.cells])} AS line
  ${from}
  ${answers.records.map((x) => `CROSS JOIN LATERAL ${x}`).join('\n  ')}
 WHERE ${where}${extra}`;
  if (!o.cache) return `SELECT line FROM (${inline('')}) z ${order}`;
  // One scan (the former form, a join with the cache UNION ALL an anti-join computing the rest, read the responses and
  // the cache twice: 0.56 of the reference COPY warm, against ≈ 0.85 now — bench/README.md). Only a response without
  // current cells reads its answers: for a cached one the records' argument is NULL, so jsonb_to_record is not called
  // and COALESCE stops at c.cells.
  const fallback = compileAnswerCells(o.definition, o.values, 'c.cells IS NULL');
  return `SELECT line FROM (
SELECT r.submitted_at, r.started_at, r.id, ${concatAll([...head, `COALESCE(c.cells, ${fallback.cells})`])} AS line
  ${from}
  LEFT JOIN response_csv_cells c ON c.response_id = r.id AND c.mode = ${sqlLiteral(o.values)} AND c.hash = ${sqlLiteral(o.cache.hash)}::uuid
   AND c.revision = r.revision AND r.status = 'complete'
  ${fallback.records.map((x) => `LEFT JOIN LATERAL ${x} ON true`).join('\n  ')}
 WHERE ${where}
) z ${order}`;
}
