// Chart.js charts of the officer app (loaded on demand): trend sparklines, comparison bars, bars with confidence-interval
// whiskers (a small plugin), funnel and cumulative curve with reminder markers; right-to-left aware.
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartDataset, type ChartOptions, type ChartType, type Plugin,
} from 'chart.js';
import { lang } from '../i18n';

// the options of this file's `markers` plugin (reminder dates on the cumulative curve)
declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging requires Chart.js's own type parameter
  interface PluginOptionsByType<TType extends ChartType> { markers?: { at: number[]; label: string[] } }
}

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip, Filler);
Chart.defaults.font.family = 'system-ui, "Segoe UI", "Noto Sans Arabic", "Noto Sans", Tahoma, sans-serif';
Chart.defaults.color = '#1f2933';
Chart.defaults.animation = false;

export const COLORS = { baseline: '#6b7280', latest: '#1d4ed8', target: '#047857', bar: '#2563eb', line: '#1d4ed8', reminder: '#b45309', muted: '#9ca3af' };

/** Draws whiskers (low–high) over bars for datasets that carry `ci: Array<[low, high] | null>`. */
const whiskers: Plugin<'bar'> = {
  id: 'ciWhiskers',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((ds, di) => {
      const ci = (ds as { ci?: Array<[number, number] | null> }).ci;
      if (!ci) return;
      const meta = chart.getDatasetMeta(di);
      const horizontal = chart.options.indexAxis === 'y';
      const valueScale = horizontal ? chart.scales.x : chart.scales.y;
      meta.data.forEach((bar, i) => {
        const c = ci[i];
        if (!c) return;
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        const lo = valueScale.getPixelForValue(c[0]), hi = valueScale.getPixelForValue(c[1]);
        ctx.save();
        ctx.strokeStyle = '#111827'; ctx.lineWidth = 1.5;
        ctx.beginPath();
        if (horizontal) { ctx.moveTo(lo, y); ctx.lineTo(hi, y); ctx.moveTo(lo, y - 5); ctx.lineTo(lo, y + 5); ctx.moveTo(hi, y - 5); ctx.lineTo(hi, y + 5); }
        else { ctx.moveTo(x, lo); ctx.lineTo(x, hi); ctx.moveTo(x - 6, lo); ctx.lineTo(x + 6, lo); ctx.moveTo(x - 6, hi); ctx.lineTo(x + 6, hi); }
        ctx.stroke();
        ctx.restore();
      });
    });
  },
};

/** Vertical dashed lines at given x positions (indices of a category axis), labelled; used for reminder dates. */
const markers: Plugin<'line'> = {
  id: 'markers',
  afterDatasetsDraw(chart) {
    const m = chart.options.plugins?.markers;
    if (!m?.at?.length) return;
    const { ctx, chartArea } = chart;
    const x = chart.scales.x;
    m.at.forEach((idx, k) => {
      if (idx === undefined) return;
      const px = x.getPixelForValue(idx);
      ctx.save();
      ctx.strokeStyle = COLORS.reminder; ctx.setLineDash([4, 4]); ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.moveTo(px, chartArea.top); ctx.lineTo(px, chartArea.bottom); ctx.stroke();
      ctx.setLineDash([]); ctx.fillStyle = COLORS.reminder; ctx.font = '12px ' + Chart.defaults.font.family;
      const text = m.label?.[k] ?? '';
      const w = ctx.measureText(text).width;
      ctx.direction = lang() === 'ar' ? 'rtl' : 'ltr';
      // the label sits on the reading side of the line unless it would leave the chart area
      let before = lang() === 'ar';
      if (before && px - 4 - w < chartArea.left) before = false;
      if (!before && px + 4 + w > chartArea.right) before = true;
      ctx.textAlign = 'left';
      ctx.fillText(text, before ? px - 4 - w : px + 4, chartArea.top + 12 + (k % 2) * 14);
      ctx.restore();
    });
  },
};

function rtl() { return lang() === 'ar'; }

/** Options shared by every chart: direction, legend, tooltips. */
function base(legend: boolean) {
  return {
    responsive: true, maintainAspectRatio: false, locale: rtl() ? 'ar-u-nu-latn' : 'en-GB',
    plugins: {
      legend: { display: legend, rtl: rtl(), textDirection: rtl() ? 'rtl' : 'ltr', position: 'bottom' as const },
      tooltip: { enabled: true, rtl: rtl(), textDirection: rtl() ? 'rtl' : 'ltr' },
    },
  };
}

