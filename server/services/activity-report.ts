// The activities tables of the quarterly report: activities and consultation meetings held in a period, with place,
// institutions by name and participants (total, women, men), in the report's language.
import type { EntityManager } from 'typeorm';
import type { Lang } from '../../contracts/common';
import { listActivities } from './activities';

export interface ReportActivityRow {
  title: string;
  dates: string;
  place: string;
  institutions: string;
  total: number;
  women: number;
  men: number;
}

export interface ReportActivities { activities: ReportActivityRow[]; meetings: ReportActivityRow[] }

const ONLINE = { en: 'Online', ar: 'عبر الإنترنت' };

/** Held activities whose start date is in [from, to]; meetings (kind `meeting`) apart from the other activities. */
export async function activitiesForReport(em: EntityManager, programmeId: string, from: string, to: string, lang: Lang): Promise<ReportActivities> {
  const items = await listActivities(em, programmeId, { from, to, status: 'held' });
  const row = (a: (typeof items)[number]): ReportActivityRow => ({
    title: (lang === 'ar' && a.titleAr) || a.titleEn,
    dates: a.endDate !== a.startDate ? `${a.startDate} – ${a.endDate}` : a.startDate,
    place: a.location.online ? ONLINE[lang] : [a.location.city, a.location.country].filter(Boolean).join(lang === 'ar' ? '، ' : ', '),
    institutions: a.institutions.map((i) => (lang === 'ar' && i.nameAr) || i.nameEn).join(lang === 'ar' ? '، ' : ', '),
    total: a.participants.total, women: a.participants.women, men: a.participants.men,
  });
  return { activities: items.filter((a) => a.kind !== 'meeting').map(row), meetings: items.filter((a) => a.kind === 'meeting').map(row) };
}
