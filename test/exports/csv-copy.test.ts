// The COPY export (codebook compiled to SQL) against the former JS exporter: byte-identical CSV for every headers × values
// × drafts combination, on the fixture, the demo programme, an edge-case questionnaire and XLSForm imports, with answers
// of every unexpected shape; the Arabic file re-parsed with csv-parse; injection-looking codes and labels stay text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { testEnv } from '../setup';
import { createProgramme, loginAs } from '../helpers';
import { createSession, SESSION_COOKIE } from '../../server/auth/session';
import http from 'node:http';
import { makeFixture } from './fixtures';
import { importXlsForm } from '../../surveys/xlsform';
import { questionIndex, type TDefinition, type TQuestionInfo } from '../../surveys/definition';
import { HOUSEHOLD, MISC, TRAINING, EXTRAS, xlsx } from '../surveys/xlsform-fixtures';
import { loadWave, streamResponsesCsv, streamResponsesCsvJs, type ResponseExportOptions } from '../../server/exports/responses-csv';
import { institutionNames } from '../../server/exports/report-data';
import { EDGE_DEFINITION, INJECTION } from './csv-edge-definition';

class Sink extends Writable {
  chunks: Buffer[] = [];
  override _write(c: Buffer, _e: BufferEncoding, cb: () => void) { this.chunks.push(Buffer.from(c)); cb(); }
  text() { return Buffer.concat(this.chunks).toString('utf8'); }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const ODD: unknown[] = ['', 'a', '=SUM(A1)', '+1', '-1', '-3.5', '-x', '@me', '\tTab', '\rCR', 'line\nbreak', 'crlf\r\nend', 'say "hi"', 'a,b', 'ملاحظة، "نص"',
  '😀 emoji', 'x;y', '1;2', ';', ' ', 0, 1, 2, -3, 7.5, 1.5e21, 1e21, 1e20, 1e-7, 2.5e-6, 123456789012345678, 0.1, 1e15, -0.0001, true, false, null, [], ['a'], [1, 2],
  ['x', null, 3, true], {}, { a: 1, 10: 2, 2: [1], b: { z: null } }, [[1, [2, null]], { b: 1 }], 'true', '1', "O'Brien", 'back\\slash', '[1, 2]', '{"a": 1}'];

function generator(def: TDefinition, seed: number) {
  const rnd = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const index = questionIndex(def);
  const codes = (q: TQuestionInfo) => (q.choices ?? []).map((c) => c.value);
  const scalar = (choices: unknown[]) => (rnd() < 0.6 && choices.length ? pick(choices) : rnd() < 0.5 && choices.length ? String(pick(choices)) : pick(ODD));
  const value = (q: TQuestionInfo): unknown => {
    if (rnd() < 0.12) return pick(ODD);
    switch (q.type) {
      case 'checkbox': case 'tagbox': case 'ranking': case 'imagepicker': {
        const list = [...codes(q), 'free other text', 1, '=x'].filter(() => rnd() < 0.4);
        return q.type === 'imagepicker' && q.element.multiSelect !== true ? scalar(codes(q)) : list;
      }
      case 'matrix': return Object.fromEntries((q.rows ?? []).filter(() => rnd() < 0.8).map((r) => [String(r.value), scalar((q.columns ?? []).map((c) => c.value))]));
      case 'matrixdropdown': return Object.fromEntries((q.rows ?? []).map((r) => [String(r.value),
        rnd() < 0.1 ? pick(ODD) : Object.fromEntries((q.columns ?? []).map((c) => [c.name, scalar((c.choices ?? []).map((x) => x.value))]))]));
      case 'matrixdynamic': return Array.from({ length: Math.floor(rnd() * 4) }, () => (rnd() < 0.1 ? pick(ODD)
        : Object.fromEntries((q.columns ?? []).map((c) => [c.name, scalar((c.choices ?? []).map((x) => x.value))]))));
      case 'multipletext': return Object.fromEntries((q.items ?? []).map((it) => [it.name, pick(ODD)]));
      case 'paneldynamic': {
        const inner = [...index.values()].filter((x) => x.parentDynamic === q.name);
        return Array.from({ length: Math.floor(rnd() * 4) }, () => (rnd() < 0.1 ? pick(ODD) : answersOf(inner)));
      }
      case 'boolean': return pick([true, false, q.valueTrue ?? true, q.valueFalse ?? false, 'true', 1]);
      default: return scalar(codes(q));
    }
  };
  const answersOf = (qs: TQuestionInfo[]) => {
    const a: Record<string, unknown> = {};
    for (const q of qs) {
      if (rnd() < 0.75) a[q.name] = value(q);
      if (rnd() < 0.2) a[`${q.name}-Comment`] = pick(ODD);
    }
    return a;
  };
  const top = [...index.values()].filter((q) => !q.parentDynamic);
  return () => answersOf(top);
}

async function programmeWithWave(definition: TDefinition, responses: number, seed: number) {
  const db = testEnv().ctx.db;
  const programmeId = await createProgramme();
  await db.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar) VALUES ($1, 'MFA', 'Foreign Affairs', ''), ($1, 'DI', '=cmd "x"', 'وزارة "الداخلية"، ليبيا')`, [programmeId]);
  const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [programmeId]);
  const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 3, $2) RETURNING id`, [q.id, JSON.stringify(definition)]);
  const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
    VALUES ($1, $2, 'baseline', '-Wave "1", 2024', '', '2024-01-01', '2024-03-01') RETURNING id`, [programmeId, v.id]);
  const stakeholders: string[] = [];
  for (const [inst, sex] of [['MFA', 'female'], ['DI', 'male'], ['UNKNOWN;X', 'other'], ['-5', null], ['DI', 'undisclosed']]) {
    const [s] = await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, sex) VALUES ($1, 'S', $2, $3) RETURNING id`, [programmeId, inst, sex]);
    stakeholders.push(s.id);
  }
  const next = generator(definition, seed);
  const rnd = rng(seed + 1);
  for (let i = 0; i < responses; i++) {
    const answers = i === 0 ? [1, 2] : i === 1 ? 'just text' : next();
    const draft = rnd() < 0.15;
    await db.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, language, answers, submitted_answers, started_at, submitted_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, CASE WHEN $5 = 'complete' THEN $7::jsonb END, $8, CASE WHEN $5 = 'complete' THEN $8::timestamptz + interval '3 minutes' END)`,
    [programmeId, w.id, v.id, rnd() < 0.3 ? null : stakeholders[i % stakeholders.length], draft ? 'draft' : 'complete', rnd() < 0.5 ? 'ar' : 'en',
      JSON.stringify(answers), new Date(Date.UTC(2024, 0, 2 + (i % 20), 8, i % 60, (i * 7) % 60, i % 1000))]);
  }
  return { programmeId, waveId: w.id as string };
}

/** Both exporters for every option combination; returns the Arabic-labelled COPY output. */
async function assertSameBytes(programmeId: string, waveId: string): Promise<string> {
  const db = testEnv().ctx.db;
  const wave = await loadWave(db.manager, programmeId, waveId);
  const institutions = await institutionNames(db.manager, programmeId);
  let arabic = '';
  for (const headers of ['codes', 'en', 'ar'] as const) for (const values of ['codes', 'en', 'ar'] as const) for (const drafts of [false, true]) {
    const o: ResponseExportOptions = { programmeId, wave, headers, values, drafts, institutions };
    const js = new Sink(), sql = new Sink();
    const jsRows = await streamResponsesCsvJs(db, o, js);
    const sqlRows = await streamResponsesCsv(db, o, sql);
    const [a, b] = [js.text(), sql.text()];
    if (a !== b) {
      const la = a.split('\r\n'), lb = b.split('\r\n');
      const i = la.findIndex((l, k) => l !== lb[k]);
      const ca = la[i]?.split(','), cb = lb[i]?.split(',');
      const j = ca?.findIndex((c, k) => c !== cb?.[k]) ?? -1;
      assert.fail(`headers=${headers} values=${values} drafts=${drafts}: line ${i} differs at cell ${j}:\n JS:  ${JSON.stringify(ca?.slice(Math.max(0, j - 1), j + 3))}\n SQL: ${JSON.stringify(cb?.slice(Math.max(0, j - 1), j + 3))}`);
    }
    assert.equal(sqlRows, jsRows);
    if (headers === 'ar' && values === 'ar' && drafts) arabic = b;
  }
  return arabic;
}

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
