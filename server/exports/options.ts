// What the report builder (Downloads page) offers: the programme's reporting periods, its waves with the periods
// each falls in (so the page can default to the waves of a period) and its indicators.
import type { EntityManager } from 'typeorm';
import { waveInRange, type TReportOptions } from '../../contracts/exports';
import { loadProgramme } from './report-data';
import { programmeWaves } from './scope';
import { hasActivities } from './activities';

export async function reportOptions(em: EntityManager, programmeId: string): Promise<TReportOptions> {
  const p = await loadProgramme(em, programmeId);
  const [{ default_language: defaultLanguage }]: Array<{ default_language: 'en' | 'ar' }> =
    await em.query(`SELECT default_language FROM programmes WHERE id = $1`, [programmeId]);
  const periods: Array<{ id: string; code: string; name_en: string; name_ar: string; starts_on: string; ends_on: string }> = await em.query(
    `SELECT id, code, name_en, name_ar, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
       FROM reporting_periods WHERE programme_id = $1 ORDER BY starts_on, code`, [programmeId]);
  const waves = await programmeWaves(em, programmeId);
  const indicators: Array<{ id: string; code: string; name_en: string; name_ar: string; unit: string }> = await em.query(
    `SELECT id, code, name_en, name_ar, unit FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL AND coalesce(formula->>'source', '') <> 'activities' ORDER BY position, code`, [programmeId]);
  return {
    programme: { code: p.code, nameEn: p.nameEn, nameAr: p.nameAr, defaultLanguage },
    periods: periods.map((r) => ({ id: r.id, code: r.code, nameEn: r.name_en, nameAr: r.name_ar || r.name_en, startsOn: r.starts_on, endsOn: r.ends_on })),
    waves: waves.map((w) => ({
      id: w.id, kind: w.kind, nameEn: w.nameEn, nameAr: w.nameAr, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), completed: w.completed,
      periodIds: periods.filter((r) => waveInRange(w, r.starts_on, r.ends_on)).map((r) => r.id),
    })),
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, nameEn: i.name_en, nameAr: i.name_ar || i.name_en, unit: i.unit })),
    hasActivities: await hasActivities(em, programmeId),
  };
}
