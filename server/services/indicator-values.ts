// Indicator values of a programme: one SQL query per wave for all indicators (indicators/sql.ts) with that wave's own
// missing codes, suppression decided once per (wave, disaggregation), values with intervals and display strings,
// baseline / latest (last wave where the indicator has answers) / target, progress, status, paired change, caveat.
import type { DataSource, EntityManager } from 'typeorm';
import type { TDisaggregation, TFormula } from '../../indicators/formula';
import { compileIndicatorQuery, type SqlAggregate, type SqlCell } from '../../indicators/sql';
import type { QuestionIndex } from '../../indicators/check';
import { pairedChange, progress, status } from '../../indicators/statistics';
import { evaluateReference, type Respondent } from '../../indicators/evaluate';
import { missingCodeTable, missingCodesFor, scaleFor, type MissingCodeTable } from '../../indicators/missing-codes';
import { cellValue, LOW_PRECISION_N } from '../../indicators/values';
import { formatInterval, formatNumber, formatValue, valueUnit } from '../../indicators/precision';
import { formulaText } from '../../indicators/describe';
import type { TIndicatorValues, TValueCell, TValuesResponse } from '../../contracts/indicators';
import { AppError, notFound } from '../errors';
import { definitionIndex, indicatorDto, indicatorSettings } from './logframe';
import { projectedCells, projectedIndicators } from './indicator-projection';
import { cellLabel, crossKey, dimKey, loadVocabulary, resolveDimension, suppressionPlan, type Lang, type SuppressionPlan, type Vocabulary } from './indicator-dimensions';

export type { Lang };
export interface ValuesQuery { waveIds?: string[]; disaggregate?: string[]; lang: Lang; indicatorId?: string }
/** `projections`: the primary DataSource, to build and read the waves' typed projections (indicator-projection.ts);
 * without it (or when `em` cannot see the current one) the JSONB query. Give it only when `em` is not in a transaction. */
export interface ValuesOptions { projections?: DataSource }

interface Wave { id: string; kind: string; name_en: string; name_ar: string; opens_at: Date; definition: unknown; qi: QuestionIndex; mt: MissingCodeTable }
type Indicator = ReturnType<typeof indicatorDto>;
type Rate = TValuesResponse['waves'][number]['responseRate'];
type ValueCell = TValueCell;

const ZERO: SqlAggregate = { numerator: 0, denominator: 0, n: 0, sumSquares: 0, median: null };
const codesOf = (w: Wave) => (item: Parameters<typeof missingCodesFor>[1]) => missingCodesFor(w.mt, item);

/** A shown or hidden cell of one indicator in one wave: value, counts, interval, flags and display string. */
function cellOut(f: TFormula, a: SqlAggregate, respondents: number, hidden: boolean, wave: Wave, lang: Lang): ValueCell {
  const unit = valueUnit(f);
  if (hidden) return { value: null, numerator: null, denominator: null, n: null, respondents: null, ci: null, suppressed: true, reason: 'suppressed', lowPrecision: false, display: formatValue(null, unit, lang, 'suppressed') };
  const scale = f.kind === 'mean' || f.kind === 'median' ? scaleFor(wave.mt, f.item) : null;
  const c = cellValue(f, a, scale);
  return {
    value: c.value, numerator: c.numerator, denominator: c.denominator, n: c.n, respondents,
    ci: c.ci && { ...c.ci, display: formatInterval(c.ci, unit, lang) }, suppressed: false, reason: c.reason, lowPrecision: c.lowPrecision,
    display: formatValue(c.value, unit, lang, c.reason),
  };
}

async function loadWaves(em: EntityManager, programmeId: string): Promise<Wave[]> {
  const rows: Array<Omit<Wave, 'qi' | 'mt'>> = await em.query(
    `SELECT w.id, w.kind, w.name_en, w.name_ar, w.opens_at, v.definition FROM waves w
       JOIN questionnaire_versions v ON v.id = w.questionnaire_version_id WHERE w.programme_id = $1 ORDER BY w.opens_at, w.created_at`, [programmeId]);
  return rows.map((w) => ({ ...w, qi: definitionIndex(w.definition), mt: missingCodeTable(w.definition) }));
}

let excludedColumn: boolean | undefined;
/** Whether responses can be excluded by an officer (`responses.excluded_at`, added by another feature's migration). */
async function hasExcludedColumn(em: EntityManager): Promise<boolean> {
  if (excludedColumn === undefined) {
    const [r] = await em.query(`SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
      AND table_name = 'responses' AND column_name = 'excluded_at') AS x`);
    excludedColumn = r.x === true;
  }
  return excludedColumn;
}
const notExcluded = (skip: boolean, alias: string) => (skip ? ` AND ${alias}.excluded_at IS NULL` : '');

