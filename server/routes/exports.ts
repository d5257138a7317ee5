// Downloads for the quarterly narrative report, scoped to a reporting period (or dates) and its waves: what the report
// builder offers, the responses CSV, the workbook, the indicator table (CSV/XLSX), the Word annex and chart PNGs.
// Viewers may download; every export is audited before it streams; no stakeholder names or contacts.
import { Readable, pipeline } from 'node:stream';
import { z } from 'zod';
import { Transform as CsvTransform } from '@json2csv/node';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { notFound } from '../errors';
import { ZProgrammeParams } from '../../contracts/common';
import { ZChartQuery, ZReportOptions, ZReportQuery, ZResponsesCsvQuery, type TReportQuery } from '../../contracts/exports';
import { attachment, auditExport, slug } from '../exports/http';
import { hasExcludedColumn, loadWave, streamResponsesCsv } from '../exports/responses-csv';
import { scheduleCsvCacheFill } from '../exports/csv-cache';
import { markCsvModeInUse } from '../exports/csv-cache-warm';
import { institutionNames, loadProgramme, loadReport, responseRates } from '../exports/report-data';
import { programmeWaves, resolveScope } from '../exports/scope';
import { reportOptions } from '../exports/options';
import { addIndicatorSheets, newWorkbook, writeFullWorkbook } from '../exports/workbook';
import { INDICATOR_COLUMNS, headersOf, indicatorRows } from '../exports/indicator-table';
import { safeCsvString } from '../exports/cells';
import { buildAnnex } from '../exports/annex';
import { completionTimelineChart, indicatorChart, responseRateChart } from '../charts/report-charts';

const base = '/api/programmes/:programmeId';
const access = { programme: 'viewer' as const };
const tag = 'exports';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ZIndicatorChart = ZProgrammeParams.extend({ indicatorId: z.uuid() });
const ZRateChart = ZProgrammeParams.extend({ waveId: z.uuid() });
const NO_RESPONSES = { en: 'No responses were completed in the waves of this report.', ar: 'لم تُستكمل أي إجابة في جولات هذا التقرير.' };
const ZRateChartQuery = z.object({ lang: z.enum(['en', 'ar']).default('en'), kind: z.enum(['funnel', 'timeline']).default('funnel') });

/** The file name's period part: the period code, or the dates. */
const scopeSlug = (s: { period: { code: string } | null; from: string; to: string }) => (s.period ? slug(s.period.code) : `${s.from}_${s.to}`);
const scopeDetails = (q: TReportQuery, waves: Array<{ id: string }>) =>
  ({ period: q.period ?? null, from: q.from ?? null, to: q.to ?? null, waves: waves.map((w) => w.id), lang: q.lang, labels: q.labels, indicators: q.indicators ?? null });

