// The one chart renderer of the server (PNG downloads and the Word annex): Chart.js on @napi-rs/canvas with one
// style (fonts, palette, sizes), white background, wrapped titles, value labels on every bar (0 drawn as a visible
// stub, suppressed and empty cells named), 95% CI whiskers, a dashed target line, and right-to-left layout in Arabic.
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

/** THE style of every chart Marsad draws on the server. */
export const STYLE = {
  palette: ['#1f5f8b', '#e07b39', '#4c9a2a', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#d4ac0d'],
  text: '#222222', muted: '#555555', grid: '#e3e3e3', target: '#c0392b', whisker: '#222222', reminder: '#8e44ad',
  titleSize: 18, labelSize: 13, tickSize: 13, valueSize: 12,
  width: 900, barThickness: 16, minBarLength: 3,
} as const;
export const PALETTE = STYLE.palette;

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

/** Splits a title into lines of at most `max` characters at word boundaries (long titles are wrapped, never clipped). */
export function wrapText(s: string, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/)) {
    if (line && (line + ' ' + word).length > max) { out.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

export interface BarSeries {
  label: string;
  values: Array<number | null>;
  /** text drawn at the end of each bar ("23.1%", "0", "suppressed", "no value") */
  labels: string[];
  /** 95% interval per bar, drawn as a whisker */
  ci?: Array<{ low: number; high: number } | null>;
  color?: string;
}
export interface BarChartSpec {
  lang: 'en' | 'ar';
  title: string;
  categories: string[];
  series: BarSeries[];
  /** dashed line across the value axis (target) */
  target?: { label: string; value: number } | null;
  /** value-axis title, with the unit */
  axisTitle?: string;
  yMax?: number;
  width?: number;
  height?: number;
}

/** Whiskers, value labels and the target line, drawn over the bars (horizontal bars: value axis is x). */
const overlays: Plugin<'bar'> = {
  id: 'marsadOverlays',
  afterDatasetsDraw(chart, _args, opts: { spec: BarChartSpec; family: string }) {
    const { spec, family } = opts;
    const ar = spec.lang === 'ar';
    const c = chart.ctx;
    const x = chart.scales.x;
    c.save();
    const drawn = spec.series.length;
    for (let d = 0; d < drawn; d++) {
      const meta = chart.getDatasetMeta(d);
      const s = spec.series[d];
      meta.data.forEach((el, j) => {
        const { x: bx, y: by } = el.getProps(['x', 'y'], true) as { x: number; y: number };
        let end = bx;
        const ci = s.ci?.[j];
        if (ci && s.values[j] !== null) {
          const lo = x.getPixelForValue(ci.low), hi = x.getPixelForValue(ci.high);
          c.strokeStyle = STYLE.whisker; c.lineWidth = 1.5;
          c.beginPath(); c.moveTo(lo, by); c.lineTo(hi, by);
          c.moveTo(lo, by - 5); c.lineTo(lo, by + 5); c.moveTo(hi, by - 5); c.lineTo(hi, by + 5); c.stroke();
          end = ar ? Math.min(bx, lo, hi) : Math.max(bx, lo, hi);
        }
        const text = s.labels[j];
        if (!text) return;
        c.fillStyle = s.values[j] === null ? STYLE.muted : STYLE.text;
        c.font = `${STYLE.valueSize}px ${family}`;
        c.textBaseline = 'middle';
        c.textAlign = ar ? 'right' : 'left';
        const base = s.values[j] === null ? x.getPixelForValue(0) : end;
        c.fillText(ar ? rtl(text) : text, base + (ar ? -5 : 5), by);
      });
    }
    if (spec.target) {
      const tx = x.getPixelForValue(spec.target.value);
      c.strokeStyle = STYLE.target; c.lineWidth = 2; c.setLineDash([6, 4]);
      c.beginPath(); c.moveTo(tx, chart.chartArea.top); c.lineTo(tx, chart.chartArea.bottom); c.stroke();
      c.setLineDash([]);
      c.fillStyle = STYLE.target; c.font = `${STYLE.valueSize}px ${family}`; c.textBaseline = 'bottom'; c.textAlign = 'center';
      c.fillText(ar ? rtl(spec.target.label) : spec.target.label, tx, chart.chartArea.top - 2);
    }
    c.restore();
  },
};

function toPng(width: number, height: number, config: ChartConfiguration): Buffer {
  const canvas = createCanvas(width, height);
  // Chart.js accepts any 2D context; @napi-rs/canvas implements the CanvasRenderingContext2D API
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

/** Height that fits every category and series (horizontal bars). */
export function barChartHeight(categories: number, series: number, titleLines: number): number {
  return 90 + titleLines * 24 + Math.max(1, series > 1 ? 1 : 0) * 28 + categories * (series * (STYLE.barThickness + 4) + 12);
}

/** Horizontal bar chart (categories down, values across); in Arabic the value axis runs right to left. */
export function renderBarChart(spec: BarChartSpec): Buffer {
  const family = chartFontFamily();
  const ar = spec.lang === 'ar';
  const L = (s: string) => (ar ? rtl(s) : s);
  const width = spec.width ?? STYLE.width;
  const title = wrapText(spec.title, Math.floor(width / 11));
  const height = spec.height ?? barChartHeight(spec.categories.length, spec.series.length, title.length);
  const datasets: ChartConfiguration<'bar'>['data']['datasets'] = spec.series.map((s, i) => ({
    label: L(s.label), data: s.values, backgroundColor: s.color ?? STYLE.palette[i % STYLE.palette.length],
    barThickness: STYLE.barThickness, minBarLength: STYLE.minBarLength,
  }));
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels: spec.categories.map(L), datasets },
    options: {
      indexAxis: 'y', responsive: false, animation: false, devicePixelRatio: 1,
      layout: { padding: { left: ar ? 70 : 10, right: ar ? 10 : 70, top: 4 } },
      font: { family, size: STYLE.tickSize },
      plugins: {
        title: { display: true, text: title.map(L), color: STYLE.text, font: { family, size: STYLE.titleSize, weight: 'bold' }, align: ar ? 'end' : 'start', padding: { top: 4, bottom: spec.target ? 22 : 10 } },
        legend: { display: spec.series.length > 1, position: 'top', align: ar ? 'end' : 'start', rtl: ar, labels: { font: { family, size: STYLE.labelSize } } },
        tooltip: { enabled: false },
        marsadOverlays: { spec, family },
      } as never,
      scales: {
        x: {
          beginAtZero: true, ...(spec.yMax !== undefined ? { max: spec.yMax } : spec.target ? { suggestedMax: spec.target.value } : {}), reverse: ar, grid: { color: STYLE.grid },
          ticks: { font: { family, size: STYLE.tickSize }, color: STYLE.text },
          title: { display: !!spec.axisTitle, text: L(spec.axisTitle ?? ''), font: { family, size: STYLE.labelSize }, color: STYLE.text },
        },
        y: { position: ar ? 'right' : 'left', grid: { display: false }, ticks: { font: { family, size: STYLE.tickSize }, color: STYLE.text, autoSkip: false } },
      },
    },
    plugins: [whiteBackground, overlays],
  };
  return toPng(width, height, config as unknown as ChartConfiguration);
}

export interface LineChartSpec {
  lang: 'en' | 'ar';
  title: string;
  /** ISO dates along the time axis */
  dates: string[];
  values: number[];
  seriesLabel: string;
  /** vertical markers (reminder rounds) at dates of the axis */
  markers: Array<{ date: string; label: string }>;
  axisTitle: string;
  yMax?: number;
  width?: number;
  height?: number;
}

/** A line over days (cumulative completions) with labelled vertical markers (reminders); in Arabic time runs right to left. */
export function renderLineChart(spec: LineChartSpec): Buffer {
  const family = chartFontFamily();
  const ar = spec.lang === 'ar';
  const L = (s: string) => (ar ? rtl(s) : s);
  const width = spec.width ?? STYLE.width, height = spec.height ?? 340;
  const markers: Plugin = {
    id: 'marsadMarkers',
    afterDatasetsDraw(chart) {
      const c = chart.ctx;
      c.save();
      for (const m of spec.markers) {
        const i = spec.dates.indexOf(m.date);
        if (i < 0) continue;
        const px = chart.scales.x.getPixelForValue(i);
        c.strokeStyle = STYLE.reminder; c.lineWidth = 1.5; c.setLineDash([4, 3]);
        c.beginPath(); c.moveTo(px, chart.chartArea.top); c.lineTo(px, chart.chartArea.bottom); c.stroke();
        c.setLineDash([]);
        c.fillStyle = STYLE.reminder; c.font = `${STYLE.valueSize}px ${family}`; c.textAlign = 'center'; c.textBaseline = 'bottom';
        c.fillText(L(m.label), px, chart.chartArea.top - 2);
      }
      c.restore();
    },
  };
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { labels: spec.dates, datasets: [{ label: L(spec.seriesLabel), data: spec.values, borderColor: STYLE.palette[0], backgroundColor: STYLE.palette[0], stepped: true, pointRadius: 0, borderWidth: 2.5 }] },
    options: {
      responsive: false, animation: false, devicePixelRatio: 1,
      layout: { padding: { top: 4, left: 10, right: 10 } },
      plugins: {
        title: { display: true, text: wrapText(spec.title, Math.floor(width / 11)).map(L), color: STYLE.text, font: { family, size: STYLE.titleSize, weight: 'bold' }, align: ar ? 'end' : 'start', padding: { top: 4, bottom: 22 } },
        legend: { display: false }, tooltip: { enabled: false },
      },
      scales: {
        x: { reverse: ar, grid: { color: STYLE.grid }, ticks: { font: { family, size: STYLE.tickSize }, color: STYLE.text, maxTicksLimit: 8, maxRotation: 0 } },
        y: {
          beginAtZero: true, ...(spec.yMax !== undefined ? { max: spec.yMax } : {}), position: ar ? 'right' : 'left', grid: { color: STYLE.grid },
          ticks: { font: { family, size: STYLE.tickSize }, color: STYLE.text, precision: 0 },
          title: { display: true, text: L(spec.axisTitle), font: { family, size: STYLE.labelSize }, color: STYLE.text },
        },
      },
    },
    plugins: [whiteBackground, markers],
  };
  return toPng(width, height, config as unknown as ChartConfiguration);
}
