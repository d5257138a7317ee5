// The COPY export (codebook compiled to SQL) against the former JS exporter: byte-identical CSV for every headers × values
// × drafts combination, on the fixture, the demo programme, an edge-case questionnaire and XLSForm imports, with answers
// of every unexpected shape; the Arabic file re-parsed with csv-parse; injection-looking codes and labels stay text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { testEnv } from '../setup';
import { loginAs } from '../helpers';
import { createSession, SESSION_COOKIE } from '../../server/auth/session';
import http from 'node:http';
import { makeFixture } from './fixtures';
import { importXlsForm } from '../../surveys/xlsform';
import type { TDefinition } from '../../surveys/definition';
import { HOUSEHOLD, MISC, TRAINING, EXTRAS, xlsx } from '../surveys/xlsform-fixtures';
import { loadWave, streamResponsesCsv } from '../../server/exports/responses-csv';
import { assertSameBytes, programmeWithWave, Sink } from './csv-helpers';
import { EDGE_DEFINITION, INJECTION } from './csv-edge-definition';

describe('exports: responses CSV through COPY, byte-identical to the JS exporter', function () {
  this.timeout(120000);

  it('the export fixture (formula text, negative numbers, Arabic)', async () => {
    const f = await makeFixture(300);
    await assertSameBytes(f.programmeId, f.waveId);
  });

  it('the demo programme, every wave', async () => {
    const waves = await testEnv().ctx.db.query(`SELECT id FROM waves WHERE programme_id = $1`, [testEnv().demoProgrammeId]);
    assert.ok(waves.length > 0);
    for (const w of waves) await assertSameBytes(testEnv().demoProgrammeId, w.id);
  });

  it('an edge-case questionnaire with answers of every unexpected shape; the Arabic file re-parses cell by cell', async () => {
    const { programmeId, waveId } = await programmeWithWave(EDGE_DEFINITION as TDefinition, 400, 7);
    const text = await assertSameBytes(programmeId, waveId);
    // CSV_DUMP=dir keeps the file (opened with LibreOffice by hand: soffice --headless --convert-to ods)
    if (process.env.CSV_DUMP) fs.writeFileSync(path.join(process.env.CSV_DUMP, 'responses-edge-ar.csv'), text);
    assert.equal(text.charCodeAt(0), 0xfeff);
    const rows: string[][] = parse(text.slice(1), { relax_column_count: false });
    assert.equal(rows.length, 401);
    assert.ok(rows[0].includes('المؤسسة (سجل أصحاب المصلحة)'));
    assert.ok(rows.slice(1).every((r) => r[1] === "'-Wave \"1\", 2024"), 'the wave name: no Arabic name → English, neutralised, quotes kept');
    assert.ok(rows.some((r) => r.includes('وزارة "الداخلية"، ليبيا')));
  });

  it('XLSForm imports (household, training with repeats, misc, extras)', async () => {
    for (const [i, form] of [HOUSEHOLD, TRAINING, MISC, EXTRAS].entries()) {
      const r = await importXlsForm(await xlsx(form));
      assert.ok(r.definition, JSON.stringify(r.problems));
      const { programmeId, waveId } = await programmeWithWave(r.definition, 150, 100 + i);
      await assertSameBytes(programmeId, waveId);
    }
  });

  it('a client that goes away mid-file ends the COPY and frees its connection', async () => {
    const db = testEnv().ctx.db;
    const big = await makeFixture(30000);
    const viewer = await loginAs('viewer', big.programmeId);
    const base = await testEnv().listen();
    const { sid } = await createSession(db.manager, viewer.userId);
    const got = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${base}/api/programmes/${big.programmeId}/exports/responses.csv?waveId=${big.waveId}&values=ar`,
        { headers: { cookie: `${SESSION_COOKIE}=${sid}` } }, (res) => {
          res.once('data', (c: Buffer) => { req.destroy(); resolve(c.length); });
        });
      req.on('error', () => undefined);
      setTimeout(() => reject(new Error('no data')), 20000);
    });
    assert.ok(got > 0);
    let left: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      left = await db.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'marsad-export:responses_csv'`);
      if (!left.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(left, [], 'the export backend is gone');
    const again = new Sink();
    await streamResponsesCsv(db, { programmeId: big.programmeId, wave: await loadWave(db.manager, big.programmeId, big.waveId), headers: 'codes', values: 'codes', drafts: false }, again);
    assert.equal(again.text().split('\r\n').length, 30004, 'header + 3 + 30000 rows, the pool still serves exports');
  });

  it('codes, labels and names that look like SQL are exported as plain text', async () => {
    const db = testEnv().ctx.db;
    const before = await db.query(`SELECT count(*)::int AS n FROM responses`);
    const { programmeId, waveId } = await programmeWithWave(EDGE_DEFINITION as TDefinition, 30, 11);
    await db.query(`UPDATE responses SET answers = jsonb_build_object($3::text, $4::text), revision = revision + 1 WHERE programme_id = $1 AND wave_id = $2`,
      [programmeId, waveId, INJECTION.name, INJECTION.code]);
    const text = await assertSameBytes(programmeId, waveId);
    const rows: string[][] = parse(text.slice(1));
    const col = rows[0].indexOf(INJECTION.titleAr);
    assert.ok(col > 0);
    assert.deepEqual(new Set(rows.slice(1).map((r) => r[col])), new Set([`'${INJECTION.labelAr}`]));
    const after = await db.query(`SELECT count(*)::int AS n FROM responses`);
    assert.equal(after[0].n, before[0].n + 30);
  });
});
