// Logframe use cases: results tree (create, update, move, reorder, delete), indicators (create, update, soft delete)
// with formula checking against the programme's questionnaires, and the indicator settings of a programme.
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { TDisaggregation, TFormula } from '../../indicators/formula';
import { buildQuestionIndex, checkDisaggregation, checkFormula, type QuestionIndex } from '../../indicators/check';
import { questionIndex, type TDefinition } from '../../surveys/definition';
import type { TIndicator, TIndicatorBody, TIndicatorPatch, TResultBody, TTargets, ZResultPatch, ZSettings } from '../../contracts/logframe';
import { AppError, notFound } from '../errors';
import { audit } from './audit';

export interface Actor { userId: string; programmeId: string }

/** First row of an UPDATE … RETURNING (TypeORM returns [rows, affected] for UPDATE). */
const updated = (res: Row[] | [Row[], number]): Row => (Array.isArray(res[0]) ? res[0][0] : res[0]) as Row;

/** A row of `results` or `indicators` as the driver returns it (snake_case columns). */
interface Row {
  id: string; programme_id: string; result_id: string; parent_id: string | null; level: TResultBody['level']; code: string;
  statement_en: string; statement_ar: string; name_en: string; name_ar: string; unit: TIndicator['unit']; direction: TIndicator['direction'];
  formula: TFormula; baseline_source: TIndicator['baselineSource']; baseline_value: string | number | null; baseline_date: Date | string | null;
  baseline_note: string | null; verification_en: string | null; verification_ar: string | null; suppression_threshold: number | null;
  targets: TTargets; disaggregations: TDisaggregation[]; position: number;
}
const day = (d: unknown) => (d === null || d === undefined ? null : d instanceof Date
  ? new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10) : String(d).slice(0, 10));
export function indicatorDto(r: Row): TIndicator & { formula: TFormula; disaggregations: TDisaggregation[]; targets: TTargets } {
  return {
    id: r.id, resultId: r.result_id, code: r.code, nameEn: r.name_en, nameAr: r.name_ar, unit: r.unit, direction: r.direction,
    formula: r.formula as TFormula, baselineSource: r.baseline_source, baselineValue: r.baseline_value === null ? null : Number(r.baseline_value),
    baselineDate: day(r.baseline_date), baselineNote: r.baseline_note ?? '', verificationEn: r.verification_en ?? '', verificationAr: r.verification_ar ?? '',
    suppressionThreshold: r.suppression_threshold ?? null,
    targets: r.targets, disaggregations: r.disaggregations as TDisaggregation[], position: r.position,
  };
}
const resultDto = (r: Row) => ({ id: r.id, parentId: r.parent_id, level: r.level, code: r.code, statementEn: r.statement_en, statementAr: r.statement_ar, position: r.position });

/** The results tree with live indicators, ordered by position then code. */
export async function logframeTree(em: EntityManager, programmeId: string) {
  const results = await em.query(`SELECT * FROM results WHERE programme_id = $1 ORDER BY position, code`, [programmeId]);
  const inds = await em.query(`SELECT * FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL ORDER BY position, code`, [programmeId]);
  type Node = ReturnType<typeof resultDto> & { indicators: ReturnType<typeof indicatorDto>[]; children: Node[] };
  const nodes = new Map<string, Node>(results.map((r: Row) => [r.id, { ...resultDto(r), indicators: [], children: [] }]));
  for (const i of inds) nodes.get(i.result_id)?.indicators.push(indicatorDto(i));
  const roots: Node[] = [];
  for (const n of nodes.values()) (n.parentId && nodes.get(n.parentId) ? nodes.get(n.parentId)!.children : roots).push(n);
  return roots;
}

async function assertParent(em: EntityManager, programmeId: string, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  const rows = await em.query(`SELECT id FROM results WHERE id = $1 AND programme_id = $2`, [parentId, programmeId]);
  if (!rows.length) throw notFound('parent result');
  if (selfId) {
    // refuse cycles: the new parent may not be the result itself or one of its descendants
    const cyc = await em.query(`WITH RECURSIVE d AS (SELECT id FROM results WHERE id = $1 UNION ALL
      SELECT r.id FROM results r JOIN d ON r.parent_id = d.id) SELECT 1 FROM d WHERE id = $2`, [selfId, parentId]);
    if (cyc.length) throw new AppError('logframe.cycle', { field: 'parentId' });
  }
}

