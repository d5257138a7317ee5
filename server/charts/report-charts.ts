// The report's charts, drawn by the one renderer (render.ts): an indicator by group and wave (every category its
// table lists, institutions by name, CI whiskers, value labels, unit, target), a wave's invitation funnel, and its
// cumulative completions with reminder rounds. Each comes with alt text; the same PNGs serve downloads and the annex.
import type { Lang } from '../../contracts/common';
import type { IndicatorReport, RateSummary, ValueCell, WaveSummary } from '../exports/report-data';
import { displayValue, ltr } from '../exports/precision';
import { reasonText } from '../../indicators/precision';
import { barChartHeight, renderBarChart, renderLineChart, wrapText, STYLE } from './render';

const T = (lang: Lang, en: string, ar: string) => (lang === 'ar' ? ar : en);
export interface ChartImage { png: Buffer; alt: string; width: number; height: number }

const UNIT_AXIS: Record<string, [string, string]> = {
  percent: ['Percent of respondents (%)', 'النسبة المئوية من المجيبين (%)'], mean: ['Mean score', 'متوسط الدرجة'],
  median: ['Median', 'الوسيط'], count: ['Count', 'العدد'], sum: ['Total', 'المجموع'], index: ['Index score', 'درجة المؤشر المركب'], ratio: ['Ratio', 'النسبة'],
};
export const unitAxis = (unit: string, lang: Lang) => UNIT_AXIS[unit]?.[lang === 'ar' ? 1 : 0] ?? unit;

/** The text shown for a cell: its value, "suppressed", or "no value" (n = 0 is no value, never 0). */
export function cellText(c: ValueCell | undefined, unit: string, lang: Lang): string {
  if (!c) return '';
  if (c.suppressed) return reasonText('suppressed', lang);
  if (c.value === null) return c.reason ? reasonText(c.reason, lang) : reasonText('no_answers', lang);
  return displayValue(c.value, unit, lang);
}

/** Categories of an indicator's chart and table: all respondents, then every group of every disaggregation, in order. */
export function indicatorCategories(ind: IndicatorReport, lang: Lang): Array<{ by: string; key: string; label: string }> {
  const out: Array<{ by: string; key: string; label: string }> = [{ by: '', key: '', label: T(lang, 'All respondents', 'جميع المجيبين') }];
  for (const d of ind.disaggregations) {
    for (const k of d.categories) {
      if (out.some((o) => o.by === d.by && o.key === k.key)) continue;
      const label = k.key === '' ? `${T(lang, d.byEn, d.byAr)}: ${T(lang, k.labelEn, k.labelAr)}` : T(lang, k.labelEn, k.labelAr);
      out.push({ by: d.by, key: k.key, label });
    }
  }
  return out;
}

export function cellAt(ind: IndicatorReport, waveId: string, by: string, key: string): ValueCell | undefined {
  if (!by) return ind.waves.find((w) => w.waveId === waveId)?.cell;
  return ind.disaggregations.find((d) => d.waveId === waveId && d.by === by)?.categories.find((k) => k.key === key)?.cell;
}

export function indicatorChart(ind: IndicatorReport, waves: WaveSummary[], lang: Lang): ChartImage {
  const cats = indicatorCategories(ind, lang);
  const series = waves.map((w) => {
    const cells = cats.map((c) => cellAt(ind, w.id, c.by, c.key));
    return {
      label: T(lang, w.nameEn, w.nameAr),
      values: cells.map((c) => (c && !c.suppressed ? c.value : null)),
      labels: cells.map((c) => cellText(c, ind.valueUnit, lang)),
      ci: cells.map((c) => (c && !c.suppressed && c.ci ? c.ci : null)),
    };
  });
  const title = `${ind.code} — ${T(lang, ind.nameEn, ind.nameAr)}`;
  const width = STYLE.width;
  const height = barChartHeight(cats.length, series.length, wrapText(title, Math.floor(width / 11)).length);
  // the number is embedded left to right so that "70.0%" never reads "%70.0" inside the Arabic label
  const target = ind.target === null ? null : { label: `${T(lang, 'Target', 'الهدف')} ${T(lang, displayValue(ind.target, ind.valueUnit, lang), ltr(displayValue(ind.target, ind.valueUnit, lang)))}`, value: ind.target };
  const png = renderBarChart({
    lang, title, categories: cats.map((c) => c.label), series, target, axisTitle: unitAxis(ind.valueUnit === 'percent' ? 'percent' : ind.unit, lang),
    yMax: ind.valueUnit === 'percent' ? 100 : undefined, width, height,
  });
  const parts = waves.map((w, i) => `${T(lang, w.nameEn, w.nameAr)}: ${cats.map((c, j) => `${c.label} ${series[i].labels[j]}`).join(T(lang, '; ', '؛ '))}`);
  const alt = `${T(lang, 'Bar chart', 'مخطط أعمدة')} — ${title} (${unitAxis(ind.valueUnit === 'percent' ? 'percent' : ind.unit, lang)}${target ? `; ${target.label}` : ''}). ${parts.join('. ')}.`;
  return { png, alt, width, height };
}

