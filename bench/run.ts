/**
 * `npm run bench`: size and speed, side by side with the usual way of doing it. Prints a
 * table, writes bench/results.json (generated, ignored by git) and bench/RESULTS.md (a quick or
 * partial run writes to bench/out/ instead, so it never replaces the full figures). Never part
 * of `npm test`, and it never fails on a time: it exits non-zero only when a correctness check
 * fails (an error answer, or an order not in the state it must be in), since then the figures
 * mean nothing.
 *
 * Environment (counts for a full run in brackets):
 * - BENCH_QUICK=1: a fast pass (1 run, 2 s loads, 8 clicks, one concurrency level)
 * - BENCH_RUNS [3], BENCH_DURATION seconds [3], BENCH_CONCURRENCY [1,10,50],
 *   BENCH_CLICK_RUNS [30], BENCH_FIRST_TIME_ORDERS [300]
 * - BENCH_ONLY=size,click,orders,completion,cpu,admin,stock,reconcile,notify,flood (or the same
 *   names as arguments): some parts only
 * - requests per purchase and isolate CPU (`cpu`): BENCH_PURCHASE_RUNS [10], BENCH_CPU_REQUESTS
 *   [60] per kind, BENCH_CPU_WARMUPS [5], BENCH_CPU_COLD_RUNS [3] fresh starts per kind,
 *   BENCH_CPU_INTERVAL_US [50]
 * - the back office (`admin`): BENCH_ADMIN_ORDERS [10000], BENCH_ADMIN_REQUESTS [30],
 *   BENCH_CSV_ORDERS [50000] (2 lines each), BENCH_CSV_RUNS [3], BENCH_WRITE_RUNS [3]
 * - stock under contention (`stock`): BENCH_STOCK_UNITS [50], BENCH_STOCK_REQUESTS [200],
 *   BENCH_STOCK_RUNS [3]; reconciliation (`reconcile`): BENCH_RECONCILE_PAYMENTS [1000];
 *   notifications (`notify`): BENCH_NOTIFY_ORDERS [20]; a flood of orders from one client, the
 *   order rate limit on and off (`flood`): BENCH_FLOOD_REQUESTS [300] per scripted client
 *
 * A run of the isolate CPU, back office, stock, reconciliation, notifications or flood alone (e.g. `npm run bench --
 * cpu`, not quick) also adds its sections, dated and with its machine, to the last full run's
 * bench/results.json and RESULTS.md.
 *
 * @example
 * npm run bench
 * BENCH_QUICK=1 npm run bench
 * npm run bench -- admin
 * npm run bench -- stock reconcile
 * BENCH_FLOOD_REQUESTS=60 npm run bench -- flood
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startStack } from "../scripts/stack.ts";
import { ROOT } from "../scripts/wrangler-env.ts";
import { benchAdminList, benchCsvExport } from "./back-office.ts";
import { benchCheckoutWrites } from "./checkout-writes.ts";
import { benchClick, benchPurchases, clickSummary, purchaseSummary } from "./click.ts";
import { benchNotifications, benchReconcileSizes, benchStockContention, OUTBOX_ADAPTER } from "./contention.ts";
import { type Watched, wranglerProcesses } from "./cpu.ts";
import { benchOrderFlood } from "./flood.ts";
import { benchIsolateCpu } from "./isolate-cpu.ts";
import { describeMachine } from "./machine.ts";
import { cpuFigures, notes } from "./notes.ts";
import { type BackOfficeResults, type BenchResults, type Dated, renderMarkdown, renderTable } from "./report.ts";
import type { InsideResults } from "./report-cpu.ts";
import { startMerchantPage, startNodeHost, startReference } from "./servers.ts";
import { buildWidgetIfNeeded, measureSizes } from "./size.ts";
import { sideBySide, summarizeRuns } from "./summary.ts";
import { holdWebhooks, nodeHostTarget, referenceTarget, type Target } from "./targets.ts";
import { benchCompletion, benchCpuBreakdown, benchOrders, type CpuBreakdown, type LoadOptions } from "./throughput.ts";

const env = process.env;
const quick = env.BENCH_QUICK === "1";
const int = (name: string, full: number, fast: number) => Number.parseInt(env[name] ?? "", 10) || (quick ? fast : full);
const load: LoadOptions = {
  runs: int("BENCH_RUNS", 3, 1),
  duration: int("BENCH_DURATION", 3, 2),
  levels: (env.BENCH_CONCURRENCY ?? (quick ? "10" : "1,10,50"))
    .split(",")
    .map(Number)
    .filter((n) => n > 0),
  firstTimeOrders: int("BENCH_FIRST_TIME_ORDERS", 300, 100),
  firstTimeConnections: 10,
};
const clickRuns = int("BENCH_CLICK_RUNS", 30, 8);
const backOffice = {
  listOrders: int("BENCH_ADMIN_ORDERS", 10_000, 2_000),
  requests: int("BENCH_ADMIN_REQUESTS", 30, 10),
  csvOrders: int("BENCH_CSV_ORDERS", 50_000, 5_000),
  csvRuns: int("BENCH_CSV_RUNS", 3, 1),
  writeRuns: int("BENCH_WRITE_RUNS", 3, 1),
};
const contention = {
  units: int("BENCH_STOCK_UNITS", 50, 50),
  requests: int("BENCH_STOCK_REQUESTS", 200, 200),
  stockRuns: int("BENCH_STOCK_RUNS", 3, 1),
  payments: (env.BENCH_RECONCILE_PAYMENTS ?? (quick ? "200" : "1000,1500"))
    .split(",")
    .map(Number)
    .filter((n) => n > 0),
  notifyOrders: int("BENCH_NOTIFY_ORDERS", 20, 5),
  floodRequests: int("BENCH_FLOOD_REQUESTS", 300, 60),
};
const inside = {
  purchaseRuns: int("BENCH_PURCHASE_RUNS", 10, 3),
  requests: int("BENCH_CPU_REQUESTS", 60, 20),
  warmups: int("BENCH_CPU_WARMUPS", 5, 3),
  coldRuns: int("BENCH_CPU_COLD_RUNS", 3, 1),
  intervalUs: int("BENCH_CPU_INTERVAL_US", 50, 50),
};
const PARTS = ["size", "click", "orders", "completion", "cpu", "admin", "stock", "reconcile", "notify", "flood"];
/** Parts measured on their own stacks, which a run of them alone adds to the last full run. */
const SEPARATE = new Set(["cpu", "admin", "stock", "reconcile", "notify", "flood"]);
const asked = process.argv.slice(2).filter((a) => PARTS.includes(a));
const only = new Set(asked.length ? asked : (env.BENCH_ONLY ?? PARTS.join(",")).split(","));
const partial = PARTS.some((p) => !only.has(p));
const separateOnly = [...only].every((p) => SEPARATE.has(p));

