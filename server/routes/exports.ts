// Downloads for the quarterly narrative report: responses CSV, the workbook, the indicator table, the Word annex and
// chart PNGs. Viewers may download; every export is audited before it streams; no stakeholder names or contacts.
import { Readable, pipeline } from 'node:stream';
import { z } from 'zod';
import { Transform as CsvTransform } from '@json2csv/node';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse } from '../http/route';
import { notFound } from '../errors';
import { attachment, auditExport, download, slug } from '../exports/http';
import { loadWave, streamResponsesCsv } from '../exports/responses-csv';
import { loadReport, loadWaves, responseRates } from '../exports/report-data';
import { addIndicatorSheets, newWorkbook, writeFullWorkbook } from '../exports/workbook';
import { INDICATOR_HEADERS, indicatorRows } from '../exports/indicator-table';
import { safeCsvString } from '../exports/cells';
import { buildAnnex } from '../exports/annex';
import { indicatorChartPng, responseRateChartPng } from '../charts/report-charts';

const base = '/api/programmes/:programmeId';
const access = { programme: 'viewer' as const };
const tag = 'exports';
const ZParams = z.object({ programmeId: z.uuid() });
const ZMode = z.enum(['codes', 'en', 'ar']);
const ZLang = z.enum(['en', 'ar']).default('en');
const ZWaves = z.string().max(2000).optional()
  .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined))
  .pipe(z.array(z.uuid()).max(20).optional());
