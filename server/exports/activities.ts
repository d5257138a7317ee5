// Hook for "Activities in the period" in the annex and the workbook: a module that records activities (meetings,
// trainings, missions) registers a provider here; with none registered, or no rows, the section is left out.
import type { EntityManager } from 'typeorm';

/** One activity as the report lists it (no names of people: counts of participants by sex). */
export interface ActivityRow {
  /** ISO date (first day) */
  date: string;
  titleEn: string; titleAr: string;
  placeEn: string; placeAr: string;
  /** institution names, in the order the provider gives them */
  institutionsEn: string[]; institutionsAr: string[];
  female: number | null; male: number | null; total: number | null;
}

export interface ActivitiesProvider {
  /** Activities of the programme whose dates fall in [from, to] (ISO dates, inclusive), oldest first. */
  list(em: EntityManager, programmeId: string, from: string, to: string): Promise<ActivityRow[]>;
}

let provider: ActivitiesProvider | null = null;

/** Called once at start-up by the activities feature. */
export function registerActivitiesProvider(p: ActivitiesProvider | null): void {
  provider = p;
}

export function hasActivitiesProvider(): boolean {
  return provider !== null;
}

export async function activitiesInPeriod(em: EntityManager, programmeId: string, from: string, to: string): Promise<ActivityRow[]> {
  return provider ? provider.list(em, programmeId, from, to) : [];
}
