// The indicator table as rows (one per indicator × wave, then one per disaggregation category), shared by
// indicators.csv, indicators.xlsx and the workbook's Indicators sheet; labels in English or Arabic.
import type { Cell, Lang } from './codebook';
import type { IndicatorReport, RateSummary, WaveSummary } from './report-data';
import { roundForUnit, type ValueUnit } from '../../indicators/precision';

/** Values, interval bounds, baseline, latest and target rounded per unit (indicators/precision.ts), as the API's `display`. */
const rounder = (u: ValueUnit) => (v: number | null) => (v === null ? null : roundForUnit(v, u));

export const LEVELS: Record<string, [string, string]> = {
  impact: ['Impact', 'الأثر'], strategic_objective: ['Strategic objective', 'الهدف الاستراتيجي'],
  specific_objective: ['Specific objective', 'الهدف المحدد'], immediate_outcome: ['Immediate outcome', 'النتيجة المباشرة'], output: ['Output', 'المُخرَج'],
};
export const STATUSES: Record<string, [string, string]> = { on_track: ['On track', 'على المسار'], at_risk: ['At risk', 'معرّض للخطر'], off_track: ['Off track', 'خارج المسار'] };
export const UNITS: Record<string, [string, string]> = {
  percent: ['%', '٪'], mean: ['mean', 'متوسط'], median: ['median', 'وسيط'], count: ['count', 'عدد'], sum: ['sum', 'مجموع'], index: ['index', 'مؤشر'], ratio: ['ratio', 'نسبة'],
};
const pick = (m: Record<string, [string, string]>, k: string | null, lang: Lang) => (k === null ? null : m[k]?.[lang === 'ar' ? 1 : 0] ?? k);

export const INDICATOR_HEADERS: Record<Lang, string[]> = {
  en: ['indicator', 'level', 'result', 'name', 'unit', 'wave', 'disaggregation', 'category', 'value', 'numerator', 'denominator', 'n',
    'ci_low', 'ci_high', 'suppressed', 'baseline', 'latest', 'target', 'progress', 'status'],
  ar: ['المؤشر', 'المستوى', 'النتيجة', 'الاسم', 'الوحدة', 'الجولة', 'التصنيف', 'الفئة', 'القيمة', 'البسط', 'المقام', 'العدد',
    'الحد الأدنى للثقة', 'الحد الأعلى للثقة', 'محجوب', 'خط الأساس', 'آخر قيمة', 'الهدف', 'التقدم', 'الحالة'],
};

export function indicatorRows(reports: IndicatorReport[], waves: WaveSummary[], lang: Lang): Cell[][] {
  const waveName = new Map(waves.map((w) => [w.id, lang === 'ar' ? w.nameAr : w.nameEn]));
  const out: Cell[][] = [];
  for (const ind of reports) {
    const head: Cell[] = [ind.code, pick(LEVELS, ind.level, lang), ind.resultCode, lang === 'ar' ? ind.nameAr : ind.nameEn, pick(UNITS, ind.unit, lang)];
    const r = rounder(ind.valueUnit);
    const tail: Cell[] = [r(ind.baseline), r(ind.latest), ind.target, ind.progress === null ? null : Math.round(ind.progress * 1000) / 1000, pick(STATUSES, ind.status, lang)];
    for (const w of ind.waves) {
      const c = w.cell;
      out.push([...head, waveName.get(w.waveId) ?? w.waveId, null, null, r(c.value), c.numerator, c.denominator, c.n, r(c.ci?.low ?? null), r(c.ci?.high ?? null), c.suppressed, ...tail]);
    }
    for (const d of ind.disaggregations) {
      for (const k of d.categories) {
        const c = k.cell;
        out.push([...head, waveName.get(d.waveId) ?? d.waveId, lang === 'ar' ? d.byAr : d.byEn, lang === 'ar' ? k.labelAr : k.labelEn,
          r(c.value), c.numerator, c.denominator, c.n, r(c.ci?.low ?? null), r(c.ci?.high ?? null), c.suppressed, null, null, null, null, null]);
      }
    }
  }
  return out;
}

/** The value unit of each row of indicatorRows (same order), for number formats in XLSX. */
export function indicatorRowUnits(reports: IndicatorReport[]): ValueUnit[] {
  return reports.flatMap((ind) => [...ind.waves.map(() => ind.valueUnit), ...ind.disaggregations.flatMap((d) => d.categories.map(() => ind.valueUnit))]);
}
/** Excel number formats per unit: percent cells read "23.1%" (the number stays 23.1, as in the CSV), means 2 decimals, counts whole. */
export const XLSX_FORMATS: Record<ValueUnit, string> = { percent: '0.0"%"', mean: '0.00', ratio: '0.00', count: '0', sum: 'General' };
/** 1-based columns of indicatorRows holding values of the indicator's unit (value, ci_low, ci_high, baseline, latest, target). */
export const VALUE_COLUMNS = [9, 13, 14, 16, 17, 18];

export const RATE_HEADERS: Record<Lang, string[]> = {
  en: ['wave', 'kind', 'opens', 'closes', 'invited', 'opened', 'started', 'completed', 'declined', 'response_rate'],
  ar: ['الجولة', 'النوع', 'تاريخ الفتح', 'تاريخ الإغلاق', 'المدعوون', 'فتحوا الرابط', 'بدأوا', 'أكملوا', 'اعتذروا', 'معدل الاستجابة'],
};

export function rateRows(rates: RateSummary[], waves: WaveSummary[], lang: Lang): Array<Array<Cell | Date>> {
  const byId = new Map(waves.map((w) => [w.id, w]));
  return rates.map((r) => {
    const w = byId.get(r.waveId)!;
    return [lang === 'ar' ? w.nameAr : w.nameEn, w.kind, w.opensAt, w.closesAt, r.invited, r.opened, r.started, r.completed, r.declined, r.rate];
  });
}

/** "based on 14 of 24 invited (58%)" in the language asked. */
export function rateCaveat(r: RateSummary, lang: Lang): string {
  const pct = r.rate === null ? '–' : `${Math.round(100 * r.rate)}%`;
  return lang === 'ar' ? `استنادًا إلى ${r.completed} من أصل ${r.invited} مدعوًا (${pct})` : `based on ${r.completed} of ${r.invited} invited (${pct})`;
}
