// Compiles a questionnaire's codebook into ONE SELECT whose single column is a finished CSV line ("\r\n" + cells) of the
// responses export: the cells the JS path (compileFlattener + @json2csv with safeCsvString) writes, byte for byte, so that
// COPY can stream them. Pure: every user-authored text enters the SQL through sqlLiteral (COPY takes no parameters).
import { questionIndex, localised, type TDefinition, type TQuestionInfo, type TValue } from '../../surveys/definition';
import { codebookColumns, type TCodebookColumn } from '../../surveys/codebook';
import { sqlJsonb, sqlLiteral, sqlTextArray } from '../db/sql-literal';
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

class Compiler {
  readonly paths = new Map<string, { n: number; path: Step[]; text: boolean }>();
  constructor(readonly values: 'codes' | Lang) {}

  /** l1.jN (the jsonb), l2.tN (its jsonb_typeof), l2.xN (its text when scalar) of a path, extracted once per row. */
  ref(path: Step[], text: boolean) {
    const id = JSON.stringify(path);
    let p = this.paths.get(id);
    if (!p) { p = { n: this.paths.size, path, text }; this.paths.set(id, p); }
    p.text ||= text;
    return { J: `l1.j${p.n}`, T: `l2.t${p.n}`, X: `l2.x${p.n}` };
  }

  cell(c: CellSource & { col: TCodebookColumn }): string {
    const { src, col, q } = c;
    const lang = this.values === 'codes' || !labelled(col) ? undefined : this.values;
    const yesNo = (l: Lang) => [csv(l === 'ar' ? 'نعم' : 'Yes'), csv(l === 'ar' ? 'لا' : 'No')];
    switch (src.kind) {
      case 'member': {
        const { J, T } = this.ref(src.path, false);
        const [one, zero] = lang ? yesNo(lang) : [`'1'`, `'0'`];
        return `CASE WHEN ${T} = 'array' AND ${J} <> '[]' THEN CASE WHEN ${J} @> ${sqlJsonb([src.value])} THEN ${one} ELSE ${zero} END END`;
      }
      case 'rank': {
        const { J, T } = this.ref(src.path, false);
        const pos = `(SELECT e.o::text FROM jsonb_array_elements(${J}) WITH ORDINALITY AS e(v, o) WHERE e.v = ${sqlJsonb(src.value)} ORDER BY e.o LIMIT 1)`;
        return `CASE WHEN ${T} = 'array' THEN ${lang ? `'"' || ${pos} || '"'` : pos} END`;
      }
      case 'others': {
        const { J, T, X } = this.ref(src.path, true);
        const known = sqlTextArray(src.known);
        const text = `CASE ${T} WHEN 'string' THEN CASE WHEN ${X} <> '' AND NOT (${X} = ANY (${known})) THEN ${X} END
          WHEN 'array' THEN (SELECT string_agg(e.v #>> '{}', ';' ORDER BY e.o) FROM jsonb_array_elements(${J}) WITH ORDINALITY AS e(v, o)
            WHERE jsonb_typeof(e.v) = 'string' AND e.v #>> '{}' <> '' AND NOT (e.v #>> '{}' = ANY (${known}))) END`;
        const b = lang && this.booleanRule(col, q, lang);
        if (b) return `CASE WHEN (${text}) IS NULL THEN NULL WHEN (${text}) = ${b.trueString ?? 'NULL'} THEN ${b.yes} ELSE ${b.no} END`;
        return `marsad_csv_quote(${text})`;
      }
      case 'json': return lang ? this.labelledJson(c, lang) : this.codesJson(src.path);
    }
  }

  private number(J: string, X: string, quoted: boolean): string {
    return quoted
      ? `CASE WHEN strpos(${X}, '.') = 0 AND octet_length(${X}) <= 15 THEN '"' || ${X} || '"' ELSE marsad_csv_quote(marsad_js_number(${J}::numeric)) END`
      : `CASE WHEN strpos(${X}, '.') = 0 AND octet_length(${X}) <= 15 THEN ${X} ELSE marsad_js_number(${J}::numeric) END`;
  }

  /** cellOf(value) written as @json2csv writes it: strings quoted and neutralised, numbers and booleans bare. */
  private codesJson(path: Step[]): string {
    const { J, T, X } = this.ref(path, true);
    return `CASE ${T} WHEN 'string' THEN CASE WHEN ${X} <> '' THEN ${QUOTE(X)} END WHEN 'number' THEN ${this.number(J, X, false)}
      WHEN 'boolean' THEN ${X} WHEN 'array' THEN marsad_csv_quote(marsad_js_cell_text(${J})) WHEN 'object' THEN marsad_csv_quote(marsad_js_stringify(${J})) END`;
  }

