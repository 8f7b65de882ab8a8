/**
 * A flood of `POST /api/orders` from one client, against the local stack (`scripts/stack.ts`:
 * emulator, `wrangler dev` with local KV and D1 and Miniflare's rate-limiting binding): what it
 * costs the merchant with the order rate limit on (`[[ratelimits]]` in wrangler.toml) and, for
 * comparison, off. Each run starts a fresh stack with write counters on its local KV and D1
 * (`installWriteCounters`) and a pass-through proxy in front of the emulator that counts
 * PortOne pre-registrations. Two scripted clients send `requests` orders each, as a loop would
 * (no `Origin`: not a browser, so the origin check lets them through): one a new cart every
 * time, one the same cart replayed. Then a shopper from another address orders from the shop.
 *
 * Miniflare's windows follow the clock's minutes, so the floods start early in one; a flood
 * that lasted past the minute would be given a second budget, as it would in production.
 *
 * @example
 * const flood = await benchOrderFlood({ persistTo: mkdtempSync(join(tmpdir(), "flood-")), requests: 300, log: console.log });
 * flood.on.kvWrites; // 21: 10 new carts and 10 retries of the replayed one, plus its first
 *
 * Standalone: `node bench/flood.ts` (BENCH_FLOOD_REQUESTS [300]).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CreateOrderRequest } from "../contract/index.ts";
import { startStack } from "../scripts/stack.ts";
import { ROOT } from "../scripts/wrangler-env.ts";
import type { Check } from "./contention.ts";
import { installWriteCounters, prepareLocalState, readWriteCounts, writesBetween } from "./ledger-seed.ts";

/** Workers' free plan: KV writes a day. */
export const FREE_PLAN_KV_WRITES_PER_DAY = 1000;

/** What one scripted client got: answers by status (and code). */
export interface FloodClient {
  sent: number;
  created: number;
  refused: number;
  /** Any answer other than 201 and 429 TOO_MANY_REQUESTS (none expected). */
  other: Record<string, number>;
}

/** One flood against a fresh stack, with the limit on or off. */
export interface FloodRun {
  /** `ORDER_RATE_LIMIT` as the stack ran it. */
  limit: "on" | "off";
  /** A new cart each request (every quantity and product in turn). */
  newCarts: FloodClient;
  /** The same cart every request. */
  replayed: FloodClient;
  /** KV writes and PortOne pre-registrations during both floods (one of each per order minted). */
  kvWrites: number;
  preRegistrations: number;
  /** `Retry-After` of the first refusal (null when nothing was refused). */
  retryAfter: string | null;
  /** The shopper from another address afterwards: 201, or what was answered. */
  shopper: string;
  /** What of the free plan's daily KV writes the flood left to real shoppers. */
  kvBudgetLeft: number;
  wallMs: number;
}

export interface FloodResults {
  /** Requests each scripted client sent. */
  requests: number;
  /** wrangler.toml's `[[ratelimits]]`: new carts and retries per client and period. */
  configured: { limit: number; periodSeconds: number };
  on: FloodRun;
  off: FloodRun;
  checks: Check[];
}

const FLOODER = "203.0.113.66";
const REPLAYER = "203.0.113.77";
const SHOPPER = "198.51.100.23";

const check = (what: string, expected: unknown, actual: unknown, ok: boolean): Check => ({
  what,
  expected: String(expected),
  actual: JSON.stringify(actual),
  ok,
});

/** ORDER_RATE_LIMITER's `simple = { limit, period }` in wrangler.toml. */
export function configuredOrderLimit(toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8")) {
  const block = /name\s*=\s*"ORDER_RATE_LIMITER"[^[]*?limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)/.exec(toml);
  if (!block) throw new Error("wrangler.toml has no ORDER_RATE_LIMITER with simple = { limit, period }");
  return { limit: Number(block[1]), periodSeconds: Number(block[2]) };
}

/** The `i`-th distinct cart (9,801 of them): 1 to 99 mugs and 1 to 99 sticker packs. */
const cart = (i: number): CreateOrderRequest => ({
  items: [
    { productId: "mug-white", quantity: (i % 99) + 1 },
    { productId: "sticker-pack", quantity: (Math.floor(i / 99) % 99) + 1 },
  ],
  payMethod: "CARD",
});

