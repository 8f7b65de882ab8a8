/**
 * The back office under load of data: `GET /api/admin/orders` (list, filter, search, a deep
 * page) over 10,000 orders and `GET /api/admin/orders.csv` of 100,000 lines, in local workerd
 * with D1 (Miniflare's SQLite) under `wrangler dev`. The ledger is seeded straight into the
 * local D1 file before the worker starts (ledger-seed.ts).
 *
 * @example
 * const list = await benchAdminList({ persistTo, orders: 10_000, requests: 30, log });
 * const csv = await benchCsvExport({ persistTo, orders: 50_000, runs: 3, log });
 */
import type { AdminOrderList } from "../contract/index.ts";
import { startStack } from "../scripts/stack.ts";
import { wranglerProcesses } from "./cpu.ts";
import { connectIsolateHeap, type HeapWindow } from "./isolate-heap.ts";
import { buyerName, buyerPhone, prepareLocalState, type Seeded, seedLedger } from "./ledger-seed.ts";
import { type RssWindow, sampleRss } from "./memory.ts";
import { quantile, round, summarize } from "./stats.ts";

/** Latency of one kind of request: p50, p95 and the spread, in ms. */
export interface Latency {
  n: number;
  p50: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

export function latencyOf(ms: readonly number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const s = summarize(sorted);
  return {
    n: s.n,
    p50: round(quantile(sorted, 0.5), 1),
    p95: round(quantile(sorted, 0.95), 1),
    min: round(s.min, 1),
    max: round(s.max, 1),
  };
}

export interface ListRow {
  request: string;
  /** Orders on the page, and whether there was a next one. */
  returned: number;
  more: boolean;
  latency: Latency;
}

export interface AdminListResults {
  seeded: Seeded;
  /** Pages followed to reach the deep one. */
  deepPage: number;
  rows: ListRow[];
}

type Log = (line: string) => void;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** GETs `url` once, the whole body read; throws unless 200. */
async function getJson<T>(url: string, token: string): Promise<{ ms: number; body: T }> {
  const started = performance.now();
  const response = await fetch(url, { headers: bearer(token) });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 200)}`);
  return { ms, body: JSON.parse(text) as T };
}

/** Seeds `orders` orders (1 to 3 lines each), starts the stack and times the list queries. */
export async function benchAdminList(options: {
  persistTo: string;
  orders: number;
  requests: number;
  log: Log;
}): Promise<AdminListResults> {
  const { persistTo, orders, requests, log } = options;
  await prepareLocalState(persistTo);
  const seeded = seedLedger(persistTo, { orders, lines: "1-3" });
  log(
    `  seeded ${seeded.orders} orders, ${seeded.lines} lines, ${seeded.events} events in ${seeded.seconds.toFixed(1)} s`,
  );
  const stack = await startStack({ persistTo, forceEmulator: true });
  try {
    const base = `${stack.workerUrl}/api/admin/orders`;
    const token = stack.adminToken;
    // A name shared by 1 order in 200 (all of them fit the page, so the scan reads the whole table),
    // and one buyer's phone digits (one match), typed without dashes.
    const name = buyerName(Math.floor(orders * 0.12));
    const phone = buyerPhone(Math.floor(orders * 0.43))
      .replaceAll("-", "")
      .slice(3);
    // A page deep in the list (page 101 of 200 for 10,000 orders), reached by following
    // nextCursor page by page as the admin page does.
    const deep = Math.max(2, Math.min(101, Math.floor(orders / 50 / 2)));
    let cursor: string | null = null;
    for (let page = 1; page < deep; page++) {
      const next: { body: AdminOrderList } = await getJson<AdminOrderList>(
        `${base}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
        token,
      );
      cursor = next.body.nextCursor;
      if (!cursor) throw new Error(`the list ended at page ${page}`);
    }
    const queries: [string, string][] = [
      ["first page (`limit=50`)", base],
      ["`status=PAID`", `${base}?status=PAID`],
      [`\`q=<buyer name>\` (${name})`, `${base}?q=${encodeURIComponent(name)}`],
      [`\`q=<phone digits>\` (${phone})`, `${base}?q=${phone}`],
      [
        `page ${deep} via \`cursor\` (orders ${((deep - 1) * 50 + 1).toLocaleString("en")}-${(deep * 50).toLocaleString("en")})`,
        `${base}?cursor=${encodeURIComponent(cursor as string)}`,
      ],
    ];
    const rows: ListRow[] = [];
    for (const [request, url] of queries) {
      for (let i = 0; i < 3; i++) await getJson(url, token); // warm-up
      const ms: number[] = [];
      let last: AdminOrderList = { orders: [], nextCursor: null };
      for (let i = 0; i < requests; i++) {
        const { ms: took, body } = await getJson<AdminOrderList>(url, token);
        ms.push(took);
        last = body;
      }
      rows.push({ request, returned: last.orders.length, more: last.nextCursor !== null, latency: latencyOf(ms) });
      log(`  ${request}: p50 ${rows.at(-1)?.latency.p50} ms, ${last.orders.length} orders`);
    }
    return { seeded, deepPage: deep, rows };
  } finally {
    await stack.stop();
  }
}

