// Building an indicator projection's table (create, fill, keys) and the online rebuild: writers of complete responses
// go on during the build and wait only for its short catch-up at the end (migration 1764460000001).
import crypto from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import { projectionDdl, type ProjectionLayout, type ProjectionSpec } from '../../indicators/projection';
import { rows } from '../db/rows';

/**
 * The programme's projection lock (advisory, per programme): every projection trigger takes it shared before it looks
 * up its wave's projection and build, a build exclusively for its barrier and its catch-up (and the blocking
 * buildProjection for its whole build).
 */
export const PROGRAMME_LOCK = `pg_advisory_xact_lock(8723, hashtext($1::text))`;
/** Builders of a wave take turns on this session lock (on their own connection: a dead builder's goes with it). */
export const BUILDER_LOCK = { take: `SELECT pg_advisory_lock(8724, hashtext($1::text))`, release: `SELECT pg_advisory_unlock(8724, hashtext($1::text))` };

export interface BuiltFacts { tableName: string; functionName: string; ddl: ReturnType<typeof projectionDdl>; rows: number }

/** A new facts table and function for `layout`, filled with the wave's complete, not excluded responses as `em` sees them now. */
export async function createFacts(em: EntityManager, waveId: string, layout: ProjectionLayout): Promise<BuiltFacts> {
  const tableName = `indicator_facts_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const functionName = `${tableName}_put`;
  const ddl = projectionDdl(layout, tableName, functionName);
  await em.query(ddl.table);
  await em.query(ddl.fn);
  await em.query(ddl.fill, [waveId]);
  await em.query(ddl.keys);
  await em.query(ddl.index);
  await em.query(`ANALYZE ${tableName}`);
  const [{ n }] = await rows<{ n: number }>(em, `SELECT count(*)::int AS n FROM ${tableName}`);
  return { tableName, functionName, ddl, rows: n };
}

/** Make `facts` the wave's projection: the old row goes (its trigger drops the old table and function), the new one is inserted. */
export async function publishFacts(em: EntityManager, programmeId: string, waveId: string, spec: ProjectionSpec, hash: string, facts: BuiltFacts, ms: number): Promise<void> {
  await em.query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [waveId]);
  await em.query(`INSERT INTO indicator_projections (id, programme_id, wave_id, spec_hash, spec, table_name, function_name, uses_attributes, row_count, build_ms)
    VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  [programmeId, waveId, hash, JSON.stringify(spec), facts.tableName, facts.functionName, spec.usesAttributes, facts.rows, Math.round(ms)]);
}

/** Test hook: called between the steps of an online build (a test pauses there, or throws to make the build fail). */
export type BuildPhase = 'registered' | 'filled' | 'locked';
export const projectionBuildHooks: { onPhase?: (phase: BuildPhase, build: { id: string; waveId: string; tableName?: string }) => Promise<void> } = {};

const LOCK_TIMEOUT = '250ms';
const BOUNDED_TRIES = 40;
const code = (e: unknown) => (e as { code?: string }).code;

/**
 * Take the programme's projection lock exclusively in the current transaction. While an exclusive request waits, new
 * shared requests (writers' triggers) queue behind it, so one long writer transaction in flight (a bulk import) would
 * stall every writer of the programme for as long: each try waits at most LOCK_TIMEOUT, then gives way (writers pass)
 * and tries again; after BOUNDED_TRIES it waits as long as it takes.
 */
