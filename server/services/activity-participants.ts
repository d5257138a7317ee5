// Lists of participants of an activity: CSV or XLSX import (name, institution, sex, role, email) with a dry-run report and
// an all-or-nothing replace; the activity's participant counts then come from the list.
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { EntityManager } from 'typeorm';
import type { TParticipant } from '../../contracts/activities';
import { AppError } from '../errors';
import { audit } from './audit';
import { getActivity } from './activities';
import { detectDelimiter } from './stakeholder-import';

const MAX_ROWS = 2000;
const COLUMNS = ['name', 'institution', 'sex', 'role', 'email'] as const;
const SEX: Record<string, TParticipant['sex']> = {
  female: 'female', f: 'female', woman: 'female', w: 'female', 'أنثى': 'female', 'امرأة': 'female', 'انثى': 'female',
  male: 'male', m: 'male', man: 'male', 'ذكر': 'male', 'رجل': 'male', other: 'other', 'آخر': 'other', 'اخر': 'other',
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ParticipantRowError { line: number; column: string; reason: string }

/** The rows of the first worksheet of an .xlsx file as text cells (line numbers as in Excel). */
async function xlsxRows(base64: string): Promise<Array<{ line: number; cells: string[] }>> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  } catch {
    throw new AppError('import.invalid_rows', { rows: 0, valid: 0, errors: [{ line: 1, column: '', reason: 'not readable as an .xlsx workbook' }] });
  }
  const ws = wb.worksheets[0];
  const out: Array<{ line: number; cells: string[] }> = [];
  ws?.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text.trim());
    if (cells.some((x) => x !== '')) out.push({ line, cells });
  });
  return out;
}

function csvRows(csv: string, errors: ParticipantRowError[]): Array<{ line: number; cells: string[] }> {
  const text = csv.replace(/^\uFEFF/, '');
  try {
    const records = parseCsv(text, { delimiter: detectDelimiter(text), info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as
      Array<{ record: string[]; info: { lines: number } }>;
    return records.map((r) => ({ line: r.info.lines, cells: r.record }));
  } catch (err) {
    const e = err as { lines?: number };
    errors.push({ line: e.lines ?? 1, column: '', reason: 'not readable as CSV' });
    return [];
  }
}

/** Checks every row; returns the participants of the valid rows and the row errors (line, column, reason). */
export function checkParticipantRows(rows: Array<{ line: number; cells: string[] }>, errors: ParticipantRowError[]): TParticipant[] {
  if (!rows.length) { errors.push({ line: 1, column: '', reason: 'the file is empty: a header row is required' }); return []; }
  const header = rows[0].cells.map((h) => h.trim().toLowerCase());
  for (const required of ['name', 'sex']) if (!header.includes(required)) errors.push({ line: rows[0].line, column: required, reason: 'missing column' });
  header.forEach((h, i) => {
    if (!(COLUMNS as readonly string[]).includes(h)) errors.push({ line: rows[0].line, column: h, reason: 'unknown column (name, institution, sex, role, email)' });
    else if (header.indexOf(h) !== i) errors.push({ line: rows[0].line, column: h, reason: 'column appears twice' });
  });
  if (errors.length) return [];
  if (rows.length - 1 > MAX_ROWS) { errors.push({ line: 1, column: '', reason: `at most ${MAX_ROWS} rows per file` }); return []; }
  const out: TParticipant[] = [];
  for (const { line, cells } of rows.slice(1)) {
    const v = (col: string) => (header.indexOf(col) >= 0 ? (cells[header.indexOf(col)] ?? '').trim() : '');
    const before = errors.length;
    const name = v('name'), sexText = v('sex').toLowerCase(), email = v('email');
    if (!name) errors.push({ line, column: 'name', reason: 'required' });
    else if (name.length > 200) errors.push({ line, column: 'name', reason: 'at most 200 characters' });
    if (/[\u0000-\u001F\u007F]/.test(cells.join(''))) errors.push({ line, column: '', reason: 'control characters are not allowed' });
    const sex = SEX[sexText];
    if (!sex) errors.push({ line, column: 'sex', reason: 'must be female, male or other' });
    if (email && !EMAIL.test(email)) errors.push({ line, column: 'email', reason: 'not an email address' });
    if (v('institution').length > 300 || v('role').length > 200) errors.push({ line, column: '', reason: 'a value is too long' });
    if (errors.length === before && sex) out.push({ line, name, institution: v('institution'), sex, role: v('role'), email });
  }
  return out;
}

export function countBySex(list: TParticipant[]): { women: number; men: number; other: number; total: number } {
  const women = list.filter((p) => p.sex === 'female').length, men = list.filter((p) => p.sex === 'male').length;
  return { women, men, other: list.length - women - men, total: list.length };
}

export async function importParticipants(em: EntityManager, programmeId: string, activityId: string,
  file: { csv?: string; xlsxBase64?: string }, dryRun: boolean, userId: string) {
  await getActivity(em, programmeId, activityId);
  const errors: ParticipantRowError[] = [];
  const rows = file.xlsxBase64 !== undefined ? await xlsxRows(file.xlsxBase64) : csvRows(file.csv ?? '', errors);
  const list = errors.length ? [] : checkParticipantRows(rows, errors);
  const counts = countBySex(list);
  const report = { rows: Math.max(0, rows.length - 1), valid: list.length, errors, counts };
  if (dryRun) return { dryRun: true, ...report, inserted: 0 };
  if (errors.length || !list.length) throw new AppError('import.invalid_rows', report);
  await em.query(`DELETE FROM activity_participants WHERE activity_id = $1`, [activityId]);
  await em.query(
    `INSERT INTO activity_participants (activity_id, line, name, institution, sex, role, email)
     SELECT $1, x.line, x.name, x.institution, x.sex, x.role, x.email
     FROM jsonb_to_recordset($2::jsonb) AS x(line int, name text, institution text, sex text, role text, email text)`,
    [activityId, JSON.stringify(list)]);
  await em.query(
    `UPDATE activities SET participants_women = $2, participants_men = $3, participants_other = $4, participants_from_list = true, updated_at = now()
     WHERE id = $1`, [activityId, counts.women, counts.men, counts.other]);
  await audit(em, { actorUserId: userId, action: 'activity.participants_import', programmeId, targetType: 'activity', targetId: activityId,
    details: { counts } });
  return { dryRun: false, ...report, inserted: list.length };
}

export async function listParticipants(em: EntityManager, programmeId: string, activityId: string): Promise<TParticipant[]> {
  await getActivity(em, programmeId, activityId);
  return em.query(`SELECT line, name, institution, sex, role, email FROM activity_participants WHERE activity_id = $1 ORDER BY line`, [activityId]);
}
