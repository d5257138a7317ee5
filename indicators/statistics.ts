// Honest statistics for indicator values: Wilson and t 95% intervals (clipped to a scale), progress towards target,
// traffic-light status and paired change. Small-cell suppression lives in indicators/suppression.ts.
export interface Interval { low: number; high: number }

const Z95 = 1.959963984540054;

/** Wilson score 95% interval for x successes of n, as proportions 0..1 (null when n = 0). */
export function wilson(x: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = x / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Two-sided 97.5% quantiles of Student's t for df = 1..30; beyond 30 an accurate Cornish-Fisher expansion. */
const T975 = [12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135,
  2.262157163, 2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578,
  2.100922040, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439,
  2.051830516, 2.048407142, 2.045229642, 2.042272456];

export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30 && Number.isInteger(df)) return T975[df - 1];
  // Cornish-Fisher expansion of t in terms of the normal quantile (error < 1e-6 for df > 30)
  const z = Z95, z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2)
    + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
    + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4);
}

/** t-based 95% interval of a mean from n, sum and sum of squares (null when n < 2). */
export function tInterval(n: number, sum: number, sumSquares: number): Interval | null {
  if (n < 2) return null;
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { low: mean - half, high: mean + half };
}

export type Direction = 'increase' | 'decrease';
export type Status = 'on_track' | 'at_risk' | 'off_track';
export interface StatusThresholds { onTrack: number; atRisk: number }
export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = { onTrack: 0.75, atRisk: 0.4 };

/**
 * Share of the way from baseline to target, (actual − baseline)/(target − baseline); the sign works for both
 * directions because target − baseline carries it. When the target equals the baseline: 1 if met, else 0.
 */
export function progress(baseline: number | null, actual: number | null, target: number | null, direction: Direction): number | null {
  if (baseline === null || actual === null || target === null) return null;
  if (target === baseline) {
    const met = direction === 'increase' ? actual >= target : actual <= target;
    return met ? 1 : 0;
  }
  return (actual - baseline) / (target - baseline);
}

export function status(p: number | null, t: StatusThresholds = DEFAULT_STATUS_THRESHOLDS): Status | null {
  if (p === null || !Number.isFinite(p)) return null;
  return p >= t.onTrack ? 'on_track' : p >= t.atRisk ? 'at_risk' : 'off_track';
}

/** Paired change: stakeholders with a value in both waves; mean of (later − earlier), n, and its t interval. */
export function pairedChange(earlier: Map<string, number>, later: Map<string, number>): { n: number; meanChange: number | null; ci: Interval | null } {
  const d: number[] = [];
  for (const [k, a] of earlier) { const b = later.get(k); if (b !== undefined) d.push(b - a); }
  if (!d.length) return { n: 0, meanChange: null, ci: null };
  const sum = d.reduce((s, x) => s + x, 0);
  return { n: d.length, meanChange: sum / d.length, ci: tInterval(d.length, sum, d.reduce((s, x) => s + x * x, 0)) };
}

/** An interval clipped to a declared scale; `clipped` says it was (a t interval of a bounded mean can leave the scale). */
export function clipInterval(ci: Interval | null, scale: { min: number; max: number } | null): (Interval & { clipped: boolean }) | null {
  if (!ci) return null;
  if (!scale) return { ...ci, clipped: false };
  const low = Math.max(scale.min, ci.low), high = Math.min(scale.max, ci.high);
  return { low, high, clipped: low !== ci.low || high !== ci.high };
}