const log = (line: string) => console.log(line);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const errorOf = (error: unknown) => ({
  error: error instanceof Error ? (error.message.split("\n")[0] ?? String(error)) : String(error),
});

const results: BenchResults = {
  date: new Date().toISOString(),
  command: `${quick ? "BENCH_QUICK=1 " : ""}npm run bench${asked.length ? ` -- ${asked.join(" ")}` : ""}`,
  mode: quick ? "quick" : partial ? "partial" : "full",
  options: {
    runs: load.runs,
    durationSeconds: load.duration,
    concurrency: load.levels,
    firstTimeOrdersPerRun: load.firstTimeOrders,
    clickRuns,
    ...(only.has("cpu") ? { inside } : {}),
    ...(only.has("admin") ? { backOffice } : {}),
    ...(only.has("stock") || only.has("reconcile") || only.has("notify") || only.has("flood") ? { contention } : {}),
  },
  machine: describeMachine(),
  notes: [],
};

let failedChecks = 0;

if (only.has("size")) {
  log(`Size (${elapsed()})`);
  try {
    results.size = await measureSizes();
  } catch (error) {
    results.size = errorOf(error);
  }
} else if (!separateOnly || only.has("cpu") || !existsSync(join(ROOT, "dist", "assets"))) {
  // The separate parts alone need no fresh widget build, only the assets directory wrangler serves;
  // `cpu` drives the element itself, so it needs the element as the sources are now.
  buildWidgetIfNeeded();
}

