/**
 * Worker throughput and latency under autocannon, and the same completion load against the
 * reference server, interleaved run by run so that both see the same machine.
 *
 * - `POST /api/orders` (ours only: the reference sample has no server-side order creation):
 *   each order is priced, pre-registered with the emulator and written to local KV. Every
 *   order created is read back afterwards and must be `PENDING`.
 * - `POST /api/payments/complete` (ours) and `POST /api/payment/complete` (reference), on
 *   orders made beforehand the same way on both and paid in the emulator:
 *   "first time" sends each paymentId exactly once (the order moves to PAID and is written);
 *   "repeat" cycles through already-paid ids for a fixed time (verification without a write).
 *   Every order must be `PAID` afterwards, and every answer 2xx.
 *
 * The headline comparison is our worker's own app served by Node (`node-host.ts`) against the
 * reference (Express + the server SDK, `reference/server.ts`): same runtime, same machine, and
 * equal stand-ins for storage (`stand-ins.ts`): KV as a Map of strings parsed on every read, D1
 * as SQLite in memory, the reference's orders kept in that same D1 (one row, read on every
 * completion, updated when it changes) instead of the sample's bare Map, so that a store
 * operation costs the same on both sides and the ratio measures the code around it. Our side
 * still does everything it does in production: origin and body checks, validation, the minted
 * order from KV and the ledger row from D1, the store, channel and state checks, the ledger's
 * transition batch, the transition log. The same completion under `wrangler dev` is a diagnostic
 * of the local runtime (workerd, its proxy, Miniflare's KV and D1), not of our code.
 *
 * CPU time of the processes doing the work is read from /proc around every run.
 *
 * @example
 * const orders = await benchOrders(ours, options, console.log);
 * const completion = await benchCompletion([ours, reference], emulatorUrl, options, console.log);
 */

import type { CompletePaymentRequest } from "../contract/index.ts";
import { cpuDelta, cpuTimes, type Watched } from "./cpu.ts";
import { type LoadResult, type LoadSpec, runLoad } from "./load.ts";
import { nodeHostTarget, ORDER_BODY, prepareOrders, referenceTarget, statusCounts, type Target } from "./targets.ts";

export interface LoadOptions {
  runs: number;
  /** Seconds per timed run. */
  duration: number;
  /** Concurrent connections to try. */
  levels: number[];
  /** Orders settled per target and run in the first-time pass. */
  firstTimeOrders: number;
  firstTimeConnections: number;
}

/** One run's figures. */
export interface RunFigures {
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU ms used during the run, by process label (NaN: the process was restarted meanwhile). */
  cpuMs: Record<string, number>;
  failures: string[];
}

export interface Check {
  what: string;
  expected: string;
  counts: Record<string, number>;
  ok: boolean;
}

export interface OrdersFigures {
  byLevel: Record<string, RunFigures[]>;
  checks: Check[];
}

export interface CompletionFigures {
  firstTime: Record<Target["name"], RunFigures[]>;
  repeat: Record<string, Record<Target["name"], RunFigures[]>>;
  checks: Check[];
  /** Every paid order, by target. */
  paid: Record<Target["name"], string[]>;
}

/** Cheaper requests on the same servers, to show where a verification's CPU time goes. */
export interface CpuBreakdown {
  /** A completion refused by validation (400, no I/O): the cost of a request as such. */
  refused: Record<Target["name"], RunFigures>;
  /** `GET /api/orders/:paymentId`: one KV read for ours, one Map lookup for the reference. */
  read: Record<Target["name"], RunFigures>;
}

type Log = (line: string) => void;

async function measured(target: Target, spec: LoadSpec): Promise<{ result: LoadResult; figures: RunFigures }> {
  const processes = target.processes();
  const before = cpuTimes(processes);
  const result = await runLoad(spec);
  const after = cpuTimes(processes);
  const figures: RunFigures = {
    connections: spec.connections,
    requests: result.requests,
    rps: result.rps,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuMs: cpuDelta(processes, before, after),
    failures: result.failures,
  };
  return { result, figures };
}

const describe = (f: RunFigures) => {
  const restarted = Object.entries(f.cpuMs).filter(([, ms]) => !Number.isFinite(ms));
  return (
    `${f.rps.toFixed(0)} req/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms` +
    (f.non2xx || f.errors ? `, ${f.non2xx} non-2xx, ${f.errors} errors` : "") +
    (restarted.length
      ? ` (restarted during the run, CPU not counted: ${restarted.map(([label]) => label).join(", ")})`
      : "")
  );
};

function check(what: string, expected: string, total: number, counts: Record<string, number>): Check {
  return {
    what,
    expected: `${total} × ${expected}`,
    counts,
    ok: counts[expected] === total && Object.keys(counts).length === 1,
  };
}

