// The scope of a report export: a reporting period (or dates) and the waves in it. Waves default to those whose
// collection overlaps the dates; a chosen wave must exist in the programme and lie in the dates; nothing else appears.
import type { EntityManager } from 'typeorm';
import { AppError } from '../errors';
import { waveInRange, type TReportScope } from '../../contracts/exports';
import { hasExcludedColumn } from './responses-csv';

export interface ScopeWave { id: string; kind: string; nameEn: string; nameAr: string; opensAt: Date; closesAt: Date; completed: number }
export interface ReportScope {
  /** the reporting period chosen, if any */
  period: { id: string; code: string; nameEn: string; nameAr: string } | null;
  /** ISO dates of the report (the period's, the dates asked, or the chosen waves' span) */
  from: string; to: string;
  waves: ScopeWave[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Every wave of the programme with its count of complete responses (excluded ones left out), oldest first. */
export async function programmeWaves(em: EntityManager, programmeId: string): Promise<ScopeWave[]> {
  const kept = (await hasExcludedColumn(em)) ? 'AND r.excluded_at IS NULL' : '';
  const rows: Array<{ id: string; kind: string; name_en: string; name_ar: string; opens_at: Date; closes_at: Date; completed: number }> = await em.query(
    `SELECT w.id, w.kind, w.name_en, w.name_ar, w.opens_at, w.closes_at,
            (SELECT count(*) FROM responses r WHERE r.wave_id = w.id AND r.programme_id = w.programme_id AND r.status = 'complete' ${kept})::int AS completed
       FROM waves w WHERE w.programme_id = $1 ORDER BY w.opens_at, w.created_at`, [programmeId]);
  return rows.map((r) => ({ id: r.id, kind: r.kind, nameEn: r.name_en, nameAr: r.name_ar || r.name_en, opensAt: r.opens_at, closesAt: r.closes_at, completed: r.completed }));
}

/**
 * With nothing chosen, the report builder's default: the period of today, else the period in which the latest wave
 * (of those in a period) opened; a programme without periods reports all its waves.
 */
async function defaultScope(em: EntityManager, programmeId: string, all: ScopeWave[]): Promise<TReportScope> {
  const periods: Array<{ id: string; starts_on: string; ends_on: string }> = await em.query(
    `SELECT id, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on FROM reporting_periods WHERE programme_id = $1 ORDER BY starts_on`, [programmeId]);
  const holding = (d: string) => periods.find((p) => p.starts_on <= d && d <= p.ends_on);
  const today = holding(iso(new Date()));
  if (today && all.some((w) => waveInRange(w, today.starts_on, today.ends_on))) return { period: today.id };
  const latest = [...all].reverse().map((w) => holding(iso(w.opensAt))).find(Boolean);
  if (latest) return { period: latest.id };
  return { waves: all.map((w) => w.id) };
}

/** Resolves `period` / `from`+`to` / `waves` into dates and waves; 400 with a catalogue code when the choice does not hold. */
export async function resolveScope(em: EntityManager, programmeId: string, chosen: TReportScope): Promise<ReportScope> {
  const nothing = !chosen.period && !chosen.from && !chosen.waves?.length;
  const q = nothing ? await defaultScope(em, programmeId, await programmeWaves(em, programmeId)) : chosen;
  if (!q.period && !q.waves?.length) throw new AppError('report.no_waves', {});
  let period: ReportScope['period'] = null;
  let range: { from: string; to: string } | null = q.from && q.to ? { from: q.from, to: q.to } : null;
  if (q.period) {
    const rows: Array<{ id: string; code: string; name_en: string; name_ar: string; starts_on: string; ends_on: string }> = await em.query(
      `SELECT id, code, name_en, name_ar, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
         FROM reporting_periods WHERE id = $1 AND programme_id = $2`, [q.period, programmeId]);
    if (!rows.length) throw new AppError('report.unknown_period', { period: q.period });
    const p = rows[0];
    period = { id: p.id, code: p.code, nameEn: p.name_en, nameAr: p.name_ar || p.name_en };
    range = { from: p.starts_on, to: p.ends_on };
  }
  const all = await programmeWaves(em, programmeId);
  let waves: ScopeWave[];
  if (q.waves?.length) {
    const unknown = q.waves.filter((id) => !all.some((w) => w.id === id));
    if (unknown.length) throw new AppError('report.unknown_wave', { waves: unknown });
    waves = all.filter((w) => q.waves!.includes(w.id));
    const outside = range ? waves.filter((w) => !waveInRange(w, range!.from, range!.to)) : [];
    if (outside.length) throw new AppError('report.wave_outside_period', { waves: outside.map((w) => w.id), ...range });
  } else {
    waves = all.filter((w) => waveInRange(w, range!.from, range!.to));
    if (!waves.length) throw new AppError('report.no_waves', { ...range });
  }
  const span = range ?? { from: iso(waves[0].opensAt), to: iso(waves.reduce((m, w) => (w.closesAt > m ? w.closesAt : m), waves[0].closesAt)) };
  return { period, ...span, waves };
}