if (only.has("click") || only.has("orders") || only.has("completion")) {
  const persistTo = mkdtempSync(join(tmpdir(), "portone-bench-"));
  const stops: (() => Promise<void>)[] = [async () => rmSync(persistTo, { recursive: true, force: true })];
  try {
    const page = await startMerchantPage();
    stops.push(page.stop);
    log(`Starting the stack (${elapsed()})`);
    // ORDER_RATE_LIMIT off: the bench creates orders faster than a shopper, all from one address.
    const stack = await startStack({
      persistTo,
      forceEmulator: true,
      vars: { ALLOWED_ORIGINS: page.url, ORDER_RATE_LIMIT: "off" },
    });
    stops.push(stack.stop);
    page.setWorker(stack.workerUrl);
    const emulatorUrl = stack.emulatorUrl as string;
    const reference = await startReference(emulatorUrl);
    stops.push(reference.stop);
    const nodeHost = await startNodeHost(emulatorUrl);
    stops.push(nodeHost.stop);
    // Settlement must happen through the load, not through the emulator's webhooks.
    await holdWebhooks(emulatorUrl);
    const bench: Watched = { pid: process.pid, label: "emulator (bench process)" };
    const ours: Target = {
      name: "ours",
      label: "worker (wrangler dev)",
      url: stack.workerUrl,
      ordersPath: "/api/orders",
      completePath: "/api/payments/complete",
      processes: () => [...wranglerProcesses(Number(new URL(stack.workerUrl).port)), bench],
    };
    const ref = referenceTarget(reference, bench);
    const oursInNode = nodeHostTarget(nodeHost, bench);

    if (only.has("click")) {
      log(`Click to requestPayment, ${clickRuns} runs per scenario (${elapsed()})`);
      try {
        const click = await benchClick({ pageUrl: page.url, referenceUrl: reference.url, runs: clickRuns, log });
        results.click = {
          browser: click.browser,
          runs: clickRuns,
          scenarios: {
            firstVisit: clickSummary(click.runs.firstVisit),
            sameSession: clickSummary(click.runs.sameSession),
            cdnSdk: clickSummary(click.runs.cdnSdk),
            sample: clickSummary(click.runs.sample),
          },
        };
      } catch (error) {
        results.click = errorOf(error);
      }
    }

    if (only.has("orders")) {
      log(`POST /api/orders (${elapsed()})`);
      try {
        const orders = await benchOrders(ours, load, log);
        results.orders = {
          levels: Object.fromEntries(Object.entries(orders.byLevel).map(([c, runs]) => [c, summarizeRuns(runs)])),
          checks: orders.checks,
        };
        failedChecks += orders.checks.filter((c) => !c.ok).length;
        failedChecks += Object.values(orders.byLevel)
          .flat()
          .filter((r) => r.non2xx || r.errors || r.timeouts).length;
      } catch (error) {
        results.orders = errorOf(error);
        failedChecks++;
      }
    }

    if (only.has("completion")) {
      log(`Completion, ours vs reference (${elapsed()})`);
      try {
        const c = await benchCompletion([ours, ref, oursInNode], emulatorUrl, load, log);
        const all = [
          ...Object.values(c.firstTime),
          ...Object.values(c.repeat).flatMap((byTarget) => Object.values(byTarget)),
        ].flat();
        failedChecks +=
          c.checks.filter((k) => !k.ok).length + all.filter((r) => r.non2xx || r.errors || r.timeouts).length;
        results.completion = {
          firstTime: {
            ...sideBySide(c.firstTime.ours, c.firstTime.reference),
            connections: load.firstTimeConnections,
            ordersPerRun: load.firstTimeOrders,
          },
          repeat: Object.fromEntries(
            Object.entries(c.repeat).map(([conns, t]) => [conns, sideBySide(t.ours, t.reference)]),
          ),
          nodeHost: {
            firstTime: {
              ...sideBySide(c.firstTime["ours-node"], c.firstTime.reference),
              connections: load.firstTimeConnections,
              ordersPerRun: load.firstTimeOrders,
            },
            repeat: Object.fromEntries(
              Object.entries(c.repeat).map(([conns, t]) => [conns, sideBySide(t["ours-node"], t.reference)]),
            ),
          },
          checks: c.checks,
        };
        let breakdown: CpuBreakdown | null = null;
        try {
          breakdown = await benchCpuBreakdown(
            [ours, ref, oursInNode],
            c.paid,
            load,
            load.levels.includes(10) ? 10 : (load.levels[0] ?? 10),
            log,
          );
        } catch (error) {
          log(`  cpu breakdown failed: ${errorOf(error).error}`);
        }
        results.cpu = cpuFigures(c, breakdown);
      } catch (error) {
        results.completion = errorOf(error);
        failedChecks++;
      }
    }
  } catch (error) {
    // The stack did not come up: say so in every part that needed it.
    for (const part of ["click", "orders", "completion"] as const)
      if (only.has(part) && !results[part]) results[part] = errorOf(error);
    failedChecks++;
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

if (only.has("cpu")) {
  log(`Requests per purchase and isolate CPU per request, on their own stack (${elapsed()})`);
  results.inside = await dated("cpu", async (persistTo): Promise<InsideResults> => {
    const page = await startMerchantPage();
    try {
      // ORDER_RATE_LIMIT off: the bench creates orders faster than a shopper, from one client.
      const stack = await startStack({
        persistTo,
        forceEmulator: true,
        vars: { ALLOWED_ORIGINS: page.url, ORDER_RATE_LIMIT: "off" },
      });
      try {
        page.setWorker(stack.workerUrl);
        const emulatorUrl = stack.emulatorUrl as string;
        // Settlement must come from the element's verification (and the bench's webhooks), never the emulator's.
        await holdWebhooks(emulatorUrl);
        const part = async <T>(what: string, run: () => Promise<T>): Promise<T | { error: string }> => {
          try {
            return await run();
          } catch (error) {
            log(`  ${what} failed: ${errorOf(error).error}`);
            return errorOf(error);
          }
        };
        const purchase = await part("purchase", async () => {
          const p = await benchPurchases({ pageUrl: page.url, emulatorUrl, runs: inside.purchaseRuns, log });
          return purchaseSummary(p.browser, p.runs);
        });
        const isolate = await part("isolate cpu", () =>
          benchIsolateCpu({
            workerUrl: stack.workerUrl,
            emulatorUrl,
            adminToken: stack.adminToken,
            allowedOrigin: page.url,
            persistTo,
            requests: inside.requests,
            warmups: inside.warmups,
            coldRuns: inside.coldRuns,
            intervalUs: inside.intervalUs,
            log,
          }),
        );
        return {
          purchase,
          isolate,
          checks: [
            {
              name: "whole purchases measured",
              ok: !("error" in purchase),
              detail: "error" in purchase ? purchase.error : "",
            },
            {
              name: "isolate CPU measured",
              ok: !("error" in isolate),
              detail: "error" in isolate ? isolate.error : "",
            },
            ...("error" in isolate ? [] : isolate.checks),
          ],
        };
      } finally {
        await stack.stop();
      }
    } finally {
      await page.stop();
    }
  });
}

if (only.has("admin")) {
  log(`Back office: list, CSV export, writes per checkout (${elapsed()})`);
  const section: BackOfficeResults = { date: results.date, command: results.command, machine: results.machine };
  const part = async <T>(what: string, run: (persistTo: string) => Promise<T>): Promise<T | { error: string }> => {
    const persistTo = mkdtempSync(join(tmpdir(), `portone-bench-${what}-`));
    try {
      return await run(persistTo);
    } catch (error) {
      failedChecks++;
      log(`  ${what} failed: ${errorOf(error).error}`);
      return errorOf(error);
    } finally {
      rmSync(persistTo, { recursive: true, force: true });
    }
  };
  section.list = await part("list", (persistTo) =>
    benchAdminList({ persistTo, orders: backOffice.listOrders, requests: backOffice.requests, log }),
  );
  section.csv = await part("csv", (persistTo) =>
    benchCsvExport({ persistTo, orders: backOffice.csvOrders, runs: backOffice.csvRuns, log }),
  );
  section.writes = await part("writes", (persistTo) =>
    benchCheckoutWrites({ persistTo, runs: backOffice.writeRuns, log }),
  );
  results.backOffice = section;
}

/** HEAD, and the worker's files not committed yet (another change may be under way in the shared tree). */
function treeState(): { commit: string; uncommitted: string[] } {
  // Only the end trimmed: a porcelain line starts with a space when the change is not staged.
  const git = (...args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout.trimEnd();
  const uncommitted = git("status", "--porcelain", "--", "worker", "migrations", "contract")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3));
  return { commit: git("rev-parse", "--short", "HEAD"), uncommitted };
}

/** Runs a part on a fresh local state directory; a failure becomes its error, and a failed check. */
async function dated<T extends { checks: { ok: boolean }[] }>(
  what: string,
  run: (persistTo: string) => Promise<T>,
): Promise<Dated<T>> {
  const persistTo = mkdtempSync(join(tmpdir(), `portone-bench-${what}-`));
  const stamp = { date: results.date, command: results.command, machine: results.machine, tree: treeState() };
  try {
    const result = await run(persistTo);
    failedChecks += result.checks.filter((c) => !c.ok).length;
    return { ...stamp, result };
  } catch (error) {
    failedChecks++;
    log(`  ${what} failed: ${errorOf(error).error}`);
    return { ...stamp, result: errorOf(error) };
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
  }
}

if (only.has("stock")) {
  log(`Stock under contention: ${contention.requests} orders at once for ${contention.units} units (${elapsed()})`);
  results.stockLimits = await dated("stock", (persistTo) =>
    benchStockContention({
      persistTo,
      units: contention.units,
      requests: contention.requests,
      runs: contention.stockRuns,
      log,
    }),
  );
}

if (only.has("reconcile")) {
  log(`Reconciliation of ${contention.payments.join(", then ")} missed payments (${elapsed()})`);
  const dirs: string[] = [];
  results.reconciliation = await dated("reconcile", () =>
    benchReconcileSizes({
      sizes: contention.payments,
      freshDir: (what) => {
        const dir = mkdtempSync(join(tmpdir(), `portone-bench-${what}-`));
        dirs.push(dir);
        return dir;
      },
      maxRuns: 30,
      log,
    }),
  );
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

if (only.has("notify")) {
  if (existsSync(OUTBOX_ADAPTER)) {
    log(`Notifications under duplicate webhooks and completions (${elapsed()})`);
    results.notifications = await dated("notify", (persistTo) =>
      benchNotifications({ persistTo, orders: contention.notifyOrders, redeliveries: 5, completions: 5, log }),
    );
  } else {
    // Not a failure of the bench: the worker has no outbox to count yet.
    results.notifications = {
      date: results.date,
      command: results.command,
      machine: results.machine,
      tree: treeState(),
      result: {
        error:
          "not measured: worker/adapters/d1-outbox.ts (the notifications outbox) does not exist yet, so there are no outbox rows to count.",
      },
    };
  }
}

if (only.has("flood")) {
  log(
    `Order flood from one client, ${contention.floodRequests} requests per scripted client, limit on then off (${elapsed()})`,
  );
  results.flood = await dated("flood", (persistTo) =>
    benchOrderFlood({ persistTo, requests: contention.floodRequests, log }),
  );
}

results.machine.loadAverageAtEnd = Math.round((loadavg()[0] ?? 0) * 100) / 100;
results.notes = notes(results);

console.log(`\n${renderTable(results)}`);
// Only a full run replaces the figures the README quotes.
const outDir = quick || partial ? join(ROOT, "bench", "out") : join(ROOT, "bench");
write(outDir, results);
// A separate part measured alone joins the last full run's figures, as its own dated section.
const lastFull = join(ROOT, "bench", "results.json");
if (!quick && separateOnly && existsSync(lastFull)) {
  const full = JSON.parse(readFileSync(lastFull, "utf8")) as BenchResults;
  const measured = {
    ...(only.has("cpu") ? { inside: results.inside } : {}),
    ...(only.has("admin") ? { backOffice: results.backOffice } : {}),
    ...(only.has("stock") ? { stockLimits: results.stockLimits } : {}),
    ...(only.has("reconcile") ? { reconciliation: results.reconciliation } : {}),
    ...(only.has("notify") ? { notifications: results.notifications } : {}),
    ...(only.has("flood") ? { flood: results.flood } : {}),
  };
  if (full.mode === "full") {
    const merged: BenchResults = { ...full, ...measured };
    // The notes read every part, so they are worked out again over the figures as merged.
    merged.notes = notes(merged);
    write(join(ROOT, "bench"), merged);
  }
}
console.log(`\nDone in ${elapsed()}.`);

function write(dir: string, r: BenchResults) {
  mkdirSync(dir, { recursive: true });
  const written = [join(dir, "results.json"), join(dir, "RESULTS.md")];
  writeFileSync(written[0] as string, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(written[1] as string, renderMarkdown(r));
  // In the repository's own format (aligned tables), so that `biome check .` stays clean.
  spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "@biomejs", "biome", "bin", "biome"), "format", "--write", ...written],
    { stdio: "ignore" },
  );
  console.log(`Wrote ${written.join(" and ")}.`);
}
if (failedChecks) {
  console.error(`${failedChecks} correctness check(s) failed: the figures above are not valid.`);
  process.exitCode = 1;
}
