// Activities and meetings log: create, list (by period, dates, result, kind), read, change and delete activities,
// with institutions checked against the programme's registry and participant counts (or the list's counts).
import type { EntityManager } from 'typeorm';
import type { TActivity, TActivityCreate, TActivityList, TActivityPatch } from '../../contracts/activities';
import { AppError } from '../errors';
import { audit } from './audit';

export interface ActivityFilter { period?: string; from?: string; to?: string; resultId?: string; kind?: string; status?: string }

interface ActivityRow {
  id: string; result_id: string | null; result_code: string | null; title_en: string; title_ar: string; kind: TActivity['kind'];
  status: TActivity['status']; starts_on: string; ends_on: string; online: boolean; city: string; country: string;
  institutions: Array<{ code: string; nameEn: string; nameAr: string }>; participants_women: number; participants_men: number;
  participants_other: number; participants_from_list: boolean; notes_en: string; notes_ar: string; created_at: Date; updated_at: Date;
  attachments: TActivity['attachments'];
}

const SELECT = `
  SELECT a.id, a.result_id, r.code AS result_code, a.title_en, a.title_ar, a.kind, a.status,
         to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on,
         a.online, a.city, a.country, a.participants_women, a.participants_men, a.participants_other, a.participants_from_list,
         a.notes_en, a.notes_ar, a.created_at, a.updated_at,
         COALESCE((SELECT json_agg(json_build_object('code', c.code, 'nameEn', COALESCE(i.name_en, c.code), 'nameAr', COALESCE(i.name_ar, ''))
                   ORDER BY c.ord)
                   FROM unnest(a.institutions) WITH ORDINALITY AS c(code, ord)
                   LEFT JOIN institutions i ON i.programme_id = a.programme_id AND i.code = c.code), '[]'::json) AS institutions,
         COALESCE((SELECT json_agg(json_build_object('id', t.id, 'kind', t.kind, 'fileName', t.file_name, 'contentType', t.content_type,
                   'sizeBytes', t.size_bytes, 'sha256', encode(t.sha256, 'hex'), 'createdAt', t.created_at) ORDER BY t.created_at)
                   FROM activity_attachments t WHERE t.activity_id = a.id), '[]'::json) AS attachments
  FROM activities a LEFT JOIN results r ON r.id = a.result_id`;

function toActivity(r: ActivityRow): TActivity {
  const women = r.participants_women, men = r.participants_men, other = r.participants_other;
  return {
    id: r.id, resultId: r.result_id, resultCode: r.result_code, titleEn: r.title_en, titleAr: r.title_ar, kind: r.kind, status: r.status,
    startDate: r.starts_on, endDate: r.ends_on, location: { online: r.online, city: r.city, country: r.country },
    institutions: r.institutions, participants: { women, men, other, total: women + men + other, fromList: r.participants_from_list },
    notesEn: r.notes_en, notesAr: r.notes_ar,
    attachments: r.attachments.map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() })),
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

/** The [from, to] dates of a filter: a reporting period of the programme, or explicit dates. */
export async function filterDates(em: EntityManager, programmeId: string, f: { period?: string; from?: string; to?: string }): Promise<{ from?: string; to?: string }> {
  if (!f.period) return { from: f.from, to: f.to };
  const rows: Array<{ from: string; to: string }> = await em.query(
    `SELECT to_char(starts_on, 'YYYY-MM-DD') AS from, to_char(ends_on, 'YYYY-MM-DD') AS to FROM reporting_periods WHERE id = $1 AND programme_id = $2`,
    [f.period, programmeId]);
  if (!rows.length) throw new AppError('activity.unknown_period', { period: f.period });
  return rows[0];
}

export async function listActivities(em: EntityManager, programmeId: string, f: ActivityFilter): Promise<TActivity[]> {
  const { from, to } = await filterDates(em, programmeId, f);
  const rows: ActivityRow[] = await em.query(`${SELECT}
    WHERE a.programme_id = $1 AND ($2::date IS NULL OR a.starts_on >= $2::date) AND ($3::date IS NULL OR a.starts_on <= $3::date)
      AND ($4::uuid IS NULL OR a.result_id = $4::uuid) AND ($5::text IS NULL OR a.kind = $5) AND ($6::text IS NULL OR a.status = $6)
    ORDER BY a.starts_on, a.created_at`,
  [programmeId, from ?? null, to ?? null, f.resultId ?? null, f.kind ?? null, f.status ?? null]);
  return rows.map(toActivity);
}

/** The activities of a filter with the programme's periods, institutions and results (what the page chooses from). */
export async function activityPage(em: EntityManager, programmeId: string, f: ActivityFilter): Promise<TActivityList> {
  const items = await listActivities(em, programmeId, f);
  const periods = await em.query(
    `SELECT id, code, name_en AS "nameEn", name_ar AS "nameAr", to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn"
     FROM reporting_periods WHERE programme_id = $1 ORDER BY starts_on`, [programmeId]);
  const institutions = await em.query(
    `SELECT code, name_en AS "nameEn", name_ar AS "nameAr" FROM institutions WHERE programme_id = $1 AND archived_at IS NULL ORDER BY name_en`, [programmeId]);
  const results = await em.query(
    `SELECT id, code, statement_en AS "statementEn", statement_ar AS "statementAr" FROM results WHERE programme_id = $1 ORDER BY position, code`, [programmeId]);
  return { items, periods, institutions, results };
}