/** `POST /api/orders` at each concurrency level, `runs` times; then every order is read back. */
export async function benchOrders(target: Target, options: LoadOptions, log: Log): Promise<OrdersFigures> {
  const spec = (connections: number, duration: number): LoadSpec => ({
    url: target.url,
    path: target.ordersPath,
    bodies: [ORDER_BODY],
    connections,
    duration,
    capture: "paymentId",
  });
  const created: string[] = [];
  let answered2xx = 0;
  const warm = await runLoad(spec(4, 1));
  created.push(...warm.captured);
  answered2xx += warm.ok2xx;

  const byLevel: Record<string, RunFigures[]> = {};
  for (let run = 1; run <= options.runs; run++) {
    for (const connections of options.levels) {
      const { result, figures } = await measured(target, spec(connections, options.duration));
      created.push(...result.captured);
      answered2xx += result.ok2xx;
      append(byLevel, connections, figures);
      log(`  orders     run ${run} c=${String(connections).padEnd(3)} ${describe(figures)}`);
    }
  }
  const counts = await statusCounts(target, created);
  const checks = [
    {
      what: "orders answered 201 with a paymentId",
      expected: `${answered2xx}`,
      counts: { captured: created.length },
      ok: created.length === answered2xx,
    },
    check("orders read back after the load", "PENDING", created.length, counts),
  ];
  return { byLevel, checks };
}

/** Appends `value` to the list under `key`, creating it. */
function append<T>(lists: Record<string, T[]>, key: string | number, value: T): void {
  const list = lists[key] ?? [];
  list.push(value);
  lists[key] = list;
}

const completionBodies = (ids: readonly string[]) =>
  ids.map((paymentId) => JSON.stringify({ paymentId } satisfies CompletePaymentRequest));

/**
 * Completion on `targets`, interleaved: per run, fresh paid orders on each, one first-time
 * pass, then the repeat load at each level; the order of the targets alternates every run.
 */
export async function benchCompletion(
  targets: Target[],
  emulatorUrl: string,
  options: LoadOptions,
  log: Log,
): Promise<CompletionFigures> {
  const all = new Map<Target, string[]>(targets.map((t) => [t, []]));
  const firstTime = {} as CompletionFigures["firstTime"];
  const repeat: CompletionFigures["repeat"] = {};
  const checks: Check[] = [];

  for (const target of targets) {
    const ids = await prepareOrders(target, emulatorUrl, 20);
    all.get(target)?.push(...ids);
    await runLoad({
      url: target.url,
      path: target.completePath,
      bodies: completionBodies(ids),
      connections: 4,
      duration: 1,
    });
  }

  for (let run = 1; run <= options.runs; run++) {
    const order = run % 2 === 1 ? targets : [...targets].reverse();
    const batch = new Map<Target, string[]>();
    for (const target of order) {
      const ids = await prepareOrders(target, emulatorUrl, options.firstTimeOrders);
      batch.set(target, ids);
      all.get(target)?.push(...ids);
    }
    for (const target of order) {
      const ids = batch.get(target) ?? [];
      const { figures } = await measured(target, {
        url: target.url,
        path: target.completePath,
        bodies: completionBodies(ids),
        connections: options.firstTimeConnections,
        amount: ids.length,
      });
      append(firstTime, target.name, figures);
      log(
        `  complete   run ${run} first-time ${target.name.padEnd(9)} c=${options.firstTimeConnections} ${describe(figures)}`,
      );
      // N requests over N ids, all PAID afterwards: each id was settled exactly once.
      checks.push(
        check(
          `${target.name}: run ${run}, first-time batch settled once each`,
          "PAID",
          ids.length,
          await statusCounts(target, ids),
        ),
      );
    }
    for (const connections of options.levels) {
      for (const target of order) {
        const ids = batch.get(target) ?? [];
        const { figures } = await measured(target, {
          url: target.url,
          path: target.completePath,
          bodies: completionBodies(ids),
          connections,
          duration: options.duration,
        });
        repeat[connections] ??= {} as Record<Target["name"], RunFigures[]>;
        append(repeat[connections], target.name, figures);
        log(
          `  complete   run ${run} repeat     ${target.name.padEnd(9)} c=${String(connections).padEnd(3)} ${describe(figures)}`,
        );
      }
    }
  }
  const paid = {} as CompletionFigures["paid"];
  for (const target of targets) {
    const ids = all.get(target) ?? [];
    paid[target.name] = ids;
    checks.push(
      check(`${target.name}: every order after the load`, "PAID", ids.length, await statusCounts(target, ids)),
    );
  }
  return { firstTime, repeat, checks, paid };
}

/**
 * One run per target of a refused completion and of an order read, at `connections`, so that
 * the CPU time of a verification can be set against that of a request that does (almost) nothing.
 */
