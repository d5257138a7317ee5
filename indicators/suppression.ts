// Small-cell suppression decided once per (wave, disaggregation) from respondent counts, shared by every indicator,
// endpoint and export. Deterministic (never depends on row order) and audited: in a table with its margins and total,
// a hidden cell is recoverable exactly when it is a bridge of the graph of hidden cells, so complements close cycles.

/** The overall value is hidden when fewer than `threshold` people responded. */
export function totalHidden(respondents: number, threshold: number): boolean {
  return respondents > 0 && respondents < threshold;
}

/**
 * One dimension (cells add up to the total): every cell with 0 < respondents < threshold is hidden (primary); when
 * exactly one is hidden and the total is shown, the smallest other non-empty cell (ties: the smaller code) is hidden
 * too, so no cell equals "total − the others". Returns the hidden codes.
 */
export function suppressMargin(cells: Array<{ code: string; n: number }>, threshold: number): Set<string> {
  const sorted = [...cells].filter((c) => c.n > 0).sort((a, b) => a.n - b.n || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const total = sorted.reduce((s, c) => s + c.n, 0);
  const hidden = new Set(sorted.filter((c) => c.n < threshold).map((c) => c.code));
  if (totalHidden(total, threshold)) return new Set(sorted.map((c) => c.code));
  if (hidden.size === 1) {
    const next = sorted.find((c) => !hidden.has(c.code));
    if (next) hidden.add(next.code);
  }
  return hidden;
}

export interface CrossCell { row: string; col: string; n: number }
const ROWS = 'R*', COLS = 'C*';
const rowNode = (r: string) => `r:${r}`, colNode = (c: string) => `c:${c}`;
export const crossKey = (row: string, col: string) => JSON.stringify([row, col]);

interface Edge { id: string; a: string; b: string; cost: number; interior: boolean }

/** Whether a and b are connected by the edges `on` without using edge `skip`. */
function connected(edges: Edge[], on: Set<string>, a: string, b: string, skip: string): boolean {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (!on.has(e.id) || e.id === skip) continue;
    adj.set(e.a, [...(adj.get(e.a) ?? []), e.b]); adj.set(e.b, [...(adj.get(e.b) ?? []), e.a]);
  }
  const seen = new Set([a]);
  const todo = [a];
  while (todo.length) {
    const x = todo.pop()!;
    if (x === b) return true;
    for (const y of adj.get(x) ?? []) if (!seen.has(y)) { seen.add(y); todo.push(y); }
  }
  return false;
}

/** Cheapest path a → b (hidden edges cost 0, shown interior cells cost their count), deterministic ties; edge ids or null. */
function cheapestPath(edges: Edge[], hidden: Set<string>, a: string, b: string, skip: string): string[] | null {
  const usable = edges.filter((e) => e.id !== skip && (hidden.has(e.id) || e.interior));
  const dist = new Map<string, number>([[a, 0]]);
  const via = new Map<string, Edge>();
  const done = new Set<string>();
  for (;;) {
    let best: string | null = null;
    for (const [node, d] of dist) if (!done.has(node) && (best === null || d < dist.get(best)! || (d === dist.get(best)! && node < best))) best = node;
    if (best === null) return null;
    if (best === b) break;
    done.add(best);
    for (const e of usable) {
      if (e.a !== best && e.b !== best) continue;
      const other = e.a === best ? e.b : e.a;
      const d = dist.get(best)! + (hidden.has(e.id) ? 0 : e.cost);
      if (!dist.has(other) || d < dist.get(other)!) { dist.set(other, d); via.set(other, e); }
    }
  }
  const path: string[] = [];
  for (let node = b; node !== a;) { const e = via.get(node)!; path.push(e.id); node = e.a === node ? e.b : e.a; }
  return path;
}

/** Every row × column of the non-empty rows and columns: an empty cell is listed too (n = 0), so that hiding it
 *  hides that it is empty — an unlisted cell would be a known zero that can make a hidden neighbour recoverable. */
