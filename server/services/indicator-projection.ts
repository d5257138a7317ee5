// Indicator projections (issue #20): per wave a typed facts table of each complete response's contributions
// (indicators/projection.ts), built lazily on the primary when its spec changes (online: indicator-projection-build.ts)
// and kept current by triggers (migrations 1764400000000, 1764460000001); values read it — on the replica too once it
// has it — instead of the answers' JSONB.
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { TDisaggregation, TFormula } from '../../indicators/formula';
import type { QuestionIndex } from '../../indicators/check';
import type { SqlCell } from '../../indicators/sql';
import { missingCodesFor, missingCodeTable, type MissingCodeTable } from '../../indicators/missing-codes';
import { compileProjectionQuery, PROJECTION_VERSION, projectionLayout, type ProjectionInput, type ProjectionLayout, type ProjectionSpec } from '../../indicators/projection';
import { definitionIndex } from './logframe';
import { disaggregableQuestions } from './indicator-dimensions';
import { rows } from '../db/rows';
import { BUILDER_LOCK, createFacts, publishFacts, rebuildOnline } from './indicator-projection-build';

export interface ProjectionWave { id: string; qi: QuestionIndex; mt: MissingCodeTable }
export interface ProjectionState { hash: string; tableName: string; spec: ProjectionSpec }

/** Every indicator of the programme computed from answers (what a projection of any of its waves holds). */
export async function projectedIndicators(em: EntityManager, programmeId: string): Promise<Array<{ id: string; formula: TFormula }>> {
  return rows(em, `SELECT id, formula FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL
    AND coalesce(formula->>'source', '') <> 'activities' ORDER BY id`, [programmeId]);
}

/** The spec input of a wave: the programme's indicators, the wave's missing codes and disaggregable questions. */
export function projectionInput(indicators: ProjectionInput['indicators'], wave: ProjectionWave): ProjectionInput {
  return { indicators, missingCodes: (item) => missingCodesFor(wave.mt, item), questions: disaggregableQuestions(wave.qi) };
}

/** sha256 of what the facts depend on: indicator ids, the generated per-response SQL (formulas and missing codes inlined), the layout. */
export function specHash(layout: ProjectionLayout): string {
  const canonical = JSON.stringify({ v: PROJECTION_VERSION, spec: layout.spec, rows: layout.rows('responses r', 'true') });
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

/**
 * Replace the wave's projection inside the caller's transaction, which must hold the programme's projection lock
 * (PROGRAMME_LOCK) exclusively — it holds that programme's writes of complete responses for the whole build: for bulk
 * loads, tests and the bench (reads use the online rebuild). The old row goes (its trigger drops the old table and
 * function), the new table is created, filled with the wave's complete, not excluded responses and analysed.
 */
export async function buildProjection(em: EntityManager, programmeId: string, waveId: string, layout: ProjectionLayout, hash: string): Promise<ProjectionState & { rows: number }> {
  const t0 = process.hrtime.bigint();
  await em.query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [waveId]);
  const facts = await createFacts(em, waveId, layout);
  await publishFacts(em, programmeId, waveId, layout.spec, hash, facts, Number(process.hrtime.bigint() - t0) / 1e6);
  return { hash, tableName: facts.tableName, spec: layout.spec, rows: facts.rows };
}

/**
 * The wave's projection as the primary's data define it, built when missing or stale (lazily, on a read). `expect`:
 * the hash the caller computed from its own view — when the stored one equals it (and no build of the wave is
 * registered) nothing more is asked. Otherwise the call takes the wave's builder lock on a connection of its own, so
 * concurrent builders take turns (the second finds the hash current and returns), and rebuilds online
 * (indicator-projection-build.ts): the programme's writers go on and wait only for the catch-up at the end.
 *
 * A values read that needs the projection while another read builds it WAITS for that build (on the builder lock)
 * rather than answering from the JSONB query: at 1M responses the JSONB query takes about as long as the build
 * (≈ 13 s vs 14–22 s on the 2-core bench machine), and every concurrent read (a dashboard asks for several) would run
 * it beside the build, competing for the same cores and slowing the build down; once the build is done the waiting
 * reads answer from the projection in ≈ 0.1–0.4 s. Returns the current hash and whether this call built it; null
 * without the wave (also when it is deleted during the build, which then leaves nothing behind).
 */
