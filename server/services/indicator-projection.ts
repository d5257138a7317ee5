// Indicator projections (issue #20): per wave a typed facts table of each complete response's contributions
// (indicators/projection.ts), built lazily on the primary when its spec changes and kept current by triggers
// (migration 1764400000000); values read it — on the replica too once it has it — instead of the answers' JSONB.
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { TDisaggregation, TFormula } from '../../indicators/formula';
import type { QuestionIndex } from '../../indicators/check';
import type { SqlCell } from '../../indicators/sql';
import { missingCodesFor, missingCodeTable, type MissingCodeTable } from '../../indicators/missing-codes';
import { compileProjectionQuery, PROJECTION_VERSION, projectionDdl, projectionLayout, type ProjectionInput, type ProjectionLayout, type ProjectionSpec } from '../../indicators/projection';
import { definitionIndex } from './logframe';
import { disaggregableQuestions } from './indicator-dimensions';
import { rows } from '../db/rows';

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
 * The lock a build takes exclusively and every projection trigger shared (see the migration), per programme. Its cost:
 * while a wave is (re)built, writes that complete, correct, exclude, restore or delete a complete response of the same
 * programme (and changes of its stakeholders) wait in their trigger until the build commits — about 3 s at 100k
 * responses and 20–40 s at 1M on the 2-core bench machine; drafts and autosaves, other programmes and all reads go on.
 * LOCK TABLE responses would stop every write of every programme for as long. A build happens on the first read after
 * a change of the spec (formula edit, indicator added or deleted, questionnaire missing codes), not on submits.
 */
const LOCK = `pg_advisory_xact_lock(8723, hashtext($1::text))`;

/**
 * Replace the wave's projection inside the caller's transaction, which must hold the programme's projection lock:
 * the old row goes (its trigger drops the old table and function), the new table is created, filled with the wave's
 * complete, not excluded responses and analysed.
 */
export async function buildProjection(em: EntityManager, programmeId: string, waveId: string, layout: ProjectionLayout, hash: string): Promise<ProjectionState & { rows: number }> {
  const t0 = process.hrtime.bigint();
  await em.query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [waveId]);
  const id = crypto.randomUUID();
  const tableName = `indicator_facts_${id.replace(/-/g, '').slice(0, 12)}`;
  const ddl = projectionDdl(layout, tableName, `${tableName}_put`);
  await em.query(ddl.table);
  await em.query(ddl.fn);
  await em.query(ddl.fill, [waveId]);
  await em.query(ddl.keys);
  await em.query(ddl.index);
  await em.query(`ANALYZE ${tableName}`);
  const [{ n }] = await rows<{ n: number }>(em, `SELECT count(*)::int AS n FROM ${tableName}`);
  await em.query(`INSERT INTO indicator_projections (id, programme_id, wave_id, spec_hash, spec, table_name, function_name, uses_attributes, row_count, build_ms)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  [id, programmeId, waveId, hash, JSON.stringify(layout.spec), tableName, `${tableName}_put`, layout.spec.usesAttributes, n,
    Math.round(Number(process.hrtime.bigint() - t0) / 1e6)]);
  return { hash, tableName, spec: layout.spec, rows: n };
}

/**
 * The wave's projection as the primary's data define it, built when missing or stale (lazily, on a read). `expect`:
 * the hash the caller computed from its own view — when the stored one equals it nothing more is asked. Builds run in
 * one READ COMMITTED transaction on the primary under the programme's projection lock, which also serialises
 * concurrent builders (the second finds the hash current and returns). Returns the current hash and whether this call
 * built it; null without the wave.
 */
export async function ensureIndicatorProjection(db: DataSource, programmeId: string, waveId: string, expect?: string): Promise<{ hash: string; built: boolean } | null> {
  if (expect) {
    const [row] = await rows<{ spec_hash: string }>(db.manager, `SELECT spec_hash FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    if (row?.spec_hash === expect) return { hash: expect, built: false };
  }
  return db.transaction('READ COMMITTED', async (em) => {
    await em.query(`SELECT ${LOCK}`, [programmeId]);
    const [w] = await rows<{ definition: unknown }>(em, `SELECT v.definition FROM waves w JOIN questionnaire_versions v ON v.id = w.questionnaire_version_id
      WHERE w.id = $1 AND w.programme_id = $2`, [waveId, programmeId]);
    if (!w) return null;
    const qi = definitionIndex(w.definition);
    const layout = projectionLayout(projectionInput(await projectedIndicators(em, programmeId), { id: waveId, qi, mt: missingCodeTable(w.definition) }));
    const hash = specHash(layout);
    const [row] = await rows<{ spec_hash: string }>(em, `SELECT spec_hash FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    if (row?.spec_hash === hash) return { hash, built: false };
    await buildProjection(em, programmeId, waveId, layout, hash);
    return { hash, built: true };
  });
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
