// Benchmark: the responses CSV exporter (codebook compiled to SQL, streamed with COPY) and the former JS exporter (pg
// cursor → flattener → @json2csv) over 1M synthetic responses with 30 questions, Arabic labels and codes, beside
// `COPY (SELECT … answers …) TO STDOUT` of the same rows (psql) in the same run: rows/s and peak RSS. Each exporter runs
// in its own child process whose RSS is sampled (the figure is the exporting process alone, not this one).
// `npx tsx bench/export-csv.ts [rows] [--no-js]` (not part of npm test); --no-js skips the former exporter.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { createDataSource, runMigrations } from '../server/db/data-source';
import { loadWave, responsesQuery, streamResponsesCsv, streamResponsesCsvJs } from '../server/exports/responses-csv';
import { institutionNames } from '../server/exports/report-data';
import { fillCsvCache } from '../server/exports/csv-cache';
import { EXPORT_WORK_MEM } from '../server/exports/pg-copy';

export interface ExportBenchRow {
  what: string; rows: number; seconds: number; rowsPerSec: number; megabytes: number; peakRssMb: number; rssBeforeMb: number;
  /** exporters: the COPY rate measured right before this row (the machine is shared: the first COPY row can be minutes old) */
  adjacentCopyRowsPerSec?: number;
}

const LIKERT = [1, 2, 3, 4, 5].map((v) => ({ value: v, text: { default: `${v} - level ${v}`, ar: `${v} - المستوى ${v}` } }));
const INSTITUTIONS = ['MFA', 'DI', 'MoI', 'MoJ', 'MSMA', 'NTBSM', 'HoR', 'MoSA', 'MoY', 'CSO'];

/** 30 questions: 20 Likert, 4 numbers, 2 dropdowns, 2 booleans, a 6-choice checkbox and a comment. */
export function definition() {
  const el: unknown[] = [];
  for (let i = 1; i <= 20; i++) el.push({ type: 'radiogroup', name: `q${i}`, title: { default: `Question ${i}`, ar: `السؤال ${i}` }, choices: [...LIKERT, { value: 'dk', text: { default: "Don't know", ar: 'لا أعرف' } }] });
  for (let i = 1; i <= 4; i++) el.push({ type: 'text', inputType: 'number', name: `n${i}`, title: { default: `Number ${i}`, ar: `العدد ${i}` } });
  for (let i = 1; i <= 2; i++) el.push({ type: 'dropdown', name: `d${i}`, title: { default: `Institution ${i}`, ar: `المؤسسة ${i}` }, choices: INSTITUTIONS.map((c) => ({ value: c, text: { default: `Institution ${c}`, ar: `مؤسسة ${c}` } })) });
  for (let i = 1; i <= 2; i++) el.push({ type: 'boolean', name: `b${i}`, title: { default: `Yes/no ${i}`, ar: `نعم/لا ${i}` } });
  el.push({ type: 'checkbox', name: 'topics', title: { default: 'Topics', ar: 'المواضيع' }, choices: ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => ({ value: c, text: { default: `Topic ${c}`, ar: `موضوع ${c}` } })) });
  el.push({ type: 'comment', name: 'comment', title: { default: 'Comment', ar: 'تعليق' } });
  return { pages: [{ name: 'p1', elements: el }] };
}

export const answersSql = () => {
  const parts: string[] = [];
  for (let i = 1; i <= 20; i++) parts.push(`'q${i}', CASE WHEN random() < 0.05 THEN '"dk"'::jsonb ELSE to_jsonb(1 + floor(random() * 5)::int) END`);
  for (let i = 1; i <= 4; i++) parts.push(`'n${i}', floor(random() * 200)::int - 20`);
  for (let i = 1; i <= 2; i++) parts.push(`'d${i}', (ARRAY['${INSTITUTIONS.join("','")}'])[1 + floor(random() * 10)::int]`);
  for (let i = 1; i <= 2; i++) parts.push(`'b${i}', random() < 0.5`);
  parts.push(`'topics', (ARRAY['["a"]','["b","c"]','["d","e","f"]','[]'])[1 + floor(random() * 4)::int]::jsonb`);
  parts.push(`'comment', CASE WHEN random() < 0.3 THEN 'ملاحظة: ' || g ELSE NULL END`);
  return `jsonb_strip_nulls(jsonb_build_object(${parts.join(', ')}))`;
};

function rssSampler(pid?: number) {
  let peak = 0;
  const before = pid === undefined ? process.memoryUsage().rss / 1048576 : 0;
  const read = () => {
    if (pid === undefined) { peak = Math.max(peak, process.memoryUsage().rss); return; }
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch { /* exited */ }
  };
  read();
  const t = setInterval(read, 20);
  return { before, stop: () => { clearInterval(t); read(); return peak / 1048576; } };
}

