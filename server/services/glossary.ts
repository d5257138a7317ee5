// Programme glossary: agreed English → Arabic terms (list, add with a unique English term, remove), audited.
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { returned, rows } from '../db/rows';
import type { TTerm } from '../../contracts/glossary';
import type { Actor } from './questionnaires';

const COLS = `id, term_en AS "termEn", term_ar AS "termAr", note`;

export function listTerms(em: EntityManager, programmeId: string): Promise<TTerm[]> {
  return rows<TTerm>(em, `SELECT ${COLS} FROM glossary_terms WHERE programme_id = $1 ORDER BY lower(term_en)`, [programmeId]);
}

export async function addTerm(em: EntityManager, programmeId: string, t: { termEn: string; termAr: string; note?: string }, actor: Actor): Promise<TTerm> {
  const dup = await em.query(`SELECT 1 FROM glossary_terms WHERE programme_id = $1 AND lower(term_en) = lower($2)`, [programmeId, t.termEn]);
  if (dup.length) throw new AppError('resource.conflict', { field: 'termEn' });
  const [row] = await rows<TTerm>(em, `INSERT INTO glossary_terms (programme_id, term_en, term_ar, note) VALUES ($1, $2, $3, $4) RETURNING ${COLS}`,
    [programmeId, t.termEn, t.termAr, t.note ?? '']);
  await audit(em, { actorUserId: actor.userId, action: 'glossary.add', programmeId, targetType: 'glossary_term', targetId: row.id, details: { termEn: t.termEn } });
  return row;
}

export async function removeTerm(em: EntityManager, programmeId: string, termId: string, actor: Actor): Promise<void> {
  const gone = returned<{ term_en: string }>(await em.query(
    `DELETE FROM glossary_terms WHERE id = $1 AND programme_id = $2 RETURNING term_en`, [termId, programmeId]));
  if (!gone.length) throw notFound('glossary_term');
  await audit(em, { actorUserId: actor.userId, action: 'glossary.remove', programmeId, targetType: 'glossary_term', targetId: termId, details: { termEn: gone[0].term_en } });
}
