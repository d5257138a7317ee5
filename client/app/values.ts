// Indicator values as the officer app draws them: the indicator-values API answer reshaped per wave and per group,
// formatted per unit, with suppression and status.
import { t } from '../i18n';
import type { Lang } from '../../contracts/common';
import type { TActivityIndicatorValues } from '../../contracts/activities';
import { client } from './api';
import { fmtNum } from './dom';
import type { IndicatorValuesRow, ValueCell, ValuesWave } from './wire';

export interface Cell { value: number | null; numerator?: number | null; denominator?: number | null; n: number | null; ci: [number, number] | null; suppressed: boolean }
export interface WavePoint { waveId: string; label: string; kind?: string; cell: Cell | null }
export interface Group { key: string; label: string; byWave: WavePoint[] }
export interface Paired { n: number; meanChange: number | null; ci: [number, number] | null }
export interface IndicatorValues {
  id: string; code: string; baseline: Cell | null; latest: Cell | null; target: number | null; progress: number | null;
  status: string; caveat: string; series: WavePoint[]; disaggregations: Array<{ dimension: string; groups: Group[] }>; paired: Paired | null;
  /** cells with fewer respondents than this are suppressed (the programme's setting, as the server applied it) */
  suppressionThreshold: number;
  /** computed from the activities log (per reporting period), not from a wave's answers */
  fromActivities?: boolean;
}

export function cell(raw: ValueCell): Cell {
  return { value: raw.value, numerator: raw.numerator, denominator: raw.denominator, n: raw.n, ci: raw.ci ? [raw.ci.low, raw.ci.high] : null, suppressed: raw.suppressed };
}
/** a value given without its counts (a manual baseline) */
const bare = (value: number | null): Cell | null => (value === null ? null : { value, n: null, ci: null, suppressed: false });

/** One indicator of the indicator-values API → what the pages draw. `waves` is the answer's wave list. */
function normOne(r: IndicatorValuesRow, waves: ValuesWave[], suppressionThreshold: number): IndicatorValues {
  const wave = new Map(waves.map((w) => [w.id, w]));
  const series: WavePoint[] = r.values.map((v) => ({ waveId: v.waveId, label: wave.get(v.waveId)?.name ?? '', kind: wave.get(v.waveId)?.kind, cell: cell(v.overall) }));
  const byWave = new Map(series.map((s) => [s.waveId, s.cell]));
  const baseline = (r.baseline.waveId ? byWave.get(r.baseline.waveId) : undefined) ?? bare(r.baseline.value);
  const latest = r.latest ? byWave.get(r.latest.waveId) ?? bare(r.latest.value) : null;
  const latestWave = wave.get(r.latest?.waveId ?? r.baseline.waveId ?? '');
  const dims = new Map<string, Map<string, Group>>();
  r.values.forEach((v, wi) => {
    for (const d of v.disaggregations) {
      if (d.dimensions.length !== 1) continue;
      const dim = d.dimensions[0];
      const name = dim.name ?? dim.attribute ?? dim.key;
      const groups = dims.get(name) ?? new Map<string, Group>();
      dims.set(name, groups);
      for (const c of d.cells) {
        const k = c.keys[0];
        const g = groups.get(k.code) ?? { key: k.code, label: k.label, byWave: series.map((s) => ({ waveId: s.waveId, label: s.label, cell: null })) };
        groups.set(k.code, g);
        g.byWave[wi] = { waveId: v.waveId, label: series[wi]?.label ?? '', cell: cell(c) };
      }
    }
  });
  const p = r.pairedChange;
  return {
    id: r.id, code: r.code, baseline, latest, target: r.target, progress: r.progress, status: r.status ?? 'unknown',
    caveat: latestWave?.responseRate.caveat ?? '', series, suppressionThreshold,
    disaggregations: [...dims.entries()].map(([dimension, groups]) => ({ dimension, groups: [...groups.values()] })),
    paired: p ? { n: p.n, meanChange: p.meanChange, ci: p.ci ? [p.ci.low, p.ci.high] : null } : null,
  };
}

/** Values of every indicator of the programme, by indicator id and by code. */
/** An indicator over the activities log → what the pages draw: the series per reporting period, "latest" = to date. */
function normActivity(r: TActivityIndicatorValues['indicators'][number], suppressionThreshold: number): IndicatorValues {
  const c = (x: { value: number | null; numerator: number; denominator: number; n: number }): Cell =>
    ({ value: x.value, numerator: x.numerator, denominator: x.denominator, n: x.n, ci: null, suppressed: false });
  return {
    id: r.id, code: r.code, baseline: null, latest: c(r.toDate), target: r.target, progress: r.progress, status: r.status ?? 'no_progress',
    caveat: r.caveat, series: r.periods.map((p) => ({ waveId: p.periodId, label: p.name, cell: c(p.cell) })), disaggregations: [], paired: null,
    suppressionThreshold, fromActivities: true,
  };
}

export async function loadValues(pid: string, lang: Lang): Promise<{ byKey: Map<string, IndicatorValues>; suppressionThreshold: number }> {
  const [data, activities] = await Promise.all([client.indicatorValues(pid, lang), client.activityIndicatorValues(pid, lang)]);
  const byKey = new Map<string, IndicatorValues>();
  for (const r of data.indicators) { const v = normOne(r, data.waves, data.suppressionThreshold); byKey.set(v.id, v); byKey.set(v.code, v); }
  for (const r of activities.indicators) { const v = normActivity(r, data.suppressionThreshold); byKey.set(v.id, v); byKey.set(v.code, v); }
  return { byKey, suppressionThreshold: data.suppressionThreshold };
}

/** Values of one indicator, disaggregated by its configured dimensions. */
export async function loadIndicatorValues(pid: string, iid: string, lang: Lang): Promise<IndicatorValues> {
  const r = await client.oneIndicatorValues(pid, iid, lang);
  return normOne(r, r.waves, r.suppressionThreshold);
}

export function isPercent(unit: string) { return unit === 'percent'; }

/** A value as drawn (the API already gives percentages as 0–100). */
export function scaled(_unit: string, v: number | null | undefined): number | null {
  return v === null || v === undefined ? null : v;
}

export function fmtValue(unit: string, v: number | null | undefined): string {
  const s = scaled(unit, v);
  if (s === null) return '–';
  if (isPercent(unit)) return `${fmtNum(s, 0)}%`;
  if (unit === 'count' || unit === 'sum') return fmtNum(s, 0);
  return fmtNum(s, 2);
}

export function fmtCell(unit: string, c: Cell | null, k: number): string {
  if (!c) return t('ind.noValue');
  if (c.suppressed) return t('ind.suppressed', { k });
  if (c.value === null) return t('ind.noValue');
  return fmtValue(unit, c.value);
}

export const STATUS_CLASS: Record<string, string> = { on_track: 'ok', achieved: 'ok', at_risk: 'warn', off_track: 'bad' };
