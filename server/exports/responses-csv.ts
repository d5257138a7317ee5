// Responses of one wave as CSV, streamed: the codebook compiled to one SELECT (csv-sql.ts) → COPY → HTTP; the former
// path (pg cursor → flatten → @json2csv/node) stays as streamResponsesCsvJs, the reference the COPY path is tested against.
// UTF-8 BOM, neutralised formula cells, numbers as numbers; a failure half-way destroys the response (never a
// complete-looking truncated file). No stakeholder names or contacts: institution and sex only. Answer cells of complete
// responses come from response_csv_cells when current (csv-cache.ts), else are computed in the same statement.
import { Transform, pipeline, type Writable } from 'node:stream';
import { Transform as CsvTransform } from '@json2csv/node';
import type { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../errors';
import type { TDefinition } from '../../surveys/definition';
import { columnHeader, compileFlattener, exportColumns, type Cell, type ExportColumn, type Lang } from './codebook';
import { openCursor } from './pg-cursor';
import { safeCsvString } from './cells';
import { compileCsvSelect } from './csv-sql';
import { copyTextTo } from './pg-copy';
import { cellsHash } from './csv-cache';

export interface WaveInfo { id: string; nameEn: string; nameAr: string; kind: string; version: number; definition: TDefinition; opensAt: Date; closesAt: Date }

export async function loadWave(em: EntityManager, programmeId: string, waveId: string): Promise<WaveInfo> {
  const rows = await em.query(
    `SELECT w.id, w.name_en, w.name_ar, w.kind, w.opens_at, w.closes_at, qv.version, qv.definition
       FROM waves w JOIN questionnaire_versions qv ON qv.id = w.questionnaire_version_id
      WHERE w.id = $1 AND w.programme_id = $2`, [waveId, programmeId]);
  if (!rows.length) throw notFound('wave');
  const r = rows[0];
  return { id: r.id, nameEn: r.name_en, nameAr: r.name_ar, kind: r.kind, version: r.version, definition: r.definition, opensAt: r.opens_at, closesAt: r.closes_at };
}

const BATCH = 250;

/**
 * Metadata columns, namespaced so that they never meet a question of the same name (`_respondent.institution` is the
 * roster's institution, `institution` a question): `_response.*` describe the response, `_respondent.*` the stakeholder.
 */
export const META_COLUMNS: Array<{ key: string; en: string; ar: string; descEn: string; descAr: string }> = [
  { key: '_response.id', en: 'Response id', ar: 'معرّف الإجابة', descEn: 'Identifier of the response (stable across exports)', descAr: 'معرّف الإجابة (ثابت في كل التصديرات)' },
  { key: '_response.wave', en: 'Wave', ar: 'الجولة', descEn: 'Wave the response belongs to', descAr: 'الجولة التي تنتمي إليها الإجابة' },
  { key: '_response.questionnaire_version', en: 'Questionnaire version', ar: 'إصدار الاستبيان', descEn: 'Published questionnaire version answered', descAr: 'إصدار الاستبيان المنشور الذي أُجيب عليه' },
  { key: '_response.language', en: 'Language', ar: 'اللغة', descEn: 'Language the respondent answered in (en/ar)', descAr: 'اللغة التي أجاب بها المجيب' },
  { key: '_response.status', en: 'Status', ar: 'الحالة', descEn: 'complete or draft', descAr: 'مكتملة أو مسودة' },
  { key: '_response.started_at', en: 'Started at', ar: 'تاريخ البدء', descEn: 'When the respondent started (UTC)', descAr: 'وقت بدء المجيب (UTC)' },
  { key: '_response.submitted_at', en: 'Submitted at', ar: 'تاريخ الإرسال', descEn: 'When the response was submitted (UTC)', descAr: 'وقت إرسال الإجابة (UTC)' },
  { key: '_respondent.institution', en: 'Institution (roster)', ar: 'المؤسسة (سجل أصحاب المصلحة)', descEn: 'Institution of the invited stakeholder, from the roster (empty for open links)', descAr: 'مؤسسة صاحب المصلحة المدعو من السجل (فارغة للروابط المفتوحة)' },
  { key: '_respondent.sex', en: 'Sex (roster)', ar: 'الجنس (سجل أصحاب المصلحة)', descEn: 'Sex of the invited stakeholder, from the roster', descAr: 'جنس صاحب المصلحة المدعو من السجل' },
];
export const STATUS_LABELS: Record<string, { en: string; ar: string }> = { complete: { en: 'complete', ar: 'مكتملة' }, draft: { en: 'draft', ar: 'مسودة' } };
export const SEX_LABELS: Record<string, { en: string; ar: string }> = {
  female: { en: 'Female', ar: 'أنثى' }, male: { en: 'Male', ar: 'ذكر' }, other: { en: 'Other', ar: 'آخر' }, undisclosed: { en: 'Undisclosed', ar: 'غير مصرّح' },
};

/** Header texts made unique: a repeated text gets its column code appended, "Grid [grid/r1]". */
export function uniqueHeaders(texts: string[], keys: string[]): string[] {
  const seen = new Map<string, number>();
  for (const t of texts) seen.set(t, (seen.get(t) ?? 0) + 1);
  const out = texts.map((t, i) => ((seen.get(t) ?? 0) > 1 ? `${t} [${keys[i]}]` : t));
  const used = new Set<string>();
  return out.map((t) => { let u = t, k = 2; while (used.has(u)) u = `${t}~${k++}`; used.add(u); return u; });
}

export type InstitutionNames = (code: string) => { en: string; ar: string };
export interface ResponseExportOptions {
  programmeId: string; wave: WaveInfo; headers: 'codes' | Lang; values: 'codes' | Lang; drafts: boolean; institutions?: InstitutionNames;
  /** responses.excluded_at exists: leave excluded responses out */
  skipExcluded?: boolean;
  /** false: compute every line inline, ignoring response_csv_cells (default: serve the cached cells that match) */
  cache?: boolean;
}

let excludedColumn: boolean | undefined;
/** Whether responses can be excluded from analysis (the column `responses.excluded_at`); asked once per process. */
export async function hasExcludedColumn(em: EntityManager): Promise<boolean> {
  if (excludedColumn === undefined) {
    const rows: unknown[] = await em.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'responses' AND column_name = 'excluded_at'`);
    excludedColumn = rows.length > 0;
  }
  return excludedColumn;
}

/** The one query all response exports stream from (parameterised; programme filter always applied). */
export function responsesQuery(o: { programmeId: string; waveId: string; drafts: boolean; isoDates?: boolean; skipExcluded?: boolean }): { sql: string; params: unknown[] } {
  // ISO text straight from Postgres spares a Date parse and format per cell in the CSV path
  const ts = (c: string) => (o.isoDates ? `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${c.slice(2)}` : c);
  return {
    sql: `SELECT r.id, qv.version, r.language, r.status, ${ts('r.started_at')}, ${ts('r.submitted_at')}, s.institution, s.sex, r.answers
            FROM responses r
            JOIN questionnaire_versions qv ON qv.id = r.questionnaire_version_id
            LEFT JOIN stakeholders s ON s.id = r.stakeholder_id AND s.programme_id = r.programme_id
           WHERE r.programme_id = $1 AND r.wave_id = $2 AND ($3::boolean OR r.status = 'complete')${o.skipExcluded ? ' AND r.excluded_at IS NULL' : ''}
           ORDER BY r.submitted_at NULLS LAST, r.started_at, r.id`,
    params: [o.programmeId, o.waveId, o.drafts],
  };
}

export interface ResponseRowShape { columns: ExportColumn[]; headers: string[]; toCells: (row: Record<string, unknown>) => Cell[] }

/** Header texts and the row → cells function shared by the CSV and XLSX exports. */
export function responseRowShape(wave: WaveInfo, headers: 'codes' | Lang, values: 'codes' | Lang, dates: 'iso' | 'date', institutions?: InstitutionNames): ResponseRowShape {
  const columns = exportColumns(wave.definition);
  const flatten = compileFlattener(wave.definition, columns, values);
  const metaHeaders = META_COLUMNS.map((m) => (headers === 'codes' ? m.key : m[headers]));
  const inst = (code: unknown): Cell => (code == null ? null : values === 'codes' || !institutions ? (code as string) : institutions(code as string)[values]);
  const waveName = values === 'ar' ? wave.nameAr || wave.nameEn : wave.nameEn;
  const lbl = (map: Record<string, { en: string; ar: string }>, v: unknown): Cell =>
    v == null ? null : values === 'codes' ? (v as string) : (map[v as string]?.[values] ?? (v as string));
  const when = (d: unknown): Cell | Date => (d == null ? null : d instanceof Date && dates === 'iso' ? d.toISOString() : (d as Date | string));
  return {
    columns,
    headers: uniqueHeaders([...metaHeaders, ...columns.map((c) => columnHeader(c, headers))], [...META_COLUMNS.map((m) => m.key), ...columns.map((c) => c.key)]),
    toCells: (r) => [r.id as string, waveName, r.version as number, r.language as string, lbl(STATUS_LABELS, r.status),
      when(r.started_at) as Cell, when(r.submitted_at) as Cell, inst(r.institution), lbl(SEX_LABELS, r.sex),
      ...flatten(r.answers as Record<string, unknown>)],
  };
}

/** Streams the CSV into `out` with COPY; resolves with the row count when finished, rejects (after destroying `out`)
 *  when anything fails, the HTTP client going away included. Same bytes as streamResponsesCsvJs. */
export async function streamResponsesCsv(db: DataSource, o: ResponseExportOptions, out: Writable): Promise<number> {
  const { headers } = responseRowShape(o.wave, o.headers, o.values, 'iso', o.institutions);
  const lang = o.values === 'codes' ? undefined : o.values;
  return copyTextTo(db, {
    tag: 'responses_csv',
    head: `\ufeff${headers.map(safeCsvString).join(',')}`,
    select: async (query) => {
      // the codes that can occur, read in the export's snapshot: each gets its registry name
      const codes = lang && o.institutions
        ? await query<{ institution: string }>(`SELECT DISTINCT institution FROM stakeholders WHERE programme_id = $1 AND institution IS NOT NULL`, [o.programmeId])
        : [];
      const cache = o.cache === false ? undefined : { hash: await cellsHash(query, o.wave.definition, o.values) };
      return compileCsvSelect({ cache,
        definition: o.wave.definition, values: o.values, programmeId: o.programmeId, waveId: o.wave.id, drafts: o.drafts, skipExcluded: o.skipExcluded,
        waveName: lang === 'ar' ? o.wave.nameAr || o.wave.nameEn : o.wave.nameEn, statusLabels: STATUS_LABELS, sexLabels: SEX_LABELS,
        institutions: codes.map((r) => ({ code: r.institution, ...o.institutions!(r.institution) })),
      });
    },
  }, out);
}

/** The former exporter (cursor → JS flattener → @json2csv): the reference of the COPY path's tests and bench. */
export async function streamResponsesCsvJs(db: DataSource, o: ResponseExportOptions, out: Writable): Promise<number> {
  const shape = responseRowShape(o.wave, o.headers, o.values, 'iso', o.institutions);
  const { sql, params } = responsesQuery({ programmeId: o.programmeId, waveId: o.wave.id, drafts: o.drafts, isoDates: true, skipExcluded: o.skipExcluded });
  const cursor = await openCursor(db, 'responses_csv', sql, params);
  // rows travel in batches (one stream chunk and one CSV string per BATCH rows): per-row stream hops cost more than the CSV
  const fields = shape.headers.map((label, i) => ({ label, value: (cells: Cell[]) => cells[i] }));
  let rows = 0;
  let batch: Array<Record<string, unknown>> = [];
  const toObject = new Transform({
    objectMode: true,
    transform(row: Record<string, unknown>, _enc, cb) {
      batch.push(row);
      rows++;
      if (batch.length < BATCH) { cb(); return; }
      const b = batch;
      batch = [];
      cb(null, { rows: b });
    },
    flush(cb) { cb(null, batch.length ? { rows: batch } : null); },
  });
  const csv = new CsvTransform<{ rows: Array<Record<string, unknown>> }, Cell[]>({
    fields, withBOM: true, eol: '\r\n',
    transforms: [(b) => b.rows.map(shape.toCells) as unknown as Cell[]],
    formatters: { string: safeCsvString, boolean: (v: boolean) => (v ? 'true' : 'false') },
  }, {}, { objectMode: true });
  cursor.onLost((err) => toObject.destroy(err));
  return new Promise<number>((resolve, reject) => {
    pipeline(cursor.stream, toObject, csv, out, (err) => {
      cursor.done(err ?? undefined);
      if (err) { out.destroy(err); reject(err); } else resolve(rows);
    });
  });
}
