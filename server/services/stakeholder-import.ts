// CSV import of stakeholders: BOM and delimiter detection, per-row validation with reason codes (the app localises
// them), institutions matched against the registry (code, English or Arabic name; unknown ones can be created),
// duplicates within the file and against the roster, dry run report, and an all-or-nothing insert.
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { EntityManager } from 'typeorm';
import { AppError } from '../errors';
import { audit } from './audit';
import { insertStakeholder, ZStakeholderInput, ATTRIBUTE_KEY_RE, type StakeholderInput } from './stakeholders';

export const KNOWN_COLUMNS = {
  name_en: 'nameEn', name_ar: 'nameAr', institution: 'institution', department: 'department', sex: 'sex',
  preferred_language: 'preferredLanguage', email: 'email', phone: 'phone',
} as const;
const MAX_ROWS = 5000;

export type ReasonCode = 'unreadable' | 'empty' | 'missing_column' | 'bad_column_name' | 'duplicate_column' | 'too_many_rows' | 'too_many_values'
  | 'required' | 'invalid_email' | 'invalid_phone' | 'invalid_value' | 'unknown_institution';
export interface RowError { line: number; column: string; reason: string; code: ReasonCode; value?: string }
export interface Duplicate { line: number; field: string; value: string; with: string }
export interface ImportReport { rows: number; valid: number; errors: RowError[]; duplicates: Duplicate[]; unknownInstitutions: string[] }

/** ';' when the header line has more semicolons than commas (outside quotes), else ','. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0, semis = 0, quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

const camelToColumn = Object.fromEntries(Object.entries(KNOWN_COLUMNS).map(([col, key]) => [key, col]));

interface ParsedRow { line: number; value?: StakeholderInput }

function parseRows(csv: string, errors: RowError[]): ParsedRow[] {
  const text = csv.replace(/^\uFEFF/, '');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(text, {
      delimiter: detectDelimiter(text), bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true,
    }) as never;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    errors.push({ line: e.lines ?? 1, column: '', code: 'unreadable', reason: `not readable as CSV: ${String(e.message ?? err).slice(0, 200)}` });
    return [];
  }
  if (!records.length) { errors.push({ line: 1, column: '', code: 'empty', reason: 'the file is empty: a header row is required' }); return []; }
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  if (!header.includes('institution')) errors.push({ line: 1, column: 'institution', code: 'missing_column', reason: 'missing column' });
  if (!header.includes('name_en') && !header.includes('name_ar')) errors.push({ line: 1, column: 'name_en', code: 'missing_column', reason: 'missing column: name_en or name_ar' });
  header.forEach((h, i) => {
    if (!(h in KNOWN_COLUMNS) && !ATTRIBUTE_KEY_RE.test(h)) errors.push({ line: 1, column: h, code: 'bad_column_name', reason: 'column name must use letters, digits and _' });
    if (header.indexOf(h) !== i) errors.push({ line: 1, column: h, code: 'duplicate_column', reason: 'column appears twice' });
  });
  if (errors.length) return [];
  if (records.length - 1 > MAX_ROWS) { errors.push({ line: 1, column: '', code: 'too_many_rows', reason: `at most ${MAX_ROWS} rows per file` }); return []; }
  return records.slice(1).map(({ record, info }) => {
    const line = info.lines;
    if (record.length > header.length) {
      errors.push({ line, column: '', code: 'too_many_values', reason: `${record.length} values for ${header.length} columns` });
      return { line };
    }
    const input: Record<string, unknown> = { attributes: {} };
    header.forEach((h, i) => {
      const v = record[i] ?? '';
      if (h in KNOWN_COLUMNS) input[KNOWN_COLUMNS[h as keyof typeof KNOWN_COLUMNS]] = h === 'sex' || h === 'preferred_language' ? v.toLowerCase() : v;
      else if (v !== '') (input.attributes as Record<string, string>)[h] = v;
    });
    const r = ZStakeholderInput.safeParse(input);
    if (r.success) return { line, value: r.data };
    for (const issue of r.error.issues) {
      const key = String(issue.path[0] ?? '');
      const column = camelToColumn[key] ?? (key === 'attributes' ? String(issue.path[1] ?? key) : key);
      const code: ReasonCode = column === 'email' ? 'invalid_email' : column === 'phone' ? 'invalid_phone'
        : issue.message === 'required' || column === 'name_en' ? 'required' : 'invalid_value';
      errors.push({ line, column, code, reason: issue.message });
    }
    return { line };
  });
}

const nameKey = (name: string, institution: string) => (name ? `${name.toLowerCase().replace(/\s+/g, ' ')}\u0000${institution.toLowerCase()}` : '');

/** Same email, or same name (English or Arabic) within the same institution, in the file or among live roster entries. */
async function findDuplicates(em: EntityManager, programmeId: string, rows: ParsedRow[]): Promise<Duplicate[]> {
  const roster = await em.query(
    `SELECT lower(email) AS email, name_en, name_ar, institution FROM stakeholders WHERE programme_id = $1 AND archived_at IS NULL`, [programmeId]);
  const seen = new Map<string, string>();
  for (const r of roster) {
    if (r.email) seen.set(`email:${r.email}`, 'roster');
    for (const f of ['name_en', 'name_ar']) { const k = nameKey(r[f], r.institution); if (k) seen.set(`${f}:${k}`, 'roster'); }
  }
  const dups: Duplicate[] = [];
  for (const { line, value } of rows) {
    if (!value) continue;
    const checks: Array<[string, string, string]> = [['email', value.email ? value.email.toLowerCase() : '', value.email ?? '']];
    checks.push(['name_en', nameKey(value.nameEn, value.institution), value.nameEn], ['name_ar', nameKey(value.nameAr, value.institution), value.nameAr]);
    for (const [field, key, shown] of checks) {
      if (!key) continue;
      const prior = seen.get(`${field}:${key}`);
      if (prior) dups.push({ line, field, value: shown, with: prior });
      else seen.set(`${field}:${key}`, `file line ${line}`);
    }
  }
  return dups;
}