export interface CsvRun {
  ms: number;
  firstByteMs: number;
  bytes: number;
  lines: number;
  /** Of the workerd process running the worker (with Miniflare's D1 and KV). */
  rss: RssWindow;
  /** The worker isolate's V8 heap, through wrangler's inspector (null when it could not be read). */
  heap: HeapWindow | null;
}

export interface CsvResults {
  seeded: Seeded;
  runs: CsvRun[];
  /** One more download with a garbage collection before each heap sample (its time is not a figure). */
  live: CsvRun | null;
}

/** Seeds `orders` orders of 2 lines each, starts the stack and downloads the whole CSV `runs` times. */
export async function benchCsvExport(options: {
  persistTo: string;
  orders: number;
  runs: number;
  log: Log;
}): Promise<CsvResults> {
  const { persistTo, orders, runs, log } = options;
  await prepareLocalState(persistTo);
  const seeded = seedLedger(persistTo, { orders, lines: "2" });
  log(`  seeded ${seeded.orders} orders, ${seeded.lines} lines in ${seeded.seconds.toFixed(1)} s`);
  const stack = await startStack({ persistTo, forceEmulator: true });
  try {
    const url = `${stack.workerUrl}/api/admin/orders.csv`;
    const worker = wranglerProcesses(Number(new URL(stack.workerUrl).port)).filter(
      (p) => p.label === "workerd (worker + local KV)",
    );
    if (!worker.length) throw new Error("the workerd process running the worker was not found");
    const heap = await connectIsolateHeap(Number(new URL(stack.workerUrl).port)).catch((error: Error) => {
      log(`  isolate heap not readable: ${error.message}`);
      return null;
    });
    const download = async (live: boolean): Promise<CsvRun> => {
      // Every download starts from the same isolate: the garbage of the one before collected.
      const measured = await heap?.collectGarbage().then(
        () => true,
        (error: Error) => log(`  isolate heap: ${error.message}`),
      );
      const heapSampler = measured ? heap?.sample(live ? 50 : 20, live) : undefined;
      const sampler = sampleRss(worker.map((w) => w.pid));
      const started = performance.now();
      const response = await fetch(url, { headers: bearer(stack.adminToken) });
      if (response.status !== 200 || !response.body) throw new Error(`GET ${url}: ${response.status}`);
      let firstByteMs = 0;
      let bytes = 0;
      let lines = 0;
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        if (!bytes) firstByteMs = performance.now() - started;
        bytes += chunk.value.byteLength;
        for (const byte of chunk.value) if (byte === 10) lines++;
      }
      const ms = performance.now() - started;
      const windows = Object.values(sampler.stop());
      const heapWindow = (await heapSampler?.stop()) ?? null;
      // wrangler dev runs one workerd for the worker; should there be more, the one that grew most.
      const rss = windows.sort((a, b) => b.peakKiB - b.baselineKiB - (a.peakKiB - a.baselineKiB))[0] as RssWindow;
      // Header + one line per order line: a short file means the figures are of something else.
      if (lines !== seeded.lines + 1) throw new Error(`CSV had ${lines} lines, expected ${seeded.lines + 1}`);
      const run = { ms, firstByteMs, bytes, lines: lines - 1, rss, heap: heapWindow };
      const heapMib = heapWindow ? (heapWindow.peakUsedBytes / 2 ** 20).toFixed(1) : "?";
      log(
        `  ${live ? "live heap" : "run"}: ${(ms / 1000).toFixed(2)} s, ${(bytes / 2 ** 20).toFixed(1)} MiB, RSS ${Math.round(rss.baselineKiB / 1024)} → ${Math.round(rss.peakKiB / 1024)} MiB, isolate heap peak ${heapMib} MiB`,
      );
      return run;
    };
    const out: CsvRun[] = [];
    for (let run = 0; run < runs; run++) out.push(await download(false));
    const live = heap ? await download(true) : null;
    heap?.close();
    return { seeded, runs: out, live };
  } finally {
    await stack.stop();
  }
}
