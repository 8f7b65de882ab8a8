/**
 * The bench's results as one object (written to results.json), as a table for the terminal
 * and as Markdown for the README.
 *
 * @example
 * console.log(renderTable(results));
 * writeFileSync("bench/RESULTS.md", renderMarkdown(results));
 */
import { type AdminListResults, type CsvResults, latencyOf } from "./back-office.ts";
import { type CheckoutWritesResults, SCENARIOS as WRITE_SCENARIOS, type WriteScenario } from "./checkout-writes.ts";
import type { clickSummary, Scenario } from "./click.ts";
import {
  type NotificationResults,
  type ReconcileResults,
  type ReconcileSet,
  STALL_RUNS,
  type StockResults,
} from "./contention.ts";
import { type FloodClient, type FloodResults, FREE_PLAN_KV_WRITES_PER_DAY } from "./flood.ts";
import { type Machine, machineLine } from "./machine.ts";
import { type InsideResults, insideSections } from "./report-cpu.ts";
import { type FileSize, kib, type RemoteSize, type Sizes } from "./size.ts";
import { median as medianOf } from "./stats.ts";
import type { Rounded, RunsSummary, sideBySide } from "./summary.ts";
import type { Check } from "./throughput.ts";

type SideBySide = ReturnType<typeof sideBySide>;

export interface BenchResults {
  date: string;
  command: string;
  mode: "full" | "quick" | "partial";
  options: Record<string, unknown>;
  machine: Machine;
  size?: Sizes | { error: string };
  click?:
    | {
        browser: string;
        runs: number;
        scenarios: Record<Scenario, ReturnType<typeof clickSummary>>;
      }
    | { error: string };
  orders?: { levels: Record<string, RunsSummary>; checks: Check[] } | { error: string };
  completion?:
    | {
        firstTime: SideBySide & { connections: number; ordersPerRun: number };
        repeat: Record<string, SideBySide>;
        /**
         * The headline: our worker's app served by Node with the same KV and D1 stand-ins as the
         * reference, on the same host; the wrangler dev figures above are a diagnostic of the local runtime.
         */
        nodeHost: {
          firstTime: SideBySide & { connections: number; ordersPerRun: number };
          repeat: Record<string, SideBySide>;
        };
        checks: Check[];
      }
    | { error: string };
  cpu?: {
    /** CPU ms per request, by kind of request, target and process. */
    rows: { request: string; byTarget: Record<string, Record<string, Rounded>> }[];
    how: string;
  };
  /** Requests over a whole purchase and isolate CPU per request (`npm run bench -- cpu`); dated on its own. */
  inside?: Dated<InsideResults>;
  /** The back office (`npm run bench -- admin`); dated on its own, as it may join another run's figures. */
  backOffice?: BackOfficeResults;
  /** Stock under contention (`npm run bench -- stock`); dated on its own, like the back office. */
  stockLimits?: Dated<StockResults>;
  /** Reconciliation of missed payments (`npm run bench -- reconcile`). */
  reconciliation?: Dated<ReconcileSet>;
  /** Notifications per paid order under duplicates (`npm run bench -- notify`). */
  notifications?: Dated<NotificationResults>;
  /** A flood of orders from one client, the order rate limit on and off (`npm run bench -- flood`). */
  flood?: Dated<FloodResults>;
  notes: string[];
}

/** A part measured on its own: when, by which command, on which machine, and its figures. */
export interface Dated<T> {
  date: string;
  command: string;
  machine: Machine;
  /** The code measured: HEAD, and the files under worker/, migrations/ and contract/ not committed yet. */
  tree?: { commit: string; uncommitted: string[] };
  result: T | { error: string };
}

export interface BackOfficeResults {
  date: string;
  command: string;
  machine: Machine;
  list?: AdminListResults | { error: string };
  csv?: CsvResults | { error: string };
  writes?: CheckoutWritesResults | { error: string };
}

/** Cloudflare's free plan, per day (Workers KV and D1 pricing pages). */
const FREE_KV_WRITES_PER_DAY = 1_000;
const FREE_D1_ROWS_WRITTEN_PER_DAY = 100_000;
const ISOLATE_MEMORY_MB = 128;

const failed = (part: object | undefined): part is { error: string } => Boolean(part && "error" in part);
const ms = (v: number | null) => (v === null ? "–" : `${v.toFixed(1)} ms`);
const num = (v: number | null, digits = 0) => (v === null ? "–" : v.toFixed(digits));
const spread = (r: Rounded, digits = 1, unit = "") =>
  `${num(r.median, digits)}${unit} [${num(r.min, digits)}–${num(r.max, digits)}]`;
const ratio = (r: Rounded) => `${num(r.median, 2)}× [${num(r.min, 2)}–${num(r.max, 2)}]`;

const SCENARIOS: Record<Scenario, string> = {
  firstVisit: "ours, first visit (new browser context)",
  sameSession: "ours, same session (fresh page, caches warm)",
  cdnSdk: "ours, SDK fetched from the CDN in idle time",
  sample: "PortOne's sample page (reference)",
};

/** Rows of a table as Markdown, aligned as Biome's Markdown formatter left them (Biome now skips .md files). */
function table(head: string[], rows: string[][]): string[] {
  const width = (cell: string) => [...cell].length;
  const widths = head.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const pad = (cell: string, i: number) =>
    i === 0 ? cell + " ".repeat((widths[i] ?? 0) - width(cell)) : " ".repeat((widths[i] ?? 0) - width(cell)) + cell;
  return [
    `| ${head.map(pad).join(" | ")} |`,
    `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(pad).join(" | ")} |`),
  ];
}