/** The first worksheet of an XLSX file as CSV text (each cell's displayed text), so both formats share one pipeline. */
export async function xlsxToCsv(data: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return '\u0000'; // not readable: the CSV parser reports it as the 'unreadable' row error
  }
  const ws = wb.worksheets[0];
  if (!ws) return '';
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines: string[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(quote(row.getCell(c).text.trim()));
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    lines.push(cells.join(','));
  });
  return lines.join('\n') + '\n';
}

interface Institution { code: string; name_en: string; name_ar: string }
const norm = (x: string) => x.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Replaces each row's institution text by the registry code it names (code, English or Arabic name). With an empty
 * registry nothing is matched (programmes that do not keep one). Unknown ones are row errors, or created when asked.
 */
async function matchInstitutions(em: EntityManager, programmeId: string, rows: ParsedRow[], errors: RowError[], create: boolean): Promise<string[]> {
  const registry: Institution[] = await em.query(`SELECT code, name_en, name_ar FROM institutions WHERE programme_id = $1`, [programmeId]);
  if (!registry.length) return [];
  const byText = new Map<string, string>();
  for (const i of registry) for (const k of [i.code, i.name_en, i.name_ar]) if (k) byText.set(norm(k), i.code);
  const unknown = new Set<string>();
  for (const r of rows) {
    if (!r.value) continue;
    const code = byText.get(norm(r.value.institution));
    if (code) { r.value.institution = code; continue; }
    unknown.add(r.value.institution);
    if (!create) errors.push({ line: r.line, column: 'institution', code: 'unknown_institution', value: r.value.institution, reason: 'not in the institutions registry' });
  }
  return [...unknown];
}

async function createInstitutions(em: EntityManager, programmeId: string, texts: string[]): Promise<void> {
  for (const text of texts) {
    const arabic = /[\u0600-\u06FF]/.test(text);
    await em.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar) VALUES ($1, $2, $3, $4) ON CONFLICT (programme_id, code) DO NOTHING`,
      [programmeId, text.slice(0, 100), text.slice(0, 300), arabic ? text.slice(0, 300) : '']);
  }
}

/**
 * Checks the file and, unless dryRun, inserts every row in the caller's transaction. Any error or duplicate
 * makes the real import fail with 'import.invalid_rows' and the same report: nothing is inserted.
 */
export async function importStakeholders(em: EntityManager, programmeId: string, csv: string, dryRun: boolean, actorUserId: string,
  opts: { createInstitutions?: boolean } = {}) {
  const errors: RowError[] = [];
  const rows = parseRows(csv, errors);
  const unknownInstitutions = await matchInstitutions(em, programmeId, rows, errors, !!opts.createInstitutions);
  const duplicates = await findDuplicates(em, programmeId, rows);
  errors.sort((a, b) => a.line - b.line);
  const bad = new Set(errors.map((e) => e.line));
  const report: ImportReport = { rows: rows.length, valid: rows.filter((r) => r.value && !bad.has(r.line)).length, errors, duplicates, unknownInstitutions };
  if (dryRun) return { dryRun: true, ...report, inserted: 0 };
  if (errors.length || duplicates.length || !rows.length) throw new AppError('import.invalid_rows', report);
  if (opts.createInstitutions && unknownInstitutions.length) await createInstitutions(em, programmeId, unknownInstitutions);
  const ids: string[] = [];
  for (const r of rows) ids.push(await insertStakeholder(em, programmeId, r.value!));
  await audit(em, { actorUserId, action: 'stakeholder.import', programmeId, targetType: 'programme', targetId: programmeId,
    details: { inserted: ids.length, createdInstitutions: opts.createInstitutions ? unknownInstitutions : [] } });
  return { dryRun: false, ...report, inserted: ids.length, ids };
}
