/**
 * Summaries of repeated measurements: the median and the spread, never a single figure.
 *
 * @example
 * summarize([12.1, 11.8, 13.0]); // { n: 3, median: 12.1, p90: 12.82, min: 11.8, max: 13, mean: 12.3 }
 */

/** A set of measurements, reduced. */
export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
  mean: number;
}

/** The q-quantile (0..1) of already sorted values, interpolated between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (at - low);
}

/** Median, p90, min, max and mean of `values` (NaN for an empty list). */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || Number.NaN);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean,
  };
}

/** The median of `values`. */
export const median = (values: readonly number[]) => summarize(values).median;

/** Rounds for JSON: `digits` decimals, NaN and infinities as null. */
export function round(value: number, digits = 2): number | null {
  if (!Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A summary with every figure rounded, for results.json. */
export function rounded(summary: Summary, digits = 2) {
  return {
    n: summary.n,
    median: round(summary.median, digits),
    p90: round(summary.p90, digits),
    min: round(summary.min, digits),
    max: round(summary.max, digits),
    mean: round(summary.mean, digits),
  };
}
