// Typed projection of a wave for indicators (a DHIS2-style analytics table): per complete response its dimension
// texts and each indicator's contribution in float8 columns, computed by the same code as the JSONB query (sql.ts);
// the DDL of its table and per-response function, and the aggregation query over it (same cells as sql.ts).
import type { TDisaggregation, TFormula } from './formula';
import type { MissingCodes } from './evaluate';
import { aggregateQuery, contributionRows, dimensionSql, Params, STAKEHOLDER_COLUMNS, type CompiledQuery, type ContributionKind } from './sql';
import { sqlLiteral } from './sql-literal';

/** Bumped when the generated SQL changes meaning: every projection is then rebuilt (the version is in the hash). */
export const PROJECTION_VERSION = 3;

/** The roster columns a fact row carries (s_institution, …) so that disaggregating by them needs no join. */
const ROSTER = Object.keys(STAKEHOLDER_COLUMNS);

export interface ProjectionInput {
  /** every indicator of the programme computed from answers (id + formula) */
  indicators: Array<{ id: string; formula: TFormula }>;
  /** the wave's missing codes (per item) */
  missingCodes?: MissingCodes;
  /** the wave's disaggregable questions */
  questions: string[];
}
/** What the projection holds (stored as indicator_projections.spec): the columns of each indicator and question. */
export interface ProjectionSpec {
  version: number;
  indicators: ContributionKind[];
  /** question name → its text column */
  questions: Record<string, string>;
  /** a formula reads a stakeholder attribute (its contributions change with the stakeholder, as the roster columns do) */
  usesAttributes: boolean;
}
export interface ProjectionLayout {
  spec: ProjectionSpec;
  /** the facts table's columns after response_id, stakeholder_id: roster texts, question texts, contributions */
  columns: Array<{ name: string; type: 'text' | 'float8' }>;
  /** per-response rows (response_id, stakeholder_id, columns) of `from` (r = responses-shaped row, s = stakeholders) */
  rows(from: string, where: string): string;
  /** the same row of one response given as `src` (a one-row subquery: id, stakeholder_id, answers) — see oneRow */
  row(src: string): string;
}

const usesAttribute = (f: TFormula): boolean => JSON.stringify(f).includes('"kind":"attribute"');

/** The layout of a wave's projection; constants are inlined as literals (the function body cannot take parameters). */
export function projectionLayout(input: ProjectionInput): ProjectionLayout {
  const questions = [...new Set(input.questions)].sort();
  const qcols = questions.map((_, i) => `q${i}`);
  const rows = (from: string, where: string) => {
    const p = new Params([], true);
    return contributionRows(input.indicators, input.missingCodes, p, {
      select: ['r.id AS response_id', 'r.stakeholder_id AS stakeholder_id',
        ...ROSTER.map((a) => `${dimensionSql({ kind: 'attribute', attribute: a }, p)} AS s_${a}`),
        ...questions.map((q, i) => `coalesce(r.answers ->> ${p.add(q, 'text')}, '') AS ${qcols[i]}`)],
      names: ['response_id', 'stakeholder_id', ...ROSTER.map((a) => `s_${a}`), ...qcols], from, where,
    });
  };
  // one response (the function, at each submit): the contribution layers carry no pass-through columns — the roster
  // and question columns are read once, next to them — unless a formula reads the stakeholder (then s is joined inside too)
  const attributes = input.indicators.some((i) => usesAttribute(i.formula));
  const row = (src: string) => {
    const p = new Params([], true);
    const from = `${src} r LEFT JOIN stakeholders s ON s.id = r.stakeholder_id`;
    const inner = contributionRows(input.indicators, input.missingCodes, p, { select: [], names: [], from: attributes ? from : `${src} r`, where: 'true', oneRow: true });
    return `SELECT ${['r.id', 'r.stakeholder_id', ...ROSTER.map((a) => dimensionSql({ kind: 'attribute', attribute: a }, p)),
      ...questions.map((q) => `coalesce(r.answers ->> ${p.add(q, 'text')}, '')`),
      ...inner.kinds.flatMap((k) => (k.x ? [k.x] : [k.a!, k.b!])).map((c) => `z.${c}`)].join(', ')}
    FROM ${from} CROSS JOIN (${inner.sql}) z`;
  };
  const { kinds } = rows('responses r', 'true');
  const columns = [...[...ROSTER.map((a) => `s_${a}`), ...qcols].map((name) => ({ name, type: 'text' as const })),
    ...kinds.flatMap((k) => (k.x ? [k.x] : [k.a!, k.b!])).map((name) => ({ name, type: 'float8' as const }))];
  return {
    spec: { version: PROJECTION_VERSION, indicators: kinds, questions: Object.fromEntries(questions.map((q, i) => [q, qcols[i]])),
      usesAttributes: input.indicators.some((i) => usesAttribute(i.formula)) },
    columns,
    rows: (from, where) => rows(from, where).sql,
    row,
  };
}

