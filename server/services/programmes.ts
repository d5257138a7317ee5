// Programme use cases: create (creator becomes its administrator, default quarterly periods), list (archived hidden
// unless asked), read, change, archive and restore — every change audited in the caller's transaction.
import type { EntityManager } from 'typeorm';
import type { TProgramme, TProgrammeCreate, TProgrammePatch } from '../../contracts/programmes';
import { defaultQuarters } from '../../indicators/periods';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { replacePeriods } from './periods';

type Row = Record<string, unknown>;
const iso = (d: unknown) => (d === null || d === undefined ? null : d instanceof Date ? d.toISOString() : String(d));
/** a `date` column as YYYY-MM-DD (pg gives a string with types set, a Date otherwise) */
export const isoDay = (d: unknown): string | null => {
  if (d === null || d === undefined) return null;
  if (d instanceof Date) {
    const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 10);
  }
  return String(d).slice(0, 10);
};
const COLS = `p.id, p.code, p.name_en, p.name_ar, p.donor_en, p.donor_ar, p.starts_on::text AS starts_on, p.ends_on::text AS ends_on,
  p.default_language, p.archived_at, p.settings`;

function dto(r: Row, role: TProgramme['role']): TProgramme {
  return {
    id: String(r.id), code: String(r.code), nameEn: String(r.name_en), nameAr: String(r.name_ar), donorEn: String(r.donor_en), donorAr: String(r.donor_ar),
    startsOn: isoDay(r.starts_on), endsOn: isoDay(r.ends_on), defaultLanguage: r.default_language === 'ar' ? 'ar' : 'en',
    archivedAt: iso(r.archived_at), role, settings: (r.settings ?? {}) as Record<string, unknown>,
  };
}

export interface Caller { userId: string; isAdmin: boolean }

/** Programmes the caller may open; archived ones only when asked (`archived`: true = both, only = archived only). */
export async function listProgrammes(em: EntityManager, c: Caller, archived: 'true' | 'false' | 'only' = 'false'): Promise<TProgramme[]> {
  const rows: Row[] = await em.query(
    `SELECT ${COLS}, CASE WHEN $2 THEN 'administrator' ELSE m.role END AS role
       FROM programmes p LEFT JOIN programme_memberships m ON m.programme_id = p.id AND m.user_id = $1
      WHERE ($2 OR m.user_id IS NOT NULL)
        AND (CASE $3 WHEN 'true' THEN true WHEN 'only' THEN p.archived_at IS NOT NULL ELSE p.archived_at IS NULL END)
      ORDER BY p.code`, [c.userId, c.isAdmin, archived]);
  return rows.map((r) => dto(r, r.role as TProgramme['role']));
}

export async function getProgramme(em: EntityManager, id: string, role: TProgramme['role'], lock = false): Promise<TProgramme> {
  const rows: Row[] = await em.query(`SELECT ${COLS} FROM programmes p WHERE p.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw notFound('programme');
  return dto(rows[0], role);
}

function checkDates(startsOn: string | null, endsOn: string | null): void {
  if (startsOn && endsOn && endsOn <= startsOn) throw new AppError('programme.dates_order', { field: 'endsOn' });
}

async function assertCodeFree(em: EntityManager, code: string): Promise<void> {
  const taken = await em.query(`SELECT 1 FROM programmes WHERE lower(code) = lower($1)`, [code]);
  if (taken.length) throw new AppError('code.taken', { field: 'code', value: code });
}

/** A system administrator creates a programme; the creator becomes its administrator; periods default to quarters. */
export async function createProgramme(em: EntityManager, actorId: string, b: TProgrammeCreate): Promise<TProgramme> {
  checkDates(b.startsOn, b.endsOn);
  await assertCodeFree(em, b.code);
  const [r]: Row[] = await em.query(
    `INSERT INTO programmes (code, name_en, name_ar, donor_en, donor_ar, starts_on, ends_on, default_language)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
    [b.code, b.nameEn, b.nameAr, b.donorEn, b.donorAr, b.startsOn, b.endsOn, b.defaultLanguage]);
  const id = String(r.id);
  await em.query(`INSERT INTO programme_memberships (user_id, programme_id, role) VALUES ($1, $2, 'administrator')`, [actorId, id]);
  await audit(em, { actorUserId: actorId, action: 'programme.create', programmeId: id, targetType: 'programme', targetId: id,
    details: { code: b.code, startsOn: b.startsOn, endsOn: b.endsOn } });
  await audit(em, { actorUserId: actorId, action: 'membership.set', programmeId: id, targetType: 'user', targetId: actorId, details: { before: null, after: 'administrator' } });
  const periods = b.periods === 'quarterly' ? defaultQuarters(b.startsOn, b.endsOn) : b.periods === 'none' ? [] : b.periods;
  if (periods.length) await replacePeriods(em, { userId: actorId, programmeId: id }, periods);
  return getProgramme(em, id, 'administrator');
}

export async function updateProgramme(em: EntityManager, actorId: string, id: string, role: TProgramme['role'], b: TProgrammePatch): Promise<TProgramme> {
  const old = await getProgramme(em, id, role, true);
  checkDates(b.startsOn ?? old.startsOn, b.endsOn ?? old.endsOn);
  await em.query(
    `UPDATE programmes SET name_en = coalesce($2, name_en), name_ar = coalesce($3, name_ar), donor_en = coalesce($4, donor_en),
       donor_ar = coalesce($5, donor_ar), starts_on = coalesce($6::date, starts_on), ends_on = coalesce($7::date, ends_on),
       default_language = coalesce($8, default_language) WHERE id = $1`,
    [id, b.nameEn ?? null, b.nameAr ?? null, b.donorEn ?? null, b.donorAr ?? null, b.startsOn ?? null, b.endsOn ?? null, b.defaultLanguage ?? null]);
  const changes = Object.fromEntries(Object.keys(b).map((k) => [k, { before: old[k as keyof TProgramme], after: b[k as keyof TProgrammePatch] }]));
  await audit(em, { actorUserId: actorId, action: 'programme.update', programmeId: id, targetType: 'programme', targetId: id, details: { changes } });
  return getProgramme(em, id, role);
}

/** Archive (read-only, hidden from lists by default) or restore; nothing is ever deleted. */
export async function setArchived(em: EntityManager, actorId: string, id: string, role: TProgramme['role'], archived: boolean): Promise<TProgramme> {
  const old = await getProgramme(em, id, role, true);
  if (!!old.archivedAt === archived) return old;
  await em.query(`UPDATE programmes SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END WHERE id = $1`, [id, archived]);
  await audit(em, { actorUserId: actorId, action: archived ? 'programme.archive' : 'programme.restore', programmeId: id, targetType: 'programme', targetId: id });
  return getProgramme(em, id, role);
}

/** Refuses a change to an archived programme (409 programme.archived). */
export async function assertNotArchived(em: EntityManager, id: string): Promise<void> {
  const [r] = await em.query(`SELECT archived_at FROM programmes WHERE id = $1`, [id]);
  if (r?.archived_at) throw new AppError('programme.archived');
}
