// Workbook, indicator table (CSV/XLSX) and chart PNGs of the demo's baseline period, read back: sheets in the chosen
// language, frozen header and autofilter on every sheet, values rounded with number formats (% cells), response rates
// by institution and sex with reminder rounds, unique CSV headers, values equal to /indicator-values, charts drawn.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { testEnv } from '../setup';
import { valueUnit } from '../../indicators/precision';
import type { TFormula } from '../../indicators/formula';
import { loginAdmin, loginAs, type Session } from '../helpers';
import { binary } from './fixtures';
import { roundValue } from '../../server/exports/precision';

interface ApiIndicator { id: string; code: string; unit: string; formula: TFormula; values: Array<{ waveId: string; overall: { value: number | null; n: number | null } }> }

async function workbook(body: unknown): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as ArrayBuffer);
  return wb;
}
const headerOf = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1).map(String);

describe('exports: workbook, indicator table and charts of a period', () => {
  let admin: Session;
  let pid: string;
  let baselineId: string;
  let periodId: string;
  let api: { indicators: ApiIndicator[] };
  const base = () => `/api/programmes/${pid}`;

  before(async () => {
    admin = await loginAdmin();
    pid = testEnv().demoProgrammeId;
    const o = (await admin.get(`${base()}/exports/options`)).body;
    const baseline = o.waves.find((w: { kind: string }) => w.kind === 'baseline');
    baselineId = baseline.id;
    periodId = baseline.periodIds[0];
    api = (await admin.get(`${base()}/indicator-values?waves=${baselineId}&lang=en`)).body;
  });

  it('writes every sheet with a frozen header and an autofilter, numbers rounded with formats, rates by institution and sex', async () => {
    const res = await binary(admin.get(`${base()}/exports/workbook.xlsx?period=${periodId}&lang=en`));
    assert.equal(res.status, 200, String(res.body));
    const wb = await workbook(res.body);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['Responses', 'Codebook', 'Indicators', 'Response rates', 'Reminders', 'Activities']);
    for (const ws of wb.worksheets) {
      assert.equal(ws.views[0].state, 'frozen', `${ws.name} frozen`);
      assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1, `${ws.name} header row frozen`);
      assert.ok(ws.autoFilter, `${ws.name} has an autofilter`);
      assert.equal(new Set(headerOf(ws)).size, headerOf(ws).length, `${ws.name} headers unique`);
    }
    const responses = wb.getWorksheet('Responses')!;
    assert.equal(responses.rowCount, 1 + 14);
    const h = headerOf(responses);
    assert.ok(h.includes('Institution (roster)') && h.includes('Which institution do you work for?'), 'headers in English, roster and question apart');
    assert.ok(['Female', 'Male'].includes(String(responses.getRow(2).getCell(h.indexOf('Sex (roster)') + 1).value)));
    const codebook = wb.getWorksheet('Codebook')!;
    const cbRows = codebook.getSheetValues().slice(2) as unknown[][];
    const inst = cbRows.find((r) => r[3] === '_respondent.institution')!;
    assert.equal(inst[2], 'Institution (roster)');
    assert.match(String(inst[6]), /roster/);
    assert.ok(cbRows.some((r) => r[3] === 'institution' && r[2] === 'Which institution do you work for?'), 'the codebook maps the header to the code');

    const ind = wb.getWorksheet('Indicators')!;
    const ih = headerOf(ind);
    const col = (name: string) => ih.indexOf(name) + 1;
    let percentCells = 0, meanCells = 0;
    ind.eachRow((row, i) => {
      if (i === 1) return;
      const unit = String(row.getCell(col('unit')).value);
      const v = row.getCell(col('value'));
      if (typeof v.value !== 'number') return;
      if (unit === '%') { percentCells++; assert.equal(v.numFmt, '0.0%'); assert.ok(v.value >= 0 && v.value <= 1, 'percent cells hold fractions'); }
      if (unit === 'mean') { meanCells++; assert.equal(v.numFmt, '0.00'); assert.equal(v.value, Math.round(v.value * 100) / 100); }
      assert.equal(row.getCell(col('n')).numFmt, '0');
    });
    assert.ok(percentCells > 5 && meanCells > 2, `${percentCells} percent and ${meanCells} mean cells`);
    const so11 = api.indicators.find((i) => i.code === 'SO1.1')!;
    let found = false;
    ind.eachRow((row) => {
      if (row.getCell(1).value === 'SO1.1' && row.getCell(col('disaggregation')).value === null) {
        found = true;
        assert.equal(row.getCell(col('value')).value, Math.round(roundValue(so11.values[0].overall.value, 'percent')! * 10) / 1000);
      }
    });
    assert.ok(found);

    const rates = wb.getWorksheet('Response rates')!;
    const groups = rates.getColumn(3).values.slice(2).map(String);
    assert.ok(groups.includes('Ministry of Foreign Affairs') && groups.includes('Female') && groups.includes('Male'), groups.join());
    assert.equal(rates.getRow(2).getCell(4).value, 24);
    assert.equal(rates.getRow(2).getCell(7).value, 14);
    assert.equal(rates.getRow(2).getCell(9).numFmt, '0.0%');
    const reminders = wb.getWorksheet('Reminders')!;
    assert.deepEqual(reminders.getColumn(2).values.slice(2), [1, 2, 3]);
    // the activities of the quarter only (the demo logs one in September, before it)
    const activities = wb.getWorksheet('Activities')!.getColumn(2).values.slice(2).map(String);
    assert.ok(activities.includes('Consultation meeting with the Ministry of State for Migration Affairs'), activities.join());
    assert.ok(!activities.includes('Coordination meeting with the donors'));
  });

  it('writes sheets, headers and labels in Arabic right to left, or codes when asked', async () => {
    const ar = await workbook((await binary(admin.get(`${base()}/exports/workbook.xlsx?period=${periodId}&lang=ar`))).body);
    assert.deepEqual(ar.worksheets.map((w) => w.name), ['الإجابات', 'دليل الترميز', 'المؤشرات', 'معدلات الاستجابة', 'التذكيرات', 'الأنشطة']);
    for (const ws of ar.worksheets) assert.equal(ws.views[0].rightToLeft, true, ws.name);
    const r = ar.getWorksheet('الإجابات')!;
    const h = headerOf(r);
    assert.ok(h.includes('المؤسسة (سجل أصحاب المصلحة)'));
    assert.ok(['أنثى', 'ذكر'].includes(String(r.getRow(2).getCell(h.indexOf('الجنس (سجل أصحاب المصلحة)') + 1).value)));
    assert.ok(headerOf(ar.getWorksheet('المؤشرات')!).includes('عدد المجيبين'), 'n is translated');
    const codes = await workbook((await binary(admin.get(`${base()}/exports/workbook.xlsx?waves=${baselineId}&lang=en&labels=codes`))).body);
    const c = codes.getWorksheet('Responses')!;
    const ch = headerOf(c);
    assert.deepEqual(ch.slice(0, 2), ['_response.id', '_response.wave']);
    assert.ok(['female', 'male'].includes(String(c.getRow(2).getCell(ch.indexOf('sex') + 1).value)));
    assert.equal(typeof c.getRow(2).getCell(ch.indexOf('years_migration') + 1).value, 'number');
  });

  it('exports the indicator table with unique headers and the rounded values of /indicator-values', async () => {
    const res = await binary(admin.get(`${base()}/exports/indicators.csv?period=${periodId}&lang=en`));
    assert.equal(res.status, 200);
    const text = (res.body as Buffer).toString('utf8').slice(1);
    const header = (parse(text) as string[][])[0];
    assert.equal(new Set(header).size, header.length);
    const rows: Array<Record<string, string>> = parse(text, { columns: true });
    assert.ok(!rows.some((r) => r.wave !== 'Baseline 2021'), 'only the waves of the period');
    for (const ind of api.indicators) {
      const row = rows.find((r) => r.indicator === ind.code && r.disaggregation === '')!;
      const v = roundValue(ind.values[0].overall.value, valueUnit(ind.formula));
      assert.equal(row.value === '' ? null : Number(row.value), v, ind.code);
    }
    const chosen = api.indicators.slice(0, 2).map((i) => i.id).join(',');
    const some: Array<Record<string, string>> = parse((await binary(admin.get(`${base()}/exports/indicators.csv?period=${periodId}&indicators=${chosen}`))).body.toString('utf8').slice(1), { columns: true });
    assert.deepEqual([...new Set(some.map((r) => r.indicator))], api.indicators.slice(0, 2).map((i) => i.code), 'only the chosen indicators');
    const xlsx = await workbook((await binary(admin.get(`${base()}/exports/indicators.xlsx?period=${periodId}&lang=ar`))).body);
    assert.deepEqual(xlsx.worksheets.map((w) => w.name), ['المؤشرات', 'معدلات الاستجابة', 'التذكيرات', 'الأنشطة']);
  });

  it('serves chart PNGs that are not blank, and only to members', async () => {
    const ind = api.indicators[0];
    for (const url of [`${base()}/charts/indicator/${ind.id}.png?period=${periodId}&lang=ar`, `${base()}/charts/response-rates/${baselineId}.png?lang=en`,
      `${base()}/charts/response-rates/${baselineId}.png?lang=ar&kind=timeline`]) {
      const res = await binary(admin.get(url));
      assert.equal(res.status, 200, url);
      assert.equal(res.headers['content-type'], 'image/png');
      const name = /filename="([^"]+)"/.exec(res.headers['content-disposition'])![1];
      fs.mkdirSync(path.join(__dirname, '..', 'artifacts'), { recursive: true });
      fs.writeFileSync(path.join(__dirname, '..', 'artifacts', `chart-${name}`), res.body as Buffer);
      const img = await loadImage(res.body as Buffer);
      const c = createCanvas(img.width, img.height);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const data = g.getImageData(0, 0, img.width, img.height).data;
      let ink = 0;
      for (let i = 0; i < data.length; i += 4 * 7) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
      assert.ok(ink > 500, `chart has drawn pixels (${ink})`);
      assert.equal(data[3], 255, 'opaque white background');
    }
    // nothing chosen: the builder's default, the period the latest wave opened in (the baseline's quarter)
    const byDefault = await binary(admin.get(`${base()}/charts/indicator/${ind.id}.png`));
    assert.match(byDefault.headers['content-disposition'], /-q3-en\.png/);
    const stranger = await loginAs('viewer');
    assert.equal((await stranger.get(`${base()}/charts/indicator/${ind.id}.png?period=${periodId}`)).status, 404);
    assert.equal((await admin.get(`${base()}/charts/indicator/${stranger.programmeId}.png?period=${periodId}`)).status, 404);
  });
});
