// "Activities in the period" of the annex and the workbook: held activities and consultation meetings whose start
// date falls in the report's dates, from the activities log (services/activity-report.ts). The sections are left out
// when the period has none.
import type { EntityManager } from 'typeorm';
import type { Lang } from '../../contracts/common';
import { activitiesForReport, type ReportActivities, type ReportActivityRow } from '../services/activity-report';

export type { ReportActivities, ReportActivityRow };

export async function activitiesInPeriod(em: EntityManager, programmeId: string, from: string, to: string, lang: Lang): Promise<ReportActivities> {
  return activitiesForReport(em, programmeId, from, to, lang);
}

/** Does the programme have any activity at all (the report builder mentions the activities tables then)? */
export async function hasActivities(em: EntityManager, programmeId: string): Promise<boolean> {
  const rows: unknown[] = await em.query(`SELECT 1 FROM activities WHERE programme_id = $1 LIMIT 1`, [programmeId]);
  return rows.length > 0;
}

export const hasAny = (a: ReportActivities): boolean => a.activities.length + a.meetings.length > 0;
