// The responses CSV's cache of pre-rendered answer cells (table response_csv_cells): the hash that says which compiled
// cell SQL a cached text came from, the batch render (by id range or id set), and the fill that renders a wave's
// missing or stale complete responses after an export of that (wave, mode) — off the submit path, errors logged,
// never failing the export. (The background refresh of recent submits is csv-cache-warm.ts.)
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { TDefinition } from '../../surveys/definition';
import { sqlLiteral } from '../db/sql-literal';
import { compileAnswerCells } from './csv-sql';

export type CsvMode = 'codes' | 'en' | 'ar';
type Query = <R>(sql: string, params: unknown[]) => Promise<R[]>;

/** Bump when a change outside the compiled SQL and the marsad_csv_/marsad_js_ functions alters a rendered cell. */
const FORMAT = 'csv-cells/1';

/**
 * md5 (as a uuid) of everything a cached text depends on besides the response's answers: the compiled answer-cell SQL
 * (codebook, labels, compiler) and the definitions of the SQL functions it calls, read in the caller's snapshot.
 */
export async function cellsHash(query: Query, definition: TDefinition, values: CsvMode): Promise<string> {
  const [{ defs }] = await query<{ defs: string | null }>(
    `SELECT string_agg(pg_get_functiondef(p.oid), E'\\n' ORDER BY p.oid::regprocedure::text) AS defs
       FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.proname ~ '^marsad_(csv|js)_'`, []);
  const h = createHash('md5').update(`${FORMAT}\0${values}\0${JSON.stringify(compileAnswerCells(definition, values))}\0${defs ?? ''}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A fill of at least this many rows ends with a VACUUM (ANALYZE) of the cache table. */
const VACUUM_AFTER = 20_000;

export interface FillInput { programmeId: string; waveId: string; definition: TDefinition; values: CsvMode }
export interface FillResult { rows: number; batches: number; seconds: number }

/**
 * Renders the wave's complete responses whose cached row is missing, of another revision or of another hash, in
 * batches of `batch` responses (one short transaction each: the only lock on responses is the foreign key's KEY SHARE
 * on the complete rows of that batch; plain updates, corrections and new submits do not wait for it — only a repeated
 * submit of an already complete response (marsad_submit's FOR UPDATE) may wait for the batch, ≈ 0.1 s).
 */
export async function fillCsvCache(db: DataSource, o: FillInput, opts: { batch?: number } = {}): Promise<FillResult> {
  const t = process.hrtime.bigint();
  const batch = Math.max(1, Math.trunc(opts.batch ?? 2000));
  const sql = fillStatements(o, await cellsHash((q, params) => db.query(q, params), o.definition, o.values));
  const starts: Array<{ id: string }> = await db.query(sql.starts, [batch]);
  const rows = await renderBatches(db, sql.batch, starts.map((s, i) => [s.id, starts[i + 1]?.id ?? null]));
  return { rows, batches: starts.length, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

/**
 * Runs a render statement (`batch` or `batchOf` of fillStatements) once per parameter list, each in its own short
 * transaction; returns the rows written. After a large render: sets the new rows' hint bits and visibility map and
 * refreshes the statistics now, so the next export neither writes every page it reads (hint bits) nor races
 * autovacuum on the same table.
 */
export async function renderBatches(db: DataSource, statement: string, batches: unknown[][]): Promise<number> {
  let rows = 0;
  for (const params of batches) {
    rows += await db.transaction(async (em) => {
      await em.query(`SELECT set_config('extra_float_digits', '1', true), set_config('enable_memoize', 'off', true)`);
      const [res] = await em.query(statement, params);
      return (res as { n: number }).n;
    });
  }
  if (rows >= VACUUM_AFTER) await db.query(`VACUUM (ANALYZE) response_csv_cells`);
  return rows;
}

/** The fill's statements: `starts` ($1 = batch size) the first id of every batch of stale responses in id order;
 *  `batch` ($1, $2 = a range of ids, $2 NULL for the last) renders and upserts them, returning the count `n`;
 *  `recent` ($1 = a timestamptz) the stale responses submitted since then, oldest first (an index range of the wave's
 *  complete responses by submitted_at, not a scan of the wave); `batchOf` ($1 = uuid[]) renders those of a set of ids. */
export function fillStatements(o: FillInput, hash: string): { starts: string; batch: string; recent: string; batchOf: string } {
  const answers = compileAnswerCells(o.definition, o.values);
  const [mode, h, p, w] = [sqlLiteral(o.values), `${sqlLiteral(hash)}::uuid`, `${sqlLiteral(o.programmeId)}::uuid`, `${sqlLiteral(o.waveId)}::uuid`];
  const where = `WHERE r.programme_id = ${p} AND r.wave_id = ${w} AND r.status = 'complete'`;
  // a batch looks each response's cached row up by its key in a correlated scalar subquery: a SubPlan is never turned
  // into a join, so it is always one primary-key probe per response. (A LEFT JOIN let the planner, which estimates a
  // short uuid range at 1 row, scan the whole id range of the cache once per response: batch² index entries as soon as
  // another mode's rows fill that range — the codes fill after the Arabic one ran at a third of the speed.)
  const current = `(SELECT c.revision = r.revision AND c.hash = ${h} FROM response_csv_cells c WHERE c.response_id = r.id AND c.mode = ${mode})`;
  const render = (pick: string) => `WITH ins AS (INSERT INTO response_csv_cells AS k (response_id, mode, revision, hash, cells)
         SELECT r.id, ${mode}, r.revision, ${h}, ${answers.cells}
           FROM responses r${answers.records.map((x) => `\n    CROSS JOIN LATERAL ${x}`).join('')}
          ${where} AND ${pick} AND ${current} IS NOT TRUE
         ON CONFLICT (response_id, mode) DO UPDATE SET revision = EXCLUDED.revision, hash = EXCLUDED.hash, cells = EXCLUDED.cells
          WHERE k.revision <= EXCLUDED.revision
         RETURNING 1) SELECT count(*)::int AS n FROM ins`;
  return {
    // the whole wave at once: one hash join of the responses with the mode's cached rows
    starts: `SELECT id FROM (SELECT r.id, row_number() OVER (ORDER BY r.id) AS n
        FROM responses r LEFT JOIN response_csv_cells c ON c.response_id = r.id AND c.mode = ${mode}
        ${where} AND (c.response_id IS NULL OR c.revision <> r.revision OR c.hash <> ${h})) z
      WHERE n % $1 = 1 ORDER BY id`,
    batch: render(`r.id >= $1::uuid AND ($2::uuid IS NULL OR r.id < $2::uuid)`),
    recent: `SELECT r.id FROM responses r ${where} AND r.submitted_at >= $1::timestamptz AND ${current} IS NOT TRUE
      ORDER BY r.submitted_at, r.id`,
    batchOf: render(`r.id = ANY ($1::uuid[])`),
  };
}

const running = new Set<string>();

/** Fire-and-forget fill after an export (one at a time per wave and mode in this process); errors are logged. */
export function scheduleCsvCacheFill(db: DataSource, o: FillInput, log: (level: 'error' | 'info', msg: string) => void): Promise<void> {
  const key = `${o.waveId}:${o.values}`;
  if (running.has(key)) return Promise.resolve();
  running.add(key);
  return fillCsvCache(db, o)
    .then((r) => { if (r.rows) log('info', `csv cache: ${r.rows} responses of wave ${o.waveId} rendered (${o.values}) in ${r.seconds.toFixed(1)} s`); })
    .catch((err: unknown) => log('error', `csv cache fill of wave ${o.waveId} (${o.values}) failed: ${String((err as Error)?.message ?? err)}`))
    .finally(() => running.delete(key));
}
