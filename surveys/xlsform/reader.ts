// Reads an .xlsx workbook with exceljs into plain text rows for the (pure) XLSForm converter; refuses what is not a workbook.
import ExcelJS from 'exceljs';
import type { TSheetData } from './sheets';

export const MAX_XLSX_BYTES = 5 * 1024 * 1024;
/** Inflated size limit of the zip entries (a small file may expand enormously). */
export const MAX_INFLATED_BYTES = 50 * 1024 * 1024;
export const MAX_ROWS = 5000;
const MAX_COLUMNS = 200;

export class WorkbookError extends Error {
  constructor(message: string) { super(message); this.name = 'WorkbookError'; }
}

/** Sum of the uncompressed sizes in the zip's central directory (refuses zip bombs before inflating anything). */
export function inflatedSize(buf: Buffer): number {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new WorkbookError('the file is not an .xlsx workbook (no zip directory)');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16), total = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new WorkbookError('the file is not an .xlsx workbook (damaged zip directory)');
    const size = buf.readUInt32LE(p + 24);
    total += size === 0xffffffff ? Infinity : size;
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return total;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return '';
  }
  return String(v);
}

/** The workbook's sheets as text rows (rows[i] = spreadsheet row i+1). */
export async function readWorkbook(buf: Buffer): Promise<TSheetData[]> {
  if (buf.length > MAX_XLSX_BYTES) throw new WorkbookError(`the file is larger than ${MAX_XLSX_BYTES / 1024 / 1024} MB`);
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) throw new WorkbookError('the file is not an .xlsx workbook (save it as Excel .xlsx; .xls and .ods are not read)');
  if (inflatedSize(buf) > MAX_INFLATED_BYTES) throw new WorkbookError(`the workbook expands to more than ${MAX_INFLATED_BYTES / 1024 / 1024} MB`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new WorkbookError(`the workbook cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return wb.worksheets.map((ws) => {
    if (ws.rowCount > MAX_ROWS) throw new WorkbookError(`the sheet "${ws.name}" has more than ${MAX_ROWS} rows`);
    const rows: string[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.min(row.cellCount, MAX_COLUMNS); c++) cells.push(cellText(row.getCell(c).value));
      rows.push(cells);
    }
    return { name: ws.name, rows };
  });
}