export function fullGrid(cells: CrossCell[]): CrossCell[] {
  const n = new Map(cells.map((c) => [crossKey(c.row, c.col), c.n]));
  const rows = [...new Set(cells.filter((c) => c.n > 0).map((c) => c.row))].sort();
  const cols = [...new Set(cells.filter((c) => c.n > 0).map((c) => c.col))].sort();
  return rows.flatMap((row) => cols.map((col) => ({ row, col, n: n.get(crossKey(row, col)) ?? 0 })));
}

function graph(grid: CrossCell[], rowHidden: ReadonlySet<string>, colHidden: ReadonlySet<string>, totalIsHidden: boolean) {
  const rows = [...new Set(grid.map((c) => c.row))], cols = [...new Set(grid.map((c) => c.col))];
  const edges: Edge[] = [
    ...grid.map((c) => ({ id: crossKey(c.row, c.col), a: rowNode(c.row), b: colNode(c.col), cost: c.n + 1, interior: true })),
    ...rows.map((r) => ({ id: `m:r:${r}`, a: rowNode(r), b: COLS, cost: Infinity, interior: false })),
    ...cols.map((c) => ({ id: `m:c:${c}`, a: ROWS, b: colNode(c), cost: Infinity, interior: false })),
    { id: 'total', a: ROWS, b: COLS, cost: Infinity, interior: false },
  ];
  const hidden = new Set<string>([...rows.filter((r) => rowHidden.has(r)).map((r) => `m:r:${r}`),
    ...cols.filter((c) => colHidden.has(c)).map((c) => `m:c:${c}`), ...(totalIsHidden ? ['total'] : [])]);
  return { edges, hidden };
}

/**
 * A cross table (the full grid of fullGrid) with its margins and total. The margins' and total's hidden cells are
 * given (decided on their own by suppressMargin/totalHidden, so a margin reads the same in every request); cells with
 * 0 < n < threshold are hidden, then, while some hidden cell is a bridge (recoverable from the additivity of rows,
 * columns, margins and total), the cheapest path of shown cells closing a cycle through it is hidden too (cost =
 * respondents + 1 per cell, so empty cells are preferred; ties by node names). Returns the hidden cells as crossKey.
 */
export function suppressCross(cells: CrossCell[], rowHidden: ReadonlySet<string>, colHidden: ReadonlySet<string>, totalIsHidden: boolean, threshold: number): Set<string> {
  const grid = fullGrid(cells);
  const { edges, hidden } = graph(grid, rowHidden, colHidden, totalIsHidden);
  for (const c of grid) if ((c.n > 0 && c.n < threshold) || totalIsHidden) hidden.add(crossKey(c.row, c.col));
  for (let guard = 0; guard < 1000; guard++) {
    const bridge = edges.find((e) => hidden.has(e.id) && !connected(edges, hidden, e.a, e.b, e.id));
    if (!bridge) break;
    const path = cheapestPath(edges, hidden, bridge.a, bridge.b, bridge.id);
    if (path && path.some((id) => !hidden.has(id))) { for (const id of path) hidden.add(id); continue; }
    // no way out through the cells: hide them all; what is still a bridge is fixed by the public margins alone
    const before = hidden.size;
    for (const e of edges) if (e.interior) hidden.add(e.id);
    if (hidden.size === before) break;
  }
  return new Set(grid.map((c) => crossKey(c.row, c.col)).filter((k) => hidden.has(k)));
}

/** Hidden cells a reader could still recover (bridges of the hidden graph over the full grid): empty when it holds. */
export function recoverableCells(cells: CrossCell[], hiddenCells: ReadonlySet<string>, rowHidden: ReadonlySet<string>, colHidden: ReadonlySet<string>, totalIsHidden: boolean): string[] {
  const { edges, hidden } = graph(fullGrid(cells), rowHidden, colHidden, totalIsHidden);
  for (const k of hiddenCells) hidden.add(k);
  return edges.filter((e) => hidden.has(e.id) && !connected(edges, hidden, e.a, e.b, e.id)).map((e) => e.id);
}