/** Rows of a table as aligned text. */
function text(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`;
  return [line(head), ...rows.map(line)];
}

type Section = { title: string; head: string[]; rows: string[][]; after: string[] } | { title: string; error: string };

function sections(r: BenchResults): Section[] {
  const out: Section[] = [];
  const inside = r.inside
    ? failed(r.inside.result)
      ? { purchase: [], cpu: [{ title: "5b. Isolate CPU per request", error: r.inside.result.error }] }
      : insideSections(r.inside.result, measuredWhen(r.inside, r.date))
    : null;

  if (r.size) {
    if (failed(r.size)) out.push({ title: "1. Size", error: r.size.error });
    else out.push(...sizeSections(r.size));
  }

  if (r.click) {
    if (failed(r.click)) out.push({ title: "2. Click to payment window", error: r.click.error });
    else {
      const c = r.click;
      const rows = (Object.keys(SCENARIOS) as Scenario[]).map((key) => {
        const s = c.scenarios[key];
        return [
          SCENARIOS[key],
          String(s.ms.n),
          ms(s.ms.median),
          ms(s.ms.p90),
          `${num(s.ms.min, 1)}–${num(s.ms.max, 1)}`,
          s.requests.min === s.requests.max ? num(s.requests.median) : `${num(s.requests.min)}–${num(s.requests.max)}`,
          s.preflights.min === s.preflights.max
            ? num(s.preflights.median)
            : `${num(s.preflights.min)}–${num(s.preflights.max)}`,
          s.orderFetchMs ? ms(s.orderFetchMs.median) : "–",
        ];
      });
      out.push({
        title: `2. Click to requestPayment (${c.browser}, headless, local stack)`,
        head: [
          "scenario",
          "runs",
          "median",
          "p90",
          "min–max",
          "requests after click",
          "of which preflight",
          "order fetch",
        ],
        rows,
        after: [
          `Requests seen between click and requestPayment: ${[...new Set(Object.values(c.scenarios).flatMap((s) => s.requestsSeen))].join("; ") || "none"}.`,
          `SDK from the CDN: ready before the click in ${c.scenarios.cdnSdk.sdkReadyBeforeClick} runs; SDK requests after the click: ${c.scenarios.cdnSdk.sdkRequestsAfterClick}.`,
        ],
      });
    }
  }

  if (inside?.purchase) out.push(...inside.purchase);

  if (r.orders) {
    if (failed(r.orders)) out.push({ title: "3. POST /api/orders", error: r.orders.error });
    else {
      const rows = Object.entries(r.orders.levels).map(([c, s]) => [
        c,
        spread(s.rps, 0),
        spread(s.p50, 1),
        spread(s.p99, 1),
        String(s.requests),
        `${s.non2xx + s.errors + s.timeouts}`,
      ]);
      out.push({
        title:
          "3. Worker: POST /api/orders (price, pre-register with PortOne, write KV), under wrangler dev: a diagnostic of the local runtime",
        head: ["connections", "req/s", "p50 ms", "p99 ms", "requests", "errors"],
        rows,
        after: r.orders.checks.map(
          (k) => `${k.ok ? "✓" : "✗"} ${k.what}: expected ${k.expected}, got ${JSON.stringify(k.counts)}`,
        ),
      });
    }
  }

  if (r.completion) {
    if (failed(r.completion)) out.push({ title: "4. Completion", error: r.completion.error });
    else out.push(...completionSections(r.completion));
  }

  if (r.cpu) {
    const cell = (v: Rounded | undefined) => (v && v.median !== null ? spread(v, 2) : "–");
    const rows = r.cpu.rows.map((row) => {
      const ours = row.byTarget.ours ?? {};
      const reference = row.byTarget.reference ?? {};
      const inNode = row.byTarget["ours-node"] ?? {};
      const worker = ours["workerd (worker + local KV)"]?.median ?? null;
      const node = reference["reference (node)"]?.median ?? null;
      return [
        row.request,
        cell(ours["workerd (worker + local KV)"]),
        cell(ours["workerd (wrangler dev proxy)"]),
        cell(inNode["our app (node)"]),
        cell(reference["reference (node)"]),
        worker !== null && node ? `${(worker / node).toFixed(1)}×` : "–",
      ];
    });
    out.push({
      title: "5. CPU time per request (ms of user+system CPU, from /proc)",
      head: [
        "request",
        "ours: workerd (worker + local KV)",
        "ours: wrangler dev proxy",
        "our app in Node (same stand-ins as the reference)",
        "reference: node",
        "workerd / reference",
      ],
      rows,
      after: [r.cpu.how],
    });
  }
  if (inside?.cpu) out.push(...inside.cpu);
  if (r.backOffice) out.push(...backOfficeSections(r.backOffice, r.date));
  if (r.stockLimits) out.push(stockSection(r.stockLimits, r.date));
  if (r.reconciliation) out.push(reconcileSection(r.reconciliation, r.date));
  if (r.notifications) out.push(notificationSection(r.notifications, r.date));
  if (r.flood) out.push(floodSection(r.flood, r.date));
  return out;
}

const kibOrDash = (bytes: number | null | undefined) => (typeof bytes === "number" ? kib(bytes) : "–");
const sizeRow = (name: string, f: Pick<FileSize, "raw" | "gzip" | "brotli"> | RemoteSize | undefined) => [
  name,
  kibOrDash(f?.raw),
  kibOrDash(f?.gzip),
  kibOrDash(f?.brotli),
];

/** Table 1 (every artefact) and 1b (what each shopper path downloads); a results.json from before the paths has table 1's first rows only. */
function sizeSections(s: Sizes): Section[] {
  // Older results.json files lack the on-demand scripts, PortOne's SDKs and the paths.
  const has = <K extends keyof Sizes>(key: K): Sizes[K] | undefined => (s as Partial<Sizes>)[key];
  const over = s.dropIn.gzip - s.budgetGzipBytes;
  const sdk = has("portOneSdk");
  const onDemand: [string, FileSize | undefined][] = [
    ["`/portone-checkout-va.js` (virtual account panel, on demand)", has("panel")],
    ["`/portone-checkout-receipt.js` (receipt, once paid)", has("receipt")],
    ["`/portone-checkout-v1.js` (PortOne V1's window, V1 channels only)", has("v1Window")],
    ["`/portone-checkout-errors.js` (error messages, on a failure)", has("errors")],
    ["`/portone-checkout-return.js` (redirect return reader)", has("redirectReturn")],
    ["`/portone-checkout-form.js` (merchant form reader, with `form=...`)", has("form")],
  ];
  const unmeasured = sdk
    ? (["v2", "v1"] as const)
        .filter((v) => sdk[v].gzip === null)
        .map((v) => `${v.toUpperCase()}: ${sdk[v].error ?? "not fetched"}`)
    : [];
  const out: Section[] = [
    {
      title: "1. Size (gzip -9, brotli q11)",
      head: ["artefact", "raw", "gzip", "brotli"],
      rows: [
        sizeRow("drop-in `/portone-checkout.js` (IIFE, Lit + SDK loader inside)", s.dropIn),
        ...onDemand.filter(([, f]) => f).map(([name, f]) => sizeRow(name, f)),
        sizeRow("ESM build `portone-checkout.mjs` (unminified, lit and SDK external)", s.esm),
        sizeRow("worker bundle (`wrangler deploy --dry-run --minify`)", s.worker),
        ...(sdk
          ? [
              sizeRow("PortOne V2 browser SDK (`cdn.portone.io`, fetched)", sdk.v2),
              sizeRow("PortOne V1 SDK (`cdn.iamport.kr`, fetched)", sdk.v1),
              sizeRow("`@portone/browser-sdk` npm loader (minified, for reference)", sdk.npmLoader),
            ]
          : []),
      ],
      after: [
        `Drop-in budget ${kib(s.budgetGzipBytes)} gzipped: ${over > 0 ? `**over by ${kib(over)}** (${s.dropIn.gzip} bytes)` : `within budget, ${kib(-over)} to spare (${s.dropIn.gzip} bytes)`}.`,
        ...(s.worker.wranglerReported
          ? [`Wrangler's own upload count for the worker: ${s.worker.wranglerReported}.`]
          : []),
        ...(sdk ? [`PortOne's SDKs: ${sdk.v2.how.replace(/\.?$/, ".")}`] : []),
        ...(unmeasured.length ? [`PortOne's SDK not measured (figures "–"): ${unmeasured.join("; ")}.`] : []),
      ],
    },
  ];
  const paths = has("paths");
  if (paths)
    out.push({
      title: "1b. What each shopper path downloads (gzip -9; our scripts, then with PortOne's SDK)",
      head: ["path", "our scripts", "gzip", "brotli", "before the click (gzip)", "PortOne SDK", "with the SDK (gzip)"],
      rows: Object.values(paths).map((p) => [
        p.label,
        p.files.map((f) => `\`${f}\``).join(" + "),
        kib(p.gzip),
        kib(p.brotli),
        kib(p.beforeClickGzip),
        p.sdk.toUpperCase(),
        p.withSdkGzip === null ? "– (SDK not measured)" : kib(p.withSdkGzip),
      ]),
      after: [
        "Before the click the page loads the drop-in alone; the other scripts load on demand (the form reader while the shopper fills in the form, the receipt once paid, the errors on a failure, the return reader after PortOne's page sends the shopper back).",
        ...(unmeasured.length
          ? ['"with the SDK" is "–" where PortOne\'s SDK could not be fetched (see table 1).']
          : []),
      ],
    });
  return out;
}

