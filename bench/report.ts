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
import { type Machine, machineLine } from "./machine.ts";
import { type InsideResults, insideSections } from "./report-cpu.ts";
import { kib, type Sizes } from "./size.ts";
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
        /** Diagnostic: our worker's app served by Node (KV in memory) against the same reference. */
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
    else {
      const s = r.size;
      const over = s.dropIn.gzip - s.budgetGzipBytes;
      out.push({
        title: "1. Size (gzip -9, brotli q11)",
        head: ["artefact", "raw", "gzip", "brotli"],
        rows: [
          [
            "drop-in `/portone-checkout.js` (IIFE, Lit + SDK loader inside)",
            kib(s.dropIn.raw),
            kib(s.dropIn.gzip),
            kib(s.dropIn.brotli),
          ],
          [
            "ESM build `portone-checkout.mjs` (unminified, lit and SDK external)",
            kib(s.esm.raw),
            kib(s.esm.gzip),
            kib(s.esm.brotli),
          ],
          [
            "worker bundle (`wrangler deploy --dry-run --minify`)",
            kib(s.worker.raw),
            kib(s.worker.gzip),
            kib(s.worker.brotli),
          ],
        ],
        after: [
          `Drop-in budget ${kib(s.budgetGzipBytes)} gzipped: ${over > 0 ? `**over by ${kib(over)}** (${s.dropIn.gzip} bytes)` : `within budget, ${kib(-over)} to spare (${s.dropIn.gzip} bytes)`}.`,
          ...(s.worker.wranglerReported
            ? [`Wrangler's own upload count for the worker: ${s.worker.wranglerReported}.`]
            : []),
        ],
      });
    }
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
    else {
      const c = r.completion;
      const row = (load: string, conns: string, s: SideBySide) => [
        load,
        conns,
        spread(s.ours.rps, 0),
        spread(s.reference.rps, 0),
        ratio(s.ratio.rps),
        `${num(s.ours.p50.median, 1)} / ${num(s.ours.p99.median, 1)}`,
        `${num(s.reference.p50.median, 1)} / ${num(s.reference.p99.median, 1)}`,
        ratio(s.ratio.p99),
        `${s.ours.non2xx + s.ours.errors + s.ours.timeouts} / ${s.reference.non2xx + s.reference.errors + s.reference.timeouts}`,
      ];
      out.push({
        title:
          "4. Completion: ours (worker under wrangler dev, a diagnostic of the local runtime) vs reference (Express + server SDK, as PortOne's sample)",
        head: [
          "load",
          "conns",
          "ours req/s",
          "ref req/s",
          "req/s ours/ref",
          "ours p50/p99 ms",
          "ref p50/p99 ms",
          "p99 ours/ref",
          "errors ours/ref",
        ],
        rows: [
          row(`first time (${c.firstTime.ordersPerRun} orders/run)`, String(c.firstTime.connections), c.firstTime),
          ...Object.entries(c.repeat).map(([conns, s]) => row("repeat (already paid)", conns, s)),
        ],
        after: c.checks.map(
          (k) => `${k.ok ? "✓" : "✗"} ${k.what}: expected ${k.expected}, got ${JSON.stringify(k.counts)}`,
        ),
      });
      const n = c.nodeHost;
      out.push({
        title:
          "4b. Diagnostic: the same worker code served by Node (@hono/node-server, KV as an in-memory Map) vs the reference",
        head: [
          "load",
          "conns",
          "our app in Node req/s",
          "ref req/s",
          "req/s node/ref",
          "node p50/p99 ms",
          "ref p50/p99 ms",
          "p99 node/ref",
          "errors node/ref",
        ],
        rows: [
          row(`first time (${n.firstTime.ordersPerRun} orders/run)`, String(n.firstTime.connections), n.firstTime),
          ...Object.entries(n.repeat).map(([conns, s]) => row("repeat (already paid)", conns, s)),
        ],
        after: [
          "Not how the checkout runs: this separates our code (Hono, valibot, the server SDK, the settlement rules) from the local runtime (workerd, wrangler dev's proxy, Miniflare's KV on SQLite).",
        ],
      });
    }
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
        "our app in Node (diagnostic)",
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
  return out;
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
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`)
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
