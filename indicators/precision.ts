// Precision policy: how a value is rounded and written for people, per unit and language. The API keeps full
// precision in `value` and adds `display`; exports and the annex use the same functions so every figure agrees.
import type { TFormula } from './formula';

export type Lang = 'en' | 'ar';
/** What a value measures, for rounding: a percentage (0–100), a mean-like score, a count, or a ratio. */
export type ValueUnit = 'percent' | 'mean' | 'count' | 'sum' | 'ratio';

/** Decimals per unit: percent 1, means/medians/index scores 2, ratios 2, counts 0; sums 0 when whole, else 2. */
export const DECIMALS: Readonly<Record<ValueUnit, number>> = { percent: 1, mean: 2, count: 0, sum: 0, ratio: 2 };

/** The unit of a formula's value (an index aggregated as a share is a percent; a sum is a count of things). */
export function valueUnit(f: TFormula): ValueUnit {
  switch (f.kind) {
    case 'share': return 'percent';
    case 'count': return 'count';
    case 'sum': return 'sum';
    case 'mean': case 'median': return 'mean';
    case 'index': return f.aggregate === 'mean' ? 'mean' : 'percent';
    case 'ratio': return 'ratio';
  }
}

/** An indicator's declared unit (percent, mean, median, count, sum, index, ratio) as a ValueUnit. */
export function unitOf(unit: string): ValueUnit {
  return unit === 'percent' ? 'percent' : unit === 'count' ? 'count' : unit === 'sum' ? 'sum' : unit === 'ratio' ? 'ratio' : 'mean';
}

export function decimalsFor(value: number, unit: ValueUnit): number {
  if (unit === 'sum') return Number.isInteger(Math.round(value * 1e9) / 1e9) ? 0 : 2;
  return DECIMALS[unit];
}

/** Round half away from zero at the unit's decimals (23.076923… % → 23.1; 1.335 → 1.34), on the decimal text. */
export function roundForUnit(value: number, unit: ValueUnit): number {
  const d = decimalsFor(value, unit);
  const f = 10 ** d;
  const r = Math.sign(value) * Math.round(Math.abs(value) * f * (1 + Number.EPSILON)) / f;
  return Object.is(r, -0) ? 0 : r;
}

const formatters = new Map<string, Intl.NumberFormat>();
function fmt(lang: Lang, decimals: number): Intl.NumberFormat {
  const key = `${lang}:${decimals}`;
  let f = formatters.get(key);
  if (!f) {
    // Latin digits in both languages (as the rest of the product's Arabic text), grouping by thousands
    f = new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true });
    formatters.set(key, f);
  }
  return f;
}

/** A number written with the unit's decimals in the language's format, without the percent sign. */
export function formatNumber(value: number, unit: ValueUnit, lang: Lang): string {
  return fmt(lang, decimalsFor(value, unit)).format(roundForUnit(value, unit)).replace(/[\u200E\u200F\u061C]/g, '');
}

/** A value as people read it: "23.1%" / "23.1٪", "2.57", "111"; null → the reason in the language. */
export function formatValue(value: number | null, unit: ValueUnit, lang: Lang, reason: NullReason | null = null): string {
  if (value === null || !Number.isFinite(value)) return reasonText(reason ?? 'no_answers', lang);
  const s = formatNumber(value, unit, lang);
  return unit === 'percent' ? `${s}${lang === 'ar' ? '٪' : '%'}` : s;
}

/** An interval "1.00 – 2.77" (percent: "5.1% – 47.7%"). */
export function formatInterval(ci: { low: number; high: number }, unit: ValueUnit, lang: Lang): string {
  return `${formatValue(ci.low, unit, lang)} – ${formatValue(ci.high, unit, lang)}`;
}

/** Why a cell has no value: nobody answered, it is hidden to protect small groups, or a ratio's denominator is 0. */
export type NullReason = 'no_answers' | 'suppressed' | 'zero_denominator';
const REASONS: Record<NullReason, { en: string; ar: string }> = {
  no_answers: { en: 'no answers', ar: 'لا إجابات' },
  suppressed: { en: 'suppressed', ar: 'محجوب' },
  zero_denominator: { en: 'denominator is 0', ar: 'المقام صفر' },
};
export function reasonText(reason: NullReason, lang: Lang): string {
  return REASONS[reason][lang];
}
