// Stakeholder roster of a programme: validation schema shared with the CSV import, CRUD, archive, filtered lists.
import { ZLine } from '../../contracts/common';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors';
import { audit } from './audit';

/** Rows of an UPDATE ... RETURNING (TypeORM answers [rows, count] for UPDATE and DELETE). */
export const returned = <T = Record<string, unknown>>(r: unknown): T[] => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : (r as T[]));
const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const ZAttrValue = z.union([z.string().max(500), z.number(), z.boolean()]);
export const ATTRIBUTE_KEY_RE = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;

/** One stakeholder as written by an officer (API body or one CSV row). */
export const ZStakeholderInput = z.object({
  nameEn: ZLine.pipe(z.string().trim().max(200)).default(''),
  nameAr: ZLine.pipe(z.string().trim().max(200)).default(''),
  institution: z.string().trim().min(1, 'required').max(100),
  department: z.string().trim().max(200).default(''),
  sex: z.preprocess(emptyToNull, z.enum(['female', 'male', 'other', 'undisclosed']).nullable()).default(null),
  preferredLanguage: z.preprocess((v) => emptyToNull(v) ?? 'en', z.enum(['en', 'ar'])).default('en'),
  email: z.preprocess(emptyToNull, z.email('not a valid email address').max(320).nullable()).default(null),
  phone: z.preprocess(emptyToNull, z.string().trim().regex(/^\+?[0-9 ()./-]{3,40}$/, 'not a valid phone number').max(40).nullable()).default(null),
  attributes: z.record(z.string().regex(ATTRIBUTE_KEY_RE, 'letters, digits and _, starting with a letter'), ZAttrValue)
    .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes').default({}),
}).refine((s) => s.nameEn !== '' || s.nameAr !== '', { message: 'an English or an Arabic name is required', path: ['nameEn'] });
export type StakeholderInput = z.output<typeof ZStakeholderInput>;

export const ZStakeholderPatch = z.object({
  nameEn: ZLine.pipe(z.string().trim().max(200)),
  nameAr: ZLine.pipe(z.string().trim().max(200)),
  institution: z.string().trim().min(1).max(100),
  department: z.string().trim().max(200),
  sex: z.enum(['female', 'male', 'other', 'undisclosed']).nullable(),
  preferredLanguage: z.enum(['en', 'ar']),
  email: z.preprocess(emptyToNull, z.email().max(320).nullable()),
  phone: z.preprocess(emptyToNull, z.string().trim().regex(/^\+?[0-9 ()./-]{3,40}$/).nullable()),
  attributes: z.record(z.string().regex(ATTRIBUTE_KEY_RE), ZAttrValue),
}).partial();

const SORTS = { name: 'lower(coalesce(nullif(name_en, \'\'), name_ar))', nameAr: 'name_ar', institution: 'institution', createdAt: 'created_at', updatedAt: 'updated_at' } as const;
export const ZStakeholderQuery = z.object({
  institution: z.string().max(100).optional(),
  sex: z.enum(['female', 'male', 'other', 'undisclosed']).optional(),
  language: z.enum(['en', 'ar']).optional(),
  q: z.string().max(200).optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  sort: z.enum(Object.keys(SORTS) as [keyof typeof SORTS]).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});

const COLUMNS = `id, name_en, name_ar, institution, department, sex, preferred_language, email, phone, attributes, archived_at, created_at, updated_at`;

/** Row → API shape; viewers (showContacts false) never see email or phone. */
interface StakeholderRow {
  id: string; name_en: string; name_ar: string; institution: string; department: string; sex: string | null; preferred_language: 'en' | 'ar';
  email: string | null; phone: string | null; attributes: Record<string, string | number | boolean>; archived_at: Date | null; created_at: Date; updated_at: Date;
}
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toStakeholder(r: StakeholderRow, showContacts: boolean) {
  return {
    id: r.id, nameEn: r.name_en, nameAr: r.name_ar, institution: r.institution, department: r.department, sex: r.sex,
    preferredLanguage: r.preferred_language, attributes: r.attributes,
    ...(showContacts ? { email: r.email, phone: r.phone } : {}),
    archivedAt: iso(r.archived_at), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
  };
}

/** The API shape of a stakeholder (email and phone only for officers). */
export const ZStakeholder = z.object({
  id: z.string(), nameEn: z.string(), nameAr: z.string(), institution: z.string(), department: z.string(), sex: z.string().nullable(),
  preferredLanguage: z.enum(['en', 'ar']), attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  email: z.string().nullable().optional(), phone: z.string().nullable().optional(),
  archivedAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});

