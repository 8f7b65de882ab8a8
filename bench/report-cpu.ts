/**
 * The tables of `npm run bench -- cpu`: requests and preflights over a whole first-visit
 * purchase, and our isolate's CPU per request under local workerd, against issue 12's goals.
 *
 * @example
 * out.push(...insideSections(results.inside, results.date, measuredWhen));
 */
import type { purchaseSummary } from "./click.ts";
import { FIRST_REQUEST_GOAL_MS, type IsolateCpuResults, KINDS, WARM_GOAL_MS } from "./isolate-cpu.ts";

/** What `npm run bench -- cpu` measured. */
export interface InsideResults {
  purchase: ReturnType<typeof purchaseSummary> | { error: string };
  isolate: IsolateCpuResults | { error: string };
  checks: { name: string; ok: boolean; detail: string }[];
}

type Table = { title: string; head: string[]; rows: string[][]; after: string[] };
type Failed = { title: string; error: string };

const failed = (v: object): v is { error: string } => "error" in v;
const n = (v: number | null | undefined, digits = 0) => (typeof v === "number" ? v.toFixed(digits) : "–");
const range = (s: { min: number | null; max: number | null; median: number | null }) =>
  s.min === s.max ? n(s.median) : `${n(s.median)} [${n(s.min)}–${n(s.max)}]`;
const verdict = (value: number | null, goal: number | undefined) =>
  goal === undefined || value === null ? "–" : `${value <= goal ? "met" : "**missed**"} (≤ ${goal} ms)`;