type Completion = Exclude<NonNullable<BenchResults["completion"]>, { error: string }>;

/** Our req/s over the reference's must be at least this at every concurrency (the headline's goal). */
const COMPLETION_GOAL_RATIO = 1;

/** Table 4 (headline: our app on Node vs the reference, the same stand-ins) and 4b (wrangler dev, a diagnostic). */
function completionSections(c: Completion): Section[] {
  const errors = (s: RunsSummary) => s.non2xx + s.errors + s.timeouts;
  const loads = (f: Completion["nodeHost"]) =>
    [
      [`first time (${f.firstTime.ordersPerRun} orders/run)`, String(f.firstTime.connections), f.firstTime],
      ...Object.entries(f.repeat).map(([conns, s]) => ["repeat (already paid)", conns, s]),
    ] as [string, string, SideBySide][];
  const met = (s: SideBySide) => (s.ratio.rps.median ?? 0) >= COMPLETION_GOAL_RATIO;
  const cpu = (s: RunsSummary, process: string) => num(s.cpuMsPerRequest[process]?.median ?? null, 3);
  const n = c.nodeHost;
  const headline = loads(n);
  const missed = headline.filter(([, , s]) => !met(s));
  const checks = c.checks.map(
    (k) => `${k.ok ? "✓" : "✗"} ${k.what}: expected ${k.expected}, got ${JSON.stringify(k.counts)}`,
  );
  const row = ([load, conns, s]: [string, string, SideBySide]) => [
    load,
    conns,
    spread(s.ours.rps, 0),
    spread(s.reference.rps, 0),
    ratio(s.ratio.rps),
    `${num(s.ours.p50.median, 1)} / ${num(s.ours.p99.median, 1)}`,
    `${num(s.reference.p50.median, 1)} / ${num(s.reference.p99.median, 1)}`,
    ratio(s.ratio.p99),
    `${errors(s.ours)} / ${errors(s.reference)}`,
  ];
  return [
    {
      title: "4. Completion: our worker's app on Node vs the Express reference, same host, equal KV/D1 stand-ins",
      head: [
        "load",
        "conns",
        "ours req/s",
        "ref req/s",
        "req/s ours/ref",
        `goal ≥ ${COMPLETION_GOAL_RATIO.toFixed(1)}×`,
        "ours p50/p99 ms",
        "ref p50/p99 ms",
        "p99 ours/ref",
        "CPU ms/req ours / ref",
        "errors ours/ref",
      ],
      rows: headline.map(([load, conns, s]) => {
        const cells = row([load, conns, s]);
        return [
          ...cells.slice(0, 5),
          met(s) ? "met" : "**missed**",
          ...cells.slice(5, 8),
          `${cpu(s.ours, "our app (node)")} / ${cpu(s.reference, "reference (node)")}`,
          cells[8] as string,
        ];
      }),
      after: [
        missed.length
          ? `Goal (our req/s at least ${COMPLETION_GOAL_RATIO.toFixed(1)}× the reference's at every concurrency, median of the paired runs): **missed** at ${missed.map(([load, conns, s]) => `${load.replace(/ \(.*\)/, "")} c=${conns} (${num(s.ratio.rps.median, 2)}×)`).join(", ")}; met at ${headline.length - missed.length} of ${headline.length}.`
          : `Goal (our req/s at least ${COMPLETION_GOAL_RATIO.toFixed(1)}× the reference's at every concurrency, median of the paired runs): met at all ${headline.length}.`,
        "Both servers are Node processes on the same machine, against the same emulated PortOne, with the same in-memory stand-ins for KV and D1 (`bench/stand-ins.ts`: a Map of strings, and `node:sqlite` in memory running the worker's own SQL): ours is the worker's Hono app as deployed (`node-host.ts`, `@hono/node-server`), the reference mirrors PortOne's sample (Express, the server SDK, its orders in the D1 stand-in). Runs alternate between them; ratios are taken run by run. CPU is user+system time of each server's process per answered request (`/proc`).",
        ...checks,
      ],
    },
    {
      title:
        "4b. Diagnostic of the local runtime: the worker under wrangler dev (workerd, the dev proxy, Miniflare's KV and D1 on SQLite) vs the same reference",
      head: [
        "load",
        "conns",
        "wrangler dev req/s",
        "ref req/s",
        "req/s dev/ref",
        "dev p50/p99 ms",
        "ref p50/p99 ms",
        "p99 dev/ref",
        "errors dev/ref",
      ],
      rows: loads(c).map(row),
      after: [
        "Not how the checkout runs in production, and not the goal: workerd's local mode is single-threaded and not built for throughput, every request crosses wrangler dev's proxy, and Miniflare's KV and D1 live in SQLite files. Set beside table 4 it shows what the local runtime costs, separately from our code.",
      ],
    },
  ];
}

