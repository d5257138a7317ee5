// Server-side Chart.js on @napi-rs/canvas: PNG charts for downloads and the Word annex, with a white background,
// an Arabic-capable font, and right-to-left layout (reversed x-axis, legend on the right, RTL-embedded labels).
import fs from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';

Chart.register(...registerables);

const FONT_CANDIDATES: Array<[string, string]> = [
  ['/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf', 'Noto Sans Arabic'],
  ['/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf', 'Noto Naskh Arabic'],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 'DejaVu Sans'],
];
let fontFamily: string | undefined;

/** Registers the installed fonts once and returns the CSS font-family list for charts. */
export function chartFontFamily(): string {
  if (fontFamily) return fontFamily;
  const names: string[] = [];
  for (const [file, name] of FONT_CANDIDATES) {
    if (fs.existsSync(file) && GlobalFonts.registerFromPath(file, name)) names.push(`"${name}"`);
  }
  // Arabic glyphs from Noto; Latin letters are missing there and fall back to DejaVu Sans
  fontFamily = [...names, 'sans-serif'].join(', ');
  return fontFamily;
}

/** Canvas text has an LTR base direction: wrap Arabic labels in RIGHT-TO-LEFT EMBEDDING … POP so they read right to left. */
export const rtl = (s: string): string => `\u202B${s}\u202C`;

const whiteBackground: Plugin = {
  id: 'marsadWhiteBackground',
  beforeDraw(chart) {
    const c = chart.ctx;
    c.save();
    c.globalCompositeOperation = 'destination-over';
    c.fillStyle = '#ffffff';
    c.fillRect(0, 0, chart.width, chart.height);
    c.restore();
  },
};

export const PALETTE = ['#1f5f8b', '#e07b39', '#4c9a2a', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#d4ac0d'];

export interface BarSeries { label: string; values: Array<number | null>; color?: string }
export interface BarChartSpec {
  lang: 'en' | 'ar';
  title: string;
  categories: string[];
  series: BarSeries[];
  /** horizontal dashed line (target), drawn as a line dataset */
  target?: { label: string; value: number } | null;
  yMax?: number;
  horizontal?: boolean;
  width?: number;
  height?: number;
}

/** Renders a bar chart to PNG; in Arabic the category axis is reversed (read right to left) and the legend sits on the right. */
export function renderBarChart(spec: BarChartSpec): Buffer {
  const family = chartFontFamily();
  const ar = spec.lang === 'ar';
  const L = (s: string) => (ar ? rtl(s) : s);
  const width = spec.width ?? 900, height = spec.height ?? 450;
  const order = spec.categories.map((_, i) => i);
  const datasets: ChartConfiguration['data']['datasets'] = spec.series.map((s, i) => ({
    type: 'bar' as const,
    label: L(s.label),
    data: order.map((j) => s.values[j]),
    backgroundColor: s.color ?? PALETTE[i % PALETTE.length],
  }));
  // right to left: the first series sits rightmost in each group; the legend still lists it first
  if (ar && !spec.horizontal) datasets.reverse();
  if (spec.target) {
    datasets.push({
      type: 'line' as const, label: L(spec.target.label), data: order.map(() => spec.target!.value),
      borderColor: '#c0392b', borderDash: [6, 4], borderWidth: 2, pointRadius: 0, fill: false,
    });
  }
  const canvas = createCanvas(width, height);
  const valueAxis = { beginAtZero: true, ...(spec.yMax !== undefined ? { max: spec.yMax } : {}), position: ar ? 'right' as const : 'left' as const };
  const config: ChartConfiguration = {
    type: 'bar',
    data: { labels: order.map((j) => L(spec.categories[j])), datasets },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: false, animation: false, devicePixelRatio: 1,
      font: { family, size: 14 },
      plugins: {
        title: { display: true, text: L(spec.title), font: { family, size: 18 }, align: ar ? 'end' : 'start' },
        legend: { display: datasets.length > 1, position: ar ? 'right' : 'top', rtl: ar, reverse: ar && !spec.horizontal, labels: { font: { family, size: 13 } } },
      },
      scales: spec.horizontal
        ? { x: { ...valueAxis, position: 'bottom', reverse: ar }, y: { position: ar ? 'right' : 'left', ticks: { font: { family } } } }
        : { x: { reverse: ar, ticks: { font: { family, size: 13 } } }, y: valueAxis },
    } as ChartConfiguration['options'],
    plugins: [whiteBackground],
  };
  // Chart.js accepts any 2D context; @napi-rs/canvas implements the CanvasRenderingContext2D API
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
