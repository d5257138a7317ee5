// What the report exports (indicator table, workbook, Word annex, charts) are built from: the programme, the report's
// scope (period or dates, and its waves), response rates by institution and sex with reminders, and indicator values
// per wave with disaggregations (institutions by name), in one shape for every export.
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors';
import type { TFormula, TItemRef } from '../../indicators/formula';
import type { Interval } from '../../indicators/statistics';
import { valueUnit, type NullReason, type ValueUnit } from '../../indicators/precision';
import type { TValueCell } from '../../contracts/indicators';
import type { Lang } from '../../contracts/common';
import { computeIndicatorValues } from '../services/indicator-values';
import { responseRates as waveResponseRates } from '../services/response-rates';
import { definitionIndex } from '../services/logframe';
import type { ReportScope, ScopeWave } from './scope';
import { activitiesInPeriod, type ReportActivities } from './activities';

export interface ProgrammeInfo {
  id: string; code: string; nameEn: string; nameAr: string; donorEn: string; donorAr: string; suppressionThreshold: number;
}
export type WaveSummary = ScopeWave;
export interface RateCounts { invited: number; opened: number; started: number; completed: number; declined: number; rate: number | null }
export interface RateGroup extends RateCounts { code: string; labelEn: string; labelAr: string }
export interface RateSummary extends RateCounts {
  waveId: string;
  byInstitution: RateGroup[];
  bySex: RateGroup[];
  reminders: Array<{ round: number; date: string; count: number }>;
  daily: Array<{ date: string; completed: number; cumulative: number }>;
}
/** `display`: the value rounded per unit in the report's language by the indicator engine, or why there is none (`reason`) */
export interface ValueCell {
  value: number | null; numerator: number | null; denominator: number | null; n: number | null; ci: Interval | null; suppressed: boolean;
  display?: string; reason?: NullReason | null;
}
export interface DisaggCategory { key: string; labelEn: string; labelAr: string; cell: ValueCell }
export interface Disaggregation { by: string; byEn: string; byAr: string; waveId: string; categories: DisaggCategory[] }
export interface IndicatorReport {
  id: string; code: string; level: string; resultCode: string; nameEn: string; nameAr: string; unit: string; direction: 'increase' | 'decrease';
  /** how values round and read (percent, mean, count, sum, ratio): indicators/precision.ts */
  valueUnit: ValueUnit;
  formula: TFormula;
  baseline: number | null; latest: number | null; target: number | null; progress: number | null; status: string | null; n: number | null;
  waves: Array<{ waveId: string; cell: ValueCell }>;
  disaggregations: Disaggregation[];
  /** "don't know" / "not applicable" codes of the questions the formula reads, left out of denominators */
  missingCodes: string[];
}

export async function loadProgramme(em: EntityManager, programmeId: string): Promise<ProgrammeInfo> {
  const rows: Array<{ id: string; code: string; name_en: string; name_ar: string; donor_en: string; donor_ar: string; settings: { suppressionThreshold?: number } | null }> =
    await em.query(`SELECT id, code, name_en, name_ar, donor_en, donor_ar, settings FROM programmes WHERE id = $1`, [programmeId]);
  if (!rows.length) throw notFound('programme');
  const r = rows[0];
  return {
    id: r.id, code: r.code, nameEn: r.name_en, nameAr: r.name_ar || r.name_en, donorEn: r.donor_en ?? '', donorAr: r.donor_ar || r.donor_en || '',
    suppressionThreshold: Number(r.settings?.suppressionThreshold ?? 3),
  };
}

/** Institution code → English/Arabic name, from the programme's registry (an unknown code reads as itself). */
export async function institutionNames(em: EntityManager, programmeId: string): Promise<(code: string) => { en: string; ar: string }> {
  const rows: Array<{ code: string; name_en: string; name_ar: string }> =
    await em.query(`SELECT code, name_en, name_ar FROM institutions WHERE programme_id = $1`, [programmeId]);
  const m = new Map(rows.map((r) => [r.code, { en: r.name_en, ar: r.name_ar || r.name_en }]));
  return (code) => m.get(code) ?? { en: code, ar: code };
}

export const SEX: Record<string, [string, string]> = {
  female: ['Female', 'أنثى'], male: ['Male', 'ذكر'], other: ['Other', 'آخر'], undisclosed: ['Undisclosed', 'غير مصرّح'], unknown: ['Not recorded', 'غير مسجّل'],
};