async function assertCodeFree(em: EntityManager, table: 'results' | 'indicators', programmeId: string, code: string, selfId?: string) {
  const live = table === 'indicators' ? ' AND deleted_at IS NULL' : '';
  const rows = await em.query(`SELECT 1 FROM ${table} WHERE programme_id = $1 AND code = $2 AND id IS DISTINCT FROM $3::uuid${live}`, [programmeId, code, selfId ?? null]);
  if (rows.length) throw new AppError('code.taken', { field: 'code', value: code });
}

export async function createResult(em: EntityManager, a: Actor, b: TResultBody) {
  await assertParent(em, a.programmeId, b.parentId);
  await assertCodeFree(em, 'results', a.programmeId, b.code);
  const [r] = await em.query(
    `INSERT INTO results (programme_id, parent_id, level, code, statement_en, statement_ar, position)
     VALUES ($1,$2,$3,$4,$5,$6, coalesce($7, (SELECT coalesce(max(position) + 1, 0) FROM results WHERE programme_id = $1))) RETURNING *`,
    [a.programmeId, b.parentId ?? null, b.level, b.code, b.statementEn, b.statementAr, b.position ?? null]);
  await audit(em, { actorUserId: a.userId, action: 'logframe.result_create', programmeId: a.programmeId, targetType: 'result', targetId: r.id, details: { code: b.code } });
  return resultDto(r);
}

export async function updateResult(em: EntityManager, a: Actor, id: string, b: z.infer<typeof ZResultPatch>) {
  const [old] = await em.query(`SELECT * FROM results WHERE id = $1 AND programme_id = $2 FOR UPDATE`, [id, a.programmeId]);
  if (!old) throw notFound('result');
  if (b.parentId !== undefined) await assertParent(em, a.programmeId, b.parentId, id);
  if (b.code !== undefined) await assertCodeFree(em, 'results', a.programmeId, b.code, id);
  const r = updated(await em.query(
    `UPDATE results SET parent_id = CASE WHEN $3 THEN $4::uuid ELSE parent_id END, level = coalesce($5, level), code = coalesce($6, code),
       statement_en = coalesce($7, statement_en), statement_ar = coalesce($8, statement_ar), position = coalesce($9, position)
     WHERE id = $1 AND programme_id = $2 RETURNING *`,
    [id, a.programmeId, b.parentId !== undefined, b.parentId ?? null, b.level ?? null, b.code ?? null, b.statementEn ?? null, b.statementAr ?? null, b.position ?? null]));
  await audit(em, { actorUserId: a.userId, action: 'logframe.result_update', programmeId: a.programmeId, targetType: 'result', targetId: id, details: { changed: Object.keys(b) } });
  return resultDto(r);
}

export async function deleteResult(em: EntityManager, a: Actor, id: string) {
  const [old] = await em.query(`SELECT * FROM results WHERE id = $1 AND programme_id = $2 FOR UPDATE`, [id, a.programmeId]);
  if (!old) throw notFound('result');
  const [use] = await em.query(`SELECT (SELECT count(*) FROM results WHERE parent_id = $1)::int AS children,
    (SELECT count(*) FROM indicators WHERE result_id = $1)::int AS indicators`, [id]);
  if (use.children || use.indicators) throw new AppError('logframe.not_empty', { children: use.children, indicators: use.indicators });
  await em.query(`DELETE FROM results WHERE id = $1 AND programme_id = $2`, [id, a.programmeId]);
  await audit(em, { actorUserId: a.userId, action: 'logframe.result_delete', programmeId: a.programmeId, targetType: 'result', targetId: id, details: { code: old.code } });
}

/** Set positions 0..n-1 of sibling results in the given order (all must share the parent). */
export async function reorderResults(em: EntityManager, a: Actor, ids: string[]) {
  const rows = await em.query(`SELECT id, parent_id FROM results WHERE programme_id = $1 AND id = ANY($2::uuid[]) FOR UPDATE`, [a.programmeId, ids]);
  if (rows.length !== new Set(ids).size || rows.length !== ids.length) throw notFound('result');
  if (new Set(rows.map((r: Row) => r.parent_id)).size > 1) throw new AppError('request.invalid', { issues: [{ path: 'ids', message: 'results to reorder must be siblings' }] });
  await em.query(`UPDATE results r SET position = o.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
    WHERE r.id = o.id AND r.programme_id = $1`, [a.programmeId, ids]);
  await audit(em, { actorUserId: a.userId, action: 'logframe.result_reorder', programmeId: a.programmeId, targetType: 'result', details: { ids } });
}

