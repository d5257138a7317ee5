// Rounding and display of indicator values in the exports: the indicator engine's precision policy
// (indicators/precision.ts: percent 1 decimal, means/indices/ratios 2, counts whole), with the exports' needs on top:
// "–" for no value, intervals kept left to right in Arabic, shares as whole percentages, Excel number formats.
import type { Lang } from '../../contracts/common';
import { decimalsFor, formatValue, roundForUnit, unitOf } from '../../indicators/precision';

/** The value rounded as the report shows it (null stays null: no value, never 0). `unit`: a declared unit or a value unit. */
export function roundValue(v: number | null | undefined, unit: string): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return roundForUnit(v, unitOf(unit));
}

/** Left-to-right embedding: keeps "8.2% – 50.3%" in reading order inside right-to-left text. */
export const ltr = (s: string): string => `\u202A${s}\u202C`;

/** "23.1%" / "23.1٪", "3.40", "12"; "–" for no value (the cell says why elsewhere). */
export function displayValue(v: number | null | undefined, unit: string, lang: Lang = 'en'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return formatValue(v, unitOf(unit), lang);
}

/** A confidence interval "8.2% – 50.3%", kept left to right in Arabic text. */
export function displayRange(low: number, high: number, unit: string, lang: Lang): string {
  const s = `${displayValue(low, unit, lang)} – ${displayValue(high, unit, lang)}`;
  return lang === 'ar' ? ltr(s) : s;
}

/** A share 0..1 (response rate, progress) as a whole percentage "58%" ("58٪" in Arabic, as the engine writes percentages). */
export function displayShare(v: number | null | undefined, lang: Lang = 'en'): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(100 * v)}${lang === 'ar' ? '٪' : '%'}`;
}

/** Workbook cell for a value: percentages become fractions with a % format (Excel's own percent); others keep their scale. */
export function excelCell(v: number | null | undefined, unit: string): { value: number | null; numFmt: string } {
  const r = roundValue(v, unit);
  const u = unitOf(unit);
  if (u === 'percent') return { value: r === null ? null : Math.round(r * 10) / 1000, numFmt: '0.0%' };
  const d = r === null ? decimalsFor(0, u) : decimalsFor(r, u);
  return { value: r, numFmt: d ? `0.${'0'.repeat(d)}` : '0' };
}
