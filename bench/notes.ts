/**
 * What the figures mean, computed from them: the CPU table's rows and the notes printed under
 * the tables (where we are slower than the reference, and why), so that the README never says
 * more than the run showed.
 *
 * @example
 * results.cpu = cpuFigures(completion, breakdown);
 * results.notes = notes(results);
 */
import { FREE_PLAN_KV_WRITES_PER_DAY } from "./flood.ts";
import { FIRST_REQUEST_GOAL_MS, WARM_GOAL_MS } from "./isolate-cpu.ts";
import type { BenchResults } from "./report.ts";
import { cpuPerRequest, type sideBySide } from "./summary.ts";
import type { Target } from "./targets.ts";
import type { CompletionFigures, CpuBreakdown, RunFigures } from "./throughput.ts";

/** CPU ms per request by kind of request, target and process. */
export function cpuFigures(c: CompletionFigures, breakdown: CpuBreakdown | null): NonNullable<BenchResults["cpu"]> {
  const names: Target["name"][] = ["ours", "reference", "ours-node"];
  const each = (runs: (name: Target["name"]) => RunFigures[]) =>
    Object.fromEntries(names.map((name) => [name, cpuPerRequest(runs(name))]));
  const repeatRuns = (name: Target["name"]) => Object.values(c.repeat).flatMap((byTarget) => byTarget[name] ?? []);
  const rows: NonNullable<BenchResults["cpu"]>["rows"] = [];
  if (breakdown) {
    rows.push({
      request: "completion refused by validation (400, no I/O)",
      byTarget: each((name) => [breakdown.refused[name]]),
    });
    rows.push({ request: "read an order (KV get / Map lookup)", byTarget: each((name) => [breakdown.read[name]]) });
  }
  rows.push({ request: "repeat verification (order read + PortOne GET)", byTarget: each(repeatRuns) });
  rows.push({ request: "first-time settlement (+ order write)", byTarget: each((name) => c.firstTime[name] ?? []) });
  return {
    rows,
    how:
      "Measured inside workerd, not estimated: user+system CPU time of each process from /proc/<pid>/stat before and after every load run, divided by the requests answered (median [min–max] over runs; the two cheap requests are one run each; 10 ms clock ticks per reading). " +
      "The workerd that runs our worker also runs Miniflare's KV simulator (SQLite and files on local disk), its HTTP server and V8's GC, so these figures overstate what Cloudflare bills as CPU time for the same request (there, KV is a remote service and I/O wait is not billed); the difference between the rows shows what a local KV read and write cost. " +
      "The wrangler dev proxy exists only in local development. The emulator stands in for PortOne for both servers and runs in the bench process.",
  };
}

