// The indicator table and the response-rate tables as typed rows (one per indicator × wave, then one per
// disaggregation category; one per wave, institution and sex), shared by indicators.csv, indicators.xlsx and the
// workbook: headers and labels in the report's language, values rounded by the precision policy, column kinds for formats.
import type { Lang } from '../../contracts/common';
import type { Cell } from './codebook';
import type { IndicatorReport, RateGroup, RateSummary, WaveSummary } from './report-data';
import { displayShare, roundValue } from './precision';

export const LEVELS: Record<string, [string, string]> = {
  impact: ['Impact', 'الأثر'], strategic_objective: ['Strategic objective', 'الهدف الاستراتيجي'],
  specific_objective: ['Specific objective', 'الهدف المحدد'], immediate_outcome: ['Immediate outcome', 'النتيجة المباشرة'], output: ['Output', 'المُخرَج'],
};
export const STATUSES: Record<string, [string, string]> = { on_track: ['On track', 'على المسار'], at_risk: ['At risk', 'معرّض للخطر'], off_track: ['Off track', 'خارج المسار'] };
export const UNITS: Record<string, [string, string]> = {
  percent: ['%', '%'], mean: ['mean', 'متوسط'], median: ['median', 'وسيط'], count: ['count', 'عدد'], sum: ['sum', 'مجموع'], index: ['index', 'مؤشر'], ratio: ['ratio', 'نسبة'],
};
export const pick = (m: Record<string, [string, string]>, k: string | null, lang: Lang): string | null => (k === null ? null : m[k]?.[lang === 'ar' ? 1 : 0] ?? k);

/** How a column is written: text; an indicator value in the row's unit; a whole number; a share 0..1; a plain number. */
export type ColumnKind = 'text' | 'value' | 'int' | 'share' | 'number';
export interface TableColumn { en: string; ar: string; kind: ColumnKind }
export interface TableRow { unit: string; cells: Cell[] }

export const INDICATOR_COLUMNS: TableColumn[] = [
  { en: 'indicator', ar: 'المؤشر', kind: 'text' }, { en: 'level', ar: 'المستوى', kind: 'text' }, { en: 'result', ar: 'النتيجة', kind: 'text' },
  { en: 'name', ar: 'الاسم', kind: 'text' }, { en: 'unit', ar: 'الوحدة', kind: 'text' }, { en: 'wave', ar: 'الجولة', kind: 'text' },
  { en: 'disaggregation', ar: 'التصنيف', kind: 'text' }, { en: 'category', ar: 'الفئة', kind: 'text' },
  { en: 'value', ar: 'القيمة', kind: 'value' }, { en: 'ci_low', ar: 'الحد الأدنى لفاصل الثقة 95%', kind: 'value' },
  { en: 'ci_high', ar: 'الحد الأعلى لفاصل الثقة 95%', kind: 'value' }, { en: 'numerator', ar: 'البسط', kind: 'number' },
  { en: 'denominator', ar: 'المقام', kind: 'number' }, { en: 'n', ar: 'عدد المجيبين', kind: 'int' },
  { en: 'suppressed', ar: 'محجوب', kind: 'text' }, { en: 'baseline', ar: 'خط الأساس', kind: 'value' },
  { en: 'latest', ar: 'آخر قيمة', kind: 'value' }, { en: 'target', ar: 'الهدف', kind: 'value' },
  { en: 'progress', ar: 'التقدم نحو الهدف', kind: 'share' }, { en: 'status', ar: 'الحالة', kind: 'text' },
  { en: 'excluded_codes', ar: 'رموز مستبعدة من المقام', kind: 'text' },
];

export const headersOf = (cols: TableColumn[], lang: Lang): string[] => cols.map((c) => (lang === 'ar' ? c.ar : c.en));

const num2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