export async function listStakeholders(em: EntityManager, programmeId: string, q: z.output<typeof ZStakeholderQuery>, showContacts: boolean) {
  const where = ['programme_id = $1'];
  const params: unknown[] = [programmeId];
  const add = (sql: string, v: unknown) => { params.push(v); where.push(sql.replace('?', `$${params.length}`)); };
  if (q.institution) add('institution = ?', q.institution);
  if (q.sex) add('sex = ?', q.sex);
  if (q.language) add('preferred_language = ?', q.language);
  if (q.q) add(`(name_en ILIKE ? ESCAPE '\\' OR name_ar ILIKE $${params.length + 1} ESCAPE '\\' OR department ILIKE $${params.length + 1} ESCAPE '\\')`, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (q.archived === 'false') where.push('archived_at IS NULL');
  if (q.archived === 'true') where.push('archived_at IS NOT NULL');
  const order = `${SORTS[q.sort]} ${q.order === 'desc' ? 'DESC' : 'ASC'}, id`;
  params.push(q.limit, q.offset);
  const rows = await em.query(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM stakeholders WHERE ${where.join(' AND ')}
      ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { total: rows.length ? Number(rows[0].total) : 0, items: rows.map((r: StakeholderRow) => toStakeholder(r, showContacts)) };
}

export async function getStakeholder(em: EntityManager, programmeId: string, id: string, showContacts: boolean) {
  const rows = await em.query(`SELECT ${COLUMNS} FROM stakeholders WHERE id = $1 AND programme_id = $2`, [id, programmeId]);
  if (!rows.length) throw notFound('stakeholder');
  return toStakeholder(rows[0], showContacts);
}

/** Inserts one stakeholder (no audit: callers audit, once per request). */
export async function insertStakeholder(em: EntityManager, programmeId: string, s: StakeholderInput): Promise<string> {
  const rows = await em.query(
    `INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, department, sex, preferred_language, email, phone, attributes)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
    [programmeId, s.nameEn, s.nameAr, s.institution, s.department, s.sex, s.preferredLanguage, s.email, s.phone, JSON.stringify(s.attributes)]);
  return rows[0].id;
}

export async function createStakeholder(em: EntityManager, programmeId: string, s: StakeholderInput, actorUserId: string) {
  const id = await insertStakeholder(em, programmeId, s);
  await audit(em, { actorUserId, action: 'stakeholder.create', programmeId, targetType: 'stakeholder', targetId: id, details: { institution: s.institution } });
  return getStakeholder(em, programmeId, id, true);
}

const PATCH_COLUMNS: Record<string, string> = {
  nameEn: 'name_en', nameAr: 'name_ar', institution: 'institution', department: 'department', sex: 'sex',
  preferredLanguage: 'preferred_language', email: 'email', phone: 'phone', attributes: 'attributes',
};

export async function updateStakeholder(em: EntityManager, programmeId: string, id: string, patch: z.output<typeof ZStakeholderPatch>, actorUserId: string) {
  const sets: string[] = [];
  const params: unknown[] = [id, programmeId];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    params.push(k === 'attributes' ? JSON.stringify(v) : v);
    sets.push(`${PATCH_COLUMNS[k]} = $${params.length}`);
  }
  if (!sets.length) throw new AppError('request.invalid', { reason: 'nothing to change' });
  const rows = returned(await em.query(
    `UPDATE stakeholders SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND programme_id = $2 RETURNING id`, params));
  if (!rows.length) throw notFound('stakeholder');
  await audit(em, { actorUserId, action: 'stakeholder.update', programmeId, targetType: 'stakeholder', targetId: id, details: { fields: Object.keys(patch) } });
  return getStakeholder(em, programmeId, id, true);
}

export async function setArchived(em: EntityManager, programmeId: string, id: string, archived: boolean, actorUserId: string) {
  const rows = returned(await em.query(
    `UPDATE stakeholders SET archived_at = CASE WHEN $3 THEN coalesce(archived_at, now()) ELSE NULL END, updated_at = now()
      WHERE id = $1 AND programme_id = $2 RETURNING id`, [id, programmeId, archived]));
  if (!rows.length) throw notFound('stakeholder');
  await audit(em, { actorUserId, action: archived ? 'stakeholder.archive' : 'stakeholder.restore', programmeId, targetType: 'stakeholder', targetId: id });
  return getStakeholder(em, programmeId, id, true);
}
