// Keeps the responses CSV cell cache warm in the background: the (wave, mode) pairs someone has exported
// (response_csv_modes, written by the export route) and the incremental refresh the pg-boss minute tick runs, which
// renders the complete responses submitted since the pair's last refresh — nothing is added to the submit request.
import type { DataSource, EntityManager } from 'typeorm';
import type { TDefinition } from '../../surveys/definition';
import { LOCKS, tryWithAdvisoryLock } from '../db/data-source';
import { cellsHash, fillStatements, renderBatches, type CsvMode, type FillInput } from './csv-cache';

/** Records that a responses CSV of the wave was exported in this mode: from now on the refresh keeps that mode warm
 *  (only exported modes: each costs ≈ 450 MB of cache per 1M responses). Whether it was in use before: when not, no
 *  cell of the wave can be cached in this mode yet (the cache is filled only after an export and by this refresh), and
 *  the export skips the join with the cache (which would read every other mode's cached cells for nothing). */
export async function markCsvModeInUse(db: DataSource | EntityManager, waveId: string, mode: CsvMode): Promise<{ wasInUse: boolean }> {
  const added: unknown[] = await db.query(`INSERT INTO response_csv_modes (wave_id, mode) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [waveId, mode]);
  return { wasInUse: added.length === 0 };
}

export interface RefreshOptions {
  /** how far before the last refresh's start to look again (default 300 s): a submit's submitted_at is its
   *  transaction's start, so a submit still running when the last refresh read the wave is seen by the next one */
  marginSeconds?: number;
  /** responses per render transaction (default 500) */
  batch?: number;
  /** responses rendered at most per run (default 20,000); a pair left unfinished keeps its cursor and goes on at the next tick */
  maxRows?: number;
}
/** pairs: the (wave, mode) pairs in use with responses submitted since their cursor */
export interface RefreshResult { pairs: number; rows: number; failed: number; skipped: boolean; seconds: number }

/**
 * The pairs in use whose wave has complete responses submitted since the pair's cursor minus the margin ($1, seconds):
 * one index probe each, in a SubPlan (never turned into a join over the responses), so a run that finds nothing reads
 * one small table and computes no hash. `started` is read before any response is, on the database's clock (the one
 * submitted_at comes from).
 */
export const RECENT_PAIRS = `SELECT m.wave_id, m.mode, w.programme_id, qv.definition, s.since, now() AS started
    FROM response_csv_modes m CROSS JOIN LATERAL (SELECT m.refreshed_from - make_interval(secs => $1) AS since) s
    JOIN waves w ON w.id = m.wave_id JOIN questionnaire_versions qv ON qv.id = w.questionnaire_version_id
   WHERE (SELECT true FROM responses r WHERE r.wave_id = m.wave_id AND r.status = 'complete' AND r.submitted_at >= s.since LIMIT 1)
   ORDER BY m.wave_id, m.mode`;

interface Pair { wave_id: string; mode: CsvMode; programme_id: string; definition: TDefinition; since: Date; started: Date }
type Log = (level: 'error' | 'info', msg: string) => void;

/**
 * For each (wave, mode) in use: renders the wave's complete responses submitted since the pair's `refreshed_from`
 * minus the margin whose cached row is missing or stale (fillStatements `recent`, an index range on
 * responses (wave_id, status, submitted_at), then `batchOf`), and moves `refreshed_from` to this run's start once it
 * has rendered all of them. A run that finds nothing stale writes nothing (the cursor stays: the window then holds
 * responses already cached, one probe of the cache each, until a later run renders something). Corrections and exclusions of older responses are not looked
 * for here: the fill after each export renders them, and until then the export's revision/hash check computes their
 * cells inline (correctness never depends on the cache). When another instance's run is still rendering (a run longer
 * than a tick), this one renders nothing.
 */
export async function refreshCsvCache(db: DataSource, log: Log, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const t = process.hrtime.bigint();
  const [margin, batch, maxRows] = [opts.marginSeconds ?? 300, Math.max(1, Math.trunc(opts.batch ?? 500)), opts.maxRows ?? 20_000];
  const pairs: Pair[] = await db.query(RECENT_PAIRS, [margin]);
  const work: Array<{ pair: Pair; fill: FillInput; batchOf: string; ids: string[] }> = [];
  let failed = 0;
  for (const pair of pairs) {
    try {
      const fill: FillInput = { programmeId: pair.programme_id, waveId: pair.wave_id, definition: pair.definition, values: pair.mode };
      const sql = fillStatements(fill, await cellsHash((q, params) => db.query(q, params), pair.definition, pair.mode));
      const ids = (await db.query(sql.recent, [pair.since]) as Array<{ id: string }>).map((r) => r.id);
      if (ids.length) work.push({ pair, fill, batchOf: sql.batchOf, ids });
    } catch (err) {
      failed++;
      log('error', `csv cache refresh of wave ${pair.wave_id} (${pair.mode}) failed: ${String((err as Error)?.message ?? err)}`);
    }
  }
  let rows = 0;
  const done = async () => {
    let budget = maxRows;
    for (const w of work) {
      if (budget <= 0) break;
      const ids = w.ids.slice(0, budget);
      budget -= ids.length;
      try {
        const chunks = Array.from({ length: Math.ceil(ids.length / batch) }, (_, i) => [ids.slice(i * batch, (i + 1) * batch)]);
        rows += await renderBatches(db, w.batchOf, chunks);
        if (ids.length === w.ids.length) {
          await db.query(`UPDATE response_csv_modes SET refreshed_from = greatest(refreshed_from, $3) WHERE wave_id = $1 AND mode = $2`,
            [w.pair.wave_id, w.pair.mode, w.pair.started]);
        }
      } catch (err) {
        failed++;
        log('error', `csv cache refresh of wave ${w.pair.wave_id} (${w.pair.mode}) failed: ${String((err as Error)?.message ?? err)}`);
      }
    }
  };
  // one run at a time across instances (a tick's job can start while a long run of the previous one is still going)
  const skipped = work.length > 0 && !(await tryWithAdvisoryLock((db.options as { url?: string }).url, LOCKS.csvCacheRefresh, done)).ran;
  return { pairs: pairs.length, rows, failed, skipped, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}