function postOrder(workerUrl: string, client: string, body: CreateOrderRequest, origin?: string) {
  return fetch(`${workerUrl}/api/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": client, ...(origin ? { origin } : {}) },
    body: JSON.stringify(body),
  });
}

/** Sends `bodies` from `client`, `inFlight` at a time, as a script would. */
async function flood(workerUrl: string, client: string, bodies: CreateOrderRequest[], inFlight: number) {
  const result: FloodClient = { sent: bodies.length, created: 0, refused: 0, other: {} };
  let retryAfter: string | null = null;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const response = await postOrder(workerUrl, client, bodies[i] as CreateOrderRequest);
      const { code } = (await response.json().catch(() => ({}))) as { code?: string };
      if (response.status === 201) result.created++;
      else if (response.status === 429 && code === "TOO_MANY_REQUESTS") {
        result.refused++;
        retryAfter ??= response.headers.get("retry-after");
      } else {
        const key = `${response.status} ${code ?? ""}`.trim();
        result.other[key] = (result.other[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { result, retryAfter };
}

/** Counts PortOne pre-registrations: a pass-through proxy in front of the emulator. */
async function preRegistrationCounter() {
  let target = "";
  let count = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === "POST" && /\/pre-register$/.test(new URL(req.url ?? "/", "http://x").pathname)) count++;
    const forward = httpRequest(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setTarget: (url: string) => {
      target = url;
    },
    count: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Waits for a fresh minute when less than `marginMs` of this one is left (Miniflare's windows follow the clock). */
async function earlyInMinute(marginMs: number) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 250));
}

async function floodRun(options: {
  persistTo: string;
  limit: "on" | "off";
  requests: number;
  inFlight: number;
}): Promise<FloodRun> {
  const { persistTo, limit, requests, inFlight } = options;
  await prepareLocalState(persistTo);
  installWriteCounters(persistTo);
  const portone = await preRegistrationCounter();
  const stack = await startStack({
    persistTo,
    forceEmulator: true,
    vars: { ORDER_RATE_LIMIT: limit, PORTONE_API_BASE: portone.url },
  });
  portone.setTarget(stack.emulatorUrl as string);
  try {
    await earlyInMinute(30_000);
    const before = readWriteCounts(persistTo);
    const registeredBefore = portone.count();
    const started = performance.now();
    const [fresh, replayed] = await Promise.all([
      flood(
        stack.workerUrl,
        FLOODER,
        Array.from({ length: requests }, (_, i) => cart(i)),
        inFlight,
      ),
      flood(stack.workerUrl, REPLAYER, Array(requests).fill(cart(0)), inFlight),
    ]);
    const wallMs = performance.now() - started;
    const writes = writesBetween(before, readWriteCounts(persistTo));
    const preRegistrations = portone.count() - registeredBefore;
    // A real shopper, from the shop's page on another address, while the flooders are refused.
    const shopper = await postOrder(stack.workerUrl, SHOPPER, cart(0), stack.shopUrl);
    const { code } = (await shopper.json().catch(() => ({}))) as { code?: string };
    return {
      limit,
      newCarts: fresh.result,
      replayed: replayed.result,
      kvWrites: writes.kv,
      preRegistrations,
      retryAfter: fresh.retryAfter ?? replayed.retryAfter,
      shopper: shopper.status === 201 ? "201" : `${shopper.status} ${code ?? ""}`.trim(),
      kvBudgetLeft: FREE_PLAN_KV_WRITES_PER_DAY - writes.kv,
      wallMs: Math.round(wallMs),
    };
  } finally {
    await stack.stop();
    await portone.close();
  }
}

/**
 * Floods one stack with the order rate limit on and another with it off (`persistTo` holds
 * both, in sub-folders); `requests` per scripted client (two clients), `inFlight` at a time
 * each. The checks say what must hold for the figures to mean anything.
 */
export async function benchOrderFlood(options: {
  persistTo: string;
  requests: number;
  inFlight?: number;
  log: (line: string) => void;
}): Promise<FloodResults> {
  const { persistTo, requests, log } = options;
  const inFlight = options.inFlight ?? 10;
  const configured = configuredOrderLimit();
  const runs: FloodRun[] = [];
  for (const limit of ["on", "off"] as const) {
    const run = await floodRun({ persistTo: join(persistTo, limit), limit, requests, inFlight });
    runs.push(run);
    log(
      `  limit ${limit}: new carts ${run.newCarts.created} created / ${run.newCarts.refused} refused, one cart replayed ${run.replayed.created} / ${run.replayed.refused}; ${run.kvWrites} KV writes, ${run.preRegistrations} pre-registrations; shopper ${run.shopper}; ${run.kvBudgetLeft} of ${FREE_PLAN_KV_WRITES_PER_DAY} daily KV writes left (${(run.wallMs / 1000).toFixed(1)} s)`,
    );
  }
  const [on, off] = runs as [FloodRun, FloodRun];
  const minted = on.newCarts.created + on.replayed.created;
  const checks = [
    check(
      "limit on: created per client",
      `${configured.limit} new carts; 1 + ${configured.limit} of the replayed cart`,
      { newCarts: on.newCarts.created, replayed: on.replayed.created },
      on.newCarts.created === configured.limit && on.replayed.created === 1 + configured.limit,
    ),
    check(
      "limit on: every other request 429 TOO_MANY_REQUESTS with Retry-After",
      `${2 * requests - minted} refused, Retry-After set, nothing else`,
      { refused: on.newCarts.refused + on.replayed.refused, retryAfter: on.retryAfter, other: on.newCarts.other },
      on.newCarts.refused + on.replayed.refused === 2 * requests - minted &&
        on.retryAfter !== null &&
        Object.keys({ ...on.newCarts.other, ...on.replayed.other }).length === 0,
    ),
    check(
      "limit on: one KV write and one pre-registration per order, none for a refusal",
      `${minted} and ${minted}`,
      { kvWrites: on.kvWrites, preRegistrations: on.preRegistrations },
      on.kvWrites === minted && on.preRegistrations === minted,
    ),
    check("limit on: the shopper from another address", "201", on.shopper, on.shopper === "201"),
    check(
      "limit off: every request creates an order",
      `${2 * requests} created, ${2 * requests} KV writes`,
      { created: off.newCarts.created + off.replayed.created, kvWrites: off.kvWrites },
      off.newCarts.created + off.replayed.created === 2 * requests && off.kvWrites === 2 * requests,
    ),
  ];
  return { requests, configured, on, off, checks };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const persistTo = mkdtempSync(join(tmpdir(), "portone-flood-"));
  const requests = Number.parseInt(process.env.BENCH_FLOOD_REQUESTS ?? "", 10) || 300;
  try {
    const results = await benchOrderFlood({ persistTo, requests, log: console.log });
    for (const c of results.checks) console.log(`${c.ok ? "ok  " : "FAIL"} ${c.what}: ${c.actual}`);
    process.exitCode = results.checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
  }
}