async function responseRate(em: EntityManager, waveId: string, lang: Lang, skip: boolean): Promise<Rate> {
  const [r]: Array<{ invited: number; completed: number }> = await em.query(`SELECT (SELECT count(*) FROM invitations WHERE wave_id = $1 AND revoked_at IS NULL)::int AS invited,
    (SELECT count(*) FROM responses r WHERE wave_id = $1 AND status = 'complete'${notExcluded(skip, 'r')})::int AS completed`, [waveId]);
  const rate = r.invited ? r.completed / r.invited : null;
  const pct = rate === null ? null : Math.round(100 * rate);
  const caveat = r.invited
    ? (lang === 'ar' ? `بناءً على ${r.completed} من أصل ${r.invited} مدعوًا (${pct}٪)` : `based on ${r.completed} of ${r.invited} invited (${pct}%)`)
    : (lang === 'ar' ? `بناءً على ${r.completed} إجابة عبر رابط مفتوح` : `based on ${r.completed} responses (open link)`);
  return { invited: r.invited, completed: r.completed, rate, caveat };
}

/** One wave's output for an indicator: overall, its disaggregations (and the cross table when two were asked). */
function waveValues(ind: Indicator, dims: TDisaggregation[], all: TDisaggregation[], cells: SqlCell[], plan: SuppressionPlan, wave: Wave, vocab: Vocabulary, lang: Lang) {
  const agg = (c: SqlCell | undefined) => c?.values.get(ind.id) ?? ZERO;
  const total = cells.find((c) => c.keys.every((k) => k === null));
  const idx = dims.map((d) => all.findIndex((x) => dimKey(x) === dimKey(d)));
  const dimOut = (d: TDisaggregation) => ({ ...d, key: dimKey(d) });
  const disaggregations = idx.map((i) => {
    const byCode = new Map(cells.filter((c) => c.keys.every((k, j) => (j === i ? k !== null : k === null))).map((c) => [c.keys[i]!, c] as const));
    const m = plan.margins.get(i)!;
    return { dimensions: [dimOut(all[i])], cells: m.codes.map((code) => ({
      keys: [{ code, label: cellLabel(all[i], code, wave.qi, vocab, lang) }],
      ...cellOut(ind.formula, agg(byCode.get(code)), byCode.get(code)?.respondents ?? 0, m.hidden.has(code), wave, lang),
    })) };
  });
  if (plan.cross && idx.length === 2 && idx[0] === 0 && idx[1] === 1) {
    const byKey = new Map(cells.filter((c) => c.keys[0] !== null && c.keys[1] !== null).map((c) => [crossKey(c.keys[0]!, c.keys[1]!), c] as const));
    disaggregations.push({ dimensions: all.map(dimOut), cells: plan.cross.cells.map((g) => {
      const c = byKey.get(crossKey(g.row, g.col));
      return { keys: [{ code: g.row, label: cellLabel(all[0], g.row, wave.qi, vocab, lang) }, { code: g.col, label: cellLabel(all[1], g.col, wave.qi, vocab, lang) }],
        ...cellOut(ind.formula, agg(c), c?.respondents ?? 0, plan.cross!.hidden.has(crossKey(g.row, g.col)), wave, lang) };
    }) });
  }
  return { waveId: wave.id, overall: cellOut(ind.formula, agg(total), total?.respondents ?? 0, plan.total, wave, lang), disaggregations };
}

/** Stakeholders who completed both waves, with their answers and roster attributes (paired comparison). */
async function pairs(em: EntityManager, earlier: string, later: string, skip: boolean): Promise<Map<string, [Respondent, Respondent]>> {
  const rows: Array<{ s: string; w: string; answers: Record<string, unknown>; attributes: Record<string, unknown> }> = await em.query(
    `SELECT r.stakeholder_id AS s, r.wave_id AS w, r.answers, coalesce(s.attributes, '{}'::jsonb) || jsonb_strip_nulls(jsonb_build_object('institution', s.institution,
       'sex', s.sex, 'department', s.department, 'preferred_language', s.preferred_language)) AS attributes
     FROM responses r JOIN stakeholders s ON s.id = r.stakeholder_id
     WHERE r.status = 'complete'${notExcluded(skip, 'r')} AND r.wave_id IN ($1, $2) AND r.stakeholder_id IN (
      SELECT stakeholder_id FROM responses x WHERE status = 'complete' AND wave_id = $1${notExcluded(skip, 'x')} INTERSECT
      SELECT stakeholder_id FROM responses x WHERE status = 'complete' AND wave_id = $2${notExcluded(skip, 'x')}) LIMIT 200000`, [earlier, later]);
  const out = new Map<string, [Respondent, Respondent]>();
  for (const r of rows) {
    const pair = out.get(r.s) ?? [{ answers: {} }, { answers: {} }];
    pair[r.w === earlier ? 0 : 1] = { answers: r.answers, attributes: r.attributes };
    out.set(r.s, pair);
  }
  return out;
}

