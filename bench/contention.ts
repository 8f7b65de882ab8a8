/**
 * Stock limits and reconciliation under load (issue 10's figures), each on a fresh local stack
 * (`scripts/stack.ts`: emulator, `wrangler dev` with local KV and D1):
 * - stock: many shoppers at once for a product with few units on hand; exactly that many orders
 *   may be created, the rest refused with 409 `OUT_OF_STOCK`;
 * - reconcile: payments made in the emulator whose webhooks are dropped and whose browser never
 *   reports back, settled by the scheduled handler alone (`GET /__scheduled`, `--test-scheduled`);
 * - notifications: messages per paid order under a storm of duplicate webhooks and completions
 *   (only when the notifications outbox exists in the worker).
 *
 * Correctness is checked (the figures mean nothing otherwise); time never is.
 *
 * @example
 * const stock = await benchStockContention({ persistTo, units: 50, requests: 200, runs: 3, log });
 * const settled = await benchReconcile({ persistTo, payments: 1_000, maxRuns: 30, log });
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { CreatedOrder, CreateOrderRequest, PublicOrder } from "../contract/index.ts";
import { startStack } from "../scripts/stack.ts";
import { ROOT } from "../scripts/wrangler-env.ts";
import { d1File } from "./ledger-seed.ts";
import { round } from "./stats.ts";
import { payInEmulator, pool } from "./targets.ts";

type Log = (line: string) => void;

/** The cron of `wrangler.toml`'s `[triggers]`; `GET /__scheduled?cron=` runs the worker's scheduled handler with it. */
const CRON = "*/10 * * * *";

/** A correctness check: what must hold, and what was seen. */
export interface Check {
  what: string;
  expected: string;
  actual: string;
  ok: boolean;
}

const check = (what: string, expected: unknown, actual: unknown, ok: boolean): Check => ({
  what,
  expected: String(expected),
  actual: JSON.stringify(actual),
  ok,
});

