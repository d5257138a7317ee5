// SQL compiler: all indicator formulas of a wave → ONE parameterised query (one scan of `responses`, GROUPING SETS
// for the disaggregations) returning per indicator and cell numerator, denominator, n, sum of squares and median.
// Question names, rows, codes and thresholds always travel as parameters; identifiers are generated (x0, d1).
import { DEFAULT_MISSING_CODES, type TCondition, type TDisaggregation, type TFormula, type TItemRef } from './formula';

export interface CompileInput {
  indicators: Array<{ id: string; formula: TFormula }>;
  /** dimensions; the query returns the total and each dimension alone, plus the cross of all when `cross` */
  dimensions: TDisaggregation[];
  cross?: boolean;
  /** questionnaire missing codes (used when a formula has no `exclude`) */
  missingCodes?: ReadonlyArray<string | number>;
}
export interface SqlAggregate { numerator: number; denominator: number; n: number; sumSquares: number | null; median: number | null }
export interface SqlCell {
  /** one key per dimension: null = all (rolled up); the dimension value as text, or '' for unanswered */
  keys: Array<string | null>;
  values: Map<string, SqlAggregate>;
}
export interface CompiledQuery { sql: string; params: unknown[]; decode(rows: Array<Record<string, unknown>>): SqlCell[] }

/** Stakeholder columns usable as attributes; anything else is a key of stakeholders.attributes. */
const STAKEHOLDER_COLUMNS: Record<string, string> = {
  institution: 's.institution', department: 's.department', sex: 's.sex', preferred_language: 's.preferred_language',
};

class Params {
  readonly values: unknown[];
  private readonly index = new Map<string, number>();
  constructor(first: unknown[]) { this.values = [...first]; }
  /** `$n::type`, reusing the same placeholder for the same typed value */
  add(value: unknown, type: 'text' | 'jsonb' | 'numeric' | 'int' | 'jsonb[]'): string {
    const key = `${type}:${JSON.stringify(value)}`;
    let i = this.index.get(key);
    if (i === undefined) {
      this.values.push(type === 'jsonb' ? JSON.stringify(value) : type === 'jsonb[]' ? (value as unknown[]).map((v) => JSON.stringify(v)) : value);
      i = this.values.length;
      this.index.set(key, i);
    }
    return `$${i}::${type}`;
  }
}

/** jsonb expression of an item for one response row (r = responses, s = stakeholders). */
function itemSql(item: TItemRef, p: Params): string {
  if (item.kind === 'attribute') {
    const col = STAKEHOLDER_COLUMNS[item.attribute];
    return col ? `to_jsonb(${col})` : `(s.attributes -> ${p.add(item.attribute, 'text')})`;
  }
  const q = `(r.answers -> ${p.add(item.name, 'text')})`;
  if (item.kind === 'question') return q;
  const row = `(${q} -> ${p.add(item.row, 'text')})`;
  return item.column === undefined ? row : `(${row} -> ${p.add(item.column, 'text')})`;
}

/** true when the value is answered and not a missing code (mirrors evaluate.ts isMissing). */
function answered(v: string, missing: string): string {
  return `(CASE jsonb_typeof(${v}) WHEN 'array' THEN ${v} <> '[]'::jsonb
    WHEN 'string' THEN ${v} <> '""'::jsonb AND NOT (jsonb_build_array(${v}) <@ ${missing})
    WHEN 'number' THEN NOT (jsonb_build_array(${v}) <@ ${missing})
    WHEN 'boolean' THEN NOT (jsonb_build_array(${v}) <@ ${missing}) ELSE false END)`;
}
/** numeric reading: numbers, booleans as 1/0, else NULL (mirrors evaluate.ts numeric). */
const numericOf = (v: string) =>
  `(CASE jsonb_typeof(${v}) WHEN 'number' THEN (${v})::numeric WHEN 'boolean' THEN CASE WHEN (${v})::boolean THEN 1 ELSE 0 END END)`;
