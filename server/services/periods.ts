// Reporting periods of a programme: list, replace the whole list (validated: unique codes, dates in order, inside the
// programme), regenerate the default quarters — audited in the caller's transaction.
import type { EntityManager } from 'typeorm';
import type { TPeriod } from '../../contracts/programmes';
import { defaultQuarters, type ReportingPeriodDraft } from '../../indicators/periods';
import { AppError, notFound } from '../errors';
import { audit } from './audit';

export interface Actor { userId: string; programmeId: string }

const COLS = `id, code, name_en, name_ar, starts_on::text AS starts_on, ends_on::text AS ends_on`;
const dto = (r: Record<string, unknown>): TPeriod => ({
  id: String(r.id), code: String(r.code), nameEn: String(r.name_en), nameAr: String(r.name_ar), startsOn: String(r.starts_on), endsOn: String(r.ends_on),
});

export async function listPeriods(em: EntityManager, programmeId: string): Promise<TPeriod[]> {
  return (await em.query(`SELECT ${COLS} FROM reporting_periods WHERE programme_id = $1 ORDER BY starts_on, code`, [programmeId])).map(dto);
}

/** Problems of a period list, by index and field: duplicate codes, end before start, outside the programme's dates. */
export function periodProblems(periods: ReportingPeriodDraft[], startsOn: string | null, endsOn: string | null) {
  const problems: Array<{ path: string; message: string }> = [];
  const seen = new Map<string, number>();
  periods.forEach((p, i) => {
    const key = p.code.toLowerCase();
    if (seen.has(key)) problems.push({ path: `periods.${i}.code`, message: `the code ${p.code} is used twice` });
    seen.set(key, i);
    if (p.endsOn < p.startsOn) problems.push({ path: `periods.${i}.endsOn`, message: 'the end date is before the start date' });
    if (startsOn && p.startsOn < startsOn) problems.push({ path: `periods.${i}.startsOn`, message: 'starts before the programme' });
    if (endsOn && p.endsOn > endsOn) problems.push({ path: `periods.${i}.endsOn`, message: 'ends after the programme' });
  });
  return problems;
}

/** Replace the programme's periods with the given list (all or nothing). */
export async function replacePeriods(em: EntityManager, a: Actor, periods: ReportingPeriodDraft[]): Promise<TPeriod[]> {
  const [p] = await em.query(`SELECT starts_on::text AS s, ends_on::text AS e FROM programmes WHERE id = $1 FOR UPDATE`, [a.programmeId]);
  if (!p) throw notFound('programme');
  const problems = periodProblems(periods, p.s, p.e);
  if (problems.some((x) => x.message.includes('twice'))) throw new AppError('code.taken', { field: problems.find((x) => x.message.includes('twice'))!.path, issues: problems });
  if (problems.some((x) => x.path.endsWith('endsOn') && x.message.includes('before'))) throw new AppError('programme.dates_order', { issues: problems });
  if (problems.length) throw new AppError('target.period_unknown', { issues: problems }, 'A reporting period lies outside the programme\'s dates.');
  const before = await listPeriods(em, a.programmeId);
  await em.query(`DELETE FROM reporting_periods WHERE programme_id = $1`, [a.programmeId]);
  if (periods.length) {
    await em.query(
      `INSERT INTO reporting_periods (programme_id, code, name_en, name_ar, starts_on, ends_on)
       SELECT $1, x.code, x.name_en, x.name_ar, x.starts_on::date, x.ends_on::date
         FROM jsonb_to_recordset($2::jsonb) AS x(code text, name_en text, name_ar text, starts_on text, ends_on text)`,
      [a.programmeId, JSON.stringify(periods.map((x) => ({ code: x.code, name_en: x.nameEn, name_ar: x.nameAr, starts_on: x.startsOn, ends_on: x.endsOn })))]);
  }
  await audit(em, { actorUserId: a.userId, action: 'programme.periods_replace', programmeId: a.programmeId, targetType: 'programme', targetId: a.programmeId,
    details: { before: before.map((x) => x.code), after: periods.map((x) => x.code) } });
  return listPeriods(em, a.programmeId);
}

/** Quarters from the programme's start to end date (the default), replacing the current list. */
export async function resetQuarters(em: EntityManager, a: Actor): Promise<TPeriod[]> {
  const [p] = await em.query(`SELECT starts_on::text AS s, ends_on::text AS e FROM programmes WHERE id = $1`, [a.programmeId]);
  if (!p) throw notFound('programme');
  if (!p.s || !p.e) throw new AppError('request.invalid', { issues: [{ path: 'startsOn', message: 'the programme needs start and end dates first' }] });
  return replacePeriods(em, a, defaultQuarters(p.s, p.e));
}