const measuredWhen = (d: Dated<unknown>, runDate: string) => [
  ...(d.date === runDate
    ? []
    : [`Measured separately by \`${d.command}\` on ${d.date.slice(0, 10)} on ${machineLine(d.machine)}.`]),
  ...(d.tree
    ? [
        `Code measured: commit \`${d.tree.commit}\`${d.tree.uncommitted.length ? ` plus ${d.tree.uncommitted.length} files not yet committed (${d.tree.uncommitted.map((f) => `\`${f}\``).join(", ")})` : ""}.`,
      ]
    : []),
];
const checkLines = (checks: { what: string; expected: string; actual: string; ok: boolean }[]) =>
  checks.map((c) => `${c.ok ? "✓" : "✗"} ${c.what}: expected ${c.expected}, got ${c.actual}`);

function stockSection(d: Dated<StockResults>, runDate: string): Section {
  const title = "9. Stock under contention";
  if (failed(d.result)) return { title, error: d.result.error };
  const s = d.result;
  const walls = s.runs.map((x) => x.wallMs);
  return {
    title: `${title}: ${s.requests} concurrent \`POST /api/orders\` for ${s.units} units (local workerd, D1 on Miniflare's SQLite)`,
    head: [
      "run",
      "201 created",
      "409 OUT_OF_STOCK",
      "other answers",
      "wall time",
      "per request p50",
      "slowest",
      "D1 reserved / holds",
      "PortOne calls",
    ],
    rows: [
      ...s.runs.map((x, i) => [
        String(i + 1),
        String(x.created),
        String(x.outOfStock),
        Object.entries(x.other)
          .map(([k, n]) => `${n} × ${k}`)
          .join(", ") || "0",
        ms(x.wallMs),
        ms(x.p50Ms),
        ms(x.maxMs),
        `${x.d1.reserved} / ${x.d1.holds}`,
        String(Object.values(x.portoneCalls).reduce((a, b) => a + b, 0)),
      ]),
      ["median [min–max]", "", "", "", `${num(medianOf(walls), 1)} ms [${range(walls, 1)}]`, "", "", "", ""],
    ],
    after: [
      ...measuredWhen(d, runDate),
      `One stack; its catalog (pushed by \`startStack({ catalogFile })\`, which sets D1's on-hand count) holds one product per run with \`"stock": ${s.units}\`. Each run sends ${s.requests} \`POST /api/orders\` for one unit of its product at once (one \`fetch\` each, no connection limit, \`Origin\` of the shop), from the bench process through wrangler dev's proxy; the wall time runs from the first request sent to the last answer read. The worker prices each order and pre-registers its amount with the emulated PortOne, then writes the order with its stock reservation in one D1 batch, whose CHECK fails the batch once the units are gone: so every request, refused or not, costs one PortOne call (${Object.entries(
        s.runs[0]?.portoneCalls ?? {},
      )
        .map(([k, n]) => `\`${k}\` ${n}`)
        .join(", ")} in run 1, counted by a pass-through proxy in front of the emulator).`,
      "Afterwards the product's row in the local D1 file must show exactly that many units reserved and that many HELD holds.",
      ...checkLines(s.checks),
    ],
  };
}

function reconcileSection(d: Dated<ReconcileSet>, runDate: string): Section {
  const title = "10. Reconciliation of missed payments";
  if (failed(d.result)) return { title, error: d.result.error };
  const all = d.result.scenarios;
  const sizes = all.map((r) => r.payments.toLocaleString("en")).join(" and ");
  const row = (figure: string, cell: (r: ReconcileResults) => string) => [figure, ...all.map(cell)];
  const total = (calls: Record<string, number>, pick: (key: string) => boolean) =>
    Object.entries(calls)
      .filter(([k]) => pick(k))
      .reduce((sum, [, n]) => sum + n, 0);
  const settled = (r: ReconcileResults) => r.runs.at(-1)?.paidAfter ?? 0;
  return {
    title: `${title}: ${sizes} payments with webhooks dropped and no completion, settled by the scheduled handler alone`,
    head: ["figure", ...all.map((r) => `${r.payments.toLocaleString("en")} payments`)],
    rows: [
      row("every order PAID", (r) =>
        r.settleSeconds !== null
          ? `yes, after ${r.runs.length} run(s)`
          : `**no: ${settled(r).toLocaleString("en")} PAID, stopped after ${r.runs.length} runs (${r.stalledAfter ?? "?"} settled nothing more)**`,
      ),
      row("time to settle all (first run's request to last run's answer)", (r) =>
        r.settleSeconds === null ? "never" : `${r.settleSeconds.toFixed(2)} s`,
      ),
      row("orders settled per second", (r) => (r.settleSeconds === null ? "–" : num(r.payments / r.settleSeconds, 0))),
      row("run 1: time, orders PAID after it", (r) =>
        r.runs[0] ? `${(r.runs[0].ms / 1000).toFixed(2)} s, ${r.runs[0].paidAfter.toLocaleString("en")}` : "–",
      ),
      row("later runs: time, median [min–max]", (r) => {
        const later = r.runs.slice(1).map((x) => x.ms / 1000);
        return later.length ? `${num(medianOf(later), 2)} s [${range(later, 2)}]` : "–";
      }),
      row("PortOne `GET /payments` (listing pages)", (r) =>
        String(total(r.portoneCalls, (k) => k.startsWith("GET /payments ") || k === "GET /payments")),
      ),
      row("PortOne `GET /payments/:id` (settlement reads)", (r) =>
        String(total(r.portoneCalls, (k) => k === "GET /payments/:id")),
      ),
      row("other PortOne calls", (r) => String(total(r.portoneCalls, (k) => !k.startsWith("GET /payments")))),
      row("webhook deliveries", (r) => String(r.webhookDeliveries)),
      row("setup: orders created and paid in the emulator", (r) => `${r.setupSeconds.toFixed(1)} s`),
    ],
    after: [
      ...measuredWhen(d, runDate),
      "Each size on a fresh stack. Setup (not in the figure): the orders created through the worker and each paid in the emulator (`POST /_emulator/payments`, PAID on a LIVE channel), 8 at a time, with `dropWebhooks: true` and no `/api/payments/complete`; every order was PENDING in the ledger afterwards.",
      `Then \`GET /__scheduled?cron=*/10+*+*+*+*\` (wrangler dev's \`--test-scheduled\`; it answers once the handler has finished: reconciliation, expiry, retention), one run after another, counting PAID orders in the local D1 file after each, until all were PAID or ${STALL_RUNS} runs in a row settled nothing more; then every order is read back through \`GET /api/orders/:paymentId\`. A run reads at most 10 pages of 100 payments (\`MAX_PAGES\`, \`PAGE_SIZE\` in worker/services/reconcile.ts), oldest status change first, from the checkpoint minus 5 minutes (\`OVERLAP_MS\`).`,
      "PortOne calls counted by a pass-through proxy between the worker and the emulator (`PORTONE_API_BASE`); the listing's first page marks one run, which must match the runs the bench triggered (so `npm start`'s own once-a-minute trigger did not join in).",
      ...all
        .filter((r) => r.settleSeconds === null)
        .map(
          (r) =>
            `**${r.payments.toLocaleString("en")} payments never settle**: run 1 settles the oldest ${settled(r).toLocaleString("en")} and moves the checkpoint to the last one it listed; every later run lists from that checkpoint minus 5 minutes, which (all these payments having changed within a few seconds) is the same window, reads the same first 1,000 payments, all already in step, and leaves the checkpoint where it was. The listing holds all of the store's payments, missed or not, so more than 1,000 status changes within 5 minutes stall reconciliation until those payments change again.`,
        ),
      ...checkLines(d.result.checks),
    ],
  };
}

