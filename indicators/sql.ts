// SQL compiler: all indicator formulas of a wave → ONE parameterised query (one scan of `responses`, GROUPING SETS
// for the disaggregations) returning per indicator and cell numerator, denominator, n, sum of squares and median.
// Question names, rows, codes and thresholds travel as parameters — inlined through sql-literal.ts only in the typed
// projection's generated function (indicators/projection.ts, which shares this contribution and aggregate code).
// Identifiers are generated (x0, d1).
import type { TCondition, TDisaggregation, TFormula, TItemRef } from './formula';
import { missingCodesOf, type MissingCodes } from './evaluate';
import { typedLiteral } from './sql-literal';

export interface CompileInput {
  indicators: Array<{ id: string; formula: TFormula }>;
  /** dimensions; the query returns the total and each dimension alone, plus the cross of all when `cross` */
  dimensions: TDisaggregation[];
  cross?: boolean;
  /** the wave's questionnaire missing codes, per item or one list (used when a formula has no `exclude`) */
  missingCodes?: MissingCodes;
  /** skip responses an officer excluded (`responses.excluded_at`, when the column exists) */
  skipExcluded?: boolean;
}
export interface SqlAggregate { numerator: number; denominator: number; n: number; sumSquares: number | null; median: number | null }
export interface SqlCell {
  /** one key per dimension: null = all (rolled up); the dimension value as text, or '' for unanswered */
  keys: Array<string | null>;
  /** complete responses in the cell (what suppression is decided from) */
  respondents: number;
  values: Map<string, SqlAggregate>;
}
export interface CompiledQuery { sql: string; params: unknown[]; decode(rows: Array<Record<string, unknown>>): SqlCell[] }

/** Stakeholder columns usable as attributes; anything else is a key of stakeholders.attributes. */
export const STAKEHOLDER_COLUMNS: Record<string, string> = {
  institution: 's.institution', department: 's.department', sex: 's.sex', preferred_language: 's.preferred_language',
};

/**
 * The constants of a query: `$n::type` placeholders with their values, or — `inline`, for generated DDL that cannot
 * take parameters (the projection's function) — typed literals through the one quoting function (sql-literal.ts).
 */