class Counter extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) { this.bytes += chunk.length; cb(); }
}

/** Child mode: one export into a byte counter (or the cache fill of that mode); prints {rows, bytes, seconds, rssBeforeMb}
 *  as the last stdout line. */
async function child(url: string, programmeId: string, waveId: string, values: 'ar' | 'codes', path: 'copy' | 'first' | 'js' | 'fill') {
  const db = createDataSource(url, 2);
  await db.initialize();
  const wave = await loadWave(db.manager, programmeId, waveId);
  const institutions = await institutionNames(db.manager, programmeId);
  global.gc?.();
  const rssBeforeMb = process.memoryUsage().rss / 1048576;
  if (path === 'fill') {
    const f = await fillCsvCache(db, { programmeId, waveId, definition: wave.definition, values });
    await db.destroy();
    console.log(JSON.stringify({ rows: f.rows, bytes: 0, seconds: f.seconds, rssBeforeMb }));
    return;
  }
  const sink = new Counter();
  const t = process.hrtime.bigint();
  const run = path === 'js' ? streamResponsesCsvJs : streamResponsesCsv;
  // 'first': the route's first export of a mode (nothing of it can be cached yet: no join with the cache)
  const rows = await run(db, { programmeId, wave, headers: values, values, drafts: false, institutions, cache: path !== 'first' }, sink);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  await db.destroy();
  console.log(JSON.stringify({ rows, bytes: sink.bytes, seconds, rssBeforeMb }));
}

