// Disaggregation limits (documented in README): per indicator, per request and per programme, as pure checks that the
// indicator save (400) and the indicator-values query (400, or batches of dimensions) call, so that no accepted
// configuration can make the one-scan SQL (indicators/sql.ts, at most 8 dimensions per query) fail.
import type { TDisaggregation } from './formula';

/** Disaggregations one indicator may declare. */
export const MAX_INDICATOR_DISAGGREGATIONS = 3;
/** Dimensions one indicator-values request may ask for (crossed when two). */
export const MAX_REQUEST_DIMENSIONS = 2;
/** Distinct dimensions over all the indicators of a programme (the default view computes them in one query). */
export const MAX_PROGRAMME_DIMENSIONS = 8;
/** What one compiled query can group by (compileIndicatorQuery refuses more). */
export const MAX_QUERY_DIMENSIONS = 8;

export interface TLimitProblem { path: string; message: string }

/** A stable key for a dimension: `question:<name>` or `attribute:<name>`. */
export const dimensionKey = (d: TDisaggregation) => (d.kind === 'question' ? `question:${d.name}` : `attribute:${d.attribute}`);

/**
 * Problems of an indicator's disaggregations at save: at most 3, no repeats, and with the programme's other indicators
 * (`others`: their disaggregations) at most 8 distinct dimensions in the programme.
 */
export function disaggregationProblems(own: TDisaggregation[], others: TDisaggregation[][] = []): TLimitProblem[] {
  const problems: TLimitProblem[] = [];
  if (own.length > MAX_INDICATOR_DISAGGREGATIONS) {
    problems.push({ path: 'disaggregations', message: `at most ${MAX_INDICATOR_DISAGGREGATIONS} disaggregations per indicator (got ${own.length})` });
  }
  const keys = own.map(dimensionKey);
  const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (repeated.length) problems.push({ path: 'disaggregations', message: `repeated: ${[...new Set(repeated)].join(', ')}` });
  const programme = new Set([...others.flat().map(dimensionKey), ...keys]);
  if (programme.size > MAX_PROGRAMME_DIMENSIONS) {
    problems.push({ path: 'disaggregations', message:
      `a programme may disaggregate its indicators by at most ${MAX_PROGRAMME_DIMENSIONS} different dimensions (this would make ${programme.size})` });
  }
  return problems;
}

/** Problem of an indicator-values request's `disaggregate` list, or null: at most 2 dimensions, no repeats. */
export function requestDimensionsProblem(requested: TDisaggregation[]): TLimitProblem | null {
  if (requested.length > MAX_REQUEST_DIMENSIONS) {
    return { path: 'disaggregate', message: `at most ${MAX_REQUEST_DIMENSIONS} dimensions per request (crossed), got ${requested.length}` };
  }
  if (new Set(requested.map(dimensionKey)).size !== requested.length) return { path: 'disaggregate', message: 'a dimension is repeated' };
  return null;
}

/**
 * Splits the dimensions one view needs into batches that one query can group by (distinct, at most 8 each): a programme
 * stored before these limits still answers, with one query per batch, instead of failing.
 */
export function dimensionBatches(dims: TDisaggregation[]): TDisaggregation[][] {
  const distinct = [...new Map(dims.map((d) => [dimensionKey(d), d] as const)).values()];
  const batches: TDisaggregation[][] = [];
  for (let i = 0; i < distinct.length; i += MAX_QUERY_DIMENSIONS) batches.push(distinct.slice(i, i + MAX_QUERY_DIMENSIONS));
  return batches;
}