export function registerExportRoutes(api: ApiRegistry, ctx: AppContext): void {
  const report = async (programmeId: string, q: TReportQuery) => {
    const scope = await resolveScope(ctx.db.manager, programmeId, q);
    return loadReport(ctx.db.manager, programmeId, scope, q.lang, q.indicators);
  };

  api.route({ method: 'get', path: `${base}/exports/options`, summary: 'What the report builder offers: periods, waves (with their periods), indicators', tag, access,
    params: ZProgrammeParams, response: ZReportOptions },
  ({ em, params }) => reportOptions(em, params.programmeId));

  api.route({ method: 'get', path: `${base}/exports/responses.csv`, summary: 'Responses of a wave as CSV (streamed, UTF-8 with BOM, namespaced metadata columns)', tag, access,
    params: ZProgrammeParams, query: ZResponsesCsvQuery, produces: 'text/csv' },
  async ({ em, params, query: q, req, res }) => {
    const scope = await resolveScope(em, params.programmeId, { ...q, waves: [q.waveId] });
    const wave = await loadWave(em, params.programmeId, scope.waves[0].id);
    const values = q.values ?? (q.labels === 'labels' ? q.lang : 'codes');
    const headers = q.headers ?? 'codes';
    await auditExport(ctx, req, 'export.responses_csv', { waveId: wave.id, headers, values, drafts: q.drafts }, { type: 'wave', id: wave.id });
    // from now on the minute tick keeps this wave's cells of this mode warm; the first export of a mode has none to read
    const { wasInUse } = await markCsvModeInUse(ctx.db, wave.id, values);
    attachment(res, `responses-${slug(wave.nameEn)}.csv`, 'text/csv; charset=utf-8');
    await streamResponsesCsv(ctx.db, { programmeId: params.programmeId, wave, headers, values, drafts: q.drafts,
      institutions: await institutionNames(em, params.programmeId), skipExcluded: await hasExcludedColumn(em), cache: wasInUse }, res);
    // after the file (the COPY ran on the primary, ctx.db): render this wave's missing or stale lines for the next export
    void scheduleCsvCacheFill(ctx.db, { programmeId: params.programmeId, waveId: wave.id, definition: wave.definition, values }, ctx.log);
    return undefined;
  });

  api.route({ method: 'get', path: `${base}/exports/workbook.xlsx`, summary: 'Workbook: responses per wave, codebook, indicators, response rates, reminders', tag, access,
    params: ZProgrammeParams, query: ZReportQuery, produces: XLSX },
  async ({ em, params, query: q, req, res }) => {
    const r = await report(params.programmeId, q);
    const waves = [];
    for (const w of r.waves) waves.push(await loadWave(em, params.programmeId, w.id));
    await auditExport(ctx, req, 'export.workbook', scopeDetails(q, r.waves));
    attachment(res, `workbook-${slug(r.programme.code)}-${scopeSlug(r.scope)}-${q.lang}.xlsx`, XLSX);
    await writeFullWorkbook(ctx.db, { programmeId: params.programmeId, lang: q.lang, labels: q.labels, waves, report: r,
      institutions: await institutionNames(em, params.programmeId), skipExcluded: await hasExcludedColumn(em) }, res);
    return undefined;
  });

  api.route({ method: 'get', path: `${base}/exports/indicators.csv`, summary: 'Indicator table as CSV (values rounded, headers in the chosen language)', tag, access,
    params: ZProgrammeParams, query: ZReportQuery, produces: 'text/csv' },
  async ({ params, query: q, req, res }) => {
    const r = await report(params.programmeId, q);
    await auditExport(ctx, req, 'export.indicators_csv', scopeDetails(q, r.waves));
    attachment(res, `indicators-${slug(r.programme.code)}-${scopeSlug(r.scope)}-${q.lang}.csv`, 'text/csv; charset=utf-8');
    const headers = headersOf(INDICATOR_COLUMNS, q.lang);
    // a period without responses says so in the file (one note row) instead of a table of empty values
    const none = r.waves.every((w) => w.completed === 0) ? [{ c0: NO_RESPONSES[q.lang] }] : null;
    const rows = none ?? indicatorRows(r.indicators, r.waves, q.lang).map((row) => Object.fromEntries(row.cells.map((c, i) => [`c${i}`, c])));
    const csv = new CsvTransform({ fields: headers.map((label, i) => ({ label, value: `c${i}` })), withBOM: true, eol: '\r\n', formatters: { string: safeCsvString } }, {}, { objectMode: true });
    await new Promise<void>((resolve, reject) => pipeline(Readable.from(rows), csv, res, (err) => (err ? reject(err) : resolve())));
    return undefined;
  });

  api.route({ method: 'get', path: `${base}/exports/indicators.xlsx`, summary: 'Indicator table, response rates and reminders as XLSX', tag, access,
    params: ZProgrammeParams, query: ZReportQuery, produces: XLSX },
  async ({ params, query: q, req, res }) => {
    const r = await report(params.programmeId, q);
    await auditExport(ctx, req, 'export.indicators_xlsx', scopeDetails(q, r.waves));
    attachment(res, `indicators-${slug(r.programme.code)}-${scopeSlug(r.scope)}-${q.lang}.xlsx`, XLSX);
    const wb = newWorkbook(res);
    addIndicatorSheets(wb, r, q.lang);
    await wb.commit();
    return undefined;
  });

  api.route({ method: 'get', path: `${base}/exports/annex.docx`, summary: 'Word annex for the quarterly narrative report', tag, access,
    params: ZProgrammeParams, query: ZReportQuery, produces: DOCX },
  async ({ params, query: q, req, res }) => {
    const r = await report(params.programmeId, q);
    await auditExport(ctx, req, 'export.annex', scopeDetails(q, r.waves));
    const doc = await buildAnnex({ ...r, lang: q.lang });
    attachment(res, `annex-${slug(r.programme.code)}-${scopeSlug(r.scope)}-${q.lang}.docx`, DOCX);
    res.end(doc);
    return undefined;
  });

  api.route({ method: 'get', path: `${base}/charts/indicator/:indicatorId.png`, summary: 'Indicator chart as PNG (the annex chart)', tag, access,
    params: ZIndicatorChart, query: ZChartQuery, produces: 'image/png' },
  async ({ em, params, query: q, req, res }) => {
    const known: unknown[] = await em.query(`SELECT 1 FROM indicators WHERE id = $1 AND programme_id = $2 AND deleted_at IS NULL`, [params.indicatorId, params.programmeId]);
    if (!known.length) throw notFound('indicator');
    const r = await report(params.programmeId, { ...q, labels: 'labels', indicators: [params.indicatorId] });
    const ind = r.indicators[0];
    await auditExport(ctx, req, 'export.chart', { chart: 'indicator', ...scopeDetails({ ...q, labels: 'labels' }, r.waves) }, { type: 'indicator', id: ind.id });
    attachment(res, `indicator-${slug(ind.code)}-${scopeSlug(r.scope)}-${q.lang}.png`, 'image/png');
    res.end(indicatorChart(ind, r.waves, q.lang).png);
    return undefined;
  });

  api.route({ method: 'get', path: `${base}/charts/response-rates/:waveId.png`, summary: 'Response funnel or completion timeline of a wave as PNG', tag, access,
    params: ZRateChart, query: ZRateChartQuery, produces: 'image/png' },
  async ({ em, params, query: q, req, res }) => {
    await loadProgramme(em, params.programmeId);
    const wave = (await programmeWaves(em, params.programmeId)).find((w) => w.id === params.waveId);
    if (!wave) throw notFound('wave');
    const [rate] = await responseRates(em, params.programmeId, [wave.id]);
    const img = q.kind === 'timeline' ? completionTimelineChart(rate, wave, q.lang) : responseRateChart(rate, wave, q.lang);
    await auditExport(ctx, req, 'export.chart', { chart: `response_rates_${q.kind}`, lang: q.lang }, { type: 'wave', id: wave.id });
    attachment(res, `response-rates-${q.kind}-${slug(wave.nameEn)}-${q.lang}.png`, 'image/png');
    res.end(img.png);
    return undefined;
  });
}
