// Suppression that cannot be undone: on random tables (tiny cells, empty rows, one-person groups) the hidden cells of a
// cross table, its margins and total are never determined by the linear system of everything shown; decisions do not
// depend on row order; margins are decided on their own so a margin reads the same in every request.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crossKey, fullGrid, recoverableCells, suppressCross, suppressMargin, totalHidden } from '../../indicators/suppression';
import { determinedCells } from './linear';

const table = fc.record({
  rows: fc.integer({ min: 1, max: 4 }), cols: fc.integer({ min: 1, max: 5 }), threshold: fc.integer({ min: 2, max: 5 }),
  counts: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 })), { minLength: 20, maxLength: 20 }),
  seed: fc.integer(),
});

function decide(cells: Array<{ row: string; col: string; n: number }>, threshold: number) {
  const sum = (pick: (c: { row: string; col: string }) => string) => {
    const m = new Map<string, number>();
    for (const c of cells) m.set(pick(c), (m.get(pick(c)) ?? 0) + c.n);
    return [...m].map(([code, n]) => ({ code, n }));
  };
  const total = cells.reduce((s, c) => s + c.n, 0);
  const rowHidden = suppressMargin(sum((c) => c.row), threshold), colHidden = suppressMargin(sum((c) => c.col), threshold);
  const tHidden = totalHidden(total, threshold);
  return { rowHidden, colHidden, tHidden, cross: suppressCross(cells, rowHidden, colHidden, tHidden, threshold) };
}

describe('indicators: suppression (property: nothing hidden is recoverable)', () => {
  it('margins: primary cells and one complement, ties by code; the whole table when the total is small', () => {
    assert.deepEqual([...suppressMargin([{ code: 'A', n: 4 }, { code: 'T', n: 1 }, { code: 'B', n: 3 }], 3)].sort(), ['B', 'T']);
    assert.deepEqual([...suppressMargin([{ code: 'Z', n: 5 }, { code: 'T', n: 1 }, { code: 'B', n: 5 }], 3)].sort(), ['B', 'T']);
    assert.deepEqual([...suppressMargin([{ code: 'A', n: 2 }], 3)], ['A']);
    assert.deepEqual([...suppressMargin([{ code: 'A', n: 9 }, { code: 'B', n: 0 }], 3)], []);
  });

  it('on 300 random tables no hidden cell is determined by total, margins and shown cells; row order does not matter', () => {
    fc.assert(fc.property(table, ({ rows, cols, threshold, counts, seed }) => {
      const cells = [];
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push({ row: `r${r}`, col: `c${c}`, n: counts[r * cols + c] });
      const d = decide(cells, threshold);
      const shuffled = [...cells].sort((a, b) => ((a.n * 7919 + seed) % 13) - ((b.n * 7919 + seed) % 13) || (a.col < b.col ? 1 : -1));
      const again = decide(shuffled, threshold);
      assert.deepEqual([...again.cross].sort(), [...d.cross].sort());
      // every small cell is hidden
      for (const c of cells) if (c.n > 0 && c.n < threshold) assert.ok(d.cross.has(crossKey(c.row, c.col)));
      // unknowns: the cells of the full grid of non-empty rows and columns (an unlisted cell is a known zero)
      const grid = fullGrid(cells), nonEmpty = grid.filter((c) => c.n > 0 || d.cross.has(crossKey(c.row, c.col)));
      if (!grid.length) return;
      const rowsOf = [...new Set(grid.map((c) => c.row))], colsOf = [...new Set(grid.map((c) => c.col))];
      const determined = determinedCells(nonEmpty.map((c) => [c.row, c.col]), [
        { dims: [], cells: [{ key: [], hidden: d.tHidden }] },
        { dims: [0], cells: rowsOf.map((r) => ({ key: [r], hidden: d.rowHidden.has(r) })) },
        { dims: [1], cells: colsOf.map((c) => ({ key: [c], hidden: d.colHidden.has(c) })) },
        { dims: [0, 1], cells: nonEmpty.map((c) => ({ key: [c.row, c.col], hidden: d.cross.has(crossKey(c.row, c.col)) })) },
      ]);
      assert.deepEqual(determined, [], JSON.stringify({ threshold, cells: nonEmpty, d: { ...d, rowHidden: [...d.rowHidden], colHidden: [...d.colHidden], cross: [...d.cross] } }));
      assert.deepEqual(recoverableCells(cells, d.cross, d.rowHidden, d.colHidden, d.tHidden), []);
    }), { numRuns: 300, seed: 15 });
  });
});
