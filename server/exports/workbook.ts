// XLSX downloads written with exceljs's streaming WorkbookWriter straight to the HTTP response: the full workbook
// (Responses per wave, Codebook, Indicators, Response rates, Reminders, Activities when there are any) and the
// indicator table alone. Headers in the report's language, every sheet with a frozen header row and an autofilter,
// numbers rounded by the precision policy with number formats (percentages as %), dates as dates, text neutralised,
// right-to-left sheets in Arabic.
import { Writable, pipeline } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import type { Lang } from '../../contracts/common';
import type { Labels } from '../../contracts/exports';
import type { Cell } from './codebook';
import { neutralise } from './cells';
import { openCursor } from './pg-cursor';
import { META_COLUMNS, responseRowShape, responsesQuery, type InstitutionNames, type WaveInfo } from './responses-csv';
import { formulaQuestions, type ReportBundle } from './report-data';
import {
  INDICATOR_COLUMNS, RATE_COLUMNS, REMINDER_COLUMNS, headersOf, indicatorRows, rateRows, reminderRows, type TableColumn, type TableRow,
} from './indicator-table';
import { excelCell } from './precision';
import { hasAny, type ReportActivities } from './activities';

type XCell = Cell | Date;
const DATE_FMT = 'yyyy-mm-dd hh:mm';

const safe = (v: XCell): ExcelJS.CellValue => (typeof v === 'string' ? neutralise(v) : v);

/** A sheet with its header row written, frozen and (at `finish`) filtered. */
class Sheet {
  rows = 1;
  constructor(readonly ws: ExcelJS.Worksheet, readonly width: number) {}
  add(cells: XCell[], formats?: Array<string | undefined>): void {
    const row = this.ws.addRow(cells.map(safe));
    cells.forEach((v, i) => {
      const f = formats?.[i] ?? (v instanceof Date ? DATE_FMT : undefined);
      if (f) row.getCell(i + 1).numFmt = f;
    });
    row.commit();
    this.rows++;
  }
  finish(): void {
    this.ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: this.rows, column: Math.max(1, this.width) } };
    this.ws.commit();
  }
}