function notificationSection(d: Dated<NotificationResults>, runDate: string): Section {
  const title = "11. Notifications per paid order under duplicate webhooks and completions";
  if (failed(d.result)) return { title, error: d.result.error };
  const n = d.result;
  return {
    title,
    head: ["figure", "value"],
    rows: [
      ["paid orders", String(n.orders)],
      ["each webhook redelivered", `${n.webhookRedeliveries}×`],
      ["concurrent completions per order", String(n.concurrentCompletions)],
      [`outbox groups (${n.groupedBy.join(", ")})`, String(n.groups)],
      [
        "outbox rows per order, channel and event",
        Object.entries(n.rowsPerGroup)
          .map(([rows, groups]) => `${rows} row(s): ${groups} groups`)
          .join("; "),
      ],
      [
        "outbox rows by delivery status",
        Object.entries(n.rowsByStatus)
          .map(([status, c]) => `${status} ${c}`)
          .join(", "),
      ],
      [
        "messages the local receiver got, by channel",
        Object.entries(n.receiverDeliveries)
          .map(([channel, c]) => `${channel} ${c}`)
          .join(", ") || "0",
      ],
      [
        "messages per order and chat channel",
        Object.entries(n.messagesPerOrderChannel)
          .map(([messages, pairs]) => `${messages} message(s): ${pairs} pairs`)
          .join("; ") || "–",
      ],
    ],
    after: [
      ...measuredWhen(d, runDate),
      `Every order is paid in the emulator with webhooks held back; then, for each order (4 orders at a time), ${n.concurrentCompletions} \`POST /api/payments/complete\` and every webhook of the payment redelivered ${n.webhookRedeliveries} times (\`POST /_emulator/webhooks/:id/redeliver\`), all at once.`,
      `Outbox rows counted in the local D1 file's \`${n.table}\`, grouped by ${n.groupedBy.join(", ")}, after the sends had 2 s to land. All four channels are on: Slack, Discord and Telegram (\`NOTIFY_TELEGRAM_API_BASE\`) point at a local receiver that answers 200 and keeps each message, which names its order; email goes to the local \`send_email\` binding, which only logs, so it is counted in the outbox alone.`,
      ...checkLines(n.checks),
    ],
  };
}

