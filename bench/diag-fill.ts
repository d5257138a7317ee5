// Diagnostic of the CSV cache fill on a kept database: fills per mode with per-batch times, EXPLAIN (ANALYZE, BUFFERS, WAL) of its statements.
// npx tsx bench/diag-fill.ts <dir> <rows> <step...>; steps: gen, fill|fillv|fille|explain|time|del:<mode>, clear, stats (dir is kept)
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { createDataSource, runMigrations } from '../server/db/data-source';
import { loadWave } from '../server/exports/responses-csv';
import { cellsHash, fillStatements, fillCsvCache, type CsvMode } from '../server/exports/csv-cache';
import { definition, answersSql } from './export-csv';

const INSTITUTIONS = ['MFA', 'DI', 'MoI', 'MoJ', 'MSMA', 'NTBSM', 'HoR', 'MoSA', 'MoY', 'CSO'];

async function main() {
  const [dir, nArg, ...steps] = process.argv.slice(2);
  const n = Number(nArg);
  fs.mkdirSync(dir, { recursive: true });
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const db = createDataSource(pg.url, 4);
  await db.initialize();
  try {
    await runMigrations(db);
    if (steps.includes('gen')) {
      const [p] = await db.query(`INSERT INTO programmes (code, name_en, name_ar) VALUES ('BENCH', 'Bench', 'قياس') RETURNING id`);
      const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [p.id]);
      const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(definition())]);
      const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
        VALUES ($1, $2, 'baseline', 'Baseline', 'خط الأساس', '2024-01-01', '2024-06-01') RETURNING id`, [p.id, v.id]);
      await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, sex) SELECT $1, 'S' || g, (ARRAY['${INSTITUTIONS.join("','")}'])[1 + g % 10], CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END FROM generate_series(1, 1000) g`, [p.id]);
      const gen = new Client({ connectionString: pg.url });
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
      console.log('generated', n);
    }
    const [{ programme_id: programmeId, id: waveId }] = await db.query(`SELECT programme_id, id FROM waves LIMIT 1`);
    const wave = await loadWave(db.manager, programmeId, waveId);
    for (const step of steps) {
      const [what, mode] = step.split(':') as [string, CsvMode];
      if (what === 'del') { await db.query(`DELETE FROM response_csv_cells WHERE mode = $1`, [mode]); await db.query(`VACUUM ANALYZE response_csv_cells`); console.log('deleted', mode); }
      if (what === 'clear') { await db.query(`TRUNCATE response_csv_cells`); console.log('cleared'); }
      if (what === 'stats') {
        console.log(await db.query(`SELECT mode, count(*)::int FROM response_csv_cells GROUP BY 1`));
        console.log(await db.query(`SELECT relname, pg_relation_size(oid)/1048576 AS mb FROM pg_class WHERE relname IN ('responses','response_csv_cells','response_csv_cells_pkey','responses_pkey')`));
      }
      if (what === 'fill') {
        const r = await fillCsvCache(db, { programmeId, waveId, definition: wave.definition, values: mode });
        console.log(`fill ${mode}: ${r.rows} rows in ${r.seconds.toFixed(2)} s = ${Math.round(r.rows / r.seconds)} rows/s (${r.batches} batches)`);
      }
      if (what === 'fillv') {
        const o = { programmeId, waveId, definition: wave.definition, values: mode };
        const sql = fillStatements(o, await cellsHash((q, params) => db.query(q, params), o.definition, mode));
        const t0 = Date.now();
        const starts: Array<{ id: string }> = await db.query(sql.starts, [2000]);
        const ts: number[] = [];
        const tq: number[] = [];
        for (let i = 0; i < starts.length; i++) {
          const a = Date.now();
          await db.transaction(async (em) => {
            await em.query(`SELECT set_config('extra_float_digits', '1', true), set_config('enable_memoize', 'off', true)`);
            const b = Date.now();
            await em.query(sql.batch, [starts[i].id, starts[i + 1]?.id ?? null]);
            tq.push(Date.now() - b);
          });
          ts.push(Date.now() - a);
        }
        const tot = (Date.now() - t0) / 1000;
        console.log(`fillv ${mode}: batches ${ts.length}, total ${tot.toFixed(2)} s = ${Math.round(2000 * ts.length / tot)} rows/s; batch ms: ${ts.join(' ')}; stmt ms sum ${tq.reduce((x, y) => x + y, 0)}`);
      }
      if (what === 'fille') {
        const o = { programmeId, waveId, definition: wave.definition, values: mode };
        const sql = fillStatements(o, await cellsHash((q, params) => db.query(q, params), o.definition, mode));
        const starts: Array<{ id: string }> = await db.query(sql.starts, [2000]);
        let slow = 0, fast = 0;
        const ts: number[] = [];
        for (let i = 0; i < starts.length; i++) {
          const a = Date.now();
          const e = await db.transaction(async (em) => {
            await em.query(`SELECT set_config('extra_float_digits', '1', true), set_config('enable_memoize', 'off', true)`);
            return em.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${sql.batch}`, [starts[i].id, starts[i + 1]?.id ?? null]);
          });
          const ms = Date.now() - a;
          ts.push(ms);
          const text = e.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
          if ((ms > 350 && slow++ < 2) || (i > 60 && ms < 200 && fast++ < 1)) console.log(`--- batch ${i} ${ms} ms\n${text}`);
        }
        console.log(`fille ${mode}: ${ts.join(' ')}`);
        console.log(await db.query(`SELECT relname, last_autovacuum, last_autoanalyze, n_live_tup FROM pg_stat_user_tables WHERE relname IN ('responses', 'response_csv_cells')`));
      }
      if (what === 'explain' || what === 'time') {
        const o = { programmeId, waveId, definition: wave.definition, values: mode };
        const sql = fillStatements(o, await cellsHash((q, params) => db.query(q, params), o.definition, mode));
        const t0 = Date.now();
        const starts: Array<{ id: string }> = await db.query(sql.starts, [2000]);
        console.log(`starts ${mode}: ${starts.length} in ${Date.now() - t0} ms`);
        if (what === 'explain') {
          const e = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.starts}`, [2000]);
          console.log(e.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
        }
        const k = Math.floor(starts.length / 2);
        await db.transaction(async (em) => {
          await em.query(`SELECT set_config('extra_float_digits', '1', true), set_config('enable_memoize', 'off', true)`);
          const t1 = Date.now();
          const e = await em.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${sql.batch}`, [starts[k].id, starts[k + 1]?.id ?? null]);
          console.log(`batch ${mode} #${k}: ${Date.now() - t1} ms`);
          if (what === 'explain') console.log(e.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
          throw new Error('sentinel');
        }).catch((err: Error) => { if (err.message !== 'sentinel') console.log('tx', err.message); });
      }
    }
  } finally {
    await db.destroy();
    await pg.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