/** Plain-language findings from the figures, honest in both directions. */
export function notes(r: BenchResults): string[] {
  const out: string[] = [];
  const c = r.completion;
  if (c && !("error" in c)) {
    const loads = (figures: {
      firstTime: ReturnType<typeof sideBySide> & { connections: number };
      repeat: Record<string, ReturnType<typeof sideBySide>>;
    }) =>
      Object.entries({
        [`first time (c=${figures.firstTime.connections})`]: figures.firstTime,
        ...Object.fromEntries(Object.entries(figures.repeat).map(([k, v]) => [`repeat (c=${k})`, v])),
      });
    const byLoad = (figures: Parameters<typeof loads>[0]) =>
      loads(figures).map(([name, s]) => `${name} ${s.ratio.rps.median?.toFixed(2)}×`);
    const missed = loads(c.nodeHost).filter(([, s]) => (s.ratio.rps.median ?? 0) < 1);
    out.push(
      `Completion, our worker's app on Node vs the Express reference on the same host with the same KV and D1 stand-ins (table 4): ours/reference req/s is ${byLoad(c.nodeHost).join(", ")}, so the goal of at least 1.0× at every concurrency is ${missed.length ? `**missed** at ${missed.map(([name]) => name).join(", ")}` : "met"}.`,
    );
    out.push(
      `Under wrangler dev (table 4b, a diagnostic of the local runtime: workerd, its dev proxy, Miniflare's KV and D1 on SQLite) the same ratio is ${byLoad(c).join(", ")}; the difference from table 4 is the local runtime, not our code.`,
    );
    out.push(
      "The reference checks what PortOne's sample checks (orderName, amount.total, currency); ours also checks the store, the channel type (LIVE only) and the order's state machine, and keeps the order in KV and its ledger in D1; the reference keeps its orders in the same D1 stand-in, and both log a paid payment.",
    );
  }
  const cpu = r.cpu?.rows;
  const settlement = cpu?.find((row) => row.request.startsWith("first-time"));
  const floor = cpu?.find((row) => row.request.startsWith("completion refused"));
  if (settlement) {
    const worker = settlement.byTarget.ours?.["workerd (worker + local KV)"]?.median;
    const inNode = settlement.byTarget["ours-node"]?.["our app (node)"]?.median;
    const reference = settlement.byTarget.reference?.["reference (node)"]?.median;
    const base = floor?.byTarget.ours?.["workerd (worker + local KV)"]?.median;
    const f = (v: number | null | undefined) => (typeof v === "number" ? v.toFixed(2) : "–");
    out.push(
      `Cost per verification: a first-time settlement used ${f(worker)} ms of CPU in the workerd running the worker` +
        (base
          ? ` (${f(base)} ms of which local workerd spends on any request, as a request refused by validation shows)`
          : "") +
        `, ${f(inNode)} ms as our app in Node and ${f(reference)} ms in the reference. ` +
        "Cloudflare bills the isolate's CPU time without KV (a remote service there) and without I/O wait, so the billed figure should lie nearer the Node figure than the workerd one; that is an estimate from these measurements, not a measurement of billing.",
    );
  }
  const click = r.click;
  if (click && !("error" in click)) {
    const first = click.scenarios.firstVisit;
    const same = click.scenarios.sameSession;
    const preflights = first.preflights.median ?? 0;
    out.push(
      `Click to payment window: ${first.requests.median} request(s) on a first visit (${preflights ? `${preflights} CORS preflight, then POST /api/orders` : "POST /api/orders alone, no CORS preflight: the element posts its JSON as text/plain, a CORS simple request"}) and ${same.requests.median} in the same session, so the one-round-trip goal ${(first.requests.max ?? 2) <= 1 ? "holds from the first click" : "holds only after the first click"}. ` +
        `The order request itself took a median ${first.orderFetchMs?.median?.toFixed(1) ?? "–"} ms here (the worker prices the cart, pre-registers the amount with the emulated PortOne and writes KV); on a real network add the round trips to the worker and the worker's call to PortOne. ` +
        "PortOne's sample makes no request at all because the browser picks the paymentId and the amount itself, and its server checks them only after the payment.",
    );
    out.push(
      `The SDK: with the script fetched from the CDN by the widget, it was ready before the click in ${click.scenarios.cdnSdk.sdkReadyBeforeClick} runs and no SDK request happened after the click (${click.scenarios.cdnSdk.sdkRequestsAfterClick}).`,
    );
  }
  out.push(
    "Miniflare's local KV and a local emulator stand in for Workers KV and PortOne's API, so absolute latencies say little about production; the figures compare code paths on one machine, not networks.",
  );
  const size = r.size && !("error" in r.size) && "paths" in r.size ? r.size : null;
  if (size) {
    const { card, v1Card } = size.paths;
    const sdk = (v: "v2" | "v1") => size.portOneSdk[v];
    out.push(
      `What a shopper downloads (table 1b): a card purchase ${(card.gzip / 1024).toFixed(1)} KiB gzipped of ours (${(card.beforeClickGzip / 1024).toFixed(1)} KiB before the click)` +
        (card.withSdkGzip === null
          ? `; PortOne's SDKs were not measured (${sdk("v2").error ?? "not fetched"}).`
          : `, ${(card.withSdkGzip / 1024).toFixed(1)} KiB with PortOne's V2 SDK; on a V1 channel ${(v1Card.gzip / 1024).toFixed(1)} KiB of ours, ${v1Card.withSdkGzip === null ? "V1 SDK not measured" : `${(v1Card.withSdkGzip / 1024).toFixed(1)} KiB with the V1 SDK`}.`),
    );
  }
  const flood = r.flood && !("error" in r.flood.result) ? r.flood.result : null;
  if (flood) {
    const line = (x: typeof flood.on) =>
      `new carts ${x.newCarts.created} created / ${x.newCarts.refused} refused, the replayed cart ${x.replayed.created} / ${x.replayed.refused}, ${x.kvWrites} KV writes, ${x.preRegistrations} PortOne pre-registrations, the other address's shopper ${x.shopper}, ${x.kvBudgetLeft.toLocaleString("en")} of the free plan's ${FREE_PLAN_KV_WRITES_PER_DAY.toLocaleString("en")} daily KV writes left`;
    out.push(
      `A flood of ${flood.requests} orders from each of two scripts (table 12): with the order rate limit on, ${line(flood.on)}; with it off, ${line(flood.off)}.`,
    );
  }
  const inside = r.inside && !("error" in r.inside.result) ? r.inside.result : null;
  const isolate = inside && !("error" in inside.isolate) ? inside.isolate : null;
  const purchase = inside && !("error" in inside.purchase) ? inside.purchase : null;
  if (purchase)
    out.push(
      `A whole first-visit purchase (table 2b): ${purchase.requestsBeforeWindow.median} request(s) between the click and requestPayment and ${purchase.requests.median} from the click to portone-paid, with ${purchase.preflights.max} CORS preflight(s) over the purchase in ${purchase.runs} runs (goals: 1 request before the window, 0 preflights).`,
    );
  if (isolate) {
    const missed = isolate.warm.filter((w) => (w.ms.median ?? 0) > (WARM_GOAL_MS[w.kind] ?? Number.POSITIVE_INFINITY));
    const firsts = isolate.first.map((f) => f.ms.median ?? 0);
    out.push(
      `Isolate CPU under local workerd on this machine (table 5b; not what Cloudflare bills): the warm p50 ${missed.length ? `misses its goal for ${missed.map((w) => `${w.kind} (${w.ms.median?.toFixed(2)} ms)`).join(", ")}` : "meets its goal for every kind that has one"}; the first request after start took ${Math.min(...firsts).toFixed(1)}–${Math.max(...firsts).toFixed(1)} ms (medians by kind; goal ≤ ${FIRST_REQUEST_GOAL_MS} ms, the free plan stops a request at 10 ms). Tables 5c show where the time goes.`,
    );
  } else
    out.push(
      "Worker cold start was not measured here (wrangler dev keeps one isolate warm); `npm run bench -- cpu` measures the first request after start.",
    );
  return out;
}
