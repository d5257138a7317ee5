// What the report exports (indicator table, workbook, Word annex, charts) are built from: the programme, its waves,
// response-rate summaries and indicator values per wave with disaggregations, in one shape for every export.
import type { EntityManager } from 'typeorm';
import { notFound } from '../errors';
import type { TFormula, TItemRef } from '../../indicators/formula';
import type { Interval } from '../../indicators/statistics';
import { valueUnit, type ValueUnit } from '../../indicators/precision';
import { computeIndicatorValues } from '../services/indicator-values';
import { responseRates as waveResponseRates } from '../services/response-rates';

export interface ProgrammeInfo { id: string; code: string; nameEn: string; nameAr: string; suppressionThreshold: number; settings: Record<string, unknown> }
export interface WaveSummary { id: string; kind: string; nameEn: string; nameAr: string; opensAt: Date; closesAt: Date }
export interface RateSummary {
  waveId: string; invited: number; opened: number; started: number; completed: number; declined: number; rate: number | null;
}
/** `display`: the value rounded per unit in the language asked (indicators/precision.ts), as the API gives it */
export interface ValueCell { value: number | null; numerator: number | null; denominator: number | null; n: number | null; ci: Interval | null; suppressed: boolean; display: string }
export interface DisaggCategory { key: string; labelEn: string; labelAr: string; cell: ValueCell }
export interface IndicatorReport {
  id: string; code: string; level: string; resultCode: string; nameEn: string; nameAr: string; unit: string; direction: 'increase' | 'decrease';
  formula: TFormula;
  /** how values round (percent 1 decimal, means 2, counts 0): indicators/precision.ts roundForUnit(value, valueUnit) */
  valueUnit: ValueUnit;
  baseline: number | null; latest: number | null; target: number | null; progress: number | null; status: string | null; n: number | null;
  waves: Array<{ waveId: string; cell: ValueCell }>;
  disaggregations: Array<{ by: string; byEn: string; byAr: string; waveId: string; categories: DisaggCategory[] }>;
}

export async function loadProgramme(em: EntityManager, programmeId: string): Promise<ProgrammeInfo> {
  const rows = await em.query(`SELECT id, code, name_en, name_ar, settings FROM programmes WHERE id = $1`, [programmeId]);
  if (!rows.length) throw notFound('programme');
  const r = rows[0];
  return { id: r.id, code: r.code, nameEn: r.name_en, nameAr: r.name_ar || r.name_en, settings: r.settings ?? {}, suppressionThreshold: Number(r.settings?.suppressionThreshold ?? 3) };
}

/** The waves asked for (all of the programme's when none), oldest first; unknown or foreign ids → 404. */
export async function loadWaves(em: EntityManager, programmeId: string, waveIds?: string[]): Promise<WaveSummary[]> {
  const rows = await em.query(
    `SELECT id, kind, name_en, name_ar, opens_at, closes_at FROM waves
      WHERE programme_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) ORDER BY opens_at, created_at`,
    [programmeId, waveIds?.length ? waveIds : null]);
  if (waveIds?.length && rows.length !== new Set(waveIds).size) throw notFound('wave');
  return rows.map((r: any) => ({ id: r.id, kind: r.kind, nameEn: r.name_en, nameAr: r.name_ar || r.name_en, opensAt: r.opens_at, closesAt: r.closes_at }));
}

/** Invitation funnel per wave, from the response-rates service (totals only: no names leave through exports). */
export async function responseRates(em: EntityManager, programmeId: string, waveIds: string[]): Promise<RateSummary[]> {
  const out: RateSummary[] = [];
  for (const id of waveIds) {
    const r = await waveResponseRates(em, programmeId, id, 'institution');
    out.push({ waveId: id, invited: r.invited, opened: r.opened, started: r.started, completed: r.completed, declined: r.declined, rate: r.rate });
  }
  return out;
}

/** Question names an indicator's formula reads (the codebook's "feeds indicators" column). */
export function formulaQuestions(f: TFormula): string[] {
  const refs: TItemRef[] = [];
  if ('item' in f) refs.push(f.item);
  if (f.kind === 'index') refs.push(...f.items.map((i) => i.item));
  if (f.kind === 'ratio') refs.push(f.numerator.item, f.denominator.item);
  return [...new Set(refs.flatMap((r) => (r.kind === 'attribute' ? [] : [r.name])))];
}