export function responseRateChart(rate: RateSummary, wave: WaveSummary, lang: Lang): ChartImage {
  const steps: Array<[string, string, number]> = [
    ['Invited', 'المدعوون', rate.invited], ['Opened', 'فتحوا الرابط', rate.opened], ['Started', 'بدأوا', rate.started],
    ['Completed', 'أكملوا', rate.completed], ['Declined', 'اعتذروا', rate.declined],
  ];
  const pct = rate.rate === null ? '' : ` (${Math.round(rate.rate * 100)}%)`;
  const title = `${T(lang, 'Response rate', 'معدل الاستجابة')} — ${T(lang, wave.nameEn, wave.nameAr)}${pct}`;
  const cats = steps.map((s) => T(lang, s[0], s[1]));
  const width = STYLE.width, height = barChartHeight(cats.length, 1, 1);
  const png = renderBarChart({
    lang, title, categories: cats, axisTitle: T(lang, 'Stakeholders', 'أصحاب المصلحة'), width, height,
    series: [{ label: T(lang, 'Stakeholders', 'أصحاب المصلحة'), values: steps.map((s) => s[2]), labels: steps.map((s) => String(s[2])) }],
  });
  const alt = `${T(lang, 'Bar chart', 'مخطط أعمدة')} — ${title}. ${steps.map((s, i) => `${cats[i]} ${s[2]}`).join(T(lang, '; ', '؛ '))}.`;
  return { png, alt, width, height };
}

/** Cumulative completions per day from the wave's opening to its close (or last completion), reminders marked. */
export function completionTimelineChart(rate: RateSummary, wave: WaveSummary, lang: Lang): ChartImage {
  const start = wave.opensAt.toISOString().slice(0, 10);
  const lastDaily = rate.daily.length ? rate.daily[rate.daily.length - 1].date : start;
  const close = wave.closesAt.toISOString().slice(0, 10);
  const end = close < lastDaily ? lastDaily : close;
  const dates: string[] = [];
  for (let d = new Date(`${start}T00:00:00Z`); d.toISOString().slice(0, 10) <= end && dates.length < 800; d = new Date(d.getTime() + 86400000)) dates.push(d.toISOString().slice(0, 10));
  let cum = 0;
  const byDay = new Map(rate.daily.map((d) => [d.date, d.cumulative]));
  const values = dates.map((d) => (cum = byDay.get(d) ?? cum));
  const title = `${T(lang, 'Completed responses over time', 'الإجابات المكتملة عبر الزمن')} — ${T(lang, wave.nameEn, wave.nameAr)}`;
  const markers = rate.reminders.map((r) => ({ date: r.date, label: T(lang, `Reminder ${r.round}`, `تذكير ${r.round}`) }));
  const width = STYLE.width, height = 340;
  const png = renderLineChart({
    lang, title, dates, values, markers, seriesLabel: T(lang, 'Completed', 'مكتملة'), axisTitle: T(lang, 'Completed (cumulative)', 'المكتملة (تراكمي)'),
    yMax: Math.max(rate.invited, 1), width, height,
  });
  const alt = `${T(lang, 'Line chart', 'مخطط خطي')} — ${title}: ${values[values.length - 1]} ${T(lang, 'of', 'من أصل')} ${rate.invited}; `
    + rate.reminders.map((r) => `${T(lang, 'reminder', 'تذكير')} ${r.round} ${r.date} (${r.count})`).join(', ');
  return { png, alt, width, height };
}