export async function benchCpuBreakdown(
  targets: Target[],
  paid: CompletionFigures["paid"],
  options: LoadOptions,
  connections: number,
  log: Log,
) {
  const refused = {} as CpuBreakdown["refused"];
  const read = {} as CpuBreakdown["read"];
  for (const target of targets) {
    const invalid = await measured(target, {
      url: target.url,
      path: target.completePath,
      bodies: ["{}"],
      connections,
      duration: options.duration,
    });
    refused[target.name] = invalid.figures;
    log(`  cpu        refused    ${target.name.padEnd(9)} c=${connections} ${describe(invalid.figures)}`);
    const paths = (paid[target.name] ?? []).map((id) => `/api/orders/${id}`);
    const reads = await measured(target, {
      url: target.url,
      path: "/",
      paths,
      method: "GET",
      bodies: [],
      connections,
      duration: options.duration,
    });
    read[target.name] = reads.figures;
    log(`  cpu        read order ${target.name.padEnd(9)} c=${connections} ${describe(reads.figures)}`);
  }
  return { refused, read };
}

/**
 * `node bench/throughput.ts`: only the comparison of our worker's app in Node with the reference,
 * on an emulator of its own (no wrangler), with the same knobs as `npm run bench`. Set
 * `BENCH_CPU_PROF=<dir>` to write CPU profiles of both servers (`--cpu-prof`) when they stop.
 */
async function main(): Promise<void> {
  const { startEmulator } = await import("../emulator/server.ts");
  const { DEV_API_SECRET, DEV_WEBHOOK_SECRET } = await import("../emulator/dev-secrets.ts");
  const { startNodeHost, startReference } = await import("./servers.ts");
  const { holdWebhooks } = await import("./targets.ts");
  const { sideBySide } = await import("./summary.ts");
  const env = process.env;
  const int = (name: string, fallback: number) => Number(env[name] ?? fallback);
  const options: LoadOptions = {
    runs: int("BENCH_RUNS", 3),
    duration: int("BENCH_DURATION", 3),
    levels: (env.BENCH_CONCURRENCY ?? "1,10,50").split(",").filter(Boolean).map(Number),
    firstTimeOrders: int("BENCH_FIRST_TIME_ORDERS", 300),
    firstTimeConnections: 10,
  };
  const emulator = await startEmulator({ port: 0, apiSecret: DEV_API_SECRET, webhookSecret: DEV_WEBHOOK_SECRET });
  const saved = env.NODE_OPTIONS;
  if (env.BENCH_CPU_PROF) env.NODE_OPTIONS = `${saved ?? ""} --cpu-prof --cpu-prof-dir=${env.BENCH_CPU_PROF}`;
  const reference = await startReference(emulator.url);
  const nodeHost = await startNodeHost(emulator.url);
  if (saved === undefined) delete env.NODE_OPTIONS;
  else env.NODE_OPTIONS = saved;
  try {
    await holdWebhooks(emulator.url);
    const bench: Watched = { pid: process.pid, label: "emulator (bench process)" };
    const ours = nodeHostTarget(nodeHost, bench);
    const ref = referenceTarget(reference, bench);
    const c = await benchCompletion([ours, ref], emulator.url, options, console.log);
    const f = (v: number | null, digits = 2) => (v === null ? "–" : v.toFixed(digits));
    const line = (what: string, runs: ReturnType<typeof sideBySide>) => {
      const r = runs.ratio.rps;
      const cpu = (side: typeof runs.ours) =>
        Object.entries(side.cpuMsPerRequest)
          .map(([label, ms]) => `${label.replace(/ \(.*/, "")} ${f(ms?.median ?? null, 3)}`)
          .join(", ");
      console.log(
        `${what.padEnd(20)} ours ${f(runs.ours.rps.median, 0).padStart(6)} req/s, ref ${f(runs.reference.rps.median, 0).padStart(6)} req/s, ours/ref ${f(r.median)}× (${f(r.min)}–${f(r.max)}); CPU ms/request ours: ${cpu(runs.ours)}; ref: ${cpu(runs.reference)}`,
      );
    };
    line(`first time c=${options.firstTimeConnections}`, sideBySide(c.firstTime["ours-node"], c.firstTime.reference));
    for (const [conns, t] of Object.entries(c.repeat))
      line(`repeat c=${conns}`, sideBySide(t["ours-node"], t.reference));
    for (const k of c.checks.filter((k) => !k.ok)) console.log(`FAILED CHECK ${k.what}: ${JSON.stringify(k.counts)}`);
    if (env.BENCH_BREAKDOWN) {
      const b = await benchCpuBreakdown([ours, ref], c.paid, options, 10, () => {});
      for (const [what, figures] of [
        ["refused", b.refused],
        ["read order", b.read],
      ] as const) {
        const per = (t: RunFigures) =>
          `${t.rps.toFixed(0)} req/s, ${Object.entries(t.cpuMs)
            .map(([label, ms]) => `${label.replace(/ \(.*/, "")} ${(ms / t.requests).toFixed(3)} ms`)
            .join(", ")}`;
        console.log(`${what.padEnd(20)} ours ${per(figures["ours-node"])}; ref ${per(figures.reference)}`);
      }
    }
  } finally {
    await nodeHost.stop();
    await reference.stop();
    await emulator.close();
  }
}

if (import.meta.main) await main();