const BY: Record<string, [string, string]> = { sex: ['Sex', 'الجنس'], institution: ['Institution', 'المؤسسة'] };
type ServiceCell = { value: number | null; numerator: number | null; denominator: number | null; n: number | null; ci: Interval | null; suppressed: boolean; display: string };
interface ServiceIndicator {
  id: string; code: string; resultId: string; name: string; unit: string; direction: 'increase' | 'decrease'; formula: unknown;
  baseline: { value: number | string | null }; latest: { value: number | null; waveId: string } | null;
  target: number | null; progress: number | null; status: string | null;
  values: Array<{ waveId: string; overall: ServiceCell; disaggregations: Array<{ dimensions: unknown[]; cells: Array<ServiceCell & { keys: Array<{ code: string; label: string }> }> }> }>;
}
const cellOf = (c: ServiceCell): ValueCell => ({ value: c.value, numerator: c.numerator, denominator: c.denominator, n: c.n, ci: c.ci && { low: c.ci.low, high: c.ci.high }, suppressed: c.suppressed, display: c.display });

/**
 * Indicator values for the chosen waves from the indicator-values service (the same numbers as
 * GET /indicator-values), reshaped for the exports; labels come in the language asked.
 */
export async function indicatorReport(em: EntityManager, programme: ProgrammeInfo, waves: WaveSummary[], lang: 'en' | 'ar'): Promise<IndicatorReport[]> {
  const v = await computeIndicatorValues(em, programme.id, { waveIds: waves.map((w) => w.id), lang });
  const results = new Map<string, { level: string; code: string }>((await em.query(
    `SELECT id, level, code FROM results WHERE programme_id = $1`, [programme.id])).map((r: any) => [r.id, { level: r.level, code: r.code }]));
  return (v.indicators as ServiceIndicator[]).map((ind) => {
    const latestWave = ind.latest ? ind.values.find((x) => x.waveId === ind.latest!.waveId) : undefined;
    return {
      id: ind.id, code: ind.code, level: results.get(ind.resultId)?.level ?? '', resultCode: results.get(ind.resultId)?.code ?? '',
      nameEn: ind.name, nameAr: ind.name, unit: ind.unit, direction: ind.direction, formula: ind.formula as TFormula, valueUnit: valueUnit(ind.formula as TFormula),
      baseline: ind.baseline.value === null || ind.baseline.value === undefined ? null : Number(ind.baseline.value),
      latest: ind.latest?.value ?? null, target: ind.target, progress: ind.progress, status: ind.status,
      n: latestWave ? latestWave.overall.n : null,
      waves: ind.values.map((x) => ({ waveId: x.waveId, cell: cellOf(x.overall) })),
      disaggregations: ind.values.flatMap((x) => x.disaggregations.filter((d) => d.dimensions.length === 1).map((d) => {
        const dim = d.dimensions[0] as { kind: string; name?: string; attribute?: string };
        const by = (dim.kind === 'question' ? dim.name : dim.attribute) ?? '';
        return {
          by, byEn: BY[by]?.[0] ?? by, byAr: BY[by]?.[1] ?? by, waveId: x.waveId,
          categories: d.cells.map((c) => ({ key: c.keys[0].code, labelEn: c.keys[0].label, labelAr: c.keys[0].label, cell: cellOf(c) })),
        };
      })),
    };
  });
}

export interface ReportBundle { programme: ProgrammeInfo; waves: WaveSummary[]; rates: RateSummary[]; indicators: IndicatorReport[] }

/** Everything the report exports need, for the chosen waves (all when none). */
export async function loadReport(em: EntityManager, programmeId: string, waveIds: string[] | undefined, lang: 'en' | 'ar'): Promise<ReportBundle> {
  const programme = await loadProgramme(em, programmeId);
  const waves = await loadWaves(em, programmeId, waveIds);
  const rates = await responseRates(em, programmeId, waves.map((w) => w.id));
  const indicators = await indicatorReport(em, programme, waves, lang);
  return { programme, waves, rates, indicators };
}
