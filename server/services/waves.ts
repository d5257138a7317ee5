// Waves: a round of data collection on one published questionnaire version, with opening/closing dates and an
// optional anonymous open link; decides whether a wave accepts answers right now.
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { newToken } from './tokens';
import type { Actor } from './questionnaires';
import { returned } from '../db/rows';
import { loadWave, loadWaves, WAVE_IS_OPEN_SQL, type Wave, type WaveDates, type WaveKind } from './wave-rules';

export { WAVE_IS_OPEN_SQL, type WaveKind };
export interface WaveInput { questionnaireVersionId: string; kind: WaveKind; nameEn: string; nameAr?: string; opensAt: Date; closesAt: Date }
export interface WavePatch { nameEn?: string; nameAr?: string; opensAt?: Date; closesAt?: Date }

export const getWave = (em: EntityManager, programmeId: string, waveId: string): Promise<Wave> => loadWave(em, programmeId, waveId);
export const listWaves = (em: EntityManager, programmeId: string): Promise<Wave[]> => loadWaves(em, programmeId);

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
  const rows = await em.query<Array<{ id: string }>>(
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
  if (wave.hasEnded) throw new AppError('wave.closed');
  const { token, hash } = newToken();
  await em.query(`UPDATE waves SET open_link_token_hash = $3 WHERE id = $1 AND programme_id = $2`, [waveId, programmeId, hash]);
  await audit(em, { actorUserId: actor.userId, action: 'wave.open_link', programmeId, targetType: 'wave', targetId: waveId });
  return { link: `${baseUrl.replace(/\/+$/, '')}/o/${token}` };
}

/** Throws 'wave.not_open' (bilingual message) unless the wave accepts answers now. */
export function assertWaveOpen(wave: { isOpen: boolean } & WaveDates): void {
  if (!wave.isOpen) {
    throw new AppError('wave.not_open', { opensAt: wave.opensAt, closesAt: wave.closesAt, closed: wave.closedAt !== null });
  }
}
