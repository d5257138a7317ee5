// Disaggregation limits: the pure checks, the demo logframe within them, and the SQL at the limits never failing
// (8 distinct dimensions in one query, 2 crossed, and batches for anything stored before the limits).
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { compileIndicatorQuery } from '../../indicators/sql';
import type { TDisaggregation } from '../../indicators/formula';
import { DEMO_INDICATORS } from '../../server/seed/demo-logframe';
import {
  dimensionBatches, disaggregationProblems, MAX_PROGRAMME_DIMENSIONS, MAX_QUERY_DIMENSIONS, requestDimensionsProblem,
} from '../../indicators/limits';

const attr = (i: number): TDisaggregation => ({ kind: 'attribute', attribute: `a${i}` });
const dims = (n: number, from = 0) => Array.from({ length: n }, (_, i) => attr(from + i));

describe('indicators: disaggregation limits', () => {
  it('allows 3 per indicator, refuses 4 and repeats', () => {
    assert.deepEqual(disaggregationProblems(dims(3)), []);
    assert.match(disaggregationProblems(dims(4))[0].message, /at most 3 disaggregations/);
    assert.match(disaggregationProblems([attr(1), attr(1)])[0].message, /repeated: attribute:a1/);
    assert.match(disaggregationProblems(dims(9))[0].message, /at most 3/);
  });

  it('allows 8 distinct dimensions over a programme, refuses the 9th (nine indicators, one each)', () => {
    const others = Array.from({ length: 8 }, (_, i) => [attr(i)]);
    assert.deepEqual(disaggregationProblems([attr(0)], others), []);
    const p = disaggregationProblems([attr(8)], others);
    assert.equal(p.length, 1);
    assert.match(p[0].message, /at most 8 different dimensions \(this would make 9\)/);
  });

  it('allows 2 requested dimensions, refuses 3 and repeats', () => {
    assert.equal(requestDimensionsProblem(dims(2)), null);
    assert.match(requestDimensionsProblem(dims(3))!.message, /at most 2 dimensions/);
    assert.match(requestDimensionsProblem([attr(1), attr(1)])!.message, /repeated/);
  });

  it('keeps the demo logframe within the limits', () => {
    const all = DEMO_INDICATORS.map((i) => (i as { disaggregations?: TDisaggregation[] }).disaggregations ?? []);
    all.forEach((own, k) => assert.deepEqual(disaggregationProblems(own, all.filter((_, j) => j !== k)), [], DEMO_INDICATORS[k].code));
  });

  it('batches any number of dimensions into queries of at most 8', () => {
    assert.deepEqual(dimensionBatches([]), []);
    assert.deepEqual(dimensionBatches([...dims(8), attr(0)]).map((b) => b.length), [8]);
    assert.deepEqual(dimensionBatches(dims(20)).map((b) => b.length), [8, 8, 4]);
  });

  it('runs the SQL at every accepted size (1…8 dimensions, crossed pairs) and for each batch of 20 stored ones', async function () {
    this.timeout(30000);
    const db = testEnv().ctx.db;
    const demo = testEnv().demoProgrammeId;
    const inds: Array<{ id: string; formula: never }> = await db.query(`SELECT id, formula FROM indicators WHERE programme_id = $1 AND coalesce(formula->>'source', '') <> 'activities'`, [demo]);
    const [w] = await db.query(`SELECT id FROM waves WHERE programme_id = $1 ORDER BY opens_at LIMIT 1`, [demo]);
    const run = async (d: TDisaggregation[], cross: boolean) => {
      const c = compileIndicatorQuery({ indicators: inds, dimensions: d, cross }, w.id);
      return c.decode(await db.query(c.sql, c.params));
    };
    for (let n = 1; n <= MAX_PROGRAMME_DIMENSIONS; n++) assert.ok((await run(dims(n), false)).length >= 1, `${n} dimensions`);
    const mixed: TDisaggregation[] = [{ kind: 'attribute', attribute: 'institution' }, { kind: 'question', name: 'q1' }];
    assert.ok((await run(mixed, true)).length >= 1);
    for (const batch of dimensionBatches(dims(20))) {
      assert.ok(batch.length <= MAX_QUERY_DIMENSIONS);
      assert.ok((await run(batch, false)).length >= 1);
    }
  });
});