const IDENT = /^indicator_facts_[0-9a-f]{12}(_put)?$/;
function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a projection name: ${name}`);
  return name;
}

/**
 * DDL of a projection: its table (run `keys` after the fill), its function fn(response id, keep, stakeholder id, answers) that upserts the
 * response's row (keep) or deletes it, and the fill of a wave ($1 = wave id: complete, not excluded responses) or of some
 * of its responses (refill).
 */
export function projectionDdl(layout: ProjectionLayout, table: string, fn: string): { table: string; keys: string; index: string; fn: string; fill: string; refill: string } {
  const t = ident(table), f = ident(fn);
  const cols = ['response_id', 'stakeholder_id', ...layout.columns.map((c) => c.name)];
  const body = `BEGIN
  IF p_keep THEN
    INSERT INTO ${t} (${cols.join(', ')})
    ${layout.row('(SELECT p_id AS id, p_stakeholder AS stakeholder_id, p_answers AS answers)')}
    ON CONFLICT (response_id) DO UPDATE SET ${cols.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')};
  ELSE
    DELETE FROM ${t} WHERE response_id = p_id;
  END IF;
END`;
  const fill = (and: string) => `INSERT INTO ${t} (${cols.join(', ')})
SELECT ${cols.join(', ')} FROM (${layout.rows('responses r LEFT JOIN stakeholders s ON s.id = r.stakeholder_id',
    `r.wave_id = $1::uuid AND r.status = 'complete' AND r.excluded_at IS NULL${and}`)}) z`;
  return {
    // the primary key after the fill (a bulk load is faster without it); the function's upsert needs it
    table: `CREATE TABLE ${t} (response_id uuid NOT NULL, stakeholder_id uuid${layout.columns.map((c) => `, ${c.name} ${c.type}${c.type === 'text' ? ' NOT NULL' : ''}`).join('')})`,
    keys: `ALTER TABLE ${t} ADD PRIMARY KEY (response_id)`,
    // the stakeholders trigger finds a stakeholder's rows by it
    index: `CREATE INDEX ${t}_stakeholder ON ${t} (stakeholder_id)`,
    // a generic plan from the first call: a custom plan (the first five calls of a session, and whenever the plan cache
    // prefers it) re-plans the whole statement at each submit, ≈ 5× the cost of running it
    fn: `CREATE FUNCTION ${f}(p_id uuid, p_keep boolean, p_stakeholder uuid, p_answers jsonb) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS ${sqlLiteral(body)}`,
    fill: fill(''),
    // the rows of some of the wave's responses ($2 = their ids; an online build's catch-up, after deleting theirs)
    refill: fill(' AND r.id = ANY($2::uuid[])'),
  };
}

export interface ProjectionQueryInput {
  /** the indicators asked for (ids of the spec) */
  indicators: string[];
  dimensions: TDisaggregation[];
  cross?: boolean;
}

/**
 * The aggregation over a projection's table: the same cells and decode as compileIndicatorQuery (question dimensions
 * read their column, '' when the wave does not have the question; roster columns theirs; other attributes join
 * stakeholders as there). No fences: the planner may scan the table in parallel.
 */
export function compileProjectionQuery(spec: ProjectionSpec, table: string, input: ProjectionQueryInput): CompiledQuery {
  if (input.dimensions.length > 8) throw new Error('at most eight dimensions');
  const p = new Params([]);
  const byId = new Map(spec.indicators.map((k) => [k.id, k] as const));
  const kinds = input.indicators.map((id) => {
    const k = byId.get(id);
    if (!k) throw new Error(`indicator ${id} is not in the projection`);
    return k;
  });
  const joined = (d: TDisaggregation) => d.kind === 'attribute' && !ROSTER.includes(d.attribute);
  const dims = input.dimensions.map((d, i) => {
    if (d.kind === 'attribute') return `${joined(d) ? dimensionSql(d, p) : `f.s_${d.attribute}`} AS d${i}`;
    const col = spec.questions[d.name];
    return `${col ? `f.${col}` : `''::text`} AS d${i}`;
  });
  const cols = [...new Set(kinds.flatMap((k) => (k.x ? [k.x] : [k.a!, k.b!])))].map((c) => `f.${c}`);
  const join = input.dimensions.some(joined) ? ' LEFT JOIN stakeholders s ON s.id = f.stakeholder_id' : '';
  const rows = `SELECT ${[...dims, ...cols, '1 AS one'].join(', ')} FROM ${ident(table)} f${join}`;
  const a = aggregateQuery(kinds, input.dimensions.length, rows, !!input.cross);
  return { sql: a.sql, params: p.values, decode: a.decode };
}
