// Waves as every service sees them: the one "open" and "ended" rule (SQL and TypeScript) and the one wave loader.
import type { EntityManager } from 'typeorm';
import { notFound } from '../errors';
import { rows } from '../db/rows';

export type WaveKind = 'baseline' | 'midline' | 'endline' | 'monitoring';

/**
 * SQL (alias w): the wave has ended for good — closed by hand or past its closing date. An ended wave takes no
 * answers, invitations or reminders; a wave that has not opened yet has not ended (it can be invited to).
 */
export const WAVE_HAS_ENDED_SQL = `(w.closed_at IS NOT NULL OR now() >= w.closes_at)`;
/** SQL (alias w): the wave accepts answers right now — opened and not ended. */
export const WAVE_IS_OPEN_SQL = `(w.closed_at IS NULL AND now() >= w.opens_at AND now() < w.closes_at)`;

export interface WaveDates { opensAt: Date; closesAt: Date; closedAt: Date | null }
/** The same rules in TypeScript, for a wave already loaded. */
export const hasWaveEnded = (w: WaveDates, now = new Date()): boolean => w.closedAt !== null || now.getTime() >= w.closesAt.getTime();
export const isWaveOpen = (w: WaveDates, now = new Date()): boolean => !hasWaveEnded(w, now) && now.getTime() >= w.opensAt.getTime();

/** A wave with its questionnaire version and its state now. */
export interface Wave extends WaveDates {
  id: string; programmeId: string; questionnaireVersionId: string; questionnaireId: string; version: number; kind: WaveKind;
  nameEn: string; nameAr: string; hasOpenLink: boolean; isOpen: boolean; hasEnded: boolean; createdAt: Date;
}

interface WaveRow {
  id: string; programme_id: string; questionnaire_version_id: string; questionnaire_id: string; version: number; kind: WaveKind;
  name_en: string; name_ar: string; opens_at: Date; closes_at: Date; closed_at: Date | null; has_open_link: boolean; is_open: boolean;
  has_ended: boolean; created_at: Date;
}

const SELECT = `SELECT w.id, w.programme_id, w.questionnaire_version_id, w.kind, w.name_en, w.name_ar, w.opens_at, w.closes_at, w.closed_at,
  w.open_link_token_hash IS NOT NULL AS has_open_link, w.created_at, v.version, v.questionnaire_id,
  ${WAVE_IS_OPEN_SQL} AS is_open, ${WAVE_HAS_ENDED_SQL} AS has_ended
  FROM waves w JOIN questionnaire_versions v ON v.id = w.questionnaire_version_id`;

const toWave = (r: WaveRow): Wave => ({
  id: r.id, programmeId: r.programme_id, questionnaireVersionId: r.questionnaire_version_id, questionnaireId: r.questionnaire_id,
  version: r.version, kind: r.kind, nameEn: r.name_en, nameAr: r.name_ar, opensAt: r.opens_at, closesAt: r.closes_at, closedAt: r.closed_at,
  hasOpenLink: r.has_open_link, isOpen: r.is_open, hasEnded: r.has_ended, createdAt: r.created_at,
});

/** One wave of the programme; another programme's wave is a 404 like a missing one. `lock` takes a row lock (in a transaction). */
export async function loadWave(em: EntityManager, programmeId: string, waveId: string, opts: { lock?: boolean } = {}): Promise<Wave> {
  const found = await rows<WaveRow>(em, `${SELECT} WHERE w.id = $1 AND w.programme_id = $2${opts.lock ? ' FOR UPDATE OF w' : ''}`, [waveId, programmeId]);
  if (!found.length) throw notFound('wave');
  return toWave(found[0]);
}

/** Every wave of the programme, oldest opening first. */
export async function loadWaves(em: EntityManager, programmeId: string): Promise<Wave[]> {
  return (await rows<WaveRow>(em, `${SELECT} WHERE w.programme_id = $1 ORDER BY w.opens_at, w.created_at`, [programmeId])).map(toWave);
}
