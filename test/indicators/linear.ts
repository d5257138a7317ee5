// Test helper: exact linear algebra over what the indicator API shows — which hidden cells are determined by the
// visible ones (a hidden cell is determined when its 0/1 vector over the finest cells lies in the span of the visible rows).

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** Rational-free exact rank over small integer matrices: Gaussian elimination with fractions as [num, den] bigints. */
function rank(rows: number[][]): number {
  const m = rows.map((r) => r.map((x) => BigInt(x)));
  let rk = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && rk < m.length; c++) {
    const p = m.findIndex((r, i) => i >= rk && r[c] !== 0n);
    if (p < 0) continue;
    [m[rk], m[p]] = [m[p], m[rk]];
    for (let i = 0; i < m.length; i++) {
      if (i === rk || m[i][c] === 0n) continue;
      const a = m[rk][c], b = m[i][c];
      m[i] = m[i].map((x, j) => x * a - m[rk][j] * b); // integer-preserving elimination
      const g = m[i].reduce((acc, x) => gcd(acc, x < 0n ? -x : x), 0n);
      if (g > 1n) m[i] = m[i].map((x) => x / g);
    }
    rk++;
  }
  return rk;
}

/** Whether `target` lies in the row space of `visible` (then its value is determined by what is shown). */
export function inSpan(visible: number[][], target: number[]): boolean {
  if (!visible.length) return target.every((x) => x === 0);
  return rank(visible) === rank([...visible, target]);
}

export interface Table { keys: string[][]; hidden: boolean[] }

/**
 * Tables over the same finest cells (the cross classification, each identified by its key tuple): the total
 * (no keys), margins (one key at a position) and the cross table. Returns the hidden cells that are determined.
 * `finest` lists the non-empty finest cells (empty ones are known zeros and carry no unknown).
 */
export function determinedCells(finest: string[][], tables: Array<{ dims: number[]; cells: Array<{ key: string[]; hidden: boolean }> }>): string[] {
  const vec = (dims: number[], key: string[]) => finest.map((f) => (dims.every((d, j) => f[d] === key[j]) ? 1 : 0));
  const visible: number[][] = [];
  const hidden: Array<{ name: string; v: number[] }> = [];
  for (const t of tables) {
    for (const c of t.cells) {
      const v = vec(t.dims, c.key);
      if (c.hidden) hidden.push({ name: `${t.dims.join('')}:${c.key.join('×') || 'total'}`, v });
      else visible.push(v);
    }
  }
  return hidden.filter((h) => inSpan(visible, h.v)).map((h) => h.name);
}

type ApiCell = { keys: Array<{ code: string }>; suppressed: boolean };
/** The same check on one wave of the indicator-values API with two dimensions (margins and their cross table). */
export function determinedHidden(wave: { overall: { suppressed: boolean }; disaggregations: Array<{ dimensions: unknown[]; cells: ApiCell[] }> }): string[] {
  const cross = wave.disaggregations.find((d) => d.dimensions.length === 2);
  if (!cross) throw new Error('needs the cross table');
  const finest = cross.cells.map((c) => c.keys.map((k) => k.code));
  const margins = wave.disaggregations.filter((d) => d.dimensions.length === 1);
  return determinedCells(finest, [
    { dims: [], cells: [{ key: [], hidden: wave.overall.suppressed }] },
    ...margins.map((m, i) => ({ dims: [i], cells: m.cells.map((c) => ({ key: [c.keys[0].code], hidden: c.suppressed })) })),
    { dims: [0, 1], cells: cross.cells.map((c) => ({ key: c.keys.map((k) => k.code), hidden: c.suppressed })) },
  ]);
}
