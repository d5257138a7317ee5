// Values of the indicators computed from the activities log (formula `{source: 'activities', …}`): per reporting period
// and cumulated to date, by sex and by institution (names), with target, progress and status; no sampling interval
// (a census of the programme's own events) and no suppression (counts of participants of events, not answers).
import type { EntityManager } from 'typeorm';
import type { Lang } from '../../contracts/common';
import type { TActivityIndicatorValues } from '../../contracts/activities';
import { activityUnit, describeActivityFormula, evaluateActivityFormula, isActivityFormula, type ActivityCell } from '../../indicators/activities';
import { formatValue } from '../../indicators/precision';
import { progress, status } from '../../indicators/statistics';
import { activityRecords } from './activity-summary';
import { indicatorSettings } from './logframe';


export async function activityIndicatorValues(em: EntityManager, programmeId: string, lang: Lang): Promise<TActivityIndicatorValues> {
  const rows: Array<{ id: string; code: string; name_en: string; name_ar: string; direction: 'increase' | 'decrease'; formula: unknown;
    targets: { final?: { value?: number } } | null; baseline_value: string | null }> = await em.query(
    `SELECT id, code, name_en, name_ar, direction, formula, targets, baseline_value FROM indicators
     WHERE programme_id = $1 AND deleted_at IS NULL AND formula->>'source' = 'activities' ORDER BY position, code`, [programmeId]);
  if (!rows.length) return { indicators: [] };
  const records = await activityRecords(em, programmeId);
  const periods: Array<{ id: string; code: string; name_en: string; name_ar: string; starts_on: string; ends_on: string }> = await em.query(
    `SELECT id, code, name_en, name_ar, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
     FROM reporting_periods WHERE programme_id = $1 ORDER BY starts_on`, [programmeId]);
  const names = new Map<string, string>((await em.query(`SELECT code, name_en, name_ar FROM institutions WHERE programme_id = $1`, [programmeId]))
    .map((i: { code: string; name_en: string; name_ar: string }) => [i.code, (lang === 'ar' && i.name_ar) || i.name_en]));
  const settings = await indicatorSettings(em, programmeId);
  const today = new Date().toISOString().slice(0, 10);
  return {
    indicators: rows.filter((r) => isActivityFormula(r.formula)).map((r) => {
      const f = r.formula as Parameters<typeof evaluateActivityFormula>[0];
      const unit = activityUnit(f);
      const out = (c: ActivityCell) => ({ value: c.value, numerator: c.numerator, denominator: c.denominator, n: c.n,
        display: c.value === null ? (lang === 'ar' ? 'لا أنشطة' : 'no activities') : formatValue(c.value, unit, lang) });
      const toDate = evaluateActivityFormula(f, records, undefined, today);
      const target = typeof r.targets?.final?.value === 'number' ? r.targets.final.value : null;
      const baseline = r.baseline_value === null ? (unit === 'count' ? 0 : null) : Number(r.baseline_value);
      const p = progress(baseline, toDate.total.value, target, r.direction);
      const held = toDate.total.n;
      return {
        id: r.id, code: r.code, name: (lang === 'ar' && r.name_ar) || r.name_en, unit, formulaText: describeActivityFormula(f)[lang],
        periods: periods.map((pd) => {
          const v = evaluateActivityFormula(f, records, pd.starts_on, pd.ends_on);
          return { periodId: pd.id, code: pd.code, name: (lang === 'ar' && pd.name_ar) || pd.name_en, startsOn: pd.starts_on, endsOn: pd.ends_on,
            cell: out(v.total), bySex: v.bySex };
        }),
        toDate: out(toDate.total), bySex: toDate.bySex,
        byInstitution: toDate.byInstitution.map((c) => ({ code: c.institution, name: names.get(c.institution) ?? c.institution, cell: out(c.cell) })),
        target, progress: p, status: status(p, settings.status),
        caveat: lang === 'ar' ? `من سجل الأنشطة: ${held} من الأنشطة المنفذة حتى اليوم` : `from the activities log: ${held} activities held to date`,
      };
    }),
  };
}