/** The question index of a SurveyJS definition (surveys/definition.ts; the local walker if it cannot read it). */
export function definitionIndex(def: unknown): QuestionIndex {
  try { return questionIndex(def as TDefinition); } catch { return buildQuestionIndex(def); }
}

/** Question index of a programme: every question of its questionnaires (published versions and drafts), newest wins. */
export async function programmeQuestionIndex(em: EntityManager, programmeId: string): Promise<QuestionIndex | null> {
  const defs = await em.query(
    `SELECT v.definition FROM questionnaire_versions v JOIN questionnaires q ON q.id = v.questionnaire_id WHERE q.programme_id = $1
     UNION ALL SELECT draft_definition FROM questionnaires WHERE programme_id = $1 AND draft_definition IS NOT NULL`, [programmeId]);
  if (!defs.length) return null;
  const qi: QuestionIndex = new Map();
  for (const d of defs) for (const [k, v] of definitionIndex(d.definition)) qi.set(k, v);
  return qi;
}

export async function checkIndicator(em: EntityManager, programmeId: string, formula: TFormula, disaggregations: TDisaggregation[]) {
  const qi = await programmeQuestionIndex(em, programmeId);
  if (!qi) return; // no questionnaire yet: checked again when values are computed
  const problems = [...checkFormula(formula, qi), ...disaggregations.flatMap((d) => checkDisaggregation(d, qi))];
  if (problems.length) throw new AppError('indicator.invalid_formula', { problems }, `The indicator formula is not valid: ${problems.map((p) => `${p.item ? `"${p.item}": ` : ''}${p.problem}`).join('; ')}.`);
}

async function assertResult(em: EntityManager, programmeId: string, resultId: string) {
  const r = await em.query(`SELECT 1 FROM results WHERE id = $1 AND programme_id = $2`, [resultId, programmeId]);
  if (!r.length) throw notFound('result');
}

/** Period targets must name a reporting period of the programme; dates must lie inside the programme (400 target.period_unknown). */
async function checkTargets(em: EntityManager, programmeId: string, targets: TTargets) {
  const [p] = await em.query(`SELECT starts_on::text AS s, ends_on::text AS e FROM programmes WHERE id = $1`, [programmeId]);
  const codes = new Set((await em.query(`SELECT code FROM reporting_periods WHERE programme_id = $1`, [programmeId])).map((r: { code: string }) => r.code));
  const outside = (d: string | undefined) => !!d && ((p?.s && d < p.s) || (p?.e && d > p.e));
  const problems: Array<{ path: string; message: string }> = [];
  (targets.periods ?? []).forEach((t, i) => {
    if (t.period !== undefined && !codes.has(t.period)) problems.push({ path: `targets.periods.${i}.period`, message: `the programme has no reporting period ${t.period}` });
    if (outside(t.date)) problems.push({ path: `targets.periods.${i}.date`, message: 'the date is outside the programme' });
  });
  if (outside(targets.final?.date)) problems.push({ path: 'targets.final.date', message: 'the date is outside the programme' });
  if (problems.length) throw new AppError('target.period_unknown', { field: problems[0].path, issues: problems });
}

export async function createIndicator(em: EntityManager, a: Actor, b: TIndicatorBody) {
  await assertResult(em, a.programmeId, b.resultId);
  await assertCodeFree(em, 'indicators', a.programmeId, b.code);
  await checkTargets(em, a.programmeId, b.targets);
  await checkIndicator(em, a.programmeId, b.formula, b.disaggregations);
  const [r] = await em.query(
    `INSERT INTO indicators (programme_id, result_id, code, name_en, name_ar, unit, direction, formula, baseline_source, baseline_value, targets, disaggregations, position,
       baseline_date, baseline_note, verification_en, verification_ar, suppression_threshold)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12, coalesce($13, (SELECT coalesce(max(position) + 1, 0) FROM indicators WHERE programme_id = $1)),
       $14,$15,$16,$17,$18) RETURNING *`,
    [a.programmeId, b.resultId, b.code, b.nameEn, b.nameAr, b.unit, b.direction, JSON.stringify(b.formula), b.baselineSource, b.baselineValue ?? null,
      JSON.stringify(b.targets), JSON.stringify(b.disaggregations), b.position ?? null,
      b.baselineDate ?? null, b.baselineNote, b.verificationEn, b.verificationAr, b.suppressionThreshold ?? null]);
  await audit(em, { actorUserId: a.userId, action: 'indicator.create', programmeId: a.programmeId, targetType: 'indicator', targetId: r.id, details: { code: b.code } });
  return indicatorDto(r);
}

