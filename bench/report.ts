/**
 * The bench's results as one object (written to results.json), as a table for the terminal
 * and as Markdown for the README.
 *
 * @example
 * console.log(renderTable(results));
 * writeFileSync("bench/RESULTS.md", renderMarkdown(results));
 */
import type { clickSummary, Scenario } from "./click.ts";
import { type Machine, machineLine } from "./machine.ts";
import { kib, type Sizes } from "./size.ts";
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
    | { browser: string; runs: number; scenarios: Record<Scenario, ReturnType<typeof clickSummary>> }
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
  notes: string[];
}

const failed = (part: object | undefined): part is { error: string } => Boolean(part && "error" in part);
const ms = (v: number | null) => (v === null ? "–" : `${v.toFixed(1)} ms`);
const num = (v: number | null, digits = 0) => (v === null ? "–" : v.toFixed(digits));
const spread = (r: Rounded, digits = 1, unit = "") =>
  `${num(r.median, digits)}${unit} [${num(r.min, digits)}–${num(r.max, digits)}]`;
const ratio = (r: Rounded) => `${num(r.median, 2)}× [${num(r.min, 2)}–${num(r.max, 2)}]`;

const SCENARIOS: Record<Scenario, string> = {
  firstVisit: "ours, first visit (new browser context)",
  sameSession: "ours, same session (preflight cached)",
  cdnSdk: "ours, SDK fetched from the CDN in idle time",
  sample: "PortOne's sample page (reference)",
};

/** Rows of a table as Markdown. */
function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
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
        title: "3. Worker: POST /api/orders (price, pre-register with PortOne, write KV)",
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
          "4. Completion: ours (worker under wrangler dev) vs reference (Express + server SDK, as PortOne's sample)",
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