const ZCsvQuery = z.object({
  waveId: z.uuid(), headers: ZMode.default('codes'), values: ZMode.default('codes'),
  drafts: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
const ZWorkbookQuery = z.object({ waveId: z.uuid(), lang: ZLang });
const ZReportQuery = z.object({ waves: ZWaves, lang: ZLang });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function registerExportRoutes(api: ApiRegistry, ctx: AppContext): void {
  const pid = (p: Record<string, unknown>) => p.programmeId as string;

  api.add({ method: 'get', path: `${base}/exports/responses.csv`, summary: 'Responses of a wave as CSV (streamed, UTF-8 with BOM)', tag, access, params: ZParams, query: ZCsvQuery, produces: 'text/csv' },
    download(ctx, async (req, res) => {
      const q = parse(ZCsvQuery, req.query);
      const wave = await loadWave(ctx.db.manager, pid(req.params), q.waveId);
      await auditExport(ctx, req, 'export.responses_csv', { waveId: wave.id, headers: q.headers, values: q.values, drafts: q.drafts }, { type: 'wave', id: wave.id });
      attachment(res, `responses-${slug(wave.nameEn)}.csv`, 'text/csv; charset=utf-8');
      await streamResponsesCsv(ctx.db, { programmeId: pid(req.params), wave, headers: q.headers, values: q.values, drafts: q.drafts }, res);
    }));

  api.add({ method: 'get', path: `${base}/exports/workbook.xlsx`, summary: 'Workbook: responses, codebook, indicators, response rates', tag, access, params: ZParams, query: ZWorkbookQuery, produces: XLSX },
    download(ctx, async (req, res) => {
      const q = parse(ZWorkbookQuery, req.query);
      const wave = await loadWave(ctx.db.manager, pid(req.params), q.waveId);
      const report = await loadReport(ctx.db.manager, pid(req.params), undefined, q.lang);
      await auditExport(ctx, req, 'export.workbook', { waveId: wave.id, lang: q.lang }, { type: 'wave', id: wave.id });
      attachment(res, `workbook-${slug(wave.nameEn)}.xlsx`, XLSX);
      await writeFullWorkbook(ctx.db, { programmeId: pid(req.params), wave, lang: q.lang, ...report }, res);
    }));

  api.add({ method: 'get', path: `${base}/exports/indicators.csv`, summary: 'Indicator table as CSV', tag, access, params: ZParams, query: ZReportQuery, produces: 'text/csv' },
    download(ctx, async (req, res) => {
      const q = parse(ZReportQuery, req.query);
      const r = await loadReport(ctx.db.manager, pid(req.params), q.waves, q.lang);
      await auditExport(ctx, req, 'export.indicators_csv', { waves: r.waves.map((w) => w.id), lang: q.lang });
      attachment(res, `indicators-${slug(r.programme.code)}.csv`, 'text/csv; charset=utf-8');
      const headers = INDICATOR_HEADERS[q.lang];
      const rows = indicatorRows(r.indicators, r.waves, q.lang).map((cells) => Object.fromEntries(cells.map((c, i) => [`c${i}`, c])));
      const csv = new CsvTransform({ fields: headers.map((label, i) => ({ label, value: `c${i}` })), withBOM: true, eol: '\r\n', formatters: { string: safeCsvString } }, {}, { objectMode: true });
      await new Promise<void>((resolve, reject) => pipeline(Readable.from(rows), csv, res, (err) => (err ? reject(err) : resolve())));
    }));

  api.add({ method: 'get', path: `${base}/exports/indicators.xlsx`, summary: 'Indicator table and response rates as XLSX', tag, access, params: ZParams, query: ZReportQuery, produces: XLSX },
    download(ctx, async (req, res) => {
      const q = parse(ZReportQuery, req.query);
      const r = await loadReport(ctx.db.manager, pid(req.params), q.waves, q.lang);
      await auditExport(ctx, req, 'export.indicators_xlsx', { waves: r.waves.map((w) => w.id), lang: q.lang });
      attachment(res, `indicators-${slug(r.programme.code)}.xlsx`, XLSX);
      const wb = newWorkbook(res);
      addIndicatorSheets(wb, r.indicators, r.waves, r.rates, q.lang);
      await wb.commit();
    }));

  api.add({ method: 'get', path: `${base}/exports/annex.docx`, summary: 'Word annex for the quarterly narrative report', tag, access, params: ZParams, query: ZReportQuery, produces: DOCX },
    download(ctx, async (req, res) => {
      const q = parse(ZReportQuery, req.query);
      const r = await loadReport(ctx.db.manager, pid(req.params), q.waves, q.lang);
      await auditExport(ctx, req, 'export.annex', { waves: r.waves.map((w) => w.id), lang: q.lang });
      const doc = await buildAnnex({ ...r, lang: q.lang });
      attachment(res, `annex-${slug(r.programme.code)}-${q.lang}.docx`, DOCX);
      res.end(doc);
    }));

  const ZIndicatorChart = z.object({ programmeId: z.uuid(), indicatorId: z.uuid() });
  api.add({ method: 'get', path: `${base}/charts/indicator/:indicatorId.png`, summary: 'Indicator chart as PNG', tag, access, params: ZIndicatorChart, query: ZReportQuery, produces: 'image/png' },
    download(ctx, async (req, res) => {
      const p = parse(ZIndicatorChart, req.params);
      const q = parse(ZReportQuery, req.query);
      const r = await loadReport(ctx.db.manager, p.programmeId, q.waves, q.lang);
      const ind = r.indicators.find((i) => i.id === p.indicatorId);
      if (!ind) throw notFound('indicator');
      await auditExport(ctx, req, 'export.chart', { chart: 'indicator', lang: q.lang }, { type: 'indicator', id: ind.id });
      attachment(res, `indicator-${slug(ind.code)}.png`, 'image/png');
      res.end(indicatorChartPng(ind, r.waves, q.lang));
    }));

  const ZRateChart = z.object({ programmeId: z.uuid(), waveId: z.uuid() });
  api.add({ method: 'get', path: `${base}/charts/response-rates/:waveId.png`, summary: 'Response-rate chart of a wave as PNG', tag, access, params: ZRateChart, query: z.object({ lang: ZLang }), produces: 'image/png' },
    download(ctx, async (req, res) => {
      const p = parse(ZRateChart, req.params);
      const lang = parse(z.object({ lang: ZLang }), req.query).lang;
      const [wave] = await loadWaves(ctx.db.manager, p.programmeId, [p.waveId]);
      const [rate] = await responseRates(ctx.db.manager, p.programmeId, [p.waveId]);
      await auditExport(ctx, req, 'export.chart', { chart: 'response_rates', lang }, { type: 'wave', id: p.waveId });
      attachment(res, `response-rates-${slug(wave.nameEn)}.png`, 'image/png');
      res.end(responseRateChartPng(rate, wave, lang));
    }));
}