/** Reads the local D1 (SQLite's WAL lets a reader in while `wrangler dev` writes). */
function queryD1<T>(persistTo: string, sql: string, ...params: (string | number)[]): T[] {
  const db = new DatabaseSync(d1File(persistTo), { readOnly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Orders in the ledger by status. */
function ledgerStatuses(persistTo: string): Record<string, number> {
  const rows = queryD1<{ status: string; n: number }>(
    persistTo,
    "SELECT status, COUNT(*) AS n FROM orders GROUP BY status",
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function emulatorConfig(emulatorUrl: string, config: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${emulatorUrl}/_emulator/config`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(config),
  });
  if (!response.ok) throw new Error(`emulator config: ${response.status} ${await response.text()}`);
}

/** `POST /api/orders` from the shop's origin, as the element sends it; throws unless 201. */
async function createOrder(workerUrl: string, origin: string, productId: string): Promise<CreatedOrder> {
  const response = await post(
    `${workerUrl}/api/orders`,
    {
      items: [{ productId, quantity: 1 }],
      payMethod: "CARD",
      customer: { fullName: "김민준", email: "buyer@example.com", phoneNumber: "010-1234-5678" },
    } satisfies CreateOrderRequest,
    { origin },
  );
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /api/orders: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as CreatedOrder;
}

/** The repository's catalog plus `extra`, written beside the stack's local state. */
function catalogWith(persistTo: string, extra: Record<string, unknown>[]): string {
  const catalog = JSON.parse(readFileSync(join(ROOT, "catalog.json"), "utf8")) as { products: unknown[] };
  const file = join(persistTo, "bench-catalog.json");
  writeFileSync(file, JSON.stringify({ ...catalog, products: [...catalog.products, ...extra] }, null, 2));
  return file;
}

// ---------------------------------------------------------------------------------------------
// Stock under contention

export interface StockRun {
  /** 201 answers: orders created. */
  created: number;
  /** 409 `OUT_OF_STOCK` answers. */
  outOfStock: number;
  /** Any other answer, by status and code. */
  other: Record<string, number>;
  /** From the first request sent to the last answer read. */
  wallMs: number;
  /** Each request's own time, median and slowest. */
  p50Ms: number | null;
  maxMs: number | null;
  /** The worker's calls to PortOne during the run, by method and path. */
  portoneCalls: Record<string, number>;
  /** The product's row in D1 afterwards, and its holds. */
  d1: { onHand: number; reserved: number; sold: number; holds: number };
}

export interface StockResults {
  units: number;
  requests: number;
  runs: StockRun[];
  checks: Check[];
}

/**
 * One stack whose catalog holds `runs` products with `units` on hand each (pushed by the stack,
 * which sets D1's on-hand count); per run, `requests` concurrent `POST /api/orders` for one unit
 * of that run's product, all sent at once from the shop's origin.
 */
export async function benchStockContention(options: {
  persistTo: string;
  units: number;
  requests: number;
  runs: number;
  log: Log;
}): Promise<StockResults> {
  const { persistTo, units, requests, runs, log } = options;
  const products = Array.from({ length: runs }, (_, i) => `bench-limited-${i + 1}`);
  const catalogFile = catalogWith(
    persistTo,
    products.map((id, i) => ({ id, name: `한정판 프린트 ${i + 1}`, amount: 25000, stock: units })),
  );
  const proxy = await countingProxy();
  const stack = await startStack({
    persistTo,
    catalogFile,
    forceEmulator: true,
    // The bench creates orders faster than a shopper, all from one address: no rate limit.
    vars: { PORTONE_API_BASE: proxy.url, ORDER_RATE_LIMIT: "off" },
  });
  proxy.setTarget(stack.emulatorUrl as string);
  try {
    // One order first, so that the runs do not include the isolate's first request.
    await createOrder(stack.workerUrl, stack.shopUrl, "mug-white");
    const out: StockRun[] = [];
    const checks: Check[] = [];
    for (const [i, productId] of products.entries()) {
      const times: number[] = [];
      const callsBefore = proxy.counts();
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: requests }, async () => {
          const sent = performance.now();
          const response = await post(
            `${stack.workerUrl}/api/orders`,
            { items: [{ productId, quantity: 1 }], payMethod: "CARD" } satisfies CreateOrderRequest,
            { origin: stack.shopUrl },
          );
          const body = (await response.json().catch(() => ({}))) as { code?: string };
          times.push(performance.now() - sent);
          return `${response.status}${body.code ? ` ${body.code}` : ""}`;
        }),
      );
      const wallMs = performance.now() - started;
      const portoneCalls = diffCounts(callsBefore, proxy.counts());
      const counts: Record<string, number> = {};
      for (const a of answers) counts[a] = (counts[a] ?? 0) + 1;
      const created = counts["201"] ?? 0;
      const outOfStock = counts["409 OUT_OF_STOCK"] ?? 0;
      const other = Object.fromEntries(Object.entries(counts).filter(([k]) => k !== "201" && k !== "409 OUT_OF_STOCK"));
      const [row] = queryD1<{ on_hand: number; reserved: number; sold: number }>(
        persistTo,
        "SELECT on_hand, reserved, sold FROM stock WHERE product_id = ?",
        productId,
      );
      const [holds] = queryD1<{ n: number }>(
        persistTo,
        "SELECT COUNT(*) AS n FROM stock_holds WHERE product_id = ? AND state = 'HELD'",
        productId,
      );
      const d1 = {
        onHand: row?.on_hand ?? -1,
        reserved: row?.reserved ?? -1,
        sold: row?.sold ?? -1,
        holds: holds?.n ?? -1,
      };
      times.sort((a, b) => a - b);
      const run: StockRun = {
        created,
        outOfStock,
        other,
        wallMs: round(wallMs, 1) as number,
        p50Ms: round(times[Math.floor(times.length / 2)] ?? Number.NaN, 1),
        maxMs: round(times.at(-1) ?? Number.NaN, 1),
        portoneCalls,
        d1,
      };
      out.push(run);
      checks.push(
        check(
          `run ${i + 1}: answers`,
          `${units} × 201, ${requests - units} × 409 OUT_OF_STOCK`,
          counts,
          created === units && outOfStock === requests - units,
        ),
        check(
          `run ${i + 1}: D1 stock row and holds`,
          `reserved ${units}, ${units} holds`,
          d1,
          d1.reserved === units && d1.holds === units,
        ),
      );
      log(
        `  run ${i + 1}: ${created} created, ${outOfStock} out of stock${Object.keys(other).length ? `, other ${JSON.stringify(other)}` : ""} in ${(wallMs / 1000).toFixed(2)} s; D1 reserved ${d1.reserved}, holds ${d1.holds}`,
      );
    }
    return { units, requests, runs: out, checks };
  } finally {
    await stack.stop();
    await proxy.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Reconciliation

/** Counts the worker's calls to PortOne: a pass-through proxy in front of the emulator. */
async function countingProxy(): Promise<{
  url: string;
  setTarget(url: string): void;
  counts(): Record<string, number>;
  close(): Promise<void>;
}> {
  let target = "";
  const counts: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname
      .replace(/^\/payments\/[^/]+\/pre-register$/, "/payments/:id/pre-register")
      .replace(/^\/payments\/[^/]+$/, "/payments/:id")
      .replace(/^\/payments\/[^/]+\//, "/payments/:id/");
    let key = `${req.method} ${path}`;
    // The listing's first page marks one run of the reconciliation job.
    if (key === "GET /payments" && /"number":\s*0\b/.test(decodeURIComponent(url.search))) key += " (page 0)";
    counts[key] = (counts[key] ?? 0) + 1;
    const upstream = new URL(req.url ?? "/", target);
    const forward = httpRequest(upstream, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => {
      res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget: (url) => {
      target = url;
    },
    counts: () => ({ ...counts }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const diffCounts = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([k, n]) => [k, n - (before[k] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );

export interface ReconcileRun {
  /** `GET /__scheduled` from request to answer (the handler runs to its end before answering). */
  ms: number;
  /** Orders PAID in the ledger after this run, in all. */
  paidAfter: number;
}

/** Runs in a row that settle nothing more before the bench stops triggering them. */
export const STALL_RUNS = 3;

export interface ReconcileResults {
  payments: number;
  /** Creating the orders through the worker and paying them in the emulator (setup, not the figure). */
  setupSeconds: number;
  runs: ReconcileRun[];
  /** From the first `GET /__scheduled` to the answer of the one after which every order was PAID; null: never. */
  settleSeconds: number | null;
  /** Runs stopped because this many in a row settled nothing more (null: every order was settled). */
  stalledAfter: number | null;
  /** The worker's calls to PortOne during the scheduled runs, by method and path. */
  portoneCalls: Record<string, number>;
  /** Webhook deliveries the emulator made (dropped: 0). */
  webhookDeliveries: number;
  checks: Check[];
}

/**
 * `payments` orders created through the worker and paid in the emulator with webhooks dropped
 * and no completion; then the scheduled handler, run after run, until every order is PAID, or
 * until {@link STALL_RUNS} runs in a row settled nothing more (then the checks fail).
 */
export async function benchReconcile(options: {
  persistTo: string;
  payments: number;
  maxRuns: number;
  log: Log;
}): Promise<ReconcileResults> {
  const { persistTo, payments, maxRuns, log } = options;
  const proxy = await countingProxy();
  try {
    const stack = await startStack({
      persistTo,
      forceEmulator: true,
      vars: { PORTONE_API_BASE: proxy.url, ORDER_RATE_LIMIT: "off" },
    });
    try {
      const emulatorUrl = stack.emulatorUrl as string;
      proxy.setTarget(emulatorUrl);
      await emulatorConfig(emulatorUrl, { dropWebhooks: true });
      const setupStarted = performance.now();
      const ids = await pool(Array.from({ length: payments }), 8, async () => {
        const order = await createOrder(stack.workerUrl, stack.shopUrl, "mug-white");
        await payInEmulator(emulatorUrl, order);
        return order.paymentId;
      });
      const setupSeconds = (performance.now() - setupStarted) / 1000;
      const before = ledgerStatuses(persistTo);
      log(
        `  ${ids.length} orders created and paid in the emulator in ${setupSeconds.toFixed(1)} s; ledger ${JSON.stringify(before)}`,
      );
      const checks: Check[] = [
        check(
          "before reconciliation: ledger",
          `${payments} × PENDING`,
          before,
          before.PENDING === payments && Object.keys(before).length === 1,
        ),
      ];
      const callsBefore = proxy.counts();
      const runs: ReconcileRun[] = [];
      const started = performance.now();
      let settleSeconds = Number.NaN;
      let stalledAfter: number | null = null;
      for (let n = 1; n <= maxRuns; n++) {
        const runStarted = performance.now();
        const response = await fetch(`${stack.workerUrl}/__scheduled?cron=${encodeURIComponent(CRON)}`);
        await response.text();
        if (!response.ok) throw new Error(`GET /__scheduled: ${response.status}`);
        const ms = performance.now() - runStarted;
        const paidAfter = ledgerStatuses(persistTo).PAID ?? 0;
        runs.push({ ms: round(ms, 1) as number, paidAfter });
        log(`  run ${n}: ${(ms / 1000).toFixed(2)} s, ${paidAfter} PAID`);
        if (paidAfter >= payments) {
          settleSeconds = (performance.now() - started) / 1000;
          break;
        }
        const stuck = runs.slice(-(STALL_RUNS + 1));
        if (stuck.length > STALL_RUNS && stuck.every((r) => r.paidAfter === paidAfter)) {
          stalledAfter = STALL_RUNS;
          log(`  stopped: ${STALL_RUNS} runs in a row settled nothing more`);
          break;
        }
      }
      const portoneCalls = diffCounts(callsBefore, proxy.counts());
      const read = await pool(ids, 8, async (id) => {
        const response = await fetch(`${stack.workerUrl}/api/orders/${encodeURIComponent(id)}`);
        return response.ok ? ((await response.json()) as PublicOrder).status : `HTTP ${response.status}`;
      });
      const statuses: Record<string, number> = {};
      for (const s of read) statuses[s] = (statuses[s] ?? 0) + 1;
      const webhooks = (await (await fetch(`${emulatorUrl}/_emulator/webhooks`)).json()) as {
        webhooks: { dropped?: boolean; deliveries: unknown[] }[];
      };
      const webhookDeliveries = webhooks.webhooks.reduce((sum, w) => sum + w.deliveries.length, 0);
      const listingRuns = portoneCalls["GET /payments (page 0)"] ?? 0;
      checks.push(
        check("after reconciliation: orders read back", `${payments} × PAID`, statuses, statuses.PAID === payments),
        check("webhooks delivered (all dropped)", 0, webhookDeliveries, webhookDeliveries === 0),
        check(
          "reconciliation runs PortOne saw (first listing page) = runs the bench triggered",
          runs.length,
          listingRuns,
          listingRuns === runs.length,
        ),
      );
      return {
        payments,
        setupSeconds: round(setupSeconds, 1) as number,
        runs,
        settleSeconds: round(settleSeconds, 2),
        stalledAfter,
        portoneCalls,
        webhookDeliveries,
        checks,
      };
    } finally {
      await stack.stop();
    }
  } finally {
    await proxy.close();
  }
}

/** Reconciliation at several sizes, each on its own fresh stack and state directory. */
export interface ReconcileSet {
  scenarios: ReconcileResults[];
  checks: Check[];
}

/**
 * {@link benchReconcile} once per size in `sizes`, each in a fresh directory made by `freshDir`
 * (removed by the caller's `cleanup`); the checks of all of them, named by size.
 */
export async function benchReconcileSizes(options: {
  sizes: readonly number[];
  freshDir: (what: string) => string;
  maxRuns: number;
  log: Log;
}): Promise<ReconcileSet> {
  const scenarios: ReconcileResults[] = [];
  for (const payments of options.sizes) {
    options.log(`  ${payments.toLocaleString("en")} payments:`);
    const persistTo = options.freshDir(`reconcile-${payments}`);
    scenarios.push(await benchReconcile({ persistTo, payments, maxRuns: options.maxRuns, log: options.log }));
  }
  return {
    scenarios,
    checks: scenarios.flatMap((r) =>
      r.checks.map((c) => ({ ...c, what: `${r.payments.toLocaleString("en")} payments: ${c.what}` })),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Notifications under a storm of duplicates

/** Where the notifications outbox's D1 adapter lives once it exists. */
export const OUTBOX_ADAPTER = join(ROOT, "worker", "adapters", "d1-outbox.ts");

export interface NotificationResults {
  orders: number;
  webhookRedeliveries: number;
  concurrentCompletions: number;
  /** The outbox table read, and the columns it was grouped by. */
  table: string;
  groupedBy: string[];
  /** How many (order, channel, event) groups had each row count, e.g. `{ "1": 60 }`. */
  rowsPerGroup: Record<string, number>;
  /** Outbox rows per paid order, by channel and event (the count of every group of one order). */
  groups: number;
  /** Outbox rows by delivery status after the storm (SENT, PENDING, FAILED). */
  rowsByStatus: Record<string, number>;
  /** Messages the local receiver got, by channel (email is only logged by the local binding). */
  receiverDeliveries: Record<string, number>;
  /** How many (order, channel) pairs got each number of messages at the receiver, e.g. `{ "1": 60 }`. */
  messagesPerOrderChannel: Record<string, number>;
  checks: Check[];
}

/** A local receiver for the chat channels (Slack, Discord, Telegram's Bot API): answers 200 and keeps each message. */
async function receiver(): Promise<{
  url: string;
  messages: { channel: string; body: string }[];
  close(): Promise<void>;
}> {
  const messages: { channel: string; body: string }[] = [];
  const server = createServer((req, res) => {
    const channel = new URL(req.url ?? "/", "http://x").pathname.split("/")[1] ?? "?";
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      messages.push({ channel, body });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true,"result":{"message_id":1}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * `orders` orders paid in the emulator with webhooks held; then, for each at once, `completions`
 * concurrent browser completions and every webhook redelivered `redeliveries` times, all
 * concurrently. Outbox rows are counted in the local D1 per order, channel and event.
 */
export async function benchNotifications(options: {
  persistTo: string;
  orders: number;
  redeliveries: number;
  completions: number;
  log: Log;
}): Promise<NotificationResults> {
  const { persistTo, orders, redeliveries, completions, log } = options;
  if (!existsSync(OUTBOX_ADAPTER)) throw new Error("not measured: worker/adapters/d1-outbox.ts does not exist yet");
  const sink = await receiver();
  try {
    const stack = await startStack({
      persistTo,
      forceEmulator: true,
      vars: {
        ORDER_RATE_LIMIT: "off",
        NOTIFY_SLACK_WEBHOOK_URL: `${sink.url}/slack/hook`,
        NOTIFY_DISCORD_WEBHOOK_URL: `${sink.url}/discord/hook`,
        NOTIFY_TELEGRAM_API_BASE: `${sink.url}/telegram`,
        NOTIFY_TELEGRAM_BOT_TOKEN: "0:bench",
        NOTIFY_TELEGRAM_CHAT_ID: "1",
        NOTIFY_EMAIL_FROM: "shop@example.com",
        NOTIFY_EMAIL_TO: "owner@example.com",
      },
    });
    try {
      const emulatorUrl = stack.emulatorUrl as string;
      await emulatorConfig(emulatorUrl, { dropWebhooks: true });
      const ids = await pool(Array.from({ length: orders }), 8, async () => {
        const order = await createOrder(stack.workerUrl, stack.shopUrl, "mug-white");
        await payInEmulator(emulatorUrl, order);
        return order.paymentId;
      });
      await pool(ids, 4, async (paymentId) => {
        const { webhooks } = (await (
          await fetch(`${emulatorUrl}/_emulator/webhooks?paymentId=${paymentId}`)
        ).json()) as {
          webhooks: { id: string }[];
        };
        const storm = [
          ...Array.from({ length: completions }, () =>
            post(`${stack.workerUrl}/api/payments/complete`, { paymentId }, { origin: stack.shopUrl }),
          ),
          ...webhooks.flatMap((w) =>
            Array.from({ length: redeliveries }, () => post(`${emulatorUrl}/_emulator/webhooks/${w.id}/redeliver`, {})),
          ),
        ];
        for (const response of await Promise.all(storm)) await response.text();
      });
      await post(`${emulatorUrl}/_emulator/webhooks/flush`, {});
      // Sends run in waitUntil after the answers: let them land.
      await new Promise((r) => setTimeout(r, 2000));
      const tables = queryD1<{ name: string }>(
        persistTo,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%outbox%' OR name LIKE '%notification%')",
      );
      const table = tables[0]?.name;
      if (!table) throw new Error("no outbox table in the local D1");
      const columns = queryD1<{ name: string }>(persistTo, `PRAGMA table_info(${table})`).map((c) => c.name);
      const pick = (re: RegExp) => columns.find((c) => re.test(c));
      const groupedBy = [pick(/payment_id|order/), pick(/channel/), pick(/event|kind|type/)].filter((c): c is string =>
        Boolean(c),
      );
      if (groupedBy.length < 3) throw new Error(`outbox ${table} columns not understood: ${columns.join(", ")}`);
      const groups = queryD1<{ n: number }>(
        persistTo,
        `SELECT COUNT(*) AS n FROM ${table} GROUP BY ${groupedBy.join(", ")}`,
      );
      const rowsPerGroup: Record<string, number> = {};
      for (const g of groups) rowsPerGroup[g.n] = (rowsPerGroup[g.n] ?? 0) + 1;
      const rowsByStatus = Object.fromEntries(
        queryD1<{ status: string; n: number }>(
          persistTo,
          `SELECT status, COUNT(*) AS n FROM ${table} GROUP BY status`,
        ).map((r) => [r.status, r.n]),
      );
      const statuses = ledgerStatuses(persistTo);
      const receiverDeliveries: Record<string, number> = {};
      for (const m of sink.messages) receiverDeliveries[m.channel] = (receiverDeliveries[m.channel] ?? 0) + 1;
      const channels = Object.keys(receiverDeliveries);
      // A message names its order (the admin link carries the paymentId).
      const messagesPerOrderChannel: Record<string, number> = {};
      for (const id of ids)
        for (const channel of channels) {
          const n = sink.messages.filter((m) => m.channel === channel && m.body.includes(id)).length;
          messagesPerOrderChannel[n] = (messagesPerOrderChannel[n] ?? 0) + 1;
        }
      const checks = [
        check("orders PAID after the storm", `${orders} × PAID`, statuses, statuses.PAID === orders),
        check(
          "outbox rows per order, channel and event",
          `1 each, ${orders} orders × 4 channels`,
          rowsPerGroup,
          Object.keys(rowsPerGroup).join() === "1" && groups.length === orders * 4,
        ),
        check(
          "messages received per order and chat channel",
          `1 each, ${orders} orders × 3 channels`,
          messagesPerOrderChannel,
          Object.keys(messagesPerOrderChannel).join() === "1" && channels.length === 3,
        ),
      ];
      log(
        `  ${groups.length} (order, channel, event) groups, rows per group ${JSON.stringify(rowsPerGroup)}; receiver ${JSON.stringify(receiverDeliveries)}, per order and channel ${JSON.stringify(messagesPerOrderChannel)}`,
      );
      return {
        orders,
        webhookRedeliveries: redeliveries,
        concurrentCompletions: completions,
        table,
        groupedBy,
        rowsPerGroup,
        groups: groups.length,
        rowsByStatus,
        receiverDeliveries,
        messagesPerOrderChannel,
        checks,
      };
    } finally {
      await stack.stop();
    }
  } finally {
    await sink.close();
  }
}
