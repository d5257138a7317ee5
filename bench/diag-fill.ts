// Diagnostic of the CSV cache fill on a kept database: fills per mode with per-batch times, EXPLAIN (ANALYZE, BUFFERS, WAL) of its statements.
// npx tsx bench/diag-fill.ts <dir> <rows> <step...>; steps: gen, fill|fillv|fille|explain|time|del:<mode>, clear, stats (dir is kept)
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { createDataSource, runMigrations } from '../server/db/data-source';
import { loadWave } from '../server/exports/responses-csv';
import { cellsHash, fillStatements, fillCsvCache, type CsvMode } from '../server/exports/csv-cache';
import { seedExportWave } from './export-csv';


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
      await seedExportWave(db, pg.url, n);
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
