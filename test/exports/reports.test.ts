// Report exports on the demo programme, read back: the workbook with the exceljs reader, the indicator CSV and the
// Word annex against the /indicator-values API, the chart PNGs by their pixels, and the annex through LibreOffice.
import assert from 'node:assert/strict';
import { roundForUnit, valueUnit } from '../../indicators/precision';
import type { TFormula } from '../../indicators/formula';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { testEnv } from '../setup';
import { loginAdmin, loginAs, type Session } from '../helpers';
import { binary } from './fixtures';
import { exportColumns } from '../../server/exports/codebook';
import { formatValue } from '../../server/exports/annex';

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');

interface ApiIndicator { id: string; code: string; unit: string; formula: TFormula; values: Array<{ waveId: string; overall: { value: number | null; n: number | null; display: string } }> }

describe('exports: workbook, indicator table, Word annex, charts', () => {
  let admin: Session;
  let pid: string;
  let baselineId: string;
  let api: { indicators: ApiIndicator[] };
  const docs: Record<string, Buffer> = {};
  const base = () => `/api/programmes/${pid}`;

  before(async () => {
    admin = await loginAdmin();
    pid = testEnv().demoProgrammeId;
    [{ id: baselineId }] = await testEnv().ctx.db.query(`SELECT id FROM waves WHERE programme_id = $1 AND kind = 'baseline'`, [pid]);
    const r = await admin.get(`${base()}/indicator-values?waves=${baselineId}&lang=en`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    api = r.body;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  it('writes the workbook: sheets, numbers as numbers, dates as dates, complete codebook, RTL in Arabic', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const res = await binary(admin.get(`${base()}/exports/workbook.xlsx?waveId=${baselineId}&lang=${lang}`));
      assert.equal(res.status, 200, res.text);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ArrayBuffer);
      assert.deepEqual(wb.worksheets.map((w) => w.name), ['Responses', 'Codebook', 'Indicators', 'Response rates']);
      const ws = wb.getWorksheet('Responses')!;
      assert.equal(ws.rowCount, 1 + 14, 'header and the 14 complete baseline responses');
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const col = (name: string) => header.indexOf(name) + 1;
      const years = ws.getRow(2).getCell(col('years_migration')).value;
      if (lang === 'en') {
        assert.equal(typeof years, 'number');
        assert.ok(ws.getRow(2).getCell(col('submitted_at')).value instanceof Date);
        const cb = wb.getWorksheet('Codebook')!;
        const { definition } = (await testEnv().ctx.db.query(`SELECT qv.definition FROM waves w JOIN questionnaire_versions qv ON qv.id = w.questionnaire_version_id WHERE w.id = $1`, [baselineId]))[0];
        const keys = exportColumns(definition).map((c) => c.key);
        const cbKeys = cb.getColumn(1).values.slice(2);
        assert.deepEqual(cbKeys, keys, 'one codebook row per export column');
        const row = cb.getRow(2 + keys.indexOf('know_dialogues'));
        assert.match(String(row.getCell(7).value), /SO1\.1/);
        assert.match(String(row.getCell(6).value), /4 = 4 - High \/ 4 - مرتفع/);
        const rates = wb.getWorksheet('Response rates')!;
        assert.equal(rates.getRow(2).getCell(5).value, 24);
        assert.equal(rates.getRow(2).getCell(8).value, 14);
        assert.ok(rates.getRow(2).getCell(3).value instanceof Date);
      } else {
        assert.equal(ws.views[0].rightToLeft, true);
        assert.equal(wb.getWorksheet('Indicators')!.views[0].rightToLeft, true);
        assert.ok(['أنثى', 'ذكر'].includes(String(ws.getRow(2).getCell(col('sex')).value)), 'labels in Arabic');
      }
      const ind = wb.getWorksheet('Indicators')!;
      const values = ind.getColumn(9).values.slice(2).filter((v) => v !== null && v !== undefined);
      assert.ok(values.length > 0 && values.every((v) => typeof v === 'number'));
    }
  });

  it('exports the indicator table with the same values as /indicator-values', async () => {
    const res = await binary(admin.get(`${base()}/exports/indicators.csv?waves=${baselineId}`));
    assert.equal(res.status, 200);
    const rows: Array<Record<string, string>> = parse((res.body as Buffer).toString('utf8').slice(1), { columns: true });
    for (const ind of api.indicators) {
      const row = rows.find((r) => r.indicator === ind.code && r.disaggregation === '')!;
      // the API's value rounded as its `display` (indicators/precision.ts): percent 1 decimal, means 2, counts 0
      const v = ind.values[0].overall.value;
      assert.equal(row.value === '' ? null : Number(row.value), v === null ? null : roundForUnit(v, valueUnit(ind.formula)), ind.code);
      assert.ok(v === null || ind.values[0].overall.display.startsWith(row.value), `${ind.code}: ${ind.values[0].overall.display} / ${row.value}`);
    }
    const xlsx = await binary(admin.get(`${base()}/exports/indicators.xlsx?waves=${baselineId}&lang=ar`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['Indicators', 'Response rates']);
    assert.equal(wb.getWorksheet('Indicators')!.views[0].rightToLeft, true);
  });

  it('builds the Word annex in English and Arabic with the API values', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const res = await binary(admin.get(`${base()}/exports/annex.docx?waves=${baselineId}&lang=${lang}`));
      assert.equal(res.status, 200, res.text);
      docs[lang] = res.body as Buffer;
      fs.writeFileSync(path.join(ARTIFACTS, `annex-${lang}.docx`), docs[lang]);
      const zip = await JSZip.loadAsync(docs[lang]);
      const xml = await zip.file('word/document.xml')!.async('string');
      const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
      for (const ind of api.indicators) {
        assert.ok(text.includes(`|${formatValue(ind.values[0].overall.value, ind.unit)}|`), `${ind.code} value in the ${lang} annex`);
      }
      assert.ok(Object.keys(zip.files).filter((f) => f.startsWith('word/media/')).length >= api.indicators.length + 1, 'charts embedded');
      if (lang === 'ar') {
        assert.ok(text.includes('ملحق: نتائج الرصد — مرفق المساعدة الفنية للهجرة في ليبيا'));
        assert.ok(text.includes('استنادًا إلى 14 من أصل 24 مدعوًا (58%)'));
        assert.match(xml, /<w:bidi\/>/);
        assert.match(xml, /<w:bidiVisual\/>/);
        assert.match(xml, /<w:rtl\/>/);
      } else {
        assert.ok(text.includes('based on 14 of 24 invited (58%)'));
        assert.doesNotMatch(xml, /<w:bidiVisual\/>/);
      }
    }
    const audits = await testEnv().ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'export.annex' AND programme_id = $1`, [pid]);
    assert.ok(audits[0].n >= 2);
  });

  it('serves chart PNGs that are not blank, and only to members', async () => {
    const ind = api.indicators[0];
    for (const url of [`${base()}/charts/indicator/${ind.id}.png?lang=ar`, `${base()}/charts/response-rates/${baselineId}.png?lang=en`]) {
      const res = await binary(admin.get(url));
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'image/png');
      const png = res.body as Buffer;
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const img = await loadImage(png);
      const c = createCanvas(img.width, img.height);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const data = g.getImageData(0, 0, img.width, img.height).data;
      let ink = 0;
      for (let i = 0; i < data.length; i += 4 * 7) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
      assert.ok(ink > 500, `chart has drawn pixels (${ink})`);
      assert.equal(data[3], 255, 'opaque white background');
    }
    const stranger = await loginAs('viewer');
    assert.equal((await stranger.get(`${base()}/charts/indicator/${ind.id}.png`)).status, 404);
    assert.equal((await admin.get(`${base()}/charts/indicator/${stranger.programmeId}.png`)).status, 404);
  });

  it('converts the annex to PDF and PNG pages with LibreOffice', async function () {
    this.timeout(120000);
    let soffice = '';
    try { soffice = execFileSync('which', ['soffice']).toString().trim(); } catch { /* not installed */ }
    if (!soffice || !docs.en) { console.log('      (soffice not installed: skipping the PDF conversion)'); this.skip(); }
    // one LibreOffice start for both documents
    execFileSync(soffice, ['--headless', `-env:UserInstallation=file:///tmp/marsad-lo-${process.pid}`, '--convert-to', 'pdf', '--outdir', ARTIFACTS,
      path.join(ARTIFACTS, 'annex-en.docx'), path.join(ARTIFACTS, 'annex-ar.docx')], { timeout: 100000, stdio: 'ignore' });
    for (const lang of ['en', 'ar']) {
      for (const f of fs.readdirSync(ARTIFACTS)) if (f.startsWith(`annex-${lang}-page`)) fs.rmSync(path.join(ARTIFACTS, f));
      const pdf = path.join(ARTIFACTS, `annex-${lang}.pdf`);
      assert.ok(fs.statSync(pdf).size > 10000);
      execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(ARTIFACTS, `annex-${lang}-page`)]);
      assert.ok(fs.readdirSync(ARTIFACTS).some((f) => f.startsWith(`annex-${lang}-page`)));
    }
  });
});