export function indicatorRows(reports: IndicatorReport[], waves: WaveSummary[], lang: Lang): TableRow[] {
  const waveName = new Map(waves.map((w) => [w.id, lang === 'ar' ? w.nameAr : w.nameEn]));
  const yes = lang === 'ar' ? 'محجوب' : 'suppressed';
  const out: TableRow[] = [];
  for (const ind of reports) {
    const u = ind.valueUnit;
    const head: Cell[] = [ind.code, pick(LEVELS, ind.level, lang), ind.resultCode, lang === 'ar' ? ind.nameAr : ind.nameEn, pick(UNITS, ind.unit, lang)];
    const codes = ind.missingCodes.join(', ') || null;
    const tail: Cell[] = [roundValue(ind.baseline, u), roundValue(ind.latest, u), roundValue(ind.target, u), ind.progress, pick(STATUSES, ind.status, lang), codes];
    const value = (c: IndicatorReport['waves'][number]['cell']): Cell[] => [roundValue(c.value, u), roundValue(c.ci?.low, u), roundValue(c.ci?.high, u),
      num2(c.numerator), num2(c.denominator), c.n, c.suppressed ? yes : null];
    for (const w of ind.waves) out.push({ unit: u, cells: [...head, waveName.get(w.waveId) ?? w.waveId, null, null, ...value(w.cell), ...tail] });
    for (const d of ind.disaggregations) {
      for (const k of d.categories) {
        out.push({ unit: u, cells: [...head, waveName.get(d.waveId) ?? d.waveId, lang === 'ar' ? d.byAr : d.byEn, lang === 'ar' ? k.labelAr : k.labelEn,
          ...value(k.cell), null, null, null, null, null, codes] });
      }
    }
  }
  return out;
}

export const RATE_COLUMNS: TableColumn[] = [
  { en: 'wave', ar: 'الجولة', kind: 'text' }, { en: 'breakdown', ar: 'التصنيف', kind: 'text' }, { en: 'group', ar: 'الفئة', kind: 'text' },
  { en: 'invited', ar: 'المدعوون', kind: 'int' }, { en: 'opened', ar: 'فتحوا الرابط', kind: 'int' }, { en: 'started', ar: 'بدأوا', kind: 'int' },
  { en: 'completed', ar: 'أكملوا', kind: 'int' }, { en: 'declined', ar: 'اعتذروا', kind: 'int' }, { en: 'response_rate', ar: 'معدل الاستجابة', kind: 'share' },
];

/** Per wave: the total, then one row per institution (by name) and per sex. */
export function rateRows(rates: RateSummary[], waves: WaveSummary[], lang: Lang): TableRow[] {
  const byId = new Map(waves.map((w) => [w.id, w]));
  const L = (en: string, ar: string) => (lang === 'ar' ? ar : en);
  const row = (wave: string, by: string, group: string, c: RateSummary | RateGroup): TableRow =>
    ({ unit: 'count', cells: [wave, by, group, c.invited, c.opened, c.started, c.completed, c.declined, c.rate] });
  const out: TableRow[] = [];
  for (const r of rates) {
    const w = byId.get(r.waveId)!;
    const name = L(w.nameEn, w.nameAr);
    out.push(row(name, L('All', 'الكل'), L('All invited', 'جميع المدعوين'), r));
    for (const g of r.byInstitution) out.push(row(name, L('Institution', 'المؤسسة'), L(g.labelEn, g.labelAr), g));
    for (const g of r.bySex) out.push(row(name, L('Sex', 'الجنس'), L(g.labelEn, g.labelAr), g));
  }
  return out;
}

export const REMINDER_COLUMNS: TableColumn[] = [
  { en: 'wave', ar: 'الجولة', kind: 'text' }, { en: 'reminder_round', ar: 'جولة التذكير', kind: 'int' },
  { en: 'first_sent', ar: 'تاريخ أول إرسال', kind: 'text' }, { en: 'stakeholders_reached', ar: 'أصحاب المصلحة الذين تم تذكيرهم', kind: 'int' },
  { en: 'completed_before', ar: 'الإجابات المكتملة قبلها', kind: 'int' },
];

/** One row per reminder round, with how many had completed before it went out. */
export function reminderRows(rates: RateSummary[], waves: WaveSummary[], lang: Lang): TableRow[] {
  const byId = new Map(waves.map((w) => [w.id, w]));
  return rates.flatMap((r) => r.reminders.map((m) => {
    const before = r.daily.filter((d) => d.date < m.date).reduce((s, d) => Math.max(s, d.cumulative), 0);
    const w = byId.get(r.waveId)!;
    return { unit: 'count', cells: [lang === 'ar' ? w.nameAr : w.nameEn, m.round, m.date, m.count, before] };
  }));
}

/** "based on 14 of 24 invited (58%)" in the language asked. */
export function rateCaveat(r: { completed: number; invited: number; rate: number | null }, lang: Lang): string {
  const pct = displayShare(r.rate, lang);
  return lang === 'ar' ? `استنادًا إلى ${r.completed} من أصل ${r.invited} مدعوًا (${pct})` : `based on ${r.completed} of ${r.invited} invited (${pct})`;
}