const INVALID_SHEET_CHARS = /[[\]:*?/\\]/g;

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, lang: Lang, headers: string[], used: Set<string>): Sheet {
  const base = name.replace(INVALID_SHEET_CHARS, ' ').slice(0, 31);
  let n = 2;
  let unique = base;
  while (used.has(unique.toLowerCase())) { unique = `${base.slice(0, 28)} ${n++}`; }
  used.add(unique.toLowerCase());
  const ws = wb.addWorksheet(unique, { views: [{ state: 'frozen', ySplit: 1, rightToLeft: lang === 'ar' }] });
  ws.columns = headers.map((h) => ({ header: neutralise(h), width: Math.min(50, Math.max(12, h.length + 2)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return new Sheet(ws, headers.length);
}

/** Cells of a typed table row with their number formats (values in the row's unit, shares as %, counts whole). */
function typed(cols: TableColumn[], r: TableRow): { cells: XCell[]; formats: Array<string | undefined> } {
  const formats: Array<string | undefined> = [];
  const cells = r.cells.map((v, i) => {
    const kind = cols[i].kind;
    if (typeof v !== 'number') { formats.push(undefined); return v; }
    if (kind === 'value') { const c = excelCell(v, r.unit); formats.push(c.numFmt); return c.value; }
    if (kind === 'share') { formats.push('0.0%'); return Math.round(v * 1000) / 1000; }
    if (kind === 'int') { formats.push('0'); return v; }
    if (kind === 'number') { formats.push(Number.isInteger(v) ? '0' : '0.00'); return v; }
    formats.push(undefined);
    return v;
  });
  return { cells, formats };
}

function tableSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, lang: Lang, cols: TableColumn[], rows: TableRow[], used: Set<string>, empty?: string): void {
  const s = sheet(wb, name, lang, headersOf(cols, lang), used);
  for (const r of rows) { const t = typed(cols, r); s.add(t.cells, t.formats); }
  if (!rows.length && empty) s.add([empty]);
  s.finish();
}

export function newWorkbook(out: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Marsad';
  wb.created = new Date();
  return wb;
}

const L = (lang: Lang, en: string, ar: string) => (lang === 'ar' ? ar : en);
export const SHEETS = {
  responses: ['Responses', 'الإجابات'], codebook: ['Codebook', 'دليل الترميز'], indicators: ['Indicators', 'المؤشرات'],
  rates: ['Response rates', 'معدلات الاستجابة'], reminders: ['Reminders', 'التذكيرات'], activities: ['Activities', 'الأنشطة'],
} as const;
const sheetName = (k: keyof typeof SHEETS, lang: Lang) => SHEETS[k][lang === 'ar' ? 1 : 0];

const CODEBOOK_COLUMNS: TableColumn[] = [
  { en: 'wave', ar: 'الجولة', kind: 'text' }, { en: 'column', ar: 'العمود', kind: 'text' }, { en: 'code', ar: 'الرمز', kind: 'text' },
  { en: 'question', ar: 'السؤال', kind: 'text' }, { en: 'type', ar: 'النوع', kind: 'text' }, { en: 'text_en', ar: 'النص بالإنجليزية', kind: 'text' },
  { en: 'text_ar', ar: 'النص بالعربية', kind: 'text' }, { en: 'choices (code = English / Arabic)', ar: 'الخيارات (الرمز = إنجليزي / عربي)', kind: 'text' },
  { en: 'indicators', ar: 'المؤشرات', kind: 'text' },
];

export interface WorkbookInput {
  programmeId: string; lang: Lang; labels: Labels; waves: WaveInfo[]; report: ReportBundle; institutions: InstitutionNames;
  /** responses.excluded_at exists: leave excluded responses out */
  skipExcluded?: boolean;
}

/** The full workbook; each Responses sheet streams from a pg cursor. */
export async function writeFullWorkbook(db: DataSource, input: WorkbookInput, out: Writable): Promise<void> {
  const { lang, report } = input;
  const wb = newWorkbook(out);
  const used = new Set<string>();
  const mode = input.labels === 'codes' ? 'codes' : lang;
  const shapes = [];
  for (const wave of input.waves) {
    const shape = responseRowShape(wave, mode, mode, 'date', input.institutions);
    shapes.push({ wave, shape });
    const name = input.waves.length > 1 ? `${sheetName('responses', lang)} – ${L(lang, wave.nameEn, wave.nameAr || wave.nameEn)}` : sheetName('responses', lang);
    const s = sheet(wb, name, lang, shape.headers, used);
    const { sql, params } = responsesQuery({ programmeId: input.programmeId, waveId: wave.id, drafts: false, skipExcluded: input.skipExcluded });
    const cursor = await openCursor(db, 'workbook', sql, params);
    const sink = new Writable({
      objectMode: true,
      write(row: Record<string, unknown>, _enc, cb) { s.add(shape.toCells(row) as XCell[]); cb(); },
    });
    cursor.onLost((err) => sink.destroy(err));
    await new Promise<void>((resolve, reject) => pipeline(cursor.stream, sink, (err) => {
      cursor.done(err ?? undefined);
      if (err) { out.destroy(err); reject(err); } else resolve();
    }));
    if (s.rows === 1) s.add([L(lang, 'No responses were completed in this wave.', 'لم تُستكمل أي إجابة في هذه الجولة.')]);
    s.finish();
  }

  const feeds = new Map<string, string[]>();
  for (const ind of report.indicators) for (const q of formulaQuestions(ind.formula)) (feeds.get(q) ?? feeds.set(q, []).get(q)!).push(ind.code);
  const cb = sheet(wb, sheetName('codebook', lang), lang, headersOf(CODEBOOK_COLUMNS, lang), used);
  for (const { wave, shape } of shapes) {
    const wn = L(lang, wave.nameEn, wave.nameAr || wave.nameEn);
    META_COLUMNS.forEach((m, i) => cb.add([wn, shape.headers[i], m.key, null, L(lang, 'metadata', 'بيانات وصفية'), m.descEn, m.descAr, null, null]));
    shape.columns.forEach((c, i) => cb.add([wn, shape.headers[META_COLUMNS.length + i], c.key, c.question, c.type, c.titleEn, c.titleAr,
      (c.choices ?? []).map((ch) => `${ch.value} = ${ch.en} / ${ch.ar}`).join('\n') || null, (feeds.get(c.question) ?? []).join(', ') || null]));
  }
  cb.ws.getColumn(8).alignment = { wrapText: true, vertical: 'top' };
  cb.finish();

  addIndicatorSheets(wb, report, lang, used);
  await wb.commit();
}

const ACTIVITY_COLUMNS: TableColumn[] = [
  { en: 'kind', ar: 'النوع', kind: 'text' }, { en: 'activity', ar: 'النشاط', kind: 'text' }, { en: 'dates', ar: 'التواريخ', kind: 'text' },
  { en: 'place', ar: 'المكان', kind: 'text' }, { en: 'institutions', ar: 'المؤسسات', kind: 'text' }, { en: 'participants', ar: 'المشاركون', kind: 'int' },
  { en: 'women', ar: 'نساء', kind: 'int' }, { en: 'men', ar: 'رجال', kind: 'int' },
];
export function activityRows(a: ReportActivities, lang: Lang): TableRow[] {
  const rows = (kind: string, xs: ReportActivities['activities']) => xs.map((x) => ({ unit: 'count', cells: [kind, x.title, x.dates, x.place, x.institutions, x.total, x.women, x.men] }));
  return [...rows(L(lang, 'activity', 'نشاط'), a.activities), ...rows(L(lang, 'consultation meeting', 'اجتماع تشاوري'), a.meetings)];
}

/** Indicators, Response rates, Reminders (and Activities when the period has some): also the whole of indicators.xlsx. */
export function addIndicatorSheets(wb: ExcelJS.stream.xlsx.WorkbookWriter, r: ReportBundle, lang: Lang, used = new Set<string>()): void {
  const none = r.waves.every((w) => w.completed === 0)
    ? L(lang, 'No responses were completed in the waves of this report.', 'لم تُستكمل أي إجابة في جولات هذا التقرير.') : undefined;
  const indRows = none ? [] : indicatorRows(r.indicators, r.waves, lang);
  tableSheet(wb, sheetName('indicators', lang), lang, INDICATOR_COLUMNS, indRows, used, none ?? L(lang, 'No indicators chosen.', 'لم يتم اختيار أي مؤشر.'));
  tableSheet(wb, sheetName('rates', lang), lang, RATE_COLUMNS, rateRows(r.rates, r.waves, lang), used);
  tableSheet(wb, sheetName('reminders', lang), lang, REMINDER_COLUMNS, reminderRows(r.rates, r.waves, lang), used,
    L(lang, 'No reminders were sent in the waves of this report.', 'لم تُرسل أي تذكيرات في جولات هذا التقرير.'));
  if (hasAny(r.activities)) tableSheet(wb, sheetName('activities', lang), lang, ACTIVITY_COLUMNS, activityRows(r.activities, lang), used);
}