/** Runs one export in a child process (this file in child mode) and samples the child's RSS. */
async function exportInChild(what: string, args: string[]): Promise<ExportBenchRow> {
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rss = rssSampler(proc.pid);
  let out = '';
  proc.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  await new Promise<void>((resolve, reject) => proc.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${what}: child exited ${code}`)))));
  const r = JSON.parse(out.trim().split('\n').pop()!) as { rows: number; bytes: number; seconds: number; rssBeforeMb: number };
  return { what, rows: r.rows, seconds: r.seconds, rowsPerSec: r.rows / r.seconds, megabytes: r.bytes / 1048576, peakRssMb: rss.stop(), rssBeforeMb: r.rssBeforeMb };
}

/** The bench's programme, questionnaire, wave, 1,000 stakeholders and `n` complete synthetic responses (generation only:
 *  a plain connection without statement timeout, foreign-key triggers off — a superuser session). */
export async function seedExportWave(db: DataSource, url: string, n: number): Promise<{ programmeId: string; waveId: string }> {
  const [p] = await db.query(`INSERT INTO programmes (code, name_en, name_ar) VALUES ('BENCH', 'Bench', 'قياس') RETURNING id`);
  const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [p.id]);
  const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(definition())]);
  const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
    VALUES ($1, $2, 'baseline', 'Baseline', 'خط الأساس', '2024-01-01', '2024-06-01') RETURNING id`, [p.id, v.id]);
  await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, sex) SELECT $1, 'S' || g, (ARRAY['${INSTITUTIONS.join("','")}'])[1 + g % 10], CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END FROM generate_series(1, 1000) g`, [p.id]);
  const gen = new Client({ connectionString: url });
  await gen.connect();
  await gen.query(`SET statement_timeout = 0; SET session_replication_role = replica`);
  for (let done = 0; done < n; done += 100_000) {
    const k = Math.min(100_000, n - done);
    await gen.query(
      `INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, language, answers, submitted_answers, started_at, submitted_at)
       SELECT $1, $2, $3, ids.sid[1 + g % 1000], 'complete', CASE WHEN g % 3 = 0 THEN 'en' ELSE 'ar' END, a, a, ts, ts + interval '20 minutes'
         FROM (SELECT array_agg(id ORDER BY id) AS sid FROM stakeholders WHERE programme_id = $1) ids,
         generate_series($4::int + 1, $4::int + $5::int) g,
         LATERAL (SELECT ${answersSql()} AS a, '2024-01-01'::timestamptz + g * interval '7 seconds' AS ts) x`,
      [p.id, w.id, v.id, done, k]);
  }
  await gen.query('VACUUM ANALYZE responses');
  await gen.end();
  return { programmeId: p.id as string, waveId: w.id as string };
}

export async function benchExportCsv(n = 1_000_000, opts: { js?: boolean } = {}): Promise<ExportBenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-bench-export-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const db = createDataSource(pg.url, 4);
  try {
    await db.initialize();
    await runMigrations(db);
    const t0 = Date.now();
    const { programmeId, waveId } = await seedExportWave(db, pg.url, n);
    const p = { id: programmeId }, w = { id: waveId };
    console.log(`generated ${n} responses in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const out: ExportBenchRow[] = [];

    // 1. COPY of the same rows (the physical limit: Postgres writing CSV itself), through psql; measured first and
    //    again right before each exporter
    const { sql } = responsesQuery({ programmeId: p.id, waveId: w.id, drafts: false });
    // the same work_mem as an export's session (it does not change the reference's plan or speed: measured either way)
    const copySql = `SET work_mem = '${EXPORT_WORK_MEM}'; COPY (${sql.replace('$1', `'${p.id}'`).replace('$2', `'${w.id}'`).replace('$3::boolean', 'false')}) TO STDOUT WITH (FORMAT csv, HEADER)`;
    const copy = async (): Promise<ExportBenchRow> => {
      const t = process.hrtime.bigint();
      const child = spawn('psql', [pg.url, '-X', '-q', '-c', copySql], { stdio: ['ignore', 'pipe', 'inherit'] });
      const rss = rssSampler(child.pid);
      let bytes = 0, lines = 0;
      child.stdout.on('data', (c: Buffer) => { bytes += c.length; for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++; });
      await new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`)))));
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      return { what: 'COPY … TO STDOUT (psql)', rows: lines - 1, seconds: s, rowsPerSec: (lines - 1) / s, megabytes: bytes / 1048576, peakRssMb: rss.stop(), rssBeforeMb: rss.before };
    };
    out.push(await copy());
    const exporter = async (what: string, args: string[]) => {
      const ref = await copy();
      out.push({ ...(await exportInChild(what, args)), adjacentCopyRowsPerSec: ref.rowsPerSec });
    };
    // 2. the exporters, each in its own process: COPY path (the export), then the former JS path for comparison
    //    cold (no cached cells of this mode), the cache fill of the mode, then warm (every line from response_csv_cells)
    for (const values of ['ar', 'codes'] as const) {
      await exporter(`Marsad exporter, SQL + COPY, first export of the mode (values=${values})`, [pg.url, p.id, w.id, values, 'first']);
      await exporter(`cache fill, rows rendered (values=${values})`, [pg.url, p.id, w.id, values, 'fill']);
      await exporter(`Marsad exporter, SQL + COPY, cache warm (values=${values})`, [pg.url, p.id, w.id, values, 'copy']);
    }
    const [size] = await db.query(`SELECT pg_total_relation_size('response_csv_cells')::float8 AS total, count(*)::int AS n,
      avg(octet_length(cells))::float8 AS width FROM response_csv_cells`);
    console.log(`response_csv_cells: ${size.n} rows (2 modes), ${(size.total / 1048576).toFixed(0)} MB with its index, cells ${size.width.toFixed(0)} bytes on average: ≈ ${(size.total / size.n * 1e6 / 1048576).toFixed(0)} MB per 1M responses and mode`);
    if (opts.js !== false) {
      for (const values of ['ar', 'codes'] as const) {
        await exporter(`former JS exporter (values=${values})`, [pg.url, p.id, w.id, values, 'js']);
      }
    }
    return out;
  } finally {
    if (db.isInitialized) await db.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module && process.argv[2] === '--child') {
  const [url, programmeId, waveId, values, path] = process.argv.slice(3);
  child(url, programmeId, waveId, values as 'ar' | 'codes', path as 'copy' | 'first' | 'js' | 'fill').then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
} else if (require.main === module) {
  const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  benchExportCsv(n, { js: !process.argv.includes('--no-js') }).then((rows) => {
    const copy = rows[0].rowsPerSec;
    console.table(rows.map((r) => ({
      what: r.what, rows: r.rows, 's': r.seconds.toFixed(2), 'rows/s': Math.round(r.rowsPerSec), MB: r.megabytes.toFixed(0),
      'RSS before MB': r.rssBeforeMb.toFixed(0), 'peak RSS MB': r.peakRssMb.toFixed(0), 'vs COPY': (r.rowsPerSec / copy).toFixed(2),
      'COPY just before': r.adjacentCopyRowsPerSec ? Math.round(r.adjacentCopyRowsPerSec) : '', 'vs that COPY': r.adjacentCopyRowsPerSec ? (r.rowsPerSec / r.adjacentCopyRowsPerSec).toFixed(2) : '',
    })));
    console.log('goal: exporter ≥ 0.80 of the COPY rate, peak RSS < 200 MB (peak RSS of the exporting child process; RSS before = after start-up, before the export)');
  }, (e) => { console.error(e); process.exit(1); });
}
