// Indicator values as the officer app uses them: normalised from the indicator-values API, formatted per unit,
// with suppression and status; tolerant of the API's exact field names so the pages stay stable while it evolves.
import { t } from '../i18n';
import { ApiError, get, list } from './api';
import { fmtNum } from './dom';

export interface Cell { value: number | null; numerator?: number | null; denominator?: number | null; n: number | null; ci: [number, number] | null; suppressed: boolean }
export interface WavePoint { waveId: string; label: string; kind?: string; cell: Cell | null }
export interface Group { key: string; label: string; byWave: WavePoint[] }
export interface IndicatorValues {
  id: string; code: string; baseline: Cell | null; latest: Cell | null; target: number | null; progress: number | null;
  status: string; caveat: string; series: WavePoint[]; disaggregations: Array<{ dimension: string; groups: Group[] }>; paired: any;
}

export function cell(raw: any): Cell | null {
  if (raw === null || raw === undefined) return null;
  const ci = raw.ci ? [Number(raw.ci.low), Number(raw.ci.high)] as [number, number] : null;
  return { value: raw.value ?? null, numerator: raw.numerator, denominator: raw.denominator, n: raw.n ?? null, ci, suppressed: !!raw.suppressed };
}

/** One indicator of the indicator-values API → what the pages draw. `waves` is the response's wave list. */
function normOne(r: any, waves: any[]): IndicatorValues {
  const wave = new Map(waves.map((w: any) => [w.id, w]));
  const series: WavePoint[] = list(r.values).map((v: any) => ({ waveId: v.waveId, label: wave.get(v.waveId)?.name ?? '', kind: wave.get(v.waveId)?.kind, cell: cell(v.overall) }));
  const byWave = new Map(series.map((s) => [s.waveId, s.cell]));
  const baseline = r.baseline?.waveId ? byWave.get(r.baseline.waveId) ?? cell(r.baseline) : r.baseline?.value !== null && r.baseline?.value !== undefined ? cell(r.baseline) : null;
  const latest = r.latest ? byWave.get(r.latest.waveId) ?? cell(r.latest) : null;
  const latestWave = wave.get(r.latest?.waveId ?? r.baseline?.waveId);
  const dims = new Map<string, Map<string, Group>>();
  list(r.values).forEach((v: any, wi: number) => {
    for (const d of list(v.disaggregations)) {
      if (list(d.dimensions).length !== 1) continue;
      const dim = d.dimensions[0];
      const name = String(dim.name ?? dim.attribute ?? dim.key);
      const groups = dims.get(name) ?? new Map<string, Group>();
      dims.set(name, groups);
      for (const c of list(d.cells)) {
        const k = c.keys?.[0] ?? {};
        const g = groups.get(String(k.code)) ?? { key: String(k.code), label: String(k.label ?? k.code), byWave: series.map((s) => ({ waveId: s.waveId, label: s.label, cell: null })) };
        groups.set(String(k.code), g);
        g.byWave[wi] = { waveId: v.waveId, label: series[wi]?.label ?? '', cell: cell(c) };
      }
    }
  });
  return {
    id: r.id, code: r.code, baseline, latest, target: r.target ?? null, progress: r.progress ?? null, status: r.status ?? 'unknown',
    caveat: latestWave?.responseRate?.caveat ?? '', series,
    disaggregations: [...dims.entries()].map(([dimension, groups]) => ({ dimension, groups: [...groups.values()] })), paired: r.paired ?? r.pairedChange ?? null,
  };
}

/** Values of every indicator of the programme (Map by indicator id and by code), or null when the API is not there. */
export async function loadValues(pid: string, lang: string): Promise<Map<string, IndicatorValues> | null> {
  try {
    const data = await get(`/api/programmes/${pid}/indicator-values?lang=${lang}`);
    const m = new Map<string, IndicatorValues>();
    for (const r of list(data, 'indicators')) { const v = normOne(r, list(data.waves)); m.set(v.id, v); m.set(v.code, v); }
    return m;
  } catch (e) { if (e instanceof ApiError && e.status === 404 && e.notAvailable) return null; throw e; }
}

/** Values of one indicator, disaggregated by its configured dimensions. */
export async function loadIndicatorValues(pid: string, iid: string, lang: string): Promise<IndicatorValues | null> {
  try {
    const r = await get(`/api/programmes/${pid}/indicators/${encodeURIComponent(iid)}/values?lang=${lang}`);
    return normOne(r, list(r.waves));
  } catch (e) { if (e instanceof ApiError && e.notAvailable) return null; throw e; }
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

export function fmtCell(unit: string, c: Cell | null, k = 3): string {
  if (!c) return t('ind.noValue');
  if (c.suppressed) return t('ind.suppressed', { k });
  if (c.value === null) return t('ind.noValue');
  return fmtValue(unit, c.value);
}

export const STATUS_CLASS: Record<string, string> = { on_track: 'ok', achieved: 'ok', at_risk: 'warn', off_track: 'bad' };
