// Indicator values of a programme: one SQL query per wave for all indicators (indicators/sql.ts), then intervals,
// small-cell suppression, labels in the asked language, baseline/latest/target, progress, status, response-rate caveat.
import type { EntityManager } from 'typeorm';
import type { TDisaggregation, TFormula } from '../../indicators/formula';
import { compileIndicatorQuery, type SqlAggregate, type SqlCell } from '../../indicators/sql';
import { choiceLabel, type QuestionIndex } from '../../indicators/check';
import { pairedChange, progress, status, suppressCells, suppressTable, tInterval, wilson, type Interval } from '../../indicators/statistics';
import { evaluateReference, type Respondent } from '../../indicators/evaluate';
import { AppError, notFound } from '../errors';
import { definitionIndex, indicatorDto, indicatorSettings } from './logframe';

export type Lang = 'en' | 'ar';
export interface ValuesQuery { waveIds?: string[]; disaggregate?: string[]; lang: Lang; indicatorId?: string }
export interface Cell { value: number | null; numerator: number | null; denominator: number | null; n: number | null; ci: Interval | null; suppressed: boolean }

interface Wave { id: string; kind: string; name_en: string; name_ar: string; opens_at: Date; definition: unknown; qi: QuestionIndex }

/** The value, counts and 95% interval of one aggregate, by formula kind (percent scaled 0..100). */
export function cellOf(f: TFormula, a: SqlAggregate): Omit<Cell, 'suppressed'> {
  const base = { numerator: a.numerator, denominator: a.denominator, n: a.n };
  const pct = (num: number, den: number) => (den ? (100 * num) / den : null);
  const w = (num: number, den: number) => { const i = wilson(num, den); return i && { low: 100 * i.low, high: 100 * i.high }; };
  switch (f.kind) {
    case 'share': return { ...base, value: pct(a.numerator, a.denominator), ci: w(a.numerator, a.denominator) };
    case 'count': case 'sum': return { ...base, value: a.n ? a.numerator : f.kind === 'count' ? 0 : null, ci: null };
    case 'mean': return { ...base, value: a.denominator ? a.numerator / a.denominator : null, ci: tInterval(a.n, a.numerator, a.sumSquares ?? 0) };
    case 'median': return { ...base, value: a.median, ci: null };
    case 'index': return f.aggregate === 'mean'
      ? { ...base, value: a.denominator ? a.numerator / a.denominator : null, ci: tInterval(a.n, a.numerator, a.sumSquares ?? 0) }
      : { ...base, value: pct(a.numerator, a.denominator), ci: w(a.numerator, a.denominator) };
    case 'ratio': return { ...base, value: a.denominator ? a.numerator / a.denominator : null, ci: null };
  }
}
const hide = (): Cell => ({ value: null, numerator: null, denominator: null, n: null, ci: null, suppressed: true });
const show = (c: Omit<Cell, 'suppressed'>): Cell => ({ ...c, suppressed: false });

const dimKey = (d: TDisaggregation) => (d.kind === 'question' ? `question:${d.name}` : `attribute:${d.attribute}`);
const NO_ANSWER = { en: '(no answer)', ar: '(بلا إجابة)' };

/** A requested dimension name: `question:x` / `attribute:x`, else as configured on an indicator, else a question, else an attribute. */
function resolveDimension(name: string, configured: TDisaggregation[], qi: QuestionIndex): TDisaggregation {
  const m = /^(question|attribute):(.+)$/.exec(name);
  if (m) return m[1] === 'question' ? { kind: 'question', name: m[2] } : { kind: 'attribute', attribute: m[2] };
  const c = configured.find((d) => (d.kind === 'question' ? d.name : d.attribute) === name);
  if (c) return c;
  return qi.has(name) ? { kind: 'question', name } : { kind: 'attribute', attribute: name };
}

async function loadWaves(em: EntityManager, programmeId: string): Promise<Wave[]> {
  const rows = await em.query(
    `SELECT w.id, w.kind, w.name_en, w.name_ar, w.opens_at, v.definition FROM waves w
       JOIN questionnaire_versions v ON v.id = w.questionnaire_version_id WHERE w.programme_id = $1 ORDER BY w.opens_at, w.created_at`, [programmeId]);
  return rows.map((w: any) => ({ ...w, qi: definitionIndex(w.definition) }));
}

async function responseRate(em: EntityManager, waveId: string, lang: Lang) {
  const [r] = await em.query(`SELECT (SELECT count(*) FROM invitations WHERE wave_id = $1 AND revoked_at IS NULL)::int AS invited,
    (SELECT count(*) FROM responses WHERE wave_id = $1 AND status = 'complete')::int AS completed`, [waveId]);
  const rate = r.invited ? r.completed / r.invited : null;
  const pct = rate === null ? null : Math.round(100 * rate);
  const caveat = r.invited
    ? (lang === 'ar' ? `بناءً على ${r.completed} من أصل ${r.invited} مدعوًا (${pct}٪)` : `based on ${r.completed} of ${r.invited} invited (${pct}%)`)
    : (lang === 'ar' ? `بناءً على ${r.completed} إجابة عبر رابط مفتوح` : `based on ${r.completed} responses (open link)`);
  return { invited: r.invited as number, completed: r.completed as number, rate, caveat };
}