export class Params {
  readonly values: unknown[];
  private readonly index = new Map<string, number>();
  constructor(first: unknown[], private readonly inline = false) { this.values = [...first]; }
  /** `$n::type`, reusing the same placeholder for the same typed value; a typed literal when inline */
  add(value: unknown, type: 'text' | 'jsonb' | 'float8' | 'int' | 'jsonb[]'): string {
    if (this.inline) return typedLiteral(value, type);
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
function itemExtract(item: TItemRef, p: Params): string {
  if (item.kind === 'attribute') {
    const col = STAKEHOLDER_COLUMNS[item.attribute];
    return col ? `to_jsonb(${col})` : `(s.attributes -> ${p.add(item.attribute, 'text')})`;
  }
  const q = `(r.answers -> ${p.add(item.name, 'text')})`;
  if (item.kind === 'question') return q;
  const row = `(${q} -> ${p.add(item.row, 'text')})`;
  return item.column === undefined ? row : `(${row} -> ${p.add(item.column, 'text')})`;
}

/**
 * Items are extracted once per row in the innermost SELECT (columns v0, v1, …); their numeric readings (numbers,
 * booleans as 1/0, NULL when missing) once in the next layer (columns n0, n1, …). Formulas refer to these columns.
 */
class Items {
  readonly extracts: string[] = [];
  readonly numerics: string[] = [];
  private readonly index = new Map<string, string>();
  /** `oneRow`: the SQL runs for one response per execution (the projection's function) — see isOneOf */
  constructor(private readonly p: Params, readonly oneRow = false) {}
  ref(item: TItemRef): string {
    const key = JSON.stringify(item.kind === 'attribute' ? [item.attribute] : item.kind === 'question' ? [item.name, null, null] : [item.name, item.row, item.column ?? null]);
    let col = this.index.get(key);
    if (col === undefined) { col = `v${this.extracts.length}`; this.extracts.push(`${itemExtract(item, this.p)} AS ${col}`); this.index.set(key, col); }
    return col;
  }
  /** numeric reading of an item, NULL when unanswered or a (numeric) missing code — mirrors evaluate.ts numeric/isMissing */
  num(item: TItemRef, missing: ReadonlyArray<string | number>): string {
    const v = this.ref(item);
    const codes = missing.filter((m) => typeof m === 'number');
    const key = `${v}:${JSON.stringify(codes)}`;
    let col = this.index.get(key);
    if (col === undefined) {
      col = `n${this.numerics.length}`;
      const num = codes.length ? `CASE WHEN NOT ${isOneOf(v, codes, this.p, this.oneRow)} THEN (${v})::float8 END` : `(${v})::float8`;
      this.numerics.push(`(CASE jsonb_typeof(${v}) WHEN 'number' THEN ${num} WHEN 'boolean' THEN CASE WHEN ${v} = 'true'::jsonb THEN 1.0 ELSE 0.0 END END)::float8 AS ${col}`);
      this.index.set(key, col);
    }
    return col;
  }
}

/**
 * `v` (a scalar jsonb) equals one of `values`. Over many rows `= ANY(ARRAY[…])` (hashed from 9 elements: the table is
 * built once per execution, then each test is a lookup); for one row, containment in a jsonb array constant, which
 * needs no set-up (a jsonb array contains a scalar when one of its elements equals it).
 */
function isOneOf(v: string, values: ReadonlyArray<unknown>, p: Params, oneRow: boolean): string {
  return oneRow ? `(${p.add(values, 'jsonb')} @> ${v})` : `(${v} = ANY(${p.add(values, 'jsonb[]')}))`;
}

/** 1 when met, 0 when not, NULL when the respondent has no valid value (mirrors evaluate.ts testCondition). */
function conditionSql(c: TCondition, item: TItemRef, missing: ReadonlyArray<string | number>, p: Params, it: Items): string {
  if (c.op === '>=' || c.op === '<=' || c.op === '>' || c.op === '<') return `((${it.num(item, missing)} ${c.op} ${p.add(c.value, 'float8')})::int)`;
  const v = it.ref(item);
  if (c.op === 'anyOf' || c.op === 'allOf') {
    const met = c.op === 'anyOf' ? `${v} @> ANY(${p.add(c.values.map((x) => [x]), 'jsonb[]')})` : `${v} @> ${p.add(c.values, 'jsonb')}`;
    // an array of missing codes only (or an empty one) is unanswered, as in evaluate.ts isMissing
    return `(CASE WHEN jsonb_typeof(${v}) = 'array' AND NOT (${v} <@ ${p.add([...missing], 'jsonb')}) THEN (${met})::int END)`;
  }
  // v is a scalar wherever these decide (the type test before them); '' counts as missing
  const met = c.op === 'in' ? isOneOf(v, c.values, p, it.oneRow) : `${v} ${c.op === '=' ? '=' : '<>'} ${p.add((c as { value: unknown }).value, 'jsonb')}`;
  return `(CASE WHEN jsonb_typeof(${v}) IN ('string','number','boolean') AND NOT ${isOneOf(v, ['', ...missing], p, it.oneRow)} THEN (${met})::int END)`;
}

/** Per-respondent contribution columns of one formula: x (value or 0/1, NULL = not counted), or a/b for ratios. */
function contribution(f: TFormula, p: Params, it: Items, codes: MissingCodes | undefined): { x?: string; a?: string; b?: string } {
  const miss = (item: TItemRef, exclude?: Array<string | number>) => missingCodesOf({ exclude }, item, { missingCodes: codes });
  switch (f.kind) {
    case 'share': case 'count': return { x: conditionSql(f.condition, f.item, miss(f.item, f.exclude), p, it) };
    case 'mean': case 'sum': case 'median': return { x: it.num(f.item, miss(f.item, f.exclude)) };
    case 'index': {
      const vals = f.items.map((ix) => {
        const x = it.num(ix.item, miss(ix.item, f.exclude));
        return ix.reverse ? `(${p.add(f.scale.min + f.scale.max, 'float8')} - ${x})` : x;
      });
      const sum = vals.map((x) => `coalesce(${x}, 0)`).join(' + ');
      const k = vals.map((x) => `(${x} IS NOT NULL)::int`).join(' + ');
      const enough = `(${k}) >= ${p.add(f.minAnswered, 'int')}`;
      const x = f.aggregate === 'mean'
        ? `(CASE WHEN ${enough} THEN (${sum}) / (${k}) END)`
        : `(CASE WHEN ${enough} THEN ((${sum}) >= ${p.add(f.aggregate.shareAtLeast, 'float8')} * (${k}))::int END)`;
      return { x };
    }
    case 'ratio': {
      const part = (q: typeof f.numerator) => q.kind === 'sum' ? it.num(q.item, miss(q.item, q.exclude)) : conditionSql(q.condition, q.item, miss(q.item, q.exclude), p, it);
      return { a: part(f.numerator), b: part(f.denominator) };
    }
  }
}

/** A dimension's cell key of a row (r = responses, s = stakeholders): text, '' when unanswered. */
export function dimensionSql(d: TDisaggregation, p: Params): string {
  if (d.kind === 'attribute') {
    const col = STAKEHOLDER_COLUMNS[d.attribute];
    return col ? `coalesce(${col}, '')` : `coalesce(s.attributes ->> ${p.add(d.attribute, 'text')}, '')`;
  }
  return `coalesce(r.answers ->> ${p.add(d.name, 'text')}, '')`;
}

/** One indicator's contribution columns in a rows query (x, or a/b for ratios) and what its aggregates hold. */
export interface ContributionKind { id: string; ratio: boolean; median: boolean; ss: boolean; x?: string; a?: string; b?: string }

/**
 * Per-response rows in three layers: (1) the source row with its pass-through columns and each item extracted once
 * (OFFSET 0 keeps the planner from re-extracting it in every expression), (2) numeric readings, (3) each indicator's
 * contribution, named x<k> or a<k>/b<k> by the indicator's position. The pass-through columns (`select`, "expr AS
 * name", names in `names`) come out unchanged. Used by the JSONB query and by the typed projection (indicators/projection.ts).
 */
export function contributionRows(indicators: CompileInput['indicators'], missingCodes: MissingCodes | undefined, p: Params,
  src: { select: string[]; names: string[]; from: string; where: string; oneRow?: boolean }): { sql: string; kinds: ContributionKind[] } {
  const items = new Items(p, src.oneRow);
  const cols: string[] = [];
  const kinds: ContributionKind[] = [];
  indicators.forEach(({ id, formula }, k) => {
    const c = contribution(formula, p, items, missingCodes);
    const median = formula.kind === 'median';
    const ss = formula.kind === 'mean' || (formula.kind === 'index' && formula.aggregate === 'mean');
    if (c.x) { cols.push(`${c.x} AS x${k}`); kinds.push({ id, ratio: false, median, ss, x: `x${k}` }); }
    else { cols.push(`${c.a} AS a${k}`, `${c.b} AS b${k}`); kinds.push({ id, ratio: true, median, ss, a: `a${k}`, b: `b${k}` }); }
  });
  const scan = `SELECT ${[...src.select, ...items.extracts, '1 AS one'].join(',\n    ')}
    FROM ${src.from}
    WHERE ${src.where} OFFSET 0`;
  const nums = `SELECT ${[...src.names, ...items.extracts.map((_, j) => `v${j}`), ...items.numerics, '1 AS one'].join(',\n    ')}
    FROM (${scan}) i OFFSET 0`;
  const sql = `SELECT ${[...src.names, ...cols, '1 AS one'].join(',\n  ')}
  FROM (${nums}) j OFFSET 0`;
  return { sql, kinds };
}

/**
 * Aggregates of per-response rows (`rows`: columns d0…dn and the kinds' contribution columns) per cell: numerator,
 * denominator, n, sum of squares, median, respondents. Without medians the rows are first aggregated by the finest
 * cell (one hash aggregate) and the GROUPING SETS roll up those few rows; medians need the rows, so they group the
 * rows directly. Cells come back decoded (`keys`: null = rolled up).
 */
export function aggregateQuery(kinds: ContributionKind[], dimensions: number, rows: string, cross: boolean):
  { sql: string; decode(rows: Array<Record<string, unknown>>): SqlCell[] } {
  const fine: string[] = [];   // aggregates by the finest cell (or final aggregates when grouping rows directly)
  const roll: string[] = [];   // roll-up of the fine aggregates
  const agg = (name: string, expr: string, rollup: 'sum' | 'none', cast: string) => {
    fine.push(`${expr} AS ${name}`);
    roll.push(rollup === 'sum' ? `coalesce(sum(${name}), 0)::${cast} AS ${name}` : `NULL AS ${name}`);
  };
  kinds.forEach((kd, k) => {
    if (kd.x) {
      agg(`num${k}`, `coalesce(sum(${kd.x}), 0)::float8`, 'sum', 'float8');
      agg(`den${k}`, `count(${kd.x})::int`, 'sum', 'int');
      agg(`n${k}`, `count(${kd.x})::int`, 'sum', 'int');
      if (kd.ss) agg(`ss${k}`, `coalesce(sum(${kd.x} * ${kd.x}), 0)::float8`, 'sum', 'float8');
      if (kd.median) agg(`med${k}`, `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${kd.x})`, 'none', 'float8');
    } else {
      agg(`num${k}`, `coalesce(sum(${kd.a}), 0)::float8`, 'sum', 'float8');
      agg(`den${k}`, `coalesce(sum(${kd.b}), 0)::float8`, 'sum', 'float8');
      agg(`n${k}`, `count(*) FILTER (WHERE ${kd.a} IS NOT NULL OR ${kd.b} IS NOT NULL)::int`, 'sum', 'int');
    }
  });
  agg('responses', 'count(*)::int', 'sum', 'int');
  const dn = Array.from({ length: dimensions }, (_, i) => `d${i}`);
  const groupings = ['()', ...dn.map((d) => `(${d})`), ...(cross && dn.length > 1 ? [`(${dn.join(', ')})`] : [])];
  const sets = dn.length ? `GROUP BY GROUPING SETS (${groupings.join(', ')})` : '';
  const g = dn.length ? `GROUPING(${dn.join(', ')}) AS g, ${dn.join(', ')}` : '0 AS g';
  const sql = kinds.some((k) => k.median) || !dn.length
    ? `SELECT ${g}, ${fine.join(', ')}\nFROM (${rows}) x\n${sets}`
    : `SELECT ${g}, ${roll.join(', ')}\nFROM (SELECT ${dn.join(', ')}, ${fine.join(', ')}\n FROM (${rows}) x GROUP BY ${dn.join(', ')}) f\n${sets}`;

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
    return { keys, respondents: Number(row.responses), values };
  });
  return { sql, decode };
}

/** Compile the JSONB query of a wave (parameter $1 is the wave id): contribution rows, then their aggregates. */
export function compileIndicatorQuery(input: CompileInput, waveId: string): CompiledQuery {
  if (input.dimensions.length > 8) throw new Error('at most eight dimensions');
  const p = new Params([waveId]);
  const dims = input.dimensions.map((d, i) => `${dimensionSql(d, p)} AS d${i}`);
  const rows = contributionRows(input.indicators, input.missingCodes, p, {
    select: dims, names: input.dimensions.map((_, i) => `d${i}`),
    from: 'responses r LEFT JOIN stakeholders s ON s.id = r.stakeholder_id',
    where: `r.wave_id = $1::uuid AND r.status = 'complete'${input.skipExcluded ? ' AND r.excluded_at IS NULL' : ''}`,
  });
  const a = aggregateQuery(rows.kinds, input.dimensions.length, rows.sql, !!input.cross);
  return { sql: a.sql, params: p.values, decode: a.decode };
}