/** Invitation funnel per wave, by institution (names) and by sex, with reminder rounds and daily completions; no names of people. */
export async function responseRates(em: EntityManager, programmeId: string, waveIds: string[]): Promise<RateSummary[]> {
  const inst = await institutionNames(em, programmeId);
  const out: RateSummary[] = [];
  const counts = (c: RateCounts): RateCounts => ({ invited: c.invited, opened: c.opened, started: c.started, completed: c.completed, declined: c.declined, rate: c.rate });
  for (const id of waveIds) {
    const r = await waveResponseRates(em, programmeId, id, 'institution');
    const s = await waveResponseRates(em, programmeId, id, 'sex');
    out.push({
      waveId: id, ...counts(r),
      byInstitution: r.breakdown.map((g) => ({ code: g.group ?? '', labelEn: inst(g.group ?? '').en, labelAr: inst(g.group ?? '').ar, ...counts(g) }))
        .sort((a, b) => a.labelEn.localeCompare(b.labelEn)),
      bySex: s.breakdown.map((g) => ({ code: g.group, labelEn: SEX[g.group]?.[0] ?? g.group, labelAr: SEX[g.group]?.[1] ?? g.group, ...counts(g) })),
      reminders: (r.reminders as Array<{ round: number; date: string; count: number }>).map((x) => ({ round: Number(x.round), date: x.date, count: x.count })),
      daily: r.daily as Array<{ date: string; completed: number; cumulative: number }>,
    });
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
const cellOf = (c: TValueCell): ValueCell => ({
  value: c.value, numerator: c.numerator, denominator: c.denominator, n: c.n, ci: c.ci && { low: c.ci.low, high: c.ci.high }, suppressed: c.suppressed,
  display: c.display, reason: c.reason,
});

/**
 * Indicator values for the chosen waves from the indicator-values service (the same numbers as
 * GET /indicator-values), reshaped for the exports; labels in the report's language, institutions by name.
 */
export async function indicatorReport(em: EntityManager, programme: ProgrammeInfo, waves: WaveSummary[], lang: Lang, indicatorIds?: string[]): Promise<IndicatorReport[]> {
  const v = await computeIndicatorValues(em, programme.id, { waveIds: waves.map((w) => w.id), lang });
  const resultRows: Array<{ id: string; level: string; code: string }> = await em.query(`SELECT id, level, code FROM results WHERE programme_id = $1`, [programme.id]);
  const results = new Map(resultRows.map((r) => [r.id, r]));
  const inst = await institutionNames(em, programme.id);
  const defs: Array<{ definition: unknown }> = await em.query(
    `SELECT DISTINCT qv.definition FROM waves w JOIN questionnaire_versions qv ON qv.id = w.questionnaire_version_id WHERE w.programme_id = $1 AND w.id = ANY($2::uuid[])`,
    [programme.id, waves.map((w) => w.id)]);
  const indexes = defs.map((d) => definitionIndex(d.definition));
  const all = v.indicators;
  const unknown = indicatorIds?.filter((id) => !all.some((i) => i.id === id)) ?? [];
  if (unknown.length) throw new AppError('report.unknown_indicator', { indicators: unknown });
  const chosen = all.filter((i) => !indicatorIds || indicatorIds.includes(i.id));
  return chosen.map((ind) => {
    const latestWave = ind.latest ? ind.values.find((x) => x.waveId === ind.latest!.waveId) : undefined;
    const formula = ind.formula as TFormula;
    const declared = 'exclude' in formula && Array.isArray(formula.exclude) ? formula.exclude.map(String) : [];
    const detected = formulaQuestions(formula).flatMap((q) => indexes.flatMap((qi) => qi.get(q)?.missingCodes ?? []).map(String));
    return {
      id: ind.id, code: ind.code, level: results.get(ind.resultId)?.level ?? '', resultCode: results.get(ind.resultId)?.code ?? '',
      nameEn: ind.name, nameAr: ind.name, unit: ind.unit, valueUnit: valueUnit(formula), direction: ind.direction, formula,
      baseline: ind.baseline.value === null || ind.baseline.value === undefined ? null : Number(ind.baseline.value),
      latest: ind.latest?.value ?? null, target: ind.target, progress: ind.progress, status: ind.status,
      n: latestWave ? latestWave.overall.n : null,
      waves: ind.values.map((x) => ({ waveId: x.waveId, cell: cellOf(x.overall) })),
      disaggregations: ind.values.flatMap((x) => x.disaggregations.filter((d) => d.dimensions.length === 1).map((d) => {
        const dim = d.dimensions[0] as { kind: string; name?: string; attribute?: string };
        const by = (dim.kind === 'question' ? dim.name : dim.attribute) ?? '';
        const named = by === 'institution';
        return {
          by, byEn: BY[by]?.[0] ?? by, byAr: BY[by]?.[1] ?? by, waveId: x.waveId,
          categories: d.cells.map((c) => {
            const code = c.keys[0].code;
            const names = named && code !== '' ? inst(code) : { en: c.keys[0].label, ar: c.keys[0].label };
            return { key: code, labelEn: names.en, labelAr: names.ar, cell: cellOf(c) };
          }),
        };
      })),
      missingCodes: [...new Set([...declared, ...detected])],
    };
  });
}

export interface ReportBundle {
  programme: ProgrammeInfo; scope: ReportScope; waves: WaveSummary[]; rates: RateSummary[]; indicators: IndicatorReport[];
  activities: ReportActivities;
}

/** Everything the report exports need, for a resolved scope; `indicatorIds` narrows the indicators (all when none). */
export async function loadReport(em: EntityManager, programmeId: string, scope: ReportScope, lang: Lang, indicatorIds?: string[]): Promise<ReportBundle> {
  const programme = await loadProgramme(em, programmeId);
  const waves = scope.waves;
  const rates = await responseRates(em, programmeId, waves.map((w) => w.id));
  const indicators = await indicatorReport(em, programme, waves, lang, indicatorIds);
  const activities = await activitiesInPeriod(em, programmeId, scope.from, scope.to, lang);
  return { programme, scope, waves, rates, indicators, activities };
}