/** numeric value when answered, else NULL */
const validNumber = (v: string, missing: string) => `(CASE WHEN ${answered(v, missing)} THEN ${numericOf(v)} END)`;

/** 1 when met, 0 when not, NULL when the respondent has no valid value (mirrors evaluate.ts testCondition). */
function conditionSql(c: TCondition, v: string, missing: string, p: Params): string {
  const scalar = `jsonb_typeof(${v}) IN ('string','number','boolean')`;
  let valid: string, met: string;
  switch (c.op) {
    case '>=': case '<=': case '>': case '<':
      valid = `${numericOf(v)} IS NOT NULL`; met = `${numericOf(v)} ${c.op} ${p.add(c.value, 'numeric')}`; break;
    case '=': case '!=':
      valid = scalar; met = `${v} ${c.op === '=' ? '=' : '<>'} ${p.add(c.value, 'jsonb')}`; break;
    case 'in':
      valid = scalar; met = `jsonb_build_array(${v}) <@ ${p.add(c.values, 'jsonb')}`; break;
    case 'anyOf':
      valid = `jsonb_typeof(${v}) = 'array'`; met = `${v} @> ANY(${p.add(c.values.map((x) => [x]), 'jsonb[]')})`; break;
    case 'allOf':
      valid = `jsonb_typeof(${v}) = 'array'`; met = `${v} @> ${p.add(c.values, 'jsonb')}`; break;
  }
  return `(CASE WHEN ${answered(v, missing)} AND ${valid} THEN CASE WHEN ${met} THEN 1 ELSE 0 END END)`;
}

/** Per-respondent contribution columns of one formula: x (value or 0/1, NULL = not counted), or a/b for ratios. */
function contribution(f: TFormula, p: Params, defaults: ReadonlyArray<string | number>): { x?: string; a?: string; b?: string } {
  const miss = (e?: Array<string | number>) => p.add(e ?? defaults, 'jsonb');
  switch (f.kind) {
    case 'share': case 'count': return { x: conditionSql(f.condition, itemSql(f.item, p), miss(f.exclude), p) };
    case 'mean': case 'sum': case 'median': return { x: validNumber(itemSql(f.item, p), miss(f.exclude)) };
    case 'index': {
      const m = miss(f.exclude);
      const vals = f.items.map((it) => {
        const x = validNumber(itemSql(it.item, p), m);
        return it.reverse ? `(${p.add(f.scale.min, 'numeric')} + ${p.add(f.scale.max, 'numeric')} - ${x})` : x;
      });
      const sum = vals.map((x) => `coalesce(${x}, 0)`).join(' + ');
      const k = vals.map((x) => `(CASE WHEN ${x} IS NULL THEN 0 ELSE 1 END)`).join(' + ');
      const enough = `(${k}) >= ${p.add(f.minAnswered, 'int')}`;
      const x = f.aggregate === 'mean'
        ? `(CASE WHEN ${enough} THEN (${sum}) / (${k}) END)`
        : `(CASE WHEN ${enough} THEN CASE WHEN (${sum}) >= ${p.add(f.aggregate.shareAtLeast, 'numeric')} * (${k}) THEN 1 ELSE 0 END END)`;
      return { x };
    }
    case 'ratio': {
      const part = (q: typeof f.numerator) => q.kind === 'sum'
        ? validNumber(itemSql(q.item, p), miss(q.exclude))
        : conditionSql(q.condition, itemSql(q.item, p), miss(q.exclude), p);
      return { a: part(f.numerator), b: part(f.denominator) };
    }
  }
}

function dimensionSql(d: TDisaggregation, p: Params): string {
  if (d.kind === 'attribute') {
    const col = STAKEHOLDER_COLUMNS[d.attribute];
    return col ? `coalesce(${col}, '')` : `coalesce(s.attributes ->> ${p.add(d.attribute, 'text')}, '')`;
  }
  return `coalesce(r.answers ->> ${p.add(d.name, 'text')}, '')`;
}

