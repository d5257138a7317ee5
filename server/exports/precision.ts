// Rounding and display of indicator values in the exports, per unit (one policy for the annex, the CSV and the
// workbook): percentages one decimal, means/indices/ratios two, counts and sums whole; Excel number formats to match.
// Stand-in until the indicator engine's own precision module lands on main (issue 15); then this delegates to it.
import type { Lang } from '../../contracts/common';

const DECIMALS: Record<string, number> = { percent: 1, mean: 2, median: 2, index: 2, ratio: 2, count: 0, sum: 0 };

export function decimalsFor(unit: string): number {
  return DECIMALS[unit] ?? 2;
}

/** The value rounded as the report shows it (null stays null: no value, never 0). */
export function roundValue(v: number | null | undefined, unit: string): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  const d = unit === 'count' || unit === 'sum' ? (Number.isInteger(v) ? 0 : 1) : decimalsFor(unit);
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

/** Left-to-right embedding: keeps "8.2% – 50.3%" in reading order inside right-to-left text. */
export const ltr = (s: string): string => `\u202A${s}\u202C`;

/** "23.1%", "3.40", "12"; "–" for no value. Latin digits in both languages (as the officer app shows them). */
export function displayValue(v: number | null | undefined, unit: string, _lang: Lang = 'en'): string {
  const r = roundValue(v, unit);
  if (r === null) return '–';
  const d = unit === 'count' || unit === 'sum' ? (Number.isInteger(r) ? 0 : 1) : decimalsFor(unit);
  const s = r.toFixed(d);
  return unit === 'percent' ? `${s}%` : s;
}

/** A confidence interval "8.2% – 50.3%", kept left to right in Arabic text. */
export function displayRange(low: number, high: number, unit: string, lang: Lang): string {
  const s = `${displayValue(low, unit, lang)} – ${displayValue(high, unit, lang)}`;
  return lang === 'ar' ? ltr(s) : s;
}

/** A share 0..1 (response rate, progress) as a whole percentage "58%". */
export function displayShare(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(100 * v)}%`;
}

/** Workbook cell for a value: percentages become fractions with a % format; others keep their scale. */
export function excelCell(v: number | null | undefined, unit: string): { value: number | null; numFmt: string } {
  const r = roundValue(v, unit);
  if (unit === 'percent') return { value: r === null ? null : Math.round(r * 10) / 1000, numFmt: '0.0%' };
  const d = unit === 'count' || unit === 'sum' ? 0 : decimalsFor(unit);
  return { value: r, numFmt: d ? `0.${'0'.repeat(d)}` : '0' };
}