const floodClient = (c: FloodClient) =>
  `${c.created} created / ${c.refused} refused${
    Object.keys(c.other).length
      ? ` / other: ${Object.entries(c.other)
          .map(([k, v]) => `${v} × ${k}`)
          .join(", ")}`
      : ""
  }`;

function floodSection(d: Dated<FloodResults>, runDate: string): Section {
  const title = "12. Order flood from one client: the order rate limit on vs off";
  if (failed(d.result)) return { title, error: d.result.error };
  const f = d.result;
  const both = (cell: (run: FloodResults["on"]) => string) => [cell(f.on), cell(f.off)];
  return {
    title: `${title} (${f.requests} \`POST /api/orders\` per scripted client, local workerd)`,
    head: ["figure", "limit on", "limit off"],
    rows: [
      [`new cart each time (${f.requests} sent)`, ...both((x) => floodClient(x.newCarts))],
      [`same cart replayed (${f.requests} sent)`, ...both((x) => floodClient(x.replayed))],
      ["KV writes (orders minted)", ...both((x) => String(x.kvWrites))],
      ["PortOne pre-registrations", ...both((x) => String(x.preRegistrations))],
      ["`Retry-After` of the first refusal", ...both((x) => (x.retryAfter === null ? "–" : `${x.retryAfter} s`))],
      ["a shopper from another address afterwards", ...both((x) => x.shopper)],
      [
        `free plan's daily KV writes left (of ${FREE_PLAN_KV_WRITES_PER_DAY.toLocaleString("en")})`,
        ...both((x) => x.kvBudgetLeft.toLocaleString("en")),
      ],
      ["wall time of both floods", ...both((x) => `${(x.wallMs / 1000).toFixed(1)} s`)],
    ],
    after: [
      ...measuredWhen(d, runDate),
      `Each setting on a fresh stack (\`ORDER_RATE_LIMIT\` on or off; wrangler.toml's \`ORDER_RATE_LIMITER\` allows ${f.configured.limit} orders per client every ${f.configured.periodSeconds} s, Miniflare's rate-limiting binding locally). Two scripted clients, each from its own address (\`cf-connecting-ip\`) and without \`Origin\` (a script, not a browser), send ${f.requests} orders each, 10 in flight: one a new cart every time, one the same cart again and again. Then a shopper from a third address orders from the shop's page.`,
      "KV writes counted by SQLite triggers on the local KV file (added before `wrangler dev` opens it); PortOne pre-registrations by a pass-through proxy between the worker and the emulator (`PORTONE_API_BASE`). The daily budget left assumes nothing else wrote that day.",
      ...checkLines(f.checks),
    ],
  };
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const bytesMib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const median = (values: number[]) => latencyOf(values).p50 ?? Number.NaN;
const range = (values: number[], digits = 0) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

function backOfficeSections(b: BackOfficeResults, runDate: string): Section[] {
  const out: Section[] = [];
  const when =
    b.date === runDate
      ? []
      : [`Measured separately by \`${b.command}\` on ${b.date.slice(0, 10)} on ${machineLine(b.machine)}.`];
  if (b.list) {
    if (failed(b.list)) out.push({ title: "6. Back office: order list", error: b.list.error });
    else {
      const l = b.list;
      out.push({
        title: `6. Back office: \`GET /api/admin/orders\` over ${l.seeded.orders.toLocaleString("en")} orders (local workerd, D1 on Miniflare's SQLite)`,
        head: ["request", "orders on the page", "p50", "p95", "min–max", "requests"],
        rows: l.rows.map((row) => [
          row.request,
          `${row.returned}${row.more ? " (more)" : ""}`,
          ms(row.latency.p50),
          ms(row.latency.p95),
          `${num(row.latency.min, 1)}–${num(row.latency.max, 1)}`,
          String(row.latency.n),
        ]),
        after: [
          ...when,
          `Seeded into the local D1 file before \`wrangler dev\` started: ${l.seeded.orders.toLocaleString("en")} orders over the past year (80 % PAID), ${l.seeded.lines.toLocaleString("en")} lines, ${l.seeded.events.toLocaleString("en")} events, the columns the worker's INSERTs fill; 200 buyer names, one phone number per order, half with a shipping address.`,
          "Sequential requests from the bench process with `Authorization: Bearer <ADMIN_TOKEN>`, 3 warm-ups then the timed ones; each time runs from the request to the last byte of the answer, through wrangler dev's proxy.",
          `\`q\` is a \`LIKE\` scan over names, emails, phones and lines: a name held by ${Math.round(l.seeded.orders / 200)} orders (1 in 200) and a phone held by one both read the whole table, since the page is never filled early. The deep page is reached by following \`nextCursor\` ${l.deepPage - 1} times; its query seeks the \`(created_at, payment_id)\` index.`,
        ],
      });
    }
  }
  if (b.csv) {
    if (failed(b.csv)) out.push({ title: "7. Back office: CSV export", error: b.csv.error });
    else {
      const c = b.csv;
      const runs = c.runs;
      const row = (figure: string, values: number[], format: (v: number) => string) => [
        figure,
        format(median(values)),
        `${format(Math.min(...values))} – ${format(Math.max(...values))}`,
      ];
      const seconds = (v: number) => `${(v / 1000).toFixed(2)} s`;
      const growth = runs.map((x) => x.rss.peakKiB - x.rss.baselineKiB);
      out.push({
        title: `7. Back office: \`GET /api/admin/orders.csv\`, ${(runs[0]?.lines ?? 0).toLocaleString("en")} lines (${c.seeded.orders.toLocaleString("en")} orders × 2), local workerd + D1`,
        head: ["figure", "median", "min – max"],
        rows: [
          row(
            "whole download",
            runs.map((x) => x.ms),
            seconds,
          ),
          row(
            "first byte",
            runs.map((x) => x.firstByteMs),
            (v) => `${v.toFixed(0)} ms`,
          ),
          row(
            "size",
            runs.map((x) => x.bytes),
            (v) => `${(v / 2 ** 20).toFixed(1)} MiB`,
          ),
          row(
            "throughput",
            runs.map((x) => x.lines / (x.ms / 1000)),
            (v) => `${Math.round(v).toLocaleString("en")} lines/s`,
          ),
          row(
            "workerd RSS before",
            runs.map((x) => x.rss.baselineKiB),
            mib,
          ),
          row(
            "workerd RSS peak while streaming",
            runs.map((x) => x.rss.peakKiB),
            mib,
          ),
          row("workerd RSS growth", growth, mib),
          ...(runs.every((x) => x.heap)
            ? [
                row(
                  "worker isolate heap before",
                  runs.map((x) => x.heap?.baselineUsedBytes ?? 0),
                  bytesMib,
                ),
                row(
                  "worker isolate heap peak (used)",
                  runs.map((x) => x.heap?.peakUsedBytes ?? 0),
                  bytesMib,
                ),
                row(
                  "worker isolate heap peak (V8 heap size)",
                  runs.map((x) => x.heap?.peakTotalBytes ?? 0),
                  bytesMib,
                ),
              ]
            : []),
          ...(c.live?.heap
            ? [
                [
                  "worker isolate live heap peak (GC before each sample)",
                  bytesMib(c.live.heap.peakUsedBytes),
                  `one more download, ${c.live.heap.samples} samples`,
                ],
              ]
            : []),
        ],
        after: [
          ...when,
          `${runs.length} download(s), one after another, read as a stream by the bench process; every one had all ${(runs[0]?.lines ?? 0).toLocaleString("en")} lines plus the header.`,
          `Memory is the **workerd process's RSS** (VmRSS from /proc, sampled every 20 ms; VmHWM at the end ${range(runs.map((x) => x.rss.highWaterMarkKiB / 1024))} MiB). That process holds the worker's isolate *and* Miniflare's D1 and KV simulators (SQLite, the 5,000-row query results they serialise) and the runtime itself, so it is an upper bound on what the worker's isolate used. The worker isolate's own heap is read through wrangler's inspector (\`Runtime.getHeapUsage\`, sampled every 20 ms while streaming): that is the figure to hold against Workers' ${ISOLATE_MEMORY_MB} MB per isolate (on Cloudflare, D1 runs elsewhere). Each download starts after a forced garbage collection; "used" counts garbage V8 has not collected yet, so one more download forces a collection before each sample (every 50 ms, plus the collection's own time) and shows the live peak.`,
          "The export reads 5,000 lines per D1 query (20 queries for 100,000 lines: within the free plan's 50 queries per request) and encodes each line as it arrives.",
        ],
      });
    }
  }
  if (b.writes) {
    if (failed(b.writes)) out.push({ title: "8. Writes per checkout", error: b.writes.error });
    else {
      const w = b.writes;
      const cell = (values: number[]) => {
        const lo = Math.min(...values);
        const hi = Math.max(...values);
        return lo === hi ? String(lo) : `${median(values)} [${lo}–${hi}]`;
      };
      const rows = (Object.keys(WRITE_SCENARIOS) as WriteScenario[]).map((key) => {
        const runs = w.scenarios[key];
        const kv = Math.max(...runs.map((x) => x.kv));
        const billed = Math.max(...runs.map((x) => x.d1RowsWrittenBilled));
        return [
          WRITE_SCENARIOS[key],
          cell(runs.map((x) => x.kv)),
          cell(runs.map((x) => x.d1RowsTotal)),
          cell(runs.map((x) => x.d1RowsWrittenBilled)),
          cell(runs.map((x) => x.webhookDeliveries)),
          [...new Set(runs.map((x) => x.finalStatus))].join(", "),
          kv ? Math.floor(FREE_KV_WRITES_PER_DAY / kv).toLocaleString("en") : "–",
          billed ? Math.floor(FREE_D1_ROWS_WRITTEN_PER_DAY / billed).toLocaleString("en") : "–",
        ];
      });
      const breakdown = (Object.keys(WRITE_SCENARIOS) as WriteScenario[]).map((key) => {
        const last = w.scenarios[key].at(-1);
        const tables = Object.entries(last?.d1Rows ?? {})
          .map(([t, n]) => `${t} ${n}`)
          .join(", ");
        const kvKeys = [...new Set((last?.kvKeys ?? []).map((k) => `\`${k.replace(/:.*/, ":<paymentId>")}\``))].join(
          ", ",
        );
        return `${WRITE_SCENARIOS[key]}: KV ${kvKeys || "none"}; D1 ${tables}.`;
      });
      out.push({
        title: `8. Writes per checkout (KV and D1, every webhook delivered twice; ${w.runs} checkouts each)`,
        head: [
          "checkout",
          "KV writes",
          "D1 rows written",
          "D1 rows_written incl. indexes",
          "webhook deliveries",
          "final status",
          `checkouts/day, free KV (${FREE_KV_WRITES_PER_DAY.toLocaleString("en")} writes)`,
          `checkouts/day, free D1 (${FREE_D1_ROWS_WRITTEN_PER_DAY.toLocaleString("en")} rows)`,
        ],
        rows,
        after: [
          ...when,
          "Each checkout as in production: `POST /api/orders` (with the buyer's details), the window in the emulator, the browser's `POST /api/payments/complete`, every webhook PortOne sends for the payment, then each of them again (`POST /_emulator/webhooks/:id/redeliver`); the virtual account is issued, completed by the browser, then deposited. The tampered payment is charged 100 won for a 12,000-won order.",
          "Counted where the writes land: SQLite triggers added to the local KV and D1 files before `wrangler dev` opens them log every KV put (insert or update of a key) and every ledger row inserted, updated or deleted. A statement that changes nothing (a duplicate webhook's `ON CONFLICT DO NOTHING`, a transition another writer already won) logs nothing, as D1 bills nothing for it.",
          "\"D1 rows_written incl. indexes\" adds one row per index each write touches, D1's documented billing rule (an INSERT into `orders` is 1 row + 3 indexes); it is computed from the logged writes, not read from D1's `meta.rows_written`, which wrangler's local mode does not report to the bench.",
          ...breakdown,
          `Capacity follows from the most writes seen in any run: the free plan's ${FREE_KV_WRITES_PER_DAY.toLocaleString("en")} KV writes and ${FREE_D1_ROWS_WRITTEN_PER_DAY.toLocaleString("en")} D1 rows written per day (reads are far from their limits: 100,000 KV reads, 5 million D1 rows read).`,
        ],
      });
    }
  }
  return out;
}

/** The figures as a terminal table. */
export function renderTable(r: BenchResults): string {
  const lines = [
    `npm run bench: ${r.date} (${r.mode})`,
    `Machine: ${machineLine(r.machine)}`,
    "Figures: median [min–max] over runs.",
    "",
  ];
  for (const s of sections(r)) {
    lines.push(s.title);
    if ("error" in s) lines.push(`  could not measure: ${s.error}`);
    else lines.push(...text(s.head, s.rows), ...s.after.map((a) => `  ${a.replaceAll("**", "")}`));
    lines.push("");
  }
  if (r.notes.length) lines.push("Notes", ...r.notes.map((n) => `  - ${n}`));
  return lines.join("\n");
}

/** The figures as Markdown, for the README. */
export function renderMarkdown(r: BenchResults): string {
  const lines = [
    "## Benchmarks",
    "",
    `Produced by \`${r.command}\` on ${r.date.slice(0, 10)} (${r.mode} run) on ${machineLine(r.machine)}.`,
    "The machine was shared with other work, so absolute figures are noisy; the ratios against the reference come from runs interleaved on the same machine against the same emulator.",
    `Figures are medians with [min–max] across runs (options: ${Object.entries(r.options)
      .map(([k, v]) => `${k}=${optionText(v)}`)
      .join(", ")}).`,
    "",
  ];
  for (const s of sections(r)) {
    lines.push(`### ${s.title}`, "");
    if ("error" in s) lines.push(`Could not measure: ${s.error}`, "");
    else lines.push(...table(s.head, s.rows), "", ...s.after.map((a) => `- ${a}`), "");
  }
  if (r.notes.length) lines.push("### Notes", "", ...r.notes.map((n) => `- ${n}`), "");
  return lines.join("\n");
}

/** An option as `a,b` (a list), `{k=v; ...}` (a group) or its value. */
function optionText(value: unknown): string {
  if (Array.isArray(value)) return value.join(",");
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${optionText(v)}`)
      .join("; ")}}`;
  return String(value);
}
