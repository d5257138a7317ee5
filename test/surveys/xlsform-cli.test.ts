// XLSForm reader and CLI: cells of every kind read as text, files that are not workbooks (or zip bombs) refused, the CLI's output and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readWorkbook, WorkbookError } from '../../surveys/xlsform';
import { inflatedSize, MAX_INFLATED_BYTES } from '../../surveys/xlsform/reader';
import { BROKEN, HOUSEHOLD, xlsx } from './xlsform-fixtures';

const ROOT = path.resolve(__dirname, '../..');

describe('XLSForm reader', () => {
  it('reads numbers, booleans, dates, rich text and formula results as text, keeping row and column positions', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('survey');
    ws.addRow(['type', 'name', 'label', 'default', 'required']);
    ws.getCell('A3').value = 'date';
    ws.getCell('B3').value = { richText: [{ text: 'visit' }, { text: '_date', font: { bold: true } }] };
    ws.getCell('C3').value = { formula: 'CONCATENATE("Visit", " date")', result: 'Visit date' };
    ws.getCell('D3').value = new Date(Date.UTC(2024, 0, 15));
    ws.getCell('E3').value = true;
    ws.getCell('A4').value = 'integer'; ws.getCell('B4').value = 'n'; ws.getCell('D4').value = 42;
    const sheets = await readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    assert.deepEqual(sheets[0].rows.slice(1), [[], ['date', 'visit_date', 'Visit date', '2024-01-15', 'TRUE'], ['integer', 'n', '', '42']]);
  });

  it('refuses what is not an .xlsx workbook, and a zip that would expand too far', async () => {
    await assert.rejects(readWorkbook(Buffer.from('type,name\ntext,q\n')), (e: unknown) => e instanceof WorkbookError && /not an \.xlsx workbook/.test(e.message));
    const good = await xlsx(HOUSEHOLD);
    assert.ok(inflatedSize(good) < 200_000);
    // claim a huge uncompressed size in the first central-directory entry
    const bomb = Buffer.from(good);
    const cd = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(MAX_INFLATED_BYTES + 1, cd + 24);
    await assert.rejects(readWorkbook(bomb), (e: unknown) => e instanceof WorkbookError && /expands to more than/.test(e.message));
    const truncated = good.subarray(0, good.length - 30);
    await assert.rejects(readWorkbook(truncated), WorkbookError);
  });
});

describe('npm run import:xlsform', function () {
  this.timeout(30_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsform-'));
  const cli = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'surveys/xlsform-cli.ts'), file], { cwd: ROOT, encoding: 'utf8' });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the SurveyJS JSON on stdout and the warnings on stderr (exit 0)', async () => {
    const file = path.join(dir, 'household.xlsx');
    fs.writeFileSync(file, await xlsx(HOUSEHOLD));
    const r = cli(file);
    assert.equal(r.status, 0, r.stderr);
    const def = JSON.parse(r.stdout);
    assert.equal(def.pages[0].elements[0].name, 'respondent');
    assert.deepEqual(r.stderr.trim().split('\n'), [
      `${file}: warning: survey!U1 (media::image::English (en)): media (images, audio, video) is not imported: column ignored`,
      `${file}: warning: survey!A2 (type): the metadata field "start" is filled by ODK devices and has no equivalent: row ignored`]);
  });

  it('prints each error with its cell on stderr and exits 1', async () => {
    const file = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(file, await xlsx(BROKEN));
    const r = cli(file);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 12);
    assert.equal(lines[0], `${file}: error: survey!A3 (type): unknown type "textt"`);
    assert.equal(cli(path.join(dir, 'missing.xlsx')).status, 1);
  });
});
