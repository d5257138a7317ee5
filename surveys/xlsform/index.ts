// XLSForm import: read an .xlsx (reader) and convert its rows to a SurveyJS questionnaire (pure converter).
import { convertXlsForm, type TConversion } from './convert';
import { readWorkbook } from './reader';

export { convertXlsForm, type TConversion } from './convert';
export { readWorkbook, WorkbookError, MAX_XLSX_BYTES } from './reader';
export type { TProblem, TSheetData } from './sheets';

/** Reads and converts an .xlsx XLSForm; throws WorkbookError when the file is not a readable workbook. */
export async function importXlsForm(buf: Buffer): Promise<TConversion> {
  return convertXlsForm(await readWorkbook(buf));
}

/** `survey!F7 (relevant): message` */
export function formatProblem(p: { severity: string; sheet: string; row?: number; column?: string; cell?: string; message: string }): string {
  const where = `${p.sheet}${p.cell ? `!${p.cell}` : p.row ? ` row ${p.row}` : ''}${p.column ? ` (${p.column})` : ''}`;
  return `${p.severity}: ${where}: ${p.message}`;
}