async function lockProgramme(em: EntityManager, programmeId: string): Promise<void> {
  const [{ lt }] = await rows<{ lt: string }>(em, `SELECT current_setting('lock_timeout') AS lt`);
  for (let i = 0; ; i++) {
    const bounded = i < BOUNDED_TRIES;
    await em.query(`SAVEPOINT projection_lock`);
    try {
      if (bounded) await em.query(`SELECT set_config('lock_timeout', $1, true)`, [LOCK_TIMEOUT]);
      await em.query(`SELECT ${PROGRAMME_LOCK}`, [programmeId]);
      await em.query(`RELEASE SAVEPOINT projection_lock`);
      if (bounded) await em.query(`SELECT set_config('lock_timeout', $1, true)`, [lt]);
      return;
    } catch (e) {
      if (!bounded || code(e) !== '55P03') throw e; // lock_not_available: the timeout
      await em.query(`ROLLBACK TO SAVEPOINT projection_lock`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/**
 * Re-derive, in the new table, the rows of the responses logged for the build (and of the logged stakeholders'
 * responses) and take those log rows off; the number of ids handled and the change in the table's row count.
 */
async function catchUp(em: EntityManager, buildId: string, waveId: string, facts: BuiltFacts): Promise<{ ids: number; delta: number }> {
  const [log] = await rows<{ r: string[] | null; s: string[] | null }>(em, `WITH d AS (DELETE FROM indicator_projection_changes WHERE build_id = $1
      RETURNING response_id, stakeholder_id)
    SELECT array_agg(DISTINCT response_id) FILTER (WHERE response_id IS NOT NULL) AS r,
      array_agg(DISTINCT stakeholder_id) FILTER (WHERE stakeholder_id IS NOT NULL) AS s FROM d`, [buildId]);
  if (!log.r && !log.s) return { ids: 0, delta: 0 };
  // a logged stakeholder's responses: those in the new table (a response that joined or changed stakeholder since the
  // snapshot of its row is logged itself)
  const [{ ids }] = await rows<{ ids: string[] }>(em, `SELECT array(SELECT unnest($1::uuid[]) UNION
      SELECT response_id FROM ${facts.tableName} WHERE stakeholder_id = ANY($2::uuid[])) AS ids`, [log.r ?? [], log.s ?? []]);
  const [d] = await rows<{ n: number }>(em, `WITH d AS (DELETE FROM ${facts.tableName} WHERE response_id = ANY($1::uuid[]) RETURNING 1)
    SELECT count(*)::int AS n FROM d`, [ids]);
  const [i] = await rows<{ n: number }>(em, `WITH i AS (${facts.ddl.refill} RETURNING 1) SELECT count(*)::int AS n FROM i`, [waveId, ids]);
  return { ids: ids.length, delta: i.n - d.n };
}

/**
 * Rebuild the wave's projection without holding the programme's writes for the build. `qr`: the caller's own
 * connection, holding the wave's BUILDER_LOCK (so no other build of the wave runs and any build row of the wave is a
 * dead builder's, already removed). All writers run READ COMMITTED (each statement of a trigger sees what committed
 * before it started); the steps:
 *
 * 1. Register the build (a committed row): from then on a projection trigger that looks the wave up — after taking the
 *    programme lock shared — finds it and logs the response id (stakeholder trigger: the stakeholder id) besides
 *    keeping the old projection current.
 * 2. Barrier: take the programme lock exclusively and let it go at once. A writer whose trigger ran before step 1
 *    committed (and so did not log) still held the shared lock then: the barrier waits for it to commit. Every trigger
 *    that takes the shared lock after the barrier (or after step 1 committed) logs.
 * 3. Fill the new table in a transaction of its own with no lock the writers take (its INSERT … SELECT runs in one
 *    snapshot): a write committed before that snapshot is in it (every writer before the barrier is); one committed
 *    after it was logged, in the same transaction as the write (it started after the barrier). Passes of the catch-up
 *    below, still unlocked, shrink the log: each takes the log rows its snapshot sees and re-derives their rows from a
 *    later snapshot; a write that its snapshot missed keeps its log row for the next pass.
 * 4. Take the programme lock exclusively (writers in flight finish, new ones wait), re-derive what is still logged
 *    (delete + insert from the current responses: a deleted, excluded, moved or reopened response loses its row),
 *    switch the projection row to the new table (the old row's trigger drops the old table and function), delete the
 *    build row (writers stop logging) and commit, which releases the lock: the only stall a writer sees.
 *
 * Steps 3 and 4 are one transaction: an error anywhere (or a lost connection) rolls the new table and function back,
 * and the build row is deleted (or, if the connection is gone, by the next builder of the wave), leaving the old
 * projection current and kept by the triggers as before. A concurrent DELETE of the old projection row (bulk loads)
 * is harmless: step 4 deletes what is there. A concurrent deletion of the wave deletes the build row (cascade) and
 * makes step 4's INSERT fail on its foreign key: rolled back, nothing left (ensureIndicatorProjection answers null).
 */
export async function rebuildOnline(qr: QueryRunner, programmeId: string, waveId: string, layout: ProjectionLayout, hash: string): Promise<BuiltFacts & { lockedMs: number }> {
  // lockedMs: from the request of the final lock to the COMMIT (without the commit's own flush)
  const t0 = process.hrtime.bigint();
  const em = qr.manager;
  const [{ id }] = await rows<{ id: string }>(em, `INSERT INTO indicator_projection_builds (programme_id, wave_id, spec_hash) VALUES ($1, $2, $3) RETURNING id`,
    [programmeId, waveId, hash]);
  const hook = async (phase: BuildPhase, tableName?: string) => { await projectionBuildHooks.onPhase?.(phase, { id, waveId, tableName }); };
  try {
    await hook('registered');
    await qr.startTransaction('READ COMMITTED');
    await lockProgramme(em, programmeId);
    await qr.commitTransaction();

    await qr.startTransaction('READ COMMITTED');
    const facts = await createFacts(em, waveId, layout);
    await hook('filled', facts.tableName);
    for (let pass = 0; pass < 3; pass++) {
      const c = await catchUp(em, id, waveId, facts);
      facts.rows += c.delta;
      if (c.ids < 50) break;
    }
    const t1 = process.hrtime.bigint();
    await lockProgramme(em, programmeId);
    await hook('locked', facts.tableName);
    facts.rows += (await catchUp(em, id, waveId, facts)).delta;
    await publishFacts(em, programmeId, waveId, layout.spec, hash, facts, Number(process.hrtime.bigint() - t0) / 1e6);
    await em.query(`DELETE FROM indicator_projection_builds WHERE id = $1`, [id]);
    // the commit releases the lock once its WAL is flushed; the old table's files are unlinked after that (≈ 1–2 s at
    // 400k rows, no writer waits for it), so the locked time is taken before it
    const lockedMs = Number(process.hrtime.bigint() - t1) / 1e6;
    await qr.commitTransaction();
    return { ...facts, lockedMs };
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    await em.query(`DELETE FROM indicator_projection_builds WHERE id = $1`, [id]).catch(() => undefined);
    throw e;
  }
}