export async function ensureIndicatorProjection(db: DataSource, programmeId: string, waveId: string, expect?: string): Promise<{ hash: string; built: boolean } | null> {
  if (expect) {
    const [row] = await rows<{ spec_hash: string; building: boolean }>(db.manager, `SELECT spec_hash,
      EXISTS (SELECT 1 FROM indicator_projection_builds WHERE wave_id = $1) AS building FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    if (row?.spec_hash === expect && !row.building) return { hash: expect, built: false };
  }
  const qr = db.createQueryRunner();
  await qr.connect();
  let locked = false;
  try {
    try {
      await qr.query(BUILDER_LOCK.take, [waveId]);
    } catch (e) {
      // the pool's statement_timeout ran out while another read built: answer from the JSONB query this time
      if (expect && (e as { code?: string }).code === '57014') return null;
      throw e;
    }
    locked = true;
    // we are the wave's builder: a build row left is a dead builder's (its log is of no use)
    await qr.query(`DELETE FROM indicator_projection_builds WHERE wave_id = $1`, [waveId]);
    const em = qr.manager;
    const [w] = await rows<{ definition: unknown }>(em, `SELECT v.definition FROM waves w JOIN questionnaire_versions v ON v.id = w.questionnaire_version_id
      WHERE w.id = $1 AND w.programme_id = $2`, [waveId, programmeId]);
    if (!w) return null;
    const qi = definitionIndex(w.definition);
    const layout = projectionLayout(projectionInput(await projectedIndicators(em, programmeId), { id: waveId, qi, mt: missingCodeTable(w.definition) }));
    const hash = specHash(layout);
    const [row] = await rows<{ spec_hash: string }>(em, `SELECT spec_hash FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    if (row?.spec_hash === hash) return { hash, built: false };
    try {
      await rebuildOnline(qr, programmeId, waveId, layout, hash);
    } catch (e) {
      // the wave was deleted during the build: the projection row's foreign key failed and the build rolled back
      if ((e as { code?: string }).code === '23503' && !(await rows(em, `SELECT 1 FROM waves WHERE id = $1`, [waveId])).length) return null;
      throw e;
    }
    return { hash, built: true };
  } finally {
    if (locked) await qr.query(BUILDER_LOCK.release, [waveId]).catch(() => undefined);
    await qr.release();
  }
}

const isMissingRelation = (e: unknown) => ['42P01', '42883'].includes((e as { code?: string }).code ?? '');

/**
 * The cells of a wave from its projection, or null when `em` cannot use one (a replica that has not got the current
 * projection yet, a spec that differs from what `em` sees, a table dropped by a concurrent rebuild): the caller then
 * runs the JSONB query. `em` must not be inside a transaction (a failed statement would abort it).
 */
export async function projectedCells(em: EntityManager, primary: DataSource, programmeId: string, wave: ProjectionWave,
  all: ProjectionInput['indicators'], q: { indicators: string[]; dimensions: TDisaggregation[]; cross: boolean }): Promise<SqlCell[] | null> {
  const layout = projectionLayout(projectionInput(all, wave));
  const hash = specHash(layout);
  if ((await ensureIndicatorProjection(primary, programmeId, wave.id, hash))?.hash !== hash) return null;
  const [row] = await rows<{ table_name: string; spec: ProjectionSpec }>(em,
    `SELECT table_name, spec FROM indicator_projections WHERE wave_id = $1 AND spec_hash = $2`, [wave.id, hash]);
  if (!row || !q.indicators.every((id) => row.spec.indicators.some((k) => k.id === id))) return null;
  const c = compileProjectionQuery(row.spec, row.table_name, q);
  try {
    return c.decode(await em.query(c.sql, c.params));
  } catch (e) {
    if (isMissingRelation(e)) return null;
    throw e;
  }
}
