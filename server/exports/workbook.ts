// XLSX downloads written with exceljs's streaming WorkbookWriter straight to the HTTP response: the full workbook
// (Responses, Codebook, Indicators, Response rates) and the indicator table alone. Numbers stay numbers, dates are
// dates, text is neutralised, and Arabic sheets are shown right to left.
import { Writable, pipeline } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import type { Cell, Lang } from './codebook';
import { neutralise } from './cells';
import { openCursor } from './pg-cursor';
import { responseRowShape, responsesQuery, type WaveInfo } from './responses-csv';
import { formulaQuestions, type IndicatorReport, type RateSummary, type WaveSummary } from './report-data';
import { INDICATOR_HEADERS, RATE_HEADERS, VALUE_COLUMNS, XLSX_FORMATS, indicatorRowUnits, indicatorRows, rateRows } from './indicator-table';

type XCell = Cell | Date;
const DATE_FMT = 'yyyy-mm-dd hh:mm';

const safe = (v: XCell): ExcelJS.CellValue => (typeof v === 'string' ? neutralise(v) : v);

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, lang: Lang, headers: string[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, rightToLeft: lang === 'ar' }] });
  ws.columns = headers.map((h) => ({ header: neutralise(h), width: Math.min(50, Math.max(12, h.length + 2)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return ws;
}

function addRows(ws: ExcelJS.Worksheet, rows: XCell[][], formats?: Array<{ columns: number[]; numFmt: string }>): void {
  for (const [k, r] of rows.entries()) {
    const row = ws.addRow(r.map(safe));
    r.forEach((v, i) => { if (v instanceof Date) row.getCell(i + 1).numFmt = DATE_FMT; });
    if (formats?.[k]) for (const c of formats[k].columns) row.getCell(c).numFmt = formats[k].numFmt;
    row.commit();
  }
}

export function newWorkbook(out: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Marsad';
  wb.created = new Date();
  return wb;
}

const CODEBOOK_HEADERS: Record<Lang, string[]> = {
  en: ['code', 'question', 'type', 'text_en', 'text_ar', 'choices (code = English / Arabic)', 'indicators'],
  ar: ['الرمز', 'السؤال', 'النوع', 'النص بالإنجليزية', 'النص بالعربية', 'الخيارات (الرمز = إنجليزي / عربي)', 'المؤشرات'],
};

export interface WorkbookInput {
  programmeId: string; wave: WaveInfo; lang: Lang;
  waves: WaveSummary[]; indicators: IndicatorReport[]; rates: RateSummary[];
}

/** The full workbook; the Responses sheet streams from a pg cursor. */
export async function writeFullWorkbook(db: DataSource, input: WorkbookInput, out: Writable): Promise<void> {
  const { lang, wave } = input;
  const wb = newWorkbook(out);
  // headers are the codes (they match the Codebook sheet); values are labels in the language asked
  const shape = responseRowShape(wave, 'codes', lang, 'date');
  const ws = sheet(wb, 'Responses', lang, shape.headers);
  const { sql, params } = responsesQuery({ programmeId: input.programmeId, waveId: wave.id, drafts: false });
  const cursor = await openCursor(db, 'workbook', sql, params);
  const sink = new Writable({
    objectMode: true,
    write(row: Record<string, unknown>, _enc, cb) { addRows(ws, [shape.toCells(row) as XCell[]]); cb(); },
  });
  cursor.onLost((err) => sink.destroy(err));
  await new Promise<void>((resolve, reject) => pipeline(cursor.stream, sink, (err) => {
    cursor.done(err ?? undefined);
    if (err) { out.destroy(err); reject(err); } else resolve();
  }));
  ws.commit();

  const feeds = new Map<string, string[]>();
  for (const ind of input.indicators) for (const q of formulaQuestions(ind.formula)) (feeds.get(q) ?? feeds.set(q, []).get(q)!).push(ind.code);
  const cb = sheet(wb, 'Codebook', lang, CODEBOOK_HEADERS[lang]);
  addRows(cb, shape.columns.map((c) => [c.key, c.question, c.type, c.titleEn, c.titleAr,
    (c.choices ?? []).map((ch) => `${ch.value} = ${ch.en} / ${ch.ar}`).join('\n') || null, (feeds.get(c.question) ?? []).join(', ') || null]));
  cb.getColumn(6).alignment = { wrapText: true, vertical: 'top' };
  cb.commit();

  addIndicatorSheets(wb, input.indicators, input.waves, input.rates, lang);
  await wb.commit();
}

/** Indicators and Response rates sheets (also the whole of indicators.xlsx). */
export function addIndicatorSheets(wb: ExcelJS.stream.xlsx.WorkbookWriter, indicators: IndicatorReport[], waves: WaveSummary[], rates: RateSummary[], lang: Lang): void {
  const is = sheet(wb, 'Indicators', lang, INDICATOR_HEADERS[lang]);
  addRows(is, indicatorRows(indicators, waves, lang), indicatorRowUnits(indicators).map((u) => ({ columns: VALUE_COLUMNS, numFmt: XLSX_FORMATS[u] })));
  is.commit();
  const rs = sheet(wb, 'Response rates', lang, RATE_HEADERS[lang]);
  addRows(rs, rateRows(rates, waves, lang));
  rs.getColumn(10).numFmt = '0%';
  rs.commit();
}
