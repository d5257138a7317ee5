// The Word annex of the demo's baseline period, read back: only the chosen period and waves, title page, table of
// contents, running header and page numbers, alt text, repeated header rows and unsplittable rows, generated sentences,
// Arabic ranges kept in order; then LibreOffice converts both languages to PDF and PNG pages and pdftotext checks the
// page numbers, the headings and that the table of contents points at the pages the headings are on.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { testEnv } from '../setup';
import { valueUnit } from '../../indicators/precision';
import type { TFormula } from '../../indicators/formula';
import { createProgramme, loginAdmin, type Session } from '../helpers';
import { binary } from './fixtures';
import { displayValue } from '../../server/exports/precision';

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');

interface ApiIndicator { id: string; code: string; unit: string; formula: TFormula; values: Array<{ waveId: string; overall: { value: number | null; n: number | null } }> }
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');

describe('exports: the Word annex of a reporting period', function () {
  this.timeout(120000); // laying out the pages for the contents' page numbers takes seconds on a busy machine
  let admin: Session;
  let pid: string;
  let baselineId: string;
  let periodId: string;
  let api: { indicators: ApiIndicator[] };
  const docs: Record<string, Buffer> = {};
  const xml: Record<string, string> = {};
  const base = () => `/api/programmes/${pid}`;

  before(async () => {
    admin = await loginAdmin();
    pid = testEnv().demoProgrammeId;
    const options = await admin.get(`${base()}/exports/options`);
    assert.equal(options.status, 200, JSON.stringify(options.body));
    const baseline = options.body.waves.find((w: { kind: string }) => w.kind === 'baseline');
    baselineId = baseline.id;
    periodId = baseline.periodIds[0];
    const r = await admin.get(`${base()}/indicator-values?waves=${baselineId}&lang=en`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    api = r.body;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  it('offers the periods, the waves with the periods they fall in, and the indicators', async () => {
    const o = (await admin.get(`${base()}/exports/options`)).body;
    assert.equal(o.periods.length, 12, 'quarters from 2021-04-01 to 2024-03-31');
    const q3 = o.periods.find((p: { id: string }) => p.id === periodId);
    assert.deepEqual([q3.code, q3.startsOn, q3.endsOn], ['Q3', '2021-10-01', '2021-12-31']);
    const endline = o.waves.find((w: { kind: string }) => w.kind === 'endline');
    assert.deepEqual(endline.periodIds, [], 'the endline opens after the programme ends: in no period');
    assert.equal(o.indicators.length, api.indicators.length);
  });

  it('writes only the chosen period and its waves, with title page, contents, header and footer', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const res = await binary(admin.get(`${base()}/exports/annex.docx?period=${periodId}&lang=${lang}`));
      assert.equal(res.status, 200, String(res.body));
      assert.match(res.headers['content-disposition'], new RegExp(`annex-lmf-q3-${lang}\\.docx`));
      docs[lang] = res.body as Buffer;
      fs.writeFileSync(path.join(ARTIFACTS, `annex-${lang}.docx`), docs[lang]);
      const zip = await JSZip.loadAsync(docs[lang]);
      xml[lang] = await zip.file('word/document.xml')!.async('string');
      const text = textOf(xml[lang]);
      const headers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/(header|footer)\d*\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
      if (lang === 'en') {
        for (const s of ['Annex: monitoring results', 'Libya Migration Technical-Assistance Facility', 'Donor: European Union and Switzerland',
          'Reporting period: Quarter 3 (Oct 2021 – Dec 2021)', 'Dates: 1 October 2021 – 31 December 2021', 'Waves: Baseline 2021', 'Language: English',
          '1. Response rates', 'By institution', 'By sex', 'Reminder timeline', '2. Logframe indicators', '3. Indicators in detail', 'Ministry of Foreign Affairs',
          'based on 14 of 24 invited (58%)', '4. Activities in the period', 'Consultation meeting with the Ministry of State for Migration Affairs']) {
          assert.ok(text.includes(s), `"${s}" in the English annex`);
        }
        assert.ok(!text.includes('Endline') && !text.includes('2027') && !text.includes('based on 0 of 0') && !text.includes('Coordination meeting with the donors'), 'nothing outside the period');
        assert.ok(headers.some((h) => h.includes('Libya Migration Technical-Assistance Facility — Quarter 3')), 'running header');
        assert.ok(headers.some((h) => h.includes('PAGE') && h.includes('NUMPAGES')), 'page x of y in the footer');
      } else {
        for (const s of ['ملحق: نتائج الرصد', 'مرفق المساعدة الفنية للهجرة في ليبيا', 'الاتحاد الأوروبي وسويسرا', 'خط الأساس 2021', 'اللغة: العربية',
          '1. معدلات الاستجابة', 'حسب المؤسسة', 'وزارة الخارجية', 'استنادًا إلى 14 من أصل 24 مدعوًا (58٪)']) {
          assert.ok(text.includes(s), `"${s}" in the Arabic annex`);
        }
        assert.ok(!text.includes('خط النهاية'), 'no endline');
        assert.match(xml.ar, /<w:bidi\/>/);
        assert.match(xml.ar, /<w:bidiVisual\/>/);
        assert.match(xml.ar, /<w:rtl\/>/);
        // confidence intervals are embedded left to right: "8.2% – 50.3%" never reads mirrored
        assert.match(text, /\u202A\d+\.\d٪\s–\s\d+\.\d٪\u202C/);
        assert.ok(!/\|n\|/.test(text), 'the n header is translated');
      }
      assert.match(xml[lang], /<w:sdt>.*TOC \\h \\o/s, 'a table of contents field');
      assert.match(xml[lang], /<w:tblHeader\/>/, 'header rows repeat on every page');
      assert.match(xml[lang], /<w:cantSplit\/>/, 'rows never split');
      const alts = [...xml[lang].matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]);
      assert.ok(alts.length >= api.indicators.length + 2, 'every chart has alt text');
      for (const ind of api.indicators) {
        const v = ind.values[0].overall.value;
        if (v !== null) assert.ok(text.includes(`|${displayValue(v, valueUnit(ind.formula), lang)}|`), `${ind.code} value ${displayValue(v, valueUnit(ind.formula), lang)} in the ${lang} annex`);
      }
    }
    assert.match(textOf(xml.en), /In Baseline 2021, SO1\.1 stood at \d+\.\d% \(n = \d+; 95% confidence interval \d+\.\d% – \d+\.\d%\); the target is 75\.0%\./);
    assert.match(textOf(xml.ar), /في خط الأساس 2021، بلغ المؤشر SO1\.1/);
    const audits = await testEnv().ctx.db.query(`SELECT details FROM audit_events WHERE action = 'export.annex' AND programme_id = $1`, [pid]);
    assert.ok(audits.some((a: { details: { period: string } }) => a.details.period === periodId));
  });

  it('refuses a period with no wave, unknown waves and languages with the catalogue message', async () => {
    const o = (await admin.get(`${base()}/exports/options`)).body;
    const empty = o.periods.find((p: { code: string }) => p.code === 'Q1');
    const cases: Array<[string, string, string]> = [
      [`period=${empty.id}`, 'report.no_waves', 'No wave falls in the chosen period or dates.'],
      [`waves=${crypto.randomUUID()}`, 'report.unknown_wave', 'A chosen wave does not exist in this programme.'],
      [`period=${empty.id}&waves=${baselineId}`, 'report.wave_outside_period', 'A chosen wave is outside the chosen period or dates.'],
      [`period=${crypto.randomUUID()}`, 'report.unknown_period', 'The reporting period does not exist in this programme.'],
      [`period=${periodId}&lang=fr`, 'request.invalid', 'The request is not valid.'],
      ['from=2021-12-01&to=2021-11-01', 'request.invalid', 'The request is not valid.'],
      [`period=${periodId}&indicators=${crypto.randomUUID()}`, 'report.unknown_indicator', 'A chosen indicator does not exist in this programme.'],
    ];
    for (const [q, code, message] of cases) {
      for (const file of ['annex.docx', 'workbook.xlsx', 'indicators.csv', 'indicators.xlsx']) {
        const res = await admin.get(`${base()}/exports/${file}?${q}`);
        assert.equal(res.status, 400, `${file}?${q}`);
        assert.equal(res.body.code, code, `${file}?${q}`);
        assert.equal(res.body.message, message);
      }
    }
    // nothing chosen: the builder's default, the quarter the latest wave (in a period) opened in
    const byDefault = await binary(admin.get(`${base()}/exports/annex.docx?lang=en`));
    assert.equal(byDefault.status, 200);
    assert.match(byDefault.headers['content-disposition'], /annex-lmf-q3-en\.docx/);
    // another programme's wave is unknown here, exactly like a missing one
    const other = await createProgramme();
    const [v] = await testEnv().ctx.db.query(`SELECT questionnaire_version_id AS id FROM waves WHERE id = $1`, [baselineId]);
    const [w] = await testEnv().ctx.db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'baseline', 'Other', '2021-10-01', '2021-11-01') RETURNING id`, [other, v.id]);
    const res = await admin.get(`${base()}/exports/annex.docx?waves=${w.id}`);
    assert.equal(res.body.code, 'report.unknown_wave');
  });

  it('takes chosen waves without a period: both waves, no empty "0 of 0" caveat', async () => {
    const [{ id: endlineId }] = await testEnv().ctx.db.query(`SELECT id FROM waves WHERE programme_id = $1 AND kind = 'endline'`, [pid]);
    const res = await binary(admin.get(`${base()}/exports/annex.docx?waves=${baselineId},${endlineId}&lang=en`));
    assert.equal(res.status, 200, String(res.body));
    const text = textOf(await (await JSZip.loadAsync(res.body as Buffer)).file('word/document.xml')!.async('string'));
    assert.ok(text.includes('Waves: Baseline 2021, Endline 2024'));
    assert.ok(text.includes('Reporting period: Chosen dates'));
    assert.ok(!text.includes('0 of 0'));
  });

  it('says so in the file when the period has no responses', async () => {
    const own = await createProgramme();
    const db = testEnv().ctx.db;
    const [v] = await db.query(`SELECT questionnaire_version_id AS id FROM waves WHERE id = $1`, [baselineId]);
    await db.query(`INSERT INTO reporting_periods (programme_id, code, name_en, name_ar, starts_on, ends_on) VALUES ($1, 'Q9', 'Quarter 9', 'الربع 9', '2025-01-01', '2025-03-31')`, [own]);
    await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
      VALUES ($1, $2, 'midline', 'Midline 2025', 'منتصف المدة 2025', '2025-02-01', '2025-03-01')`, [own, v.id]);
    const [p] = await db.query(`SELECT id FROM reporting_periods WHERE programme_id = $1`, [own]);
    const res = await binary(admin.get(`/api/programmes/${own}/exports/annex.docx?period=${p.id}&lang=en`));
    assert.equal(res.status, 200);
    const text = textOf(await (await JSZip.loadAsync(res.body as Buffer)).file('word/document.xml')!.async('string'));
    assert.ok(text.includes('No responses were completed in the waves of this period'), text.slice(0, 400));
    assert.ok(text.includes('Midline 2025'));
    const csv = await binary(admin.get(`/api/programmes/${own}/exports/indicators.csv?period=${p.id}`));
    assert.match((csv.body as Buffer).toString('utf8'), /No responses were completed in the waves of this report/);
    const xlsx = await binary(admin.get(`/api/programmes/${own}/exports/workbook.xlsx?period=${p.id}&lang=ar`));
    assert.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    assert.equal(wb.getWorksheet('الإجابات')!.getRow(2).getCell(1).value, 'لم تُستكمل أي إجابة في هذه الجولة.');
    assert.equal(wb.getWorksheet('المؤشرات')!.getRow(2).getCell(1).value, 'لم تُستكمل أي إجابة في جولات هذا التقرير.');
  });

  it('converts to PDF and PNG pages with LibreOffice: page numbers, headings, contents pointing at the right pages', async function () {
    this.timeout(180000);
    assert.ok(docs.en && docs.ar, 'the annexes were written');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file:///tmp/marsad-lo-${process.pid}`, '--convert-to', 'pdf', '--outdir', ARTIFACTS,
      path.join(ARTIFACTS, 'annex-en.docx'), path.join(ARTIFACTS, 'annex-ar.docx')], { timeout: 150000, stdio: 'ignore' });
    for (const lang of ['en', 'ar'] as const) {
      const pdf = path.join(ARTIFACTS, `annex-${lang}.pdf`);
      // pdftotext writes bidi controls around Arabic and numbers, and lam-alef ligatures as alef-lam: normalise both sides
      const clean = (s: string) => s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/[ \t]+/g, ' ');
      const ligatures = (s: string) => s.replace(/ل([اأإآ])/g, '$1ل');
      const pages = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8').split('\f').filter((p) => p.trim()).map(clean);
      assert.ok(pages.length >= 6, `${pages.length} pages`);
      const footer = (n: number) => (lang === 'en' ? `Page ${n} of ${pages.length}` : `صفحة ${n} من ${pages.length}`);
      const bare = (s: string) => s.replace(/\s/g, '');
      pages.slice(1).forEach((p, i) => assert.ok(bare(p).includes(bare(footer(i + 2))), `"${footer(i + 2)}" on page ${i + 2} (${lang})`));
      assert.ok(!pages[0].includes(lang === 'en' ? 'Page' : 'صفحة'), 'no footer on the title page');
      const headings = lang === 'en' ? ['Response rates', 'Logframe indicators', 'Indicators in detail', 'Activities in the period', 'Notes']
        : ['معدلات الاستجابة', 'مؤشرات الإطار المنطقي', 'تفاصيل المؤشرات', 'الأنشطة خلال الفترة', 'ملاحظات'].map(ligatures);
      const toc = pages[1];
      assert.ok(toc.includes(lang === 'en' ? 'Contents' : 'المحتويات'));
      for (const h of headings) {
        const at = pages.findIndex((p, i) => i > 1 && p.includes(h));
        assert.ok(at > 1, `heading ${h} in the body (${lang})`);
        const line = toc.split('\n').find((l) => l.includes(h));
        assert.ok(line, `${h} in the table of contents (${lang})`);
        // the page number follows the dot leader (English) or precedes it in pdftotext's logical order (Arabic)
        const page = (lang === 'en' ? /\.{4,}\s*(\d+)/ : /(\d+)\s*\.{4,}/).exec(line!)?.[1];
        assert.equal(Number(page), at + 1, `contents line "${line!.trim()}" gives the page the heading is on (${lang})`);
      }
      for (const f of fs.readdirSync(ARTIFACTS)) if (f.startsWith(`annex-${lang}-page`)) fs.rmSync(path.join(ARTIFACTS, f));
      execFileSync('pdftoppm', ['-png', '-r', '70', pdf, path.join(ARTIFACTS, `annex-${lang}-page`)]);
      assert.equal(fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith(`annex-${lang}-page`)).length, pages.length);
    }
  });
});