/**
 * Compile. Parameter $1 is the wave id. The inner SELECT computes each respondent's contribution per indicator once
 * (OFFSET 0 keeps the planner from duplicating the expressions); the outer SELECT aggregates all indicators
 * with FILTER-free aggregates over NULL-able columns, grouped by GROUPING SETS.
 */
export function compileIndicatorQuery(input: CompileInput, waveId: string): CompiledQuery {
  if (input.dimensions.length > 8) throw new Error('at most eight dimensions');
  const p = new Params([waveId]);
  const defaults = input.missingCodes ?? DEFAULT_MISSING_CODES;
  const cols: string[] = [];
  const aggs: string[] = [];
  const kinds: Array<{ id: string; ratio: boolean; median: boolean; ss: boolean }> = [];
  input.indicators.forEach(({ id, formula }, k) => {
    const c = contribution(formula, p, defaults);
    const median = formula.kind === 'median';
    const ss = formula.kind === 'mean' || (formula.kind === 'index' && formula.aggregate === 'mean');
    if (c.x) {
      cols.push(`${c.x} AS x${k}`);
      aggs.push(`coalesce(sum(x${k}), 0)::float8 AS num${k}`, `count(x${k})::int AS den${k}`, `count(x${k})::int AS n${k}`);
      if (ss) aggs.push(`sum(x${k} * x${k})::float8 AS ss${k}`);
      if (median) aggs.push(`percentile_cont(0.5) WITHIN GROUP (ORDER BY x${k}) AS med${k}`);
    } else {
      cols.push(`${c.a} AS a${k}`, `${c.b} AS b${k}`);
      aggs.push(`coalesce(sum(a${k}), 0)::float8 AS num${k}`, `coalesce(sum(b${k}), 0)::float8 AS den${k}`,
        `count(*) FILTER (WHERE a${k} IS NOT NULL OR b${k} IS NOT NULL)::int AS n${k}`);
    }
    kinds.push({ id, ratio: !c.x, median, ss });
  });
  const dims = input.dimensions.map((d, i) => `${dimensionSql(d, p)} AS d${i}`);
  const dn = input.dimensions.map((_, i) => `d${i}`);
  const groupings = ['()', ...dn.map((d) => `(${d})`), ...(input.cross && dn.length > 1 ? [`(${dn.join(', ')})`] : [])];
  const sets = dn.length ? `GROUP BY GROUPING SETS (${groupings.join(', ')})` : '';
  const sql = `SELECT ${dn.length ? `GROUPING(${dn.join(', ')}) AS g, ${dn.join(', ')}, ` : '0 AS g, '}count(*)::int AS responses${aggs.length ? ', ' + aggs.join(', ') : ''}
FROM (SELECT ${[...dims, ...cols, '1 AS one'].join(',\n  ')}
  FROM responses r LEFT JOIN stakeholders s ON s.id = r.stakeholder_id
  WHERE r.wave_id = $1::uuid AND r.status = 'complete' OFFSET 0) x
${sets}`;

  const decode = (rows: Array<Record<string, unknown>>): SqlCell[] => rows.map((row) => {
    const g = Number(row.g);
    const keys = dn.map((d, i) => ((g >> (dn.length - 1 - i)) & 1) ? null : String(row[d] ?? ''));
    const values = new Map<string, SqlAggregate>();
    kinds.forEach((kd, k) => {
      values.set(kd.id, {
        numerator: Number(row[`num${k}`]), denominator: Number(row[`den${k}`]), n: Number(row[`n${k}`]),
        sumSquares: kd.ss && row[`ss${k}`] !== null ? Number(row[`ss${k}`]) : kd.ss ? 0 : null,
        median: kd.median && row[`med${k}`] !== null ? Number(row[`med${k}`]) : null,
      });
    });
    return { keys, values };
  });
  return { sql, params: p.values, decode };
}