/** Build one wave's output for an indicator from the decoded SQL cells. */
function waveValues(ind: ReturnType<typeof indicatorDto>, dims: TDisaggregation[], all: TDisaggregation[], cells: SqlCell[], wave: Wave, lang: Lang, threshold: number, cross: boolean) {
  const idx = dims.map((d) => all.findIndex((x) => dimKey(x) === dimKey(d)));
  const agg = (c: SqlCell) => c.values.get(ind.id)!;
  const small = (n: number) => n > 0 && n < threshold;
  const total = cells.find((c) => c.keys.every((k) => k === null))!;
  const totalCell = cellOf(ind.formula, agg(total));
  const label = (d: TDisaggregation, code: string) => code === '' ? NO_ANSWER[lang] : d.kind === 'question' ? choiceLabel(wave.qi.get(d.name), code, lang) : code;
  const only = (i: number) => cells.filter((c) => c.keys.every((k, j) => (j === i ? k !== null : k === null)));
  const disaggregations = dims.map((d, j) => {
    const cs = only(idx[j]).sort((a, b) => String(a.keys[idx[j]]).localeCompare(String(b.keys[idx[j]])));
    const flags = suppressCells(cs.map((c) => agg(c).n), threshold);
    return { dimensions: [{ ...d, key: dimKey(d) }], cells: cs.map((c, i) => {
      const cell = cellOf(ind.formula, agg(c));
      return { keys: [{ code: c.keys[idx[j]]!, label: label(d, c.keys[idx[j]]!) }], ...(flags[i] ? hide() : show(cell)) };
    }) };
  });
  if (cross && dims.length === 2) {
    const cs = cells.filter((c) => c.keys[idx[0]] !== null && c.keys[idx[1]] !== null && c.keys.filter((k) => k !== null).length === 2);
    const flags = suppressTable(cs.map((c) => ({ row: c.keys[idx[0]]!, col: c.keys[idx[1]]!, n: agg(c).n })), threshold);
    disaggregations.push({ dimensions: dims.map((d) => ({ ...d, key: dimKey(d) })), cells: cs.map((c, i) => {
      const cell = cellOf(ind.formula, agg(c));
      return { keys: dims.map((d, j) => ({ code: c.keys[idx[j]]!, label: label(d, c.keys[idx[j]]!) })), ...(flags[i] ? hide() : show(cell)) };
    }) } as (typeof disaggregations)[number]);
  }
  return { waveId: wave.id, overall: small(totalCell.n ?? 0) ? hide() : show(totalCell), disaggregations };
}

const missingOf = (w: Wave) => { const m = [...new Set([...w.qi.values()].flatMap((x) => x.missingCodes))]; return m.length ? m : undefined; };

/** Answers of the stakeholders who completed both waves (paired comparison), by stakeholder. */
async function pairs(em: EntityManager, earlier: string, later: string): Promise<Map<string, [Respondent, Respondent]>> {
  const rows = await em.query(`SELECT r.stakeholder_id AS s, r.wave_id AS w, r.answers FROM responses r
    WHERE r.status = 'complete' AND r.wave_id IN ($1, $2) AND r.stakeholder_id IN (
      SELECT stakeholder_id FROM responses WHERE status = 'complete' AND wave_id = $1 INTERSECT
      SELECT stakeholder_id FROM responses WHERE status = 'complete' AND wave_id = $2) LIMIT 200000`, [earlier, later]);
  const out = new Map<string, [Respondent, Respondent]>();
  for (const r of rows) {
    const pair = out.get(r.s) ?? [{ answers: {} }, { answers: {} }];
    pair[r.w === earlier ? 0 : 1] = { answers: r.answers };
    out.set(r.s, pair);
  }
  return out;
}

/** Mean per-stakeholder change of a formula between two waves (not for ratios: a ratio has no per-person value). */
function paired(f: TFormula, ps: Map<string, [Respondent, Respondent]>, missingCodes?: Array<string | number>) {
  if (f.kind === 'ratio') return null;
  const a = new Map<string, number>(), b = new Map<string, number>();
  for (const [id, [x, y]] of ps) {
    const ex = evaluateReference(f, [x], { missingCodes }), ey = evaluateReference(f, [y], { missingCodes });
    const one = (e: typeof ex) => (e.n ? (f.kind === 'count' ? e.numerator : e.value) : null);
    if (one(ex) !== null) a.set(id, one(ex)!);
    if (one(ey) !== null) b.set(id, one(ey)!);
  }
  return pairedChange(a, b);
}