  /** labelFor of surveys/codebook.ts (Yes/No of checkbox cells, boolean labels, choice labels, else the text), quoted. */
  private labelledJson(c: CellSource & { col: TCodebookColumn }, lang: Lang): string {
    const { col, q } = c;
    const { J, T, X } = this.ref((c.src as { path: Step[] }).path, true);
    const isNull = `${T} IS NULL OR ${T} = 'null' OR (${T} = 'string' AND ${X} = '') OR (${T} = 'array' AND ${J} = '[]')`;
    const whens: string[] = [`WHEN ${isNull} THEN NULL`];
    if (col.choice !== undefined && MULTI_TYPES.includes(q.type)) {
      const [yes, no] = [csv(lang === 'ar' ? 'نعم' : 'Yes'), csv(lang === 'ar' ? 'لا' : 'No')];
      whens.push(`WHEN ${T} = 'number' THEN CASE WHEN ${J}::numeric = 1 THEN ${yes} ELSE ${no} END`);
    }
    const b = this.booleanRule(col, q, lang);
    if (b) {
      const vt = q.valueTrue ?? true;
      const isTrue = typeof vt === 'boolean' ? `${T} = 'boolean' AND ${X} = '${vt}'`
        : typeof vt === 'number' && Number.isFinite(vt) ? `${T} = 'number' AND ${J}::numeric = ${sqlLiteral(String(vt))}::numeric`
          : typeof vt === 'string' ? `(${T} = 'string' AND ${X} = ${b.trueString}) OR (${T} IN ('array', 'object') AND marsad_js_cell_text(${J}) = ${b.trueString})`
            : 'false';
      return `CASE ${whens.join(' ')} WHEN ${isTrue} THEN ${b.yes} ELSE ${b.no} END`;
    }
    if (col.choices && col.choice === undefined) {
      // fast path: the scalar's text equals a choice's String(value); anything else (decimals written otherwise, ";"-lists,
      // arrays, objects) takes the general function. Codes that could be confused with JSON text or a list stay out.
      const seen = new Set<string>();
      const codes: string[] = [], names: string[] = [];
      for (const ch of col.choices) {
        const code = String(ch.value);
        if (seen.has(code)) continue;
        seen.add(code);
        codes.push(code);
        names.push(lang === 'ar' ? ch.ar : ch.en);
      }
      const fast = codes.map((code, i) => ({ code, name: names[i] })).filter(({ code }) => code !== '' && !code.includes(';') && !/^[[{]/.test(code));
      const general = `marsad_csv_label(marsad_js_cell_text(${J}), ${sqlTextArray(codes)}, ${sqlTextArray(names)})`;
      if (!fast.length) return general;
      return `CASE ${X} ${fast.map(({ code, name }) => `WHEN ${sqlLiteral(code)} THEN ${csv(name)}`).join(' ')} ELSE ${general} END`;
    }
    return `CASE ${whens.join(' ')} WHEN ${T} = 'string' THEN ${QUOTE(X)} WHEN ${T} = 'number' THEN ${this.number(J, X, true)}
      ELSE marsad_csv_quote(marsad_js_cell_text(${J})) END`;
  }

  /** A boolean question's label rule (not for matrix cells): labelTrue/labelFalse or Yes/No. */
  private booleanRule(col: TCodebookColumn, q: TQuestionInfo, lang: Lang): { yes: string; no: string; trueString?: string } | undefined {
    if (q.type !== 'boolean' || col.row !== undefined || col.column !== undefined) return undefined;
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

/** The SELECT (literals only, for COPY) of the export lines, in responsesQuery's order. */
export function compileCsvSelect(o: CsvSelectInput): string {
  const lang = o.values === 'codes' ? undefined : o.values;
  const comp = new Compiler(o.values);
  const answerCells = cellSources(o.definition).map((c) => comp.cell(c));
  const mapped = (expr: string, map: Array<[string, string]>) =>
    (map.length ? `CASE ${expr} ${map.map(([k, v]) => `WHEN ${sqlLiteral(k)} THEN ${csv(v)}`).join(' ')} ELSE ${QUOTE(expr)} END` : QUOTE(expr));
  const labels = (m: Labels): Array<[string, string]> => (lang ? Object.entries(m).map(([k, v]) => [k, v[lang]]) : []);
  const iso = (c: string) => `'"' || to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;
  const meta = [`'"' || b.id::text || '"'`, csv(o.waveName), 'b.version::text', QUOTE('b.language'), mapped('b.status', labels(o.statusLabels)),
    iso('b.started_at'), iso('b.submitted_at'), mapped('b.institution', lang ? (o.institutions ?? []).map((i) => [i.code, i[lang]]) : []),
    mapped('b.sex', labels(o.sexLabels))];
  const cells = [...meta, ...answerCells];
  const parts = [`E'\\r\\n'`];
  cells.forEach((c, i) => parts.push(...(i ? [`','`] : []), `(${c})`));
  const paths = [...comp.paths.values()];
  const l1 = paths.map((p) => `l0.a ${p.path.map(step).join(' ')} AS j${p.n}`);
  const l2 = paths.flatMap((p) => [`jsonb_typeof(l1.j${p.n}) AS t${p.n}`, ...(p.text ? [`l1.j${p.n} #>> '{}' AS x${p.n}`] : [])]);
  return `SELECT ${concatAll(parts)} AS line
  FROM (SELECT r.id, qv.version, r.language, r.status, r.started_at, r.submitted_at, s.institution, s.sex, r.answers
          FROM responses r
          JOIN questionnaire_versions qv ON qv.id = r.questionnaire_version_id
          LEFT JOIN stakeholders s ON s.id = r.stakeholder_id AND s.programme_id = r.programme_id
         WHERE r.programme_id = ${sqlLiteral(o.programmeId)}::uuid AND r.wave_id = ${sqlLiteral(o.waveId)}::uuid
           AND (${o.drafts ? 'true' : 'false'} OR r.status = 'complete')${o.skipExcluded ? ' AND r.excluded_at IS NULL' : ''}
         ORDER BY r.submitted_at NULLS LAST, r.started_at, r.id OFFSET 0) b
  -- detoasted once per row ('{}' || x returns x itself), then each answer path extracted once
  CROSS JOIN LATERAL (SELECT '{}'::jsonb || b.answers AS a OFFSET 0) l0
  ${paths.length ? `CROSS JOIN LATERAL (SELECT ${l1.join(', ')} OFFSET 0) l1
  CROSS JOIN LATERAL (SELECT ${l2.join(', ')} OFFSET 0) l2` : ''}
  ORDER BY b.submitted_at NULLS LAST, b.started_at, b.id`;
}
