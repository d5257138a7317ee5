// Cost of the minute tick's CSV cache refresh (server/exports/csv-cache-warm.ts) on a generated wave: with nothing new,
// per rendered response after a burst of submits, its plan, against the after-export full fill; and the index sizes.
// npx tsx bench/csv-cache-warm.ts [responses=50000] [new=2000]   (embedded PostgreSQL in a temporary folder, removed after)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { createDataSource, runMigrations } from '../server/db/data-source';
import { loadWave } from '../server/exports/responses-csv';
import { cellsHash, fillCsvCache, fillStatements } from '../server/exports/csv-cache';
import { markCsvModeInUse, RECENT_PAIRS, refreshCsvCache } from '../server/exports/csv-cache-warm';
import { seedExportWave } from './export-csv';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (level: 'error' | 'info', msg: string) => console.log(level, msg);

async function main() {
  const [n, k] = [Number(process.argv[2] ?? 50_000), Number(process.argv[3] ?? 2000)];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-bench-warm-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const db = createDataSource(pg.url, 4);
  try {
    await db.initialize();
    await runMigrations(db);
    const { programmeId, waveId } = await seedExportWave(db, pg.url, n);
    const wave = await loadWave(db.manager, programmeId, waveId);
    const o = { programmeId, waveId, definition: wave.definition, values: 'ar' as const };
    const full = await fillCsvCache(db, o);
    console.log(`${n} responses; after-export fill (ar): ${full.rows} rows in ${full.seconds.toFixed(2)} s`);
    const again = await fillCsvCache(db, o);
    console.log(`after-export fill with nothing stale: ${again.seconds.toFixed(3)} s`);
    await markCsvModeInUse(db, waveId, 'ar');

    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push((await refreshCsvCache(db, log)).seconds * 1000);
    console.log(`refresh with nothing new (1 pair, 20 runs): median ${median(idle).toFixed(2)} ms, min ${Math.min(...idle).toFixed(2)} ms`);
    const hashMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = process.hrtime.bigint();
      await cellsHash((q, p) => db.query(q, p), wave.definition, 'ar');
      hashMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(`  of which cellsHash: median ${median(hashMs).toFixed(2)} ms`);

    // a burst of submits: copies of existing answers, submitted now
    await db.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, language, answers, submitted_answers, started_at, submitted_at)
      SELECT programme_id, wave_id, questionnaire_version_id, stakeholder_id, 'complete', language, answers, submitted_answers, now(), now()
        FROM responses WHERE wave_id = $1 ORDER BY id LIMIT $2`, [waveId, k]);
    const sql = fillStatements(o, await cellsHash((q, p) => db.query(q, p), wave.definition, 'ar'));
    const [{ since }] = await db.query(`SELECT refreshed_from - interval '5 minutes' AS since FROM response_csv_modes WHERE wave_id = $1`, [waveId]);
    for (const [statement, params] of [[RECENT_PAIRS, [300]], [sql.recent, [since]]] as const) {
      const plan: Array<{ 'QUERY PLAN': string }> = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement}`, [...params]);
      console.log(plan.map((r) => `  ${r['QUERY PLAN']}`).join('\n'));
    }
    const r = await refreshCsvCache(db, log);
    console.log(`refresh after ${k} new submits: ${r.rows} rows in ${(r.seconds * 1000).toFixed(0)} ms = ${(r.seconds * 1e6 / r.rows).toFixed(0)} µs per response`);
    const after: number[] = [];
    for (let i = 0; i < 10; i++) after.push((await refreshCsvCache(db, log)).seconds * 1000);
    console.log(`refresh right after (the ${k} rendered ones within the window, nothing to render): median ${median(after).toFixed(2)} ms`);

    // the index against the former (wave_id, status) one: size (that one deduplicates its equal keys), and a count of
    // the wave's complete responses (an index-only scan of either)
    const count = async () => {
      await db.query(`SELECT count(*) FROM responses WHERE wave_id = $1 AND status = 'complete'`, [waveId]);
      const ms: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = process.hrtime.bigint();
        await db.query(`SELECT count(*) FROM responses WHERE wave_id = $1 AND status = 'complete'`, [waveId]);
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return median(ms).toFixed(2);
    };
    await db.query(`VACUUM ANALYZE responses`);
    console.log(`count of the wave's complete responses with (wave_id, status, submitted_at): ${await count()} ms`);
    await db.query(`CREATE INDEX bench_old_wave_status ON responses (wave_id, status)`);
    await db.query(`VACUUM ANALYZE responses`);
    console.log(`… with (wave_id, status) beside it: ${await count()} ms`);
    console.log(await db.query(`SELECT relname, pg_relation_size(oid) / 1024 AS kb FROM pg_class WHERE relname IN ('responses_wave_status_submitted', 'bench_old_wave_status')`));
  } finally {
    await db.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