export async function getActivity(em: EntityManager, programmeId: string, activityId: string): Promise<TActivity> {
  const rows: ActivityRow[] = await em.query(`${SELECT} WHERE a.programme_id = $1 AND a.id = $2`, [programmeId, activityId]);
  if (!rows.length) throw new AppError('resource.not_found', { activityId });
  return toActivity(rows[0]);
}

async function checkReferences(em: EntityManager, programmeId: string, resultId: string | null | undefined, institutions: string[] | undefined): Promise<void> {
  if (resultId) {
    const r = await em.query(`SELECT 1 FROM results WHERE id = $1 AND programme_id = $2`, [resultId, programmeId]);
    if (!r.length) throw new AppError('activity.unknown_result', { resultId });
  }
  if (institutions?.length) {
    const known: Array<{ code: string }> = await em.query(
      `SELECT code FROM institutions WHERE programme_id = $1 AND code = ANY($2::text[])`, [programmeId, institutions]);
    const missing = institutions.filter((c) => !known.some((k) => k.code === c));
    if (missing.length) throw new AppError('activity.unknown_institution', { institutions: missing });
    if (new Set(institutions).size !== institutions.length) throw new AppError('request.invalid', { reason: 'an institution is listed twice' });
  }
}

export async function createActivity(em: EntityManager, programmeId: string, input: TActivityCreate, userId: string): Promise<TActivity> {
  const endDate = input.endDate ?? input.startDate;
  if (endDate < input.startDate) throw new AppError('activity.dates_order', { startDate: input.startDate, endDate });
  await checkReferences(em, programmeId, input.resultId, input.institutions);
  const p = input.participants ?? { women: 0, men: 0, other: 0 };
  const [row]: Array<{ id: string }> = await em.query(
    `INSERT INTO activities (programme_id, result_id, title_en, title_ar, kind, status, starts_on, ends_on, online, city, country,
       institutions, participants_women, participants_men, participants_other, notes_en, notes_ar, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id`,
    [programmeId, input.resultId, input.titleEn, input.titleAr, input.kind, input.status, input.startDate, endDate,
      input.location.online, input.location.city, input.location.country, input.institutions, p.women, p.men, p.other,
      input.notesEn, input.notesAr, userId]);
  await audit(em, { actorUserId: userId, action: 'activity.create', programmeId, targetType: 'activity', targetId: row.id,
    details: { kind: input.kind, startDate: input.startDate, participants: p } });
  return getActivity(em, programmeId, row.id);
}

export async function updateActivity(em: EntityManager, programmeId: string, activityId: string, patch: TActivityPatch, userId: string): Promise<TActivity> {
  const before = await getActivity(em, programmeId, activityId);
  const startDate = patch.startDate ?? before.startDate;
  const endDate = patch.endDate ?? (patch.startDate && before.endDate < patch.startDate ? patch.startDate : before.endDate);
  if (endDate < startDate) throw new AppError('activity.dates_order', { startDate, endDate });
  await checkReferences(em, programmeId, patch.resultId, patch.institutions);
  if (patch.participants && before.participants.fromList) {
    const b = before.participants;
    const p = patch.participants;
    if (p.women !== b.women || p.men !== b.men || p.other !== b.other) {
      throw new AppError('activity.counts_disagree', { list: { women: b.women, men: b.men, other: b.other }, given: p });
    }
  }
  const loc = patch.location ?? before.location;
  const p = patch.participants ?? before.participants;
  await em.query(
    `UPDATE activities SET title_en = $3, title_ar = $4, kind = $5, status = $6, starts_on = $7, ends_on = $8, online = $9, city = $10,
       country = $11, result_id = $12, institutions = $13, participants_women = $14, participants_men = $15, participants_other = $16,
       notes_en = $17, notes_ar = $18, updated_at = now()
     WHERE id = $1 AND programme_id = $2`,
    [activityId, programmeId, patch.titleEn ?? before.titleEn, patch.titleAr ?? before.titleAr, patch.kind ?? before.kind,
      patch.status ?? before.status, startDate, endDate, loc.online, loc.city, loc.country,
      patch.resultId === undefined ? before.resultId : patch.resultId, patch.institutions ?? before.institutions.map((i) => i.code),
      p.women, p.men, p.other, patch.notesEn ?? before.notesEn, patch.notesAr ?? before.notesAr]);
  await audit(em, { actorUserId: userId, action: 'activity.update', programmeId, targetType: 'activity', targetId: activityId,
    details: { changed: Object.keys(patch) } });
  return getActivity(em, programmeId, activityId);
}

export async function deleteActivity(em: EntityManager, programmeId: string, activityId: string, userId: string): Promise<{ deleted: true }> {
  const before = await getActivity(em, programmeId, activityId);
  await em.query(`DELETE FROM activities WHERE id = $1 AND programme_id = $2`, [activityId, programmeId]);
  await audit(em, { actorUserId: userId, action: 'activity.delete', programmeId, targetType: 'activity', targetId: activityId,
    details: { titleEn: before.titleEn, startDate: before.startDate, participants: before.participants, attachments: before.attachments.length } });
  return { deleted: true };
}
