/**
 * Turns per-run figures into what results.json keeps: medians with their spread across runs,
 * paired ratios (ours / reference, run by run), and CPU time per request.
 *
 * @example
 * const s = summarizeRuns(completion.repeat["10"].ours);
 * const r = pairedRatio(completion.repeat["10"].ours, completion.repeat["10"].reference, "rps");
 */
import { rounded, summarize } from "./stats.ts";
import type { RunFigures } from "./throughput.ts";

export type Rounded = ReturnType<typeof rounded>;

export interface RunsSummary {
  runs: number;
  requests: number;
  rps: Rounded;
  p50: Rounded;
  p90: Rounded;
  p99: Rounded;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU ms per answered request, by process. */
  cpuMsPerRequest: Record<string, Rounded>;
}

/** Median and spread of each figure over `runs`. */
export function summarizeRuns(runs: readonly RunFigures[]): RunsSummary {
  return {
    runs: runs.length,
    requests: runs.reduce((s, r) => s + r.requests, 0),
    rps: rounded(summarize(runs.map((r) => r.rps)), 1),
    p50: rounded(summarize(runs.map((r) => r.p50))),
    p90: rounded(summarize(runs.map((r) => r.p90))),
    p99: rounded(summarize(runs.map((r) => r.p99))),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    timeouts: runs.reduce((s, r) => s + r.timeouts, 0),
    cpuMsPerRequest: cpuPerRequest(runs),
  };
}

/**
 * CPU ms per answered request, by process, over the runs where it could be read (a process
 * that wrangler restarted during a run has no figure for that run).
 */
export function cpuPerRequest(runs: readonly RunFigures[]): Record<string, Rounded> {
  const labels = [...new Set(runs.flatMap((r) => Object.keys(r.cpuMs)))];
  return Object.fromEntries(
    labels.map((label) => [
      label,
      rounded(summarize(runs.map((r) => (r.cpuMs[label] ?? Number.NaN) / r.requests).filter(Number.isFinite)), 3),
    ]),
  );
}

/** ours / reference for one figure, run by run (runs were interleaved), summarized. */
export function pairedRatio(
  ours: readonly RunFigures[],
  reference: readonly RunFigures[],
  key: "rps" | "p50" | "p99",
): Rounded {
  const n = Math.min(ours.length, reference.length);
  const ratios = Array.from({ length: n }, (_, i) => (ours[i] as RunFigures)[key] / (reference[i] as RunFigures)[key]);
  return rounded(summarize(ratios), 2);
}

/** Ours and the reference side by side, with the ratios. */
export function sideBySide(ours: readonly RunFigures[], reference: readonly RunFigures[]) {
  return {
    ours: summarizeRuns(ours),
    reference: summarizeRuns(reference),
    ratio: {
      rps: pairedRatio(ours, reference, "rps"),
      p50: pairedRatio(ours, reference, "p50"),
      p99: pairedRatio(ours, reference, "p99"),
    },
  };
}