const percentTick = (v: number | string) => `${v}%`;
/** a bar dataset that also carries the confidence intervals the whiskers plugin draws */
type CiBars = ChartDataset<'bar', Array<number | null>> & { ci?: Array<[number, number] | null> };

export type Drawn = Chart;

export function sparkline(canvas: HTMLCanvasElement, labels: string[], values: Array<number | null>, target: number | null): Chart {
  const datasets: Array<ChartDataset<'line', Array<number | null>>> = [
    { data: values, borderColor: COLORS.line, backgroundColor: COLORS.line, borderWidth: 2, spanGaps: true }];
  if (target !== null) datasets.push({ data: labels.map(() => target), borderColor: COLORS.target, borderDash: [3, 3], borderWidth: 1, pointRadius: 0 });
  const options: ChartOptions<'line'> = {
    ...base(false),
    scales: { x: { display: false, reverse: rtl() }, y: { display: false, beginAtZero: true, suggestedMax: target ?? undefined } },
    elements: { point: { radius: 2.5 } },
  };
  return new Chart(canvas, { type: 'line', data: { labels, datasets }, options });
}

export function compareBars(canvas: HTMLCanvasElement, labels: string[], values: Array<number | null>, ci?: Array<[number, number] | null>, max?: number): Chart {
  const options: ChartOptions<'bar'> = {
    ...base(false),
    scales: { x: { reverse: rtl(), grid: { display: false } },
      y: { beginAtZero: true, suggestedMax: max, position: rtl() ? 'right' : 'left', ticks: max === 100 ? { callback: percentTick } : {} } },
  };
  const dataset: CiBars = { data: values, ci, backgroundColor: [COLORS.baseline, COLORS.latest, COLORS.target], maxBarThickness: 70 };
  return new Chart(canvas, { type: 'bar', plugins: [whiskers], data: { labels, datasets: [dataset] }, options });
}

/** Bars per group with CI whiskers; several series (e.g. waves) side by side. */
export function groupedBars(canvas: HTMLCanvasElement, labels: string[], series: Array<{ label: string; values: Array<number | null>; ci?: Array<[number, number] | null>; color: string }>, opts: { max?: number; horizontal?: boolean; percent?: boolean; integer?: boolean } = {}): Chart {
  const cat = { reverse: !opts.horizontal && rtl(), grid: { display: false }, ticks: { autoSkip: false } };
  const val = { beginAtZero: true, suggestedMax: opts.max, reverse: !!opts.horizontal && rtl(),
    position: opts.horizontal ? 'bottom' as const : rtl() ? 'right' as const : 'left' as const,
    ticks: opts.percent ? { callback: percentTick } : opts.integer ? { precision: 0 } : {} };
  const options: ChartOptions<'bar'> = {
    ...base(series.length > 1),
    indexAxis: opts.horizontal ? 'y' : 'x',
    scales: opts.horizontal ? { x: val, y: { ...cat, position: rtl() ? 'right' : 'left' } } : { x: cat, y: val },
  };
  const datasets: CiBars[] = series.map((s) => ({ label: s.label, data: s.values, ci: s.ci, backgroundColor: s.color, maxBarThickness: 48 }));
  return new Chart(canvas, { type: 'bar', plugins: [whiskers], data: { labels, datasets }, options });
}

export function cumulative(canvas: HTMLCanvasElement, labels: string[], values: number[], reminders: { at: number[]; label: string[] }, yLabel: string): Chart {
  const b = base(false);
  const options: ChartOptions<'line'> = {
    ...b,
    plugins: { ...b.plugins, markers: reminders },
    scales: { x: { reverse: rtl(), ticks: { maxTicksLimit: 8, maxRotation: 0 } }, y: { beginAtZero: true, position: rtl() ? 'right' : 'left', title: { display: true, text: yLabel } } },
  };
  return new Chart(canvas, {
    type: 'line', plugins: [markers],
    data: { labels, datasets: [{ data: values, borderColor: COLORS.line, backgroundColor: 'rgba(37,99,235,0.12)', fill: true, stepped: true, pointRadius: 0, borderWidth: 2 }] },
    options,
  });
}