export async function listIndicators(em: EntityManager, programmeId: string) {
  const rows: Row[] = await em.query(`SELECT * FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL ORDER BY position, code`, [programmeId]);
  return rows.map(indicatorDto);
}

export async function getIndicator(em: EntityManager, programmeId: string, id: string, lock = false) {
  const [r] = await em.query(`SELECT * FROM indicators WHERE id = $1 AND programme_id = $2 AND deleted_at IS NULL${lock ? ' FOR UPDATE' : ''}`, [id, programmeId]);
  if (!r) throw notFound('indicator');
  return indicatorDto(r);
}

export async function updateIndicator(em: EntityManager, a: Actor, id: string, b: TIndicatorPatch) {
  const old = await getIndicator(em, a.programmeId, id, true);
  const next = { ...old, ...Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)) } as typeof old;
  if (b.resultId) await assertResult(em, a.programmeId, b.resultId);
  if (b.code) await assertCodeFree(em, 'indicators', a.programmeId, b.code, id);
  if (b.targets) await checkTargets(em, a.programmeId, b.targets);
  if (b.formula || b.disaggregations) await checkIndicator(em, a.programmeId, next.formula, next.disaggregations);
  const r = updated(await em.query(
    `UPDATE indicators SET result_id = $3, code = $4, name_en = $5, name_ar = $6, unit = $7, direction = $8, formula = $9, baseline_source = $10,
       baseline_value = $11, targets = $12, disaggregations = $13, position = $14, baseline_date = $15, baseline_note = $16, verification_en = $17,
       verification_ar = $18, suppression_threshold = $19, updated_at = now()
     WHERE id = $1 AND programme_id = $2 RETURNING *`,
    [id, a.programmeId, next.resultId, next.code, next.nameEn, next.nameAr, next.unit, next.direction, JSON.stringify(next.formula), next.baselineSource,
      next.baselineValue ?? null, JSON.stringify(next.targets), JSON.stringify(next.disaggregations), next.position,
      next.baselineDate, next.baselineNote, next.verificationEn, next.verificationAr, next.suppressionThreshold]));
  await audit(em, { actorUserId: a.userId, action: 'indicator.update', programmeId: a.programmeId, targetType: 'indicator', targetId: id,
    details: { changed: Object.keys(b), before: Object.fromEntries(Object.keys(b).map((k) => [k, (old as Record<string, unknown>)[k]])) } });
  return indicatorDto(r);
}

/** Soft delete: the row stays (deleted_at) so past reports and audit keep their meaning. */
export async function deleteIndicator(em: EntityManager, a: Actor, id: string) {
  const old = await getIndicator(em, a.programmeId, id, true);
  await em.query(`UPDATE indicators SET deleted_at = now(), updated_at = now() WHERE id = $1 AND programme_id = $2`, [id, a.programmeId]);
  await audit(em, { actorUserId: a.userId, action: 'indicator.delete', programmeId: a.programmeId, targetType: 'indicator', targetId: id, details: { code: old.code } });
}

export interface IndicatorSettings { suppressionThreshold: number; status: { onTrack: number; atRisk: number } }
export async function indicatorSettings(em: EntityManager, programmeId: string): Promise<IndicatorSettings> {
  const [p] = await em.query(`SELECT settings FROM programmes WHERE id = $1`, [programmeId]);
  if (!p) throw notFound('programme');
  const s = p.settings ?? {};
  return {
    suppressionThreshold: Number.isInteger(s.suppressionThreshold) ? s.suppressionThreshold : 3,
    status: { onTrack: s.status?.onTrack ?? 0.75, atRisk: s.status?.atRisk ?? 0.4 },
  };
}

export async function updateIndicatorSettings(em: EntityManager, a: Actor, b: z.infer<typeof ZSettings>) {
  await em.query(`UPDATE programmes SET settings = settings || $2::jsonb WHERE id = $1`, [a.programmeId, JSON.stringify(b)]);
  await audit(em, { actorUserId: a.userId, action: 'programme.indicator_settings_update', programmeId: a.programmeId, targetType: 'programme', targetId: a.programmeId, details: b });
  return indicatorSettings(em, a.programmeId);
}
