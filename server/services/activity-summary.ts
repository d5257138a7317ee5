// Totals of the activities log for a period (the numbers output indicators and the report use): activities held,
// participants by sex, institutions reached, by kind — computed by the pure activity-indicator module.
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { evaluateActivityFormula, type ActivityRecord } from '../../indicators/activities';
import { filterDates, type ActivityFilter } from './activities';

export const ZActivitySummary = z.object({
  from: z.string().nullable(), to: z.string().nullable(),
  activities: z.number(), participants: z.object({ women: z.number(), men: z.number(), other: z.number(), total: z.number() }),
  institutions: z.array(z.object({ code: z.string(), nameEn: z.string(), nameAr: z.string(), activities: z.number(), participants: z.number() })),
  byKind: z.array(z.object({ kind: z.string(), activities: z.number(), participants: z.number() })),
});

/** The held activities of a programme as records for the activity-indicator module. */
export async function activityRecords(em: EntityManager, programmeId: string): Promise<ActivityRecord[]> {
  const rows: Array<{ id: string; kind: string; status: ActivityRecord['status']; result_id: string | null; starts_on: string;
    institutions: string[]; w: number; m: number; o: number }> = await em.query(
    `SELECT id, kind, status, result_id, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, institutions,
            participants_women AS w, participants_men AS m, participants_other AS o
     FROM activities WHERE programme_id = $1 ORDER BY starts_on`, [programmeId]);
  return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, resultId: r.result_id, startsOn: r.starts_on,
    institutions: r.institutions, women: r.w, men: r.m, other: r.o }));
}

export async function activitySummary(em: EntityManager, programmeId: string, f: ActivityFilter) {
  const { from, to } = await filterDates(em, programmeId, f);
  const all = await activityRecords(em, programmeId);
  const records = all.filter((a) => (!f.kind || a.kind === f.kind) && (!f.resultId || a.resultId === f.resultId));
  const participants = evaluateActivityFormula({ source: 'activities', measure: 'participants' }, records, from, to);
  const count = evaluateActivityFormula({ source: 'activities', measure: 'count' }, records, from, to);
  const names: Array<{ code: string; name_en: string; name_ar: string }> = await em.query(
    `SELECT code, name_en, name_ar FROM institutions WHERE programme_id = $1`, [programmeId]);
  const name = (code: string) => names.find((n) => n.code === code);
  const kinds = [...new Set(records.map((a) => a.kind))].sort();
  return {
    from: from ?? null, to: to ?? null,
    activities: count.total.n,
    participants: { ...(participants.bySex ?? { women: 0, men: 0, other: 0 }), total: participants.total.numerator },
    institutions: participants.byInstitution.map((c) => ({
      code: c.institution, nameEn: name(c.institution)?.name_en ?? c.institution, nameAr: name(c.institution)?.name_ar ?? '',
      activities: c.cell.n, participants: c.cell.numerator })),
    byKind: kinds.map((kind) => {
      const v = evaluateActivityFormula({ source: 'activities', measure: 'participants', kinds: [kind as 'call'] }, records, from, to);
      return { kind, activities: v.total.n, participants: v.total.numerator };
    }).filter((k) => k.activities > 0),
  };
}
