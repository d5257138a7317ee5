// The report's charts: an indicator's values by wave (overall and by its first disaggregation, target dashed) and a
// wave's invitation funnel; the same PNGs serve the dashboard downloads and the Word annex.
import type { IndicatorReport, RateSummary, WaveSummary } from '../exports/report-data';
import { renderBarChart } from './render';

type Lang = 'en' | 'ar';
const T = (lang: Lang, en: string, ar: string) => (lang === 'ar' ? ar : en);

export function indicatorChartPng(ind: IndicatorReport, waves: WaveSummary[], lang: Lang, size?: { width: number; height: number }): Buffer {
  const first = ind.disaggregations.find((d) => d.waveId === waves[0]?.id);
  const cats = first?.categories ?? [];
  const categories = [T(lang, 'All', 'الكل'), ...cats.map((c) => `${T(lang, first!.byEn, first!.byAr)}: ${T(lang, c.labelEn, c.labelAr)}`)];
  const series = waves.map((w) => {
    const all = ind.waves.find((x) => x.waveId === w.id)?.cell.value ?? null;
    const d = ind.disaggregations.find((x) => x.waveId === w.id && x.by === first?.by);
    const values = cats.map((c) => d?.categories.find((k) => k.key === c.key)?.cell.value ?? null);
    return { label: T(lang, w.nameEn, w.nameAr), values: [all, ...values] };
  });
  return renderBarChart({
    lang, title: `${ind.code} — ${T(lang, ind.nameEn, ind.nameAr)}`.slice(0, 110), categories, series,
    target: ind.target === null ? null : { label: T(lang, 'Target', 'الهدف'), value: ind.target },
    yMax: ind.unit === 'percent' ? 100 : undefined, ...size,
  });
}

export function responseRateChartPng(rate: RateSummary, wave: WaveSummary, lang: Lang, size?: { width: number; height: number }): Buffer {
  const steps: Array<[string, string, number]> = [
    ['Invited', 'المدعوون', rate.invited], ['Opened', 'فتحوا الرابط', rate.opened], ['Started', 'بدأوا', rate.started],
    ['Completed', 'أكملوا', rate.completed], ['Declined', 'اعتذروا', rate.declined],
  ];
  const pct = rate.rate === null ? '' : ` (${Math.round(rate.rate * 100)}%)`;
  return renderBarChart({
    lang, horizontal: true, title: `${T(lang, 'Response rate', 'معدل الاستجابة')} — ${T(lang, wave.nameEn, wave.nameAr)}${pct}`,
    categories: steps.map((s) => T(lang, s[0], s[1])),
    series: [{ label: T(lang, 'Stakeholders', 'أصحاب المصلحة'), values: steps.map((s) => s[2]) }],
    width: size?.width ?? 900, height: size?.height ?? 360,
  });
}
