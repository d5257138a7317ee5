// Institutions registry of a programme: list, add, change, archive, and `resolveInstitution` (by code, English or
// Arabic name) for stakeholder imports — every change audited in the caller's transaction.
import type { EntityManager } from 'typeorm';
import type { TInstitution } from '../../contracts/programmes';
import { AppError, notFound } from '../errors';
import { audit } from './audit';

export interface Actor { userId: string; programmeId: string }
type Row = Record<string, unknown>;
const COLS = `id, code, name_en, name_ar, type, archived_at`;
const dto = (r: Row): TInstitution => ({
  id: String(r.id), code: String(r.code), nameEn: String(r.name_en), nameAr: String(r.name_ar), type: r.type as TInstitution['type'],
  archivedAt: r.archived_at ? new Date(r.archived_at as string).toISOString() : null,
});

export async function listInstitutions(em: EntityManager, programmeId: string, includeArchived = false): Promise<TInstitution[]> {
  return (await em.query(`SELECT ${COLS} FROM institutions WHERE programme_id = $1 AND ($2 OR archived_at IS NULL) ORDER BY code`,
    [programmeId, includeArchived])).map(dto);
}

async function assertCodeFree(em: EntityManager, programmeId: string, code: string, selfId?: string): Promise<void> {
  const rows = await em.query(`SELECT 1 FROM institutions WHERE programme_id = $1 AND lower(code) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
    [programmeId, code, selfId ?? null]);
  if (rows.length) throw new AppError('code.taken', { field: 'code', value: code });
}

export async function createInstitution(em: EntityManager, a: Actor, b: { code: string; nameEn: string; nameAr: string; type: TInstitution['type'] }): Promise<TInstitution> {
  await assertCodeFree(em, a.programmeId, b.code);
  const [r] = await em.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar, type) VALUES ($1,$2,$3,$4,$5) RETURNING ${COLS}`,
    [a.programmeId, b.code, b.nameEn, b.nameAr, b.type]);
  await audit(em, { actorUserId: a.userId, action: 'institution.create', programmeId: a.programmeId, targetType: 'institution', targetId: r.id, details: { code: b.code } });
  return dto(r);
}

/** Change an institution; a new code is carried over to the stakeholders that held the old one (same transaction). */
export async function updateInstitution(em: EntityManager, a: Actor, id: string,
  b: { code?: string; nameEn?: string; nameAr?: string; type?: TInstitution['type']; archived?: boolean }): Promise<TInstitution> {
  const [old] = await em.query(`SELECT ${COLS} FROM institutions WHERE id = $1 AND programme_id = $2 FOR UPDATE`, [id, a.programmeId]);
  if (!old) throw notFound('institution');
  if (b.code !== undefined && b.code !== old.code) {
    await assertCodeFree(em, a.programmeId, b.code, id);
    await em.query(`UPDATE stakeholders SET institution = $3, updated_at = now() WHERE programme_id = $1 AND institution = $2`, [a.programmeId, old.code, b.code]);
  }
  const res = await em.query(
    `UPDATE institutions SET code = coalesce($3, code), name_en = coalesce($4, name_en), name_ar = coalesce($5, name_ar), type = coalesce($6, type),
       archived_at = CASE WHEN $7::boolean IS NULL THEN archived_at WHEN $7 THEN coalesce(archived_at, now()) ELSE NULL END
     WHERE id = $1 AND programme_id = $2 RETURNING ${COLS}`,
    [id, a.programmeId, b.code ?? null, b.nameEn ?? null, b.nameAr ?? null, b.type ?? null, b.archived ?? null]);
  const row: Row = Array.isArray(res[0]) ? res[0][0] : res[0];
  const before = dto(old);
  await audit(em, { actorUserId: a.userId, action: 'institution.update', programmeId: a.programmeId, targetType: 'institution', targetId: id,
    details: { changes: Object.fromEntries(Object.keys(b).map((k) => [k, { before: k === 'archived' ? !!before.archivedAt : before[k as keyof TInstitution], after: b[k as keyof typeof b] }])) } });
  return dto(row);
}

const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The institution a piece of text names, for stakeholder CSV imports: its code, English name or Arabic name (case,
 * spacing and Unicode forms ignored), live institutions only. Undefined when none or more than one match.
 */
export async function resolveInstitution(em: EntityManager, programmeId: string, text: string): Promise<TInstitution | undefined> {
  const all = await listInstitutions(em, programmeId);
  return matchInstitution(all, text);
}

/** The pure matching rule of resolveInstitution, for callers that resolve many rows against one list. */
export function matchInstitution(all: TInstitution[], text: string): TInstitution | undefined {
  const q = norm(text);
  if (!q) return undefined;
  const byCode = all.filter((i) => norm(i.code) === q);
  if (byCode.length === 1) return byCode[0];
  const byName = all.filter((i) => norm(i.nameEn) === q || (i.nameAr && norm(i.nameAr) === q));
  return byName.length === 1 ? byName[0] : undefined;
}
