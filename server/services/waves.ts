// Waves: a round of data collection on one published questionnaire version, with opening/closing dates and an
// optional anonymous open link; decides whether a wave accepts answers right now.
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { newToken } from './tokens';
import type { Actor } from './questionnaires';

export type WaveKind = 'baseline' | 'midline' | 'endline' | 'monitoring';
export interface WaveInput { questionnaireVersionId: string; kind: WaveKind; nameEn: string; nameAr?: string; opensAt: Date; closesAt: Date }
/** TypeORM answers UPDATE/DELETE … RETURNING with [rows, count]; INSERT … RETURNING with rows. */
const returned = (r: unknown): any[] => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : (r as any[]));

export interface WavePatch { nameEn?: string; nameAr?: string; opensAt?: Date; closesAt?: Date }

/** SQL expression (alias w) that is true while a wave accepts answers. */
export const WAVE_IS_OPEN_SQL = `(w.closed_at IS NULL AND now() >= w.opens_at AND now() < w.closes_at)`;

const COLUMNS = `w.id, w.programme_id, w.questionnaire_version_id, w.kind, w.name_en, w.name_ar, w.opens_at, w.closes_at, w.closed_at,
  w.open_link_token_hash IS NOT NULL AS has_open_link, w.created_at, v.version, v.questionnaire_id,
  ${WAVE_IS_OPEN_SQL} AS is_open`;

const toWave = (r: any) => ({
  id: r.id as string, questionnaireVersionId: r.questionnaire_version_id as string, questionnaireId: r.questionnaire_id as string,
  version: r.version as number, kind: r.kind as WaveKind, nameEn: r.name_en as string, nameAr: r.name_ar as string,
  opensAt: r.opens_at as Date, closesAt: r.closes_at as Date, closedAt: r.closed_at as Date | null,
  hasOpenLink: r.has_open_link as boolean, isOpen: r.is_open as boolean, createdAt: r.created_at as Date,
});

export async function getWave(em: EntityManager, programmeId: string, waveId: string) {
  const rows = await em.query(
    `SELECT ${COLUMNS} FROM waves w JOIN questionnaire_versions v ON v.id = w.questionnaire_version_id
      WHERE w.id = $1 AND w.programme_id = $2`, [waveId, programmeId]);
  if (!rows.length) throw notFound('wave');
  return toWave(rows[0]);
}

export async function listWaves(em: EntityManager, programmeId: string) {
  const rows = await em.query(
    `SELECT ${COLUMNS} FROM waves w JOIN questionnaire_versions v ON v.id = w.questionnaire_version_id
      WHERE w.programme_id = $1 ORDER BY w.opens_at, w.created_at`, [programmeId]);
  return rows.map(toWave);
}

function checkDates(opensAt: Date, closesAt: Date) {
  if (closesAt.getTime() <= opensAt.getTime()) {
    throw new AppError('request.invalid', { issues: [{ path: 'closesAt', message: 'must be after opensAt' }] });
  }
}

export async function createWave(em: EntityManager, programmeId: string, input: WaveInput, actor: Actor) {
  const version = await em.query(
    `SELECT v.id FROM questionnaire_versions v JOIN questionnaires q ON q.id = v.questionnaire_id
      WHERE v.id = $1 AND q.programme_id = $2`, [input.questionnaireVersionId, programmeId]);
  if (!version.length) throw notFound('questionnaire_version');
  checkDates(input.opensAt, input.closesAt);
  const rows = await em.query(
    `INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [programmeId, input.questionnaireVersionId, input.kind, input.nameEn, input.nameAr ?? '', input.opensAt, input.closesAt]);
  await audit(em, { actorUserId: actor.userId, action: 'wave.create', programmeId, targetType: 'wave', targetId: rows[0].id,
    details: { kind: input.kind, questionnaireVersionId: input.questionnaireVersionId } });
  return getWave(em, programmeId, rows[0].id);
}

export async function updateWave(em: EntityManager, programmeId: string, waveId: string, patch: WavePatch, actor: Actor) {
  const cur = await getWave(em, programmeId, waveId);
  const next = { nameEn: patch.nameEn ?? cur.nameEn, nameAr: patch.nameAr ?? cur.nameAr,
    opensAt: patch.opensAt ?? cur.opensAt, closesAt: patch.closesAt ?? cur.closesAt };
  checkDates(next.opensAt, next.closesAt);
  await em.query(`UPDATE waves SET name_en = $3, name_ar = $4, opens_at = $5, closes_at = $6 WHERE id = $1 AND programme_id = $2`,
    [waveId, programmeId, next.nameEn, next.nameAr, next.opensAt, next.closesAt]);
  await audit(em, { actorUserId: actor.userId, action: 'wave.update', programmeId, targetType: 'wave', targetId: waveId,
    details: { changed: Object.keys(patch) } });
  return getWave(em, programmeId, waveId);
}

/** Closes the wave now: from then on it refuses answers. Closing twice is a 409 wave.closed. */
export async function closeWave(em: EntityManager, programmeId: string, waveId: string, actor: Actor) {
  await getWave(em, programmeId, waveId);
  const rows = returned(await em.query(`UPDATE waves SET closed_at = now() WHERE id = $1 AND programme_id = $2 AND closed_at IS NULL RETURNING id`,
    [waveId, programmeId]));
  if (!rows.length) throw new AppError('wave.closed');
  await audit(em, { actorUserId: actor.userId, action: 'wave.close', programmeId, targetType: 'wave', targetId: waveId });
  return getWave(em, programmeId, waveId);
}

/** A new anonymous open link for the wave (replaces the previous one, whose link stops working). */
export async function createOpenLink(em: EntityManager, programmeId: string, waveId: string, baseUrl: string, actor: Actor) {
  const wave = await getWave(em, programmeId, waveId);
  if (wave.closedAt) throw new AppError('wave.closed');
  const { token, hash } = newToken();
  await em.query(`UPDATE waves SET open_link_token_hash = $3 WHERE id = $1 AND programme_id = $2`, [waveId, programmeId, hash]);
  await audit(em, { actorUserId: actor.userId, action: 'wave.open_link', programmeId, targetType: 'wave', targetId: waveId });
  return { link: `${baseUrl.replace(/\/+$/, '')}/o/${token}` };
}

/** Throws 'wave.not_open' (bilingual message) unless the wave accepts answers now. */
export function assertWaveOpen(wave: { isOpen: boolean; opensAt: Date; closesAt: Date; closedAt: Date | null }): void {
  if (!wave.isOpen) {
    throw new AppError('wave.not_open', { opensAt: wave.opensAt, closesAt: wave.closesAt, closed: wave.closedAt !== null });
  }
}