/** The tables of the `cpu` part: the purchase's requests (beside table 2), the isolate's CPU and its hotspots (beside table 5). */
export function insideSections(
  inside: InsideResults,
  dated: string[],
): { purchase: (Table | Failed)[]; cpu: (Table | Failed)[] } {
  const purchase: (Table | Failed)[] = [];
  const out: (Table | Failed)[] = [];
  const p = inside.purchase;
  const purchaseTitle = "2b. A whole first-visit purchase: requests and CORS preflights (DevTools protocol)";
  if (failed(p)) purchase.push({ title: purchaseTitle, error: p.error });
  else
    purchase.push({
      title: purchaseTitle,
      head: ["part of the purchase", "runs", "requests", "of which preflight", "goal"],
      rows: [
        [
          "click → requestPayment",
          String(p.runs),
          range(p.requestsBeforeWindow),
          range(p.preflightsBeforeWindow),
          `1 request ${p.requestsBeforeWindow.max === 1 ? "met" : "**missed**"}`,
        ],
        [
          "click → `portone-paid` (order, window, verification)",
          String(p.runs),
          range(p.requests),
          range(p.preflights),
          `0 preflights ${p.preflights.max === 0 ? "met" : "**missed**"}`,
        ],
      ],
      after: [
        ...dated,
        `${p.browser}, headless, a fresh browser context per run (no HTTP or preflight cache), the shop on another origin than the worker. The stubbed \`requestPayment\` hands the element's request to the bench, which pays it in the PortOne emulator as the emulated window would and resolves with the emulator's answer; the element then verifies (\`POST /api/payments/complete\`) and fires \`portone-paid\`. Every request from the click to \`portone-paid\` is read through the DevTools protocol (\`Network.requestWillBeSent\`; a preflight has initiator type \`preflight\`). Click to \`portone-paid\`: ${n(p.ms.median, 1)} ms median (includes the bench's call to the emulator).`,
        `Requests seen: ${p.requestsSeen.join("; ") || "none"}.`,
      ],
    });

  const c = inside.isolate;
  const cpuTitle = "5b. Isolate CPU per request under local workerd on this machine (not what Cloudflare bills)";
  if (failed(c)) {
    out.push({ title: cpuTitle, error: c.error });
    return { purchase, cpu: out };
  }
  const first = new Map(c.first.map((f) => [f.kind, f]));
  const v = c.validation;
  out.push({
    title: cpuTitle,
    head: [
      "request",
      "warm p50 ms",
      "mean",
      "p90",
      "min–max",
      "js / gc / C++ p50",
      "goal (warm p50)",
      "first after start ms",
      `goal (≤ ${FIRST_REQUEST_GOAL_MS} ms)`,
    ],
    rows: c.warm.map((w) => {
      const f = first.get(w.kind);
      return [
        `${KINDS[w.kind]}${w.settledBefore ? ` (${w.requests} of ${w.requests + w.settledBefore})` : ""}`,
        n(w.ms.median, 3),
        n(w.ms.mean, 3),
        n(w.ms.p90, 3),
        `${n(w.ms.min, 3)}–${n(w.ms.max, 3)}`,
        `${n(w.jsMs, 2)} / ${n(w.gcMs, 2)} / ${n(w.programMs, 2)}`,
        verdict(w.ms.median, WARM_GOAL_MS[w.kind]),
        f ? `${n(f.ms.median, 2)}${f.runs > 1 ? ` [${n(f.ms.min, 2)}–${n(f.ms.max, 2)}]` : ""}` : "–",
        f ? verdict(f.ms.max, FIRST_REQUEST_GOAL_MS) : "–",
      ];
    }),
    after: [
      ...dated,
      `${c.warm[0]?.requests ?? 0} warm requests per kind, one at a time, after warm-ups; first request after start: ${c.first[0]?.runs ?? 0} fresh start(s) per kind (the goal column judges the slowest). V8's sampling interval was set to ${c.intervalUs} µs and its ticks came every ${c.tickSpacingUs} µs (median), so a single request's figure moves in steps of about that; the profile started ${c.clockSkewUs} µs after the bench asked for it, on the same clock.`,
      c.how,
      failed(v)
        ? `Validation against a known burn failed: ${v.error}`
        : `Validation: a loop of ${v.loops.toLocaleString("en")} turns per request in a fixture worker costs ${v.threadMsPerRequest.extra} ms per request by /proc for workerd's main thread (the isolate's thread, profiler off), and ${v.profilerMsPerRequest.extra} ms by the profiler: ratio ${v.ratio} (${v.requests} requests per pass; /proc counts in 10 ms ticks). With the profiler on, the same thread spends ${v.threadProfiledMsPerRequest.extra} ms on the loop: the rest of the gap is the profiler's own signal handling, which production does not have, and ticks lost when its sampler thread waits for a core. Without the loop the trivial worker costs ${v.profilerMsPerRequest.idle} ms of isolate CPU per request by the profiler, and ${v.threadMsPerRequest.idle} ms of main-thread CPU by /proc: the difference is workerd's HTTP and Miniflare's entry worker, which the profiler rightly leaves out.`,
      ...inside.checks.filter((k) => !k.ok).map((k) => `✗ ${k.name}: ${k.detail}`),
    ],
  });
  const spots = c.hotspots.filter((h) => {
    const w = c.warm.find((x) => x.kind === h.kind);
    const goal = WARM_GOAL_MS[h.kind];
    return goal === undefined || (w?.ms.median ?? 0) > goal;
  });
  const worstFirst = [...c.first].sort((a, b) => (b.ms.median ?? 0) - (a.ms.median ?? 0))[0];
  if (worstFirst && (worstFirst.ms.median ?? 0) > FIRST_REQUEST_GOAL_MS)
    out.push({
      title: `5c. Where the first request's time goes: ${KINDS[worstFirst.kind]} (fresh isolate, ms per request)`,
      head: ["function and source (total: anywhere on the stack)", "total", "self"],
      rows: worstFirst.total.map((r) => [r.where, n(r.totalMsPerRequest, 3), n(r.selfMsPerRequest, 3)]),
      after: [
        `Most self time: ${worstFirst.self
          .slice(0, 8)
          .map((r) => `${r.where} ${n(r.selfMsPerRequest, 3)}`)
          .join("; ")}.`,
        `Most self time of the other first requests: ${c.first
          .filter((f) => f !== worstFirst)
          .map(
            (f) =>
              `${f.kind}: ${f.self
                .slice(0, 3)
                .map((r) => `${r.where} ${n(r.selfMsPerRequest, 3)}`)
                .join(", ")}`,
          )
          .join("; ")}.`,
      ],
    });
  for (const h of spots) {
    out.push({
      title: `5c. Where the isolate's time goes: ${KINDS[h.kind]} (warm, ms per request)`,
      head: ["function and source (total: anywhere on the stack)", "total", "self"],
      rows: h.total.slice(0, 15).map((r) => [r.where, n(r.totalMsPerRequest, 3), n(r.selfMsPerRequest, 3)]),
      after: [
        `Most self time: ${h.self
          .slice(0, 6)
          .map((r) => `${r.where} ${n(r.selfMsPerRequest, 3)}`)
          .join("; ")}.`,
      ],
    });
  }
  return { purchase, cpu: out };
}