export async function computeIndicatorValues(em: EntityManager, programmeId: string, q: ValuesQuery) {
  const settings = await indicatorSettings(em, programmeId);
  const rows = await em.query(`SELECT * FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR id = $2)
    ORDER BY position, code`, [programmeId, q.indicatorId ?? null]);
  if (q.indicatorId && !rows.length) throw notFound('indicator');
  const indicators = rows.map(indicatorDto);
  const waves = await loadWaves(em, programmeId);
  if (q.waveIds?.some((id) => !waves.some((w) => w.id === id))) throw notFound('wave');
  const selected = q.waveIds ? waves.filter((w) => q.waveIds!.includes(w.id)) : waves;
  const baselineWave = waves.find((w) => w.kind === 'baseline');
  const computeWaves = [...new Set([...selected, ...(baselineWave ? [baselineWave] : [])])];

  const configured: TDisaggregation[] = indicators.flatMap((i: { disaggregations: TDisaggregation[] }) => i.disaggregations);
  const latestQi = waves.length ? waves[waves.length - 1].qi : new Map();
  const requested = q.disaggregate?.map((n) => resolveDimension(n, configured, latestQi));
  if (requested && requested.length > 2) throw new AppError('request.invalid', { issues: [{ path: 'disaggregate', message: 'at most two dimensions' }] });
  const all: TDisaggregation[] = requested ?? [...new Map(configured.map((d) => [dimKey(d), d] as const)).values()];
  const cross = !!requested && requested.length === 2;

  const perWave = new Map<string, { cells: SqlCell[]; rate: Awaited<ReturnType<typeof responseRate>> }>();
  for (const w of computeWaves) {
    const c = compileIndicatorQuery({ indicators: indicators.map((i: { id: string; formula: TFormula }) => ({ id: i.id, formula: i.formula })),
      dimensions: all, cross, missingCodes: missingOf(w) }, w.id);
    perWave.set(w.id, { cells: c.decode(await em.query(c.sql, c.params)), rate: await responseRate(em, w.id, q.lang) });
  }

  const pairCache = new Map<string, Map<string, [Respondent, Respondent]>>();
  const laterWaves = baselineWave ? selected.filter((w) => w.id !== baselineWave.id && perWave.get(w.id)!.rate.completed > 0) : [];
  for (const w of laterWaves.slice(-1)) pairCache.set(w.id, await pairs(em, baselineWave!.id, w.id));
  const out = indicators.map((ind: ReturnType<typeof indicatorDto>) => {
    const dims = requested ?? ind.disaggregations;
    const values = selected.map((w) => ({ ...waveValues(ind, dims, all, perWave.get(w.id)!.cells, w, q.lang, settings.suppressionThreshold, cross), responseRate: perWave.get(w.id)!.rate }));
    const baseVals = baselineWave && waveValues(ind, [], all, perWave.get(baselineWave.id)!.cells, baselineWave, q.lang, settings.suppressionThreshold, false);
    const baseline = ind.baselineSource === 'manual'
      ? { value: ind.baselineValue, source: 'manual', waveId: null }
      : { value: baseVals?.overall.value ?? null, source: 'wave', waveId: baselineWave?.id ?? null };
    // the latest wave that has complete responses: an open wave with none yet is not a value of 0
    const latest = [...values].reverse().find((v) => v.overall.value !== null && v.responseRate.completed > 0);
    const target = typeof ind.targets?.final?.value === 'number' ? ind.targets.final.value : null;
    const p = progress(baseline.value, latest?.overall.value ?? null, target, ind.direction);
    const followUp = latest && latest.waveId !== baseline.waveId;
    return {
      id: ind.id, code: ind.code, resultId: ind.resultId, name: q.lang === 'ar' && ind.nameAr ? ind.nameAr : ind.nameEn, unit: ind.unit,
      direction: ind.direction, formula: ind.formula, baseline, latest: latest ? { value: latest.overall.value, waveId: latest.waveId } : null,
      target, progress: followUp ? p : null, status: followUp ? status(p, settings.status) : null, values,
      pairedChange: followUp && pairCache.has(latest.waveId)
        ? { fromWaveId: baselineWave!.id, toWaveId: latest.waveId, ...(paired(ind.formula, pairCache.get(latest.waveId)!, missingOf(baselineWave!)) ?? { n: 0, meanChange: null, ci: null }) } : null,
    };
  });
  return {
    programmeId, lang: q.lang, suppressionThreshold: settings.suppressionThreshold,
    waves: selected.map((w) => ({ id: w.id, kind: w.kind, name: q.lang === 'ar' && w.name_ar ? w.name_ar : w.name_en, responseRate: perWave.get(w.id)!.rate })),
    indicators: out,
  };
}