/** Mean per-stakeholder change between two waves, each wave with its own missing codes (not for ratios). */
function paired(f: TFormula, ps: Map<string, [Respondent, Respondent]>, from: Wave, to: Wave) {
  if (f.kind === 'ratio') return null;
  const a = new Map<string, number>(), b = new Map<string, number>();
  const one = (r: Respondent, w: Wave) => {
    const e = evaluateReference(f, [r], { missingCodes: codesOf(w) });
    return e.n ? e.value : null;
  };
  for (const [id, [x, y]] of ps) {
    const ex = one(x, from), ey = one(y, to);
    if (ex !== null) a.set(id, ex);
    if (ey !== null) b.set(id, ey);
  }
  return pairedChange(a, b);
}

export async function computeIndicatorValues(em: EntityManager, programmeId: string, q: ValuesQuery, opts: ValuesOptions = {}): Promise<TValuesResponse> {
  const settings = await indicatorSettings(em, programmeId);
  const threshold: number = settings.suppressionThreshold;
  // indicators over the activities log have their own service (activity-indicators.ts): not answers of a wave
  const rows = await em.query(`SELECT * FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR id = $2)
      AND coalesce(formula->>'source', '') <> 'activities'
    ORDER BY position, code`, [programmeId, q.indicatorId ?? null]);
  if (q.indicatorId && !rows.length) throw notFound('indicator');
  const indicators: Indicator[] = rows.map(indicatorDto);
  const waves = await loadWaves(em, programmeId);
  if (q.waveIds?.some((id) => !waves.some((w) => w.id === id))) throw notFound('wave');
  const selected = q.waveIds ? waves.filter((w) => q.waveIds!.includes(w.id)) : waves;
  const baselineWave = waves.find((w) => w.kind === 'baseline');
  const computeWaves = [...new Set([...selected, ...(baselineWave ? [baselineWave] : [])])];

  const vocab = await loadVocabulary(em, programmeId, waves.map((w) => w.qi));
  const requested = q.disaggregate?.map((n) => resolveDimension(n, vocab));
  if (requested && requested.length > 2) throw new AppError('request.invalid', { issues: [{ path: 'disaggregate', message: 'at most two dimensions' }] });
  if (requested && new Set(requested.map(dimKey)).size !== requested.length) throw new AppError('request.invalid', { issues: [{ path: 'disaggregate', message: 'the same dimension twice' }] });
  // every indicator of the programme's configured dimensions (not only the one asked for): one vocabulary, same cells
  const configured: TDisaggregation[] = (await em.query(`SELECT disaggregations FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL AND coalesce(formula->>'source', '') <> 'activities'`, [programmeId]))
    .flatMap((r: { disaggregations: TDisaggregation[] }) => r.disaggregations);
  const all: TDisaggregation[] = requested ?? [...new Map(configured.map((d) => [dimKey(d), d] as const)).values()].sort((a, b) => (dimKey(a) < dimKey(b) ? -1 : 1));
  const cross = !!requested && requested.length === 2;

  const skip = await hasExcludedColumn(em);
  const perWave = new Map<string, { cells: SqlCell[]; plan: SuppressionPlan; rate: Rate }>();
  const projected = opts.projections && (q.indicatorId ? await projectedIndicators(em, programmeId) : indicators.map((i) => ({ id: i.id, formula: i.formula })));
  for (const w of computeWaves) {
    const fromProjection = projected && await projectedCells(em, opts.projections!, programmeId, w, projected, { indicators: indicators.map((i) => i.id), dimensions: all, cross });
    const c = fromProjection ? null
      : compileIndicatorQuery({ indicators: indicators.map((i) => ({ id: i.id, formula: i.formula })), dimensions: all, cross, missingCodes: codesOf(w), skipExcluded: skip }, w.id);
    const cells = fromProjection || c!.decode(await em.query(c!.sql, c!.params));
    perWave.set(w.id, { cells, plan: suppressionPlan(cells, all, cross, w.qi, threshold), rate: await responseRate(em, w.id, q.lang, skip) });
  }

  const pairCache = new Map<string, Map<string, [Respondent, Respondent]>>();
  const out: TIndicatorValues[] = [];
  for (const ind of indicators) {
    const unit = valueUnit(ind.formula);
    const dims = requested ?? ind.disaggregations;
    const values = selected.map((w) => ({ ...waveValues(ind, dims, all, perWave.get(w.id)!.cells, perWave.get(w.id)!.plan, w, vocab, q.lang), responseRate: perWave.get(w.id)!.rate }));
    const baseOverall = baselineWave && waveValues(ind, [], all, perWave.get(baselineWave.id)!.cells, perWave.get(baselineWave.id)!.plan, baselineWave, vocab, q.lang).overall;
    const baselineValue = ind.baselineSource === 'manual' ? ind.baselineValue : baseOverall?.value ?? null;
    const baseline = {
      value: baselineValue, source: ind.baselineSource === 'manual' ? 'manual' as const : 'wave' as const,
      waveId: ind.baselineSource === 'manual' ? null : baselineWave?.id ?? null,
      display: ind.baselineSource === 'manual' || !baseOverall ? formatValue(baselineValue, unit, q.lang) : baseOverall.display,
    };
    // latest: the last selected wave (by opening date) where this indicator has answers (n > 0), shown or suppressed
    const answered = (waveId: string) => (perWave.get(waveId)!.cells.find((c) => c.keys.every((k) => k === null))?.values.get(ind.id)?.n ?? 0) > 0;
    const latestV = [...values].reverse().find((v) => answered(v.waveId));
    const latest = latestV ? { value: latestV.overall.value, waveId: latestV.waveId, suppressed: latestV.overall.suppressed, display: latestV.overall.display } : null;
    const target = typeof ind.targets?.final?.value === 'number' ? ind.targets.final.value : null;
    const followUp = !!latest && latest.waveId !== baseline.waveId;
    const p = followUp ? progress(baseline.value, latest.value, target, ind.direction) : null;
    let pc: TIndicatorValues['pairedChange'] = null;
    const toWave = latest && waves.find((w) => w.id === latest.waveId);
    if (baselineWave && toWave && toWave.id !== baselineWave.id && ind.formula.kind !== 'ratio') {
      if (!pairCache.has(toWave.id)) pairCache.set(toWave.id, await pairs(em, baselineWave.id, toWave.id, skip));
      const r = paired(ind.formula, pairCache.get(toWave.id)!, baselineWave, toWave) ?? { n: 0, meanChange: null, ci: null };
      const hidden = r.n > 0 && r.n < threshold;
      const sign = (x: number) => (x > 0 ? '+' : '');
      const display = hidden ? formatValue(null, unit, q.lang, 'suppressed') : r.meanChange === null ? formatValue(null, unit, q.lang, 'no_answers')
        : `${sign(r.meanChange)}${formatNumber(r.meanChange, unit, q.lang)}${unit === 'percent' ? (q.lang === 'ar' ? ' نقطة مئوية' : ' pp') : ''}`;
      pc = { fromWaveId: baselineWave.id, toWaveId: toWave.id, n: r.n, meanChange: hidden ? null : r.meanChange, ci: hidden ? null : r.ci, suppressed: hidden, display };
    }
    out.push({
      id: ind.id, code: ind.code, resultId: ind.resultId, name: q.lang === 'ar' && ind.nameAr ? ind.nameAr : ind.nameEn, unit: ind.unit,
      direction: ind.direction, formula: ind.formula, formulaText: formulaText(ind.formula, q.lang), baseline, latest,
      target, progress: p, status: followUp ? status(p, settings.status) : null, values, pairedChange: pc,
    });
  }
  return {
    programmeId, lang: q.lang, suppressionThreshold: threshold, lowPrecisionBelow: LOW_PRECISION_N, dimensions: all.map(dimKey),
    waves: selected.map((w) => ({ id: w.id, kind: w.kind, name: q.lang === 'ar' && w.name_ar ? w.name_ar : w.name_en, opensAt: new Date(w.opens_at).toISOString(), responseRate: perWave.get(w.id)!.rate })),
    indicators: out,
  };
}
